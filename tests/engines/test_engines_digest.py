"""The population digest on DuckDB and Spark: both versions, chunk boundaries, code checks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck import population_digest
from jointcheck._internal.credit_code import CHARSET
from jointcheck.engines import DuckDBRegistry, SparkRegistry
from jointcheck.engines import _spark as spark_engine
from jointcheck.engines._common import valid_code_sql
from jointcheck.errors import JointcheckError, PopulationError
from jointcheck.model import SamplingRule
from jointcheck.population import Population
from jointcheck.population_digest import digest_from_chunks
from jointcheck.sampling import DrawViolationKind, HashSampler
from jointcheck.strategies import credit_codes, subject_codes

from .test_engines import _small, _table

SPEC = Path(__file__).resolve().parents[2] / "docs" / "draw-specification.md"
RULE = SamplingRule.parse("10%")


def _accepted(code: str, *, lenient: bool) -> bool:
    try:
        Population.from_arrays([code], [0], lenient_check_character=lenient)
    except JointcheckError:
        return False
    return True


def _mutated(code: str, position: int, char: str) -> str:
    return code[:position] + char + code[position + 1 :]


CODES = st.one_of(
    subject_codes(),
    st.builds(
        _mutated,
        credit_codes(),
        st.integers(0, 17),
        st.sampled_from([*CHARSET, "I", "O", "Z", "a", "中", " "]),
    ),
    st.text(f"{CHARSET}IOSVZa中 ", max_size=20),
    st.text("0123456789", min_size=13, max_size=19),
)


@settings(max_examples=150, deadline=None)
@given(codes=st.lists(CODES, min_size=1, max_size=30), lenient=st.booleans())
def test_the_sql_code_check_is_the_in_memory_check(codes: list[str], lenient: bool) -> None:
    connection = duckdb.connect()
    for regexp in ("regexp_full_match", "regexp_matches"):  # the anchored form is Spark's
        condition = valid_code_sql("code", lenient=lenient, regexp=regexp)
        found = connection.execute(
            f"SELECT {condition} FROM (SELECT unnest(?::VARCHAR[]) AS code, "
            "generate_subscripts(?::VARCHAR[], 1) AS i) ORDER BY i",
            [codes, codes],
        ).fetchall()
        assert [row[0] for row in found] == [_accepted(c, lenient=lenient) for c in codes]
    assert connection.execute(f"SELECT {condition} FROM (SELECT NULL AS code)").fetchone() == (
        False,
    )


def test_the_specification_sql_gives_the_digest(tmp_path: Path) -> None:
    text = SPEC.read_text("utf-8")
    match = re.search(r"<!-- population-digest-sql -->\s*```sql\n(.*?)\n```", text, re.S)
    assert match
    population = _small()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(population_digest, "CHUNK_ROWS", 1000)  # several chunks of 3,002 rows
        expected = Population.from_arrays(
            population.codes,
            population.tiers,
            kinds=population.kinds,
            statuses=population.statuses,
            jurisdictions=np.array(population.jurisdiction_labels)[population.jurisdictions],
        ).digest()
        connection = duckdb.connect()
        connection.register(
            "registry",
            pa.table(
                {
                    "code": population.code_strings(),
                    "tier": population.tiers,
                    "kind": population.kinds,
                    "status": population.statuses,
                    "jurisdiction": population.jurisdictions,
                }
            ),
        )
        chunks = connection.execute(match.group(1).replace("65536", "1000")).fetchall()
        assert [row[0] for row in chunks] == [0, 1, 2, 3]
        digest = digest_from_chunks(
            rows=len(population),
            jurisdiction_labels=population.jurisdiction_labels,
            chunk_digests=[bytes.fromhex(row[1]) for row in chunks],
        )
    assert digest == expected != population.digest()


def test_duckdb_both_versions_and_a_version_1_draw(tmp_path: Path) -> None:
    population = _small()
    path = tmp_path / "registry.parquet"
    pq.write_table(_table(population, shuffle=5), path)
    registry = DuckDBRegistry(path, kind="kind", status="status")
    assert registry.digest() == registry.digest(version=2) == population.digest()
    assert registry.digest(version=1) == population.digest(version=1)
    draw = registry.draw(RULE, seed="v1")
    assert draw.population_digest_version == 2
    old = draw.model_copy(
        update={"population_digest": population.digest(version=1), "population_digest_version": 1}
    )
    assert registry.verify(old) == registry.verify(draw) == []
    relabelled = old.model_copy(update={"population_digest_version": 2})
    assert {v.kind for v in registry.verify(relabelled)} == {DrawViolationKind.POPULATION_CHANGED}
    registry.close()


def _spark_registry(spark: Any, rows: list[tuple[str, str]]) -> SparkRegistry:
    frame = spark.createDataFrame(rows, "code string, tier string").repartition(3)
    return SparkRegistry(frame, jurisdiction=None)


def test_spark_chunks_cross_partitions_and_boundaries(spark: Any, tmp_path: Path) -> None:
    population = _small()
    path = tmp_path / "small.parquet"
    pq.write_table(_table(population, shuffle=4), path)
    frame = spark.read.parquet(str(path)).repartition(5)
    registry = SparkRegistry(frame, kind="kind", status="status")
    assert registry.digest(version=1) == population.digest(version=1)
    assert registry.digest() == population.digest()
    with pytest.MonkeyPatch.context() as patch:
        for chunk in (1, 1000):  # every row its own chunk; chunks across partitions
            patch.setattr(population_digest, "CHUNK_ROWS", chunk)
            patch.setattr(spark_engine, "CHUNK_ROWS", chunk)
            again = SparkRegistry(frame, kind="kind", status="status")
            expected = Population.from_arrays(
                population.codes,
                population.tiers,
                kinds=population.kinds,
                statuses=population.statuses,
                jurisdictions=np.array(population.jurisdiction_labels)[population.jurisdictions],
            ).digest()
            assert again.digest() == expected
    draw = registry.draw(RULE, seed="spark")
    assert draw == HashSampler().draw(population, RULE, seed="spark")


def test_spark_finds_bad_and_repeated_codes_in_sql(spark: Any) -> None:
    good = ["91350200776049653A", "91350503MA31DKY80A", "152201600012345"]
    assert (
        _spark_registry(spark, [(c, "A") for c in good]).digest()
        == Population.from_arrays(good, ["A"] * 3).digest()
    )
    bad = "91350200776049653B"
    with pytest.raises(PopulationError, match=r"1 code.* invalid.*check character"):
        _spark_registry(spark, [(bad, "A"), *((c, "A") for c in good)]).digest()
    lenient = _spark_registry(spark, [(bad, "A")])
    lenient.lenient_check_character = True
    assert (
        lenient.digest()
        == Population.from_arrays([bad], ["A"], lenient_check_character=True).digest()
    )
    with pytest.raises(PopulationError, match=r"duplicate.*91350503MA31DKY80A"):
        _spark_registry(spark, [(c, "A") for c in [*good, good[1]]]).digest()
    with pytest.MonkeyPatch.context() as patch:
        # Two equal codes either side of a chunk boundary (chunks of 3 rows: the sorted
        # codes are 152201600012345, 913502…, 913505… | 913505…).
        patch.setattr(spark_engine, "CHUNK_ROWS", 3)
        with pytest.raises(PopulationError, match=r"1 duplicate"):
            _spark_registry(spark, [(c, "A") for c in [*good, good[1]]]).digest()
