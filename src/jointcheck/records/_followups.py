"""Follow-ups to closure (后续处置): 限期改正 with a re-check, 移送 of case leads, 抄告."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum

from pydantic import Field, model_validator

from jointcheck.errors import InspectionError
from jointcheck.forms import FollowUpKind, InspectionResult
from jointcheck.model import FrozenModel
from jointcheck.workdays import (
    DeadlineRule,
    WorkdayCalendar,
    WorkingDays,
    deadline,
    default_calendar,
)

__all__ = [
    "CaseTransfer",
    "CorrectionOrder",
    "DepartmentNotice",
    "FollowUpBook",
    "FollowUpReport",
    "FollowUpRow",
    "FollowUpState",
    "TransferStatus",
]


class TransferStatus(str, Enum):
    """Where a transferred case lead (移送案件线索) stands."""

    SENT = "SENT"  # 已移送
    ACCEPTED = "ACCEPTED"  # 已接收
    CASE_OPENED = "CASE_OPENED"  # 已立案
    DECLINED = "DECLINED"  # 不予受理 / 退回
    CLOSED = "CLOSED"  # 已办结

    @property
    def is_closed(self) -> bool:
        """Whether nothing more is expected of the receiving authority."""
        return self in (TransferStatus.DECLINED, TransferStatus.CLOSED)

    @property
    def label(self) -> str:
        """The Chinese name."""
        return {
            "SENT": "已移送",
            "ACCEPTED": "已接收",
            "CASE_OPENED": "已立案",
            "DECLINED": "不予受理",
            "CLOSED": "已办结",
        }[self.value]


class FollowUpState(str, Enum):
    """Where a follow-up stands on a day."""

    OPEN = "OPEN"  # 办理中: not closed, nothing late
    OVERDUE = "OVERDUE"  # 已逾期: the re-check or the reply is late
    CORRECTED = "CORRECTED"  # 复查已改正
    NOT_CORRECTED = "NOT_CORRECTED"  # 复查未改正 (a case may follow)
    CLOSED = "CLOSED"  # 已办结 (移送) or sent (抄告)

    @property
    def label(self) -> str:
        """The Chinese name."""
        return {
            "OPEN": "办理中",
            "OVERDUE": "已逾期",
            "CORRECTED": "复查已改正",
            "NOT_CORRECTED": "复查未改正",
            "CLOSED": "已办结",
        }[self.value]


class _Base(FrozenModel):
    task_id: str = Field(min_length=1, description="Task of the inspection")
    subject_code: str = Field(min_length=1, description="Subject")
    department_id: str = Field(min_length=1, description="Department that acts")


class CorrectionOrder(_Base):
    """限期改正: an order to correct by a due date, and the re-inspection (复查) after it.

    The due date is either given (``due``) or counted from the order (``period``, e.g.
    ``CalendarDays(n=15)`` for 责令十五日内改正). The re-check is expected within
    ``recheck_within`` after the due date (5 working days by default); until it is made the
    order is open, and overdue after that.
    """

    ordered_on: dt.date = Field(description="Day of the order (责令改正通知书)")
    due: dt.date | None = Field(default=None, description="Last day to correct, if fixed")
    period: DeadlineRule | None = Field(
        default=None, description="Period to correct, counted from the order"
    )
    recheck_within: DeadlineRule = Field(
        default=WorkingDays(n=5), description="Re-check expected within this after the due date"
    )
    rechecked_on: dt.date | None = Field(default=None, description="Day of the re-inspection")
    corrected: bool | None = Field(default=None, description="Re-check result; None until made")
    note: str = Field(default="", description="What must be corrected")

    @model_validator(mode="after")
    def _consistent(self) -> CorrectionOrder:
        if (self.due is None) == (self.period is None):
            raise ValueError("give exactly one of due (a date) and period (a deadline rule)")
        if self.due is not None and self.due < self.ordered_on:
            raise ValueError(f"due {self.due} is before the order on {self.ordered_on}")
        if (self.rechecked_on is None) != (self.corrected is None):
            raise ValueError("a re-check has both its day (rechecked_on) and result (corrected)")
        if self.rechecked_on is not None and self.rechecked_on < self.ordered_on:
            raise ValueError(
                f"rechecked_on {self.rechecked_on} is before the order on {self.ordered_on}"
            )
        return self

    def due_date(self, calendar: WorkdayCalendar | None = None) -> dt.date:
        """The last day to correct."""
        if self.due is not None:
            return self.due
        assert self.period is not None
        return deadline(self.period, self.ordered_on, calendar=calendar)

    def recheck_by(self, calendar: WorkdayCalendar | None = None) -> dt.date:
        """The last day the re-inspection is in time."""
        return deadline(self.recheck_within, self.due_date(calendar), calendar=calendar)


class CaseTransfer(_Base):
    """移送: a case lead sent to a named authority, with its status as last reported."""

    sent_on: dt.date = Field(description="Day it was sent")
    authority: str = Field(min_length=1, description="Receiving authority (办案机构、司法机关…)")
    status: TransferStatus = Field(default=TransferStatus.SENT, description="As last reported")
    status_on: dt.date | None = Field(default=None, description="Day of the status")
    reply_within: DeadlineRule | None = Field(
        default=None, description="The receiver is expected to reply (accept) within this"
    )
    reference: str = Field(default="", description="Transfer letter number (移送函号)")

    @model_validator(mode="after")
    def _dated(self) -> CaseTransfer:
        if self.status is not TransferStatus.SENT and self.status_on is None:
            raise ValueError(f"status {self.status.value} needs its day (status_on)")
        if self.status_on is not None and self.status_on < self.sent_on:
            raise ValueError(f"status_on {self.status_on} is before sent_on {self.sent_on}")
        return self


class DepartmentNotice(_Base):
    """抄告: a finding within another department's remit, copied to it."""

    sent_on: dt.date = Field(description="Day it was sent")
    to: str = Field(min_length=1, description="Department informed")
    matter: str = Field(default="", description="What was found")


