"""Reading scenario files: bytes -> YAML tree -> validated models, errors with line:column.

Safety: files are read by :func:`standoff.core.reader.read_bytes` (regular files only, at
most :data:`MAX_BYTES`, whatever ``stat`` says); the text must be UTF-8. While the YAML is
parsed, before anything is built from it, the composer counts the values (aliases
expanded, so "billion laughs" files stop at :data:`MAX_NODES`), bounds the nesting
(:data:`MAX_DEPTH`) and refuses every explicit tag except the plain ones (``!!str``,
``!!int``, ...): ``!!python/object``, ``!!binary``, ``!!set`` and local tags are errors, so
nothing but mappings, lists, strings, numbers, booleans and dates is ever constructed.
Values the constructor cannot build (a date with month 13, a time-zone offset of 99
hours, an integer of 5,000 digits) are reported at their line and column. Duplicate keys
are errors. Nothing is evaluated.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode

from standoff.core import reader
from standoff.core.errors import Problem, UserError, did_you_mean
from standoff.scenario.catalogue import bundled_names, bundled_outcome_path, bundled_path  # noqa: F401  (re-exported)

#: Largest scenario (or outcome) file accepted, in bytes (5 MiB). Real scenarios are a few
#: tens of KB.
MAX_BYTES = 5 * 1024 * 1024

#: Most values a file may hold, aliases expanded (against "billion laughs" files and
#: huge flat lists); keys are not counted. Checked while parsing.
MAX_NODES = 200_000

#: Deepest nesting of mappings and lists accepted (a scenario needs about six levels).
MAX_DEPTH = 64

M = TypeVar("M", bound=BaseModel)


def resolve_source(source: str | Path) -> Path:
    """A bundled scenario name or a file path -> a path to read."""
    text = str(source)
    if not text.strip():
        raise UserError("no scenario given (the name is empty)", hint="run `standoff list` for the bundled ones")
    p = Path(text)
    if p.suffix in (".yaml", ".yml") or os.path.lexists(p) or "/" in text or "\\" in text:
        return p
    if text.startswith("genius:"):
        raise UserError(
            f"{text} names a GENIUS domain shipped with standoff, not a scenario",
            hint="this command reads scenarios; for GENIUS domains see docs/howto/genius.md",
        )
    return bundled_path(text)


def read_text(path: Path, *, what: str = "scenario file") -> str:
    """The file's text, with clear errors for the usual ways a path can be wrong
    (missing, a directory, a FIFO or device, too large, binary, not UTF-8, empty)."""
    data = reader.read_bytes(path, limit=MAX_BYTES, what=what,
                             hint="check the path, or run `standoff list`")
    return decode(data, str(path))


def decode(data: bytes, shown: str) -> str:
    if len(data) > MAX_BYTES:
        raise UserError(f"{shown}: input above the {reader.describe_size(MAX_BYTES)} limit")
    if b"\x00" in data:
        raise UserError(f"{shown}: this is a binary file, not a YAML scenario")
    text = reader.decode_text(data, shown, "YAML scenario")
    if not text.strip():
        raise UserError(f"{shown}: the file is empty", hint="start from `standoff show venezuela-2025`")
    return text


_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")
)


class _Refused(MarkedYAMLError):
    """A file refused while parsing: a message for the user, a hint, and where."""

    def __init__(self, title: str, problem: str, mark: Any, hint: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.title = title
        self.hint = hint


def _tag_name(tag: Any) -> str:
    value = getattr(tag, "value", tag)
    return "" if value is None else str(value)


class _BoundedComposer(Composer):
    """The round-trip composer, with the checks that must happen while parsing: the
    number of values (aliases expanded), the nesting depth, and the tag policy."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.warn_double_anchors = False
        self._values = 0
        self._depth = 0
        self._sizes: dict[int, int] = {}  # id(anchored node) -> values in its subtree, once composed

    def _count(self, n: int, mark: Any) -> None:
        self._values += n
        if self._values > MAX_NODES:
            raise _Refused(
                f"the file expands to more than {MAX_NODES:,} values",
                f"more than {MAX_NODES:,} values by this point",
                mark,
                "YAML anchors and aliases are expanded; write the scenario out plainly;"
                " limits: docs/reference/limits.md",
            )

    def compose_node(self, parent: Any, index: Any) -> Any:
        is_key = isinstance(parent, MappingNode) and index is None
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            target = self.anchors.get(event.anchor)
            if target is not None and id(target) not in self._sizes:
                raise _Refused(
                    "the file refers to itself",
                    f"alias *{event.anchor} points into the node that contains it",
                    event.start_mark,
                    "a scenario cannot contain itself; write the value out",
                )
            node = super().compose_node(parent, index)
            if not is_key:
                self._count(self._sizes.get(id(node), 1), event.start_mark)
            return node
        if self._depth >= MAX_DEPTH:
            raise _Refused(
                "the file is nested too deeply",
                f"nested more than {MAX_DEPTH} levels deep",
                event.start_mark,
                "a scenario needs a handful of levels; check the brackets",
            )
        before = self._values
        if not is_key:
            self._count(1, event.start_mark)
        self._depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        tag = _tag_name(node.tag)
        if tag and tag not in _PLAIN_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(
                "YAML tags are not allowed",
                f"tag {shown!r} is not allowed",
                node.start_mark,
                "scenarios hold plain mappings, lists, strings, numbers and dates",
            )
        if getattr(node, "anchor", None) is not None:
            self._sizes[id(node)] = self._values - before
        return node


