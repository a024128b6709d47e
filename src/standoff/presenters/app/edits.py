"""What-if edits: numbers fixed by path and red lines dropped, read from the app's form,
applied to the scenario for live updates and written into its YAML for download.

Live updates compile the scenario with the edits as overrides (the scenario, with its
dropped red lines removed, is compiled once and cached); the download rewrites the
file's own YAML (comments kept) so that the brief of the downloaded file is the brief
the app shows. A number moved in the app is fixed at the value set (its range, if it
had one, is replaced) and marked as an assumption saying what the file had.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from standoff.core.errors import UserError
from standoff.presenters.app.controls import Control
from standoff.presenters.html.casefile import quantity_words
from standoff.scenario import Scenario
from standoff.scenario.loader import parse_yaml

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class Edits:
    """Numbers fixed by dotted path, and red lines (by dotted path) that no longer hold."""

    values: Mapping[str, float] = field(default_factory=dict)
    dropped: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.values and not self.dropped

    def key(self) -> tuple[Any, ...]:
        return (tuple(sorted(self.values.items())), tuple(sorted(self.dropped)))


def split_path(path: str) -> tuple[str | int, ...]:
    """``coercion.exile[0].p_guarantee_holds`` -> ``("coercion", "exile", 0, "p_guarantee_holds")``."""
    return tuple(int(m[2]) if m[2] is not None else m[1] for m in _PART.finditer(path))


def from_form(form: Mapping[str, str], ctrls: Sequence[Control]) -> Edits:
    """The edits a submitted form makes: a slider counts when it differs from the file's
    value; a red line is dropped when its toggle is off (absent or ``"0"``). Values are
    checked against the control's range (a clear error otherwise)."""
    values: dict[str, float] = {}
    dropped: set[str] = set()
    for c in ctrls:
        if c.kind == "toggle":
            if form.get(c.field, "0") != "1":
                dropped.add(c.path)
            continue
        raw = form.get(c.field)
        if raw is None or raw == "":
            continue
        try:
            v = float(raw)
        except ValueError:
            raise UserError(f"{c.label}: {raw!r} is not a number") from None
        if not math.isfinite(v) or not (c.low - 1e-12 <= v <= c.high + 1e-12):
            raise UserError(f"{c.label}: {raw} lies outside {c.low:g} to {c.high:g}")
        if not math.isclose(v, c.value, rel_tol=1e-9, abs_tol=c.step / 2):
            values[c.path] = v
    return Edits(values, frozenset(dropped))


def without_red_lines(scn: Scenario, dropped: frozenset[str]) -> Scenario:
    """The scenario with the given red lines (dotted paths) removed, for live updates
    (the same scenario as :func:`edited_scenario` gives for these edits, without the
    round trip through YAML)."""
    spec = scn.spec
    prefs = dict(spec.preferences)
    for path in dropped:
        parts = split_path(path)
        if len(parts) != 4 or parts[0] != "preferences" or parts[2] != "red_lines" or parts[1] not in prefs:
            raise UserError(f"no red line at {path}")
    for aid, pref in spec.preferences.items():
        gone = {k for k in range(len(pref.red_lines)) if f"preferences.{aid}.red_lines[{k}]" in dropped}
        if gone:
            prefs[aid] = pref.model_copy(update={"red_lines": [r for k, r in enumerate(pref.red_lines) if k not in gone]})
    return Scenario(spec.model_copy(update={"preferences": prefs}), scn.path)


def edited_text(text: str, edits: Edits, shown: str, *, mark: bool = True) -> str:
    """The scenario's YAML with ``edits`` applied: each number fixed by a what-if is
    written ``{value: V, assumption: ...}``, each dropped red line removed; with
    ``mark``, a comment at the top lists the edits."""
    if edits.empty:
        return text
    tree = parse_yaml(text, shown)
    for path, v in sorted(edits.values.items()):
        parts = split_path(path)
        parent = _node(tree, parts[:-1], path)
        old = _node(parent, parts[-1:], path)
        had = _describe(old)
        new = CommentedMap()
        new["value"] = float(f"{v:.6g}")
        new["assumption"] = f"set to {v:.6g} in a what-if (the file had {had})"
        new.fa.set_flow_style()
        parent[parts[-1]] = new
    # remove red lines last, from the highest position down, so positions stay valid
    for path in sorted(edits.dropped, key=lambda p: split_path(p), reverse=True):
        parts = split_path(path)
        seq = _node(tree, parts[:-1], path)
        if not isinstance(seq, CommentedSeq) or not isinstance(parts[-1], int) or parts[-1] >= len(seq):
            raise UserError(f"no red line at {path}")
        del seq[parts[-1]]
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 100
    buf = io.StringIO()
    yaml.dump(tree, buf)
    if not mark:
        return buf.getvalue()
    lines = [f"{p} = {v:.6g}" for p, v in sorted(edits.values.items())]
    lines += [f"{p} removed (the red line does not hold)" for p in sorted(edits.dropped)]
    head = "# what-if edits made in standoff serve:\n" + "".join(f"#   {x}\n" for x in lines) + "#\n"
    return head + buf.getvalue()


def _node(tree: Any, parts: Sequence[str | int], path: str) -> Any:
    node = tree
    for part in parts:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            raise UserError(f"no number at {path}") from None
    return node


def _describe(old: Any) -> str:
    if isinstance(old, Mapping):
        from standoff.scenario.quantity import Quantity

        try:
            q = Quantity.model_validate(dict(old))
        except ValueError:
            return "another value"
        words = quantity_words(q)
        why = q.assumption or (f"source {q.source}" if q.source else "")
        return words + (f"; {' '.join(str(why).split())}" if why else "")
    return f"{old}"


def edited_scenario(text: str, edits: Edits, shown: str) -> Scenario:
    """The edited scenario, validated like any file (an error here is a bug in the edit)."""
    return Scenario.from_text(edited_text(text, edits, shown), shown=shown)
