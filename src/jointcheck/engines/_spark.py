"""The draw, its verification and the digest as Spark SQL over a Spark DataFrame."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import reduce
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from jointcheck.engines._common import (
    RegistryEngine,
    Summary,
    label_code,
    raise_bad_codes,
    sorted_labels,
    valid_code_sql,
)
from jointcheck.errors import InvalidInputError, MissingExtraError, PopulationError
from jointcheck.model import RiskTier
from jointcheck.population_digest import CHUNK_ROWS, PopulationDigest, digest_from_chunks

__all__ = ["SparkRegistry"]

_CHUNK_BITS = 14
"""Digest records travel to the driver in chunks of 2**14 consecutive rows."""


def _functions() -> Any:
    try:
        from pyspark.sql import functions
    except ImportError:
        raise MissingExtraError(module="pyspark", extra="spark") from None
    return functions


class SparkRegistry(RegistryEngine):
    """A registry held as a Spark DataFrame (e.g. ``spark.read.parquet(...)`` on a cluster).

    The tickets, the per-tier ranking and the sort for the digest run on the executors as
    Spark SQL (``sha2`` over ``unhex(key) || code``, a top-``k`` per tier); only the drawn
    codes and the 25-byte digest records, in code order, come back to the driver, which
    hashes them as they stream (``toLocalIterator``, one partition at a time). The
    :class:`~jointcheck.sampling.Draw` is identical to ``HashSampler().draw`` on the same
    rows, population digest included.

    Args:
        frame: The registry; columns as for :class:`DuckDBRegistry`.
        code: Column of 统一社会信用代码 / 注册号.
        tier: Column of tiers: any label :meth:`RiskTier.parse` reads, or codes 0-4.
        jurisdiction: Column of jurisdiction labels; ``None``: every row has ``""``.
        kind: Column of :class:`~jointcheck.model.SubjectKind` names or codes; ``None``:
            every row is an ENTERPRISE.
        status: Column of :class:`~jointcheck.model.OperatingStatus` names or codes;
            ``None``: every row is OPERATING.
        lenient_check_character: Accept codes whose check character is wrong.
    """

    def __init__(
        self,
        frame: Any,
        *,
        code: str = "code",
        tier: str = "tier",
        jurisdiction: str | None = "jurisdiction",
        kind: str | None = None,
        status: str | None = None,
        lenient_check_character: bool = False,
    ) -> None:
        functions = _functions()
        columns = {
            "code": code,
            "tier": tier,
            "jurisdiction": jurisdiction,
            "kind": kind,
            "status": status,
        }
        missing = [c for c in columns.values() if c is not None and c not in frame.columns]
        if missing:
            raise InvalidInputError(
                f"the DataFrame has no column(s) {missing}; columns: {frame.columns}",
                field="columns",
                value=missing,
            )
        self._f = functions
        self._spark = frame.sparkSession
        self._registry = frame.select(
            *[
                (
                    functions.col(column).cast("string")
                    if column is not None
                    else functions.lit(None).cast("string")
                ).alias(name)
                for name, column in columns.items()
            ]
        )
        self.lenient_check_character = lenient_check_character
        self._coded: Any = None

    def __repr__(self) -> str:
        return f"SparkRegistry({', '.join(self._registry.columns)})"

    def _summary(self) -> Summary:
        f = self._f
        registry = self._registry
        groups = (
            registry.groupBy("tier", "kind", "status", "jurisdiction")
            .agg(
                f.count(f.lit(1)).alias("count"),
                f.sum(f.col("code").isNull().cast("long")).alias("nulls"),
                f.sum((f.octet_length("code") > 18).cast("long")).alias("long"),
            )
            .collect()
        )
        nulls = sum(g["nulls"] or 0 for g in groups)
        long = sum(g["long"] or 0 for g in groups)
        if nulls or long:
            raise PopulationError(
                f"{nulls} row(s) have no code and {long} have a code longer than 18 bytes",
                rows=(),
                field="codes",
                value=None,
            )
        tiers: dict[RiskTier, int] = dict.fromkeys(RiskTier.in_code_order(), 0)
        codes: dict[str, dict[Any, int]] = {"tier": {}, "kind": {}, "status": {}}
        labels: set[str] = set()
        rows = 0
        for group in groups:
            for column in ("tier", "kind", "status"):
                label = group[column]
                if label not in codes[column]:
                    codes[column][label] = label_code(column, label)
            tiers[RiskTier.from_code(codes["tier"][group["tier"]])] += group["count"]
            labels.add(group["jurisdiction"] or "")
            rows += group["count"]
        summary = Summary(rows=rows, jurisdiction_labels=sorted_labels(labels), tiers=tiers)
        index = {label: i for i, label in enumerate(summary.jurisdiction_labels)}

        def coded(column: str, table: Mapping[Any, int]) -> Any:
            mapping = (
                f.create_map(
                    *[
                        f.lit(x)
                        for label, code in table.items()
                        if label is not None
                        for x in (label, code)
                    ]
                )
                if any(label is not None for label in table)
                else None
            )
            present = f.lit(table.get(None, 0)) if mapping is None else mapping[f.col(column)]
            return f.when(f.col(column).isNull(), f.lit(table.get(None, 0))).otherwise(present)

        self._coded = registry.select(
            "code",
            coded("tier", codes["tier"]).cast("int").alias("tier"),
            coded("kind", codes["kind"]).cast("int").alias("kind"),
            coded("status", codes["status"]).cast("int").alias("status"),
            coded(
                "jurisdiction",
                {**index, None: index.get("", 0)},
            )
            .cast("long")
            .alias("jurisdiction"),
        )
        return summary

    def _record_hex(self) -> Any:
        """The 25-byte digest record of a coded row (code, tier, kind, status, big-endian
        jurisdiction), as hex: one expression for both digest versions."""
        f = self._f

        def byte(column: str, width: int) -> Any:
            return f.unhex(f.lpad(f.hex(f.col(column)), 2 * width, "0"))

        return f.hex(
            f.concat(
                f.encode(f.rpad(f.col("code"), 18, "\x00"), "UTF-8"),
                byte("tier", 1),
                byte("kind", 1),
                byte("status", 1),
                byte("jurisdiction", 4),
            )
        )

    def _sorted_records(self, summary: Summary) -> Iterator[npt.NDArray[np.void]]:
        f = self._f

        # monotonically_increasing_id() numbers the sorted rows in code order (partition
        # index in the high bits); rows are gathered into chunks of 2**14 consecutive rows,
        # each joined on the executors into one hex string, so the driver receives a few
        # large values in code order instead of one object per subject.
        numbered = self._coded.orderBy("code").select(
            f.monotonically_increasing_id().alias("row"),
            self._record_hex().alias("record"),
        )
        chunks = (
            numbered.groupBy(f.shiftright("row", _CHUNK_BITS).alias("chunk"))
            .agg(f.array_sort(f.collect_list(f.struct("row", "record"))).alias("rows"))
            .select(
                "chunk", f.concat_ws("", f.transform("rows", lambda r: r["record"])).alias("hex")
            )
            .orderBy("chunk")
        )
        for row in chunks.toLocalIterator(prefetchPartitions=True):
            yield np.frombuffer(bytes.fromhex(row["hex"]), dtype=PopulationDigest.RECORD)

    def _digest(self, summary: Summary, version: int) -> str:
        if version == 1:
            return super()._digest(summary, version)
        f = self._f
        # The rows sorted by code, numbered 0..N-1 in that order without a single-partition
        # window: monotonically_increasing_id() counts within each sorted partition, and each
        # partition's offset (the rows of the partitions before it) comes from its size.
        ordered = (
            self._coded.orderBy("code")
            .select(
                "*",
                f.spark_partition_id().alias("part"),
                f.monotonically_increasing_id().alias("id"),
            )
            .persist()
        )
        try:
            sizes = sorted(
                (r["part"], r["rows"], r["first"])
                for r in ordered.groupBy("part")
                .agg(f.count(f.lit(1)).alias("rows"), f.min("id").alias("first"))
                .collect()
            )
            shift: dict[int, int] = {}
            offset = 0
            for part, rows, first in sizes:
                shift[part] = offset - first
                offset += rows
            start = (
                f.create_map(*[f.lit(x) for part, s in shift.items() for x in (part, s)])
                if shift
                else f.create_map(f.lit(0), f.lit(0))
            )

            valid = f.expr(
                valid_code_sql("code", lenient=self.lenient_check_character, regexp="regexp")
            )
            numbered = ordered.select(
                (f.col("id") + start[f.col("part")]).alias("row"),
                "code",
                (~valid).cast("long").alias("invalid"),
                self._record_hex().alias("record"),
            )
            # Each chunk's records, ordered by row, joined and hashed on the executors; the
            # driver gets 32 bytes, the chunk's first and last code and two counts per chunk.
            chunks = (
                numbered.groupBy(f.expr(f"row div {CHUNK_ROWS}").alias("chunk"))
                .agg(
                    f.array_sort(f.collect_list(f.struct("row", "code", "record"))).alias("rows"),
                    f.sum("invalid").alias("invalid"),
                )
                .select(
                    "chunk",
                    f.sha2(
                        f.unhex(f.concat_ws("", f.transform("rows", lambda r: r["record"]))), 256
                    ).alias("digest"),
                    f.col("rows")[0]["code"].alias("first"),
                    f.element_at("rows", -1)["code"].alias("last"),
                    (
                        f.size("rows")
                        - f.size(f.array_distinct(f.transform("rows", lambda r: r["code"])))
                    ).alias("repeated"),
                    "invalid",
                )
                .orderBy("chunk")
                .collect()
            )
            invalid = sum(c["invalid"] for c in chunks)
            # Equal codes are adjacent in code order: within a chunk, or across a boundary.
            repeated = sum(c["repeated"] for c in chunks) + sum(
                a["last"] == b["first"] for a, b in pairwise(chunks)
            )
            if invalid or repeated:
                raise_bad_codes(
                    invalid=invalid,
                    invalid_examples=[
                        r["code"]
                        for r in self._coded.filter(~valid).orderBy("code").limit(10).collect()
                    ],
                    repeated=repeated,
                    repeated_examples=[
                        r["code"]
                        for r in self._coded.groupBy("code")
                        .count()
                        .filter(f.col("count") > 1)
                        .orderBy("code")
                        .limit(5)
                        .collect()
                    ],
                    lenient=self.lenient_check_character,
                )
        finally:
            ordered.unpersist()
        return digest_from_chunks(
            rows=summary.rows,
            jurisdiction_labels=summary.jurisdiction_labels,
            chunk_digests=[bytes.fromhex(c["digest"]) for c in chunks],
        )

    def _excluded(self, codes: list[str]) -> Any:
        return self._f.broadcast(self._spark.createDataFrame([(c,) for c in codes], "code string"))

    def _excluded_by_tier(self, codes: list[str]) -> tuple[dict[RiskTier, int], list[str]]:
        self.summary()
        excluded = self._excluded(codes)
        missing = sorted(
            row[0] for row in excluded.join(self._registry, "code", "left_anti").collect()
        )
        counts = self._coded.join(excluded, "code", "left_semi").groupBy("tier").count()
        return {RiskTier.from_code(r["tier"]): r["count"] for r in counts.collect()}, missing

    def _ranked(
        self, key: bytes, wanted: Mapping[RiskTier, int], excluded: list[str]
    ) -> dict[RiskTier, tuple[str, ...]]:
        f = self._f
        self.summary()
        eligible = self._coded
        if excluded:
            eligible = eligible.join(self._excluded(excluded), "code", "left_anti")
        tickets = eligible.select(
            "code",
            "tier",
            f.sha2(f.concat(f.unhex(f.lit(key.hex())), f.encode("code", "UTF-8")), 256).alias(
                "ticket"
            ),
        )
        parts = [
            tickets.filter(f.col("tier") == tier.code)
            .orderBy("ticket", "code")
            .limit(k)
            .select("tier", "ticket", "code")
            for tier, k in wanted.items()
            if k > 0
        ]
        if not parts:
            return {}
        rows = reduce(lambda a, b: a.unionAll(b), parts).collect()
        ranked: dict[RiskTier, list[tuple[str, str]]] = {}
        for row in rows:
            ranked.setdefault(RiskTier.from_code(row["tier"]), []).append(
                (row["ticket"], row["code"])
            )
        return {tier: tuple(code for _, code in sorted(pairs)) for tier, pairs in ranked.items()}
