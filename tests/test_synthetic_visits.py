"""The one seeded simulator: deterministic per seed, the rates it promises, valid records."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InvalidInputError
from jointcheck.forms import FormTeam, InspectionForm, InspectionResult, SignatureStatus
from jointcheck.model import (
    CheckItem,
    DateWindow,
    Department,
    Plan,
    ResultCategory,
    RiskTier,
    Subject,
    SubjectKind,
    Task,
)
from jointcheck.records import DisclosureState, PlanLedger, summarize, track_disclosure
from jointcheck.synthetic import (
    SubjectGroup,
    VisitRates,
    synthetic_population,
    synthetic_registry,
    synthetic_visits,
)
from jointcheck.workdays import FixedCalendar

SAMR, NHC = "samr", "nhc"
WINDOW = DateWindow(start=dt.date(2025, 4, 1), end=dt.date(2025, 6, 30))
CALENDAR = FixedCalendar(dt.date(2025, 1, 1), dt.date(2026, 12, 31))
TASK = Task(
    id="t",
    name="联合抽查",
    check_items=(
        CheckItem(id="samr-1", department_id=SAMR, name="登记事项检查"),
        CheckItem(id="samr-2", department_id=SAMR, name="广告发布行为检查"),
        CheckItem(id="nhc-1", department_id=NHC, name="机构资质检查"),
    ),
    sampling="100%",
    inspection=WINDOW,
    disclosure_working_days=20,
)
PLAN = Plan(
    id="p",
    name="计划",
    year=2025,
    initiator_id=SAMR,
    departments=(
        Department(id=SAMR, name="某县市场监督管理局"),
        Department(id=NHC, name="某县卫生健康委员会"),
    ),
    tasks=(TASK,),
)
TEAMS = (FormTeam.from_ids(SAMR, ["s1", "s2"]), FormTeam.from_ids(NHC, ["n1", "n2"]))


@cache
def forms(n: int) -> tuple[InspectionForm, ...]:
    registry = synthetic_registry(
        [SubjectGroup(n, tags=("医疗机构",))], region="341322", jurisdictions=("城关镇",), seed=n
    )
    subjects = registry.subjects(registry.population.code_strings())
    return tuple(InspectionForm.build(PLAN, "t", s, TEAMS) for s in subjects)


def visits(n: int, **options: object) -> object:
    return synthetic_visits(TASK, forms(n), calendar=CALENDAR, seed="s", **options)  # type: ignore[arg-type]


@settings(max_examples=20, deadline=None)
@given(seed=st.text(max_size=10), order=st.randoms(use_true_random=False))
def test_deterministic_per_seed_and_independent_of_form_order(
    seed: str, order: random.Random
) -> None:
    first = synthetic_visits(TASK, forms(12), calendar=CALENDAR, seed=seed, late=2, not_entered=1)
    again = synthetic_visits(TASK, forms(12), calendar=CALENDAR, seed=seed, late=2, not_entered=1)
    assert first == again
    shuffled = list(forms(12))
    order.shuffle(shuffled)
    other = synthetic_visits(TASK, shuffled, calendar=CALENDAR, seed=seed, late=2, not_entered=1)
    assert other.results == first.results
    assert sorted(f.subject.code for f in other.forms) == sorted(
        f.subject.code for f in first.forms
    )
    assert {f.subject.code: f for f in other.forms} == {f.subject.code: f for f in first.forms}


def test_another_seed_gives_another_round() -> None:
    one = synthetic_visits(TASK, forms(12), calendar=CALENDAR, seed="a")
    two = synthetic_visits(TASK, forms(12), calendar=CALENDAR, seed="b")
    assert one.results != two.results


def _shares(counts: Counter[str], total: int) -> dict[str, float]:
    return {k: v / total for k, v in counts.items()}


def test_the_default_rates_are_kept_within_sampling_error() -> None:
    """2,000 subjects × 2 departments: each share within 4.5 standard errors of its rate."""
    n = 2000
    done = synthetic_visits(TASK, forms(n), calendar=CALENDAR, seed="rates")
    rates = VisitRates()
    states = Counter(r.categories[0] for r in done.results if r.department_id == SAMR)
    expected = {
        ResultCategory.UNREACHABLE_AT_ADDRESS: rates.unreachable,
        ResultCategory.CLOSED_OR_LIQUIDATING: rates.closed,
        ResultCategory.SERIOUS_NON_COOPERATION: rates.refused,
    }
    open_share = 1 - sum(expected.values())
    expected.update(
        {
            ResultCategory.CORRECTED_AFTER_ORDER: open_share * rates.corrected,
            ResultCategory.OTHER_MARKET_VIOLATION: open_share * rates.pending,
            ResultCategory.NO_RELEVANT_BUSINESS: open_share * rates.no_business,
        }
    )
    for category, p in expected.items():
        error = 4.5 * (p * (1 - p) / n) ** 0.5
        assert abs(states[category] / n - p) <= error, (category, states[category])
    refused = sum(f.signature.status is SignatureStatus.REFUSED for f in done.forms)
    assert abs(refused / n - rates.refused) <= 4.5 * (rates.refused / n) ** 0.5


@pytest.mark.parametrize(
    ("rates", "category"),
    [
        (VisitRates(unreachable=1.0, closed=0, refused=0), ResultCategory.UNREACHABLE_AT_ADDRESS),
        (VisitRates(unreachable=0, closed=1.0, refused=0), ResultCategory.CLOSED_OR_LIQUIDATING),
        (VisitRates(unreachable=0, closed=0, refused=1.0), ResultCategory.SERIOUS_NON_COOPERATION),
        (
            VisitRates(unreachable=0, closed=0, refused=0, corrected=1.0, pending=0, no_business=0),
            ResultCategory.CORRECTED_AFTER_ORDER,
        ),
        (
            VisitRates(unreachable=0, closed=0, refused=0, corrected=0, pending=0, no_business=0),
            ResultCategory.NO_PROBLEM_FOUND,
        ),
    ],
)
def test_a_rate_of_one_or_zero_is_exact(rates: VisitRates, category: ResultCategory) -> None:
    done = synthetic_visits(TASK, forms(30), calendar=CALENDAR, seed="x", rates=rates)
    assert {r.categories for r in done.results} == {(category,)}
    signatures = Counter(f.signature.status for f in done.forms)
    if category is ResultCategory.SERIOUS_NON_COOPERATION:
        assert signatures == Counter({SignatureStatus.REFUSED: 30})
    elif category is ResultCategory.UNREACHABLE_AT_ADDRESS:
        assert signatures == Counter({SignatureStatus.UNSIGNED: 30})
    else:
        assert signatures == Counter({SignatureStatus.SIGNED: 30})


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 25),
    late=st.integers(0, 6),
    missing=st.integers(0, 6),
    seed=st.text(max_size=8),
    shares=st.lists(st.floats(0, 0.3), min_size=6, max_size=6),
)
def test_every_record_validates_and_the_ledger_takes_the_round(
    n: int, late: int, missing: int, seed: str, shares: list[float]
) -> None:
    late, missing = min(late, n), min(missing, n)
    names = ("unreachable", "closed", "refused", "corrected", "pending", "no_business")
    rates = VisitRates(**dict(zip(names, shares, strict=True)))
    done = synthetic_visits(
        TASK, forms(n), calendar=CALENDAR, seed=seed, rates=rates, late=late, not_entered=missing
    )
    assert len(done.results) == 2 * n - missing
    assert len(done.late) == late
    assert len(done.not_entered) == missing
    for result in done.results:
        assert InspectionResult.model_validate_json(result.model_dump_json()) == result
        assert WINDOW.start <= result.inspected_on <= WINDOW.end
        assert result.inspected_on <= result.entered_on
    for form in done.forms:
        assert InspectionForm.model_validate_json(form.model_dump_json()) == form
    ledger = PlanLedger.open(PLAN).add_forms("t", done.forms).record_results(done.results)
    report = track_disclosure(ledger, calendar=CALENDAR, as_of=dt.date(2026, 6, 30))
    assert report.count(DisclosureState.LATE) == late
    assert report.count(DisclosureState.OVERDUE) == missing
    assert report.count(DisclosureState.ON_TIME) == 2 * n - late - missing
    assert sum(row.subjects_inspected for row in summarize(ledger).rows) == 2 * n - missing


def test_the_registry_is_exact_per_group_and_deterministic() -> None:
    groups = [
        SubjectGroup(40, kind=SubjectKind.INSTITUTION, tags=("医疗机构", "放射诊疗单位")),
        SubjectGroup(25, kind=SubjectKind.INDIVIDUAL_BUSINESS, tags=("公共场所",)),
        SubjectGroup(3, tags=("药店",), tiers=(RiskTier.LOW,) * 3),
    ]
    options = {"region": "130606", "jurisdictions": ("东关街道", "城关镇"), "seed": 7}
    registry = synthetic_registry(groups, **options)  # type: ignore[arg-type]
    again = synthetic_registry(groups, **options)  # type: ignore[arg-type]
    assert again.population.digest() == registry.population.digest()
    assert again.tags == registry.tags
    assert len(registry.library(tags=("医疗机构",))) == 40
    assert len(registry.library(kinds=[SubjectKind.INDIVIDUAL_BUSINESS])) == 25
    pharmacies = registry.library(tags=("药店",))
    assert pharmacies.counts_by_tier()[RiskTier.LOW] == 3
    subjects = registry.subjects(registry.population.code_strings())
    assert len({s.code for s in subjects}) == 68
    for subject in subjects:
        assert Subject.model_validate_json(subject.model_dump_json()) == subject
        prefix = {"INSTITUTION": "12", "INDIVIDUAL_BUSINESS": "92", "ENTERPRISE": "91"}
        assert subject.code.startswith(prefix[subject.kind.value] + "130606")
    towns = [s for s in subjects if s.jurisdiction == "城关镇"]
    assert all(s.name.startswith("城关") for s in towns)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: VisitRates(refused=True), "refused=True must be a share"),
        (lambda: VisitRates(closed=1.5), "closed=1.5 must be a share"),
        (lambda: VisitRates(unreachable=0.6, closed=0.6), "must not exceed 1"),
        (lambda: visits(3, late=5, not_entered=2), "exceed the 6 results"),
        (lambda: visits(3, late=-1), "late=-1 must be a whole number"),
        (
            lambda: synthetic_visits(TASK, forms(3), calendar=CALENDAR, seed=True),
            "seed must be a str or a number",
        ),
        (
            lambda: synthetic_registry(
                [SubjectGroup(1)], region="152201", jurisdictions=("x",), seed=-1
            ),
            "seed -1 must be a whole number >= 0",
        ),
        (
            lambda: synthetic_population(3, seed=True),
            "seed must be a number",
        ),
        (
            lambda: visits(
                3, window=DateWindow(start=dt.date(2025, 4, 5), end=dt.date(2025, 4, 6))
            ),
            "has no working day",
        ),
        (lambda: SubjectGroup(2, tiers=(RiskTier.LOW,)), "but 1 tiers"),
        (lambda: SubjectGroup(-1), "n=-1 must be a whole number"),
        (lambda: SubjectGroup(2, tags="药店"), "not one string"),
        (
            lambda: synthetic_registry(
                [SubjectGroup(1)], region="13", jurisdictions=("x",), seed=1
            ),
            "region '13' must be a 6-digit",
        ),
        (
            lambda: synthetic_registry(
                [SubjectGroup(1)], region="130606", jurisdictions="东关", seed=1
            ),
            "jurisdictions must be a sequence",
        ),
    ],
)
def test_bad_options_are_named(call: object, words: str) -> None:
    with pytest.raises(InvalidInputError, match=words):
        call()  # type: ignore[operator]


def test_status_shares_give_closed_registrations() -> None:
    from jointcheck.model import OperatingStatus

    registry = synthetic_registry(
        [
            SubjectGroup(5, status_shares={OperatingStatus.DEREGISTERED: 1.0}),
            SubjectGroup(7),
        ],
        region="152201",
        jurisdictions=("乌兰浩特市",),
        seed=3,
    )
    closed = registry.library(statuses=[OperatingStatus.DEREGISTERED])
    assert len(closed) == 5
    assert len(registry.library(statuses=[OperatingStatus.OPERATING])) == 7