class FollowUpRow(FrozenModel):
    """One follow-up and where it stands as of the report's day."""

    kind: FollowUpKind = Field(description="责令改正 / 移送 / 抄告")
    task_id: str = Field(description="Task")
    subject_code: str = Field(description="Subject")
    department_id: str = Field(description="Department that acts")
    since: dt.date = Field(description="Day of the order, transfer or notice")
    due: dt.date | None = Field(default=None, description="Day the next act is due, if any")
    counterpart: str = Field(default="", description="Receiving authority or department")
    state: FollowUpState = Field(description="As of the report's day")
    detail: str = Field(default="", description="What is awaited or how it ended")


class FollowUpReport(FrozenModel):
    """Every follow-up of the year as of a day; :attr:`overdue` is the overdue report."""

    as_of: dt.date = Field(description="The day")
    rows: tuple[FollowUpRow, ...] = Field(description="Orders, transfers, notices, in order")
    untracked: tuple[tuple[str, str, str, str], ...] = Field(
        default=(),
        description="(task, subject, department, kind) of follow-ups results name but the book "
        "does not track",
    )

    @property
    def overdue(self) -> tuple[FollowUpRow, ...]:
        """Rows overdue on :attr:`as_of`."""
        return tuple(r for r in self.rows if r.state is FollowUpState.OVERDUE)

    @property
    def open(self) -> tuple[FollowUpRow, ...]:
        """Rows still open (open or overdue)."""
        return tuple(r for r in self.rows if r.state in (FollowUpState.OPEN, FollowUpState.OVERDUE))


_TRACKED = {
    FollowUpKind.ORDER_CORRECTION: "correction",
    FollowUpKind.TRANSFER_TO_DEPARTMENT: "transfer",
    FollowUpKind.TRANSFER_TO_JUDICIAL: "transfer",
    FollowUpKind.NOTIFY_DEPARTMENT: "notice",
}


