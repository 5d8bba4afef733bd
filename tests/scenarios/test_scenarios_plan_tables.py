"""The plan tables of notices 000 and 003, as printed, read into plans; the Xing'an table agrees
with the built-in plan, which makes the two sources check each other."""

from __future__ import annotations

import datetime as dt
import doctest
import importlib
import re
import sys
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.model import (
    PoolScope,
    RiskTier,
    ScopeKind,
    SubjectKind,
    TopUpPolicy,
    Unit,
    UnitKind,
)
from jointcheck.model._rule import ceil_fraction
from jointcheck.scenarios import xingan_2023_plan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _load() -> ModuleType:
    sys.path.insert(0, str(EXAMPLES))
    try:
        return importlib.import_module("_plan_tables")
    finally:
        sys.path.remove(str(EXAMPLES))


tables = _load()
STATION = Unit(id="zz-bg", name="巴公市场监管所", kind=UnitKind.STATION, jurisdictions=("巴公镇",))


@pytest.fixture(scope="module")
def zezhou() -> Any:
    return tables.zezhou_2023_plan_from_table(
        stations=[STATION], pool_methods={"12": "所内随机", "3": "股内随机", "8": "所所随机"}
    )


# ---------------------------------------------------------------------- 000 Xing'an


def test_xingan_table_agrees_with_the_builtin_plan() -> None:
    table = tables.xingan_2023_plan_from_table()
    builtin = xingan_2023_plan()
    assert tables.plan_differences(table, builtin) == []
    for a, b in zip(table.tasks, builtin.tasks, strict=True):
        assert a.sampling == b.sampling
        assert [(i.department_id, i.name) for i in a.check_items] == [
            (i.department_id, i.name) for i in b.check_items
        ]
        counts = {RiskTier.HIGH: 25, RiskTier.HIGHER: 300, RiskTier.MEDIUM: 1000, RiskTier.LOW: 50}
        counts[RiskTier.UNRATED] = 7
        assert a.sampling.quotas(counts) == b.sampling.quotas(counts)


def test_a_changed_table_cell_is_a_difference(tmp_path: Path) -> None:
    text = tables.XINGAN_TABLE.read_text(encoding="utf-8")
    changed = tmp_path / "plan.tsv"
    changed.write_text(text.replace("无风险等级抽取30%", "无风险等级抽取20%", 1), encoding="utf-8")
    found = tables.plan_differences(tables.xingan_2023_plan_from_table(changed), xingan_2023_plan())
    assert len(found) == 1
    assert found[0].startswith("task xam-2023-1 sampling")
    renamed = tmp_path / "renamed.tsv"
    renamed.write_text(text.replace("登记事项检查。", "登记事项核查。", 1), encoding="utf-8")
    found = tables.plan_differences(tables.xingan_2023_plan_from_table(renamed), xingan_2023_plan())
    assert found == [found[0]]
    assert "check items" in found[0]


def test_xingan_items_keep_the_unit_printed_before_them() -> None:
    task = tables.xingan_2023_plan_from_table().tasks[0]
    assert [i.id for i in task.check_items] == [
        "xam-samr-drug-1",
        "xam-samr-drug-2",
        "xam-samr-device-3",
        "xam-samr-credit-4",
        "xam-nhc-5",
    ]


def test_xingan_rule_adds_the_tiered_ratios_only_to_an_unrated_phrase() -> None:
    only_a = tables.xingan_rule("A类企业1家，100%抽取")
    assert [r.tier for r in only_a.tiers] == [RiskTier.LOW]
    unrated = tables.xingan_rule("无风险等级抽取30%")
    assert [r.tier for r in unrated.tiers] == [
        RiskTier.UNRATED,
        RiskTier.LOW,
        RiskTier.MEDIUM,
        RiskTier.HIGHER,
        RiskTier.HIGH,
    ]
    assert unrated.text == f"{tables.XINGAN_TIERED}；无风险等级抽取30%"


