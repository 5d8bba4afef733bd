"""Run every benchmark and print one table of figures and ratios against their baselines.

Usage::

    python benchmarks/run.py                 # full sizes (minutes), a table for the terminal
    python benchmarks/run.py --quick         # small sizes, a smoke run (seconds)
    python benchmarks/run.py --markdown      # the same table as Markdown, for README and docs
    python benchmarks/run.py sampling        # only bench_sampling.py

Each ``bench_*.py`` module beside this file defines ``run(quick) -> list[Figure]``; ratios
compare with a baseline timed in the same process, so they travel between machines better
than seconds do. A benchmark that raises is reported (traceback on standard error, a row
saying so) and the others still run; the exit code is then 1.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import sys
import traceback
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _harness import Figure, load_average  # noqa: E402


@dataclass(frozen=True)
class Row:
    """One figure of one benchmark module, or the error that stopped the module."""

    area: str
    figure: Figure | None = None
    error: str = ""


def available() -> list[str]:
    """Names of the benchmark modules (``bench_<name>.py``), sorted."""
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def collect(quick: bool, only: Sequence[str] = ()) -> list[Row]:
    """Run the benchmarks named in ``only`` (all when empty), in name order."""
    rows: list[Row] = []
    for area in available():
        if only and area not in only:
            continue
        print(f"running bench_{area} ...", file=sys.stderr, flush=True)
        try:
            figures = importlib.import_module(f"bench_{area}").run(quick)
        except Exception as exc:  # one failing benchmark must not hide the others' figures
            traceback.print_exc()
            rows.append(Row(area, error=f"{type(exc).__name__}: {exc}"))
            continue
        rows.extend(Row(area, figure) for figure in figures)
    return rows


HEADER = ("area", "benchmark", "ours (s)", "baseline (s)", "ratio", "met")
_RIGHT = {2, 3, 4}  # numeric columns


def _seconds(value: float) -> str:
    """Three decimals, or two significant digits below 0.1 s (``0.00041``)."""
    return f"{value:.3f}" if value >= 0.1 else f"{value:.2g}"


def _cells(row: Row) -> tuple[list[str], list[tuple[str, str]]]:
    """The row's table cells, and its (label, text) details: baseline, target, note."""
    f = row.figure
    if f is None:
        return [row.area, "failed", "", "", "", ""], [("error", row.error)]
    cells = [
        row.area,
        f.name,
        _seconds(f.ours_s),
        _seconds(f.baseline_s),
        f"{f.ratio:,.1f}×",
        "yes" if f.met else "NO",
    ]
    details = [("baseline", f.baseline), ("target", f.target)]
    if f.note:
        details.append(("note", f.note))
    return cells, details


def markdown(rows: Sequence[Row]) -> str:
    """A Markdown table (numbers right-aligned), ready to paste into README or docs."""
    header = [*HEADER, "baseline", "target; note"]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---:" if i in _RIGHT else "---" for i in range(len(header))) + "|",
    ]
    for row in rows:
        cells, details = _cells(row)
        found = dict(details)
        cells.append(found.get("baseline", ""))
        cells.append("; ".join(text for label, text in details if label != "baseline"))
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text(rows: Sequence[Row]) -> str:
    """An aligned table for the terminal, each row's baseline, target and note below it."""
    table = [(list(HEADER), [])] + [_cells(row) for row in rows]
    widths = [max(_width(cells[i]) for cells, _ in table) for i in range(len(HEADER))]

    def line(cells: list[str]) -> str:
        padded = [
            " " * (w - _width(c)) + c if i in _RIGHT else c + " " * (w - _width(c))
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    lines = [line(table[0][0]), "  ".join("-" * w for w in widths)]
    for cells, details in table[1:]:
        lines.append(line(cells))
        lines.extend(f"      {label}: {text}" for label, text in details)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Run every benchmark and print one table of figures and ratios."
    )
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "only", nargs="*", metavar="NAME", help=f"benchmarks to run (default all: {available()})"
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.only) - set(available()))
    if unknown:
        parser.error(f"no benchmark named {unknown}; available: {available()}")
    before = load_average()
    rows = collect(args.quick, args.only)
    print(markdown(rows) if args.markdown else text(rows))
    print(
        f"\n{before} before the run, {load_average().removeprefix('load average ')} after · "
        f"{'quick' if args.quick else 'full'} sizes · Python {platform.python_version()} · "
        "ratio = baseline time / our time (above 1: ours is faster), both timed in this process"
    )
    return 1 if any(row.figure is None for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
