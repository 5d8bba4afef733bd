"""A county bureau's whole year: 泽州县市场监督管理局, 2023, end to end.

The bureau's annual plan (年度抽查计划) carries its own tasks (泽市监〔2023〕10号: 药店价格、
企业双随机), a joint task it initiates with the county health bureau (the Lianchi notice's
"两个工作日内完成比对和确认"), and a task the city coordinates and dispatches to the county's
stations (市抽县查, as in 秦市监函〔2023〕453号). The script:

1. publishes the plan (CSV / Markdown / HTML) and reviews the year: timeline findings,
   overlapping tasks, and how far the plan goes toward 年度抽查企业占比3%;
2. draws each task, records dispatch, claim and confirmation as dated events, and reports
   pending / on time / late / overdue on the official calendar (调休 included); a subject
   refused at confirmation is replaced from the waitlist, and the draw still verifies;
3. inspects a subject drawn by two overlapping tasks once (一企一表 across tasks), prints
   the advance notice (提前告知), records each task's results against the visit;
4. computes the yearly frequency cap (同一企业年度检查频次上限) as an exclusion of the city's
   November draw;
5. follows findings up (限期改正 with a re-check, 移送, 抄告) and prints the overdue report;
6. files annex 2 with its 合计 row and sign-off block.

The registry is synthetic (fixed seeds), so every run prints the same. Run:
``python examples/county_year_2023.py``; with ``--files DIR`` it also writes the year as the
``jointcheck year`` command reads it (plan.json, draws.csv with a Draw JSON per task,
dispatches.csv, claims.csv, confirmations.csv, follow-ups.json), e.g.
``jointcheck year DIR/plan.json --as-of 2023-11-24 --draws DIR/draws.csv --dispatches
DIR/dispatches.csv --claims DIR/claims.csv --confirmations DIR/confirmations.csv
--follow-ups DIR/follow-ups.json``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np

from jointcheck.forms import (
    AdvanceNotice,
    FollowUp,
    FollowUpKind,
    FormTeam,
    InspectionForm,
    InspectionResult,
    ItemFinding,
    ItemOutcome,
    JointVisitForm,
    Signature,
)
from jointcheck.model import (
    CheckItem,
    DateWindow,
    Department,
    InspectionRecord,
    Plan,
    ResultCategory,
    RiskTier,
    ScopeKind,
    Subject,
    Task,
    Unit,
    UnitKind,
)
from jointcheck.population import Population
from jointcheck.records import (
    Annex2,
    AnnualPlan,
    CaseTransfer,
    ClaimEvent,
    ConfirmationEvent,
    CorrectionOrder,
    DepartmentNotice,
    DispatchEvent,
    DrawEvent,
    FollowUpBook,
    FrequencyCap,
    PlanEntry,
    PlanLedger,
    PlanLevel,
    RefusalReason,
    SignOff,
    StepDeadlines,
    StepState,
    YearRecord,
    check_year,
    exclude_frequency_capped,
    plan_coverage,
    plan_joint_visits,
    record_joint_visit,
    summarize,
)
from jointcheck.sampling import (
    Announcement,
    Reveal,
    announce,
    commit,
    draw_announced,
    verify_draw,
)
from jointcheck.synthetic import synthetic_codes, synthetic_subjects
from jointcheck.workdays import CalendarDays, ChinaCalendar

SAMR, NHC, CITY = "zz-samr", "zz-nhc", "jc-samr"
PARTIES = ("泽州县市场监督管理局", "泽州县公证处")
TOWNS = ("巴公镇", "高都镇", "金村镇", "下村镇")
PUBLIC_PLACES = "公共场所"
DRUGSTORES = "药店"
CALENDAR = ChinaCalendar()


def _plans(annual: AnnualPlan) -> list[Plan]:
    """The plans of the year, which hold the visit's tasks."""
    return [e.plan for e in annual.entries]


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _window(start: str, end: str) -> DateWindow:
    return DateWindow(start=_d(start), end=_d(end))


def _departments() -> tuple[Department, ...]:
    stations = tuple(
        Unit(
            id=f"zz-st{i}",
            name=f"{town[:-1]}市场监管所",
            kind=UnitKind.STATION,
            jurisdictions=(town,),
        )
        for i, town in enumerate(TOWNS, 1)
    )
    return (
        Department(id=SAMR, name="泽州县市场监督管理局", region="140525", units=stations),
        Department(id=NHC, name="泽州县卫生健康局", region="140525"),
    )