def test_windows_outside_the_printed_months_are_rejected(tmp_path: Path) -> None:
    text = tables.XINGAN_TABLE.read_text(encoding="utf-8")
    changed = tmp_path / "plan.tsv"
    changed.write_text(text.replace("\t3-4月\t", "\t4月\t", 1), encoding="utf-8")
    with pytest.raises(
        tables.TableError, match=re.escape("row 1: the inspection 2023-03-07..2023-04-07")
    ):
        tables.xingan_2023_plan_from_table(changed)


def test_read_table_keys_rows_by_the_printed_headers() -> None:
    rows = tables.read_table(tables.XINGAN_TABLE)
    assert len(rows) == 3
    assert list(rows[0])[:5] == [
        "序号",
        "联合抽查计划名称",
        "联合抽查任务名称",
        "检查对象",
        "发起部门",
    ]
    assert rows[1]["抽查比例或数量"] == "A类企业1家，100%抽取"


# ---------------------------------------------------------------------- 003 Zezhou


def test_zezhou_table_has_fifteen_tasks_with_their_ratios(zezhou: Any) -> None:
    plan = zezhou.plan
    assert len(plan.tasks) == 15
    percents = [int(t.sampling.overall.percent) for t in plan.tasks]
    assert percents == [5, 100, 10, 30, 20, 10, 10, 10, 30, 10, 100, 1, 3, 3, 3]
    assert all(t.sampling.weights is not None for t in plan.tasks)  # 分别递加比例
    assert all(t.sampling.weights.ratio_text() == "1:2:4:8" for t in plan.tasks)
    assert [t.scope for t in plan.tasks].count(ScopeKind.UNDIRECTED) == 3
    assert [t.subject_kinds for t in plan.tasks[11:14]] == [
        (SubjectKind.ENTERPRISE,),
        (SubjectKind.INDIVIDUAL_BUSINESS,),
        (SubjectKind.FARMER_COOPERATIVE,),
    ]
    assert plan.tasks[0].required_tags == ("广告经营者",)
    assert plan.tasks[11].required_tags == ()
    assert [i.name for i in plan.tasks[11].check_items] == [
        "登记事项检查",
        "公示信息检查",
        "商标使用行为的检查",
        "商标代理行为的检查",
        "拍卖等重要领域市场规范管理检查",
    ]
    assert plan.tasks[5].name == "2022年加油站计量双随机监督检查"  # as printed
    assert plan.tasks[0].inspection.start == dt.date(2023, 3, 1)
    assert plan.tasks[9].inspection.end == dt.date(2023, 11, 30)


def test_zezhou_units_pools_and_left_out_tags(zezhou: Any) -> None:
    table = zezhou
    plan = table.plan
    (department,) = plan.departments
    assert {u.name for u in department.units if u.kind is UnitKind.SECTION} == set(
        tables.ZEZHOU_SECTION_IDS
    )
    assert department.unit("zz-bg") == STATION
    assert table.initiating_unit["zz-2023-03"] == "zz-jl"
    assert table.initiating_unit["zz-2023-15"] == "zz-splt"
    scopes = {t.id: t.team_requirement("zz-samr").scope for t in plan.tasks}
    assert scopes["zz-2023-12"] is PoolScope.SAME_UNIT
    assert scopes["zz-2023-08"] is PoolScope.OTHER_UNIT
    assert scopes["zz-2023-01"] is PoolScope.ANY  # 股所随机 when no method is given
    assert table.excluded_tags["zz-2023-03"] == ("眼镜配制单位", "加油站")
    assert sum(bool(v) for v in table.excluded_tags.values()) == 1


def test_zezhou_rejects_an_unknown_pool_method() -> None:
    with pytest.raises(tables.TableError, match="pool method '随便随机'"):
        tables.zezhou_2023_plan_from_table(stations=[STATION], pool_methods={"1": "随便随机"})


TIER_COUNTS = st.fixed_dictionaries(
    {tier: st.integers(min_value=0, max_value=5000) for tier in RiskTier}
).filter(lambda c: sum(c.values()) > 0)


