"""A province's draw straight from its registry file, with DuckDB, checked against memory.

The registry export (one row per market subject: code, tier, jurisdiction) is written as
Parquet; ``DuckDBRegistry`` computes its population digest, draws the Xing'an ratios
(兴市监办字〔2023〕61号) and verifies the draw without loading the file into a
``Population``; the same rows loaded in memory give the identical ``Draw``.

Run: ``python examples/registry_file_draw.py [N]`` (default 200,000 subjects).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from jointcheck.engines import DuckDBRegistry
from jointcheck.model import RiskTier, SamplingRule
from jointcheck.population import Population
from jointcheck.sampling import Draw, HashSampler
from jointcheck.synthetic import synthetic_population

XINGAN = SamplingRule.parse(
    "高风险企业抽取比例不低于10%、较高风险企业不低于5%、中风险企业不低于1%、低风险企业不低于0.5%"
    "；无风险等级抽取30%"
)


def export(population: Population, path: Path) -> None:
    """The registry as its owner would export it: labels, in no particular order."""
    order = np.random.default_rng(1).permutation(len(population))
    tiers = np.array([RiskTier.from_code(c).value for c in range(5)])
    places = np.array(population.jurisdiction_labels)
    table = pa.table(
        {
            "code": population.codes.astype("U18")[order],
            "tier": tiers[population.tiers][order],
            "jurisdiction": places[population.jurisdictions][order],
        }
    )
    pq.write_table(table, path)


def main(n: int = 200_000) -> Draw:
    population = synthetic_population(n, seed=2023)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "registry.parquet"
        export(population, path)
        registry = DuckDBRegistry(path)
        print(f"registry {path.name}: {registry.summary().rows:,} subjects")
        print(f"population digest {registry.digest()}")
        draw = registry.draw(XINGAN, seed="2023-03-03")
        print(f"drawn {len(draw.selected):,}; violations on verify: {registry.verify(draw)}")
        registry.close()
    in_memory = HashSampler().draw(population, XINGAN, seed="2023-03-03")
    print(f"identical to the in-memory draw: {draw == in_memory}")
    return draw


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
