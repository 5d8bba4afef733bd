"""Reading deadline wording as the notices print it into deadline rules (期限).

The notices state deadlines in a handful of forms, and the reader turns each into one of the
rule models of :mod:`jointcheck.workdays`:

| printed | rule |
|---|---|
| ``抽查结束后20个工作日内`` / ``自抽查检查结束之日起20个工作日内`` | ``WorkingDays(n=20)`` |
| ``两个工作日内完成比对和确认`` | ``WorkingDays(n=2)`` |
| ``15日内`` / ``15天内`` | ``CalendarDays(n=15)`` |
| ``10月30日前`` / ``于2023年4月30日前完成`` / ``11月底前`` | ``FixedDate(day=…)`` |
| a period and a date together | ``EarliestOf(rules=(period, date))`` |

**内 and 前 as the notices use them.** "N个工作日内" ends on the N-th working day after the
event, that day included; the event day itself is not counted (自…之日起: 民法典 art. 201).
"M月D日前" ends on day D itself: 萧县's 抽查时间 runs "至10月30日" and the same notice asks for
the work "务必在10月30日前完成", so the named day is the last day in time, not the day after it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from jointcheck._internal.checked import checked
from jointcheck.errors import InvalidInputError, RuleParseError
from jointcheck.workdays._rules import (
    CalendarDays,
    DeadlineRule,
    EarliestOf,
    FixedDate,
    WorkingDays,
)

__all__ = ["disclosure_terms", "read_deadline"]

_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUMBER = r"(?P<n>\d+|[零一二两三四五六七八九十]+)"
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # full-width digits

_WORKING = re.compile(rf"{_NUMBER}\s*个?\s*工作日\s*(?:之)?内")
_CALENDAR = re.compile(rf"(?<![月\d]){_NUMBER}\s*(?:个)?\s*(?:自然日|日|天)\s*(?:之)?内")
_DATE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|(?P<end>底))\s*"
    r"(?:之|以)?前"
)
_AFTER_DAYS = re.compile(rf"(?<![月\d]){_NUMBER}\s*个?\s*(?:工作日|自然日|日|天)\s*(?:之|以)?前")


def _number(text: str, phrase: str) -> int:
    """``20``, ``两`` or ``二十`` as an int (1 to 366)."""
    if text.isdigit():
        value = int(text)
    else:
        tens, _, units = text.partition("十")
        if "十" in text:
            value = (_DIGITS.get(tens, -100) if tens else 1) * 10 + (
                _DIGITS.get(units, -100) if units else 0
            )
        elif len(text) == 1:
            value = _DIGITS.get(text, -1)
        else:
            value = -1
    if not 1 <= value <= 366:
        raise RuleParseError(
            f"deadline {phrase!r}: cannot read the number {text!r}; allowed: 1 to 366 in "
            "digits (20) or Chinese numerals (两, 二十)",
            value=phrase,
            fragment=text,
        )
    return value


def _day(match: re.Match[str], year: int | None, phrase: str) -> dt.date:
    fragment = match.group(0)
    printed_year = match.group("y")
    if printed_year is None and year is None:
        raise RuleParseError(
            f"deadline {phrase!r}: {fragment!r} prints no year; pass year= (the plan's year)",
            value=phrase,
            fragment=fragment,
        )
    chosen = int(printed_year) if printed_year is not None else year
    assert chosen is not None
    month = int(match.group("m"))
    try:
        if match.group("end"):  # M月底前: the month's last day
            return dt.date(chosen, month, calendar.monthrange(chosen, month)[1])
        return dt.date(chosen, month, int(match.group("d")))
    except ValueError:
        raise RuleParseError(
            f"deadline {phrase!r}: {fragment!r} is not a day of {chosen}",
            value=phrase,
            fragment=fragment,
        ) from None


@checked
def read_deadline(text: str, *, year: int | None = None) -> DeadlineRule:
    """The deadline rule a notice's wording sets (see the module docstring for the forms).

    The text may be a whole sentence: what is done (录入、公示、比对和确认) and the event the
    period follows (抽查结束、检查结束) are context; only the period and the date are read.

    Args:
        text: The wording, e.g. ``"自抽查检查结束之日起20个工作日内…录入抽查结果"``.
        year: The year of a date printed without one (``10月30日前``); a printed year wins.

    Examples:
        >>> read_deadline("抽查结束后20个工作日内，将抽查检查结果录入协同监管平台")
        WorkingDays(kind='working_days', n=20)
        >>> read_deadline("两个工作日内完成比对和确认")
        WorkingDays(kind='working_days', n=2)
        >>> read_deadline("务必在10月30日前完成", year=2025)
        FixedDate(kind='fixed_date', day=datetime.date(2025, 10, 30))

    Raises:
        RuleParseError: no period or date in ``text``; two periods or two dates; a period
            counted back (``5个工作日前``); a date without a year and no ``year``; a number or
            day that does not exist. ``.fragment`` quotes the part at fault.
        InvalidInputError: ``text`` is not a str or ``year`` is not an int.
    """
    if not isinstance(text, str):
        raise InvalidInputError(
            f"deadline text must be a str, got {type(text).__name__} {text!r}",
            field="text",
            value=text,
        )
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise InvalidInputError(
            f"year must be an int such as 2023, got {year!r}", field="year", value=year
        )
    plain = text.translate(_HALF_WIDTH)
    backwards = _AFTER_DAYS.search(plain)
    if backwards is not None:
        raise RuleParseError(
            f"deadline {text!r}: {backwards.group(0)!r} counts back from the event; a notice's "
            "deadline follows the event (N个工作日内, M月D日前)",
            value=text,
            fragment=backwards.group(0),
        )
    periods: list[tuple[re.Match[str], DeadlineRule]] = [
        (m, WorkingDays(n=_number(m.group("n"), text))) for m in _WORKING.finditer(plain)
    ]
    periods += [(m, CalendarDays(n=_number(m.group("n"), text))) for m in _CALENDAR.finditer(plain)]
    dates = [(m, FixedDate(day=_day(m, year, text))) for m in _DATE.finditer(plain)]
    for found, what in ((periods, "period"), (dates, "date")):
        if len(found) > 1:
            raise RuleParseError(
                f"deadline {text!r}: a second {what} {found[1][0].group(0)!r} after "
                f"{found[0][0].group(0)!r}; give one period and at most one date",
                value=text,
                fragment=found[1][0].group(0),
            )
    rules = [rule for _, rule in periods + dates]
    if not rules:
        raise RuleParseError(
            f"deadline {text!r}: found no period (20个工作日内, 15日内) or date (10月30日前)",
            value=text,
            fragment=text.strip(),
        )
    return rules[0] if len(rules) == 1 else EarliestOf(rules=tuple(rules))


@checked
def disclosure_terms(rule: DeadlineRule) -> tuple[int, dt.date | None]:
    """A disclosure rule as a task holds it: ``(disclosure_working_days, disclosure_by)``.

    A task counts disclosure in working days from the end of its inspection, with the plan's
    own last day if it sets one; so the rule must be ``WorkingDays`` or the earliest of one
    ``WorkingDays`` and one ``FixedDate``.

    Examples:
        >>> disclosure_terms(read_deadline("检查结束起20个工作日内…务必在10月30日前完成", year=2025))
        (20, datetime.date(2025, 10, 30))

    Raises:
        InvalidInputError: the rule has another form (calendar days, a date alone).
    """
    if isinstance(rule, WorkingDays):
        return rule.n, None
    if isinstance(rule, EarliestOf) and len(rule.rules) == 2:
        first, second = rule.rules
        if isinstance(first, WorkingDays) and isinstance(second, FixedDate):
            return first.n, second.day
    raise InvalidInputError(
        f"disclosure rule {rule.describe()!r} is not one a task holds; allowed: N working days "
        "after the inspection (20个工作日内), optionally with the plan's last day (10月30日前)",
        field="rule",
        value=rule,
    )