@settings(max_examples=60, deadline=None)
@given(counts=TIER_COUNTS)
def test_every_zezhou_task_meets_its_printed_ratio_rising_with_risk(
    counts: dict[RiskTier, int],
) -> None:
    plan = tables.zezhou_2023_plan_from_table(stations=[STATION], pool_methods={}).plan
    total = sum(counts.values())
    for task in plan.tasks:
        quotas = task.sampling.quotas(counts)
        ratio = Fraction(task.sampling.overall.percent) / 100
        assert quotas.total >= ceil_fraction(total * ratio)
        assert quotas.policy is TopUpPolicy.HIGHEST_RISK_FIRST
        shares = [
            quotas.record(t).ratio_fraction
            for t in RiskTier.rated()
            if counts[t] and quotas.record(t).ratio_fraction is not None
        ]
        assert shares == sorted(shares)  # 低风险、一般风险、较高风险、高风险 分别递加


# ---------------------------------------------------------------------- cell readers


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("3月", (3, 1), (3, 31)),
        ("3-4月", (3, 1), (4, 30)),
        ("3月—9月", (3, 1), (9, 30)),
        ("2月", (2, 1), (2, 28)),
        (" 11月～12月 ", (11, 1), (12, 31)),
    ],
)
def test_month_window(text: str, start: tuple[int, int], end: tuple[int, int]) -> None:
    window = tables.month_window(text, 2023)
    assert (window.start, window.end) == (dt.date(2023, *start), dt.date(2023, *end))


@pytest.mark.parametrize("text", ["", "春季", "9-3月", "13月", "0月", "3月至"])
def test_month_window_rejects_what_it_cannot_read(text: str) -> None:
    with pytest.raises(tables.TableError, match="month range"):
        tables.month_window(text, 2023)


@settings(max_examples=100, deadline=None)
@given(
    months=st.tuples(st.integers(1, 12), st.integers(1, 12)).map(sorted),
    dash=st.sampled_from(["-", "—", "至", "~", "－"]),
    first_unit=st.booleans(),
    year=st.integers(2016, 2030),
)
def test_month_window_covers_whole_months(
    months: list[int], dash: str, first_unit: bool, year: int
) -> None:
    first, last = months
    text = f"{first}{'月' if first_unit else ''}{dash}{last}月"
    window = tables.month_window(text, year)
    assert window.start == dt.date(year, first, 1)
    assert (window.end + dt.timedelta(days=1)).day == 1
    assert window.end.month == last


def test_split_items_follows_department_and_unit_prefixes() -> None:
    names = {"市场监督管理局": "samr", "卫生健康委员会": "nhc"}
    items = tables.split_items(
        "市场监督管理局药化流通科：甲；乙；医疗器械科：丙。",
        department_id="samr",
        department_names=names,
    )
    assert [(i.department_id, i.unit, i.name) for i in items] == [
        ("samr", "药化流通科", "甲"),
        ("samr", "药化流通科", "乙"),
        ("samr", "医疗器械科", "丙"),
    ]
    plain = tables.split_items(
        "登记事项检查；公示信息检查。", department_id="samr", department_names=names
    )
    assert [(i.unit, i.name) for i in plain] == [(None, "登记事项检查"), (None, "公示信息检查")]
    with pytest.raises(tables.TableError, match="in the column of samr"):
        tables.split_items("卫生健康委员会：丁", department_id="samr", department_names=names)
    with pytest.raises(tables.TableError, match="no check item"):
        tables.split_items("。", department_id="samr", department_names=names)


def test_target_tag_reads_the_object_range() -> None:
    assert tables.target_tag("全县企业") == ("企业", ())
    assert tables.target_tag("全县在用计量器具(除眼镜配制单位、加油站)") == (
        "在用计量器具",
        ("眼镜配制单位", "加油站"),
    )
    assert tables.target_tag("全县文物经营单位（除拍卖企业）") == ("文物经营单位", ("拍卖企业",))


def test_the_docstring_examples_of_the_table_reader_hold() -> None:
    failures, tried = doctest.testmod(tables)
    assert tried >= 2
    assert failures == 0
