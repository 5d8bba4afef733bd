"""Built-in plans of the notices: what each notice prints, and the dates they derive."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jointcheck.scenarios as scenarios
from jointcheck.model import (
    Plan,
    PoolScope,
    RiskTier,
    SamplingRule,
    ScopeKind,
    SubjectKind,
    UnitKind,
)
from jointcheck.records import FindingCode, check_plan_timeline, disclosure_deadline
from jointcheck.scenarios import (
    LIANCHI_OBJECT_TAGS,
    LIANCHI_RATIO_TEXT,
    LIANCHI_TAGS_WITHOUT_ITEMS,
    QINHUANGDAO_COUNTY_UNITS,
    QINHUANGDAO_ITEM_SECTIONS,
    XIAO_TOWNS,
    lianchi_2023_plan,
    qinhuangdao_2023_plan,
    xiao_2025_plan,
    xingan_2023_plan,
)
from jointcheck.workdays import ChinaCalendar

PLANS = (xingan_2023_plan, lianchi_2023_plan, qinhuangdao_2023_plan, xiao_2025_plan)


@pytest.fixture(scope="module")
def calendar() -> ChinaCalendar:
    return ChinaCalendar()


def test_all_is_sorted() -> None:
    assert scenarios.__all__ == sorted(scenarios.__all__)


@pytest.mark.parametrize("build", PLANS)
def test_plans_round_trip_through_json(build: object) -> None:
    plan = build()  # type: ignore[operator]
    assert Plan.model_validate_json(plan.model_dump_json()) == plan
    assert build() == plan  # type: ignore[operator]


# ---------------------------------------------------------------------- 001 Lianchi


def test_lianchi_has_three_departments_and_their_items() -> None:
    plan = lianchi_2023_plan()
    task = plan.tasks[0]
    assert plan.initiator_id == "lc-nhc"
    assert [d.name for d in plan.departments] == [
        "保定市莲池区卫生健康局",
        "保定市莲池区文化广电和旅游局",
        "保定市莲池区医疗保障局",
    ]
    assert [len(task.items_for(d.id)) for d in plan.departments] == [11, 1, 2]
    assert task.scope is ScopeKind.DIRECTED
    assert task.disclosure_working_days == 10
    assert task.sampling.text == "按照企业信用风险分级分类，抽查比例5%以上"
    assert task.sampling.overall is not None
    assert task.sampling.overall.percent == 5
    assert task.sampling.weights is not None
    assert all(task.team_requirement(d.id).min_members == 2 for d in plan.departments)


def test_lianchi_items_cover_every_object_kind_but_the_occupational_ones() -> None:
    task = lianchi_2023_plan().tasks[0]
    covered = {tag for item in task.check_items for tag in item.applies_to_tags}
    assert covered == set(LIANCHI_OBJECT_TAGS) - set(LIANCHI_TAGS_WITHOUT_ITEMS)
    assert set(task.required_tags) == set(LIANCHI_OBJECT_TAGS)
    professional = {i.qualification for i in task.check_items if i.qualification}
    assert professional == {"放射卫生", "采供血"}


def test_lianchi_confirmation_takes_two_working_days(calendar: ChinaCalendar) -> None:
    task = lianchi_2023_plan().tasks[0]
    assert task.extraction is not None
    assert task.inspection is not None
    # 两个工作日内完成比对和确认: the draw on Thursday 2023-07-20, confirmed by Monday 07-24
    assert calendar.add_workdays(task.extraction.start, 2) == task.extraction.end
    assert calendar.next_workday(task.extraction.end) == task.inspection.start
    assert disclosure_deadline(task, calendar=calendar) == dt.date(2023, 11, 13)


def test_lianchi_quotas_rise_with_risk_and_meet_five_percent() -> None:
    rule = lianchi_2023_plan().tasks[0].sampling
    assert rule == SamplingRule.parse(LIANCHI_RATIO_TEXT)  # the plan reads its own text
    quotas = rule.quotas({"D": 78, "C": 124, "B": 437, "A": 482, RiskTier.UNRATED: 456})
    # N = 78 + 124 + 437 + 482 + 456 = 1577; 5%以上 → ceil(78.85) = 79, shared exactly.
    # Weighted size 78·8 + 124·4 + 437·2 + 482·1 + 456·2 (UNRATED as 一般) = 3388, λ = 79/3388:
    # exact shares D 14.550, C 11.565, B 20.380, A 11.239, U 21.266 → floors 14+11+20+11+21 = 77;
    # the two largest remainders (C .565, D .550) get one more each.
    assert quotas.overall_minimum == quotas.total == 79
    assert quotas.as_dict() == {
        RiskTier.HIGH: 15,
        RiskTier.HIGHER: 12,
        RiskTier.MEDIUM: 20,
        RiskTier.LOW: 11,
        RiskTier.UNRATED: 21,
    }
    assert quotas.unsampled == ()


# ---------------------------------------------------------------------- 002 Qinhuangdao


def test_qinhuangdao_items_sections_and_county_units() -> None:
    plan = qinhuangdao_2023_plan()
    task = plan.tasks[0]
    (department,) = plan.departments
    assert len(task.check_items) == 11
    assert set(QINHUANGDAO_ITEM_SECTIONS) == {i.id for i in task.check_items}
    sections = {u.id: u for u in department.units if u.kind is UnitKind.SECTION}
    assert set(QINHUANGDAO_ITEM_SECTIONS.values()) <= set(sections)
    assert {sections[s].name for s in QINHUANGDAO_ITEM_SECTIONS.values()} == {
        "竞争科",
        "网广科",
        "质监科",
        "认证科",
        "计量科",
        "标准化科",
        "知识产权科",
    }
    counties = [department.unit(u) for u in QINHUANGDAO_COUNTY_UNITS]
    jurisdictions = [j for u in counties for j in u.jurisdictions]
    assert len(jurisdictions) == len(set(jurisdictions)) == 10
    assert all(len(i.applies_to_tags) == 1 for i in task.check_items)
    assert task.team_requirement(department.id).scope is PoolScope.SAME_UNIT
    assert task.sampling.overall is not None
    assert task.sampling.overall.percent == 3
    assert task.inspection is not None
    assert (task.inspection.start, task.inspection.end) == (
        dt.date(2023, 11, 13),
        dt.date(2023, 12, 31),
    )


@settings(max_examples=60, deadline=None)
@given(
    counts=st.fixed_dictionaries(
        {tier: st.integers(min_value=0, max_value=20_000) for tier in RiskTier.rated()}
    ).filter(lambda c: sum(c.values()) > 0)
)
def test_qinhuangdao_draws_at_least_three_percent(counts: dict[RiskTier, int]) -> None:
    rule = qinhuangdao_2023_plan().tasks[0].sampling
    assert rule == SamplingRule.parse(rule.text or "")  # the plan reads its own text
    quotas = rule.quotas(counts)
    total = sum(counts.values())
    assert quotas.total == -(-3 * total // 100)  # exactly ceil(3% · N)
    ratios = [quotas.record(t).ratio_fraction for t in RiskTier.rated() if counts[t]]
    assert ratios == sorted(ratios)  # the recorded ratios rise with risk (1:2:4:8, capped at 1)


# ---------------------------------------------------------------------- 004 Xiao


def test_xiao_draws_everyone_with_two_of_each_department() -> None:
    plan = xiao_2025_plan()
    task = plan.tasks[0]
    nhc, samr = plan.departments
    assert plan.initiator_id == nhc.id
    assert task.sampling.quotas({"A": 3, "D": 2, RiskTier.UNRATED: 4}).total == 9
    assert task.team_requirement(nhc.id).min_members == 2
    assert task.team_requirement(samr.id).min_members == 2
    assert task.team_requirement(samr.id).scope is PoolScope.SAME_UNIT
    assert [u.jurisdictions[0] for u in samr.units] == [town for _, town in XIAO_TOWNS]
    online = [i for i in task.check_items if i.applies_to_tags]
    assert [(i.name, i.applies_to_tags, i.qualification) for i in online] == [
        ("对药品网络销售的检查", ("药品网络销售",), "药品")
    ]
    assert SubjectKind.INSTITUTION in task.subject_kinds


def test_timeline_findings_of_the_builtin_plans(calendar: ChinaCalendar) -> None:
    codes = {
        build.__name__: [f.code for f in check_plan_timeline(build(), calendar=calendar)]
        for build in PLANS
    }
    shorter = FindingCode.DISCLOSURE_SHORTER_THAN_RULE
    assert codes == {
        "xingan_2023_plan": [shorter] * 3,  # 4月30日 leaves 16 of the 20 working days
        "lianchi_2023_plan": [],
        "qinhuangdao_2023_plan": [],
        "xiao_2025_plan": [shorter],  # 10月30日 is the last day of the inspection window
    }
    xiao = xiao_2025_plan().tasks[0]
    assert disclosure_deadline(xiao, calendar=calendar) == dt.date(2025, 10, 30)