class _LocatingConstructor(RoundTripConstructor):
    """The round-trip constructor, reporting values it cannot build at their position."""

    def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
        try:
            return super().construct_non_recursive_object(node, tag)
        except (ValueError, OverflowError) as exc:
            text = str(exc)
            hint = "write numbers in plain digits, e.g. 0.3 or 12"
            if "integer string conversion" in text:
                text = "this number has too many digits"
            elif _tag_name(node.tag).endswith("timestamp"):
                if "offset" in text:
                    text = "the time-zone offset must lie strictly between -24:00 and +24:00"
                text = f"invalid date or time {node.value!r}: {text}"
                hint = "write dates as YYYY-MM-DD"
            raise _Refused("the file is not valid YAML", text, node.start_mark, hint) from None


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    yaml.Composer = _BoundedComposer
    yaml.Constructor = _LocatingConstructor
    return yaml


def parse_yaml(text: str, shown: str) -> Any:
    """Parse YAML text into a round-trip tree that remembers lines and columns."""
    try:
        return _yaml().load(io.StringIO(text))
    except _Refused as exc:
        mark = exc.problem_mark
        raise UserError(
            f"{shown}: {exc.title}" if exc.title != "the file is not valid YAML" else exc.title,
            problems=[Problem(message=str(exc.problem), file=shown, line=mark.line + 1,
                              column=mark.column + 1, hint=exc.hint)],
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        what = (exc.problem or exc.context or "invalid YAML").strip()
        raise UserError(
            "the file is not valid YAML",
            problems=[Problem(message=what, file=shown, line=line, column=col,
                              hint="check indentation, colons and quotes near this point")],
        ) from None
    except (YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise UserError(f"{shown}: the file is not valid YAML ({type(exc).__name__}: {exc})") from None


def load_yaml_model(model: type[M], path: Path, *, what: str = "file") -> M:
    """Read, parse and validate one YAML file against ``model`` (e.g. an outcome file,
    :class:`~standoff.scenario.schema.HistoricalOutcome`), with every safety check of a
    scenario file."""
    shown = str(path)
    text = read_text(path, what=what)
    return validate_tree(model, parse_yaml(text, shown), shown)


def position(tree: Any, path: Sequence[str | int]) -> tuple[int | None, int | None, bool]:
    """1-based (line, column) of the node at ``path`` in a round-trip tree, or of its
    deepest existing ancestor; the flag says whether the full path was found."""
    node = tree
    line: int | None = None
    col: int | None = None
    if hasattr(node, "lc"):
        line, col = node.lc.line + 1, node.lc.col + 1
    for part in path:
        try:
            if isinstance(node, CommentedMap) and part in node:
                # point at the key for scalars, so "line:col" is where the user typed it
                kl, kc = node.lc.key(part)
                line, col = kl + 1, kc + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                il, ic = node.lc.item(part)
                line, col = il + 1, ic + 1
                node = node[part]
            else:
                return line, col, False
        except (KeyError, IndexError, TypeError, AttributeError):
            return line, col, False
    return line, col, True


def _clean_loc(loc: Sequence[Any]) -> list[str | int]:
    """Drop pydantic's union-branch and validator markers from an error location."""
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, int):
            out.append(part)
        elif isinstance(part, str) and (
            part.startswith("function-") or part in ("list[str]", "dict[str,str]", "str", "float", "int")
            or "[" in part
        ):
            continue
        else:
            out.append(part)
    return out


_HINTS = {
    "missing": "add this key",
    "string_pattern_mismatch": "ids use lower case letters, digits, '_' and '-', starting with a letter",
    "date_from_datetime_parsing": "write dates as YYYY-MM-DD",
    "date_parsing": "write dates as YYYY-MM-DD",
    "date_type": "write dates as YYYY-MM-DD",
    "literal_error": "",
    "enum": "",
    "float_parsing": "write a plain number, e.g. 0.3",
    "float_type": "write a plain number, e.g. 0.3",
}


def problems_from_validation(exc: ValidationError, tree: Any, shown: str) -> list[Problem]:
    out: list[Problem] = []
    seen: set[tuple[Any, ...]] = set()
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"])
        ctx = err.get("ctx") or {}
        if err["type"] == "unknown_key" and "key" in ctx:
            loc = [*loc, ctx["key"]]
        msg = err["msg"]
        hint = _HINTS.get(err["type"], "")
        if err["type"] in ("enum", "literal_error") and "expected" in ctx:
            choices = _expected(ctx["expected"])
            if isinstance(err.get("input"), str) and choices:
                msg = f"unknown value {err['input']!r}; expected one of: {', '.join(choices)}"
                hint = did_you_mean(err["input"], choices)
        line, col, _ = position(tree, loc)
        key = (tuple(loc), msg)
        if key in seen:
            continue
        seen.add(key)
        out.append(Problem(message=msg, hint=hint, file=shown, line=line, column=col, path=tuple(loc)))
    return out


def _expected(text: str) -> list[str]:
    """The values in pydantic's "expected" of an enum or literal error ("'a', 'b' or 'c'")."""
    return re.findall(r"'((?:[^'\\]|\\.)*)'", str(text))


def repaired(exc: ValidationError, tree: Any) -> Any | None:
    """A copy of ``tree`` with each error of ``exc`` mended just enough to validate the rest
    of the file -- an enum or literal value replaced by the closest allowed one, an unknown
    key renamed to the one it was probably meant to be (else dropped) -- or None when an error cannot be mended that way (then only the field
    problems are reported). Used to find the cross-reference problems of a file in the
    same pass as its field problems; the mended values are never used otherwise."""
    fixed = _plain_copy(tree)
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"])
        ctx = err.get("ctx") or {}
        if err["type"] == "unknown_key" and "key" in ctx:
            parent = _at(fixed, loc)
            if not isinstance(parent, dict):
                return None
            value = parent.pop(ctx["key"], None)
            meant = re.search(r"did you mean '([^']+)'", str(err["msg"]))
            if meant and meant[1] not in parent:  # a misspelt key: read it as the one meant
                parent[meant[1]] = value
        elif err["type"] in ("enum", "literal_error") and _expected(ctx.get("expected", "")):
            parent = _at(fixed, loc[:-1])
            choices = _expected(ctx["expected"])
            value = err.get("input")
            close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.0) if value is not None else []
            if not isinstance(parent, dict | list) or not close:
                return None
            parent[loc[-1]] = close[0]  # type: ignore[index]
        else:
            return None
    return fixed


