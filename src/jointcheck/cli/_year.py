"""``jointcheck year``: what is due, late or overdue in a bureau's year, from its event files."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jointcheck.cli._common import EXIT_FOUND, EXIT_OK, Streams
from jointcheck.cli._files import display_name, parse_day, read_model, read_text
from jointcheck.errors import InvalidInputError, JointcheckError

if TYPE_CHECKING:
    from jointcheck.model import OperatingStatus
    from jointcheck.records import RefusalReason, YearEvent

__all__ = ["EVENT_FILES", "add_year"]

EVENT_FILES: dict[str, tuple[str, ...]] = {
    "draws": ("task_id", "on", "draw"),
    "dispatches": ("task_id", "subject_code", "unit_id", "on"),
    "claims": ("task_id", "subject_code", "department_id", "on"),
    "confirmations": (
        "task_id",
        "subject_code",
        "department_id",
        "on",
        "confirmed",
        "reason",
        "note",
        "status",
    ),
}
"""The columns of each event file (a header row names them; other columns are an error)."""

_OPTIONAL = {"confirmations": ("confirmed", "reason", "note", "status")}
_ORDER = {"draws": 0, "dispatches": 1, "claims": 2, "confirmations": 3}
_YES = {"yes": True, "y": True, "true": True, "1": True, "是": True, "确认": True}
_NO = {"no": False, "n": False, "false": False, "0": False, "否": False, "退回": False}

EXAMPLES = """\
event files (CSV, UTF-8, a header row; one event per row; dates YYYY-MM-DD):
  --draws          task_id,on,draw            draw: a Draw JSON file (jointcheck draw), its
                                              path relative to the CSV file
  --dispatches     task_id,subject_code,unit_id,on                         (派发)
  --claims         task_id,subject_code,department_id,on                   (认领)
  --confirmations  task_id,subject_code,department_id,on[,confirmed,reason,note,status]
                   confirmed: yes/no (default yes); a refusal (no) needs reason, one of
                   NOT_FOUND_AT_ADDRESS, DEREGISTERED, OUTSIDE_REMIT, OTHER (with a note);
                   status: the registry status a refusal rests on (e.g. DEREGISTERED), so
                   verify_draw can check it; the next subject on the tier's waitlist takes
                   the refused one's place
  --follow-ups     a FollowUpBook JSON file (限期改正, 移送, 抄告)

PLAN is an AnnualPlan JSON file ('jointcheck schema AnnualPlan' prints its schema).
Events are applied in date order (draws, then dispatches, claims, confirmations on the
same day). A bad row is reported as FILE:LINE: reason.

exit codes: 0 nothing overdue; 1 a step or a follow-up is overdue on --as-of; 2 bad input.

example:
  jointcheck year plan.json --as-of 2023-10-12 --draws draws.csv --claims claims.csv \\
      --confirmations confirmations.csv --follow-ups follow-ups.json
