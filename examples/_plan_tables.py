"""Plan tables as the notices print them (TSV files in ``examples/data``) read into models.

Two tables are here, each as printed in its notice:

* ``xingan_2023_plan.tsv``: 附件2 of 兴市监办字〔2023〕61号, the 联合抽查计划 (3 tasks);
* ``zezhou_2023_internal_plan.tsv``: 附件1 of 泽市监〔2023〕10号, the 内部双随机抽查工作计划
  (15 tasks).

The files are read with the :mod:`csv` module; each row becomes a
:class:`~jointcheck.model.Task` whose ratio phrase is read by
:meth:`~jointcheck.model.SamplingRule.parse`. What a table does not print (departments' full
names, units, the exact days of each phase) comes from the notice's body and is passed in or
written here with the paragraph it comes from.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from jointcheck.model import (
    CheckItem,
    DateWindow,
    Department,
    InspectionMethod,
    Plan,
    PoolScope,
    RiskTier,
    SamplingRule,
    ScopeKind,
    SubjectKind,
    Task,
    TeamRequirement,
    Unit,
    UnitKind,
)

DATA = Path(__file__).resolve().with_name("data")
XINGAN_TABLE = DATA / "xingan_2023_plan.tsv"
ZEZHOU_TABLE = DATA / "zezhou_2023_internal_plan.tsv"

KINDS: Mapping[str, SubjectKind] = {
    "企业": SubjectKind.ENTERPRISE,
    "个体工商户": SubjectKind.INDIVIDUAL_BUSINESS,
    "农民专业合作社": SubjectKind.FARMER_COOPERATIVE,
}
"""检查对象 as printed → subject kind."""

METHODS: Mapping[str, InspectionMethod] = {
    "实地检查": InspectionMethod.ON_SITE,
    "书面检查": InspectionMethod.DOCUMENTARY,
    "网络监测": InspectionMethod.ONLINE,
    "检验检测": InspectionMethod.TESTING,
}
"""检查方式 as printed → inspection method."""

POOL_METHODS: Mapping[str, PoolScope] = {
    "股所随机": PoolScope.ANY,
    "所所随机": PoolScope.OTHER_UNIT,
    "股内随机": PoolScope.SAME_UNIT,
    "所内随机": PoolScope.SAME_UNIT,
}
"""The four ways of 泽市监〔2023〕10号 §二(四) to draw inspectors → pool scope.

股所随机 draws from the whole department (股室 and 所); 所所随机 from the 所 other than the
one covering the subject; 股内随机 from the initiating 股 only, 所内随机 from the covering 所
only (both ``SAME_UNIT``: for 股内随机 the 股 is made the covering unit of every subject).
"""


class TableError(ValueError):
    """A cell of a plan table that cannot be read; the message names the row and column."""


def read_table(path: Path) -> list[dict[str, str]]:
    """The rows of a tab-separated table, each a dict keyed by the printed column headers."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {key.strip(): (value or "").strip() for key, value in row.items() if key}
            for row in csv.DictReader(handle, delimiter="\t")
        ]


def month_window(text: str, year: int) -> DateWindow:
    """A printed month range as days: ``3月`` is March, ``3-4月`` and ``3月—9月`` run from the
    first day of the first month to the last day of the second.

    Examples:
        >>> month_window("3月—9月", 2023)
        DateWindow(start=datetime.date(2023, 3, 1), end=datetime.date(2023, 9, 30))
    """
    found = re.fullmatch(r"\s*(\d{1,2})\s*月?\s*(?:[-－—–~～至到]+\s*(\d{1,2})\s*)?月\s*", text)
    if found is None:
        raise TableError(f"cannot read the month range {text!r}; expected e.g. 3月, 3-4月, 3月—9月")
    first = int(found.group(1))
    last = int(found.group(2) or first)
    if not 1 <= first <= last <= 12:
        raise TableError(f"month range {text!r} must run forward within months 1 to 12")
    return DateWindow(
        start=dt.date(year, first, 1),
        end=dt.date(year, last, calendar.monthrange(year, last)[1]),
    )


