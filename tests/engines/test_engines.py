"""DuckDB and Spark give the in-memory Draw and digest byte for byte, and catch tampering."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings

from jointcheck.engines import DuckDBRegistry, SparkRegistry
from jointcheck.errors import InvalidInputError, PopulationError, UnknownLabelError
from jointcheck.model import OperatingStatus, RiskTier, SamplingRule, SubjectKind
from jointcheck.population import Population
from jointcheck.sampling import (
    Draw,
    DrawViolationKind,
    ExclusionReason,
    HashSampler,
    exclusion_from_mask,
)
from jointcheck.strategies import populations
from jointcheck.synthetic import synthetic_population

RULE = SamplingRule.parse("高风险100%、较高风险5%、中风险1%、低风险0.5%；无风险等级抽取3%")
TIER_NAMES = np.array([RiskTier.from_code(c).value for c in range(5)])


def _table(population: Population, *, shuffle: int | None = None) -> pa.Table:
    order = np.arange(len(population))
    if shuffle is not None:
        order = np.random.default_rng(shuffle).permutation(len(population))
    labels = np.array(population.jurisdiction_labels or ("",))
    return pa.table(
        {
            "code": population.codes.astype("U18")[order],
            "tier": TIER_NAMES[population.tiers][order],
            "jurisdiction": labels[population.jurisdictions][order],
            "kind": np.array([k.value for k in SubjectKind])[population.kinds][order],
            "status": np.array([s.value for s in OperatingStatus])[population.statuses][order],
        }
    )


def _exclusions(population: Population) -> list[Any]:
    rows = np.arange(len(population))
    return [
        exclusion_from_mask(population, rows % 89 == 3, reason=ExclusionReason.STATUS),
        exclusion_from_mask(population, rows % 97 == 0, reason=ExclusionReason.RECENTLY_INSPECTED),
    ]


@pytest.fixture(scope="module")
def million(tmp_path_factory: pytest.TempPathFactory) -> tuple[Population, Path, Draw]:
    population = synthetic_population(1_000_000, seed=14)
    path = tmp_path_factory.mktemp("registry") / "registry.parquet"
    pq.write_table(_table(population, shuffle=1), path)
    draw = HashSampler().draw(population, RULE, seed="engines-1m", exclude=_exclusions(population))
    return population, path, draw


def test_duckdb_draw_from_parquet_is_the_in_memory_draw(
    million: tuple[Population, Path, Draw],
) -> None:
    population, path, expected = million
    registry = DuckDBRegistry(path, kind="kind", status="status", threads=2)
    assert registry.digest() == population.digest()
    assert registry.digest(version=1) == population.digest(version=1)
    draw = registry.draw(RULE, seed="engines-1m", exclude=_exclusions(population))
    assert draw.model_dump_json() == expected.model_dump_json()
    assert registry.verify(draw) == []
    short = registry.draw(RULE, seed="engines-1m", exclude=expected.exclusions, waitlist=2)
    sampled = HashSampler().draw(
        population, RULE, seed="engines-1m", exclude=expected.exclusions, waitlist=2
    )
    assert short == sampled
    registry.close()


def test_spark_duckdb_and_in_memory_draws_are_byte_identical(
    spark: Any, million: tuple[Population, Path, Draw]
) -> None:
    population, path, expected = million
    registry = SparkRegistry(spark.read.parquet(str(path)), kind="kind", status="status")
    draw = registry.draw(RULE, seed="engines-1m", exclude=expected.exclusions)
    duck = DuckDBRegistry(path, kind="kind", status="status").draw(
        RULE, seed="engines-1m", exclude=expected.exclusions
    )
    assert draw.model_dump_json() == duck.model_dump_json() == expected.model_dump_json()
    assert draw.population_digest == population.digest()


def test_spark_reads_labels_legacy_codes_and_rejects_bad_ones(spark: Any, tmp_path: Path) -> None:
    population = _small()
    path = tmp_path / "small.parquet"
    pq.write_table(_table(population, shuffle=3), path)
    registry = SparkRegistry(spark.read.parquet(str(path)), kind="kind", status="status")
    draw = registry.draw(RULE, seed="small")
    assert draw == HashSampler().draw(population, RULE, seed="small")
    assert registry.verify(draw) == []
    tampered = draw.model_copy(update={"seed": "another seed"})
    assert DrawViolationKind.NOT_REPRODUCED in {v.kind for v in registry.verify(tampered)}
    bad = spark.createDataFrame([("91350200776049653B", "A")], "code string, tier string")
    with pytest.raises(PopulationError, match="check character"):
        SparkRegistry(bad, jurisdiction=None).digest()
    with pytest.raises(InvalidInputError, match="no column"):
        SparkRegistry(bad, jurisdiction="county")


def _small() -> Population:
    base = synthetic_population(3000, seed=2)
    names = {"152201": "乌兰浩特市", "152202": "阿尔山市", "152221": "突泉县"}
    counties = [names.get(j, j) for j in np.array(base.jurisdiction_labels)[base.jurisdictions]]
    codes = [*base.code_strings(), "152201600012345", "152201600012346"]
    n = len(codes)
    return Population.from_arrays(
        codes,
        [*base.tiers.tolist(), 4, 0],
        jurisdictions=[*counties, "", ""],
        kinds=[i % 6 for i in range(n)],
        statuses=[(i // 7) % 6 for i in range(n)],
    )


def test_duckdb_reads_a_csv_with_labels_and_legacy_codes(tmp_path: Path) -> None:
    population = _small()
    path = tmp_path / "registry.csv"
    pa_csv.write_csv(_table(population, shuffle=2), path)
    registry = DuckDBRegistry(path, kind="kind", status="status")
    assert registry.summary().rows == len(population)
    assert registry.summary().jurisdiction_labels == population.jurisdiction_labels
    assert registry.digest() == population.digest()
    exclude = _exclusions(population)
    assert registry.draw(RULE, seed="csv", exclude=exclude, waitlist=4) == HashSampler().draw(
        population, RULE, seed="csv", exclude=exclude, waitlist=4
    )


@given(populations(min_size=1, max_size=40))
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_duckdb_equals_in_memory_on_any_population(tmp_path: Path, population: Population) -> None:
    path = tmp_path / "any.parquet"
    pq.write_table(_table(population), path)
    registry = DuckDBRegistry(path, kind="kind", status="status")
    rule = SamplingRule.parse("50%")
    assert registry.draw(rule, seed="any") == HashSampler().draw(population, rule, seed="any")
    registry.close()


@pytest.fixture(scope="module")
def small_registry(tmp_path_factory: pytest.TempPathFactory) -> tuple[Population, Path]:
    population = _small()
    path = tmp_path_factory.mktemp("small") / "registry.parquet"
    pq.write_table(_table(population), path)
    return population, path


def test_verify_names_every_tamper(small_registry: tuple[Population, Path]) -> None:
    population, path = small_registry
    registry = DuckDBRegistry(path, kind="kind", status="status")
    draw = registry.draw(RULE, seed="tamper", exclude=_exclusions(population))
    assert registry.verify(draw) == []

    def kinds(changed: Draw) -> set[DrawViolationKind]:
        return {v.kind for v in registry.verify(changed)}

    assert DrawViolationKind.NOT_REPRODUCED in kinds(draw.model_copy(update={"seed": "x"}))
    assert kinds(draw.model_copy(update={"population_digest": "0" * 64})) == {
        DrawViolationKind.POPULATION_CHANGED
    }
    high = draw.stratum(RiskTier.LOW)
    swapped = high.model_copy(update={"waitlist": high.waitlist[::-1]})
    strata = tuple(swapped if s.tier is RiskTier.LOW else s for s in draw.strata)
    assert kinds(draw.model_copy(update={"strata": strata})) == {
        DrawViolationKind.WAITLIST_NOT_REPRODUCED
    }
    recount = tuple(
        s.model_copy(update={"population": s.population + 1}) if s.tier is RiskTier.LOW else s
        for s in draw.strata
    )
    assert DrawViolationKind.COUNTS_DIFFER in kinds(draw.model_copy(update={"strata": recount}))
    other = draw.model_copy(update={"rule": SamplingRule.parse("50%")})
    assert DrawViolationKind.QUOTAS_DIFFER in kinds(other)
    ghost = draw.exclusions[0].model_copy(update={"codes": ("91350200776049653A",)})
    assert DrawViolationKind.UNKNOWN_CODE in kinds(draw.model_copy(update={"exclusions": (ghost,)}))
    simulated = draw.model_copy(update={"algorithm": "numpy-generator-v1"})
    assert kinds(simulated) == {DrawViolationKind.UNKNOWN_ALGORITHM}


def test_bad_registries_and_arguments_raise(tmp_path: Path) -> None:
    def write(rows: list[tuple[str, str]], name: str = "r.parquet") -> Path:
        path = tmp_path / name
        pq.write_table(pa.table({"code": [r[0] for r in rows], "tier": [r[1] for r in rows]}), path)
        return path

    good = "91350200776049653A"
    with pytest.raises(PopulationError, match="check character"):
        DuckDBRegistry(write([("91350200776049653B", "A")]), jurisdiction=None).digest()
    with pytest.raises(PopulationError, match="duplicate"):
        DuckDBRegistry(write([(good, "A"), (good, "B")]), jurisdiction=None).digest()
    with pytest.raises(PopulationError, match="longer than 18"):
        DuckDBRegistry(write([(good + "X", "A")]), jurisdiction=None).digest()
    with pytest.raises(UnknownLabelError, match="极高"):
        DuckDBRegistry(write([(good, "极高")]), jurisdiction=None).summary()
    with pytest.raises(InvalidInputError, match="no column"):
        DuckDBRegistry(write([(good, "A")]))
    with pytest.raises(InvalidInputError, match=r"\.parquet or \.csv"):
        DuckDBRegistry(tmp_path / "registry.xlsx")
    with pytest.raises(InvalidInputError, match="cannot be read"):
        DuckDBRegistry(tmp_path / "missing.parquet")
    with pytest.raises(InvalidInputError, match="threads"):
        DuckDBRegistry(write([(good, "A")]), jurisdiction=None, threads=0)
    registry = DuckDBRegistry(write([(good, "A")]), jurisdiction=None)
    with pytest.raises(InvalidInputError, match="seed"):
        registry.draw(RULE, seed=" padded ")
    with pytest.raises(InvalidInputError, match="waitlist"):
        registry.draw(RULE, seed="s", waitlist=-1)
    population = Population.from_arrays(["91440101MA5CJQ4N59"], ["A"])
    elsewhere = exclusion_from_mask(population, [True], reason=ExclusionReason.OTHER, detail="x")
    with pytest.raises(InvalidInputError, match="not in the population"):
        registry.draw(RULE, seed="s", exclude=[elsewhere])
    with pytest.raises(InvalidInputError, match="SubjectExclusion"):
        registry.draw(RULE, seed="s", exclude=["91440101MA5CJQ4N59"])  # type: ignore[list-item]
