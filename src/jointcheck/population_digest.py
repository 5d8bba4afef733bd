"""The population digest (名录库摘要): the SHA-256 a draw is bound to, in its two versions.

Both versions hash the same header and the same 25-byte record per row, rows in ascending
byte order of the code. The header is::

    b"jointcheck-population-v<version>\\n"
    b"rows=<N>\\n"
    b"jurisdictions=<M>\\n"
    <each jurisdiction label, UTF-8, followed by b"\\n", sorted by their UTF-8 bytes>

and a record is::

    code          18 bytes  ASCII, a 15-digit 注册号 padded with NUL bytes
    tier           1 byte   RiskTier.code   (UNRATED 0, LOW 1, MEDIUM 2, HIGHER 3, HIGH 4)
    kind           1 byte   SubjectKind.code (ENTERPRISE 0 … OTHER 5, declaration order)
    status         1 byte   OperatingStatus.code (OPERATING 0 … MOVED_OUT 5)
    jurisdiction   4 bytes  big-endian index into the sorted label list above

* **Version 1** (``jointcheck-population-v1``) is one SHA-256 over the header and then every
  record: a serial chain, so an engine must bring every row, in order, to one hasher.
* **Version 2** (``jointcheck-population-v2``) cuts the records into chunks of
  :data:`CHUNK_ROWS` (2^16) consecutive rows, the last one shorter (no chunk when N is 0).
  Chunk ``i`` holds rows ``i·2^16`` to ``min((i+1)·2^16, N) − 1``; its digest ``D_i`` is the
  SHA-256 of its records. The population digest is ``SHA-256(header || D_0 || D_1 || …)``,
  the 32-byte chunk digests in chunk order. Chunks are independent, so they are hashed in
  parallel: on threads in memory and over DuckDB's sorted stream, in Spark SQL on the
  executors, and only 32 bytes per 65,536 rows reach the final hash.

The digest depends on the content only, never on the order rows were given in. Draws record
the version they used (``Draw.population_digest_version``; absent means 1), so a record made
with version 1 still verifies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Final, Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field

from jointcheck._internal.checked import checked
from jointcheck.errors import InvalidInputError, PopulationError

__all__ = [
    "CHUNK_ROWS",
    "DIGEST_TAGS",
    "DIGEST_VERSION",
    "PopulationDigest",
    "PopulationDigestVersion",
    "RECORD",
    "check_digest_version",
    "chunk_count",
    "digest_from_chunks",
    "digest_header",
]

DIGEST_VERSION: Final = 2
"""The version new digests are computed with (and new draws record)."""

DIGEST_TAGS: Final = {1: "jointcheck-population-v1", 2: "jointcheck-population-v2"}
"""The tag that opens the digest input, by version."""

CHUNK_ROWS: Final = 1 << 16
"""Rows per chunk of a version 2 digest (the last chunk holds the rest)."""

RECORD: Final = np.dtype(
    [("code", "S18"), ("tier", "u1"), ("kind", "u1"), ("status", "u1"), ("jurisdiction", ">u4")]
)
"""The 25-byte record of one row (numpy structured dtype), as both versions hash it."""

PopulationDigestVersion = Annotated[
    Literal[1, 2],
    Field(
        default=1,
        exclude_if=lambda version: version == 1,
        description="Version of the population digest encoding (jointcheck-population-v1 or "
        "-v2); absent from the JSON when 1, so records made before version 2 keep their bytes",
    ),
]
"""The ``population_digest_version`` field of the records bound to a digest (``Draw``,
``Announcement``, ``Coverage``)."""


_BLOCK_CHUNKS = 4
"""Chunks packed and hashed per task in memory: records stay a few MB whatever N is."""
_THREADS = 2
"""Threads hashing chunks in memory (hashlib releases the GIL on large buffers)."""


@checked
def check_digest_version(version: object, *, field: str = "version") -> int:
    """``version`` if it is a known digest version (1 or 2).

    Raises:
        InvalidInputError: anything else (a bool is not a version).
    """
    if isinstance(version, bool) or not isinstance(version, int) or version not in DIGEST_TAGS:
        raise InvalidInputError(
            f"{field}={version!r} is not a population digest version; known: "
            f"{', '.join(map(str, DIGEST_TAGS))}",
            field=field,
            value=version,
        )
    return version


@checked
def chunk_count(rows: int) -> int:
    """Chunks of a version 2 digest over ``rows`` rows: ceil(rows / 2^16).

    Raises:
        InvalidInputError: a negative number of rows.
    """
    return -(-_check_rows(rows) // CHUNK_ROWS)


def _check_rows(rows: int) -> int:
    if rows < 0:
        raise InvalidInputError(f"rows={rows} must be >= 0", field="rows", value=rows)
    return rows


@checked
def digest_header(version: int, *, rows: int, jurisdiction_labels: Sequence[str]) -> bytes:
    """The header both versions open with (labels sorted by UTF-8 bytes, as a Population
    holds them).

    Raises:
        InvalidInputError: an unknown version, a negative number of rows, or a label with a
            line break (the header must end where its label count says).
    """
    broken = [label for label in jurisdiction_labels if "\n" in label]
    if broken:
        raise InvalidInputError(
            f"jurisdiction label {broken[0]!r} holds a line break; labels must not",
            field="jurisdiction_labels",
            value=broken[0],
        )
    parts = [
        f"{DIGEST_TAGS[check_digest_version(version)]}\nrows={_check_rows(rows)}\n"
        f"jurisdictions={len(jurisdiction_labels)}\n".encode()
    ]
    parts.extend(label.encode("utf-8") + b"\n" for label in jurisdiction_labels)
    return b"".join(parts)


@checked
def digest_from_chunks(
    *, rows: int, jurisdiction_labels: Sequence[str], chunk_digests: Sequence[bytes]
) -> str:
    """The version 2 digest (hex) from the chunk digests, in chunk order.

    Raises:
        InvalidInputError: a negative number of rows.
        PopulationError: not one 32-byte digest per chunk of ``rows`` rows.
    """
    expected = chunk_count(rows)
    if len(chunk_digests) != expected or any(len(d) != 32 for d in chunk_digests):
        raise PopulationError(
            f"rows={rows} needs {expected} chunk digest(s) of 32 bytes; got "
            f"{len(chunk_digests)} of lengths {sorted({len(d) for d in chunk_digests})}",
            rows=(),
            field="chunk_digests",
            value=len(chunk_digests),
        )
    hasher = hashlib.sha256(digest_header(2, rows=rows, jurisdiction_labels=jurisdiction_labels))
    hasher.update(b"".join(chunk_digests))
    return hasher.hexdigest()


def _columns_digest(
    *,
    codes: npt.NDArray[np.bytes_],
    tiers: npt.NDArray[np.uint8],
    kinds: npt.NDArray[np.uint8],
    statuses: npt.NDArray[np.uint8],
    jurisdictions: npt.NDArray[np.uint32],
    jurisdiction_labels: Sequence[str],
    version: int = DIGEST_VERSION,
) -> str:
    """The digest (hex) of columns sorted by code, as :meth:`Population.digest` computes it.

    Version 2 packs and hashes blocks of chunks on two threads; version 1 is one chain.
    """
    n = len(codes)
    columns = (codes, tiers, kinds, statuses, jurisdictions)
    if check_digest_version(version) == 1:
        hasher = PopulationDigest(rows=n, jurisdiction_labels=jurisdiction_labels, version=1)
        step = CHUNK_ROWS * _BLOCK_CHUNKS
        for start in range(0, n, step):
            hasher.update_records(_records(columns, start, min(start + step, n)))
        return hasher.hexdigest()

    def block(start: int) -> list[bytes]:
        stop = min(start + CHUNK_ROWS * _BLOCK_CHUNKS, n)
        data = _records(columns, start, stop).view(np.uint8)
        return [
            hashlib.sha256(data[i * 25 : (i + CHUNK_ROWS) * 25].data).digest()
            for i in range(0, stop - start, CHUNK_ROWS)
        ]

    starts = range(0, n, CHUNK_ROWS * _BLOCK_CHUNKS)
    if len(starts) < 2:
        blocks = [block(start) for start in starts]
    else:
        with ThreadPoolExecutor(max_workers=_THREADS) as pool:
            blocks = list(pool.map(block, starts))
    return digest_from_chunks(
        rows=n,
        jurisdiction_labels=jurisdiction_labels,
        chunk_digests=[d for digests in blocks for d in digests],
    )


def _records(
    columns: tuple[npt.NDArray[np.generic], ...], start: int, stop: int
) -> npt.NDArray[np.void]:
    records = np.empty(stop - start, dtype=RECORD)
    for name, column in zip(RECORD.names or (), columns, strict=True):
        records[name] = column[start:stop]
    return records


class PopulationDigest:
    """The digest computed over consecutive runs of code-sorted rows, fed as they stream.

    Feed every row once, in ascending code order (any number of rows per call), then read
    :meth:`hexdigest`; it equals :meth:`Population.digest` of the same content and version.

    Args:
        rows: Number of rows that will be fed.
        jurisdiction_labels: The distinct labels, sorted by their UTF-8 bytes; rows refer to
            them by index.
        version: The digest version, 1 or 2 (default: :data:`DIGEST_VERSION`).
    """

    __slots__ = ("_chunk", "_chunk_rows", "_digests", "_fed", "_hasher", "_rows", "_version")

    RECORD = RECORD
    """The 25-byte record of one row (numpy structured dtype), as the digest hashes it."""

    def __init__(
        self, *, rows: int, jurisdiction_labels: Sequence[str], version: int = DIGEST_VERSION
    ) -> None:
        self._version = check_digest_version(version)
        header = digest_header(version, rows=rows, jurisdiction_labels=jurisdiction_labels)
        self._hasher = hashlib.sha256(header)
        self._chunk = hashlib.sha256()
        self._chunk_rows = 0
        self._digests: list[bytes] = []
        self._rows = rows
        self._fed = 0

    def update(
        self,
        codes: npt.NDArray[np.bytes_],
        tiers: npt.NDArray[np.uint8],
        kinds: npt.NDArray[np.uint8],
        statuses: npt.NDArray[np.uint8],
        jurisdictions: npt.NDArray[np.uint32],
    ) -> None:
        """Feed the next rows (``S18`` codes ascending, and their coded columns)."""
        columns = (codes, tiers, kinds, statuses, jurisdictions)
        step = CHUNK_ROWS * _BLOCK_CHUNKS
        for start in range(0, len(codes), step):
            self.update_records(_records(columns, start, min(start + step, len(codes))))

    def update_records(self, records: npt.NDArray[np.void]) -> None:
        """Feed the next rows as :data:`RECORD` records (ascending code)."""
        if records.dtype != RECORD:
            raise PopulationError(
                f"records must have dtype {RECORD}, got {records.dtype}",
                rows=(),
                field="records",
                value=str(records.dtype),
            )
        data = np.ascontiguousarray(records).view(np.uint8)
        self._fed += len(records)
        if self._version == 1:
            self._hasher.update(data.data)
            return
        start = 0
        while start < len(records):
            take = min(CHUNK_ROWS - self._chunk_rows, len(records) - start)
            self._chunk.update(data[start * 25 : (start + take) * 25].data)
            self._chunk_rows += take
            start += take
            if self._chunk_rows == CHUNK_ROWS:
                self._digests.append(self._chunk.digest())
                self._chunk = hashlib.sha256()
                self._chunk_rows = 0

    def hexdigest(self) -> str:
        """The digest (hex); every announced row must have been fed.

        Raises:
            PopulationError: a different number of rows was fed than announced.
        """
        if self._fed != self._rows:
            raise PopulationError(
                f"rows={self._rows} announced but {self._fed} fed to the digest",
                rows=(),
                field="rows",
                value=self._fed,
            )
        if self._version == 1:
            return self._hasher.hexdigest()
        last = [self._chunk.digest()] if self._chunk_rows else []
        hasher = self._hasher.copy()
        hasher.update(b"".join(self._digests + last))
        return hasher.hexdigest()