@dataclass(frozen=True)
class PrintedItem:
    """One check item of a table cell: its department, the unit printed before it, its name."""

    department_id: str
    unit: str | None
    name: str


def split_items(
    text: str, *, department_id: str, department_names: Mapping[str, str]
) -> list[PrintedItem]:
    """The check items of a cell such as ``市场监督管理局药化流通科：甲；乙；医疗器械科：丙。``.

    Items are separated by ``；`` (or ``;``); a prefix ending in ``：`` names the department
    (one of ``department_names``, name → id) and/or the unit (科、股、室、所、队) of the items
    that follow, until the next prefix. A department named in the cell must be
    ``department_id``, the department whose column the cell is in.
    """
    items: list[PrintedItem] = []
    unit: str | None = None
    for piece in re.split(r"[；;]", text.strip().rstrip("。.")):
        piece = piece.strip()
        if not piece:
            continue
        if "：" in piece or ":" in piece:
            prefix, piece = re.split(r"[：:]", piece, maxsplit=1)
            prefix, piece = prefix.strip(), piece.strip()
            unit = prefix
            for name, found_id in department_names.items():
                if prefix.startswith(name):
                    if found_id != department_id:
                        raise TableError(
                            f"items of {name} ({found_id}) in the column of {department_id}: "
                            f"{text!r}"
                        )
                    unit = prefix[len(name) :] or None
                    break
        items.append(PrintedItem(department_id=department_id, unit=unit, name=piece.strip()))
    if not items:
        raise TableError(f"no check item in {text!r}")
    return items


def _department_ids(departments: Sequence[Department], short_names: Mapping[str, str]) -> None:
    known = {d.id for d in departments}
    unknown = sorted(set(short_names.values()) - known)
    if unknown:
        raise TableError(f"short names map to departments {unknown} that the plan lacks")


def _unit_id(department: Department, unit_name: str | None) -> str | None:
    if unit_name is None:
        return None
    for unit in department.units:
        if unit.name == unit_name:
            return unit.id
    raise TableError(
        f"unit {unit_name!r} is not a unit of {department.name}; units: "
        f"{[u.name for u in department.units]}"
    )


def _within(window: DateWindow, months: DateWindow, what: str, row: str) -> None:
    if not (months.start <= window.start and window.end <= months.end):
        raise TableError(
            f"row {row}: the {what} {window.start}..{window.end} is not within the printed "
            f"months {months.start}..{months.end}"
        )


# --------------------------------------------------------------------------- 000 Xing'an

XINGAN_TIERED = (
    "高风险企业抽取比例不低于10%、较高风险企业不低于5%、中风险企业不低于1%、低风险企业不低于0.5%"
)
"""抽查比例 of the work plan (附件1 §三), for the rated tiers of every task."""

XINGAN_SHORT_NAMES: Mapping[str, str] = {
    "市场监督管理局": "xam-samr",
    "卫生健康委员会": "xam-nhc",
}
"""发起部门 / 参与部门 as the table prints them → department id."""

XINGAN_DEPARTMENTS: tuple[Department, ...] = (
    Department(
        id="xam-samr",
        name="兴安盟市场监督管理局",
        region="152200",
        units=(
            Unit(id="xam-samr-drug", name="药化流通科", kind=UnitKind.SECTION),
            Unit(id="xam-samr-device", name="医疗器械科", kind=UnitKind.SECTION),
            Unit(id="xam-samr-credit", name="信用监管科", kind=UnitKind.SECTION),
        ),
    ),
    Department(id="xam-nhc", name="兴安盟卫生健康委员会", region="152200"),
)
"""The two departments of the notice's header, with the 科 its items name."""

XINGAN_TARGET_TAGS: Mapping[str, str] = {
    "医疗美容场所": "医疗美容机构",
    "生活美容场所": "生活美容场所",
}
"""The object range a task name begins with → the special-library tag drawn from (定向)."""

