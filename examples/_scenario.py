"""Shared steps of the scenario examples: a synthetic registry, the draw and the match, printed.

Nothing here is real data: codes are valid 统一社会信用代码 built from serial numbers, names are
made up from the code, tiers and jurisdictions come from a seeded generator. The same
arguments always give the same registry, draw and teams.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from jointcheck.forms import (
    FollowUp,
    FollowUpKind,
    FormSection,
    InspectionForm,
    InspectionResult,
    ItemFinding,
    ItemOutcome,
    Signature,
    draw_reference,
)
from jointcheck.matching import Assignment, ConflictRules, MatchProblem, match, verify_assignment
from jointcheck.model import (
    Certificate,
    DateWindow,
    Department,
    Inspector,
    OperatingStatus,
    Plan,
    ResultCategory,
    RiskTier,
    Subject,
    SubjectKind,
    Task,
    credit_code_check_character,
)
from jointcheck.population import Population
from jointcheck.records import DisclosureReport, DisclosureState, PlanLedger
from jointcheck.sampling import Draw, HashSampler, SubjectExclusion, verify_draw
from jointcheck.workdays import WorkdayCalendar

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
PREFIX: Mapping[SubjectKind, str] = {
    SubjectKind.ENTERPRISE: "91",
    SubjectKind.INDIVIDUAL_BUSINESS: "92",
    SubjectKind.FARMER_COOPERATIVE: "93",
    SubjectKind.INSTITUTION: "12",
}
"""登记管理部门 and 机构类别 codes (GB 32100-2015) of the synthetic codes, by kind."""

KIND_TAILS: Mapping[SubjectKind, str] = {
    SubjectKind.ENTERPRISE: "商贸有限公司",
    SubjectKind.INDIVIDUAL_BUSINESS: "经营部",
    SubjectKind.FARMER_COOPERATIVE: "种植专业合作社",
    SubjectKind.INSTITUTION: "卫生院",
}
_HEADS = "安宝诚达东丰福广和恒华嘉金康乐利隆美宁鹏平清荣瑞盛顺泰通万鑫兴阳永裕源泽众"

RATED_SHARES: Mapping[RiskTier, float] = {
    RiskTier.LOW: 0.45,
    RiskTier.MEDIUM: 0.38,
    RiskTier.HIGHER: 0.11,
    RiskTier.HIGH: 0.06,
}
"""Tier shares of a registry whose subjects are all rated (A–D)."""


def credit_code(prefix: str, region: str, serial: int) -> str:
    """A valid 18-character credit code: ``prefix`` + ``region`` + serial (base 31) + check."""
    body = []
    for _ in range(9):
        serial, digit = divmod(serial, 31)
        body.append(CHARSET[digit])
    first17 = prefix + region + "".join(reversed(body))
    return first17 + credit_code_check_character(first17)


@dataclass(frozen=True)
class Group:
    """``n`` subjects of one kind carrying the same special-library tags (专项库)."""

    n: int
    kind: SubjectKind = SubjectKind.ENTERPRISE
    tags: tuple[str, ...] = ()
    tier_shares: Mapping[RiskTier, float] | None = None
    """Tier shares of this group; None = the registry's."""
    tiers: tuple[RiskTier, ...] = ()
    """Exact tiers, one per subject (instead of shares), e.g. the one A类 place of a list."""


