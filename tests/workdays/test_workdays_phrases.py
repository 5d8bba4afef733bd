"""The notices' deadline wording read into deadline rules, with the days worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jointcheck.errors import InvalidInputError, RuleParseError
from jointcheck.workdays import (
    CalendarDays,
    ChinaCalendar,
    EarliestOf,
    FixedDate,
    WorkingDays,
    deadline,
    disclosure_terms,
    read_deadline,
)

CALENDAR = ChinaCalendar()

PHRASES = [
    # 000 兴安盟 附件1 §六(三)
    ("抽查结束后20个工作日内，将抽查检查结果录入协同监管平台", None, WorkingDays(n=20)),
    # 001 莲池区 §四(一) and §五(三)
    ("由抽查部门系统管理员在两个工作日内完成比对和确认", None, WorkingDays(n=2)),
    ("执法检查人员要自完成“双随机、一公开”抽查工作后10个工作日内", None, WorkingDays(n=10)),
    # 002 秦皇岛 §四(三)1
    ("自抽查检查结束之日起20个工作日内，通过…录入抽查结果", None, WorkingDays(n=20)),
    # 004 萧县 五(五) and 五(六)
    (
        "入企检查、结果上传公示等工作务必在10月30日前完成",
        2025,
        FixedDate(day=dt.date(2025, 10, 30)),
    ),
    (
        "检查结束后，由参与检查的部门在检查结束起20个工作日内将检查结果分别录入",
        None,
        WorkingDays(n=20),
    ),
    # a printed year wins over year=
    ("于2023年4月30日前完成录入和公示", 2025, FixedDate(day=dt.date(2023, 4, 30))),
    ("二十个工作日内", None, WorkingDays(n=20)),
    ("11月底前完成全部抽查任务", 2023, FixedDate(day=dt.date(2023, 11, 30))),
    ("2024年2月底前", None, FixedDate(day=dt.date(2024, 2, 29))),
    ("１５日内", None, CalendarDays(n=15)),
    ("十五天内", None, CalendarDays(n=15)),
]


@pytest.mark.parametrize(("text", "year", "rule"), PHRASES)
def test_notice_wording_reads(text: str, year: int | None, rule: object) -> None:
    assert read_deadline(text, year=year) == rule


def test_twenty_working_days_after_the_xingan_inspection() -> None:
    # 实地检查阶段 ends Friday 2023-04-07. Counting from the next day: April 10–14 (5),
    # 17–21 (10), 23 Sunday 调休上班 (11), 24–28 (16), 劳动节 04-29..05-03 off,
    # 05-04, 05-05 (18), 05-06 Saturday 调休上班 (19), Monday 05-08 (20).
    rule = read_deadline("抽查结束后20个工作日内")
    assert deadline(rule, dt.date(2023, 4, 7), calendar=CALENDAR) == dt.date(2023, 5, 8)


def test_lianchi_confirmation_within_two_working_days() -> None:
    # drawn Thursday 2023-07-20: Friday 07-21 is the first working day, Monday 07-24 the second
    rule = read_deadline("两个工作日内完成比对和确认")
    assert deadline(rule, dt.date(2023, 7, 20), calendar=CALENDAR) == dt.date(2023, 7, 24)


def test_xiao_period_and_date_together() -> None:
    text = "在检查结束起20个工作日内将检查结果分别录入；入企检查、结果上传公示等工作务必在10月30日前完成"
    rule = read_deadline(text, year=2025)
    assert rule == EarliestOf(rules=(WorkingDays(n=20), FixedDate(day=dt.date(2025, 10, 30))))
    assert disclosure_terms(rule) == (20, dt.date(2025, 10, 30))
    # inspection ending 2025-09-26 (Friday): 20 working days is 2025-10-30 (the make-up
    # Sundays 09-28 and Saturday 10-11 count, 10-01..10-08 do not), the same day as 10月30日前
    assert deadline(rule, dt.date(2025, 9, 26), calendar=CALENDAR) == dt.date(2025, 10, 30)
    # ending 2025-10-10: 20 working days would be 2025-11-07; the plan's 10-30 comes first
    assert deadline(rule, dt.date(2025, 10, 10), calendar=CALENDAR) == dt.date(2025, 10, 30)


def test_qian_includes_the_named_day() -> None:
    rule = read_deadline("10月30日前", year=2025)
    # 前 as the notice uses it: 抽查时间 runs 至10月30日, so the 30th is still in time
    assert deadline(rule, dt.date(2025, 10, 30), calendar=CALENDAR) == dt.date(2025, 10, 30)


def test_a_fixed_date_before_the_event_is_an_error() -> None:
    rule = read_deadline("10月30日前", year=2025)
    with pytest.raises(InvalidInputError, match="2025-10-30 is before the event 2025-11-03"):
        deadline(rule, dt.date(2025, 11, 3), calendar=CALENDAR)
    either = read_deadline("20个工作日内，10月30日前", year=2025)
    with pytest.raises(InvalidInputError, match="is before the event"):
        deadline(either, dt.date(2025, 11, 3), calendar=CALENDAR)


@pytest.mark.parametrize(
    ("text", "year", "fragment", "message"),
    [
        ("10月30日前完成", None, "10月30日前", "prints no year; pass year="),
        ("2月30日前", 2023, "2月30日前", "is not a day of 2023"),
        ("13月底前", 2023, "13月底前", "is not a day of 2023"),
        ("20个工作日内，10个工作日内", None, "10个工作日内", "a second period"),
        ("4月30日前或5月8日前", 2023, "5月8日前", "a second date"),
        ("检查结束前5个工作日前报送", None, "5个工作日前", "counts back"),
        ("及时录入并公示", None, "及时录入并公示", "found no period"),
        ("零个工作日内", None, "零", "cannot read the number"),
    ],
)
def test_unreadable_wording_names_the_fragment(
    text: str, year: int | None, fragment: str, message: str
) -> None:
    with pytest.raises(RuleParseError, match=message) as info:
        read_deadline(text, year=year)
    assert info.value.fragment == fragment


@pytest.mark.parametrize(("text", "year"), [(20, None), ("20个工作日内", "2023")])
def test_wrong_types(text: object, year: object) -> None:
    with pytest.raises(InvalidInputError):
        read_deadline(text, year=year)  # type: ignore[arg-type]


def test_disclosure_terms_refuses_what_a_task_cannot_hold() -> None:
    with pytest.raises(InvalidInputError, match="is not one a task holds"):
        disclosure_terms(CalendarDays(n=15))


@given(n=st.integers(1, 99))
def test_chinese_numerals_read_as_digits(n: int) -> None:
    digits = "一二三四五六七八九"
    tens, units = divmod(n, 10)
    numeral = (
        ("" if tens <= 1 else digits[tens - 1])
        + ("十" if tens else "")
        + (digits[units - 1] if units else "")
    )
    assert (
        read_deadline(f"{numeral}个工作日内") == read_deadline(f"{n}个工作日内") == WorkingDays(n=n)
    )


def test_built_in_plans_take_their_deadlines_from_the_printed_wording() -> None:
    from jointcheck.scenarios import (
        LIANCHI_DISCLOSURE_TEXT,
        QINHUANGDAO_DISCLOSURE_TEXT,
        XIAO_DISCLOSURE_TEXT,
        XINGAN_DISCLOSURE_TEXT,
        lianchi_2023_plan,
        qinhuangdao_2023_plan,
        xiao_2025_plan,
        xingan_2023_plan,
    )

    lianchi = lianchi_2023_plan().tasks[0]
    assert (
        (lianchi.disclosure_working_days, lianchi.disclosure_by)
        == disclosure_terms(read_deadline(LIANCHI_DISCLOSURE_TEXT))
        == (10, None)
    )
    # 两个工作日内完成比对和确认 after the draw on Thursday 2023-07-20 → Monday 07-24
    assert lianchi.extraction is not None
    assert lianchi.extraction.end == dt.date(2023, 7, 24)
    qinhuangdao = qinhuangdao_2023_plan().tasks[0]
    assert read_deadline(QINHUANGDAO_DISCLOSURE_TEXT) == WorkingDays(n=20)
    assert qinhuangdao.disclosure_working_days == 20
    xiao = xiao_2025_plan().tasks[0]
    assert (
        (xiao.disclosure_working_days, xiao.disclosure_by)
        == disclosure_terms(read_deadline(XIAO_DISCLOSURE_TEXT, year=2025))
        == (20, dt.date(2025, 10, 30))
    )
    assert read_deadline(XINGAN_DISCLOSURE_TEXT) == WorkingDays(n=20)
    assert {t.disclosure_working_days for t in xingan_2023_plan().tasks} == {20}
