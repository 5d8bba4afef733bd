"""Yearly frequency caps become exclusions with their reason."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InvalidInputError, ModelValidationError
from jointcheck.model import InspectionRecord, RiskTier, SamplingRule
from jointcheck.population import Population
from jointcheck.records import FrequencyCap, exclude_frequency_capped
from jointcheck.sampling import ExclusionReason, HashSampler, verify_draw

D = dt.date


def test_cap_per_tier_and_reason(population) -> None:  # type: ignore[no-untyped-def]
    rows = population.subject_rows(population.code_strings()[:8])
    by_tier = {}
    for row in rows:
        by_tier.setdefault(RiskTier.parse(row["tier"]), []).append(row["code"])
    cap = FrequencyCap(department_id="samr", per_year=1, per_tier={"D": 2}, source="某局公告")
    history = []
    for _tier, codes in by_tier.items():
        for code in codes:
            history.append(
                InspectionRecord(subject_code=code, department_id="samr", day=D(2023, 3, 1))
            )
    excluded = exclude_frequency_capped(population, history, cap=cap, year=2023, on=D(2023, 6, 1))
    expected = {c for t, codes in by_tier.items() if t is not RiskTier.HIGH for c in codes}
    assert set(excluded.codes) == expected
    assert excluded.reason is ExclusionReason.FREQUENCY_CAP
    assert "每年1次" in excluded.detail
    assert "高风险2次" in excluded.detail
    assert "某局公告" in excluded.detail
    # A second visit to a D subject reaches its cap of 2.
    d_code = by_tier.get(RiskTier.HIGH, [None])[0]
    if d_code is not None:
        again = [
            *history,
            InspectionRecord(subject_code=d_code, department_id="samr", day=D(2023, 4, 1)),
        ]
        assert (
            d_code
            in exclude_frequency_capped(
                population, again, cap=cap, year=2023, on=D(2023, 6, 1)
            ).codes
        )


def test_only_the_department_the_year_and_before_the_draw_count(population) -> None:  # type: ignore[no-untyped-def]
    code = population.code_strings()[0]
    cap = FrequencyCap(department_id="samr", per_year=1)
    ignored = [
        InspectionRecord(subject_code=code, department_id="nhc", day=D(2023, 3, 1)),
        InspectionRecord(subject_code=code, department_id="samr", day=D(2022, 12, 31)),
        InspectionRecord(
            subject_code=code, department_id="samr", day=D(2023, 6, 1)
        ),  # the draw day
        InspectionRecord(
            subject_code="91140525000000999X", department_id="samr", day=D(2023, 3, 1)
        ),
    ]
    assert (
        exclude_frequency_capped(population, ignored, cap=cap, year=2023, on=D(2023, 6, 1)).codes
        == ()
    )


def test_same_day_records_are_one_visit(population) -> None:  # type: ignore[no-untyped-def]
    code = population.code_strings()[0]
    cap = FrequencyCap(department_id="samr", per_year=2, per_tier=dict.fromkeys(RiskTier, 2))
    twice = [InspectionRecord(subject_code=code, department_id="samr", day=D(2023, 3, 1))] * 2
    assert (
        exclude_frequency_capped(population, twice, cap=cap, year=2023, on=D(2023, 6, 1)).codes
        == ()
    )


def test_bad_caps_and_days() -> None:
    with pytest.raises(ModelValidationError, match="per_year"):
        FrequencyCap(department_id="samr", per_year=0)
    with pytest.raises(ModelValidationError, match="at least 1"):
        FrequencyCap(department_id="samr", per_year=1, per_tier={"C": 0})
    empty = Population.from_arrays([], [])
    with pytest.raises(InvalidInputError, match="not in the year"):
        exclude_frequency_capped(
            empty,
            [],
            cap=FrequencyCap(department_id="s", per_year=1),
            year=2023,
            on=D(2024, 1, 1),
        )


@settings(max_examples=30, deadline=None)
@given(
    visits=st.lists(st.tuples(st.integers(0, 19), st.integers(1, 300)), max_size=40),
    per_year=st.integers(1, 3),
    high=st.integers(1, 4),
)
def test_excluded_exactly_those_at_their_cap_and_the_draw_respects_it(
    population, visits, per_year, high
) -> None:  # type: ignore[no-untyped-def]
    codes = population.code_strings()[:20]
    history = [
        InspectionRecord(
            subject_code=codes[i], department_id="samr", day=D(2023, 1, 1) + dt.timedelta(days=d)
        )
        for i, d in visits
    ]
    cap = FrequencyCap(department_id="samr", per_year=per_year, per_tier={RiskTier.HIGH: high})
    on = D(2023, 7, 1)
    excluded = exclude_frequency_capped(population, history, cap=cap, year=2023, on=on)
    tiers = {r["code"]: RiskTier.parse(r["tier"]) for r in population.subject_rows(codes)}
    counts: dict[str, set[dt.date]] = {}
    for record in history:
        if record.day < on:
            counts.setdefault(record.subject_code, set()).add(record.day)
    expected = {c for c, days in counts.items() if len(days) >= cap.limit(tiers[c])}
    assert set(excluded.codes) == expected
    draw = HashSampler().draw(population, SamplingRule.parse("100%"), seed="x", exclude=[excluded])
    assert not set(draw.selected) & expected
    assert verify_draw(draw, population, allow_unbound_seed=True) == []


def test_results_count_as_inspections(population) -> None:  # type: ignore[no-untyped-def]
    from jointcheck.forms import InspectionResult
    from jointcheck.model import ResultCategory

    code = population.code_strings()[0]
    result = InspectionResult(
        task_id="t",
        subject_code=code,
        department_id="samr",
        categories=(ResultCategory.NO_PROBLEM_FOUND,),
        inspected_on=D(2023, 3, 1),
        inspector_ids=("a", "b"),
        entered_on=D(2023, 3, 2),
        entered_by="a",
    )
    cap = FrequencyCap(department_id="samr", per_year=1)
    excluded = exclude_frequency_capped(population, [result], cap=cap, year=2023, on=D(2023, 6, 1))
    assert excluded.codes == (code,)
