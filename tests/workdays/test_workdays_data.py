"""Schedules for years chinese-calendar lacks, corrections, regional layers, JSON and TOML."""

from __future__ import annotations

import datetime as dt
import warnings

import chinese_calendar
import pytest

from jointcheck.errors import CalendarDataError, ModelValidationError
from jointcheck.workdays import CalendarData, CalendarLayer, ChinaCalendar, YearSchedule

D = dt.timedelta
LAST_YEAR = max(d.year for d in chinese_calendar.holidays)
NEW = LAST_YEAR + 1
BASE = ChinaCalendar()


def first_weekday(year: int, month: int, weekday: int) -> dt.date:
    day = dt.date(year, month, 1)
    while day.weekday() != weekday:
        day += D(days=1)
    return day


def essentials(year: int) -> list[str]:
    """Synthetic Spring Festival and National Day holidays: without them a schedule is refused
    as implausible. NOT official dates."""
    return [f"{year}-02-10/{year}-02-12", f"{year}-10-01/{year}-10-03"]


# Synthetic test data for the first year chinese-calendar lacks: NOT an official schedule.
MAKEUP = first_weekday(NEW, 2, 5)  # a Saturday worked
BREAK = [MAKEUP + D(days=k) for k in range(2, 9)]  # Monday .. Sunday off
SYNTHETIC = YearSchedule(
    year=NEW,
    holidays=[dt.date(NEW, 1, 1), f"{BREAK[0]}/{BREAK[-1]}", f"{NEW}-10-01/{NEW}-10-03"],
    workdays=[MAKEUP],
    source="synthetic test data",
)


def schedule_from_chinese_calendar(year: int) -> YearSchedule:
    return YearSchedule(
        year=year,
        holidays=[d for d in chinese_calendar.holidays if d.year == year],
        workdays=[d for d in chinese_calendar.workdays if d.year == year],
        source=f"chinese-calendar {chinese_calendar.__version__}",
    )


class TestYearSchedule:
    def test_ranges_expand_and_sort(self) -> None:
        s = YearSchedule(
            year=2026,
            holidays=[
                "2026-02-15/2026-02-23",
                dt.date(2026, 1, 1),
                "2026-02-20",
                "2026-10-01/2026-10-03",
            ],
            workdays=["2026-02-14", "2026-02-28"],
        )
        assert s.holidays[0] == dt.date(2026, 1, 1)
        assert len(s.holidays) == 10 + 3
        assert s.holidays == tuple(sorted(s.holidays))

    @pytest.mark.parametrize(
        ("kwargs", "words"),
        [
            ({"holidays": ["2027-01-01"]}, "outside year 2026"),
            ({"holidays": ["2025-11-30"]}, "outside year 2026"),
            ({"holidays": ["2026-05-02"], "workdays": ["2026-05-02"]}, "both as holiday"),
            ({"holidays": [], "workdays": ["2026-02-11"]}, "Wednesday"),
            ({"holidays": ["2026-02-23/2026-02-15"]}, "must run forward"),
            ({"holidays": ["2026-01-01/2026-03-01"]}, "spans 60 days"),
            ({"holidays": ["2026-01-01/2026-02-30"]}, "not a day range"),
            ({"holidays": "2026-01-01"}, "tuple"),
        ],
    )
    def test_rejects(self, kwargs: dict, words: str) -> None:
        with pytest.raises(ModelValidationError, match=words):
            YearSchedule(year=2026, **kwargs)

    def test_december_of_the_previous_year_is_allowed(self) -> None:
        # The 2024 notice gave 2023-12-30/31 off for 元旦.
        s = YearSchedule(year=2024, holidays=["2023-12-30/2024-01-01", *essentials(2024)])
        assert s.holidays[0] == dt.date(2023, 12, 30)

    def test_round_trips_through_json(self) -> None:
        assert YearSchedule.model_validate_json(SYNTHETIC.model_dump_json()) == SYNTHETIC


