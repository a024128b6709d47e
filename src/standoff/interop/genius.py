"""Import of GENIUS negotiation domains (XML): one domain file and one profile per party.

The format is that of the GENIUS negotiation environment (Lin, Fujita, Fujita, Ito,
Jonker 2014, "Genius: an integrated environment for supporting the design of generic
automated negotiators", *Computational Intelligence* 30(1)) and of the ANAC competitions.

* The **domain** file (root ``<negotiation_template>``) lists the issues: ``discrete``
  issues with ``<item value=...>`` options, and ``integer`` issues with ``lowerbound`` and
  ``upperbound`` (every integer in between is an option).
* A **profile** (root ``<utility_space>``) gives a linear-additive utility:
  ``u(o) = sum_i w_i * e_i(o_i)``. As in GENIUS, the evaluation of a discrete option is its
  ``evaluation`` divided by the largest evaluation of that issue (so it lies in [0, 1]);
  an integer issue's ``<evaluator ftype="linear" slope= offset=>`` gives
  ``clip(offset + slope * (x - lowerbound), 0, 1)``. Weights are matched to issues by their
  ``index`` attribute (a weight on an objective, not an issue, is ignored). The profile
  may hold ``<reservation value=>`` (default 0) and ``<discount_factor value=>`` (default 1;
  GENIUS reads 0 as "no discounting").
* The **nonlinear** profiles of ANAC 2014 (``<utility_space type="nonlinear">``) give
  utility as a sum of hyper-rectangles: ``u(o) = sum_r c_r * [o in box_r] / maxutility``
  where each box bounds some integer issues (Ito, Hattori & Klein 2007, "Multi-issue
  negotiation protocol for agents: exploring nonlinear utility spaces", IJCAI; the ANAC 2014
  domains of Fujita et al.). They load as :class:`HyperRectangleUtility`, not as
  :class:`~standoff.core.utility.AdditiveUtility`.

Anything else (real-valued issues, other evaluator shapes, other aggregations) is refused
with a :class:`~standoff.core.errors.UserError` naming the file and the construct.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from standoff.core.errors import UserError
from standoff.core.space import Issue, OutcomeSpace
from standoff.core.utility import AdditiveUtility, HyperRectangleUtility, Utility

#: Hand-written GENIUS profiles round their weights (ANAC 2012 Phone sums to 0.994,
#: ANAC 2016 JapanTrip to 1.1). GENIUS uses weights as given; so do we, within this
#: tolerance. Beyond it the file is refused as malformed.
WEIGHT_SUM_TOLERANCE = 0.1




@dataclass(frozen=True)
class GeniusDomain:
    """A GENIUS domain: its outcome space and one utility per party (profile)."""

    name: str
    space: OutcomeSpace
    utilities: list[Utility]
    parties: list[str]
    discounts: list[float]
    files: list[Path]
    notes: list[str] = field(default_factory=list)

    @property
    def is_additive(self) -> bool:
        """True when every profile is linear-additive."""
        return all(isinstance(u, AdditiveUtility) for u in self.utilities)

    @property
    def reservations(self) -> list[float]:
        return [0.0 if u.reservation is None else float(u.reservation) for u in self.utilities]


# ---------------------------------------------------------------------------- parsing
def _parse(path: Path) -> ET.Element:
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read the file ({exc.strerror})") from None
    try:
        return ET.fromstring(text)
    except ET.ParseError as exc:
        raise UserError(f"{path}: malformed XML ({exc})", hint="is this a GENIUS XML file?") from None


def _number(path: Path, el: ET.Element, attr: str, kind: type = float) -> float:
    raw = el.get(attr)
    if raw is None:
        raise UserError(f"{path}: <{el.tag}> has no {attr!r} attribute")
    try:
        value = kind(raw.strip()) if kind is float else int(float(raw.strip()))
    except ValueError:
        raise UserError(f"{path}: <{el.tag} {attr}={raw!r}> is not a number") from None
    if not math.isfinite(value):
        raise UserError(f"{path}: <{el.tag} {attr}={raw!r}> is not finite")
    return value


@dataclass(frozen=True)
class _DomainIssue:
    issue: Issue
    index: str  # the GENIUS index attribute
    lowerbound: int | None  # integer issues


def _domain_issues(path: Path, root: ET.Element) -> list[_DomainIssue]:
    out: list[_DomainIssue] = []
    for el in root.iter("issue"):
        name = el.get("name")
        if not name:
            raise UserError(f"{path}: an <issue> has no name")
        kind = (el.get("type") or el.get("etype") or el.get("vtype") or "discrete").lower()
        items = el.findall("item")
        if kind == "discrete" or items:
            values = tuple(it.get("value", "") for it in items)
            if not values:
                raise UserError(f"{path}: discrete issue {name!r} has no <item> options")
            if any(v == "" for v in values):
                raise UserError(f"{path}: an <item> of issue {name!r} has no value")
            issue = Issue(id=name, options=values, name=name, kind="categorical")
            out.append(_DomainIssue(issue, el.get("index", str(len(out) + 1)), None))
        elif kind == "integer":
            lo = int(_number(path, el, "lowerbound", int))
            hi = int(_number(path, el, "upperbound", int))
            if hi < lo:
                raise UserError(f"{path}: integer issue {name!r} has upperbound < lowerbound")
            if hi - lo + 1 > 1_000_000:
                raise UserError(f"{path}: integer issue {name!r} has {hi - lo + 1:,} values, too many")
            opts = tuple(str(v) for v in range(lo, hi + 1))
            issue = Issue(id=name, options=opts, name=name, kind="ordered")
            out.append(_DomainIssue(issue, el.get("index", str(len(out) + 1)), lo))
        else:
            raise UserError(
                f"{path}: issue {name!r} is of type {kind!r}, which is not supported",
                hint="only discrete and integer issues can be bargained over exactly",
            )
    if not out:
        raise UserError(f"{path}: the domain has no issues (empty outcome space)")
    ids = [d.issue.id for d in out]
    if len(set(ids)) != len(ids):
        raise UserError(f"{path}: two issues share a name")
    return out


def _scalar(root: ET.Element, tag: str, path: Path, default: float) -> float:
    el = next(root.iter(tag), None)
    if el is None:
        return default
    return _number(path, el, "value")


def _additive_profile(path: Path, root: ET.Element, issues: list[_DomainIssue]) -> AdditiveUtility:
    by_name = {d.issue.id: k for k, d in enumerate(issues)}
    n = len(issues)
    values: list[np.ndarray | None] = [None] * n
    index_to_k: dict[str, int] = {}
    for el in root.iter("issue"):
        name = el.get("name")
        if name not in by_name:
            raise UserError(
                f"{path}: the profile names issue {name!r}, which the domain does not have",
                hint="this profile does not match its domain",
            )
        k = by_name[name]
        d = issues[k]
        index_to_k[el.get("index", str(k + 1))] = k
        items = el.findall("item")
        evaluator = el.find("evaluator")
        if items:
            evals: dict[str, float] = {}
            for it in items:
                val = it.get("value")
                if val is None:
                    raise UserError(f"{path}: an <item> of issue {name!r} has no value")
                if it.get("evaluation") is None:
                    raise UserError(f"{path}: option {val!r} of issue {name!r} has no evaluation")
                evals[val] = _number(path, it, "evaluation")
            unknown = sorted(set(evals) - set(d.issue.options))
            if unknown:
                raise UserError(
                    f"{path}: issue {name!r} has option(s) {', '.join(map(repr, unknown))} "
                    "that the domain does not list",
                    hint="this profile does not match its domain",
                )
            missing = [o for o in d.issue.options if o not in evals]
            if missing:
                raise UserError(
                    f"{path}: issue {name!r} gives no evaluation for {', '.join(map(repr, missing))}"
                )
            raw = np.array([evals[o] for o in d.issue.options])
            if np.any(raw < 0):
                raise UserError(f"{path}: issue {name!r} has a negative evaluation")
            top = raw.max()
            values[k] = raw / top if top > 1e-12 else np.zeros_like(raw)
        elif evaluator is not None:
            ftype = evaluator.get("ftype", "")
            if ftype != "linear":
                raise UserError(
                    f"{path}: issue {name!r} uses an evaluator of ftype {ftype!r}, which is not supported",
                    hint="supported: discrete items, and integer issues with ftype='linear'",
                )
            if d.lowerbound is None:
                raise UserError(f"{path}: a linear evaluator on the discrete issue {name!r}")
            slope = _number(path, evaluator, "slope")
            offset = _number(path, evaluator, "offset")
            x = np.arange(d.issue.size, dtype=float)  # = value - lowerbound
            values[k] = np.clip(offset + slope * x, 0.0, 1.0)
        else:
            raise UserError(f"{path}: issue {name!r} has neither <item> evaluations nor an <evaluator>")
    weights = np.zeros(n)
    seen = np.zeros(n, dtype=bool)
    for w in root.iter("weight"):
        idx = w.get("index")
        if idx is None:
            raise UserError(f"{path}: a <weight> has no index")
        if idx not in index_to_k:
            continue  # the weight of an objective (a node of the tree), not of an issue
        k = index_to_k[idx]
        weights[k] = _number(path, w, "value")
        seen[k] = True
    for k, v in enumerate(values):
        if v is not None and not seen[k]:
            raise UserError(f"{path}: issue {issues[k].issue.id!r} has no <weight>")
        if v is None:
            values[k] = np.zeros(issues[k].issue.size)  # issue absent from the profile: weight 0
    if np.any(weights < 0):
        raise UserError(f"{path}: a weight is negative")
    total = float(weights.sum())
    if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
        raise UserError(
            f"{path}: the issue weights sum to {total:.4g}, not 1",
            hint="weights of a linear-additive profile must sum to one",
        )
    return AdditiveUtility(
        weights=weights,
        values=tuple(v for v in values if v is not None),
        reservation=_scalar(root, "reservation", path, 0.0),
        name=path.stem,
    )


def _nonlinear_profile(
    path: Path, root: ET.Element, issues: list[_DomainIssue]
) -> HyperRectangleUtility:
    index_to_k = {d.index: k for k, d in enumerate(issues)}
    n = len(issues)
    util = next(root.iter("utility"), None)
    if util is None:
        raise UserError(f"{path}: a nonlinear utility space without a <utility> element")
    lows: list[np.ndarray] = []
    highs: list[np.ndarray] = []
    vals: list[float] = []
    for ufun in util.iter("ufun"):
        utype = ufun.get("type", "PlainUfun")
        agg = ufun.get("aggregation", "sum")
        if utype != "PlainUfun" or agg != "sum":
            raise UserError(
                f"{path}: <ufun type={utype!r} aggregation={agg!r}> is not supported",
                hint="supported: PlainUfun with aggregation='sum'",
            )
        uweight = float(ufun.get("weight", "1"))
        for rect in ufun:
            if rect.tag != "hyperRectangle":
                raise UserError(f"{path}: <{rect.tag}> inside a <ufun> is not supported")
            lo = np.zeros(n, dtype=np.int64)
            hi = np.array([d.issue.size - 1 for d in issues], dtype=np.int64)
            for inc in rect:
                if inc.tag != "INCLUDES":
                    raise UserError(f"{path}: <{inc.tag}> in a hyper-rectangle is not supported")
                idx = inc.get("index", "")
                if idx not in index_to_k:
                    raise UserError(f"{path}: a hyper-rectangle bounds unknown issue index {idx!r}")
                k = index_to_k[idx]
                base = issues[k].lowerbound
                if base is None:
                    raise UserError(f"{path}: a hyper-rectangle bounds the discrete issue {issues[k].issue.id!r}")
                lo[k] = max(lo[k], int(_number(path, inc, "min", int)) - base)
                hi[k] = min(hi[k], int(_number(path, inc, "max", int)) - base)
            lows.append(lo)
            highs.append(hi)
            vals.append(_number(path, rect, "utility") * uweight)
    max_u = util.get("maxutility")
    scale = 1.0
    if max_u is not None:
        m = float(max_u)
        if m <= 0:
            raise UserError(f"{path}: maxutility must be positive")
        scale = 1.0 / m
    return HyperRectangleUtility(
        lower=np.array(lows, dtype=np.int64).reshape(-1, n),
        upper=np.array(highs, dtype=np.int64).reshape(-1, n),
        utilities=np.array(vals, dtype=float),
        scale=scale,
        reservation=_scalar(root, "reservation", path, 0.0),
        name=path.stem,
    )


def find_genius_files(folder: Path) -> tuple[Path, list[Path]]:
    """The domain file and the profiles of a GENIUS folder, told apart by their root
    element (``negotiation_template`` vs ``utility_space``), whatever they are named.
    ``pareto.xml`` (a list of frontier points shipped with some domains) is skipped."""
    domains: list[Path] = []
    profiles: list[Path] = []
    for f in sorted(folder.iterdir()):
        if f.suffix.lower() != ".xml" or f.name.lower() == "pareto.xml" or f.name.startswith("."):
            continue
        root = _parse(f)
        if root.tag == "negotiation_template":
            domains.append(f)
        elif root.tag == "utility_space":
            profiles.append(f)
        else:
            raise UserError(
                f"{f}: root element <{root.tag}> is neither a GENIUS domain nor a profile",
                hint="expected <negotiation_template> or <utility_space>",
            )
    if len(domains) != 1:
        what = "no domain file" if not domains else f"{len(domains)} domain files"
        raise UserError(
            f"{folder}: {what} (a GENIUS folder holds one <negotiation_template> file)",
        )
    if not profiles:
        raise UserError(f"{folder}: no profile (<utility_space>) files")
    return domains[0], profiles


def is_genius_folder(path: str | Path) -> bool:
    """True when ``path`` is a folder holding XML files (a candidate GENIUS domain)."""
    p = Path(path)
    return p.is_dir() and any(f.suffix.lower() == ".xml" for f in p.iterdir())


def load_genius(path: str | Path) -> GeniusDomain:
    """Load a GENIUS domain folder (or the domain file in it) with all its profiles.

    Parties are the profiles in file-name order, each named by its file stem.
    """
    p = Path(path)
    if not p.exists():
        raise UserError(f"{p}: no such file or folder")
    folder = p.parent if p.is_file() else p
    domain_file, profile_files = find_genius_files(folder)
    droot = _parse(domain_file)
    issues = _domain_issues(domain_file, droot)
    space = OutcomeSpace(tuple(d.issue for d in issues))
    utilities: list[Utility] = []
    discounts: list[float] = []
    notes: list[str] = []
    for pf in profile_files:
        root = _parse(pf)
        nonlinear = root.get("type", "").lower() == "nonlinear" or next(root.iter("utility"), None) is not None
        u: Utility
        if nonlinear:
            u = _nonlinear_profile(pf, root, issues)
        else:
            u = _additive_profile(pf, root, issues)
            s = float(u.weights.sum())
            if abs(s - 1.0) > 1e-3:
                notes.append(f"{pf.name}: weights sum to {s:.4g}; used as given, as GENIUS does")
        utilities.append(u)
        d = _scalar(root, "discount_factor", pf, 1.0)
        if d == 0.0:
            d = 1.0
        if not 0.0 < d <= 1.0:
            raise UserError(f"{pf}: discount factor {d} outside (0, 1]")
        discounts.append(d)
    return GeniusDomain(
        name=folder.name,
        space=space,
        utilities=utilities,
        parties=[pf.stem for pf in profile_files],
        discounts=discounts,
        files=[domain_file, *profile_files],
        notes=notes,
    )