@dataclass
class Registry:
    """A synthetic 检查对象名录库: a columnar population plus tags and names per subject."""

    population: Population
    tags: dict[str, tuple[str, ...]]
    tails: Mapping[str, str] = field(default_factory=dict)
    groups: tuple[tuple[Group, int], ...] = ()

    def library(
        self,
        *,
        kinds: Iterable[SubjectKind] | None = None,
        tags: Iterable[str] = (),
        statuses: Iterable[OperatingStatus] | None = None,
    ) -> Population:
        """The sub-library (子库) of subjects of ``kinds`` carrying one of ``tags`` (any if empty)."""
        mask = self.population.mask(kinds=kinds, statuses=statuses)
        wanted = set(tags)
        if wanted:
            codes = self.population.code_strings()
            mask &= np.array([bool(wanted.intersection(self.tags[c])) for c in codes], dtype=bool)
        return self.population.select(mask)

    def tagged(self, population: Population, tags: Iterable[str]) -> np.ndarray:
        """A row mask of ``population``: subjects carrying one of ``tags``."""
        wanted = set(tags)
        return np.array(
            [bool(wanted.intersection(self.tags[c])) for c in population.code_strings()],
            dtype=bool,
        )

    def subjects(self, codes: Iterable[str]) -> tuple[Subject, ...]:
        """Subject models (名称 made up from the code) for ``codes``."""
        found = []
        for row in self.population.subject_rows(codes):
            code = row["code"]
            tags = self.tags[code]
            digest = hashlib.sha256(code.encode()).digest()
            tail = next((self.tails[t] for t in tags if t in self.tails), KIND_TAILS[row["kind"]])
            place = row["jurisdiction"]
            place = (
                place[:-1] if place.endswith(("镇", "乡", "县", "区")) and len(place) > 2 else ""
            )
            name = place + _HEADS[digest[0] % len(_HEADS)] + _HEADS[digest[1] % len(_HEADS)] + tail
            found.append(
                Subject(
                    code=code,
                    name=name,
                    kind=row["kind"],
                    tier=row["tier"],
                    jurisdiction=row["jurisdiction"],
                    status=row["status"],
                    tags=tags,
                )
            )
        return tuple(found)


def build_registry(
    groups: Sequence[Group],
    *,
    region: str,
    jurisdictions: Sequence[str],
    seed: int,
    tier_shares: Mapping[RiskTier, float] = RATED_SHARES,
    tails: Mapping[str, str] | None = None,
    jurisdiction_weights: Sequence[float] | None = None,
) -> Registry:
    """A registry made of ``groups``, subjects spread over ``jurisdictions``."""
    rng = np.random.default_rng(seed)
    total = sum(g.n for g in groups)
    # distinct serials of nine base-31 digits (1_000_003 is prime to 31, so the map is one-to-one)
    serials = (rng.permutation(total).astype(np.int64) * 1_000_003 + 31**7) % 31**9
    weights = np.asarray(jurisdiction_weights or [1.0] * len(jurisdictions), dtype=float)
    weights /= weights.sum()
    codes: list[str] = []
    tiers: list[int] = []
    kinds: list[int] = []
    places: list[str] = []
    tags: dict[str, tuple[str, ...]] = {}
    at = 0
    for group in groups:
        shares = group.tier_shares or tier_shares
        order = list(shares)
        p = np.array([shares[t] for t in order], dtype=float)
        drawn = (
            list(group.tiers)
            if group.tiers
            else [order[i] for i in rng.choice(len(order), size=group.n, p=p / p.sum())]
        )
        if len(drawn) != group.n:
            raise ValueError(f"group {group.tags} has {group.n} subjects but {len(drawn)} tiers")
        where = rng.choice(len(jurisdictions), size=group.n, p=weights)
        for k in range(group.n):
            code = credit_code(PREFIX[group.kind], region, int(serials[at + k]))
            codes.append(code)
            tiers.append(drawn[k].code)
            kinds.append(group.kind.code)
            places.append(jurisdictions[int(where[k])])
            tags[code] = group.tags
        at += group.n
    population = Population.from_arrays(
        codes,
        np.array(tiers, dtype=np.uint8),
        jurisdictions=places,
        kinds=np.array(kinds, dtype=np.uint8),
    )
    return Registry(population=population, tags=tags, tails=dict(tails or {}))


def rows_of(population: Population, codes: Iterable[str]) -> np.ndarray:
    """A row mask of ``population``: the subjects whose code is in ``codes``."""
    wanted = np.array(sorted(codes), dtype="S18")
    return np.isin(population.codes, wanted)


_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文斌辉"