class TestOverrides:
    def test_a_supplied_year_is_covered_and_used(self) -> None:
        cal = BASE.with_schedule(SYNTHETIC)
        assert cal.last_day == dt.date(NEW, 12, 31)
        assert cal.official_years[1] == NEW
        assert cal.is_workday(MAKEUP)
        assert all(not cal.is_workday(d) for d in BREAK)
        assert not cal.is_workday(dt.date(NEW, 1, 1))
        assert cal.is_workday(BREAK[-1] + D(days=1))  # Monday after the break
        # Counting across: Friday before MAKEUP → MAKEUP (Saturday) is the next working day.
        assert cal.add_workdays(MAKEUP - D(days=1), 1) == MAKEUP
        assert cal.add_workdays(MAKEUP, 1) == BREAK[-1] + D(days=1)
        # The deadline that ran past the data now resolves, without a warning.
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert cal.add_workdays(dt.date(LAST_YEAR, 12, 10), 20).year == NEW
        assert "synthetic test data" in cal.explain(MAKEUP)

    def test_the_original_is_unchanged(self) -> None:
        BASE.with_schedule(SYNTHETIC)
        assert BASE.last_day == dt.date(LAST_YEAR, 12, 31)
        assert BASE.schedules == ()

    def test_round_trip_through_toml_and_json_gives_the_same_calendar(self) -> None:
        text = (
            f'[[years]]\nyear = {NEW}\nsource = "synthetic test data"\n'
            f'holidays = [{dt.date(NEW, 1, 1)}, "{BREAK[0]}/{BREAK[-1]}", "{NEW}-10-01/{NEW}-10-03"]\n'
            f"workdays = [{MAKEUP}]\n"
        )
        data = CalendarData.from_toml(text)
        assert data.years == (SYNTHETIC,)
        assert CalendarData.from_json(data.model_dump_json()) == data
        assert CalendarData.from_toml(text.encode()) == data
        assert CalendarData.from_dict({"years": [SYNTHETIC.model_dump()]}) == data
        a, b = ChinaCalendar.from_data(data), BASE.with_schedule(SYNTHETIC)
        days = [dt.date(NEW, 1, 1) + D(days=k) for k in range(365)]
        assert [a.is_workday(d) for d in days] == [b.is_workday(d) for d in days]

    def test_a_year_from_chinese_calendar_as_a_schedule_changes_nothing(self) -> None:
        cal = BASE.with_schedule(schedule_from_chinese_calendar(2023))
        days = [dt.date(2022, 12, 1) + D(days=k) for k in range(400)]
        assert [cal.is_workday(d) for d in days] == [BASE.is_workday(d) for d in days]

    def test_a_schedule_replaces_its_whole_year(self) -> None:
        # A 2023 schedule without 中秋 and with a shorter 国庆: the days it leaves out become
        # ordinary days.
        may = YearSchedule(
            year=2023,
            holidays=["2023-04-29/2023-05-03", "2023-01-21/2023-01-27", "2023-10-01/2023-10-03"],
            workdays=["2023-04-23"],
        )
        cal = BASE.with_schedule(may)
        assert not cal.is_workday(dt.date(2023, 5, 2))
        assert cal.is_workday(dt.date(2023, 10, 5))  # a Thursday, 国庆 in the national data
        assert not cal.is_workday(dt.date(2023, 10, 7))  # Saturday, no longer worked
        assert cal.is_workday(dt.date(2024, 2, 4))  # other years untouched

    def test_a_supplied_year_replaces_the_correction_too(self) -> None:
        cal = BASE.with_schedule(
            YearSchedule(year=2005, holidays=["2005-10-01/2005-10-07", "2005-02-09/2005-02-15"])
        )
        assert BASE.is_workday(dt.date(2005, 12, 31))
        assert not cal.is_workday(dt.date(2005, 12, 31))

    def test_december_days_of_the_next_notice_override_the_year_before(self) -> None:
        eve = dt.date(LAST_YEAR, 12, 31)
        assert BASE.is_workday(eve) == (eve.weekday() < 5)
        schedule = YearSchedule(
            year=NEW, holidays=[eve, dt.date(NEW, 1, 1), *essentials(NEW)], source="synthetic"
        )
        assert not BASE.with_schedule(schedule).is_workday(eve)

    def test_two_schedules_for_one_year(self) -> None:
        with pytest.raises(CalendarDataError, match=f"more than one schedule for year.*{NEW}"):
            BASE.with_schedule(SYNTHETIC).with_schedule(SYNTHETIC)
        with pytest.raises(ModelValidationError, match="more than one schedule"):
            CalendarData(years=(SYNTHETIC, SYNTHETIC))

    def test_a_gap_in_the_years(self) -> None:
        later = YearSchedule(year=NEW + 1, holidays=[dt.date(NEW + 1, 1, 1), *essentials(NEW + 1)])
        with pytest.raises(CalendarDataError, match=f"no data for \\[{NEW}\\]") as info:
            BASE.with_schedule(later)
        assert info.value.value == NEW

    def test_schedules_disagreeing_about_a_day(self) -> None:
        saturday = first_weekday(LAST_YEAR, 12, 5) + D(days=21)  # a late-December Saturday
        this = YearSchedule(year=LAST_YEAR, holidays=essentials(LAST_YEAR), workdays=[saturday])
        nxt = YearSchedule(year=NEW, holidays=[saturday, *essentials(NEW)])
        with pytest.raises(CalendarDataError, match=f"disagree about {saturday}"):
            ChinaCalendar(schedules=[this, nxt])

    def test_invalid_toml(self) -> None:
        with pytest.raises(CalendarDataError, match="not valid TOML"):
            CalendarData.from_toml("[[years]\nyear = 2027")


