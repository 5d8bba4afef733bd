"""The draw, its verification and the population digest on DuckDB and Apache Spark.

For registries too large for memory (a national registry holds about 190 million market
subjects), an engine reads the registry where it lies: :class:`DuckDBRegistry` a Parquet or
CSV file on one machine, :class:`SparkRegistry` a Spark DataFrame on a cluster. Each gives
the same :class:`~jointcheck.sampling.Draw` as ``HashSampler().draw`` on the same rows loaded
as a :class:`~jointcheck.population.Population`, population digest included, and
``verify`` recomputes a draw. Both are optional extras (``duckdb``, ``spark``); this package
imports neither until an engine is built.
"""

from jointcheck.engines._common import RegistryEngine, Summary
from jointcheck.engines._duckdb import DuckDBRegistry
from jointcheck.engines._spark import SparkRegistry

__all__ = ["DuckDBRegistry", "RegistryEngine", "SparkRegistry", "Summary"]