def inspectors(
    department: Department,
    sizes: Mapping[str | None, int],
    *,
    on: dt.date,
    seed: int,
    expired: int = 0,
    unavailable: int = 0,
    specialists: Sequence[tuple[str | None, tuple[str, ...]]] = (),
) -> tuple[Inspector, ...]:
    """A department's part of the 执法人员名录库: ``sizes[unit_id]`` certified inspectors per unit
    (``None`` for the department itself), the first ``expired`` of them with a 执法证 that
    expired the day before ``on`` and the next ``unavailable`` unavailable, then one
    specialist (专业人员, no 执法证) per ``(unit_id, qualifications)``."""
    rng = np.random.default_rng(seed)
    people: list[Inspector] = []
    serial = 0
    for unit_id, size in sizes.items():
        for _ in range(size):
            serial += 1
            expires = (
                on - dt.timedelta(days=1) if serial <= expired else on.replace(year=on.year + 3)
            )
            people.append(
                Inspector(
                    id=f"{department.id}-{serial:03d}",
                    name=_person(rng),
                    department_id=department.id,
                    unit_id=unit_id,
                    certificate=Certificate(
                        number=f"{department.region or '00'}{serial:06d}",
                        valid_from=on.replace(year=on.year - 2),
                        valid_until=expires,
                    ),
                    available=not (expired < serial <= expired + unavailable),
                )
            )
    for number, (unit_id, qualifications) in enumerate(specialists, start=1):
        people.append(
            Inspector(
                id=f"{department.id}-S{number:02d}",
                name=_person(rng),
                department_id=department.id,
                unit_id=unit_id,
                qualifications=qualifications,
                specialist=True,
            )
        )
    return tuple(people)


def _person(rng: np.random.Generator) -> str:
    given = "".join(
        _GIVEN[int(i)] for i in rng.integers(len(_GIVEN), size=1 + int(rng.random() < 0.6))
    )
    return _SURNAMES[int(rng.integers(len(_SURNAMES)))] + given


def pool_summary(pool: Sequence[Inspector], plan: Plan) -> str:
    """``兴安盟市场监督管理局 16 (1 专业人员) · …`` per department."""
    parts = []
    for department in plan.departments:
        mine = [p for p in pool if p.department_id == department.id]
        if not mine:
            continue
        extra = sum(p.specialist for p in mine)
        parts.append(f"{department.name} {len(mine)}" + (f" ({extra} 专业人员)" if extra else ""))
    return " · ".join(parts)


# --------------------------------------------------------------------------- printing


def heading(plan: Plan) -> None:
    """The plan's name, 文号, departments and tasks."""
    print(plan.name)
    initiator = plan.department(plan.initiator_id).name
    others = "、".join(plan.department(d).name for d in plan.participant_ids) or "无 (内部联合抽查)"
    number = f"文号 {plan.document_number} · " if plan.document_number else ""
    print(f"{number}发起部门 {initiator} · 参与部门 {others} · {len(plan.tasks)} 项抽查任务")


def tier_counts(population: Population) -> str:
    """``高风险 3 · 较高风险 10 · …`` for the tiers present, highest risk first."""
    counts = population.counts_by_tier()
    order = (*reversed(RiskTier.rated()), RiskTier.UNRATED)
    return " · ".join(f"{t.label} {counts[t]:,}" for t in order if counts[t])


def draw_task(
    task: Task,
    population: Population,
    *,
    seed: str,
    exclude: Sequence[SubjectExclusion] = (),
    indent: str = "  ",
    explain: bool = True,
) -> Draw:
    """Draw the task's quotas with the verifiable HashSampler, verify the record, print it."""
    draw = HashSampler().draw(population, task.sampling, seed=seed, exclude=exclude)
    for exclusion in exclude:
        if exclusion.codes:
            print(f"{indent}excluded {len(exclusion.codes)}: {exclusion.detail}")
    if explain:
        for line in draw.quotas.explain().splitlines():
            print(f"{indent}  {line}")
    total = draw.quotas.total
    print(f"{indent}quota {total} of {draw.quotas.available:,} ({draw.algorithm}, seed {seed!r})")
    problems = verify_draw(draw, population, allow_unbound_seed=True)
    print(f"{indent}verify_draw: {problems if problems else 'no violations'}")
    return draw


