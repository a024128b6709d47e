"""Options the forecast commands share (``forecast`` and ``backtest deu``); registers no
command."""

from __future__ import annotations

from typing import Annotated

import typer

from standoff.core.errors import UserError, did_you_mean
from standoff.engines.forecast import MODELS
from standoff.engines.forecast.bdm import BDM_VARIANTS
from standoff.interop.deu import CAPABILITY_SOURCES
from standoff.presenters.cli.app import complete_names

ModelOpt = Annotated[
    list[str] | None,
    typer.Option("--model", "-m", metavar="NAME", autocompletion=complete_names(lambda: MODELS),
                 help=f"Model to run (repeatable): {', '.join(MODELS)}."),
]
RoundsOpt = Annotated[int, typer.Option("--rounds", help="Rounds of the dynamic models.", min=1, max=1000)]
CapabilityOpt = Annotated[
    str, typer.Option("--capability", metavar="NAME", autocompletion=complete_names(lambda: CAPABILITY_SOURCES),
                      help="DEU capabilities: council (Nice votes), treaty (the Council "
                                           "weights in force on each decision date), gdp or equal.")
]
VariantOpt = Annotated[
    list[str] | None,
    typer.Option("--bdm-variant", metavar="NAME", autocompletion=complete_names(lambda: BDM_VARIANTS),
                 help="Also score this named reading of the BDM model (repeatable): scholz "
                                       "(the default), reference, dyad, enforceable, conflict-stays, "
                                       "current-range, lower-median, converged."),
]


def models_named(names: list[str] | None) -> list[str] | None:
    """The models named with ``--model``, checked and without repeats (``None``: all)."""
    if not names:
        return None
    for n in names:
        if n not in MODELS:
            raise UserError(f"unknown model {n!r}", hint=did_you_mean(n, MODELS))
    return list(dict.fromkeys(names))
