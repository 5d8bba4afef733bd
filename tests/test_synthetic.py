import datetime as dt
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck import RiskTier
from jointcheck.errors import InvalidInputError
from jointcheck.model import Department, is_valid_credit_code
from jointcheck.scenarios import xingan_2023_plan
from jointcheck.synthetic import (
    synthetic_codes,
    synthetic_inspectors,
    synthetic_population,
    synthetic_subjects,
)

ON = dt.date(2023, 3, 7)


def test_codes_are_valid_distinct_and_in_the_region() -> None:
    codes = [c.decode() for c in synthetic_codes(500, region="152201", seed=3).tolist()]
    assert len(set(codes)) == 500
    assert all(is_valid_credit_code(c) and c.startswith("91152201") for c in codes)


def test_population_is_reproducible_and_follows_the_shares() -> None:
    first = synthetic_population(2000, seed=5)
    assert first.digest() == synthetic_population(2000, seed=5).digest()
    assert first.digest() != synthetic_population(2000, seed=6).digest()
    only_high = synthetic_population(50, seed=1, tier_shares={RiskTier.HIGH: 1.0})
    assert only_high.counts_by_tier()[RiskTier.HIGH] == 50


def test_subjects_carry_the_population_rows() -> None:
    pop = synthetic_population(20, seed=2)
    codes = pop.code_strings()[:3]
    subjects = synthetic_subjects(pop, codes, tags=["医疗美容机构"])
    assert [s.code for s in subjects] == codes
    assert all(s.tags == ("医疗美容机构",) for s in subjects)
    assert [s.tier.code for s in subjects] == pop.tiers[:3].tolist()


def test_inspector_pool_has_every_unit_and_specialists() -> None:
    plan = xingan_2023_plan()
    pool = synthetic_inspectors(
        plan.departments,
        per_unit=4,
        on=ON,
        qualifications={"xam-nhc": ["公共场所卫生"]},
    )
    samr_units = {u.id for u in plan.department("xam-samr").units}
    counted = [p for p in pool if not p.specialist]
    assert len(counted) == 4 * len(samr_units) + 4
    assert {p.unit_id for p in counted if p.department_id == "xam-samr"} == samr_units
    specialists = [p for p in pool if p.specialist]
    assert {p.department_id for p in specialists} == {"xam-samr", "xam-nhc"}
    nhc_specialist = next(p for p in specialists if p.department_id == "xam-nhc")
    assert nhc_specialist.qualifications == ("公共场所卫生",)
    assert len({p.id for p in pool}) == len(pool)


def test_bad_arguments_are_named() -> None:
    with pytest.raises(InvalidInputError, match="region"):
        synthetic_codes(3, region="15")
    with pytest.raises(InvalidInputError, match="tier_shares"):
        synthetic_population(3, tier_shares={RiskTier.LOW: 0.0})
    with pytest.raises(InvalidInputError, match="per_unit"):
        synthetic_inspectors((), per_unit=-1, on=ON)


def test_inspectors_per_unit_counts_specialists_and_qualified_share() -> None:
    plan = xingan_2023_plan()
    samr = plan.department("xam-samr")
    first, second = (u.id for u in samr.units[:2])
    pool = synthetic_inspectors(
        plan.departments,
        per_unit={first: 3, second: 1, "xam-nhc": 4},
        on=ON,
        seed=3,
        qualifications={"xam-nhc": ["公共场所卫生"]},
        qualified_share=0.0,
        specialists={second: 2, "xam-nhc": 1},
    )
    assert pool == synthetic_inspectors(
        plan.departments,
        per_unit={first: 3, second: 1, "xam-nhc": 4},
        on=ON,
        seed=3,
        qualifications={"xam-nhc": ["公共场所卫生"]},
        qualified_share=0.0,
        specialists={second: 2, "xam-nhc": 1},
    )
    counted = Counter((p.department_id, p.unit_id) for p in pool if not p.specialist)
    assert counted == {("xam-samr", first): 3, ("xam-samr", second): 1, ("xam-nhc", None): 4}
    specialists = Counter((p.department_id, p.unit_id) for p in pool if p.specialist)
    assert specialists == {("xam-samr", second): 2, ("xam-nhc", None): 1}
    assert all(not p.qualifications for p in pool if not p.specialist)
    assert len({p.id for p in pool}) == len(pool)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10**6), expired=st.floats(0, 0.5), unavailable=st.floats(0, 0.5))
def test_inspector_shares_are_kept(seed: int, expired: float, unavailable: float) -> None:
    """600 inspectors: the expired and unavailable shares within 5 standard errors."""
    pool = synthetic_inspectors(
        [Department(id="d", name="某局")],
        per_unit=600,
        on=ON,
        seed=seed,
        expired_share=expired,
        unavailable_share=unavailable,
        specialists=0,
    )
    gone = sum(not p.is_certified_on(ON) for p in pool) / 600
    away = sum(not p.available for p in pool) / 600
    for observed, p in ((gone, expired), (away, unavailable)):
        assert abs(observed - p) <= 5 * (p * (1 - p) / 600) ** 0.5 + 1e-9


def test_bad_inspector_options_are_named() -> None:
    department = Department(id="d", name="某局")
    with pytest.raises(InvalidInputError, match="no unit or department id"):
        synthetic_inspectors([department], per_unit={"x": 1}, on=ON)
    with pytest.raises(InvalidInputError, match="expired_share"):
        synthetic_inspectors([department], per_unit=1, on=ON, expired_share=True)
    with pytest.raises(InvalidInputError, match="must not exceed 1"):
        synthetic_inspectors(
            [department], per_unit=1, on=ON, expired_share=0.7, unavailable_share=0.7
        )
    with pytest.raises(InvalidInputError, match="specialists=-1"):
        synthetic_inspectors([department], per_unit=1, on=ON, specialists=-1)
