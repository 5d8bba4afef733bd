"""Run every benchmark and print one table of figures and ratios against their baselines.

Usage: ``python benchmarks/run.py`` (full sizes) or ``python benchmarks/run.py --quick``.
Each ``bench_*.py`` module beside this file defines ``run(quick) -> list[Figure]``; ratios
compare with a baseline timed in the same process, so they travel between machines better
than seconds do.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _harness import Figure  # noqa: E402


def collect(quick: bool, only: list[str]) -> list[Figure]:
    figures: list[Figure] = []
    for path in sorted(HERE.glob("bench_*.py")):
        if only and path.stem.removeprefix("bench_") not in only:
            continue
        module = importlib.import_module(path.stem)
        print(f"running {path.stem} ...", file=sys.stderr, flush=True)
        figures.extend(module.run(quick))
    return figures


def table(figures: list[Figure]) -> str:
    lines = [
        "| benchmark | ours (s) | baseline | baseline (s) | ratio | target | met | note |",
        "|---|---:|---|---:|---:|---|---|---|",
    ]
    for f in figures:
        lines.append(
            f"| {f.name} | {f.ours_s:.3f} | {f.baseline} | {f.baseline_s:.3f} | "
            f"{f.ratio:,.1f}× | {f.target} | {'yes' if f.met else 'NO'} | {f.note} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("only", nargs="*", help="benchmark names, e.g. population sampling")
    args = parser.parse_args()
    print(table(collect(args.quick, args.only)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