def _item(item_id: str, department: str, name: str, basis: str = "") -> CheckItem:
    return CheckItem(id=item_id, department_id=department, name=name, legal_basis=basis)


def annual_plan() -> AnnualPlan:
    """The bureau's 2023 plan: own tasks, a joint task it leads, a city-coordinated task."""
    own = Plan(
        id="zz-2023-internal",
        name="泽州县市场监督管理局2023年度内部双随机抽查工作计划",
        year=2023,
        document_number="泽市监〔2023〕10号",
        initiator_id=SAMR,
        departments=_departments()[:1],
        tasks=(
            Task(
                id="zz-08",
                name="药店价格双随机抽查检查",
                scope=ScopeKind.DIRECTED,
                target="全县药店",
                required_tags=(DRUGSTORES,),
                check_items=(_item("price", SAMR, "价格行为检查", "《价格法》"),),
                sampling="10%",
                extraction=_window("2023-03-01", "2023-03-03"),
                inspection=_window("2023-03-06", "2023-06-30"),
            ),
            Task(
                id="zz-12",
                name="企业双随机抽查",
                scope=ScopeKind.UNDIRECTED,
                target="全县企业",
                check_items=(
                    _item("reg", SAMR, "登记事项检查", "《市场主体登记管理条例》"),
                    _item("pub", SAMR, "公示信息检查", "《企业信息公示暂行条例》"),
                ),
                sampling="3%",
                extraction=_window("2023-07-03", "2023-07-07"),
                inspection=_window("2023-07-10", "2023-12-15"),
            ),
        ),
    )
    joint = Plan(
        id="zz-2023-joint",
        name="泽州县2023年度部门联合双随机抽查工作计划",
        year=2023,
        initiator_id=SAMR,
        departments=_departments(),
        tasks=(
            Task(
                id="zz-j1",
                name="公共场所部门联合抽查",
                scope=ScopeKind.DIRECTED,
                target="全县公共场所经营者",
                required_tags=(PUBLIC_PLACES,),
                check_items=(
                    _item("reg", SAMR, "登记事项检查", "《市场主体登记管理条例》"),
                    _item("hyg", NHC, "对公共场所卫生的监督检查", "《公共场所卫生管理条例》"),
                ),
                sampling="20%",
                extraction=_window("2023-09-25", "2023-09-28"),
                inspection=_window("2023-10-09", "2023-11-30"),
                disclosure_working_days=10,
            ),
        ),
    )
    city = Plan(
        id="jc-2023-internal-joint",
        name="晋城市市场监管系统内部联合信用风险分级分类抽查",
        year=2023,
        initiator_id=CITY,
        departments=(Department(id=CITY, name="晋城市市场监督管理局"), _departments()[0]),
        tasks=(
            Task(
                id="jc-1",
                name="市场监管系统内部联合抽查（市抽县查）",
                scope=ScopeKind.DIRECTED,
                target="全市已成立状态的相关市场主体",
                check_items=(
                    _item("ad", SAMR, "广告行为检查", "《广告法》"),
                    _item("tm", SAMR, "商标使用行为的检查", "《商标法》"),
                ),
                sampling="结合企业信用风险分级分类，按照总体不低于3%的比例抽取",
                extraction=_window("2023-11-13", "2023-11-17"),
                inspection=_window("2023-11-20", "2023-12-31"),
            ),
        ),
    )
    return AnnualPlan(
        id="zz-2023",
        name="泽州县市场监督管理局2023年度双随机抽查工作计划（汇总）",
        year=2023,
        jurisdiction="泽州县",
        publisher="泽州县市场监督管理局",
        coverage_target="3%",
        entries=(
            PlanEntry(plan=own, source="泽市监〔2023〕10号"),
            PlanEntry(
                plan=joint,
                deadlines=StepDeadlines(
                    claim="两个工作日内认领", confirmation="两个工作日内完成比对和确认"
                ),
            ),
            PlanEntry(plan=city, level=PlanLevel.CITY, source="晋城市局统筹", dispatched=True),
        ),
    )