def match_task(
    plan: Plan,
    task: Task,
    subjects: Sequence[Subject],
    inspectors: Sequence[Inspector],
    *,
    seed: str | int,
    departments: Sequence[Department] | None = None,
    conflicts: ConflictRules | None = None,
    units_by_jurisdiction: Mapping[str, Sequence[str]] | None = None,
    indent: str = "  ",
) -> tuple[Assignment, MatchProblem]:
    """Match every department's members for every subject; verify and print team sizes."""
    problem = MatchProblem.build(
        subjects,
        inspectors,
        seed=seed,
        task=task,
        departments=plan.departments if departments is None else departments,
        conflicts=conflicts,
        units_by_jurisdiction=units_by_jurisdiction,
    )
    assignment = match(problem)
    violations = verify_assignment(assignment, problem, allow_unbound_seed=True)
    print(f"{indent}teams: {team_sizes(plan, assignment)}")
    print(f"{indent}verify_assignment: {len(violations)} violations")
    return assignment, problem


def plural(n: int, word: str) -> str:
    """``1 subject``, ``2 subjects``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def team_sizes(plan: Plan, assignment: Assignment) -> str:
    """``12 subjects × 兴安盟市场监督管理局 2 + 兴安盟卫生健康委员会 2 (+ 1 专业人员)``."""
    parts = []
    for department in plan.departments:
        members: Counter[int] = Counter()
        specialists = 0
        for team in assignment.teams:
            for part in team.departments:
                if part.department_id == department.id:
                    members[len(part.members)] += 1
                    specialists += len(part.specialists)
        if not members:
            continue
        sizes = "/".join(str(n) for n in sorted(members))
        extra = f" (+{specialists} 专业人员)" if specialists else ""
        parts.append(f"{department.name} {sizes}{extra}")
    return f"{plural(len(assignment.teams), 'subject')} × " + " + ".join(parts)


def busiest(assignment: Assignment, department_id: str) -> int:
    """The most subjects any inspector of the department was given."""
    loads = [x.subjects for x in assignment.loads if x.department_id == department_id]
    return max(loads, default=0)


def show_team(
    plan: Plan,
    assignment: Assignment,
    subjects: Sequence[Subject],
    pool: Sequence[Inspector],
    *,
    indent: str = "  ",
) -> None:
    """The first subject's joint team (联合检查组) with names."""
    if not subjects:
        return
    names = {p.id: p.name for p in pool}
    subject = subjects[0]
    team = assignment.team(subject.code)
    print(
        f"{indent}e.g. {subject.name} ({subject.code}, {subject.tier.label}, {subject.jurisdiction}):"
    )
    for part in team.departments:
        members = "、".join(names[i] for i in part.members)
        extra = "".join(f" + 专业人员 {names[i]}" for i in part.specialists)
        print(f"{indent}  {plan.department(part.department_id).name}: {members}{extra}")


# --------------------------------------------------------------------------- inspection

_CLEAN, _CORRECTED, _PENDING, _NO_BUSINESS = "clean", "corrected", "pending", "no_business"
_UNREACHABLE, _CLOSED, _REFUSED, _OPEN = "unreachable", "closed", "refused", "open"
SUBJECT_STATES = ((0.02, _UNREACHABLE), (0.01, _CLOSED), (0.01, _REFUSED))
"""Shares of subjects found unreachable (无法联系), closed (已关闭停业) or refusing (不配合)."""
OUTCOMES = ((0.08, _CORRECTED), (0.05, _PENDING), (0.04, _NO_BUSINESS))
"""Shares of department results, for subjects found open: 责令已改正, 待后续处理, 未发现经营活动;
the rest 未发现问题."""


def _unit_interval(*parts: object) -> float:
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _pick(u: float, table: Sequence[tuple[float, str]], default: str) -> str:
    edge = 0.0
    for share, name in table:
        edge += share
        if u < edge:
            return name
    return default


@dataclass
class Round:
    """The forms of one task, signed (or refused), and the results each department entered."""

    forms: tuple[InspectionForm, ...]
    results: tuple[InspectionResult, ...]
    late: tuple[tuple[str, str], ...] = ()
    """(subject code, department id) of results published after their deadline."""
    not_entered: tuple[tuple[str, str], ...] = ()
    """(subject code, department id) of results not entered."""