# §六: 随机抽取阶段(3月3日至3月6日), 实地检查阶段(3月7日至4月7日), 结果公示阶段(…至4月30日).
XINGAN_EXTRACTION = DateWindow(start=dt.date(2023, 3, 3), end=dt.date(2023, 3, 6))
XINGAN_INSPECTION = DateWindow(start=dt.date(2023, 3, 7), end=dt.date(2023, 4, 7))
XINGAN_DISCLOSURE_BY = dt.date(2023, 4, 30)


def xingan_rule(printed: str) -> SamplingRule:
    """A row's 抽查比例或数量 with the work plan's tiered ratios.

    A phrase that names a rated tier (``A类企业1家，100%抽取``) is that task's whole rule; one
    that names only 无风险等级 (``无风险等级抽取30%``) is added to the tiered ratios of §三,
    which apply to every rated tier.
    """
    own = SamplingRule.parse(printed)
    if any(part.tier is not RiskTier.UNRATED for part in own.tiers) or own.otherwise:
        return own
    return SamplingRule.parse(f"{XINGAN_TIERED}；{printed}")


def xingan_2023_plan_from_table(path: Path = XINGAN_TABLE) -> Plan:
    """The Xing'an plan from its table (附件2) and the body's phases (§三, §六)."""
    _department_ids(XINGAN_DEPARTMENTS, XINGAN_SHORT_NAMES)
    by_id = {d.id: d for d in XINGAN_DEPARTMENTS}
    tasks = []
    initiators = set()
    for row in read_table(path):
        number = row["序号"]
        initiator = XINGAN_SHORT_NAMES[row["发起部门"]]
        participant = XINGAN_SHORT_NAMES[row["参与部门"]]
        initiators.add(initiator)
        _within(XINGAN_EXTRACTION, month_window(row["抽取时间"], 2023), "extraction", number)
        _within(XINGAN_INSPECTION, month_window(row["检查时间"], 2023), "inspection", number)
        printed = [
            *split_items(
                row["发起部门抽查事项"],
                department_id=initiator,
                department_names=XINGAN_SHORT_NAMES,
            ),
            *split_items(
                row["参与部门抽查事项"],
                department_id=participant,
                department_names=XINGAN_SHORT_NAMES,
            ),
        ]
        items = []
        for k, item in enumerate(printed, start=1):
            unit = _unit_id(by_id[item.department_id], item.unit)
            items.append(
                CheckItem(
                    id=f"{unit or item.department_id}-{k}",
                    department_id=item.department_id,
                    name=item.name,
                )
            )
        target = next(t for t in XINGAN_TARGET_TAGS if row["联合抽查任务名称"].startswith(t))
        tasks.append(
            Task(
                id=f"xam-2023-{number}",
                name=row["联合抽查任务名称"],
                scope=ScopeKind.DIRECTED,
                target=target,
                subject_kinds=(KINDS[row["检查对象"]],),
                required_tags=(XINGAN_TARGET_TAGS[target],),
                check_items=tuple(items),
                sampling=xingan_rule(row["抽查比例或数量"]),
                method=METHODS[row["检查方式"]],
                extraction=XINGAN_EXTRACTION,
                inspection=XINGAN_INSPECTION,
                disclosure_working_days=20,
                disclosure_by=XINGAN_DISCLOSURE_BY,
            )
        )
    if len(initiators) != 1:
        raise TableError(f"the table names more than one 发起部门: {sorted(initiators)}")
    return Plan(
        id="xam-2023-medical-beauty",
        name="兴安盟2023年医疗美容行业“双随机、一公开”信用分级分类联合抽查",
        year=2023,
        document_number="兴市监办字〔2023〕61号",
        initiator_id=initiators.pop(),
        departments=XINGAN_DEPARTMENTS,
        tasks=tuple(tasks),
        period=DateWindow(start=XINGAN_EXTRACTION.start, end=XINGAN_DISCLOSURE_BY),
    )


