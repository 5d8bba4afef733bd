"""Building a province-scale Population: ours against pandas doing less work.

Ours validates every credit code (GB 32100-2015 checksum), rejects duplicates, sorts by code
and computes the digest. The baseline, pandas, only sorts by code and looks for duplicates.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Figure, best_of, main, peak_memory

from jointcheck import Population
from jointcheck.synthetic import synthetic_codes


def synthetic_registry(n: int, *, seed: int = 2023) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` distinct valid credit codes (unsorted), tier codes and 300 jurisdiction labels."""
    rng = np.random.default_rng(seed)
    tiers = rng.choice(5, size=n, p=[0.3, 0.4, 0.2, 0.07, 0.03]).astype(np.uint8)
    labels = np.array([f"城关{i:03d}所" for i in range(300)])
    return synthetic_codes(n, seed=seed), tiers, labels[rng.integers(0, 300, size=n)]


def run(quick: bool) -> list[Figure]:
    import pandas as pd

    n = 200_000 if quick else 10_000_000
    codes, tiers, jurisdictions = synthetic_registry(n)

    def ours() -> Population:
        pop = Population.from_arrays(codes, tiers, jurisdictions=jurisdictions)
        pop.digest()
        return pop

    def baseline() -> bool:
        frame = pd.DataFrame({"code": codes, "tier": tiers, "jurisdiction": jurisdictions})
        frame = frame.sort_values("code")
        return bool(frame["code"].duplicated().any())

    ours_s, pop = best_of(ours, repeat=1 if not quick else 3)
    base_s, _ = best_of(baseline, repeat=1 if not quick else 3)
    peak, _ = peak_memory(ours)
    return [
        Figure(
            name=f"Population build + digest, {n:,} subjects",
            ours_s=ours_s,
            baseline="pandas sort_values + duplicated (no code validation)",
            baseline_s=base_s,
            target="builds in seconds; peak memory well under 24 GB",
            met=ours_s < 60 and peak < 8 * 2**30,
            note=f"peak {peak / 2**20:,.0f} MiB; {len(pop):,} rows",
        )
    ]


if __name__ == "__main__":
    main(run, __doc__)
