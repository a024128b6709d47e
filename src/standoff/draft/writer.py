"""The draft as YAML: comments that point every drafted line at its sentence, and the line
numbers the review page links to."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from standoff.draft.build import Draft
from standoff.scenario.loader import parse_yaml, position

HEADER = """\
Draft scenario written by `standoff draft` from {name} (as of {as_of}).
Review every line against the article: each traced line says which sentence it comes
from (character offsets into the article) and how confident the draft is. Numbers whose
assumption starts with "to be judged" are placeholders the article cannot give.
`standoff draft --html review.html` shows the article with each span highlighted.
"""


def _commented(value: Any) -> Any:
    if isinstance(value, dict):
        cm = CommentedMap()
        for k, v in value.items():
            cm[k] = _commented(v)
        return cm
    if isinstance(value, list):
        seq = CommentedSeq(_commented(v) for v in value)
        if value and all(isinstance(v, str) for v in value) and len(value) <= 6:
            seq.fa.set_flow_style()
        return seq
    return value


def to_yaml(draft: Draft, name: str) -> str:
    """The draft's YAML text; fills in ``trace.line`` for every trace."""
    root = _commented(draft.data)
    root.yaml_set_start_comment(HEADER.format(name=name, as_of=draft.data["as_of"]))
    for tr in draft.traces:
        if not tr.findings:
            continue
        container: Any = root
        for part in tr.path[:-1]:
            container = container[part]
        key = tr.path[-1]
        where = ", ".join(
            f"sentence {f.sentence + 1} [{f.spans[0][0]}:{f.spans[0][1]}]" for f in tr.findings[:4])
        conf = max(f.confidence for f in tr.findings)
        indent = 2 * (len(tr.path) - 1)
        container.yaml_set_comment_before_after_key(key, before=f"{tr.label}: {where}; confidence {conf:.2f}",
                                                    indent=indent)
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 100
    yaml.representer.ignore_aliases = lambda *args: True  # no anchors: every date written out
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump(root, buf)
    text = buf.getvalue()
    tree = parse_yaml(text, "<draft>")
    for tr in draft.traces:
        line, _, found = position(tree, tr.path)
        tr.line = line if found else None
    return text
