"""Strategies for the domain models and for columnar populations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
from hypothesis import strategies as st

from jointcheck._internal.credit_code import CHARSET
from jointcheck.errors import InvalidInputError
from jointcheck.model import (
    TEAM_EXEMPT_METHODS,
    Certificate,
    CheckItem,
    DateWindow,
    Department,
    InspectionMethod,
    Inspector,
    OperatingStatus,
    Plan,
    RiskTier,
    SamplingRule,
    ScopeKind,
    Subject,
    SubjectKind,
    Task,
    TeamRequirement,
    Unit,
    UnitKind,
    credit_code_check_character,
)
from jointcheck.population import Population

__all__ = [
    "certificates",
    "check_items",
    "credit_codes",
    "departments",
    "inspectors",
    "plans",
    "populations",
    "risk_tiers",
    "subject_codes",
    "subjects",
    "tasks",
    "team_requirements",
]

_NAME_CHARS = (
    "安北宝诚达东方丰福广和恒华济嘉江金康乐利林隆美民宁鹏平清荣瑞山盛顺泰天通万鑫新兴阳一永裕源泽众"
)
_JURISDICTIONS = ("152201", "152202", "152221", "152222", "152223", "152224")
_QUALIFICATIONS = ("医疗器械", "公共场所卫生", "计量", "特种设备", "药品")
_TAGS = ("医疗美容机构", "生活美容场所", "加油站", "眼镜配制单位", "小作坊")


def _check_sizes(min_size: int, max_size: int | None) -> None:
    if min_size < 0:
        raise InvalidInputError(
            f"min_size={min_size} must be >= 0", field="min_size", value=min_size
        )
    if max_size is not None and max_size < min_size:
        raise InvalidInputError(
            f"Cannot have max_size={max_size} < min_size={min_size}",
            field="max_size",
            value=max_size,
        )


def credit_codes() -> st.SearchStrategy[str]:
    """Valid 统一社会信用代码: 2 charset characters, 6 digits, 9 charset characters, check character."""
    charset = st.sampled_from(CHARSET)
    prefix = st.tuples(
        st.text(CHARSET, min_size=2, max_size=2),
        st.text("0123456789", min_size=6, max_size=6),
        st.lists(charset, min_size=9, max_size=9).map("".join),
    ).map("".join)
    return prefix.map(lambda p: p + credit_code_check_character(p))


def subject_codes() -> st.SearchStrategy[str]:
    """Subject identifiers: mostly credit codes, sometimes a legacy 15-digit 注册号."""
    return st.one_of(credit_codes(), st.text("0123456789", min_size=15, max_size=15))


def risk_tiers(*, rated_only: bool = False) -> st.SearchStrategy[RiskTier]:
    """Risk tiers; ``rated_only`` leaves out UNRATED."""
    return st.sampled_from(RiskTier.rated() if rated_only else tuple(RiskTier))


def _names(suffix: str) -> st.SearchStrategy[str]:
    return st.text(_NAME_CHARS, min_size=1, max_size=6).map(lambda s: s + suffix)


def subjects(*, tiers: Sequence[RiskTier] | None = None) -> st.SearchStrategy[Subject]:
    """Market subjects, optionally restricted to ``tiers``."""
    return st.builds(
        Subject,
        code=subject_codes(),
        name=_names("有限公司"),
        kind=st.sampled_from(SubjectKind),
        tier=st.sampled_from(tuple(tiers)) if tiers else risk_tiers(),
        jurisdiction=st.sampled_from(_JURISDICTIONS),
        status=st.sampled_from(OperatingStatus),
        tags=st.lists(st.sampled_from(_TAGS), max_size=2).map(tuple),
    )


def _dates(
    start: dt.date = dt.date(2015, 1, 1), end: dt.date = dt.date(2035, 12, 31)
) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=start, max_value=end)


def _windows() -> st.SearchStrategy[DateWindow]:
    return st.tuples(_dates(), st.integers(0, 120)).map(
        lambda p: DateWindow(start=p[0], end=p[0] + dt.timedelta(days=p[1]))
    )


def certificates() -> st.SearchStrategy[Certificate]:
    """Law-enforcement certificates whose validity ends on or after it starts."""
    return st.builds(
        lambda number, start, days: Certificate(
            number=number, valid_from=start, valid_until=start + dt.timedelta(days=days)
        ),
        st.text("0123456789", min_size=8, max_size=12),
        _dates(),
        st.integers(0, 3650),
    )


def inspectors(
    *, department_ids: Sequence[str] = ("SAMR", "NHC"), unit_ids: Sequence[str] = ("U1", "U2")
) -> st.SearchStrategy[Inspector]:
    """Inspectors of the given departments and units."""
    if not department_ids:
        raise InvalidInputError(
            "department_ids must not be empty", field="department_ids", value=department_ids
        )
    return st.builds(
        Inspector,
        id=st.text("0123456789", min_size=1, max_size=8).map(lambda s: "I" + s),
        name=_names(""),
        department_id=st.sampled_from(tuple(department_ids)),
        unit_id=st.none() | st.sampled_from(tuple(unit_ids)) if unit_ids else st.none(),
        jurisdiction=st.none() | st.sampled_from(_JURISDICTIONS),
        certificate=st.none() | certificates(),
        qualifications=st.lists(st.sampled_from(_QUALIFICATIONS), max_size=2).map(tuple),
        specialist=st.booleans(),
        available=st.booleans(),
    )


def check_items(*, department_ids: Sequence[str] = ("SAMR", "NHC")) -> st.SearchStrategy[CheckItem]:
    """Check items of the given departments."""
    if not department_ids:
        raise InvalidInputError(
            "department_ids must not be empty", field="department_ids", value=department_ids
        )
    return st.builds(
        CheckItem,
        id=st.text("0123456789", min_size=1, max_size=4).map(lambda s: "C" + s),
        department_id=st.sampled_from(tuple(department_ids)),
        name=_names("检查"),
        legal_basis=st.sampled_from(("", "《企业信息公示暂行条例》", "《公共场所卫生管理条例》")),
        qualification=st.none() | st.sampled_from(_QUALIFICATIONS),
        applies_to_tags=st.lists(st.sampled_from(_TAGS), max_size=1).map(tuple),
    )


def team_requirements(
    *, department_id: str = "SAMR", on_site: bool = False
) -> st.SearchStrategy[TeamRequirement]:
    """Team requirements of one department (1–4 members, some or all certified); with
    ``on_site=True`` at least two certified (行政处罚法 art. 42)."""
    least = 2 if on_site else 1
    return st.integers(least, 4).flatmap(
        lambda members: st.builds(
            TeamRequirement,
            department_id=st.just(department_id),
            min_members=st.just(members),
            certified_members=st.none() | st.integers(2 if on_site else 0, members),
            qualifications=st.lists(st.sampled_from(_QUALIFICATIONS), max_size=2).map(tuple),
        )
    )


def tasks(*, department_ids: Sequence[str] = ("SAMR", "NHC")) -> st.SearchStrategy[Task]:
    """Tasks whose check items belong to ``department_ids`` (ids unique within the task)."""
    if not department_ids:
        raise InvalidInputError(
            "department_ids must not be empty", field="department_ids", value=department_ids
        )

    @st.composite
    def build(draw: st.DrawFn) -> Task:
        items = draw(
            st.lists(
                check_items(department_ids=department_ids),
                min_size=1,
                max_size=4,
                unique_by=lambda c: c.id,
            )
        )
        present = sorted({item.department_id for item in items})
        staffed = draw(st.lists(st.sampled_from(present), unique=True, max_size=len(present)))
        method = draw(st.sampled_from(InspectionMethod))
        on_site = method not in TEAM_EXEMPT_METHODS
        return Task(
            id=draw(st.text("0123456789", min_size=1, max_size=4).map(lambda s: "T" + s)),
            name=draw(_names("联合检查")),
            scope=draw(st.sampled_from(ScopeKind)),
            target=draw(st.sampled_from(("", "全县企业", "医疗美容场所"))),
            subject_kinds=tuple(
                draw(st.lists(st.sampled_from(SubjectKind), min_size=1, max_size=2, unique=True))
            ),
            check_items=tuple(items),
            sampling=SamplingRule.parse(
                draw(st.sampled_from(("无风险等级抽取30%", "100%", "按照总体不低于3%的比例抽取")))
            ),
            method=method,
            inspection=draw(st.none() | _windows()),
            disclosure_working_days=draw(st.integers(1, 30)),
            team_requirements=tuple(
                draw(team_requirements(department_id=d, on_site=on_site)) for d in staffed
            ),
        )

    return build()


def departments(
    *, ids: Sequence[str] = ("SAMR", "NHC")
) -> st.SearchStrategy[tuple[Department, ...]]:
    """One department per id, each with up to two units (unit ids unique across departments)."""
    if not ids:
        raise InvalidInputError("ids must not be empty", field="ids", value=ids)

    def build(dept_id: str, n_units: int) -> Department:
        units = tuple(
            Unit(
                id=f"{dept_id}-U{i}",
                name=f"第{i}所",
                kind=UnitKind.STATION,
                jurisdictions=(_JURISDICTIONS[i],),
            )
            for i in range(n_units)
        )
        return Department(id=dept_id, name=f"{dept_id}局", units=units)

    def units_of(dept_id: str) -> st.SearchStrategy[Department]:
        return st.integers(0, 2).map(lambda n: build(dept_id, n))

    return st.tuples(*(units_of(d) for d in ids))


def plans() -> st.SearchStrategy[Plan]:
    """Valid plans: one or two departments, tasks whose check items belong to them."""

    @st.composite
    def build(draw: st.DrawFn) -> Plan:
        ids = draw(st.sampled_from((("SAMR",), ("SAMR", "NHC"), ("NHC", "SAMR", "HSA"))))
        depts = draw(departments(ids=ids))
        task_list = draw(
            st.lists(tasks(department_ids=ids), min_size=1, max_size=3, unique_by=lambda t: t.id)
        )
        year = draw(st.integers(2016, 2035))
        return Plan(
            id=draw(st.text("0123456789", min_size=1, max_size=4).map(lambda s: "P" + s)),
            name=draw(_names("双随机抽查计划")),
            year=year,
            initiator_id=ids[0],
            departments=depts,
            tasks=tuple(task_list),
        )

    return build()


def populations(
    *, min_size: int = 0, max_size: int | None = 60, tiers: Sequence[RiskTier] | None = None
) -> st.SearchStrategy[Population]:
    """Populations of unique valid codes, tiers drawn from ``tiers`` (default: all five)."""
    _check_sizes(min_size, max_size)
    if tiers is not None and not tiers:
        raise InvalidInputError("tiers must not be empty", field="tiers", value=tiers)
    tier_strategy = st.sampled_from(tuple(tiers)) if tiers else risk_tiers()
    rows = st.lists(
        st.tuples(subject_codes(), tier_strategy, st.sampled_from(_JURISDICTIONS)),
        min_size=min_size,
        max_size=max_size,
        unique_by=lambda row: row[0],
    )
    return rows.map(
        lambda rs: Population.from_arrays(
            np.array([r[0] for r in rs], dtype="U18"),
            np.array([r[1].code for r in rs], dtype=np.uint8),
            jurisdictions=np.array([r[2] for r in rs], dtype="U6"),
        )
    )


st.register_type_strategy(Subject, subjects())
st.register_type_strategy(Inspector, inspectors())
st.register_type_strategy(CheckItem, check_items())
st.register_type_strategy(Certificate, certificates())
st.register_type_strategy(Task, tasks())
st.register_type_strategy(TeamRequirement, team_requirements())
st.register_type_strategy(Plan, plans())
st.register_type_strategy(Population, populations())