# Regional data with sources (see docs/workdays.md).
XINJIANG_2025 = CalendarLayer(
    name="新疆维吾尔自治区",
    region="650000",
    holidays=["2025-03-29/2025-03-31", "2025-06-06/2025-06-10"],  # 肉孜节, 古尔邦节
    source="新疆维吾尔自治区人民政府令第174号; 2025 安排",
)
LHASA_2023 = CalendarLayer(
    name="拉萨市",
    region="540100",
    holidays=["2023-02-20/2023-02-26"],  # 藏历新年
    workdays=["2023-02-18", "2023-02-19"],
    source="拉萨市 2023 藏历新年放假安排",
)


class TestLayers:
    def test_regional_holidays_are_rest_days(self) -> None:
        cal = BASE.with_layer(XINJIANG_2025)
        monday = dt.date(2025, 3, 31)
        assert BASE.is_workday(monday)
        assert not cal.is_workday(monday)
        assert BASE.add_workdays(dt.date(2025, 6, 5), 1) == dt.date(2025, 6, 6)
        assert cal.add_workdays(dt.date(2025, 6, 5), 1) == dt.date(2025, 6, 11)
        assert "新疆维吾尔自治区" in cal.explain(monday)

    def test_regional_makeup_days_are_working_days(self) -> None:
        cal = BASE.with_layer(LHASA_2023)
        assert cal.is_workday(dt.date(2023, 2, 18))
        assert cal.is_workday(dt.date(2023, 2, 19))
        assert not cal.is_workday(dt.date(2023, 2, 22))
        # Friday 2/17: the next working day is Saturday 2/18 in Lhasa, Monday 2/20 elsewhere.
        assert cal.add_workdays(dt.date(2023, 2, 17), 3) == dt.date(2023, 2, 27)
        assert BASE.add_workdays(dt.date(2023, 2, 17), 3) == dt.date(2023, 2, 22)

    def test_layers_stack(self) -> None:
        cal = BASE.with_layer(XINJIANG_2025).with_layer(LHASA_2023)
        assert cal.layers == (XINJIANG_2025, LHASA_2023)
        assert not cal.is_workday(dt.date(2025, 3, 31))
        assert cal.is_workday(dt.date(2023, 2, 18))

    def test_a_layer_may_not_cancel_a_national_holiday(self) -> None:
        layer = CalendarLayer(name="x", workdays=["2023-10-01"])
        with pytest.raises(CalendarDataError, match="national holiday"):
            BASE.with_layer(layer)

    def test_a_layer_may_repeat_national_days(self) -> None:
        # Lhasa 2026 combined 藏历新年 with 春节; its 调休 Saturdays are national ones too.
        layer = CalendarLayer(
            name="拉萨市 2026", holidays=["2026-02-15/2026-02-26"], workdays=["2026-02-14"]
        )
        cal = BASE.with_layer(layer)
        assert cal.is_workday(dt.date(2026, 2, 14))
        assert not cal.is_workday(dt.date(2026, 2, 24))

    def test_layers_disagreeing(self) -> None:
        off = CalendarLayer(name="a", holidays=["2023-02-18"])
        with pytest.raises(CalendarDataError, match="disagree about 2023-02-18"):
            BASE.with_layer(LHASA_2023).with_layer(off)

    def test_a_layer_in_a_year_without_national_data(self) -> None:
        layer = CalendarLayer(name="x", holidays=[dt.date(NEW, 3, 3)])
        with pytest.raises(CalendarDataError, match=f"supply the national schedule for {NEW}"):
            BASE.with_layer(layer)
        # Not even under assumed weekdays: the national days of that year are unknown.
        with pytest.raises(CalendarDataError):
            ChinaCalendar(layers=[layer], assume_weekdays_through=NEW)
        assert not BASE.with_schedule(SYNTHETIC).with_layer(layer).is_workday(dt.date(NEW, 3, 3))

    def test_duplicate_layer_names(self) -> None:
        with pytest.raises(CalendarDataError, match="more than one layer"):
            BASE.with_layer(LHASA_2023).with_layer(LHASA_2023)

    @pytest.mark.parametrize(
        ("kwargs", "words"),
        [
            ({}, "no holidays and no workdays"),
            ({"workdays": ["2023-02-17"]}, "Friday"),
            ({"holidays": ["2023-02-18"], "workdays": ["2023-02-18"]}, "both"),
            ({"name": " ", "holidays": ["2023-02-18"]}, "empty"),
        ],
    )
    def test_rejects(self, kwargs: dict, words: str) -> None:
        with pytest.raises(ModelValidationError, match=words):
            CalendarLayer(**{"name": "x", **kwargs})

    def test_round_trips(self) -> None:
        data = CalendarData(layers=(XINJIANG_2025, LHASA_2023))
        assert CalendarData.model_validate_json(data.model_dump_json()) == data
        toml = (
            '[[layers]]\nname = "拉萨市"\nregion = "540100"\n'
            'holidays = ["2023-02-20/2023-02-26"]\nworkdays = [2023-02-18, 2023-02-19]\n'
            'source = "拉萨市 2023 藏历新年放假安排"\n'
        )
        assert CalendarData.from_toml(toml).layers == (LHASA_2023,)
        assert ChinaCalendar.from_data(data).layers == (XINJIANG_2025, LHASA_2023)