def inspect(
    plan: Plan,
    task: Task,
    forms: Sequence[InspectionForm],
    *,
    calendar: WorkdayCalendar,
    seed: str,
    window: DateWindow | None = None,
    late: int = 0,
    not_entered: int = 0,
) -> Round:
    """Synthetic, deterministic visits: a day in the window per subject (one joint visit), the
    subject's signature or refusal, and each department's result (谁检查、谁录入), entered and
    published within the disclosure deadline except ``late`` published after it and
    ``not_entered`` never entered."""
    window = window or task.inspection
    if window is None:
        raise ValueError(f"task {task.id} has no inspection window")
    days = [
        window.start + dt.timedelta(days=k)
        for k in range(window.days)
        if calendar.is_workday(window.start + dt.timedelta(days=k))
    ]
    signed: list[InspectionForm] = []
    pending: list[tuple[float, InspectionResult, dt.date]] = []
    for form in forms:
        code = form.subject.code
        day = days[int(_unit_interval(seed, code, "day") * len(days))]
        state = _pick(_unit_interval(seed, code, "state"), SUBJECT_STATES, _OPEN)
        if state == _REFUSED:
            signature = Signature.refused(
                on=day,
                note="负责人拒绝在检查表上签字，检查过程已全程记录",
                recorded_by=[s.team.counted_ids[0] for s in form.sections],
            )
        elif state in (_OPEN, _CLOSED):
            signer = _SURNAMES[int(_unit_interval(seed, code, "signer") * len(_SURNAMES))] + "某"
            signature = Signature.signed(signer=signer, on=day, sealed=state == _OPEN)
        else:
            signature = None
        signed.append(form.with_signature(signature) if signature else form)
        for section in form.sections:
            department = plan.department(section.department_id)
            outcome = (
                _pick(_unit_interval(seed, code, department.id), OUTCOMES, _CLEAN)
                if state == _OPEN
                else state
            )
            categories, findings, follow_ups, remarks = _outcome(outcome, department, section)
            members = section.team.counted_ids
            deadline = calendar.add_workdays(day, task.disclosure_working_days)
            if task.disclosure_by is not None:
                deadline = min(deadline, task.disclosure_by)
            entered = min(
                calendar.add_workdays(
                    day, 1 + int(_unit_interval(seed, code, department.id, "e") * 4)
                ),
                deadline,
            )
            entered = max(entered, day)
            published = max(min(calendar.add_workdays(entered, 2), deadline), entered)
            result = InspectionResult(
                task_id=task.id,
                subject_code=code,
                department_id=department.id,
                categories=categories,
                findings=findings,
                follow_ups=follow_ups,
                remarks=remarks,
                inspected_on=day,
                inspector_ids=members,
                specialist_ids=section.team.specialist_ids,
                entered_on=entered,
                entered_by=members[0],
                published_on=published,
            )
            pending.append((_unit_interval(seed, code, department.id, "order"), result, deadline))
    pending.sort(key=lambda entry: entry[0])
    results: list[InspectionResult] = []
    late_keys: list[tuple[str, str]] = []
    missing: list[tuple[str, str]] = []
    for k, (_, result, deadline) in enumerate(pending):
        key = (result.subject_code, result.department_id)
        if k < not_entered:
            missing.append(key)
            continue
        if k < not_entered + late:
            after = calendar.add_workdays(deadline, 3)
            result = result.model_copy(
                update={"entered_on": max(result.entered_on, deadline), "published_on": after}
            )
            late_keys.append(key)
        results.append(result)
    results.sort(key=lambda r: (r.subject_code, r.department_id))
    return Round(
        forms=tuple(signed),
        results=tuple(results),
        late=tuple(late_keys),
        not_entered=tuple(missing),
    )


