"""萧县 2025: 卫健委 and 市场监管局 each send 2 inspectors to every 互联网诊疗机构.

The notice (萧县卫健委、萧县市场监督管理局, 2025-05-20) has the 卫健委 draw the subjects and
match 2 of its own inspectors per subject ("按每户企业2名执法检查人员的标准随机抽取匹配"),
then the 市场监管局 claims the subjects (认领) and draws at least 2 of its own; both visit
together once (进一次门、查多项事). Inspection window: 2025-04-10 to 2025-10-30.

Run: ``python examples/xiao_matching.py``
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jointcheck.errors import InfeasibleError
from jointcheck.matching import (
    ConflictRules,
    MatchProblem,
    MatchSubject,
    Recusal,
    RecusalReason,
    match,
    verify_assignment,
)
from jointcheck.model import (
    Certificate,
    CheckItem,
    DateWindow,
    Department,
    Inspector,
    PoolScope,
    Task,
    TeamRequirement,
    Unit,
)

WINDOW = DateWindow(start=dt.date(2025, 4, 10), end=dt.date(2025, 10, 30))
SEED = 20250520


def certificate(number: str, until: dt.date = dt.date(2028, 12, 31)) -> Certificate:
    return Certificate(number=number, valid_from=dt.date(2021, 1, 1), valid_until=until)


NHC = Department(
    id="NHC",
    name="萧县卫生健康委员会",
    units=(Unit(id="NHC-JD", name="县卫生健康监督执法大队"),),
)
SAMR = Department(
    id="SAMR",
    name="萧县市场监督管理局",
    units=(
        Unit(id="SAMR-LC", name="龙城市场监管所", jurisdictions=("龙城镇",)),
        Unit(id="SAMR-SP", name="圣泉市场监管所", jurisdictions=("圣泉镇",)),
    ),
)

TASK = Task(
    id="XX-2025-1",
    name="2025年度全省互联网诊疗机构部门联合抽查",
    check_items=(
        CheckItem(id="N1", department_id="NHC", name="机构资质检查"),
        CheckItem(id="N2", department_id="NHC", name="人员资质检查"),
        CheckItem(id="N3", department_id="NHC", name="依法执业情况检查"),
        CheckItem(id="M1", department_id="SAMR", name="广告发布行为检查"),
        CheckItem(
            id="M2",
            department_id="SAMR",
            name="对药品网络销售的检查",
            qualification="药品",
            applies_to_tags=("药品网络销售",),
        ),
    ),
    sampling="100%",
    inspection=WINDOW,
    team_requirements=(
        TeamRequirement(department_id="NHC"),
        TeamRequirement(department_id="SAMR", scope=PoolScope.SAME_UNIT),
    ),
)

SUBJECTS = [
    MatchSubject(code="12341322MB1234567X", jurisdiction="龙城镇", tags=("药品网络销售",)),
    MatchSubject(code="91341322MA2NXXXX1A", jurisdiction="龙城镇"),
    MatchSubject(code="91341322MA2NXXXX2B", jurisdiction="圣泉镇", tags=("药品网络销售",)),
    MatchSubject(code="91341322MA2NXXXX3C", jurisdiction="圣泉镇"),
]

INSPECTORS = [
    *(
        Inspector(
            id=f"WJ{n:02d}",
            name=name,
            department_id="NHC",
            unit_id="NHC-JD",
            certificate=certificate(f"3413220{n:02d}"),
        )
        for n, name in enumerate(("王一", "李二", "张三", "刘四", "陈五"), start=1)
    ),
    *(
        Inspector(
            id=f"SJ{n:02d}",
            name=name,
            department_id="SAMR",
            unit_id="SAMR-LC" if n <= 3 else "SAMR-SP",
            certificate=certificate(f"3413221{n:02d}"),
        )
        for n, name in enumerate(("赵六", "孙七", "周八", "吴九", "郑十", "冯十一"), start=1)
    ),
    Inspector(
        id="SJ99",
        name="药品科专业人员",
        department_id="SAMR",
        unit_id="SAMR-LC",
        qualifications=("药品",),
        specialist=True,
    ),
    Inspector(
        id="SJ98",
        name="圣泉所药师",
        department_id="SAMR",
        unit_id="SAMR-SP",
        qualifications=("药品",),
        specialist=True,
    ),
]

CONFLICTS = ConflictRules(
    recusals=(
        Recusal(
            inspector_id="WJ01",
            subject_code="91341322MA2NXXXX1A",
            reason=RecusalReason.KINSHIP,
            note="配偶在该机构任职",
        ),
    )
)


def main() -> None:
    names = {i.id: i.name for i in INSPECTORS}
    common: dict[str, Any] = {
        "inspectors": INSPECTORS,
        "task": TASK,
        "departments": [NHC, SAMR],
        "conflicts": CONFLICTS,
        "seed": SEED,
    }
    problem = MatchProblem.build(SUBJECTS, **common)
    assignment = match(problem)
    print(
        f"萧县 2025 互联网诊疗机构联合抽查: seed {assignment.seed}, {assignment.algorithm} "
        f"v{assignment.version}"
    )
    print(f"inputs digest {assignment.inputs_digest[:16]}…")
    for team in assignment.teams:
        print(f"\n{team.subject_code} ({team.jurisdiction})")
        for part in team.departments:
            members = "、".join(names[i] for i in part.members)
            extra = "".join(f" + 专业人员 {names[i]}" for i in part.specialists)
            print(f"  {part.department_id:4}: {members}{extra}")
    print("\nload per inspector:")
    print("  " + ", ".join(f"{names[x.inspector_id]} {x.subjects}" for x in assignment.loads))
    print("\nexclusions:")
    for exclusion in assignment.exclusions:
        where = exclusion.subject_code or "every subject"
        print(f"  {names[exclusion.inspector_id]} / {where}: {exclusion.message}")
    print(
        f"\nverify_assignment: {len(verify_assignment(assignment, problem, allow_unbound_seed=True))} violations"
    )
    print("\ndispatch to 市场监管所:")
    for unit, teams in assignment.dispatch(department_id="SAMR").items():
        print(f"  {unit}: {', '.join(t.subject_code for t in teams)}")

    # The claim flow (认领): each department draws alone with the same seed: same teams.
    for department in ("NHC", "SAMR"):
        alone = match(
            MatchProblem.build(
                SUBJECTS,
                **{**common, "task": None},
                requirements=[TASK.team_requirement(department)],
                check_items=TASK.check_items,
                on=WINDOW,
            )
        )
        same = all(
            a.department(department) == b.department(department)
            for a, b in zip(assignment.teams, alone.teams, strict=True)
        )
        print(f"\n{department} drawing alone (认领) gives the same members: {same}")

    # One 市场监管所 inspector too few: an error a person can act on.
    print("\nwith 圣泉所 down to one inspector:")
    short = [i for i in INSPECTORS if i.id not in ("SJ05", "SJ06")]
    try:
        match(MatchProblem.build(SUBJECTS, **{**common, "inspectors": short}))
    except InfeasibleError as error:
        print(error)


if __name__ == "__main__":
    main()
