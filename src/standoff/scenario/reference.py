"""The reference of the scenario format, generated from the models' docstrings and fields.

``python -m standoff.scenario.reference > docs/reference/scenario-format.md`` regenerates
the page; a test checks that the committed page is up to date.
"""

from __future__ import annotations

import inspect
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from standoff.scenario import schema
from standoff.scenario.quantity import Quantity

#: The models in reading order, with the YAML key under which each appears.
SECTIONS: list[tuple[str, type[BaseModel]]] = [
    ("top level", schema.ScenarioSpec),
    ("sources.<id>", schema.Source),
    ("actors.<id>", schema.Actor),
    ("issues.<id>", schema.IssueSpec),
    ("negotiation", schema.Negotiation),
    ("preferences.<actor>", schema.Preferences),
    ("preferences.<actor>.issues.<issue>", schema.IssuePreference),
    ("preferences.<actor>.red_lines[]", schema.RedLine),
    ("preferences.<actor>.interactions[]", schema.InteractionSpec),
    ("preferences.<actor>.interactions[].terms[]", schema.PairTerm),
    ("no_deal.<actor>", schema.NoDeal),
    ("instruments.<id>", schema.Instrument),
    ("instruments.<id>.lifted_by[]", schema.Package),
    ("instruments.<id>.constrains[]", schema.Constraint),
    ("events[]", schema.Event),
    ("channels[]", schema.Channel),
    ("questions[]", schema.Question),
    ("coercion", schema.Coercion),
    ("coercion.exit", schema.ExitSpec),
    ("coercion.courses_of_action.<id>", schema.CourseOfAction),
    ("coercion.exile[]", schema.ExileOption),
    ("coercion.insiders.<actor>", schema.Insider),
    ("a number (any numeric field)", Quantity),
    ("outcomes/<scenario>.yaml (historical cases)", schema.HistoricalOutcome),
]


def type_name(annotation: Any) -> str:
    """A short, readable name of a field's type."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        base = args[0]
        if base is Quantity:
            return "number"
        return type_name(base)
    if origin in (typing.Union, types.UnionType):
        names = [type_name(a) for a in args if a is not type(None)]
        return " or ".join(dict.fromkeys(names))
    if origin is typing.Literal:
        return " / ".join(str(a) for a in args)
    if origin in (list, tuple):
        inner = ", ".join(type_name(a) for a in args if a is not Ellipsis)
        return f"list of {inner}" if origin is list else f"pair of {inner}"
    if origin is dict:
        return f"mapping {type_name(args[0])} -> {type_name(args[1])}"
    if annotation is Quantity:
        return "number"
    if inspect.isclass(annotation):
        if issubclass(annotation, BaseModel):
            return annotation.__name__
        if issubclass(annotation, schema.StrEnum):
            return " / ".join(m.value for m in annotation)
        return {"str": "text", "float": "number", "int": "integer", "bool": "true/false",
                "date": "date (YYYY-MM-DD)"}.get(annotation.__name__, annotation.__name__)
    return str(annotation)


def describe_field(name: str, info: FieldInfo) -> str:
    req = "required" if info.is_required() else "optional"
    desc = info.description or ""
    return f"| `{name}` | {type_name(info.annotation)} | {req} | {desc} |"


def format_reference() -> str:
    lines = [
        "# Scenario format v1: reference",
        "",
        "Generated from the models in `standoff.scenario.schema` by",
        "`python -m standoff.scenario.reference`; do not edit by hand.",
        "",
        "A *number* is everywhere either a plain number or a mapping with `value:` or a",
        "distribution (`dist:` uniform, triangular, beta, normal, lognormal) and its",
        "provenance (`source:` + `note:`, or `assumption:`). A plain number inherits the",
        "provenance of the nearest enclosing block; a number with none is an error.",
        "Every block rejects unknown keys with a \"did you mean\" hint.",
        "",
    ]
    for key, model in SECTIONS:
        doc = inspect.cleandoc(model.__doc__ or "").split("\n\n")[0].replace("\n", " ")
        lines += [f"## `{key}` — {model.__name__}", "", doc, "",
                  "| key | type | | meaning |", "|---|---|---|---|"]
        lines += [describe_field(n, f) for n, f in model.model_fields.items()]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_reference(), end="")