def registry() -> tuple[Population, set[str], set[str]]:
    """The county's enterprises (synthetic), the drugstores and the public places among them."""
    rng = np.random.default_rng(2023)
    population = Population.from_arrays(
        synthetic_codes(1500, region="140525", seed=2023),
        rng.choice(["A", "B", "C", "D"], size=1500, p=[0.5, 0.35, 0.1, 0.05]),
        jurisdictions=rng.choice(TOWNS, size=1500),
    )
    codes = sorted(population.code_strings())
    return population, set(codes[::10]), set(codes[1::3])


def subject(population: Population, code: str, drugstores: set[str], places: set[str]) -> Subject:
    tags = [t for t, pool in ((DRUGSTORES, drugstores), (PUBLIC_PLACES, places)) if code in pool]
    return synthetic_subjects(population, [code], tags=tags)[0]


def team(department: str, code: str) -> FormTeam:
    """Two certified inspectors (ids stand for the matcher's draw)."""
    n = sum(map(ord, code)) % 7
    return FormTeam.from_ids(department, [f"{department}-{n}", f"{department}-{n + 1}"])


def result(
    task_id: str, code: str, department: str, day: dt.date, items: list[str], **extra: Any
) -> InspectionResult:
    members = team(department, code).counted_ids
    categories = extra.pop("categories", (ResultCategory.NO_PROBLEM_FOUND,))
    outcome = extra.pop("outcome", ItemOutcome.COMPLIANT)
    return InspectionResult(
        task_id=task_id,
        subject_code=code,
        department_id=department,
        categories=categories,
        findings=[ItemFinding(item_id=i, outcome=outcome) for i in items],
        inspected_on=day,
        inspector_ids=members,
        entered_on=day,
        entered_by=members[0],
        **extra,
    )