class FollowUpBook(FrozenModel):
    """The year's follow-ups: correction orders, transfers and notices (后续处置台账)."""

    corrections: tuple[CorrectionOrder, ...] = Field(default=(), description="限期改正")
    transfers: tuple[CaseTransfer, ...] = Field(default=(), description="移送")
    notices: tuple[DepartmentNotice, ...] = Field(default=(), description="抄告")

    def add(self, entry: CorrectionOrder | CaseTransfer | DepartmentNotice) -> FollowUpBook:
        """This book with ``entry`` added."""
        if isinstance(entry, CorrectionOrder):
            return self.model_copy(update={"corrections": (*self.corrections, entry)})
        if isinstance(entry, CaseTransfer):
            return self.model_copy(update={"transfers": (*self.transfers, entry)})
        return self.model_copy(update={"notices": (*self.notices, entry)})

    def recheck(
        self, task_id: str, subject_code: str, department_id: str, *, on: dt.date, corrected: bool
    ) -> FollowUpBook:
        """This book with the re-inspection of an open correction order recorded.

        Raises:
            InspectionError: no open order for the subject, task and department.
        """
        for i, order in enumerate(self.corrections):
            if (order.task_id, order.subject_code, order.department_id) == (
                task_id,
                subject_code,
                department_id,
            ) and order.rechecked_on is None:
                done = CorrectionOrder.model_validate(
                    {**order.model_dump(), "rechecked_on": on, "corrected": corrected}
                )
                corrections = (*self.corrections[:i], done, *self.corrections[i + 1 :])
                return self.model_copy(update={"corrections": corrections})
        raise InspectionError(
            f"no open correction order of {department_id!r} for {subject_code!r} in task "
            f"{task_id!r} to re-check",
            field="subject_code",
            value=subject_code,
        )

    def report(
        self,
        *,
        as_of: dt.date,
        results: Iterable[InspectionResult] = (),
        calendar: WorkdayCalendar | None = None,
    ) -> FollowUpReport:
        """Every follow-up as of ``as_of``; with ``results``, also the follow-ups they name
        (责令改正、移送、抄告) that the book does not track yet.

        Entries dated after ``as_of`` are left out; a re-check or status dated after it is
        not known yet.
        """
        cal = calendar or default_calendar()
        rows: list[FollowUpRow] = []
        for order in self.corrections:
            if order.ordered_on > as_of:
                continue
            due = order.due_date(cal)
            recheck_by = order.recheck_by(cal)
            if order.rechecked_on is not None and order.rechecked_on <= as_of:
                state = FollowUpState.CORRECTED if order.corrected else FollowUpState.NOT_CORRECTED
                detail = f"复查 {order.rechecked_on}" + (
                    "（晚于复查期限）" if order.rechecked_on > recheck_by else ""
                )
            else:
                state = FollowUpState.OVERDUE if as_of > recheck_by else FollowUpState.OPEN
                detail = f"限期 {due}，复查不晚于 {recheck_by}"
            rows.append(
                FollowUpRow(
                    kind=FollowUpKind.ORDER_CORRECTION,
                    task_id=order.task_id,
                    subject_code=order.subject_code,
                    department_id=order.department_id,
                    since=order.ordered_on,
                    due=recheck_by,
                    state=state,
                    detail=detail + (f"；{order.note}" if order.note else ""),
                )
            )
        for transfer in self.transfers:
            if transfer.sent_on > as_of:
                continue
            known = (
                transfer.status
                if (transfer.status_on or transfer.sent_on) <= as_of
                else TransferStatus.SENT
            )
            reply_by = (
                deadline(transfer.reply_within, transfer.sent_on, calendar=cal)
                if transfer.reply_within is not None
                else None
            )
            if known.is_closed:
                state = FollowUpState.CLOSED
            elif known is TransferStatus.SENT and reply_by is not None and as_of > reply_by:
                state = FollowUpState.OVERDUE
            else:
                state = FollowUpState.OPEN
            rows.append(
                FollowUpRow(
                    kind=FollowUpKind.TRANSFER_TO_DEPARTMENT,
                    task_id=transfer.task_id,
                    subject_code=transfer.subject_code,
                    department_id=transfer.department_id,
                    since=transfer.sent_on,
                    due=reply_by,
                    counterpart=transfer.authority,
                    state=state,
                    detail=known.label
                    + (f"（{transfer.reference}）" if transfer.reference else ""),
                )
            )
        for notice in self.notices:
            if notice.sent_on > as_of:
                continue
            rows.append(
                FollowUpRow(
                    kind=FollowUpKind.NOTIFY_DEPARTMENT,
                    task_id=notice.task_id,
                    subject_code=notice.subject_code,
                    department_id=notice.department_id,
                    since=notice.sent_on,
                    counterpart=notice.to,
                    state=FollowUpState.CLOSED,
                    detail=notice.matter,
                )
            )
        return FollowUpReport(as_of=as_of, rows=tuple(rows), untracked=self._untracked(results))

    def _untracked(
        self, results: Iterable[InspectionResult]
    ) -> tuple[tuple[str, str, str, str], ...]:
        have = {
            ("correction", e.task_id, e.subject_code, e.department_id) for e in self.corrections
        }
        have |= {("transfer", e.task_id, e.subject_code, e.department_id) for e in self.transfers}
        have |= {("notice", e.task_id, e.subject_code, e.department_id) for e in self.notices}
        missing: list[tuple[str, str, str, str]] = []
        for result in results:
            for follow_up in result.follow_ups:
                kind = _TRACKED.get(follow_up.kind)
                key = (kind, result.task_id, result.subject_code, result.department_id)
                row = (
                    result.task_id,
                    result.subject_code,
                    result.department_id,
                    follow_up.kind.value,
                )
                if kind is not None and key not in have and row not in missing:
                    missing.append(row)
        return tuple(missing)