def _outcome(
    outcome: str, department: Department, section: FormSection
) -> tuple[tuple[ResultCategory, ...], tuple[ItemFinding, ...], tuple[FollowUp, ...], str]:
    market = "市场监督管理" in department.name
    items = section.items
    compliant = tuple(ItemFinding(item_id=i.id, outcome=ItemOutcome.COMPLIANT) for i in items)
    failed = (
        ItemFinding(
            item_id=items[0].id, outcome=ItemOutcome.NON_COMPLIANT, note="检查发现不符合规定"
        ),
        *compliant[1:],
    )
    if outcome == _CLEAN:
        return (ResultCategory.NO_PROBLEM_FOUND,), compliant, (), ""
    if outcome == _CORRECTED:
        corrected = (FollowUp(kind=FollowUpKind.ORDER_CORRECTION, note="当场责令改正，已改正"),)
        return (ResultCategory.CORRECTED_AFTER_ORDER,), failed, corrected, ""
    if outcome == _PENDING:
        category = (
            ResultCategory.OTHER_MARKET_VIOLATION
            if market
            else ResultCategory.VIOLATES_OTHER_DEPARTMENT_RULES
        )
        follow = (
            FollowUp(kind=FollowUpKind.ORDER_CORRECTION, note="责令限期改正"),
            FollowUp(kind=FollowUpKind.OPEN_CASE),
        )
        return (category,), failed, follow, ""
    if outcome == _NO_BUSINESS:
        absent = tuple(ItemFinding(item_id=i.id, outcome=ItemOutcome.NOT_INVOLVED) for i in items)
        return (
            (ResultCategory.NO_RELEVANT_BUSINESS,),
            absent,
            (),
            "未发现开展本次抽查涉及的经营活动",
        )
    if outcome == _UNREACHABLE:
        listed: tuple[FollowUp, ...] = (
            (FollowUp(kind=FollowUpKind.LIST_ABNORMAL_OPERATIONS, note="依法列入经营异常名录"),)
            if market
            else (FollowUp(kind=FollowUpKind.NOTIFY_DEPARTMENT, target="市场监督管理部门"),)
        )
        return (
            (ResultCategory.UNREACHABLE_AT_ADDRESS,),
            (),
            listed,
            "通过登记的住所（经营场所）无法联系",
        )
    if outcome == _CLOSED:
        return (ResultCategory.CLOSED_OR_LIQUIDATING,), (), (), "已关闭停业"
    return (ResultCategory.SERIOUS_NON_COOPERATION,), (), (), "拒不配合检查，情节严重"


def disclosure_line(report: DisclosureReport) -> str:
    """``按期公示 120 · 逾期公示 1 · 逾期未公示 0 · 待公示 0 · 公示率 120/121 (99.17%)``."""
    counts = " · ".join(f"{state.label} {n}" for state, n in report.counts.items())
    on_time = report.count(DisclosureState.ON_TIME)
    return f"{counts} · 公示率 {on_time}/{report.expected} ({float(report.rate):.2%})"


def record_round(
    ledger: PlanLedger,
    plan: Plan,
    task: Task,
    forms: Sequence[InspectionForm],
    draw: Draw,
    *,
    calendar: WorkdayCalendar,
    seed: str,
    window: DateWindow | None = None,
    late: int = 0,
    not_entered: int = 0,
    indent: str = "  ",
) -> PlanLedger:
    """Visit, sign and enter results for a task's forms; add them to the ledger; print a line."""
    done = inspect(
        plan,
        task,
        forms,
        calendar=calendar,
        seed=seed,
        window=window,
        late=late,
        not_entered=not_entered,
    )
    ledger = ledger.add_forms(task.id, done.forms, draw_reference=draw_reference(draw))
    ledger = ledger.record_results(done.results)
    signatures = Counter(f.signature.status.label for f in done.forms)
    items = Counter(len(f.check_items) for f in done.forms)
    print(
        f"{indent}一企一表: {plural(len(done.forms), 'form')} "
        f"({', '.join(plural(n, 'item') + f' ×{items[n]}' for n in sorted(items))}); "
        + " · ".join(f"{label} {n}" for label, n in sorted(signatures.items()))
    )
    print(
        f"{indent}results entered: {len(done.results)} of {sum(len(f.sections) for f in done.forms)}"
    )
    return ledger