def write_files(folder: Path, record: YearRecord, book: FollowUpBook) -> None:
    """The year as the ``jointcheck year`` command reads it (formats: ``jointcheck year --help``)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plan.json").write_text(record.annual.model_dump_json(indent=1), encoding="utf-8")
    draws = [["task_id", "on", "draw"]]
    for event in record.draws:
        original = event.draw.model_copy(update={"replacements": ()})  # the events replay them
        name = f"draw-{event.task_id}.json"
        (folder / name).write_text(original.model_dump_json(), encoding="utf-8")
        draws.append([event.task_id, event.on.isoformat(), name])
    tables = {
        "draws.csv": draws,
        "dispatches.csv": [["task_id", "subject_code", "unit_id", "on"]]
        + [[e.task_id, e.subject_code, e.unit_id, e.on.isoformat()] for e in record.dispatches],
        "claims.csv": [["task_id", "subject_code", "department_id", "on"]]
        + [[e.task_id, e.subject_code, e.department_id, e.on.isoformat()] for e in record.claims],
        "confirmations.csv": [
            ["task_id", "subject_code", "department_id", "on", "confirmed", "reason", "note"]
        ]
        + [
            [
                e.task_id,
                e.subject_code,
                e.department_id,
                e.on.isoformat(),
                "yes" if e.confirmed else "no",
                e.reason.value if e.reason else "",
                e.note,
            ]
            for e in record.confirmations
        ],
    }
    for name, rows in tables.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    (folder / "follow-ups.json").write_text(book.model_dump_json(indent=1), encoding="utf-8")


def main(files: Path | None = None) -> dict[str, Any]:
    annual = annual_plan()
    population, drugstores, places = registry()
    out: dict[str, Any] = {"annual": annual}

    print(f"== {annual.name}")
    print("\n".join(annual.to_markdown().splitlines()[:6]))
    print(
        f"   ({len(annual.tasks)} tasks; CSV {len(annual.to_csv().splitlines())} lines, "
        f"HTML {len(annual.to_html())} characters)"
    )

    # ---------------------------------------------------------------- draws and steps
    announcements: dict[str, Announcement] = {}

    def draw_for(task_id: str, seed: str, pool: set[str] | None = None, **kw: Any) -> Any:
        """The task's draw of the public record: the bureau and the notary commit to their
        secrets, the draw is announced, then the secrets are revealed (in real use each
        party keeps a secrets.token_hex(32) on its own machine)."""
        task = annual.task(task_id)
        drawn_from = population
        if pool is not None:
            drawn_from = population.select(np.isin(population.code_strings(), sorted(pool)))
        secrets = {party: f"{seed}:{party}".encode().hex() for party in PARTIES}
        announcement = announce(
            drawn_from,
            task.sampling,
            task=f"{task.id} {task.name}",
            commitments=[commit(p, v) for p, v in secrets.items()],
            **kw,
        )
        announcements[task_id] = announcement
        reveals = [Reveal(party=p, value=v) for p, v in secrets.items()]
        return draw_announced(announcement, drawn_from, reveals), drawn_from

    record = YearRecord(annual=annual)
    draws: dict[str, Any] = {}
    for task_id, seed, day, pool in (
        ("zz-08", "泽州2023-03-06", "2023-03-06", drugstores),
        ("zz-12", "泽州2023-07-05", "2023-07-05", None),
        ("zz-j1", "泽州2023-09-27", "2023-09-27", places),
    ):
        draw, drawn_from = draw_for(task_id, seed, pool)
        draws[task_id] = drawn_from
        record = record.add(DrawEvent(task_id=task_id, on=_d(day), draw=draw))

    # 比对确认 by the initiating department within 2 working days of the draw.
    for code in record.selected("zz-08"):
        record = record.add(
            ConfirmationEvent(
                task_id="zz-08", subject_code=code, department_id=SAMR, on=_d("2023-03-07")
            )
        )
    late = record.selected("zz-12")[-1]
    for code in record.selected("zz-12"):
        day = "2023-07-10" if code == late else "2023-07-07"  # 07-07 is the second working day
        record = record.add(
            ConfirmationEvent(task_id="zz-12", subject_code=code, department_id=SAMR, on=_d(day))
        )

    # The joint task: drawn Wednesday 2023-09-27. Two working days later is Saturday 10-07
    # (09-28 is one; 中秋/国庆 09-29 to 10-06 are holidays; 10-07 is a 调休 working day).
    joint_codes = record.selected("zz-j1")
    refused = joint_codes[0]
    for i, code in enumerate(joint_codes):
        claim_day = "2023-10-08" if i == 1 else "2023-09-28"  # one claim a day late (Sunday 调休)
        record = record.add(
            ClaimEvent(task_id="zz-j1", subject_code=code, department_id=NHC, on=_d(claim_day))
        )
        record = record.add(
            ConfirmationEvent(
                task_id="zz-j1", subject_code=code, department_id=SAMR, on=_d("2023-09-28")
            )
        )
    record = record.add(
        ConfirmationEvent(
            task_id="zz-j1",
            subject_code=refused,
            department_id=NHC,
            on=_d("2023-10-07"),
            confirmed=False,
            reason=RefusalReason.OUTSIDE_REMIT,
            note="经比对不属于公共场所",
        )
    )
    replacement = record.replacements[-1].added
    for code in joint_codes[2:-2]:  # the last two stay unconfirmed: overdue
        record = record.add(
            ConfirmationEvent(
                task_id="zz-j1", subject_code=code, department_id=NHC, on=_d("2023-10-07")
            )
        )
    verified = verify_draw(
        record.current_draw("zz-j1"), draws["zz-j1"], announcement=announcements["zz-j1"]
    )
    print(
        f"\n== Steps ({annual.task('zz-j1').name}): refused {refused} ({record.replacements[-1].reason_text}), "
        f"replaced by {replacement}; draw verifies: {not verified}"
    )
    report = record.steps(as_of=_d("2023-10-12"), calendar=CALENDAR)
    for state in StepState:
        print(f"   {state.label} {report.count(state)}")
    for row in report.where(StepState.LATE)[:2] + report.where(StepState.OVERDUE)[:2]:
        print(
            f"   {row.state.label}: {row.step.label} {row.subject_code} by {row.party}, due {row.due}, done {row.done_on}"
        )
    out["record"], out["steps"] = record, report

    # ---------------------------------------------------------------- one visit per subject
    visits = plan_joint_visits(annual, {t: record.selected(t) for t in ("zz-12", "zz-j1")})
    joint = [v for v in visits if v.is_joint]
    print(f"\n== Joint visits: {len(joint)} subject(s) drawn by both 企业双随机 and the joint task")
    ledgers = {e.plan.id: PlanLedger.open(e.plan) for e in annual.entries}
    history: list[InspectionRecord] = []
    follow_ups = FollowUpBook()
    visit = joint[0]
    the_subject = subject(population, visit.subject_code, drugstores, places)
    form = JointVisitForm.build(
        _plans(annual),
        visit,
        the_subject,
        [team(SAMR, visit.subject_code), team(NHC, visit.subject_code)],
    )
    notice = AdvanceNotice.for_form(
        form,
        visit=_window("2023-10-16", "2023-10-16"),
        issued_on=_d("2023-10-11"),
        materials=("营业执照", "卫生许可证", "从业人员健康证明", "近一年进货查验记录"),
        contact="信用监管股 0356-0000000",
    )
    print("\n".join(notice.to_markdown().splitlines()[:3]))
    day = _d("2023-10-16")
    form = form.record_result(result("zz-12", the_subject.code, SAMR, day, ["reg", "pub"]))
    form = form.record_result(result("zz-j1", the_subject.code, SAMR, day, ["reg"]))
    form = form.record_result(
        result(
            "zz-j1",
            the_subject.code,
            NHC,
            day,
            ["hyg"],
            categories=(ResultCategory.PROBLEM_PENDING_FOLLOW_UP,),
            outcome=ItemOutcome.NON_COMPLIANT,
            follow_ups=(FollowUp(kind=FollowUpKind.ORDER_CORRECTION, note="责令十五日内改正"),),
        ),
    )
    form = form.with_signature(Signature.signed(signer="张某", on=day))
    print(
        f"   one form: {len(form.check_items)} items of {len(form.task_ids)} tasks, "
        f"{len(form.results)} results"
    )
    for entry in annual.entries:
        ledgers[entry.plan.id] = record_joint_visit(ledgers[entry.plan.id], form)
    history.append(InspectionRecord(subject_code=the_subject.code, department_id=SAMR, day=day))
    follow_ups = follow_ups.add(
        CorrectionOrder(
            task_id="zz-j1",
            subject_code=the_subject.code,
            department_id=NHC,
            ordered_on=day,
            period=CalendarDays(n=15),
            note="公共场所卫生不符合要求",
        )
    )
    out["form"], out["notice"] = form, notice

    # The other subjects of 企业双随机: one visit each, July to October.
    shared = {v.subject_code for v in joint}
    for i, code in enumerate(c for c in record.selected("zz-12") if c not in shared):
        visit_day = CALENDAR.add_workdays(_d("2023-07-10"), 2 * i)
        extra: dict[str, Any] = {}
        if i == 2:
            extra = {
                "categories": (ResultCategory.PROBLEM_PENDING_FOLLOW_UP,),
                "outcome": ItemOutcome.NON_COMPLIANT,
                "follow_ups": (
                    FollowUp(
                        kind=FollowUpKind.TRANSFER_TO_DEPARTMENT,
                        target="泽州县市场监管综合行政执法队",
                    ),
                ),
            }
        if i == 3:
            extra = {
                "categories": (ResultCategory.PROBLEM_PENDING_FOLLOW_UP,),
                "outcome": ItemOutcome.NON_COMPLIANT,
                "follow_ups": (
                    FollowUp(kind=FollowUpKind.NOTIFY_DEPARTMENT, target="泽州县应急管理局"),
                ),
            }
        s = subject(population, code, drugstores, places)
        ledger = ledgers["zz-2023-internal"].add_forms(
            "zz-12",
            [InspectionForm.build(annual.entry("zz-12").plan, "zz-12", s, [team(SAMR, code)])],
        )
        ledgers["zz-2023-internal"] = ledger.record_result(
            result("zz-12", code, SAMR, visit_day, ["reg", "pub"], **extra)
        )
        history.append(InspectionRecord(subject_code=code, department_id=SAMR, day=visit_day))
        if i == 2:
            follow_ups = follow_ups.add(
                CaseTransfer(
                    task_id="zz-12",
                    subject_code=code,
                    department_id=SAMR,
                    sent_on=visit_day,
                    authority="泽州县市场监管综合行政执法队",
                    reply_within=CalendarDays(n=10),
                )
            )
        if i == 3:
            follow_ups = follow_ups.add(
                DepartmentNotice(
                    task_id="zz-12",
                    subject_code=code,
                    department_id=SAMR,
                    sent_on=visit_day,
                    to="泽州县应急管理局",
                    matter="疑似存在消防安全隐患",
                )
            )
    out["ledgers"] = ledgers

    # ---------------------------------------------------------------- frequency cap
    cap = FrequencyCap(
        department_id=SAMR,
        per_year=1,
        per_tier={RiskTier.HIGHER: 2, RiskTier.HIGH: 3},
        source="泽州县市场监督管理局同一企业年度检查频次上限",
    )
    capped = exclude_frequency_capped(population, history, cap=cap, year=2023, on=_d("2023-11-15"))
    city_draw, _ = draw_for("jc-1", "晋城2023-11-15", exclude=[capped])
    record = record.add(DrawEvent(task_id="jc-1", on=_d("2023-11-15"), draw=city_draw))
    print(
        f"\n== Frequency cap: {len(capped.codes)} subjects left out of the city's draw ({capped.detail})"
    )
    station = {u.jurisdictions[0]: u.id for u in annual.entry("jc-1").plan.department(SAMR).units}
    rows = {r["code"]: r for r in population.subject_rows(record.selected("jc-1"))}
    for code in record.selected("jc-1")[:10]:
        record = record.add(
            DispatchEvent(
                task_id="jc-1",
                subject_code=code,
                unit_id=station[rows[code]["jurisdiction"]],
                on=_d("2023-11-16"),
            )
        )
        record = record.add(
            ClaimEvent(task_id="jc-1", subject_code=code, department_id=SAMR, on=_d("2023-11-17"))
        )
    out["capped"], out["record"] = capped, record

    # ---------------------------------------------------------------- the year reviewed
    results = [r for ledger in ledgers.values() for r in ledger.results()]
    findings = check_year(annual, record=record, results=results, calendar=CALENDAR)
    print(f"\n== Findings across the year: {len(findings)}")
    for finding in findings:
        print(f"   {finding.severity.value} {finding.code.value}: {finding.message[:110]}")
    coverage = plan_coverage(
        annual, population, record=record, inspected_codes=[r.subject_code for r in results]
    )
    print(
        f"\n== Coverage: target {coverage.target:%} of {coverage.registered} = {coverage.required}; "
        f"planned {coverage.planned} ({float(coverage.planned_share):.1%}), "
        f"{'reaches' if coverage.reaches_target else 'falls short of'} the target; inspected so far {coverage.inspected}"
    )
    year_end = record.steps(as_of=_d("2023-11-24"), calendar=CALENDAR)
    print(
        f"   steps as of 2023-11-24: {year_end.count(StepState.OVERDUE)} overdue, {year_end.count(StepState.PENDING)} pending"
    )
    out["findings"], out["coverage"], out["year_end"] = findings, coverage, year_end

    # ---------------------------------------------------------------- follow-ups
    follow_ups = follow_ups.recheck(
        "zz-j1", the_subject.code, NHC, on=_d("2023-11-03"), corrected=True
    )
    if files is not None:
        write_files(files, record, follow_ups)
    fu_report = follow_ups.report(as_of=_d("2023-12-29"), results=results, calendar=CALENDAR)
    print(
        f"\n== Follow-ups as of {fu_report.as_of}: {len(fu_report.rows)} tracked, "
        f"{len(fu_report.overdue)} overdue, {len(fu_report.untracked)} untracked"
    )
    for row in fu_report.rows:
        print(
            f"   {row.kind.label} {row.subject_code} → {row.counterpart or '—'}: {row.state.label} ({row.detail})"
        )
    out["follow_ups"] = fu_report

    # ---------------------------------------------------------------- annex 2
    summary = summarize(
        ledgers["zz-2023-joint"], task_id="zz-j1", title="公共场所部门联合抽查情况汇总统计表"
    )
    annex = Annex2(
        summary=summary,
        sign_off=SignOff(
            responsible="李某", filled_by="王某", phone="0356-0000000", filled_on=_d("2023-12-20")
        ),
        note="该统计表由县市场监督管理局会同县卫生健康局统一汇总填写",
    )
    print("\n" + annex.to_markdown())
    out["annex2"] = annex
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="A county bureau's 2023 year end to end.")
    parser.add_argument("--files", type=Path, help="also write the year's files to this folder")
    main(parser.parse_args().files)
