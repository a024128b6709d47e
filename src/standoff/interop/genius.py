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

Hostile files: every file is read by :func:`standoff.core.reader.read_bytes` (regular files
of at most :data:`MAX_BYTES`) and parsed with ``defusedxml``, which refuses DTDs, entity
declarations and external references (no "billion laughs", no XXE). Every number is
checked: integers are 32-bit as in GENIUS, other numbers finite and within their range.

:func:`write_genius` writes the other way: a domain file and one linear-additive profile
per party, which :func:`load_genius` reads back to the same utilities.

A few domains ship with standoff (:func:`bundled_genius_names`); ``genius:<name>`` names
one wherever a GENIUS folder is accepted (:func:`resolve_genius`).
"""

from __future__ import annotations

import math
import os
import re
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from standoff.core import reader
from standoff.core.errors import UserError, did_you_mean
from standoff.core.space import Issue, OutcomeSpace
from standoff.core.utility import AdditiveUtility, HyperRectangleUtility, Utility

#: Hand-written GENIUS profiles round their weights (ANAC 2012 Phone sums to 0.994,
#: ANAC 2016 JapanTrip to 1.1). GENIUS uses weights as given; so do we, within this
#: tolerance. Beyond it the file is refused as malformed.
WEIGHT_SUM_TOLERANCE = 0.1

#: Largest GENIUS XML file accepted, in bytes (the largest ANAC profile is 21 KB).
MAX_BYTES = 5 * 1024 * 1024
#: Most XML files a GENIUS folder may hold (a domain and its profiles).
MAX_FILES = 64
#: Most values of an integer issue (every integer between the bounds is an option).
MAX_INTEGER_VALUES = 1_000_000
#: GENIUS reads integers as Java ints.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
#: Largest size of a utility or reservation value: GENIUS utilities lie in [0, 1].
MAX_UTILITY = 1e6
#: The prefix that names a GENIUS domain shipped with standoff.
BUNDLED_PREFIX = "genius:"




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
    data = reader.read_bytes(path, limit=MAX_BYTES, what="GENIUS XML file")
    try:
        root = defused_fromstring(data, forbid_dtd=True)
    except ET.ParseError as exc:
        raise UserError(f"{path}: malformed XML ({exc})", hint="is this a GENIUS XML file?") from None
    except DefusedXmlException as exc:
        what = {"DTDForbidden": "a document type declaration (<!DOCTYPE>)",
                "EntitiesForbidden": "an entity declaration (<!ENTITY>)",
                "ExternalReferenceForbidden": "an external reference"}.get(type(exc).__name__, "a forbidden construct")
        raise UserError(
            f"{path}: the XML holds {what}; XML with a document type, entities or external references"
            " is not accepted",
            hint="GENIUS files are plain XML",
        ) from None
    except LookupError as exc:  # an XML declaration naming an unknown encoding
        raise UserError(f"{path}: malformed XML ({exc})", hint="GENIUS files are UTF-8 XML") from None
    except (ValueError, RecursionError) as exc:
        raise UserError(f"{path}: unreadable XML ({exc})") from None
    return root


def _show(raw: str) -> str:
    return repr(raw if len(raw) <= 40 else raw[:37] + "...")


def _number(path: Path, el: ET.Element, attr: str, *, default: float | None = None,
            lo: float = -math.inf, hi: float = math.inf) -> float:
    """A finite number attribute in ``[lo, hi]``, or a UserError naming the file, the
    element and the value."""
    raw = el.get(attr)
    if raw is None:
        if default is not None:
            return default
        raise UserError(f"{path}: <{el.tag}> has no {attr!r} attribute")
    try:
        value = float(raw.strip())
    except ValueError:
        raise UserError(f"{path}: <{el.tag} {attr}={_show(raw)}> is not a number") from None
    if not math.isfinite(value):
        raise UserError(f"{path}: <{el.tag} {attr}={_show(raw)}> is not a finite number")
    if not lo <= value <= hi:
        raise UserError(f"{path}: <{el.tag} {attr}={_show(raw)}> lies outside [{lo:g}, {hi:g}]")
    return value


_INTEGER = re.compile(r"[+-]?\d{1,12}")


def _integer(path: Path, el: ET.Element, attr: str) -> int:
    """A 32-bit integer attribute (GENIUS reads integers as Java ints)."""
    raw = el.get(attr)
    if raw is None:
        raise UserError(f"{path}: <{el.tag}> has no {attr!r} attribute")
    text = raw.strip()
    if not _INTEGER.fullmatch(text) or not INT_MIN <= int(text) <= INT_MAX:
        raise UserError(
            f"{path}: <{el.tag} {attr}={_show(raw)}> is not an integer between {INT_MIN:,} and {INT_MAX:,}",
            hint="GENIUS integer issues have whole-number bounds",
        )
    return int(text)


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
            if len(set(values)) != len(values):
                raise UserError(f"{path}: discrete issue {name!r} lists an option twice")
            issue = Issue(id=name, options=values, name=name, kind="categorical")
            out.append(_DomainIssue(issue, el.get("index", str(len(out) + 1)), None))
        elif kind == "integer":
            lo = _integer(path, el, "lowerbound")
            hi = _integer(path, el, "upperbound")
            if hi < lo:
                raise UserError(f"{path}: integer issue {name!r} has upperbound < lowerbound")
            if hi - lo + 1 > MAX_INTEGER_VALUES:
                raise UserError(
                    f"{path}: integer issue {name!r} has {hi - lo + 1:,} values, above the limit of"
                    f" {MAX_INTEGER_VALUES:,}",
                    hint="narrow its bounds; limits: docs/reference/limits.md",
                )
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
    indices = [d.index for d in out]
    if len(set(indices)) != len(indices):
        raise UserError(f"{path}: two issues share an index")
    return out


def _scalar(root: ET.Element, tag: str, path: Path, default: float, *,
            lo: float = -math.inf, hi: float = math.inf) -> float:
    el = next(root.iter(tag), None)
    if el is None:
        return default
    return _number(path, el, "value", lo=lo, hi=hi)


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
        if values[k] is not None:
            raise UserError(f"{path}: the profile lists issue {name!r} twice")
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
                evals[val] = _number(path, it, "evaluation", lo=0.0)
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
            with np.errstate(over="ignore"):  # a huge slope saturates at 0 or 1
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
        weights[k] = _number(path, w, "value", lo=0.0)
        seen[k] = True
    for k, v in enumerate(values):
        if v is not None and not seen[k]:
            raise UserError(f"{path}: issue {issues[k].issue.id!r} has no <weight>")
        if v is None:
            values[k] = np.zeros(issues[k].issue.size)  # issue absent from the profile: weight 0
    total = float(weights.sum())
    if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
        raise UserError(
            f"{path}: the issue weights sum to {total:.4g}, not 1",
            hint="weights of a linear-additive profile must sum to one",
        )
    return AdditiveUtility(
        weights=weights,
        values=tuple(v for v in values if v is not None),
        reservation=_scalar(root, "reservation", path, 0.0, lo=-MAX_UTILITY, hi=MAX_UTILITY),
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
        uweight = _number(path, ufun, "weight", default=1.0, lo=-MAX_UTILITY, hi=MAX_UTILITY)
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
                lo[k] = max(lo[k], _integer(path, inc, "min") - base)
                hi[k] = min(hi[k], _integer(path, inc, "max") - base)
            lows.append(lo)
            highs.append(hi)
            vals.append(_number(path, rect, "utility", lo=-MAX_UTILITY, hi=MAX_UTILITY) * uweight)
    scale = 1.0
    if util.get("maxutility") is not None:
        m = _number(path, util, "maxutility")
        if m <= 0:
            raise UserError(f"{path}: maxutility must be positive (got {m:g})")
        scale = 1.0 / m
    utilities = np.array(vals, dtype=float)
    with np.errstate(over="ignore"):
        largest = float(np.abs(utilities).sum() * scale)
    if not largest <= MAX_UTILITY:
        raise UserError(
            f"{path}: the hyper-rectangle utilities divided by maxutility reach {largest:.3g}",
            hint=f"GENIUS utilities lie in [0, 1]; at most {MAX_UTILITY:g} is accepted",
        )
    return HyperRectangleUtility(
        lower=np.array(lows, dtype=np.int64).reshape(-1, n),
        upper=np.array(highs, dtype=np.int64).reshape(-1, n),
        utilities=utilities,
        scale=scale,
        reservation=_scalar(root, "reservation", path, 0.0, lo=-MAX_UTILITY, hi=MAX_UTILITY),
        name=path.stem,
    )


def _scan(folder: Path) -> tuple[tuple[Path, ET.Element], list[tuple[Path, ET.Element]]]:
    """The parsed domain file and profiles of a GENIUS folder (see :func:`find_genius_files`)."""
    domains: list[tuple[Path, ET.Element]] = []
    profiles: list[tuple[Path, ET.Element]] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise UserError(f"{folder}: cannot list the folder ({exc.strerror})") from None
    xml = [f for f in entries
           if f.suffix.lower() == ".xml" and f.name.lower() != "pareto.xml" and not f.name.startswith(".")]
    if len(xml) > MAX_FILES:
        raise UserError(
            f"{folder}: {len(xml)} XML files, above the limit of {MAX_FILES} for a GENIUS folder",
            hint="a GENIUS folder holds one domain file and one profile per party",
        )
    for f in xml:
        root = _parse(f)
        if root.tag == "negotiation_template":
            domains.append((f, root))
        elif root.tag == "utility_space":
            profiles.append((f, root))
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


def find_genius_files(folder: Path) -> tuple[Path, list[Path]]:
    """The domain file and the profiles of a GENIUS folder, told apart by their root
    element (``negotiation_template`` vs ``utility_space``), whatever they are named.
    ``pareto.xml`` (a list of frontier points shipped with some domains) is skipped."""
    (domain, _), profiles = _scan(Path(folder))
    return domain, [p for p, _ in profiles]


# ------------------------------------------------------------------- bundled domains
def _bundled_root() -> Path:
    return Path(str(resources.files("standoff.interop").joinpath("data", "genius")))


def bundled_genius_names() -> list[str]:
    """Names of the GENIUS domains shipped with standoff (``genius:<name>``)."""
    root = _bundled_root()
    if not os.path.isdir(root):
        return []
    return sorted(p.name for p in root.iterdir() if os.path.isdir(p) and not p.name.startswith((".", "_")))


def bundled_genius_path(name: str) -> Path:
    """The folder of a GENIUS domain shipped with standoff."""
    names = bundled_genius_names()
    if name not in names:
        raise UserError(f"no bundled GENIUS domain named {name!r}", hint=did_you_mean(name, names))
    return _bundled_root() / name


def resolve_genius(source: str | Path) -> Path | None:
    """The folder a GENIUS source names: ``genius:<name>`` (a bundled domain), a folder
    holding XML files, or an XML file in such a folder; None when ``source`` names none of
    these (it may be a scenario)."""
    text = str(source)
    if text.startswith(BUNDLED_PREFIX):
        return bundled_genius_path(text[len(BUNDLED_PREFIX):])
    p = Path(text)
    try:
        if os.path.isdir(p):
            return p if any(f.suffix.lower() == ".xml" for f in p.iterdir()) else None
        if p.suffix.lower() == ".xml" and reader.is_regular_file(p):
            return p.parent
    except OSError:
        return None
    return None


def is_genius_folder(path: str | Path) -> bool:
    """True when ``path`` names a GENIUS domain: ``genius:<name>`` or a folder holding XML
    files (see :func:`resolve_genius`; an unknown bundled name raises a UserError)."""
    text = str(path)
    if text.startswith(BUNDLED_PREFIX):
        return resolve_genius(text) is not None
    p = Path(text)
    try:
        return os.path.isdir(p) and any(f.suffix.lower() == ".xml" for f in p.iterdir())
    except OSError:
        return False


def load_genius(path: str | Path) -> GeniusDomain:
    """Load a GENIUS domain folder (or the domain file in it, or ``genius:<name>`` for a
    bundled one) with all its profiles.

    Parties are the profiles in file-name order, each named by its file stem.
    """
    text = str(path)
    if text.startswith(BUNDLED_PREFIX):
        folder = bundled_genius_path(text[len(BUNDLED_PREFIX):])
    else:
        p = Path(text)
        if not text.strip():
            raise UserError("no GENIUS domain given (the path is empty)")
        if not os.path.exists(p):
            raise UserError(f"{str(p)[:200]}: no such file or folder")
        folder = p if os.path.isdir(p) else p.parent
    (domain_file, droot), profiles = _scan(folder)
    issues = _domain_issues(domain_file, droot)
    space = OutcomeSpace(tuple(d.issue for d in issues))
    utilities: list[Utility] = []
    discounts: list[float] = []
    notes: list[str] = []
    for pf, root in profiles:
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
            raise UserError(f"{pf}: discount factor {d:g} outside (0, 1]")
        discounts.append(d)
    return GeniusDomain(
        name=folder.name,
        space=space,
        utilities=utilities,
        parties=[pf.stem for pf, _ in profiles],
        discounts=discounts,
        files=[domain_file, *(pf for pf, _ in profiles)],
        notes=notes,
    )


# ------------------------------------------------------------------------- export
#: Tolerance of the test that an integer issue's values are linear (so that it can be
#: written as a GENIUS integer issue with a linear evaluator).
LINEAR_TOLERANCE = 1e-12

_XML_CHARS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PARTY_NAME = re.compile(r"[^/\\\x00]{1,100}")


def genius_form(u: AdditiveUtility) -> AdditiveUtility:
    """The positive affine rescaling of an additive utility that GENIUS can hold:
    ``(u - worst) / (best - worst)``, so that weights are non-negative and sum to one and
    every issue's values run from 0 to 1. Offsets are folded into the values; the
    reservation value is rescaled the same way (it may fall outside [0, 1] when no deal is
    worse than the worst package or better than the best). Rankings, the Pareto frontier
    and the Nash and Kalai-Smorodinsky solutions are unchanged by such a rescaling.

    Red lines are not carried (a linear-additive GENIUS profile cannot express them);
    interactions cannot be expressed either and are refused.
    """
    if u.interactions:
        raise UserError(
            f"the utility of {u.name or 'a party'} has interaction terms, which a linear-additive"
            " GENIUS profile cannot express",
            hint="remove the interactions from the scenario to export it",
        )
    contrib = u.contributions()
    lows = np.array([float(c.min()) for c in contrib])
    highs = np.array([float(c.max()) for c in contrib])
    spans = highs - lows
    total = float(spans.sum())
    if not total > 0 or not math.isfinite(total):
        raise UserError(
            f"{u.name or 'a party'} values every package the same, which a GENIUS profile"
            " (weights summing to one) cannot express",
            hint="give this party preferences that tell packages apart",
        )
    values = tuple(
        (c - lo) / span if span > 0 else np.zeros_like(c) for c, lo, span in zip(contrib, lows, spans, strict=True)
    )
    reservation = None if u.reservation is None else (float(u.reservation) - float(lows.sum())) / total
    return AdditiveUtility(weights=spans / total, values=values, reservation=reservation, name=u.name)


def red_lines(u: AdditiveUtility, space: OutcomeSpace) -> list[tuple[str, str]]:
    """The (issue, option) pairs a utility marks as never acceptable."""
    return [
        (issue.id, issue.options[k])
        for issue, mask in zip(space.issues, u.forbidden, strict=True)
        for k in np.flatnonzero(mask)
    ]


def _check_exportable(space: OutcomeSpace, utilities: Sequence[AdditiveUtility], parties: Sequence[str]) -> None:
    if len(utilities) != len(parties):
        raise UserError(f"{len(utilities)} utilities for {len(parties)} parties")
    if len(parties) < 1:
        raise UserError("nothing to export: no parties")
    for text in [*(i.id for i in space.issues), *(o for i in space.issues for o in i.options), *parties]:
        if not text or _XML_CHARS.search(text):
            raise UserError(f"{text!r} cannot be written in a GENIUS XML file (empty or control characters)")
    for name in parties:
        if not _PARTY_NAME.fullmatch(name) or name.startswith(".") or name != name.strip():
            raise UserError(
                f"party name {name!r} cannot name a profile file",
                hint="use letters, digits, '-' and '_' (at most 100 characters)",
            )
    if len({p.lower() for p in parties}) != len(parties):
        raise UserError("two parties' names differ only in case; their profile files would collide")
    for name, u in zip(parties, utilities, strict=True):
        if not isinstance(u, AdditiveUtility):
            raise UserError(f"{name}: only linear-additive profiles can be written to GENIUS")
        if u.n_issues != space.n_issues:
            raise UserError(f"{name}: the utility has {u.n_issues} issues; the space has {space.n_issues}")
        if u.interactions or any(np.any(o != 0) for o in u.offsets):
            raise UserError(f"{name}: interactions and offsets cannot be written to GENIUS",
                            hint="rescale it with genius_form() first")
        if any(np.any(f) for f in u.forbidden):
            raise UserError(f"{name}: red lines cannot be written to a linear-additive GENIUS profile",
                            hint="drop them first (and say so), e.g. with genius_form()")
        for issue, v in zip(space.issues, u.values, strict=True):
            if v.shape != (issue.size,) or not np.all(np.isfinite(v)) or np.any(v < 0):
                raise UserError(f"{name}: the values of issue {issue.id!r} must be finite and non-negative")
        if u.reservation is not None and not abs(float(u.reservation)) <= MAX_UTILITY:
            raise UserError(f"{name}: reservation value {u.reservation} is not a finite number of at most"
                            f" {MAX_UTILITY:g} in size")


def _integer_issue(issue: Issue) -> int | None:
    """The lower bound of an issue whose options are consecutive integers, else None."""
    if issue.kind == "categorical":
        return None
    try:
        ints = [int(o) for o in issue.options]
    except ValueError:
        return None
    if [str(i) for i in ints] != list(issue.options):
        return None
    if ints != list(range(ints[0], ints[0] + len(ints))) or not INT_MIN <= ints[0] <= INT_MAX - len(ints):
        return None
    return ints[0]


def _linear(v: np.ndarray) -> tuple[float, float] | None:
    """(offset, slope) when ``v[x] == clip(offset + slope * x, 0, 1)`` for every index
    ``x`` (a GENIUS linear evaluator, clipped as GENIUS clips it), else None."""
    n = len(v)
    if n == 1:
        return float(v[0]), 0.0
    x = np.arange(n)
    inside = np.flatnonzero((v > 0.0) & (v < 1.0))
    candidates: list[tuple[float, float]] = []
    if len(inside) >= 2:  # the unclipped part fixes the line
        i, j = int(inside[0]), int(inside[-1])
        slope = float(v[j] - v[i]) / (j - i)
        candidates.append((float(v[i]) - slope * i, slope))
    elif len(inside) == 1:  # one unclipped point: the line is as steep as its neighbours demand
        i = int(inside[0])
        steps = [float(v[i + 1] - v[i])] if i + 1 < n else []
        steps += [float(v[i] - v[i - 1])] if i > 0 else []
        steps.append(max(steps, key=abs))
        candidates += [(float(v[i]) - s * i, s) for s in steps]
    else:  # only 0s and 1s: constant, or one step
        changes = np.flatnonzero(np.diff(v) != 0)
        candidates.append((float(v[0]), 0.0))
        if len(changes):
            k = int(changes[0]) + 1
            slope = float(v[k] - v[k - 1])
            candidates.append((float(v[k]) - slope * k, slope))
    for offset, slope in candidates:
        if np.all(np.abs(np.clip(offset + slope * x, 0.0, 1.0) - v) <= LINEAR_TOLERANCE):
            return offset, slope
    return None


def _num(x: float) -> str:
    """A float as GENIUS reads it back exactly (shortest round-trip representation)."""
    return repr(float(x))


def genius_documents(
    space: OutcomeSpace,
    utilities: Sequence[AdditiveUtility],
    parties: Sequence[str],
    *,
    name: str = "domain",
    discounts: Sequence[float] | None = None,
) -> dict[str, bytes]:
    """The XML files of a GENIUS domain, by file name: ``<name>-domain.xml`` and one
    ``<party>.xml`` profile per party (see :func:`write_genius`)."""
    _check_exportable(space, utilities, parties)
    if discounts is not None and (
        len(discounts) != len(parties) or not all(0.0 < float(d) <= 1.0 for d in discounts)
    ):
        raise UserError("one discount factor in (0, 1] per party is needed")
    if not name or _XML_CHARS.search(name) or not _PARTY_NAME.fullmatch(name) or name.startswith("."):
        raise UserError(f"domain name {name!r} cannot name a file")
    domain_file = f"{name}-domain.xml"
    if any(f"{p}.xml".lower() == domain_file.lower() for p in parties):
        raise UserError(f"a party is named {name}-domain, which is the domain file's name")
    kinds: list[tuple[int | None, list[tuple[float, float]] | None]] = []
    for k, issue in enumerate(space.issues):
        base = _integer_issue(issue)
        lines: list[tuple[float, float]] | None = None
        if base is not None:
            fits = [_linear(u.values[k]) for u in utilities]
            lines = [f for f in fits if f is not None]
            if len(lines) != len(fits):
                base, lines = None, None
        kinds.append((base, lines))

    def objective(parent: ET.Element) -> ET.Element:
        return ET.SubElement(parent, "objective", index="0", etype="objective", type="objective",
                             description="", name=name)

    def issue_element(parent: ET.Element, k: int) -> ET.Element:
        issue = space.issues[k]
        base = kinds[k][0]
        if base is None:
            return ET.SubElement(parent, "issue", index=str(k + 1), etype="discrete", type="discrete",
                                 vtype="discrete", name=issue.id)
        return ET.SubElement(parent, "issue", index=str(k + 1), etype="integer", type="integer",
                             vtype="integer", name=issue.id, lowerbound=str(base),
                             upperbound=str(base + issue.size - 1))

    out: dict[str, bytes] = {}
    droot = ET.Element("negotiation_template")
    dspace = ET.SubElement(droot, "utility_space", number_of_issues=str(space.n_issues))
    dobj = objective(dspace)
    for k, issue in enumerate(space.issues):
        el = issue_element(dobj, k)
        if kinds[k][0] is None:
            for j, option in enumerate(issue.options):
                item = ET.SubElement(el, "item", index=str(j + 1), value=option)
                if issue.name and issue.name != issue.id:
                    item.set("description", issue.name)
    out[domain_file] = _serialise(droot)
    for n, (party, u) in enumerate(zip(parties, utilities, strict=True)):
        root = ET.Element("utility_space")
        obj = objective(root)
        weights: list[float] = []
        for k, issue in enumerate(space.issues):
            el = issue_element(obj, k)
            v = np.asarray(u.values[k], dtype=float)
            w = float(u.weights[k])
            lines = kinds[k][1]
            if lines is not None:
                offset, slope = lines[n]
                ET.SubElement(el, "evaluator", ftype="linear", slope=_num(slope), offset=_num(offset))
            else:
                top = float(v.max())
                evals = v / top if top > 0 else v  # GENIUS divides by the largest evaluation
                w = w * top if top > 0 else w
                for j, option in enumerate(issue.options):
                    ET.SubElement(el, "item", index=str(j + 1), value=option, evaluation=_num(evals[j]))
            weights.append(w)
        total = sum(weights)
        if not abs(total - 1.0) <= WEIGHT_SUM_TOLERANCE:
            raise UserError(
                f"{party}: the weights as GENIUS reads them sum to {total:.4g}, not 1 (the best package of"
                f" each issue together is worth {total:.4g})",
                hint="rescale the utility with genius_form() first",
            )
        for k, w in enumerate(weights):
            ET.SubElement(obj, "weight", index=str(k + 1), value=_num(w))
        reservation = 0.0 if u.reservation is None else float(u.reservation)
        ET.SubElement(root, "reservation", value=_num(reservation))
        discount = 1.0 if discounts is None else float(discounts[n])
        ET.SubElement(root, "discount_factor", value=_num(discount))
        out[f"{party}.xml"] = _serialise(root)
    return out


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_genius(
    folder: str | Path,
    space: OutcomeSpace,
    utilities: Sequence[AdditiveUtility],
    parties: Sequence[str],
    *,
    name: str | None = None,
    discounts: Sequence[float] | None = None,
    extra: dict[str, str] | None = None,
) -> list[Path]:
    """Write a GENIUS domain: ``<name>-domain.xml`` and one linear-additive profile
    ``<party>.xml`` per party (weights, evaluations, ``<reservation>``,
    ``<discount_factor>``), which :func:`load_genius` reads back to the same utilities.

    Each utility must already be in GENIUS form (non-negative values, best package worth
    1 within :data:`WEIGHT_SUM_TOLERANCE`, no red lines, interactions or offsets; see
    :func:`genius_form`). An issue whose options are consecutive integers and on which
    every party's values are linear is written as a GENIUS integer issue with a linear
    evaluator; every other issue as a discrete one, its evaluations divided by their
    largest (as GENIUS reads them) and its weight multiplied by it, which leaves the
    utility unchanged. ``extra`` adds text files (e.g. notes) by name.

    A new folder appears whole or not at all (written beside it, then renamed); in an
    existing folder each file is replaced atomically, and XML files other than the ones
    written are refused, since the importer reads every XML file of a folder.
    """
    from standoff.core.writer import removed_on_failure, write_atomic

    target = Path(folder)
    docs: dict[str, bytes] = dict(genius_documents(space, utilities, parties, name=name or target.name or "domain",
                                                   discounts=discounts))
    for fname, text in (extra or {}).items():
        if fname.lower().endswith(".xml") or not _PARTY_NAME.fullmatch(fname) or fname.startswith("."):
            raise UserError(f"extra file {fname!r}: give a plain, non-XML file name")
        docs[fname] = text.encode("utf-8")
    if os.path.lexists(target) and not os.path.isdir(target):
        raise UserError(f"cannot write {target}: it exists and is not a folder", hint="give a folder name")
    if os.path.isdir(target):
        others = sorted(f.name for f in target.iterdir()
                        if f.suffix.lower() == ".xml" and f.name not in docs and f.name.lower() != "pareto.xml")
        if others:
            raise UserError(
                f"cannot write into {target}: it holds other XML files ({', '.join(others[:3])}"
                f"{' ...' if len(others) > 3 else ''}), which would be read as part of the domain",
                hint="choose an empty or new folder",
            )
        for fname, data in docs.items():
            write_atomic(target / fname, data)
        return [target / f for f in docs]
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the folder of {target}: {exc.strerror}") from None
    staging = parent / f".standoff-{secrets.token_hex(4)}.tmp"
    with removed_on_failure(staging):
        try:
            staging.mkdir()
        except OSError as exc:
            raise UserError(f"cannot write {target}: {exc.strerror}") from None
        for fname, data in docs.items():
            write_atomic(staging / fname, data)
        try:
            staging.rename(target)
        except OSError as exc:
            raise UserError(f"cannot write {target}: {exc.strerror}") from None
    return [target / f for f in docs]
