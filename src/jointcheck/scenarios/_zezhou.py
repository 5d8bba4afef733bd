"""泽州县市场监督管理局2023年度内部双随机抽查工作计划 (泽市监〔2023〕10号, 附件1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from importlib import resources

from jointcheck._internal.checked import checked
from jointcheck.errors import InvalidInputError
from jointcheck.io import PlanTableContext, read_plan_text
from jointcheck.model import (
    DateWindow,
    Department,
    Plan,
    PoolScope,
    TeamRequirement,
    Unit,
    UnitKind,
)

__all__ = [
    "ZEZHOU_POOL_METHODS",
    "ZEZHOU_SECTIONS",
    "ZEZHOU_TABLE",
    "zezhou_2023_plan",
]

ZEZHOU_TABLE = "zezhou_2023_internal_plan.tsv"
"""The annex's table as shipped in the package (``jointcheck/scenarios/data``)."""

DEPARTMENT = "zz-samr"

ZEZHOU_SECTIONS: tuple[tuple[str, str], ...] = (
    ("zz-wj", "网监股"),
    ("zz-zhxt", "综合协调股"),
    ("zz-jl", "计量股"),
    ("zz-jg", "价格监股"),
    ("zz-sc", "市场股"),
    ("zz-xy", "信用股"),
    ("zz-splt", "食品流通股"),
)
"""(unit id, name) of the 股 the table names as 发起主体 (价格监股 as printed)."""

ZEZHOU_POOL_METHODS: Mapping[str, PoolScope] = {
    "股所随机": PoolScope.ANY,
    "所所随机": PoolScope.OTHER_UNIT,
    "股内随机": PoolScope.SAME_UNIT,
    "所内随机": PoolScope.SAME_UNIT,
}
"""The four ways of §二(四) to draw inspectors → pool scope.

股所随机 draws from the whole bureau (股室 and 所); 所所随机 from the 所 other than the one
covering the subject; 股内随机 from the initiating 股 only, 所内随机 from the covering 所
only (both ``SAME_UNIT``: for 股内随机 the 股 is made the covering unit of every subject).
"""


@checked
def zezhou_2023_plan(
    *, stations: Sequence[Unit] = (), pool_methods: Mapping[str, str] | None = None
) -> Plan:
    """The Zezhou county 2023 internal plan: 15 tasks read from the annex's table.

    The table (附件1) is read by :func:`jointcheck.io.read_plan_text` from the copy shipped in
    the package: 12 定向 tasks draw from a special library (``全县广告经营者``, with what the
    range leaves out in ``excluded_tags``), 3 不定向 from all 企业 / 个体工商户 / 农民专业合作社;
    each ratio is read with the column beside it, "对低风险、一般风险、较高风险、高风险企业分别
    递加比例抽查", so every tier is drawn, with ratios rising 1:2:4:8, meeting the printed
    ratio exactly. The 股 that organises a task (…股组织发起) is its ``initiating_unit_id``.

    The notice names neither the 市场监管所 nor the way each 股 draws inspectors (it leaves
    股所随机、所所随机、股内随机、所内随机 to each, §二(四)): pass them.

    Args:
        stations: The 市场监管所 with the towns they cover (units of the bureau).
        pool_methods: 序号 (``"1"`` … ``"15"``) → one of :data:`ZEZHOU_POOL_METHODS`; rows not
            named use 股所随机.

    Examples:
        >>> plan = zezhou_2023_plan()
        >>> len(plan.tasks), plan.document_number, plan.tasks[0].initiating_unit_id
        (15, '泽市监〔2023〕10号', 'zz-wj')
        >>> plan.tasks[2].excluded_tags
        ('加油站', '眼镜配制单位')

    Raises:
        InvalidInputError: a pool method that is not one of the four, or a 序号 not in the
            table.
    """
    methods = dict(pool_methods or {})
    unknown = {k: v for k, v in methods.items() if v not in ZEZHOU_POOL_METHODS}
    if unknown:
        raise InvalidInputError(
            f"pool methods {unknown} are not among {list(ZEZHOU_POOL_METHODS)}",
            field="pool_methods",
            value=unknown,
        )
    sections = tuple(Unit(id=i, name=n, kind=UnitKind.SECTION) for i, n in ZEZHOU_SECTIONS)
    context = PlanTableContext(
        id="zz-2023-internal",
        name="泽州县市场监督管理局2023年度内部双随机抽查工作计划",
        year=2023,
        document_number="泽市监〔2023〕10号",
        departments=(
            Department(
                id=DEPARTMENT,
                name="泽州县市场监督管理局",
                region="140525",
                units=(*sections, *stations),
            ),
        ),
        initiator_id=DEPARTMENT,
        department_names={"县市场监督管理局": DEPARTMENT},
        task_id_prefix="zz-2023",
        period=DateWindow(start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31)),
    )
    text = (
        resources.files("jointcheck.scenarios")
        .joinpath("data")
        .joinpath(ZEZHOU_TABLE)
        .read_text(encoding="utf-8")
    )
    plan = read_plan_text(text, context=context, source=ZEZHOU_TABLE)
    numbers = {_number(t.id) for t in plan.tasks}
    stray = sorted(set(methods) - numbers, key=lambda n: (len(n), n))
    if stray:
        raise InvalidInputError(
            f"pool_methods name rows {stray}; the table has rows 1 to {len(plan.tasks)}",
            field="pool_methods",
            value=stray,
        )
    tasks = [
        {
            **task.model_dump(),
            "team_requirements": (
                TeamRequirement(
                    department_id=DEPARTMENT,
                    scope=ZEZHOU_POOL_METHODS[methods.get(_number(task.id), "股所随机")],
                ),
            ),
        }
        for task in plan.tasks
    ]
    return Plan.model_validate({**plan.model_dump(), "tasks": tasks})


def _number(task_id: str) -> str:
    return str(int(task_id.rsplit("-", 1)[1]))
