"""Building and digesting a province-scale Population: today's build against the previous one.

Ours validates every credit code (GB 32100-2015 check character), rejects duplicates,
sorts by code through packed 64-bit keys and computes the digest in chunks. The baseline is
the previous build (a stable sort of 18-byte strings, ``np.unique`` on jurisdiction labels,
one full-size record array for the digest), kept verbatim in ``_baseline_population.py``;
both must give the same digest. Also measured: growth from a tenth of the size to the full
size (linear is the target) and the build's peak memory per subject beyond the caller's
arrays (tracemalloc, numpy included).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _baseline_population import Population as PreviousPopulation
from _harness import Figure, alternating, main, peak_memory

from jointcheck import Population
from jointcheck.synthetic import synthetic_codes


def synthetic_registry(n: int, *, seed: int = 2023) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` distinct valid credit codes (unsorted) from 20 county divisions, tier codes and
    300 jurisdiction labels."""
    rng = np.random.default_rng(seed)
    tiers = rng.choice(5, size=n, p=[0.3, 0.4, 0.2, 0.07, 0.03]).astype(np.uint8)
    labels = np.array([f"城关{i:03d}所" for i in range(300)])
    sizes = np.diff(np.linspace(0, n, 21).astype(np.int64))
    parts = [
        synthetic_codes(int(size), region=f"15{2201 + county:04d}", seed=seed + county)
        for county, size in enumerate(sizes)
    ]
    codes = np.concatenate(parts)[rng.permutation(n)]
    return codes, tiers, labels[rng.integers(0, 300, size=n)]


def run(quick: bool) -> list[Figure]:
    n = 200_000 if quick else 10_000_000
    rounds = 3
    codes, tiers, jurisdictions = synthetic_registry(n)

    def ours() -> str:
        return Population.from_arrays(codes, tiers, jurisdictions=jurisdictions).digest(version=1)

    def previous() -> str:
        return PreviousPopulation.from_arrays(codes, tiers, jurisdictions=jurisdictions).digest()

    (ours_s, previous_s), (digest, previous_digest) = alternating([ours, previous], rounds=rounds)
    small = n // 10
    small_codes, small_tiers, small_jurisdictions = (
        codes[:small],
        tiers[:small],
        jurisdictions[:small],
    )

    def ours_small() -> str:
        pop = Population.from_arrays(small_codes, small_tiers, jurisdictions=small_jurisdictions)
        return pop.digest()

    (small_s, full_s), _ = alternating([ours_small, ours], rounds=rounds)
    peak, _ = peak_memory(ours)
    per_subject = peak / n
    growth = full_s / (10 * small_s)
    return [
        Figure(
            name=f"Population build + digest, {n:,} unsorted subjects",
            ours_s=ours_s,
            baseline="the previous build (stable string sort, np.unique labels, one record array)",
            baseline_s=previous_s,
            target=">= 4× faster, the same digest, peak <= 40 bytes per subject",
            met=previous_s / ours_s >= 4 and digest == previous_digest and per_subject <= 40,
            note=f"same digest: {digest == previous_digest}; peak {per_subject:.1f} bytes per "
            f"subject beyond the caller's arrays ({peak / 2**20:,.0f} MiB)",
        ),
        Figure(
            name=f"Population build + digest, growth {small:,} -> {n:,}",
            ours_s=full_s,
            baseline=f"10 × the {small:,}-subject build (linear growth)",
            baseline_s=10 * small_s,
            target="within 1.3× of linear (ratio >= 0.77)",
            met=growth <= 1.3,
            note=f"{growth:.2f}× linear",
        ),
    ]


if __name__ == "__main__":
    main(run, __doc__)
