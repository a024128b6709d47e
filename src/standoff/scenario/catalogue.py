"""The bundled scenarios: their names, their files, and a quick look at their headers.

:func:`header` reads a scenario file's top-level ``id``, ``title`` and ``as_of`` without
loading the format's models or validating the file, so that ``standoff list`` stays fast
(every bundled file is validated by the tests, and by ``standoff validate``). A header
value written as a plain, single- or double-quoted scalar on its own line is read here;
anything else (a block scalar, a flow collection, an alias) is handed to the YAML parser.
"""

from __future__ import annotations

import json
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

from standoff.core.errors import UserError, did_you_mean

#: The top-level keys :func:`header` reads.
HEADER_KEYS = ("id", "title", "as_of")
_TOP = re.compile(r"^(id|title|as_of)\s*:(?:\s+(.*?))?\s*$")
#: Characters that may not start a plain YAML scalar ("-", "?" and ":" may, before a non-space).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


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
    return p if os.path.isfile(p) else None


def _scalar(text: str) -> str | None:
    """A one-line plain or quoted YAML scalar, or None when the YAML parser must read it."""
    text = text.strip()
    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
        body = text[1:-1]
        if "\\" in body or '"' in body:
            return None  # escapes: the YAML parser knows YAML's (a superset of JSON's)
        return str(json.loads(text))
    if text.startswith("'") and text.endswith("'") and len(text) >= 2:
        body = text[1:-1]
        if "'" in body.replace("''", ""):
            return None
        return body.replace("''", "'")
    if " #" in text:
        text = text[: text.index(" #")].rstrip()
    if not text or ": " in text or text.endswith(":"):
        return None
    if text[0] in _INDICATORS and not (text[0] in "-?:" and len(text) > 1 and not text[1].isspace()):
        return None
    return text


def header(path: str | Path) -> dict[str, str]:
    """The top-level ``id``, ``title`` and ``as_of`` of a scenario file, as text (module
    docstring); a key missing from the file is missing from the result."""
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    out: dict[str, str] = {}
    snippet: list[str] = []
    for i, line in enumerate(lines):
        m = _TOP.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2) or ""
        following = lines[i + 1] if i + 1 < len(lines) else ""
        continued = following[:1].isspace() and following.strip() and not following.lstrip().startswith("#")
        got = None if continued else _scalar(value)
        if got is not None:
            out[key] = got
            continue
        snippet.append(line)  # hand the key and its indented continuation to the parser
        for nxt in lines[i + 1:]:
            if nxt and not nxt[:1].isspace() and not nxt.startswith("#"):
                break
            snippet.append(nxt)
    if snippet:
        from ruamel.yaml import YAML

        parsed = YAML(typ="safe", pure=True).load("\n".join(snippet) + "\n") or {}
        for key in HEADER_KEYS:
            if key in parsed and key not in out:
                out[key] = str(parsed[key])
    return out


def entries() -> list[dict[str, str]]:
    """Name, title, as-of date and path of every bundled scenario (:func:`header`)."""
    rows = []
    for name in bundled_names():
        path = bundled_path(name)
        head = header(path)
        rows.append({"name": name, "title": head.get("title", ""), "as_of": head.get("as_of", ""),
                     "path": str(path)})
    return rows
