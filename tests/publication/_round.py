"""One synthetic round, bound end to end, for the publication tests."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import numpy as np

from jointcheck.matching import (
    Assignment,
    ConflictRules,
    MatchProblem,
    Recusal,
    RecusalReason,
    match_announced,
    team_inputs_digest,
)
from jointcheck.model import (
    InspectionRecord,
    Inspector,
    OperatingStatus,
    PoolScope,
    RiskTier,
    SamplingRule,
)
from jointcheck.population import Population
from jointcheck.publication import PublicRound, PublishedResult
from jointcheck.sampling import (
    Announcement,
    Draw,
    Reveal,
    announce,
    commit,
    derive_seed,
    draw_announced,
    exclude_recently_inspected,
    exclude_statuses,
)
from jointcheck.scenarios import xingan_2023_plan
from jointcheck.synthetic import synthetic_inspectors, synthetic_population, synthetic_subjects

XINGAN = "高风险企业不低于10%、较高风险企业不低于5%、中风险企业不低于1%、低风险企业不低于0.5%"
PARTIES = ("兴安盟市场监督管理局", "兴安盟卫生健康委员会", "兴安盟公证处")
DRAW_DAY = dt.date(2023, 3, 3)


def secrets_for(label: str, parties: tuple[str, ...] = PARTIES) -> dict[str, str]:
    return {p: hashlib.sha256(f"{label}:{p}".encode()).hexdigest() for p in parties}


@dataclass(frozen=True)
class Round:
    population: Population
    inspections: tuple[InspectionRecord, ...]
    announcement: Announcement
    reveals: tuple[Reveal, ...]
    draw: Draw
    problem: MatchProblem
    assignment: Assignment
    results: tuple[PublishedResult, ...]

    def public(self) -> PublicRound:
        return PublicRound(
            announcement=self.announcement,
            draw=self.draw,
            problem=self.problem,
            assignment=self.assignment,
            results=self.results,
            inspections=self.inspections or None,
        )


def registry(size: int = 600, *, seed: int = 3) -> Population:
    base = synthetic_population(size, seed=seed)
    statuses = np.where(np.arange(size) % 37 == 5, OperatingStatus.DEREGISTERED.code, 0)
    return Population.from_arrays(
        base.codes,
        base.tiers,
        jurisdictions=[base.jurisdiction_labels[j] for j in base.jurisdictions.tolist()],
        statuses=statuses.astype(np.uint8),
    )


def pool() -> tuple[Inspector, ...]:
    plan = xingan_2023_plan()
    return synthetic_inspectors(
        plan.departments,
        per_unit=6,
        on=DRAW_DAY,
        seed=1,
        qualifications={"xam-samr": ["医疗器械"], "xam-nhc": ["公共场所卫生"]},
    )


def make_round(
    *, size: int = 600, label: str = "round", seed: int = 3, rule: str = XINGAN
) -> Round:
    """A bound round: announcement (status and recently-inspected exclusions, team inputs),
    draw, one replacement the registry confirms, teams with a recusal, results."""
    plan = xingan_2023_plan()
    task = plan.tasks[0]
    population = registry(size, seed=seed)
    codes = population.code_strings()
    inspections = tuple(
        InspectionRecord(
            subject_code=codes[i], department_id="xam-samr", day=DRAW_DAY - dt.timedelta(days=i)
        )
        for i in range(0, min(size, 90), 9)
    )
    directory = pool()
    member = next(i for i in directory if not i.specialist and i.department_id == "xam-samr")
    conflicts = ConflictRules(  # one inspector holds shares in every seventh subject
        recusals=tuple(
            Recusal(
                inspector_id=member.id,
                subject_code=code,
                reason=RecusalReason.INTEREST,
                note="本人持有该企业股份",
            )
            for code in codes[1::7]
        )
    )
    inputs = MatchProblem.build(
        [], directory, seed=0, task=task, departments=plan.departments, conflicts=conflicts
    )
    secrets = secrets_for(label)
    announcement = announce(
        population,
        SamplingRule.parse(rule),
        task=f"{task.id} {task.name}",
        commitments=[commit(p, v) for p, v in secrets.items()],
        exclude=[
            exclude_statuses(population),
            exclude_recently_inspected(
                population, inspections, department_id="xam-samr", on=DRAW_DAY, months=6
            ),
        ],
        inspections=inspections,
        team_inputs_digest=team_inputs_digest(inputs),
    )
    reveals = tuple(Reveal(party=p, value=v) for p, v in secrets.items())
    draw = draw_announced(announcement, population, reveals)
    tier = next(t for t in (RiskTier.HIGH, RiskTier.HIGHER) if draw.waitlist(t))
    draw = draw.replace(draw.selected_in(tier)[0], reason="经比对已关闭")
    subjects = synthetic_subjects(population, draw.selected, tags=task.required_tags)
    problem = MatchProblem.build(
        subjects,
        directory,
        seed=derive_seed(announcement, reveals, purpose="teams"),
        task=task,
        departments=plan.departments,
        conflicts=conflicts,
    )
    assignment = match_announced(problem, announcement, reveals)
    results = tuple(
        PublishedResult(subject_code=c, result="未发现问题" if n % 4 else "发现问题已责令改正")
        for n, c in enumerate(draw.selected)
    )
    return Round(population, inspections, announcement, reveals, draw, problem, assignment, results)


ONE_DEPARTMENT = "cty-samr"
UNITS = ("cty-samr-1", "cty-samr-2")
SMALL_RULE = "高风险企业不低于50%、较高风险企业不低于20%、中风险企业不低于10%、低风险企业不低于5%"


def small_round(
    *,
    label: str,
    size: int = 40,
    inspectors: int = 8,
    caps: tuple[int, ...] = (),
    min_members: int = 2,
    recused: int = 0,
    uncertified: int = 0,
    certified: int | None = None,
    specialists: int = 0,
    qualifications: tuple[str, ...] = (),
    specialist_cap: int | None = None,
    scope: PoolScope = PoolScope.ANY,
) -> Round:
    """A bound round of one department whose workload caps may bind.

    ``caps[k]`` caps inspector k (the rest are uncapped); every inspector is recused from
    ``recused`` of every 8 registry subjects (chosen by a hash, declared before the seed);
    the last ``uncertified`` inspectors hold no 执法证; ``certified`` members of each team
    must hold one (default: all). Every team needs ``qualifications``, which no member holds
    and each of the ``specialists`` holds all of (with workload cap ``specialist_cap``). Two
    units split the registry's jurisdictions and the inspectors; ``scope`` says whose
    inspectors a subject may get (所内 / 所所随机).

    Raises:
        InfeasibleError: no staffing exists for the drawn subjects.
    """
    import datetime as dt

    from jointcheck.model import Certificate, Department, TeamRequirement, Unit
    from jointcheck.sampling import announce, commit

    population = registry(size, seed=11)
    codes = population.code_strings()
    day = dt.date(2024, 5, 6)
    cert = Certificate(number="1", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2030, 1, 1))
    directory = tuple(
        Inspector(
            id=f"I{k:02d}",
            name=f"检查员{k}",
            department_id=ONE_DEPARTMENT,
            certificate=None if k >= inspectors - uncertified else cert,
            unit_id=UNITS[k % 2],
        )
        for k in range(inspectors)
    ) + tuple(
        Inspector(
            id=f"S{k:02d}",
            name=f"专业人员{k}",
            department_id=ONE_DEPARTMENT,
            certificate=cert,
            specialist=True,
            qualifications=qualifications,
            unit_id=UNITS[k % 2],
        )
        for k in range(specialists)
    )
    conflicts = ConflictRules(
        recusals=tuple(
            Recusal(inspector_id=i.id, subject_code=code, reason=RecusalReason.KINSHIP)
            for i in directory
            for code in codes
            if hashlib.sha256(f"{i.id}:{code}".encode()).digest()[0] % 8 < recused
        )
    )
    places = sorted(set(population.jurisdiction_labels))
    department = Department(
        id=ONE_DEPARTMENT,
        name="县市场监督管理局",
        units=tuple(
            Unit(id=unit, name=f"第{n + 1}市场监管所", jurisdictions=tuple(places[n::2]))
            for n, unit in enumerate(UNITS)
        ),
    )
    options = {
        "on": day,
        "departments": [department],
        "requirements": [
            TeamRequirement(
                department_id=ONE_DEPARTMENT,
                min_members=min_members,
                certified_members=certified,
                qualifications=qualifications,
                scope=scope,
            )
        ],
        "conflicts": conflicts,
        "caps": {directory[k].id: c for k, c in enumerate(caps)}
        | (
            {}
            if specialist_cap is None
            else {f"S{k:02d}": specialist_cap for k in range(specialists)}
        ),
    }
    inputs = MatchProblem.build([], directory, seed=0, **options)  # type: ignore[arg-type]
    secrets = secrets_for(label)
    announcement = announce(
        population,
        SamplingRule.parse(SMALL_RULE),
        task=f"small round {label}",
        commitments=[commit(p, v) for p, v in secrets.items()],
        team_inputs_digest=team_inputs_digest(inputs),
    )
    reveals = tuple(Reveal(party=p, value=v) for p, v in secrets.items())
    draw = draw_announced(announcement, population, reveals)
    problem = MatchProblem.build(
        synthetic_subjects(population, draw.selected),
        directory,
        seed=derive_seed(announcement, reveals, purpose="teams"),
        **options,  # type: ignore[arg-type]
    )
    assignment = match_announced(problem, announcement, reveals)
    return Round(population, (), announcement, reveals, draw, problem, assignment, ())


def repaired_round() -> Round:
    """A small round with caps of 1 and recusals where the greedy gets stuck and the repair
    completes the teams (the first such secrets label, found once)."""
    from jointcheck.errors import InfeasibleError
    from jointcheck.matching import staffing_table

    for n in range(200):
        try:
            made = small_round(label=f"repair-{n}", inspectors=14, caps=(1,) * 14, recused=3)
        except InfeasibleError:
            continue
        if any(r.chosen != (r.stage is not None) for r in staffing_table(made.problem).rows):
            return made
    raise AssertionError("no round among 200 labels needs the repair")


def covered_round() -> Round:
    """A small round whose specialists (caps of 3, each holding both needed qualifications)
    cannot staff every need, and one specialist covers both needs of a subject."""
    return small_round(
        label="cover0",
        inspectors=16,
        specialists=4,
        qualifications=("医疗器械", "公共场所卫生"),
        specialist_cap=3,
    )