# --------------------------------------------------------------------------- 003 Zezhou

ZEZHOU_DEPARTMENT = "zz-samr"
ZEZHOU_SECTION_IDS: Mapping[str, str] = {
    "网监股": "zz-wj",
    "综合协调股": "zz-zhxt",
    "计量股": "zz-jl",
    "价格监股": "zz-jg",
    "市场股": "zz-sc",
    "信用股": "zz-xy",
    "食品流通股": "zz-splt",
}
"""The 股 the table names as 发起主体 (价格监股 as printed) → unit id."""


@dataclass(frozen=True)
class ZezhouTable:
    """The Zezhou plan read from its table, with what the table says beyond the models."""

    plan: Plan
    initiating_unit: Mapping[str, str]
    """Task id → id of the 股 that organises it (发起主体)."""
    pool_method: Mapping[str, str]
    """Task id → the way inspectors are drawn (股所随机、所所随机、股内随机、所内随机)."""
    excluded_tags: Mapping[str, tuple[str, ...]]
    """Task id → tags of subjects the object range leaves out (``全县在用计量器具(除…)``)."""


def target_tag(target: str) -> tuple[str, tuple[str, ...]]:
    """The special-library tag of a printed object range and the tags it leaves out.

    Examples:
        >>> target_tag("全县在用计量器具(除眼镜配制单位、加油站)")
        ('在用计量器具', ('眼镜配制单位', '加油站'))
    """
    found = re.fullmatch(r"(?:全县)?(.+?)\s*(?:[(（]除(.+)[)）])?", target.strip())
    if found is None:  # pragma: no cover - the pattern matches any non-empty text
        raise TableError(f"cannot read the object range {target!r}")
    left_out = tuple(t.strip() for t in re.split(r"[、,，]", found.group(2) or "") if t.strip())
    return found.group(1), left_out


