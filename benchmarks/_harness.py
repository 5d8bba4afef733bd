"""Shared helpers for the benchmarks: time a callable, measure peak memory, report a ratio.

Every benchmark module ``bench_*.py`` defines ``run(quick: bool) -> list[Figure]``; the
figures compare our code with a baseline timed in the same process, so a slower or faster
machine changes both sides alike. Each figure is the median of several rounds in which ours
and the baseline run alternately (:func:`alternating`), so load from other work on a shared
machine falls on both sides; the load average is printed beside the figures
(:func:`load_average`). ``quick=True`` shrinks the sizes for a smoke run.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

__all__ = ["Figure", "alternating", "load_average", "main", "peak_memory"]


@dataclass(frozen=True)
class Figure:
    """One line of the benchmark table.

    ``ratio`` is baseline time / our time (above 1 means we are faster); ``target`` states
    what the ratio or figure should reach, in words, and ``met`` whether it did.
    """

    name: str
    ours_s: float
    baseline: str
    baseline_s: float
    target: str
    met: bool
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.baseline_s / self.ours_s if self.ours_s > 0 else float("inf")


def alternating(
    functions: Sequence[Callable[[], object]], *, rounds: int
) -> tuple[list[float], list[object]]:
    """Median wall time of each function over ``rounds`` rounds, the functions timed in turn
    within each round (ours, baseline, ours, baseline, …), and each one's last result.

    A function's previous result is released before it runs again, so that no run pays the
    garbage collector for walking what an earlier run left behind."""
    times: list[list[float]] = [[] for _ in functions]
    results: list[object] = [None] * len(functions)
    for _ in range(rounds):
        for i, function in enumerate(functions):
            results[i] = None
            gc.collect()
            start = time.perf_counter()
            results[i] = function()
            times[i].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times], results


def load_average() -> str:
    """The machine's 1, 5 and 15-minute load averages and its cores, for the table."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # pragma: no cover - not on Unix
        return "load average unavailable"
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def peak_memory(fn: Callable[[], T]) -> tuple[int, T]:
    """Peak bytes allocated through Python's allocators (numpy included) while ``fn`` runs."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, result


def main(run: Callable[[bool], list[Figure]], description: str | None) -> None:
    """Command line of one ``bench_*.py`` module: parse ``--quick``, run, print each figure."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    quick = parser.parse_args().quick
    print(f"before: {load_average()}")
    for figure in run(quick):
        print(
            f"{figure.name}: {figure.ours_s:.4f} s, baseline {figure.baseline_s:.3f} s "
            f"({figure.baseline}), ratio {figure.ratio:,.1f}x, target {figure.target}: "
            f"{'met' if figure.met else 'NOT MET'}" + (f"; {figure.note}" if figure.note else "")
        )
    print(f"after: {load_average()}")
