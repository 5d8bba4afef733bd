"""Follow-ups to closure: 限期改正 with a re-check, 移送 with its status, 抄告; overdue report."""

from __future__ import annotations

import datetime as dt

import pytest

from jointcheck.errors import InspectionError, ModelValidationError
from jointcheck.forms import FollowUp, FollowUpKind, InspectionResult
from jointcheck.model import ResultCategory
from jointcheck.records import (
    CaseTransfer,
    CorrectionOrder,
    DepartmentNotice,
    FollowUpBook,
    FollowUpState,
    TransferStatus,
)
from jointcheck.workdays import CalendarDays, ChinaCalendar, WorkingDays

D = dt.date
CAL = ChinaCalendar()
CODE = "91350200776049653A"


def order(**changes: object) -> CorrectionOrder:
    data: dict[str, object] = {
        "task_id": "t",
        "subject_code": CODE,
        "department_id": "samr",
        "ordered_on": D(2023, 9, 18),
        "period": CalendarDays(n=15),
    }
    data.update(changes)
    return CorrectionOrder(**data)


def test_correction_due_and_recheck_deadline_by_hand() -> None:
    # 15 days after Mon 09-18 is Tue 10-03 (国庆): the period ends Sat 10-07 (调休 working day).
    # The re-check is due 5 working days later: Sun 10-08, Mon 10-09 … Thu 10-12.
    assert order().due_date(CAL) == D(2023, 10, 7)
    assert order().recheck_by(CAL) == D(2023, 10, 12)
    fixed = order(period=None, due=D(2023, 10, 31), recheck_within=WorkingDays(n=1))
    assert fixed.recheck_by(CAL) == D(2023, 11, 1)


def test_states_across_the_year() -> None:
    book = FollowUpBook().add(order())
    assert book.report(as_of=D(2023, 10, 12), calendar=CAL).rows[0].state is FollowUpState.OPEN
    report = book.report(as_of=D(2023, 10, 13), calendar=CAL)
    assert [r.state for r in report.overdue] == [FollowUpState.OVERDUE]
    rechecked = book.recheck("t", CODE, "samr", on=D(2023, 10, 16), corrected=False)
    row = rechecked.report(as_of=D(2023, 10, 16), calendar=CAL).rows[0]
    assert row.state is FollowUpState.NOT_CORRECTED
    assert "晚于复查期限" in row.detail
    # Not known yet on the day before the re-check.
    assert (
        rechecked.report(as_of=D(2023, 10, 15), calendar=CAL).rows[0].state is FollowUpState.OVERDUE
    )
    with pytest.raises(InspectionError, match="no open correction order"):
        rechecked.recheck("t", CODE, "samr", on=D(2023, 10, 17), corrected=True)
    assert book.report(as_of=D(2023, 9, 17), calendar=CAL).rows == ()


def test_transfers_and_notices() -> None:
    transfer = CaseTransfer(
        task_id="t",
        subject_code=CODE,
        department_id="samr",
        sent_on=D(2023, 9, 27),
        authority="县市场监管综合行政执法队",
        reply_within=WorkingDays(n=2),
    )
    book = (
        FollowUpBook()
        .add(transfer)
        .add(
            DepartmentNotice(
                task_id="t",
                subject_code=CODE,
                department_id="samr",
                sent_on=D(2023, 9, 27),
                to="县应急管理局",
            )
        )
    )
    rows = book.report(as_of=D(2023, 10, 7), calendar=CAL).rows
    assert [r.state for r in rows] == [FollowUpState.OPEN, FollowUpState.CLOSED]
    assert rows[0].due == D(2023, 10, 7)
    assert rows[0].counterpart == "县市场监管综合行政执法队"
    assert (
        book.report(as_of=D(2023, 10, 8), calendar=CAL).overdue[0].kind
        is FollowUpKind.TRANSFER_TO_DEPARTMENT
    )
    accepted = transfer.model_copy(
        update={"status": TransferStatus.CASE_OPENED, "status_on": D(2023, 10, 8)}
    )
    report = FollowUpBook(transfers=(accepted,)).report(as_of=D(2023, 10, 9), calendar=CAL)
    assert report.rows[0].state is FollowUpState.OPEN
    assert report.rows[0].detail == "已立案"
    closed = transfer.model_copy(
        update={"status": TransferStatus.CLOSED, "status_on": D(2023, 12, 1)}
    )
    assert (
        FollowUpBook(transfers=(closed,)).report(as_of=D(2023, 12, 1), calendar=CAL).rows[0].state
        is FollowUpState.CLOSED
    )


def test_untracked_follow_ups_named_in_results() -> None:
    result = InspectionResult(
        task_id="t",
        subject_code=CODE,
        department_id="samr",
        categories=(ResultCategory.PROBLEM_PENDING_FOLLOW_UP,),
        follow_ups=(
            FollowUp(kind=FollowUpKind.ORDER_CORRECTION),
            FollowUp(kind=FollowUpKind.NOTIFY_DEPARTMENT, target="县应急局"),
        ),
        inspected_on=D(2023, 9, 18),
        inspector_ids=("a", "b"),
        entered_on=D(2023, 9, 18),
        entered_by="a",
    )
    report = (
        FollowUpBook().add(order()).report(as_of=D(2023, 9, 30), results=[result], calendar=CAL)
    )
    assert report.untracked == (("t", CODE, "samr", "NOTIFY_DEPARTMENT"),)


def test_bad_entries() -> None:
    with pytest.raises(ModelValidationError, match="exactly one of due"):
        order(due=D(2023, 10, 1))
    with pytest.raises(ModelValidationError, match="before the order"):
        order(period=None, due=D(2023, 9, 1))
    with pytest.raises(ModelValidationError, match="both its day"):
        order(rechecked_on=D(2023, 10, 1))
    with pytest.raises(ModelValidationError, match="status_on"):
        CaseTransfer(
            task_id="t",
            subject_code=CODE,
            department_id="s",
            sent_on=D(2023, 9, 1),
            authority="x",
            status=TransferStatus.ACCEPTED,
        )
    with pytest.raises(ModelValidationError, match="authority"):
        CaseTransfer(
            task_id="t", subject_code=CODE, department_id="s", sent_on=D(2023, 9, 1), authority=""
        )
