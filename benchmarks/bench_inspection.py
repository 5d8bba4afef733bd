"""Inspection statistics at province scale: the annex-2 table, yearly coverage, recording.

* Annex-2 summary of a million results from columns (``summarize_columns``) against a plain
  Python loop that applies :func:`annex2_column` and counts in dicts.
* Yearly coverage of a ten-million-subject registry by 300,000 inspected codes
  (``coverage``) against pandas (``isin`` on the code column, then counts per tier).
* Recording 2,000 results into a ledger in one batch (``record_results``) against recording
  them one at a time (each call copies the task's forms once).

Answers are checked equal to the baseline's.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Figure, alternating, main

from jointcheck.forms import FormTeam, InspectionForm
from jointcheck.model import (
    ANNEX2_COLUMNS,
    CheckItem,
    DateWindow,
    Department,
    Plan,
    ResultCategory,
    Subject,
    Task,
)
from jointcheck.population import Population
from jointcheck.records import PlanLedger, annex2_column, coverage, summarize_columns
from jointcheck.synthetic import synthetic_codes, synthetic_visits
from jointcheck.workdays import FixedCalendar

DEPARTMENTS = tuple(Department(id=f"d{i}", name=f"部门{i}") for i in range(4))
_CATEGORIES = tuple(ResultCategory)


def _codes(n: int) -> np.ndarray:
    """``n`` distinct valid credit codes (sorted), as ``U18``, from the library's simulator."""
    return np.sort(synthetic_codes(n, region="341322", seed=n).astype("U18"))


def _fast_codes(n: int) -> np.ndarray:
    """``n`` distinct codes of valid shape as ``S18`` without per-code Python work (the
    check character is not needed by coverage, which looks codes up)."""
    digits = np.char.zfill(np.arange(n).astype("U9"), 9).astype("S9")
    return np.char.add(np.char.add(b"91341322", digits), b"0").astype("S18")


def _result_columns(n: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    departments = np.array([d.id for d in DEPARTMENTS])[rng.integers(0, 4, n)]
    first = rng.integers(0, len(_CATEGORIES), n)
    second = rng.integers(0, len(_CATEGORIES), n)
    masks = (np.uint32(1) << first.astype(np.uint32)) | np.where(
        rng.random(n) < 0.3, np.uint32(1) << second.astype(np.uint32), 0
    ).astype(np.uint32)
    visits = rng.integers(2, 5, n)
    subjects = np.char.zfill(rng.integers(0, n, n).astype("U9"), 18)
    return departments, masks.astype(np.uint32), visits, subjects


def _python_summary(departments, masks, visits) -> dict[str, tuple[int, int, Counter[str]]]:
    table: dict[str, tuple[int, int, Counter[str]]] = {}
    for department, mask, went in zip(
        departments.tolist(), masks.tolist(), visits.tolist(), strict=True
    ):
        categories = [c for i, c in enumerate(_CATEGORIES) if mask >> i & 1]
        subjects, people, counts = table.get(department, (0, 0, Counter()))
        counts[annex2_column(categories)] += 1
        table[department] = (subjects + 1, people + went, counts)
    return table


def summary_figure(quick: bool) -> Figure:
    n = 100_000 if quick else 1_000_000
    rng = np.random.default_rng(2025)
    departments, masks, visits, subjects = _result_columns(n, rng)
    (ours_s, base_s), (ours, theirs) = alternating(
        [
            lambda: summarize_columns(
                departments, masks, visits, subjects, departments=DEPARTMENTS, title="汇总统计表"
            ),
            lambda: _python_summary(departments, masks, visits),
        ],
        rounds=3,
    )
    same = all(
        (row.subjects_inspected, row.inspector_visits, row.results.as_tuple())
        == (
            theirs[row.department_id][0],
            theirs[row.department_id][1],
            tuple(theirs[row.department_id][2][c] for c in ANNEX2_COLUMNS),
        )
        for row in ours.rows
    )
    return Figure(
        name=f"annex-2 summary of {n:,} results from columns",
        ours_s=ours_s,
        baseline="Python loop with annex2_column and dict counts",
        baseline_s=base_s,
        target="≥ 10× faster",
        met=base_s / ours_s >= 10 and same,
        note=f"answers equal: {same}",
    )


def coverage_figure(quick: bool) -> Figure:
    n = 1_000_000 if quick else 10_000_000
    m = 30_000 if quick else 300_000
    rng = np.random.default_rng(7)
    codes = _fast_codes(n)
    tiers = rng.integers(0, 5, n).astype(np.uint8)
    population = Population(
        codes=codes,
        tiers=tiers,
        kinds=np.zeros(n, dtype=np.uint8),
        statuses=np.zeros(n, dtype=np.uint8),
        jurisdictions=np.zeros(n, dtype=np.uint32),
        jurisdiction_labels=("341322",),
    )
    population.digest()  # computed once, as a Population caches it
    inspected = codes[rng.integers(0, n, m)].astype("U18")
    frame = pd.DataFrame({"code": codes.astype("U18"), "tier": tiers})

    def with_pandas() -> tuple[int, list[int]]:
        hit = frame["code"].isin(pd.unique(pd.Series(inspected)))
        per_tier = frame.loc[hit, "tier"].value_counts().reindex(range(5), fill_value=0)
        return int(hit.sum()), per_tier.tolist()

    (ours_s, base_s), (ours, theirs) = alternating(
        [lambda: coverage(population, inspected), with_pandas], rounds=3
    )
    same = (ours.inspected, [t.inspected for t in ours.by_tier]) == theirs
    return Figure(
        name=f"yearly coverage of a {n:,}-subject registry by {m:,} inspected codes",
        ours_s=ours_s,
        baseline="pandas isin + value_counts",
        baseline_s=base_s,
        target="≥ 5× faster",
        met=base_s / ours_s >= 5 and same,
        note=f"answers equal: {same}; share {float(ours.share):.4%}",
    )


def recording_figure(quick: bool) -> Figure:
    n = 500 if quick else 2_000
    items = (CheckItem(id="i", department_id="d0", name="登记事项检查"),)
    window = DateWindow(start=dt.date(2025, 4, 1), end=dt.date(2025, 10, 31))
    task = Task(id="t", name="抽查", check_items=items, sampling="100%", inspection=window)
    plan = Plan(
        id="p",
        name="计划",
        year=2025,
        initiator_id="d0",
        departments=DEPARTMENTS[:1],
        tasks=(task,),
    )
    team = [FormTeam.from_ids("d0", ["a", "b"])]
    codes = _codes(n).tolist()
    forms = [
        InspectionForm.build(plan, "t", Subject(code=c, name="某公司", jurisdiction="341322"), team)
        for c in codes
    ]
    ledger = PlanLedger.open(plan).add_forms("t", forms)
    calendar = FixedCalendar(dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    results = synthetic_visits(task, forms, calendar=calendar, seed="bench").results

    def one_by_one() -> PlanLedger:
        book = ledger
        for r in results:
            book = book.record_result(r)
        return book

    (ours_s, base_s), (ours, theirs) = alternating(
        [lambda: ledger.record_results(results), one_by_one], rounds=3
    )
    same = ours == theirs
    return Figure(
        name=f"recording {n:,} results into a ledger",
        ours_s=ours_s,
        baseline="record_result one at a time",
        baseline_s=base_s,
        target="≥ 5× faster",
        met=base_s / ours_s >= 5 and same,
        note=f"answers equal: {same}",
    )


def run(quick: bool) -> list[Figure]:
    return [summary_figure(quick), coverage_figure(quick), recording_figure(quick)]


if __name__ == "__main__":
    main(run, __doc__)
