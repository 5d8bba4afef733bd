"""The Xing'an plan table (``examples/data/xingan_2023_plan.tsv``) checked against the built-in plan.

附件2 of 兴市监办字〔2023〕61号 is read by :func:`jointcheck.io.read_plan_table`; what the table
does not print comes from the notice's body and is added here, each with the paragraph it comes
from: the object range's special library (the task name says 医疗美容场所 or 生活美容场所), the
tiered ratios of 附件1 §三 beside a phrase naming only 无风险等级, and the exact days of the
phases (§六) within the printed months. :func:`plan_differences` then compares the result
with :func:`jointcheck.scenarios.xingan_2023_plan`, so each source checks the other.

(The Zezhou table, 附件1 of 泽市监〔2023〕10号, is a built-in plan:
:func:`jointcheck.scenarios.zezhou_2023_plan`.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from jointcheck.io import PlanTableContext, read_plan_table
from jointcheck.model import (
    DateWindow,
    Department,
    Plan,
    RiskTier,
    SamplingRule,
    ScopeKind,
    Task,
    Unit,
    UnitKind,
)

DATA = Path(__file__).resolve().with_name("data")
XINGAN_TABLE = DATA / "xingan_2023_plan.tsv"


class TableError(ValueError):
    """The table and the notice's body disagree (the message names the row)."""


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


XINGAN_CONTEXT = PlanTableContext(
    id="xam-2023-medical-beauty",
    name="兴安盟2023年医疗美容行业“双随机、一公开”信用分级分类联合抽查",
    year=2023,
    document_number="兴市监办字〔2023〕61号",
    departments=XINGAN_DEPARTMENTS,
    initiator_id="xam-samr",
    department_names=XINGAN_SHORT_NAMES,
    task_id_prefix="xam-2023",
    period=DateWindow(start=XINGAN_EXTRACTION.start, end=XINGAN_DISCLOSURE_BY),
)
"""The notice's header and departments, which the table does not print."""


def _within(window: DateWindow, months: DateWindow | None, what: str, row: int) -> None:
    if months is None or not (months.start <= window.start and window.end <= months.end):
        raise TableError(
            f"row {row}: the {what} {window.start}..{window.end} is not within the printed "
            f"months {months}"
        )


def xingan_2023_plan_from_table(path: Path = XINGAN_TABLE) -> Plan:
    """The Xing'an plan from its table (附件2) and the body's phases (§三, §六)."""
    read = read_plan_table(path, context=XINGAN_CONTEXT)
    tasks = []
    for number, task in enumerate(read.tasks, start=1):
        _within(XINGAN_EXTRACTION, task.extraction, "extraction", number)
        _within(XINGAN_INSPECTION, task.inspection, "inspection", number)
        target = next(t for t in XINGAN_TARGET_TAGS if task.name.startswith(t))
        printed = task.sampling.text or task.sampling.describe()
        fields = {
            **task.model_dump(),
            "id": f"xam-2023-{number}",
            "scope": ScopeKind.DIRECTED,
            "target": target,
            "required_tags": (XINGAN_TARGET_TAGS[target],),
            "sampling": xingan_rule(printed),
            "extraction": XINGAN_EXTRACTION,
            "inspection": XINGAN_INSPECTION,
            "disclosure_by": XINGAN_DISCLOSURE_BY,
        }
        tasks.append(Task.model_validate(fields))
    return Plan.model_validate({**read.model_dump(), "tasks": tasks})


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
