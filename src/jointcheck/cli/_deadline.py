"""``jointcheck deadline``: the last day of a period on China's working-day calendar."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from jointcheck.cli._common import COMMANDS, EXIT_OK, Streams
from jointcheck.cli._files import display_name, parse_day, read_text
from jointcheck.errors import CalendarCoverageError, InvalidInputError, ModelValidationError
from jointcheck.workdays import (
    CalendarData,
    CalendarDays,
    ChinaCalendar,
    DeadlineRule,
    EarliestOf,
    FixedDate,
    WorkingDays,
    deadline,
    default_calendar,
    parse_deadline_rule,
)

__all__ = ["add_deadline", "load_calendar"]

EXAMPLES = """\
examples:
  jointcheck deadline 2023-04-07 --working-days 20            2023-05-08
  jointcheck deadline 2023-04-07 --working-days 20 --by 2023-04-30 --explain
  jointcheck deadline 2023-04-07 --calendar-days 30
  jointcheck deadline 2023-04-07 --rule '{"kind": "working_days", "n": 10}'
  jointcheck deadline 2027-03-01 --working-days 20 --schedule 2027.toml

The day given is the event (e.g. the end of the inspection, 抽查结束之日); it is not counted.
--working-days N: the N-th working day after it (调休 weekend days count, holidays do not).
--calendar-days N: N days after it; a last day that is a rest day moves to the next working day.
--by DATE: the plan's own last day; the earlier of the two applies.

The national calendar comes from the installed chinese-calendar release. For a year it does
not cover yet, give the State Council's schedule with --schedule (TOML or JSON), every
holiday period of the notice as printed (the dates below are an illustration, not official):

  [[years]]
  year = 2027
  source = "国务院办公厅关于2027年部分节假日安排的通知"
  holidays = ["2027-01-01/2027-01-03", "2027-02-05/2027-02-13", "2027-10-01/2027-10-07"]
  workdays = [2027-02-20]
"""

_SCHEDULE_HINT = (
    "From the command line, give that year's schedule with --schedule FILE.toml (a [[years]] "
    "table with year, holidays and workdays; see 'jointcheck deadline --help')."
)


def load_calendar(paths: list[str]) -> ChinaCalendar:
    """The national calendar with the schedules and layers of ``paths`` (TOML or JSON)."""
    if not paths:
        return default_calendar()
    years: list[Any] = []
    layers: list[Any] = []
    for path in paths:
        text = read_text(path, what="schedule")
        try:
            data = (
                CalendarData.from_json(text)
                if path.lower().endswith(".json")
                else CalendarData.from_toml(text)
            )
        except (ModelValidationError, InvalidInputError) as exc:
            raise InvalidInputError(
                f"{display_name(path)}: not valid calendar data: {exc.message}",
                field="schedule",
                value=path,
            ) from None
        years.extend(data.years)
        layers.extend(data.layers)
    try:
        return ChinaCalendar.from_data(CalendarData(years=tuple(years), layers=tuple(layers)))
    except InvalidInputError as exc:
        raise InvalidInputError(
            f"the schedules given with --schedule do not fit together: {exc.message}",
            field="schedule",
            value=paths,
        ) from None


def _rule(args: argparse.Namespace) -> DeadlineRule:
    rule: DeadlineRule
    if args.working_days is not None:
        rule = WorkingDays(n=args.working_days)
    elif args.calendar_days is not None:
        rule = CalendarDays(n=args.calendar_days)
    else:
        text = args.rule
        if text.startswith("@"):
            text = read_text(text[1:], what="rule file")
        rule = parse_deadline_rule(text.strip())
    if args.by is not None:
        rule = EarliestOf(rules=(rule, FixedDate(day=parse_day(args.by, what="--by"))))
    return rule


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _explain(
    rule: DeadlineRule, event: dt.date, last: dt.date, calendar: ChinaCalendar
) -> list[str]:
    lines = [
        f"  rule: {rule.describe()}",
        f"  event: {event} ({_WEEKDAYS[event.weekday()]}), not counted",
        f"  deadline: {last} ({_WEEKDAYS[last.weekday()]}), "
        f"{calendar.count_workdays(event, last)} working days after the event",
    ]
    special = []
    day = event + dt.timedelta(days=1)
    while day <= last:
        if calendar.is_workday(day) != (day.weekday() < 5):
            special.append(calendar.explain(day))
        day += dt.timedelta(days=1)
    if special:
        lines.append("  days that are not ordinary weekdays or weekends:")
        lines.extend(f"    {text}" for text in special)
    return lines


def _run(args: argparse.Namespace, streams: Streams) -> int:
    event = parse_day(args.date, what="date")
    rule = _rule(args)
    calendar = load_calendar(args.schedule)
    try:
        calendar.is_workday(event)  # a date outside the calendar fails here, before any sum
        last = deadline(rule, event, calendar=calendar)
    except CalendarCoverageError as exc:
        raise InvalidInputError(
            f"{exc.message} {_SCHEDULE_HINT}", field="date", value=args.date
        ) from None
    except OverflowError:
        raise InvalidInputError(
            f"the deadline after {event} falls beyond the year 9999; check the rule",
            field="rule",
            value=args.date,
        ) from None
    streams.out.write(f"{last.isoformat()}\n")
    if args.explain:
        streams.out.write("\n".join(_explain(rule, event, last, calendar)) + "\n")
    return EXIT_OK


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def add_deadline(commands: Any, streams: Streams) -> None:
    """The ``deadline`` subcommand."""
    parser = commands.add_parser(
        "deadline",
        streams=streams,
        help=COMMANDS["deadline"].help,
        description="Print the last day on which an act due after DATE is in time, on "
        "mainland China's working-day calendar (statutory holidays and 调休).",
        epilog=EXAMPLES,
    )
    parser.add_argument("date", metavar="DATE", help="the event day, YYYY-MM-DD (not counted)")
    rules = parser.add_mutually_exclusive_group(required=True)
    rules.add_argument("--working-days", type=_positive, metavar="N", help="N working days")
    rules.add_argument("--calendar-days", type=_positive, metavar="N", help="N calendar days")
    rules.add_argument(
        "--rule",
        metavar="JSON",
        help='a deadline rule as JSON (or @FILE), e.g. {"kind": "earliest_of", "rules": [...]}',
    )
    parser.add_argument(
        "--by", metavar="DATE", help="the plan's own last day (the earlier applies)"
    )
    parser.add_argument(
        "--schedule",
        action="append",
        default=[],
        metavar="FILE",
        help="calendar data (TOML, or JSON by its .json suffix): national [[years]] and "
        "regional [[layers]]; repeatable",
    )
    parser.add_argument(
        "--explain", action="store_true", help="also print the rule and the holidays counted"
    )
    parser.set_defaults(run=_run)
