"""The shipped episode table, as arrays.

``data/episodes.csv`` is written by ``scripts/build_base_rates.py`` from the ICB, TIES, MID
and Archigos data sets; ``data/NOTICE.md`` gives their citations, terms and the coding
rules. One row per historical episode and reference class.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from standoff.core.endings import ENDINGS, Ending

#: Index of each ending in :data:`standoff.core.endings.ENDINGS`.
ENDING_INDEX: dict[str, int] = {e.value: i for i, e in enumerate(ENDINGS)}


@dataclass(frozen=True, eq=False)
class Episodes:
    """Columns of the episode table (one entry per episode, aligned).

    ``duration`` is in days from ``start`` to the ending (``ended``) or to the censoring
    date; ``ending`` indexes :data:`~standoff.core.endings.ENDINGS` (-1 when censored);
    ``force_day`` is the first day force is known to have been used (-1: none or not
    coded); ``force_coded`` / ``leader_coded`` say whether the data set codes force / the
    leader's exit at all.
    """

    reference_class: npt.NDArray[np.str_]
    dataset: npt.NDArray[np.str_]
    episode_id: npt.NDArray[np.str_]
    name: npt.NDArray[np.str_]
    start: npt.NDArray[np.datetime64]
    duration: npt.NDArray[np.int64]
    ended: npt.NDArray[np.bool_]
    ending: npt.NDArray[np.int64]
    force_coded: npt.NDArray[np.bool_]
    force_used: npt.NDArray[np.bool_]
    force_day: npt.NDArray[np.int64]
    leader_coded: npt.NDArray[np.bool_]
    leader_out: npt.NDArray[np.bool_]
    rule: npt.NDArray[np.str_]

    def __len__(self) -> int:
        return int(self.start.shape[0])

    def take(self, mask: npt.NDArray[np.bool_]) -> Episodes:
        """The episodes where ``mask`` is true."""
        return Episodes(**{k: v[mask] for k, v in self.__dict__.items()})


def parse(text: str) -> Episodes:
    """An :class:`Episodes` from the CSV text of an episode table."""
    rows = list(csv.DictReader(io.StringIO(text)))

    def col(name: str) -> list[str]:
        return [r[name] for r in rows]

    def flag(values: list[str]) -> npt.NDArray[np.bool_]:
        return np.array([v == "1" for v in values], dtype=bool)

    force = col("force_used")
    leader = col("leader_out")
    return Episodes(
        reference_class=np.array(col("reference_class"), dtype=str),
        dataset=np.array(col("dataset"), dtype=str),
        episode_id=np.array(col("episode_id"), dtype=str),
        name=np.array(col("name"), dtype=str),
        start=np.array([dt.date.fromisoformat(s) for s in col("start")], dtype="datetime64[D]"),
        duration=np.array([int(s) for s in col("duration_days")], dtype=np.int64),
        ended=np.array([s == "ended" for s in col("status")], dtype=bool),
        ending=np.array([ENDING_INDEX[s] if s else -1 for s in col("ending")], dtype=np.int64),
        force_coded=np.array([v != "" for v in force], dtype=bool),
        force_used=flag(force),
        force_day=np.array([int(s) if s else -1 for s in col("force_day")], dtype=np.int64),
        leader_coded=np.array([v != "" for v in leader], dtype=bool),
        leader_out=flag(leader),
        rule=np.array(col("rule"), dtype=str),
    )


@lru_cache(maxsize=1)
def load_episodes() -> Episodes:
    """The episode table shipped with standoff."""
    text = resources.files("standoff.engines.baserate").joinpath("data/episodes.csv").read_text(encoding="utf-8")
    return parse(text)


__all__ = ["ENDING_INDEX", "Ending", "Episodes", "load_episodes", "parse"]