"""


def _rows(path: str, kind: str) -> list[tuple[int, dict[str, str]]]:
    text = read_text(path, what=f"{kind} file")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInputError(
            f"{display_name(path)}:1: the {kind} file is empty; it needs a header row "
            f"{','.join(EVENT_FILES[kind])}",
            field=kind,
            value=path,
        ) from None
    header = [h.strip() for h in header]
    allowed = EVENT_FILES[kind]
    required = [c for c in allowed if c not in _OPTIONAL.get(kind, ())]
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in allowed]
    if missing or unknown:
        raise InvalidInputError(
            f"{display_name(path)}:1: the header of the {kind} file must name the columns "
            f"{','.join(allowed)}"
            + (f"; missing {missing}" if missing else "")
            + (f"; unknown {unknown}" if unknown else ""),
            field=kind,
            value=header,
        )
    out = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InvalidInputError(
                f"{display_name(path)}:{line}: {len(row)} cells, the header has {len(header)}",
                field=kind,
                value=row,
            )
        out.append((line, {h: c.strip() for h, c in zip(header, row, strict=True)}))
    return out


def _event(path: str, kind: str, line: int, row: dict[str, str]) -> YearEvent:
    from jointcheck.records import ClaimEvent, ConfirmationEvent, DispatchEvent, DrawEvent
    from jointcheck.sampling import Draw

    where = f"{display_name(path)}:{line}"
    try:
        on = parse_day(row["on"], what="on")
        if kind == "draws":
            draw_path = str(Path(path).parent / row["draw"]) if path != "-" else row["draw"]
            draw = read_model(draw_path, Draw, what="draw")
            return DrawEvent(task_id=row["task_id"], on=on, draw=draw)
        if kind == "dispatches":
            return DispatchEvent(
                task_id=row["task_id"],
                subject_code=row["subject_code"],
                unit_id=row["unit_id"],
                on=on,
            )
        if kind == "claims":
            return ClaimEvent(
                task_id=row["task_id"],
                subject_code=row["subject_code"],
                department_id=row["department_id"],
                on=on,
            )
        flag = row.get("confirmed", "") or "yes"
        if flag.lower() not in _YES | _NO:
            raise InvalidInputError(
                f"confirmed {flag!r} is not yes or no", field="confirmed", value=flag
            )
        return ConfirmationEvent(
            task_id=row["task_id"],
            subject_code=row["subject_code"],
            department_id=row["department_id"],
            on=on,
            confirmed=(_YES | _NO)[flag.lower()],
            reason=_reason(row.get("reason", "")),
            status=_status(row.get("status", "")),
            note=row.get("note", ""),
        )
    except JointcheckError as exc:
        message = " ".join(exc.message.split())
        raise InvalidInputError(f"{where}: {message}", field=kind, value=row) from None


def _reason(text: str) -> RefusalReason | None:
    from jointcheck.records import RefusalReason

    if not text:
        return None
    for reason in RefusalReason:
        if text in (reason.value, reason.label):
            return reason
    raise InvalidInputError(
        f"reason {text!r} is not one of {[r.value for r in RefusalReason]}",
        field="reason",
        value=text,
    )


def _status(text: str) -> OperatingStatus | None:
    from jointcheck.model import OperatingStatus

    if not text:
        return None
    for status in OperatingStatus:
        if text in (status.value, status.label):
            return status
    raise InvalidInputError(
        f"status {text!r} is not one of {[s.value for s in OperatingStatus]}",
        field="status",
        value=text,
    )


def _load(args: argparse.Namespace) -> tuple[Any, Any]:
    from jointcheck.records import AnnualPlan, FollowUpBook, YearRecord

    annual = read_model(args.plan, AnnualPlan, what="annual plan")
    events: list[tuple[dt.date, int, int, str, int, YearEvent]] = []
    serial = 0
    for kind in EVENT_FILES:
        for path in getattr(args, kind) or []:
            for line, row in _rows(path, kind):
                event = _event(path, kind, line, row)
                serial += 1
                events.append((event.on, _ORDER[kind], serial, path, line, event))
    events.sort(key=lambda e: e[:3])
    record = YearRecord(annual=annual).add_all(
        [e[5] for e in events], labels=[f"{display_name(e[3])}:{e[4]}" for e in events]
    )
    book = FollowUpBook()
    if args.follow_ups:
        book = read_model(args.follow_ups, FollowUpBook, what="follow-ups")
    return record, book


def _run(args: argparse.Namespace, streams: Streams) -> int:
    from jointcheck.cli._deadline import load_calendar
    from jointcheck.records import StepState, check_year

    as_of = parse_day(args.as_of, what="--as-of")
    calendar = load_calendar(args.schedule)
    record, book = _load(args)
    annual = record.annual
    report = record.steps(as_of=as_of, calendar=calendar)
    follow_ups = book.report(as_of=as_of, calendar=calendar)
    out = streams.out
    out.write(f"{annual.name} — as of {as_of}\n")
    shown: tuple[StepState, ...] = (StepState.OVERDUE, StepState.LATE, StepState.PENDING)
    if args.all:
        shown = (*shown, StepState.ON_TIME)
    counts = ", ".join(f"{s.value.lower()} {report.count(s)}" for s in StepState)
    out.write(f"\nsteps: {counts}\n")
    for state in shown:
        for row in report.where(state):
            done = f", done {row.done_on}" if row.done_on else ""
            out.write(
                f"  {state.value:<8} {row.task_id}  {row.subject_code}  {row.step.value.lower()}"
                f" by {row.party}  due {row.due}{done}\n"
            )
    for replacement in report.replacements:
        out.write(
            f"  REPLACED {replacement.task_id}  {replacement.removed} -> {replacement.added} "
            f"({replacement.department_id}, {replacement.on}: {replacement.reason_text})\n"
        )
    out.write(
        f"\nfollow-ups: {len(follow_ups.rows)} tracked, {len(follow_ups.open)} open, "
        f"{len(follow_ups.overdue)} overdue\n"
    )
    for row in follow_ups.rows:
        if row.state.value in ("OPEN", "OVERDUE") or args.all:
            due = f"  due {row.due}" if row.due else ""
            to = f" -> {row.counterpart}" if row.counterpart else ""
            out.write(
                f"  {row.state.value:<8} {row.kind.value.lower()}  {row.task_id}  "
                f"{row.subject_code}{to}{due}\n"
            )
    findings = check_year(annual, record=record, calendar=calendar)
    if findings:
        out.write(f"\nfindings: {len(findings)}\n")
        for finding in findings:
            out.write(f"  {finding.severity.value:<7} {finding.code.value}: {finding.message}\n")
    overdue = report.has_overdue or bool(follow_ups.overdue)
    return EXIT_FOUND if overdue else EXIT_OK


def add_year(commands: Any, streams: Streams) -> None:
    """The ``year`` subcommand."""
    parser = commands.add_parser(
        "year",
        streams=streams,
        help="what is due, late or overdue in a year: dispatch, claim, confirmation, follow-ups",
        description="Read an annual plan and the year's event files and print every step "
        "(派发, 认领, 比对确认) and follow-up that is pending, late or overdue on a day, with "
        "its deadline on the working-day calendar (调休 included), and the year's findings.",
        epilog=EXAMPLES,
    )
    parser.add_argument("plan", metavar="PLAN", help="the annual plan (AnnualPlan JSON)")
    parser.add_argument("--as-of", required=True, metavar="DATE", help="the day, YYYY-MM-DD")
    for kind in EVENT_FILES:
        parser.add_argument(
            f"--{kind}", action="append", metavar="FILE", help=f"{kind} CSV (repeatable)"
        )
    parser.add_argument("--follow-ups", metavar="FILE", help="follow-ups (FollowUpBook JSON)")
    parser.add_argument(
        "--schedule",
        action="append",
        default=[],
        metavar="FILE",
        help="calendar data for years the built-in calendar lacks (see 'deadline --help')",
    )
    parser.add_argument("--all", action="store_true", help="also list steps done on time")
    parser.set_defaults(run=_run)
