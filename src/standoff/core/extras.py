"""Optional dependencies: imported only where they are used, with a clear error naming
the extra to install when they are missing.

======================  ==========================================  ===============
module                  what needs it                               extra
======================  ==========================================  ===============
plotly                  --plot FILE.html, .plot(), the HTML brief   plot (or app)
matplotlib              --plot FILE.png                             plot
jinja2, fastapi,        brief --html, standoff serve                app
uvicorn
pandas, pyarrow         .to_frame(), --parquet                      frames
spacy                   standoff draft                              draft
dask, distributed       --scheduler                                 dask
SALib, scipy            sensitivity --method sobol                  sensitivity
pygambit                crisis --gambit                             gambit
======================  ==========================================  ===============
"""

from __future__ import annotations

import importlib
from types import ModuleType

from standoff.core.errors import UserError


def need(module: str, extra: str, what: str) -> ModuleType:
    """``module`` imported, or a :class:`UserError` (exit 2) saying that ``what`` needs
    the ``extra``."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise UserError(f"{what} needs the {extra} extra ({module.split('.')[0]} is not installed)",
                        hint=f"pip install 'standoff[{extra}]'") from None
