"""GENIUS XML import: every reference domain loads; bad files give clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from standoff.core.errors import UserError
from standoff.core.utility import AdditiveUtility
from standoff.interop.genius import HyperRectangleUtility, load_genius


def folders(root: Path) -> list[Path]:
    return sorted({p.parent for p in root.rglob("*.xml")})


def test_every_domain_loads(genius_dir: Path) -> None:
    n = 0
    for folder in folders(genius_dir):
        dom = load_genius(folder)
        assert len(dom.parties) == len(dom.utilities) == len(dom.discounts) >= 2
        assert dom.files[0].parent == folder
        for u in dom.utilities:
            assert u.reservation is not None
            if isinstance(u, AdditiveUtility):
                assert abs(u.weights.sum() - 1) <= 0.1
                assert all(v.min() >= 0 and v.max() <= 1 for v in u.values)
        n += 1
    assert n == len(folders(genius_dir)) > 140


def test_laptop_values_follow_genius_semantics(genius_dir: Path) -> None:
    dom = load_genius(genius_dir / "Laptop")
    u = dom.utilities[0]
    assert dom.parties == ["Laptop-C-prof1", "Laptop-C-prof2"]
    # evaluations 12, 20, 30 are divided by the largest (GENIUS EvaluatorDiscrete)
    np.testing.assert_allclose(u.values[0], [12 / 30, 20 / 30, 1.0])
    codes = dom.space.encode({"Laptop": "HP", "Harddisk": "60 Gb", "External Monitor": "19'' LCD"})
    assert float(u(codes)) == pytest.approx(sum(u.weights))
    assert dom.discounts == [1.0, 1.0]


def test_linear_integer_evaluator(genius_dir: Path) -> None:
    dom = load_genius(genius_dir / "anac" / "y2016" / "AgentHp2")
    u = dom.utilities[0]
    # offset 1.0, slope -0.15 over 8..14: clip(1 - 0.15 (x - 8), 0, 1)
    np.testing.assert_allclose(u.values[0], 1 - 0.15 * np.arange(7))
    assert dom.space.issues[0].options[0] == "8"


def test_nonlinear_domain_loads_and_evaluates(genius_dir: Path) -> None:
    dom = load_genius(genius_dir / "anac" / "y2014" / "10issueswithRV")
    assert not dom.is_additive
    u = dom.utilities[0]
    assert isinstance(u, HyperRectangleUtility)
    assert u.reservation == 0.75
    codes = np.zeros((3, 10), dtype=np.int64)
    codes[1] = 5
    v = u(codes)
    # brute force over the boxes
    for row, got in zip(codes, v, strict=True):
        want = sum(c for lo, hi, c in zip(u.lower, u.upper, u.utilities, strict=True)
                   if np.all((row >= lo) & (row <= hi))) * u.scale
        assert got == pytest.approx(want)
    assert dom.discounts[0] == 1.0 or 0 < dom.discounts[0] <= 1


def _copy(genius_dir: Path, tmp_path: Path, name: str = "Laptop") -> Path:
    dst = tmp_path / name
    shutil.copytree(genius_dir / name, dst)
    return dst


def _expect(path: Path, *words: str) -> None:
    with pytest.raises(UserError) as info:
        load_genius(path)
    msg = info.value.format()
    for w in words:
        assert w in msg, msg


def test_malformed_xml(genius_dir: Path, tmp_path: Path) -> None:
    d = _copy(genius_dir, tmp_path)
    (d / "Laptop-C-prof1.xml").write_text("<utility_space><objective>")
    _expect(d, "Laptop-C-prof1.xml", "malformed XML")


def test_profile_not_matching_domain(genius_dir: Path, tmp_path: Path) -> None:
    d = _copy(genius_dir, tmp_path)
    p = d / "Laptop-C-prof2.xml"
    p.write_text(p.read_text().replace('name="Harddisk"', 'name="Hard disk"'))
    _expect(d, "Laptop-C-prof2.xml", "'Hard disk'", "does not match")
    d2 = _copy(genius_dir, tmp_path / "b")
    p = d2 / "Laptop-C-prof1.xml"
    p.write_text(p.read_text().replace('value="Dell"', 'value="Lenovo"'))
    _expect(d2, "Laptop-C-prof1.xml", "'Lenovo'")


def test_weights_not_summing_to_one(genius_dir: Path, tmp_path: Path) -> None:
    d = _copy(genius_dir, tmp_path)
    p = d / "Laptop-C-prof1.xml"
    p.write_text(p.read_text().replace('value="0.4452125771655631"', 'value="0.9"'))
    _expect(d, "Laptop-C-prof1.xml", "sum to 1.455")


def test_empty_outcome_space(tmp_path: Path) -> None:
    d = tmp_path / "empty"
    d.mkdir()
    (d / "dom.xml").write_text('<negotiation_template><utility_space><objective name="x"/></utility_space>'
                               "</negotiation_template>")
    (d / "p.xml").write_text("<utility_space><objective/></utility_space>")
    _expect(d, "dom.xml", "empty outcome space")


def test_unsupported_constructs(genius_dir: Path, tmp_path: Path) -> None:
    d = _copy(genius_dir, tmp_path, "anac/y2016/AgentHp2")
    p = d / "consumer.xml"
    p.write_text(p.read_text().replace('ftype="linear"', 'ftype="quadratic"', 1))
    _expect(d, "consumer.xml", "quadratic", "not supported")
    d2 = tmp_path / "real"
    d2.mkdir()
    (d2 / "dom.xml").write_text('<negotiation_template><utility_space><objective>'
                                '<issue name="price" type="real" lowerbound="0" upperbound="1"/>'
                                "</objective></utility_space></negotiation_template>")
    (d2 / "p.xml").write_text("<utility_space/>")
    _expect(d2, "dom.xml", "'real'", "not supported")


def test_missing_folder_and_no_domain(tmp_path: Path) -> None:
    _expect(tmp_path / "nope", "no such file")
    (tmp_path / "a.xml").write_text("<utility_space/>")
    _expect(tmp_path, "no domain file")


def test_small_nonlinear_space_is_solved_exactly() -> None:
    from standoff.core.space import Issue, OutcomeSpace
    from standoff.engines.bargain import frontier_of, nash_point, pareto_indices

    rng = np.random.default_rng(5)
    space = OutcomeSpace(tuple(Issue(f"i{k}", tuple(str(v) for v in range(4)), kind="ordered") for k in range(4)))
    us = []
    for name in ("a", "b"):
        lo = rng.integers(0, 3, size=(6, 4))
        hi = np.minimum(lo + rng.integers(0, 3, size=(6, 4)), 3)
        us.append(HyperRectangleUtility(lo, hi, rng.random(6), scale=0.5, reservation=0.1, name=name))
    fr = frontier_of(space, us)
    codes = space.enumerate()
    U = np.stack([u(codes) for u in us], axis=1)
    np.testing.assert_array_equal(np.unique(U[pareto_indices(U)], axis=0), np.unique(fr.utilities, axis=0))
    zone = np.all(U > 0.1 + 1e-9, axis=1)
    if zone.any():
        _, u = nash_point(space, us, [0.1, 0.1])
        assert np.prod(u - 0.1) == pytest.approx(np.max(np.prod(U[zone] - 0.1, axis=1)))
