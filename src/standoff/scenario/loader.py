"""Reading scenario files: bytes -> YAML tree -> validated models, errors with line:column.

Safety: files above :data:`MAX_BYTES` are refused before reading; the text must be
UTF-8; YAML tags (``!!python/object`` and friends, or any other explicit tag) are
rejected, so nothing but mappings, lists, strings, numbers, booleans and dates is ever
constructed; duplicate keys are errors. Nothing is evaluated.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from standoff.core.errors import Problem, UserError, did_you_mean

#: Largest scenario file accepted, in bytes (5 MiB). Real scenarios are a few tens of KB.
MAX_BYTES = 5 * 1024 * 1024

M = TypeVar("M", bound=BaseModel)


def _bundled_root() -> Any:
    return resources.files("standoff.scenario").joinpath("bundled")


def bundled_names() -> list[str]:
    """Names of the scenarios shipped with standoff."""
    root = _bundled_root()
    return sorted(p.name[: -len(".yaml")] for p in root.iterdir() if p.name.endswith(".yaml"))


def bundled_path(name: str) -> Path:
    """Path of a bundled scenario by name."""
    names = bundled_names()
    if name not in names:
        raise UserError(f"no bundled scenario named {name!r}", hint=did_you_mean(name, names))
    return Path(str(_bundled_root().joinpath(f"{name}.yaml")))


def bundled_outcome_path(name: str) -> Path | None:
    """Path of the known outcome of a bundled historical case, if it has one."""
    p = Path(str(_bundled_root().joinpath("outcomes", f"{name}.yaml")))
    return p if p.is_file() else None


def resolve_source(source: str | Path) -> Path:
    """A bundled scenario name or a file path -> a path to read."""
    text = str(source)
    if not text.strip():
        raise UserError("no scenario given (the name is empty)", hint="run `standoff list` for the bundled ones")
    p = Path(text)
    if p.suffix in (".yaml", ".yml") or p.exists() or "/" in text or "\\" in text:
        return p
    return bundled_path(text)


def read_text(path: Path) -> str:
    """The file's text, with clear errors for the usual ways a path can be wrong."""
    shown = str(path)
    if not path.exists():
        raise UserError(f"{shown}: no such file", hint="check the path, or run `standoff list`")
    if path.is_dir():
        raise UserError(f"{shown}: is a directory, not a scenario file")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UserError(f"{shown}: cannot read ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise UserError(
            f"{shown}: file is {size / 1e6:.1f} MB, above the {MAX_BYTES // (1024 * 1024)} MiB limit",
            hint="a scenario is a few tens of KB; is this the right file?",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{shown}: cannot read ({exc.strerror})") from None
    return decode(data, shown)


def decode(data: bytes, shown: str) -> str:
    if len(data) > MAX_BYTES:
        raise UserError(f"{shown}: input above the {MAX_BYTES // (1024 * 1024)} MiB limit")
    if b"\x00" in data:
        raise UserError(f"{shown}: this is a binary file, not a YAML scenario")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{shown}: not UTF-8 text (bad byte at offset {exc.start})",
            hint="save the file as UTF-8",
        ) from None
    if not text.strip():
        raise UserError(f"{shown}: the file is empty", hint="start from `standoff show venezuela-2025`")
    return text


_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
_DATE = re.compile(r"(?<![\w-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w-])")


#: Most values a file may expand to (aliases included), against "billion laughs" files.
MAX_NODES = 200_000


def _check_tree(tree: Any, shown: str) -> None:
    """Reject explicit non-plain tags, and trees that aliases blow up past MAX_NODES."""
    count = 0
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(tree, ())]
    while stack:
        node, path = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise UserError(
                f"{shown}: the file expands to more than {MAX_NODES:,} values",
                hint="YAML anchors and aliases are expanded; write the scenario out plainly",
            )
        tag = getattr(node, "tag", None)
        value = getattr(tag, "value", None) if tag is not None else None
        if value and str(value) not in _PLAIN_TAGS:
            line, col, _ = position(tree, path)
            raise UserError(
                "YAML tags are not allowed",
                problems=[Problem(message=f"tag {value!r} is not allowed", file=shown, line=line,
                                  column=col, path=path,
                                  hint="scenarios hold plain mappings, lists, strings, numbers and dates")],
            )
        if isinstance(node, dict):
            stack.extend((v, (*path, str(k))) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(node))


def parse_yaml(text: str, shown: str) -> Any:
    """Parse YAML text into a round-trip tree that remembers lines and columns."""
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        tree = yaml.load(io.StringIO(text))
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
    except ValueError as exc:
        # e.g. a date with month 13: the constructor gives no position, so find it
        for n, line_text in enumerate(text.splitlines(), start=1):
            for m in _DATE.finditer(line_text):
                try:
                    dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    raise UserError(
                        "the file is not valid YAML",
                        problems=[Problem(message=f"invalid date {m[0]!r} ({exc})", file=shown, line=n,
                                          column=m.start() + 1, hint="write dates as YYYY-MM-DD")],
                    ) from None
        raise UserError(f"{shown}: the file is not valid YAML ({exc})") from None
    except (YAMLError, TypeError, RecursionError) as exc:
        raise UserError(f"{shown}: the file is not valid YAML ({type(exc).__name__}: {exc})") from None
    _check_tree(tree, shown)
    return tree


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
        if err["type"] in ("enum", "literal_error") and "expected" in ctx:
            msg = f"{msg}"
        line, col, _ = position(tree, loc)
        key = (tuple(loc), msg)
        if key in seen:
            continue
        seen.add(key)
        out.append(Problem(message=msg, hint=_HINTS.get(err["type"], ""), file=shown,
                           line=line, column=col, path=tuple(loc)))
    return out


def locate(problems: Sequence[Problem], tree: Any, shown: str) -> list[Problem]:
    """Fill file, line and column of problems found on validated models."""
    out = []
    for p in problems:
        line, col, _ = position(tree, p.path)
        out.append(Problem(message=p.message, hint=p.hint, file=shown, line=line, column=col, path=p.path))
    return out


def validate_tree(model: type[M], tree: Any, shown: str) -> M:
    """Validate a parsed tree against a model, raising one UserError listing every problem."""
    if not isinstance(tree, dict):
        kind = "a list" if isinstance(tree, list) else f"a single {type(tree).__name__}"
        raise UserError(f"{shown}: a scenario must be a mapping of keys, not {kind}",
                        hint="start from `standoff show venezuela-2025`")
    try:
        return model.model_validate(tree)
    except ValidationError as exc:
        problems = problems_from_validation(exc, tree, shown)
        n = len(problems)
        raise UserError(f"{shown}: {n} problem{'s' if n != 1 else ''} in the file", problems=problems) from None
    except RecursionError:
        raise UserError(f"{shown}: the file is nested too deeply") from None
