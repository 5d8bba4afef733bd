"""Synthetic visits: each form's joint visit, signature (or refusal) and every department's result.

Deterministic: every choice is a SHA-256 of the seed, the subject code, the department and
what is chosen, so a form gets the same visit whatever the other forms are or their order.
Subjects are found open, unreachable at their address (无法联系), closed (已关闭停业) or
refusing to cooperate (不配合, refusing to sign); open subjects' departments find no problem
(未发现问题), order a correction made on the spot (发现问题经责令已改正), leave a problem for
follow-up (发现问题待后续处理) or find no such business (未发现开展本次抽查涉及的经营活动).
Results are entered 1–4 working days after the visit and published 2 working days later,
never after the task's deadline, except the ``late`` ones (published 3 working days after
it) and the ``not_entered`` ones (never entered).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, fields

from jointcheck._internal.checked import checked
from jointcheck._internal.text import shorten
from jointcheck.errors import InvalidInputError
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
from jointcheck.model import DateWindow, ResultCategory, Task
from jointcheck.synthetic._codes import check_count, check_seed
from jointcheck.workdays import WorkdayCalendar

__all__ = ["SyntheticRound", "VisitRates", "synthetic_visits"]

_SIGNERS = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_OPEN, _UNREACHABLE, _CLOSED, _REFUSED = "open", "unreachable", "closed", "refused"
_CLEAN, _CORRECTED, _PENDING, _NO_BUSINESS = "clean", "corrected", "pending", "no_business"


@dataclass(frozen=True)
class VisitRates:
    """What the visits find, as shares (0–1).

    Each subject is unreachable, closed or refusing with these shares (together at most 1;
    the rest are open). For an open subject each department's result is corrected, pending
    or no business with these shares (together at most 1; the rest find no problem).
    """

    _: KW_ONLY
    unreachable: float = 0.02  # 通过登记的住所（经营场所）无法联系
    closed: float = 0.01  # 已关闭停业
    refused: float = 0.01  # 不配合检查情节严重, refuses to sign
    corrected: float = 0.08  # 发现问题经责令已改正
    pending: float = 0.05  # 发现问题待后续处理
    no_business: float = 0.04  # 未发现开展本次抽查涉及的经营活动

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not 0 <= value <= 1
            ):
                raise InvalidInputError(
                    f"{item.name}={shorten(value)} must be a share from 0 to 1",
                    field=item.name,
                    value=value,
                )
        for group, names in (
            ("subject", ("unreachable", "closed", "refused")),
            ("result", ("corrected", "pending", "no_business")),
        ):
            total = sum(getattr(self, n) for n in names)
            if total > 1:
                raise InvalidInputError(
                    f"the {group} shares {' + '.join(names)} = {total:g} must not exceed 1",
                    field=names[-1],
                    value=total,
                )

    @property
    def subject_states(self) -> tuple[tuple[float, str], ...]:
        return (
            (self.unreachable, _UNREACHABLE),
            (self.closed, _CLOSED),
            (self.refused, _REFUSED),
        )

    @property
    def outcomes(self) -> tuple[tuple[float, str], ...]:
        return (
            (self.corrected, _CORRECTED),
            (self.pending, _PENDING),
            (self.no_business, _NO_BUSINESS),
        )


@dataclass(frozen=True)
class SyntheticRound:
    """The forms of one task after the visits, and the results the departments entered."""

    forms: tuple[InspectionForm, ...]
    """Every form, signed, refused (拒绝签字) or, for an unreachable subject, unsigned."""
    results: tuple[InspectionResult, ...]
    """The entered results, ordered by subject code and department."""
    late: tuple[tuple[str, str], ...] = ()
    """(subject code, department id) of results published after their deadline."""
    not_entered: tuple[tuple[str, str], ...] = ()
    """(subject code, department id) of results never entered."""


def _unit(*parts: object) -> float:
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _pick(u: float, table: Sequence[tuple[float, str]], default: str) -> str:
    edge = 0.0
    for share, name in table:
        edge += share
        if u < edge:
            return name
    return default


@checked
def synthetic_visits(
    task: Task,
    forms: Sequence[InspectionForm],
    *,
    calendar: WorkdayCalendar,
    seed: str | int,
    window: DateWindow | None = None,
    rates: VisitRates | None = None,
    late: int = 0,
    not_entered: int = 0,
) -> SyntheticRound:
    """Synthetic, deterministic visits of ``task``'s ``forms`` (one joint visit per subject).

    Args:
        task: The task the forms belong to (its inspection window and deadlines).
        forms: Its forms (一企一表), e.g. from ``forms_from_assignment``.
        calendar: The working-day calendar of the visits and deadlines.
        seed: The seed; the same arguments always give the same round.
        window: The days of the visits (default: the task's inspection window).
        rates: What the visits find (default: :class:`VisitRates`).
        late: How many results (chosen by the seed) are published after their deadline.
        not_entered: How many results (chosen by the seed) are never entered.

    Raises:
        InvalidInputError: no window, a window without a working day, or more late and
            missing results than there are results.
    """
    check_seed(seed, text=True)
    check_count(late, "late")
    check_count(not_entered, "not_entered")
    rates = VisitRates() if rates is None else rates
    window = window or task.inspection
    if window is None:
        raise InvalidInputError(
            f"task {task.id!r} has no inspection window; give window=", field="window", value=None
        )
    days = [
        window.start + dt.timedelta(days=k)
        for k in range(window.days)
        if calendar.is_workday(window.start + dt.timedelta(days=k))
    ]
    if not days:
        raise InvalidInputError(
            f"the window {window.start} to {window.end} has no working day",
            field="window",
            value=window,
        )
    total = sum(len(f.sections) for f in forms)
    if late + not_entered > total:
        raise InvalidInputError(
            f"late={late} + not_entered={not_entered} exceed the {total} results of the forms",
            field="late",
            value=late,
        )
    signed: list[InspectionForm] = []
    pending: list[tuple[float, InspectionResult, dt.date]] = []
    for form in forms:
        code = form.subject.code
        day = days[int(_unit(seed, code, "day") * len(days))]
        state = _pick(_unit(seed, code, "state"), rates.subject_states, _OPEN)
        signed.append(_signed(form, state, day, seed))
        for section in form.sections:
            department = section.department_id
            outcome = (
                _pick(_unit(seed, code, department), rates.outcomes, _CLEAN)
                if state == _OPEN
                else state
            )
            deadline = calendar.add_workdays(day, task.disclosure_working_days)
            if task.disclosure_by is not None:
                deadline = min(deadline, task.disclosure_by)
            entered = calendar.add_workdays(day, 1 + int(_unit(seed, code, department, "e") * 4))
            entered = max(min(entered, deadline), day)
            published = max(min(calendar.add_workdays(entered, 2), deadline), entered)
            result = _result(task, section, outcome, code, day, entered, published)
            pending.append((_unit(seed, code, department, "order"), result, deadline))
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
            result = result.model_copy(
                update={
                    "entered_on": max(result.entered_on, deadline),
                    "published_on": calendar.add_workdays(deadline, 3),
                }
            )
            late_keys.append(key)
        results.append(result)
    results.sort(key=lambda r: (r.subject_code, r.department_id))
    return SyntheticRound(
        forms=tuple(signed),
        results=tuple(results),
        late=tuple(sorted(late_keys)),
        not_entered=tuple(sorted(missing)),
    )


def _signed(form: InspectionForm, state: str, day: dt.date, seed: str | int) -> InspectionForm:
    if state == _UNREACHABLE:
        return form
    if state == _REFUSED:
        return form.with_signature(
            Signature.refused(
                on=day,
                note="负责人拒绝在检查表上签字，检查过程已全程记录",
                recorded_by=[s.team.counted_ids[0] for s in form.sections],
            )
        )
    code = form.subject.code
    signer = _SIGNERS[int(_unit(seed, code, "signer") * len(_SIGNERS))] + "某"
    return form.with_signature(Signature.signed(signer=signer, on=day, sealed=state == _OPEN))


def _result(
    task: Task,
    section: FormSection,
    outcome: str,
    code: str,
    day: dt.date,
    entered: dt.date,
    published: dt.date,
) -> InspectionResult:
    categories, findings, follow_ups, remarks = _parts(outcome, section)
    members = section.team.counted_ids
    return InspectionResult(
        task_id=task.id,
        subject_code=code,
        department_id=section.department_id,
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


def _parts(
    outcome: str, section: FormSection
) -> tuple[tuple[ResultCategory, ...], tuple[ItemFinding, ...], tuple[FollowUp, ...], str]:
    market = "市场监督管理" in section.department_name
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
        listed = (
            FollowUp(kind=FollowUpKind.LIST_ABNORMAL_OPERATIONS, note="依法列入经营异常名录")
            if market
            else FollowUp(kind=FollowUpKind.NOTIFY_DEPARTMENT, target="市场监督管理部门")
        )
        return (
            (ResultCategory.UNREACHABLE_AT_ADDRESS,),
            (),
            (listed,),
            "通过登记的住所（经营场所）无法联系",
        )
    if outcome == _CLOSED:
        return (ResultCategory.CLOSED_OR_LIQUIDATING,), (), (), "已关闭停业"
    return (ResultCategory.SERIOUS_NON_COOPERATION,), (), (), "拒不配合检查，情节严重"