def test_a_schedule_for_the_year_before_the_data_extends_the_range_backwards() -> None:
    first = min(d.year for d in chinese_calendar.holidays)
    earlier = YearSchedule(
        year=first - 1,
        holidays=[dt.date(first - 1, 1, 1), *essentials(first - 1)],
        source="synthetic",
    )
    cal = BASE.with_schedule(earlier)
    assert cal.first_day == dt.date(first - 1, 1, 1)
    assert not cal.is_workday(dt.date(first - 1, 1, 1))
    assert cal.official_years == (first - 1, LAST_YEAR)


def test_a_schedule_reaching_into_a_year_without_data_is_rejected() -> None:
    first = min(d.year for d in chinese_calendar.holidays)
    earlier = YearSchedule(
        year=first - 1, holidays=[dt.date(first - 2, 12, 31), *essentials(first - 1)]
    )
    with pytest.raises(CalendarDataError, match=f"supply the schedule for {first - 2}"):
        BASE.with_schedule(earlier)


class TestPlausibility:
    """A schedule replaces its year, so one that cannot be a whole notice is refused."""

    @pytest.mark.parametrize(
        ("holidays", "words"),
        [
            ([], "has no holidays"),
            (["2027-10-01/2027-10-07"], "no Spring Festival"),
            (["2027-02-05/2027-02-06", "2027-10-01/2027-10-07"], "no Spring Festival"),
            (["2027-02-05/2027-02-11"], "no National Day"),
            (["2027-02-05/2027-02-11", "2027-10-01", "2027-10-03"], "2027-10-02 not listed"),
        ],
    )
    def test_implausible_schedules_are_refused(self, holidays: list[str], words: str) -> None:
        with pytest.raises(ModelValidationError, match=words):
            YearSchedule(year=2027, holidays=holidays, source="test")
        text = f"[[years]]\nyear = 2027\nholidays = {holidays!r}\n".replace("'", '"')
        with pytest.raises(ModelValidationError, match=words):
            CalendarData.from_toml(text)

    @pytest.mark.parametrize("year", range(2004, LAST_YEAR + 1))
    def test_every_official_year_is_plausible(self, year: int) -> None:
        assert schedule_from_chinese_calendar(year).year == year