def zezhou_2023_plan_from_table(
    path: Path = ZEZHOU_TABLE,
    *,
    stations: Sequence[Unit],
    pool_methods: Mapping[str, str],
) -> ZezhouTable:
    """The Zezhou 2023 internal plan (15 tasks) from its table (附件1).

    Args:
        path: The TSV file.
        stations: The 市场监管所 with the towns they cover (the table does not print them).
        pool_methods: 序号 → one of :data:`POOL_METHODS` (the notice leaves the choice to each
            股, §二(四)); rows not named use 股所随机.
    """
    rows = read_table(path)
    sections = tuple(
        Unit(id=unit_id, name=name, kind=UnitKind.SECTION)
        for name, unit_id in ZEZHOU_SECTION_IDS.items()
    )
    department = Department(
        id=ZEZHOU_DEPARTMENT,
        name="泽州县市场监督管理局",
        region="140525",
        units=(*sections, *stations),
    )
    tasks = []
    initiating: dict[str, str] = {}
    methods: dict[str, str] = {}
    excluded: dict[str, tuple[str, ...]] = {}
    for row in rows:
        number = row["序号"]
        task_id = f"zz-2023-{int(number):02d}"
        body = row["抽查检查主体"]
        if not (body.startswith("泽州") and "市场监" in body):
            raise TableError(f"row {number}: 抽查检查主体 {body!r} is not 泽州县市场监督管理局")
        unit = re.fullmatch(r"县市场监督管理局(.+?)组织发起", row["发起主体/指导单位"])
        if unit is None or unit.group(1) not in ZEZHOU_SECTION_IDS:
            raise TableError(f"row {number}: cannot read 发起主体 {row['发起主体/指导单位']!r}")
        initiating[task_id] = ZEZHOU_SECTION_IDS[unit.group(1)]
        method = pool_methods.get(number, "股所随机")
        if method not in POOL_METHODS:
            raise TableError(
                f"row {number}: pool method {method!r} is not one of {list(POOL_METHODS)}"
            )
        methods[task_id] = method
        tag, left_out = target_tag(row["抽查对象范围"])
        if row["抽查类型"] == "不定向":
            scope = ScopeKind.UNDIRECTED
            kinds: tuple[SubjectKind, ...] = (KINDS[tag],)
            tags: tuple[str, ...] = ()
        elif row["抽查类型"] == "定向":
            scope = ScopeKind.DIRECTED
            kinds = (SubjectKind.ENTERPRISE, SubjectKind.INDIVIDUAL_BUSINESS)
            tags = (tag,)
        else:
            raise TableError(
                f"row {number}: 抽查类型 {row['抽查类型']!r} is neither 定向 nor 不定向"
            )
        excluded[task_id] = left_out
        names = split_items(
            row["抽查事项"],
            department_id=ZEZHOU_DEPARTMENT,
            department_names={"泽州县市场监督管理局": ZEZHOU_DEPARTMENT},
        )
        items = tuple(
            CheckItem(id=f"{task_id}-{k}", department_id=ZEZHOU_DEPARTMENT, name=item.name)
            for k, item in enumerate(names, start=1)
        )
        tasks.append(
            Task(
                id=task_id,
                name=row["抽查任务名称"],
                scope=scope,
                target=row["抽查对象范围"],
                subject_kinds=kinds,
                required_tags=tags,
                check_items=items,
                sampling=SamplingRule.parse(f"{row['抽查比例/数量']}；{row['信用风险分类管理']}"),
                inspection=month_window(row["抽查起止时间"], 2023),
                disclosure_working_days=20,
                team_requirements=(
                    TeamRequirement(department_id=ZEZHOU_DEPARTMENT, scope=POOL_METHODS[method]),
                ),
            )
        )
    plan = Plan(
        id="zz-2023-internal",
        name="泽州县市场监督管理局2023年度内部双随机抽查工作计划",
        year=2023,
        document_number="泽市监〔2023〕10号",
        initiator_id=ZEZHOU_DEPARTMENT,
        departments=(department,),
        tasks=tuple(tasks),
        period=DateWindow(start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31)),
    )
    return ZezhouTable(
        plan=plan, initiating_unit=initiating, pool_method=methods, excluded_tags=excluded
    )


def plan_differences(table: Plan, builtin: Plan) -> list[str]:
    """What a plan read from a table prints differently from a plan written in code.

    Compared: plan name, 文号, year, departments, initiator and, task by task, name, 定向,
    object range, kinds, tags, the rule (its parts and its text), the check items (department
    and name, in order), method and windows. Item ids, legal bases and qualifications are not
    printed in the tables, so they are not compared.
    """
    found = []
    for attribute in ("name", "document_number", "year", "initiator_id", "period"):
        if getattr(table, attribute) != getattr(builtin, attribute):
            found.append(
                f"plan {attribute}: {getattr(table, attribute)!r} ≠ {getattr(builtin, attribute)!r}"
            )
    if table.departments != builtin.departments:
        found.append("departments differ")
    if [t.id for t in table.tasks] != [t.id for t in builtin.tasks]:
        found.append(f"task ids {[t.id for t in table.tasks]} ≠ {[t.id for t in builtin.tasks]}")
    for a, b in zip(table.tasks, builtin.tasks, strict=False):
        for attribute in (
            "name",
            "scope",
            "target",
            "subject_kinds",
            "required_tags",
            "sampling",
            "method",
            "extraction",
            "inspection",
            "disclosure_working_days",
            "disclosure_by",
            "team_requirements",
        ):
            if getattr(a, attribute) != getattr(b, attribute):
                found.append(
                    f"task {a.id} {attribute}: {getattr(a, attribute)!r} ≠ {getattr(b, attribute)!r}"
                )
        items_a = [(i.department_id, i.name) for i in a.check_items]
        items_b = [(i.department_id, i.name) for i in b.check_items]
        if items_a != items_b:
            found.append(f"task {a.id} check items: {items_a} ≠ {items_b}")
    return found
