"""Reading a registry CSV (检查对象名录库) with ``jointcheck.io.read_registry``.

* An unquoted export (the usual one) read column by column with numpy, against Python's
  :mod:`csv` module feeding ``Population.from_arrays`` (the obvious hand-written reader).
* The same registry with every field quoted (quotes that enclose whole fields: read by the
  same columnar path, the quotes left out), against the same baseline. A file with commas or
  quotes inside quoted fields still goes through :mod:`csv` first.

Both readers make the same checks (every code, every label); answers are checked equal by the
population digest.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Figure, alternating, main

from jointcheck.io import read_registry
from jointcheck.model import RiskTier
from jointcheck.population import Population
from jointcheck.synthetic import synthetic_population

_LABELS = [tier.label for tier in RiskTier.in_code_order()]


def _csv(population: Population, *, quoted: bool) -> bytes:
    q = '"' if quoted else ""
    places = population.jurisdiction_labels
    rows = ["code,tier,jurisdiction"]
    rows.extend(
        f"{q}{code}{q},{q}{_LABELS[tier]}{q},{q}{places[place]}{q}"
        for code, tier, place in zip(
            population.code_strings(),
            population.tiers.tolist(),
            population.jurisdictions.tolist(),
            strict=True,
        )
    )
    return ("\n".join(rows) + "\n").encode("utf-8")


def _with_csv_module(data: bytes) -> Population:
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    next(reader)
    codes, tiers, places = [], [], []
    for code, tier, place in reader:
        codes.append(code)
        tiers.append(tier)
        places.append(place)
    return Population.from_arrays(codes, tiers, jurisdictions=places)


def run(quick: bool) -> list[Figure]:
    n = 100_000 if quick else 1_000_000
    jurisdictions = tuple(f"{152201 + k}" for k in range(60))
    population = synthetic_population(n, seed=2025, jurisdictions=jurisdictions)
    figures = []
    for quoted in (False, True):
        data = _csv(population, quoted=quoted)
        (ours_s, base_s), (ours, theirs) = alternating(
            [
                lambda data=data: read_registry(data, name="registry.csv"),
                lambda data=data: _with_csv_module(data),
            ],
            rounds=3,
        )
        assert isinstance(ours, Population)
        assert isinstance(theirs, Population)
        same = ours.digest() == theirs.digest() == population.digest()
        kind = "quoted" if quoted else "unquoted"
        target = "not slower than the csv module" if quoted else "≥ 1.5× faster"
        figures.append(
            Figure(
                name=f"read a {n:,}-row registry CSV ({kind}, {len(data) / 2**20:.0f} MiB)",
                ours_s=ours_s,
                baseline="csv module + Population.from_arrays",
                baseline_s=base_s,
                target=target,
                met=same and (base_s / ours_s >= (1 if quoted else 1.5)),
                note=f"answers equal: {same}",
            )
        )
    return figures


if __name__ == "__main__":
    main(run, __doc__)
