"""Deadlines at scale: "20 working days after" for a million dates.

Ours answers with the calendar's cumulative working-day table (two numpy look-ups per date).
The baseline is chinese-calendar's ``find_workday(19, day + 1 day)`` (the same answer: the
20th working day after ``day``, the day itself not counted) called in a Python loop. The loop
is timed on a sample of the dates and scaled to the full count, since a million calls take
minutes; the figure's note says so. Answers are checked equal on the sample.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import chinese_calendar
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Figure, alternating, main

from jointcheck.workdays import KNOWN_CORRECTIONS, ChinaCalendar

TARGET_RATE = 5_000_000  # dates per second
TARGET_RATIO = 1_000


def random_days(cal: ChinaCalendar, n: int, *, seed: int = 2023) -> np.ndarray:
    """``n`` random days from the covered range, leaving room for 20 working days after."""
    first = np.datetime64(cal.first_day, "D")
    last = np.datetime64(cal.last_day - dt.timedelta(days=60), "D")
    span = int((last - first).astype(np.int64)) + 1
    rng = np.random.default_rng(seed)
    return first + rng.integers(0, span, size=n)


def agreement(days: list[dt.date], ours: list[dt.date], theirs: list[dt.date]) -> tuple[bool, int]:
    """Whether the answers agree except across a day jointcheck corrects (2005-12-31), and how
    many answers crossed one."""
    fixed = [c.day for c in KNOWN_CORRECTIONS]
    crossing = [any(d <= f <= t for f in fixed) for d, t in zip(days, theirs, strict=True)]
    same = all(a == b for a, b, c in zip(ours, theirs, crossing, strict=True) if not c)
    return same, sum(crossing)


def run(quick: bool) -> list[Figure]:
    n = 100_000 if quick else 1_000_000
    sample_size = 200 if quick else 2_000
    cal = ChinaCalendar()
    days = random_days(cal, n)
    sample = [d.item() for d in days[:sample_size]]
    one = dt.timedelta(days=1)

    (ours_s, sample_s, scalar_s), (ours, theirs, scalar) = alternating(
        [
            lambda: cal.add_workdays_array(days, 20),
            lambda: [chinese_calendar.find_workday(19, d + one) for d in sample],
            lambda: [cal.add_workdays(d, 20) for d in sample],
        ],
        rounds=5,
    )
    base_s = sample_s * n / sample_size
    agree, crossed = agreement(sample, ours[:sample_size].tolist(), theirs)

    scalar_agree, _ = agreement(sample, scalar, theirs)

    rate = n / ours_s
    scaled = f"loop timed on {sample_size:,} dates and scaled ×{n // sample_size:,}"
    return [
        Figure(
            name=f"20 working days after, {n:,} dates, vectorised",
            ours_s=ours_s,
            baseline="chinese_calendar.find_workday loop",
            baseline_s=base_s,
            target=f"≥ {TARGET_RATIO:,}× faster",
            met=base_s / ours_s >= TARGET_RATIO and agree,
            note=f"{scaled}; answers equal on the sample: {agree} ({crossed} crossing "
            "2005-12-31, which chinese-calendar has wrong, left out)",
        ),
        Figure(
            name=f"20 working days after, {n:,} dates, throughput",
            ours_s=ours_s,
            baseline=f"target rate {TARGET_RATE:,} dates/s",
            baseline_s=n / TARGET_RATE,
            target="ratio ≥ 1 (at least five million dates per second)",
            met=rate >= TARGET_RATE,
            note=f"{rate:,.0f} dates/s",
        ),
        Figure(
            name=f"20 working days after, {sample_size:,} dates, scalar add_workdays loop",
            ours_s=scalar_s,
            baseline="chinese_calendar.find_workday loop",
            baseline_s=sample_s,
            target="≥ 100× faster",
            met=sample_s / scalar_s >= 100 and scalar_agree,
            note=f"same dates; answers equal: {scalar_agree}",
        ),
    ]


if __name__ == "__main__":
    main(run, __doc__)
