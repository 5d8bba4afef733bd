"""Plan tables read into plans: the Zezhou annex (built in), CSV, TSV and .xlsx, and errors that
name the row and the column."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InvalidInputError, MissingExtraError, PlanTableError
from jointcheck.io import PlanTableContext, month_window, read_plan_table, read_plan_text
from jointcheck.model import (
    Department,
    InspectionMethod,
    PoolScope,
    RiskTier,
    ScopeKind,
    SubjectKind,
    Unit,
    UnitKind,
)
from jointcheck.model._rule import ceil_fraction
from jointcheck.scenarios import ZEZHOU_SECTIONS, zezhou_2023_plan

STATION = Unit(id="zz-bg", name="巴公市场监管所", kind=UnitKind.STATION, jurisdictions=("巴公镇",))

CONTEXT = PlanTableContext(
    id="p",
    name="联合抽查计划",
    year=2023,
    departments=(
        Department(
            id="samr",
            name="兴安盟市场监督管理局",
            units=(
                Unit(id="samr-drug", name="药化流通科"),
                Unit(id="samr-credit", name="信用监管科"),
            ),
        ),
        Department(id="nhc", name="兴安盟卫生健康委员会"),
    ),
    initiator_id="samr",
    department_names={"市场监督管理局": "samr", "卫生健康委员会": "nhc"},
    task_id_prefix="xam",
)
HEADER = [
    "序号",
    "联合抽查任务名称",
    "检查对象",
    "发起部门",
    "参与部门",
    "检查方式",
    "抽取时间",
    "抽查比例或数量",
    "检查时间",
    "发起部门抽查事项",
    "参与部门抽查事项",
]
ROW = [
    "1",
    "医疗美容场所联合检查",
    "企业",
    "市场监督管理局",
    "卫生健康委员会",
    "实地检查",
    "3月",
    "无风险等级抽取30%",
    "3-4月",
    "市场监督管理局药化流通科：对进口药品的行政检查；信用监管科：登记事项检查。",
    "卫生健康委员会：对公共场所卫生监督管理。",
]


def _tsv(*rows: list[str]) -> str:
    return "\n".join("\t".join(r) for r in rows) + "\n"


# ---------------------------------------------------------------------- Zezhou, built in


def test_zezhou_table_has_fifteen_tasks_with_their_ratios() -> None:
    plan = zezhou_2023_plan()
    assert len(plan.tasks) == 15
    percents = [int(t.sampling.overall.percent) for t in plan.tasks]  # type: ignore[union-attr]
    assert percents == [5, 100, 10, 30, 20, 10, 10, 10, 30, 10, 100, 1, 3, 3, 3]
    assert {t.sampling.weights.ratio_text() for t in plan.tasks} == {"1:2:4:8"}  # type: ignore[union-attr]
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
    assert plan.tasks[0].inspection is not None
    assert plan.tasks[0].inspection.start == dt.date(2023, 3, 1)  # 3月—9月
    assert plan.tasks[9].inspection is not None
    assert plan.tasks[9].inspection.end == dt.date(2023, 11, 30)  # 6月—11月


def test_zezhou_units_pools_and_left_out_tags() -> None:
    plan = zezhou_2023_plan(
        stations=[STATION], pool_methods={"12": "所内随机", "3": "股内随机", "8": "所所随机"}
    )
    (department,) = plan.departments
    sections = {u.name for u in department.units if u.kind is UnitKind.SECTION}
    assert sections == {name for _, name in ZEZHOU_SECTIONS}
    assert department.unit("zz-bg") == STATION
    assert plan.task("zz-2023-03").initiating_unit_id == "zz-jl"  # 计量股组织发起
    assert plan.task("zz-2023-15").initiating_unit_id == "zz-splt"
    scopes = {t.id: t.team_requirement("zz-samr").scope for t in plan.tasks}
    assert scopes["zz-2023-12"] is PoolScope.SAME_UNIT
    assert scopes["zz-2023-08"] is PoolScope.OTHER_UNIT
    assert scopes["zz-2023-01"] is PoolScope.ANY  # 股所随机 when no method is given
    assert plan.task("zz-2023-03").excluded_tags == ("加油站", "眼镜配制单位")
    assert sum(bool(t.excluded_tags) for t in plan.tasks) == 1


@pytest.mark.parametrize(
    ("methods", "message"),
    [({"1": "随便随机"}, "not among"), ({"16": "股所随机"}, r"name rows \['16'\]")],
)
def test_zezhou_rejects_unknown_pool_methods(methods: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        zezhou_2023_plan(pool_methods=methods)


TIER_COUNTS = st.fixed_dictionaries(
    {tier: st.integers(min_value=0, max_value=5000) for tier in RiskTier}
).filter(lambda c: sum(c.values()) > 0)


@settings(max_examples=40, deadline=None)
@given(counts=TIER_COUNTS)
def test_every_zezhou_task_meets_its_printed_ratio_exactly_rising_with_risk(
    counts: dict[RiskTier, int],
) -> None:
    total = sum(counts.values())
    for task in zezhou_2023_plan().tasks:
        quotas = task.sampling.quotas(counts)
        assert task.sampling.overall is not None
        ratio = Fraction(task.sampling.overall.percent) / 100
        assert quotas.total == ceil_fraction(total * ratio)
        shares = [quotas.record(t).ratio_fraction for t in RiskTier.rated() if counts[t]]
        assert shares == sorted(shares)  # 低风险、一般风险、较高风险、高风险 分别递加


# ---------------------------------------------------------------------- text tables


def test_tsv_reads_departments_units_and_windows() -> None:
    plan = read_plan_text(_tsv(HEADER, ROW), context=CONTEXT)
    (task,) = plan.tasks
    assert task.id == "xam-01"
    assert [(i.department_id, i.name) for i in task.check_items] == [
        ("samr", "对进口药品的行政检查"),
        ("samr", "登记事项检查"),
        ("nhc", "对公共场所卫生监督管理"),
    ]
    assert (task.initiator_id, task.participant_ids) == ("samr", ("nhc",))
    assert plan.participants_of(task) == ("nhc",)
    assert task.method is InspectionMethod.ON_SITE
    assert task.extraction is not None
    assert task.inspection is not None
    assert (task.extraction.start, task.extraction.end) == (
        dt.date(2023, 3, 1),
        dt.date(2023, 3, 31),
    )
    assert (task.inspection.start, task.inspection.end) == (
        dt.date(2023, 3, 1),
        dt.date(2023, 4, 30),
    )
    assert task.subject_kinds == (SubjectKind.ENTERPRISE,)
    assert str(task.sampling) == "无风险等级抽取30%"


def test_csv_file_with_a_title_row(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    rows = [["兴安盟2023年度联合抽查计划"], HEADER, ROW]
    path.write_text(
        "\ufeff" + "\n".join(",".join(f'"{c}"' for c in r) for r in rows), encoding="utf-8"
    )
    plan = read_plan_table(path, context=CONTEXT)
    assert [t.name for t in plan.tasks] == ["医疗美容场所联合检查"]


def test_a_gbk_table_is_read_with_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "plan.tsv"
    path.write_bytes(_tsv(HEADER, ROW).encode("gbk"))
    with pytest.raises(PlanTableError, match="it reads as GBK/GB18030"):
        read_plan_table(path, context=CONTEXT)
    plan = read_plan_table(path, context=CONTEXT, encoding="gb18030")
    assert [t.name for t in plan.tasks] == ["医疗美容场所联合检查"]


def _with(column: str, value: str) -> str:
    row = list(ROW)
    row[HEADER.index(column)] = value
    return _tsv(HEADER, ROW, row)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("抽查比例或数量", "县级抽查根据实际情况自行确定抽查比例", "cannot read the ratio"),
        ("检查时间", "春季", "cannot read the months"),
        ("检查时间", "9-3月", "must run forward"),
        ("发起部门", "公安局", "names no department of the plan"),
        ("参与部门", "公安局", "'公安局' is not a department of the plan"),
        ("参与部门", "市场监督管理局", "cannot also be a 配合部门"),
        (
            "发起部门抽查事项",
            "市场监督管理局器械科：甲",
            "'器械科' is not a unit of 兴安盟市场监督管理局",
        ),
        ("参与部门抽查事项", "市场监督管理局：甲", "in the column of 'nhc'"),
        ("发起部门抽查事项", "", "the cell is empty"),
        ("检查方式", "飞行检查", "not a method"),
        ("序号", "一", "序号 must be a whole number"),
    ],
)
def test_a_bad_cell_names_its_row_and_column(column: str, value: str, message: str) -> None:
    with pytest.raises(PlanTableError, match=message) as info:
        read_plan_text(_with(column, value), context=CONTEXT, source="plan.tsv")
    assert info.value.row == 3  # header on row 1, a good row 2, the bad row 3
    assert info.value.column == column
    assert f"plan table plan.tsv, row 3, column {column}:" in str(info.value)


def test_directed_rows_read_the_object_range() -> None:
    header = ["序号", "抽查任务名称", "抽查类型", "抽查事项", "抽查对象范围", "抽查比例/数量",
              "信用风险分类管理", "抽查起止时间", "发起主体/指导单位"]  # fmt: skip
    context = CONTEXT.model_copy(update={"department_names": {"县市场监督管理局": "samr"}})
    rising = "对低风险、一般风险、较高风险、高风险企业分别递加比例抽查。"
    row = ["3", "计量", "定向", "计量监督检查", "全县在用计量器具(除眼镜配制单位、加油站)", "10%",
           rising, "5月—9月", "县市场监督管理局信用监管科组织发起"]  # fmt: skip
    (task,) = read_plan_text(_tsv(header, row), context=context).tasks
    assert (task.scope, task.required_tags) == (ScopeKind.DIRECTED, ("在用计量器具",))
    assert task.excluded_tags == ("加油站", "眼镜配制单位")
    assert task.initiating_unit_id == "samr-credit"
    bad = list(row)
    bad[2] = "不定向"
    with pytest.raises(PlanTableError, match="a 不定向 task draws from a kind of subject"):
        read_plan_text(_tsv(header, bad), context=context)
    bad[2] = "随机"
    with pytest.raises(PlanTableError, match="neither 定向 nor 不定向"):
        read_plan_text(_tsv(header, bad), context=context)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no header row with 序号"),
        ("序号\t任务名称\n", "no column for ratio"),
        (_tsv(HEADER), "no task follows it"),
        (_tsv(HEADER, ROW, ROW), "the tasks do not make a valid plan"),
    ],
)
def test_bad_tables(text: str, message: str) -> None:
    with pytest.raises(PlanTableError, match=message):
        read_plan_text(text, context=CONTEXT)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.ods", b"", "unknown kind '.ods'"),
        ("plan.tsv", "序号".encode("gbk"), "plan.tsv:1: the file is not UTF-8"),
        ("plan.xlsx", b"not a zip", "not an .xlsx workbook"),
        ("missing.tsv", None, "cannot read the file"),
    ],
)
def test_bad_files(tmp_path: Path, name: str, data: bytes | None, message: str) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(PlanTableError, match=message):
        read_plan_table(path, context=CONTEXT)


def test_context_checks_its_departments() -> None:
    with pytest.raises(InvalidInputError, match="not among departments"):
        PlanTableContext.model_validate(
            {**CONTEXT.model_dump(), "department_names": {"公安局": "police"}}
        )


# ---------------------------------------------------------------------- .xlsx


def _workbook(path: Path, rows: list[list[object]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_xlsx_with_a_title_and_a_two_line_header(tmp_path: Path) -> None:
    # as annexes circulate: a title row, then 联合抽查事项 spanning two columns over
    # 发起部门抽查事项 / 参与部门抽查事项, numbers typed as numbers
    top = [*HEADER[:9], "联合抽查事项", None]
    second = [None] * 9 + HEADER[9:]
    row: list[object] = [1, *ROW[1:]]
    path = tmp_path / "附件2.xlsx"
    _workbook(path, [["兴安盟2023年度医疗美容行业联合抽查计划"], top, second, row])
    plan = read_plan_table(path, context=CONTEXT)
    (task,) = plan.tasks
    assert task.id == "xam-01"
    assert [i.department_id for i in task.check_items] == ["samr", "samr", "nhc"]
    assert plan == read_plan_text(_tsv(HEADER, ROW), context=CONTEXT)


def test_xlsx_errors_name_the_row_and_column_letter(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    bad = list(ROW)
    bad[HEADER.index("抽查比例或数量")] = "看情况"
    _workbook(path, [["标题"], HEADER, ROW, bad])
    with pytest.raises(PlanTableError, match="row 4, column H") as info:
        read_plan_table(path, context=CONTEXT)
    assert info.value.column == "H (抽查比例或数量)"


def test_xlsx_without_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.xlsx"
    _workbook(path, [HEADER, ROW])
    monkeypatch.setitem(__import__("sys").modules, "openpyxl", None)
    with pytest.raises(MissingExtraError, match=r"jointcheck\[xlsx\]"):
        read_plan_table(path, context=CONTEXT)


# ---------------------------------------------------------------------- month ranges


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("3月", (3, 1), (3, 31)),
        ("3-4月", (3, 1), (4, 30)),
        ("3月—9月", (3, 1), (9, 30)),
        ("2月", (2, 1), (2, 28)),
        (" 11月～12月 ", (11, 1), (12, 31)),
        ("2023年4月至10月", (4, 1), (10, 31)),
    ],
)
def test_month_window(text: str, start: tuple[int, int], end: tuple[int, int]) -> None:
    window = month_window(text, 2023)
    assert (window.start, window.end) == (dt.date(2023, *start), dt.date(2023, *end))


@pytest.mark.parametrize("text", ["", "春季", "9-3月", "13月", "0月", "3月至", "2024年3月"])
def test_month_window_rejects_what_it_cannot_read(text: str) -> None:
    with pytest.raises(InvalidInputError, match="month range"):
        month_window(text, 2023)


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
    window = month_window(f"{first}{'月' if first_unit else ''}{dash}{last}月", year)
    assert window.start == dt.date(year, first, 1)
    assert (window.end + dt.timedelta(days=1)).day == 1
    assert window.end.month == last
