"""Synthetic visits for the demo: each form signed, each department's result entered.

Deterministic: every choice is a SHA-256 of the seed, the subject code and the department, so
the demo prints the same results on every run. Most departments find no problem (未发现问题);
some order a correction that is made on the spot (发现问题经责令已改正), a few leave a problem
for follow-up (发现问题待后续处理) or find no such business (未发现开展本次抽查涉及的经营活动).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from jointcheck.forms import (
    FollowUp,
    FollowUpKind,
    FormSection,
    InspectionForm,
    InspectionResult,
    ItemFinding,
    ItemOutcome,
    Signature,
)
from jointcheck.model import ResultCategory, Task
from jointcheck.workdays import WorkdayCalendar

__all__ = ["visit"]

_OUTCOMES = ((0.10, "corrected"), (0.05, "pending"), (0.03, "no_business"))
_SIGNERS = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def _unit(*parts: object) -> float:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _outcome(u: float) -> str:
    edge = 0.0
    for share, name in _OUTCOMES:
        edge += share
        if u < edge:
            return name
    return "clean"


def _result_parts(
    outcome: str, section: FormSection
) -> tuple[tuple[ResultCategory, ...], tuple[ItemFinding, ...], tuple[FollowUp, ...], str]:
    items = section.items
    compliant = tuple(ItemFinding(item_id=i.id, outcome=ItemOutcome.COMPLIANT) for i in items)
    failed = (
        ItemFinding(
            item_id=items[0].id, outcome=ItemOutcome.NON_COMPLIANT, note="检查发现不符合规定"
        ),
        *compliant[1:],
    )
    follow: tuple[FollowUp, ...]
    if outcome == "corrected":
        follow = (FollowUp(kind=FollowUpKind.ORDER_CORRECTION, note="当场责令改正，已改正"),)
        return (ResultCategory.CORRECTED_AFTER_ORDER,), failed, follow, ""
    if outcome == "pending":
        follow = (
            FollowUp(kind=FollowUpKind.ORDER_CORRECTION, note="责令限期改正"),
            FollowUp(kind=FollowUpKind.OPEN_CASE),
        )
        category = (
            ResultCategory.OTHER_MARKET_VIOLATION
            if "市场监督管理" in section.department_name
            else ResultCategory.VIOLATES_OTHER_DEPARTMENT_RULES
        )
        return (category,), failed, follow, ""
    if outcome == "no_business":
        absent = tuple(ItemFinding(item_id=i.id, outcome=ItemOutcome.NOT_INVOLVED) for i in items)
        return (
            (ResultCategory.NO_RELEVANT_BUSINESS,),
            absent,
            (),
            "未发现开展本次抽查涉及的经营活动",
        )
    return (ResultCategory.NO_PROBLEM_FOUND,), compliant, (), ""


def visit(
    form: InspectionForm, task: Task, *, calendar: WorkdayCalendar, seed: str
) -> tuple[InspectionForm, tuple[InspectionResult, ...]]:
    """One joint visit: a working day in the inspection window, the subject's signature, and
    each department's result, entered 1–3 working days later and published the next day."""
    window = task.inspection
    assert window is not None
    days: Sequence[dt.date] = [
        day
        for day in (window.start + dt.timedelta(days=k) for k in range(window.days))
        if calendar.is_workday(day)
    ]
    code = form.subject.code
    day = days[int(_unit(seed, code, "day") * len(days))]
    signer = _SIGNERS[int(_unit(seed, code, "signer") * len(_SIGNERS))] + "某"
    signed = form.with_signature(Signature.signed(signer=signer, on=day))
    results = []
    for section in form.sections:
        department = section.department_id
        categories, findings, follow_ups, remarks = _result_parts(
            _outcome(_unit(seed, code, department)), section
        )
        entered = calendar.add_workdays(day, 1 + int(_unit(seed, code, department, "e") * 3))
        members = section.team.counted_ids
        results.append(
            InspectionResult(
                task_id=task.id,
                subject_code=code,
                department_id=department,
                categories=categories,
                findings=findings,
                follow_ups=follow_ups,
                remarks=remarks,
                inspected_on=day,
                inspector_ids=members,
                specialist_ids=section.team.specialist_ids,
                entered_on=entered,
                entered_by=members[0],
                published_on=calendar.add_workdays(entered, 1),
            )
        )
    return signed, tuple(results)