def _plain_copy(tree: Any) -> Any:
    """A copy of a loaded tree in plain dicts and lists (a deep copy of ruamel's commented
    containers, with their comments and positions, takes seconds on a long list). Shared
    scalars stay shared: they are immutable. Iterative, so any depth the parser accepted
    copies."""
    if not isinstance(tree, dict | list):
        return tree
    root: Any = {} if isinstance(tree, dict) else []
    stack = [(tree, root)]
    while stack:
        src, dst = stack.pop()
        items = src.items() if isinstance(src, dict) else enumerate(src)
        for k, v in items:
            if isinstance(v, dict | list):
                child: Any = {} if isinstance(v, dict) else []
                stack.append((v, child))
                v = child
            if isinstance(dst, dict):
                dst[k] = v
            else:
                dst.append(v)
    return root


def _at(tree: Any, loc: Sequence[str | int]) -> Any:
    node = tree
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def locate(problems: Sequence[Problem], tree: Any, shown: str) -> list[Problem]:
    """Fill file, line and column of problems found on validated models."""
    out = []
    for p in problems:
        line, col, _ = position(tree, p.path)
        out.append(Problem(message=p.message, hint=p.hint, file=shown, line=line, column=col, path=p.path))
    return out


def validate_tree(model: type[M], tree: Any, shown: str,
                  more: Callable[[Any], list[Problem]] | None = None) -> M:
    """Validate a parsed tree against a model, raising one UserError listing every problem.
    ``more`` finds the problems a valid model can still have (cross-references): when the
    fields fail, it runs on a copy mended by :func:`repaired`, so that one pass reports
    both kinds."""
    if not isinstance(tree, dict):
        kind = "a list" if isinstance(tree, list) else f"a single {type(tree).__name__}"
        raise UserError(f"{shown}: a scenario must be a mapping of keys, not {kind}",
                        hint="start from `standoff show venezuela-2025`")
    try:
        return model.model_validate(tree)
    except ValidationError as exc:
        problems = problems_from_validation(exc, tree, shown)
        if more is not None:  # the cross-reference problems too, found on a mended copy
            mended = repaired(exc, tree)
            if mended is not None:
                with contextlib.suppress(ValidationError):
                    problems += [p for p in locate(more(model.model_validate(mended)), tree, shown)
                                 if all(p.path != q.path for q in problems)]
        n = len(problems)
        raise UserError(f"{shown}: {n} problem{'s' if n != 1 else ''} in the file", problems=problems) from None
    except RecursionError:
        raise UserError(f"{shown}: the file is nested too deeply") from None
