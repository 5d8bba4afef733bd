"""The draw, its verification and the digest on DuckDB, straight from a Parquet or CSV file."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from jointcheck.engines._common import (
    RegistryEngine,
    Summary,
    arrow_codes,
    label_code,
    sorted_labels,
)
from jointcheck.errors import InvalidInputError, MissingExtraError
from jointcheck.model import RiskTier
from jointcheck.population_digest import PopulationDigest

__all__ = ["DuckDBRegistry"]

_BATCH = 1 << 20
"""Rows per batch streamed to the digest (about 60 MB of Arrow data)."""


def _duckdb() -> Any:
    try:
        import duckdb
        import pyarrow  # noqa: F401  (DuckDB hands Arrow tables over)
    except ImportError:
        raise MissingExtraError(module="duckdb", extra="duckdb") from None
    return duckdb


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class DuckDBRegistry(RegistryEngine):
    """A registry file (Parquet or CSV) that DuckDB reads in place, never whole in memory.

    ``draw``, ``verify`` and ``digest`` give exactly what ``HashSampler().draw``,
    ``verify_draw`` and ``Population.digest()`` give on the same rows loaded as a
    :class:`~jointcheck.population.Population`; DuckDB sorts and hashes on every core and
    spills to disk beyond ``memory_limit``.

    Args:
        source: A ``.parquet`` file (or a glob of them) or a ``.csv`` file with a header.
        code: Column of 统一社会信用代码 / 注册号.
        tier: Column of tiers: any label :meth:`RiskTier.parse` reads, or codes 0-4.
        jurisdiction: Column of jurisdiction labels; ``None``: every row has ``""``.
        kind: Column of :class:`~jointcheck.model.SubjectKind` names or codes; ``None``:
            every row is an ENTERPRISE.
        status: Column of :class:`~jointcheck.model.OperatingStatus` names or codes;
            ``None``: every row is OPERATING.
        lenient_check_character: Accept codes whose check character is wrong.
        threads: DuckDB worker threads; ``None``: every core.
        memory_limit: DuckDB's memory limit, e.g. ``"4GB"``; ``None``: DuckDB's default
            (80% of RAM).

    A draw from a file, verified::

        registry = DuckDBRegistry("registry.parquet", memory_limit="8GB")
        draw = registry.draw(SamplingRule.parse("10%"), seed=seed)
        assert registry.verify(draw) == []
    """

    def __init__(
        self,
        source: str | os.PathLike[str],
        *,
        code: str = "code",
        tier: str = "tier",
        jurisdiction: str | None = "jurisdiction",
        kind: str | None = None,
        status: str | None = None,
        lenient_check_character: bool = False,
        threads: int | None = None,
        memory_limit: str | None = None,
    ) -> None:
        duckdb = _duckdb()
        path = os.fspath(source)
        suffix = Path(path).suffix.lower()
        if suffix == ".parquet":
            reader = f"read_parquet({_literal(path)})"
        elif suffix in (".csv", ".tsv", ".txt"):
            reader = f"read_csv({_literal(path)}, header = true, all_varchar = true)"
        else:
            raise InvalidInputError(
                f"source {path!r} must be a .parquet or .csv file",
                field="source",
                value=path,
            )
        if threads is not None and (isinstance(threads, bool) or threads < 1):
            raise InvalidInputError(
                f"threads={threads!r} must be >= 1 or None", field="threads", value=threads
            )
        config: dict[str, Any] = {}
        if threads is not None:
            config["threads"] = threads
        if memory_limit is not None:
            config["memory_limit"] = memory_limit
        self.source = path
        self.lenient_check_character = lenient_check_character
        self._connection = duckdb.connect(config=config)
        columns = {
            "code": code,
            "tier": tier,
            "jurisdiction": jurisdiction,
            "kind": kind,
            "status": status,
        }
        try:
            present = [
                row[0]
                for row in self._connection.sql(f"DESCRIBE SELECT * FROM {reader}").fetchall()
            ]
        except duckdb.Error as exc:
            raise InvalidInputError(
                f"source {path!r} cannot be read: {exc}", field="source", value=path
            ) from None
        missing = [c for c in columns.values() if c is not None and c not in present]
        if missing:
            raise InvalidInputError(
                f"source {path!r} has no column(s) {missing}; columns: {present}",
                field="columns",
                value=missing,
            )
        selected = ", ".join(
            f"CAST({_identifier(column)} AS VARCHAR) AS {name}"
            if column is not None
            else f"CAST(NULL AS VARCHAR) AS {name}"
            for name, column in columns.items()
        )
        self._connection.execute(f"CREATE TEMP VIEW registry AS SELECT {selected} FROM {reader}")

    def __repr__(self) -> str:
        return f"DuckDBRegistry({self.source!r})"

    def close(self) -> None:
        """Close the DuckDB connection."""
        self._connection.close()

    def _summary(self) -> Summary:
        groups = self._connection.sql(
            "SELECT tier, kind, status, jurisdiction, count(*) FROM registry GROUP BY ALL"
        ).fetchall()
        tiers: dict[RiskTier, int] = dict.fromkeys(RiskTier.in_code_order(), 0)
        codes: dict[str, dict[Any, int]] = {"tier": {}, "kind": {}, "status": {}}
        labels: set[str] = set()
        rows = 0
        for tier, kind, status, jurisdiction, count in groups:
            for column, label in (("tier", tier), ("kind", kind), ("status", status)):
                if label not in codes[column]:
                    codes[column][label] = label_code(column, label)
            tiers[RiskTier.from_code(codes["tier"][tier])] += count
            labels.add("" if jurisdiction is None else jurisdiction)
            rows += count
        summary = Summary(rows=rows, jurisdiction_labels=sorted_labels(labels), tiers=tiers)
        for column in ("tier", "kind", "status"):
            self._connection.execute(
                f"CREATE OR REPLACE TEMP TABLE {column}_codes (label VARCHAR, code UTINYINT)"
            )
            if codes[column]:
                self._connection.execute(
                    f"INSERT INTO {column}_codes SELECT unnest(?::VARCHAR[]), unnest(?::UTINYINT[])",
                    [list(codes[column]), list(codes[column].values())],
                )
        self._connection.execute(
            "CREATE OR REPLACE TEMP TABLE jurisdiction_index (label VARCHAR, idx UINTEGER)"
        )
        self._connection.execute(
            "INSERT INTO jurisdiction_index SELECT unnest(?::VARCHAR[]), unnest(?::UINTEGER[])",
            [list(summary.jurisdiction_labels), list(range(len(summary.jurisdiction_labels)))],
        )
        self._connection.execute(
            """CREATE OR REPLACE TEMP VIEW coded AS
            SELECT r.code, t.code AS tier, k.code AS kind, s.code AS status, j.idx AS jurisdiction
            FROM registry r
            JOIN tier_codes t ON r.tier IS NOT DISTINCT FROM t.label
            JOIN kind_codes k ON r.kind IS NOT DISTINCT FROM k.label
            JOIN status_codes s ON r.status IS NOT DISTINCT FROM s.label
            JOIN jurisdiction_index j ON coalesce(r.jurisdiction, '') = j.label"""
        )
        return summary

    def _sorted_records(self, summary: Summary) -> Iterator[npt.NDArray[np.void]]:
        # Materialised first: DuckDB sorts a table several times faster than the scan and
        # joins behind the ``coded`` view (and spills it to disk beyond memory_limit).
        connection = self._connection
        connection.execute("CREATE OR REPLACE TEMP TABLE digest_rows AS SELECT * FROM coded")
        reader = connection.sql(
            "SELECT code, tier, kind, status, jurisdiction FROM digest_rows ORDER BY code"
        ).to_arrow_reader(_BATCH)
        try:
            for batch in reader:
                records = np.empty(batch.num_rows, dtype=PopulationDigest.RECORD)
                records["code"] = arrow_codes(batch.column(0))
                for index, name in enumerate(("tier", "kind", "status", "jurisdiction"), 1):
                    records[name] = batch.column(index).to_numpy()
                yield records
        finally:
            reader.close()
            connection.execute("DROP TABLE IF EXISTS digest_rows")

    def _with_excluded(self, codes: list[str]) -> None:
        self._connection.execute("CREATE OR REPLACE TEMP TABLE excluded (code VARCHAR)")
        self._connection.execute("INSERT INTO excluded SELECT unnest(?::VARCHAR[])", [codes])

    def _excluded_by_tier(self, codes: list[str]) -> tuple[dict[RiskTier, int], list[str]]:
        self.summary()
        self._with_excluded(codes)
        missing = [
            row[0]
            for row in self._connection.sql(
                "SELECT code FROM excluded ANTI JOIN registry USING (code) ORDER BY code"
            ).fetchall()
        ]
        counts = self._connection.sql(
            "SELECT tier, count(*) FROM coded SEMI JOIN excluded USING (code) GROUP BY tier"
        ).fetchall()
        return {RiskTier.from_code(t): n for t, n in counts}, missing

    def _ranked(
        self, key: bytes, wanted: Mapping[RiskTier, int], excluded: list[str]
    ) -> dict[RiskTier, tuple[str, ...]]:
        self.summary()
        self._with_excluded(excluded)
        self._connection.execute("CREATE OR REPLACE TEMP TABLE wanted (tier UTINYINT, k INTEGER)")
        self._connection.execute(
            "INSERT INTO wanted SELECT unnest(?::UTINYINT[]), unnest(?::INTEGER[])",
            [[t.code for t in wanted], list(wanted.values())],
        )
        rows = self._connection.sql(
            f"""SELECT tier, min_by(code, sha256(unhex('{key.hex()}') || encode(code)) || code, k)
            FROM coded ANTI JOIN excluded USING (code) JOIN wanted USING (tier)
            WHERE k > 0
            GROUP BY tier, k"""
        ).fetchall()
        return {RiskTier.from_code(tier): tuple(codes) for tier, codes in rows}
