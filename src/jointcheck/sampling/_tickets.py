"""SHA-256 tickets of ``jointcheck-hash-v1`` and exact ordering by ticket.

The specification is in ``docs/draw-specification.md``::

    key    = SHA-256( UTF-8("jointcheck-hash-v1:" + seed) )            32 bytes
    ticket = SHA-256( key || ASCII(code) )                              32 bytes

Subjects are ranked by ticket (as a 256-bit big-endian number, i.e. bytewise), then by
code. ``key || code`` is at most 50 bytes, so each ticket costs one SHA-256 block, as much
as hashing the bare code.

Only the first 8 bytes of each ticket are kept, as a ``uint64``; equal prefixes are ordered
by the full ticket, recomputed for those rows only. Three engines compute the prefixes, with
identical results (the caller names one; nothing is chosen behind its back):

* ``"hashlib"``: rows hashed in chunks with C-level ``map`` (no Python bytecode per row);
  needs nothing beyond the standard library and numpy;
* ``"datafusion"``: Apache DataFusion's ``sha256`` (Rust's ``sha2``, which uses the CPU's
  SHA instructions) on every core, over the codes handed over as Arrow batches without a
  copy (needs the ``datafusion`` extra); the tickets come back as bytes, read with numpy;
* ``"duckdb"``: DuckDB's multi-threaded ``sha256`` (needs the ``duckdb`` extra); its SHA-256
  has no CPU SHA instructions, so it gains over hashlib only by using every core, and
  DataFusion is about three times as fast on the same codes.

For a draw, :func:`first_by_tier` has an engine hand back only each tier's first tickets
(those below a checked cut), not one per code. ``"auto"`` is DataFusion from 4,096 codes when
it can be imported, else DuckDB from 65,536 codes, else hashlib (below those counts,
starting the engine costs more than it saves).
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from jointcheck._internal.checked import checked
from jointcheck._internal.engines import ResolvedEngine, TicketEngine, engine_for, resolve_engine
from jointcheck.errors import InvalidInputError

__all__ = [
    "EXCLUDED_TIER",
    "HASH_ALGORITHM",
    "TicketEngine",
    "first_by_tier",
    "first_in_ticket_order",
    "resolve_engine",
    "seed_key",
    "ticket",
    "ticket_prefixes",
]


HASH_ALGORITHM = "jointcheck-hash-v1"
"""Tag of the hash draw; it opens the key input and names the algorithm in every Draw."""

_CHUNK = 1 << 16
_HASH_TYPE = type(hashlib.sha256())


@checked
def seed_key(seed: str) -> bytes:
    """``SHA-256(UTF-8("jointcheck-hash-v1:" + seed))``: the 32-byte key of a draw."""
    try:
        text = f"{HASH_ALGORITHM}:{seed}".encode()
    except UnicodeEncodeError:
        raise InvalidInputError(
            f"seed {seed[:40]!r} must be encodable as UTF-8 (no lone surrogates)",
            field="seed",
            value=seed[:40],
        ) from None
    return hashlib.sha256(text).digest()


@checked
def ticket(key: bytes, code: str | bytes) -> bytes:
    """The 32-byte ticket of one subject code under ``key``."""
    try:
        raw = code.encode("ascii") if isinstance(code, str) else code.rstrip(b"\x00")
    except UnicodeEncodeError:
        raise InvalidInputError(
            f"code {code[:40]!r} is not ASCII; codes are 18-character 统一社会信用代码 or "
            "15-digit 注册号",
            field="code",
            value=code[:40],
        ) from None
    return hashlib.sha256(key + raw).digest()


def _prefix_chunk(key: bytes, codes: npt.NDArray[np.bytes_]) -> npt.NDArray[np.uint64]:
    """First 8 ticket bytes (big-endian uint64) of each code; ``codes`` is S18."""
    out = np.empty(len(codes), dtype=np.uint64)
    sha256 = hashlib.sha256
    digest = _HASH_TYPE.digest
    width = len(key) + 18
    for start in range(0, len(codes), _CHUNK):
        chunk = codes[start : start + _CHUNK]
        messages = np.empty((len(chunk), width), dtype=np.uint8)
        messages[:, : len(key)] = np.frombuffer(key, dtype=np.uint8)
        messages[:, len(key) :] = np.ascontiguousarray(chunk).view(np.uint8).reshape(-1, 18)
        # A fixed-width bytes array drops trailing NULs in tolist(): a 15-digit 注册号
        # padded to 18 bytes is hashed as its 15 ASCII bytes, as the specification says.
        texts = messages.view(f"S{width}").ravel().tolist()
        tickets = b"".join(map(digest, map(sha256, texts)))
        head = np.frombuffer(tickets, dtype=np.uint8).reshape(-1, 32)[:, :8]
        out[start : start + len(chunk)] = np.ascontiguousarray(head).view(">u8").ravel()
    return out


def _legacy_rows(codes: npt.NDArray[np.bytes_]) -> npt.NDArray[np.intp]:
    """Rows of 15-digit 注册号 (NUL padded to 18 bytes): the engines hash them as 18 bytes,
    so they are hashed here, over their 15 bytes, as the specification says."""
    return np.flatnonzero(codes.view(np.uint8).reshape(-1, 18)[:, 17] == 0)


_BATCH_ROWS = 1 << 26
"""Most rows in one Arrow batch: its 18-byte codes stay within 32-bit offsets."""


def _binary_column(values: npt.NDArray[Any]) -> Any:
    """A contiguous fixed-width bytes array (``S18`` codes, ``S8`` cuts) as an Arrow binary
    column over the same memory: only the offsets, ``width·i``, are new. Every value keeps
    its full width, trailing NULs included."""
    import pyarrow as pa

    width = values.dtype.itemsize
    offsets = np.arange(0, width * (len(values) + 1), width, dtype=np.int32)
    data = pa.py_buffer(values)
    return pa.Array.from_buffers(pa.binary(), len(values), [None, pa.py_buffer(offsets), data])


def _arrow_batches(
    codes: npt.NDArray[np.bytes_], columns: Mapping[str, npt.NDArray[Any]] | None = None
) -> list[Any]:
    """The ``S18`` codes (and ``columns``, row for row) as Arrow record batches, one per
    core at least, over the same memory: the engines read the codes in place."""
    import pyarrow as pa

    n = len(codes)
    step = max(1, min(_BATCH_ROWS, -(-n // (os.cpu_count() or 1))))
    named = {"code": np.ascontiguousarray(codes), **(columns or {})}
    return [
        pa.record_batch(
            {
                name: _binary_column(column[start : start + step])
                if column.dtype.kind == "S"
                else pa.array(column[start : start + step])
                for name, column in named.items()
            }
        )
        for start in range(0, n, step)
    ]


def _ticket_sql(key: bytes) -> str:
    """DuckDB's SQL expression of a code's ticket, as 64 lowercase hex digits (ordered as bytes)."""
    return f"sha256(unhex('{key.hex()}') || code)"


def _datafusion_ticket_sql(key: bytes) -> str:
    """DataFusion's SQL expression of a code's ticket, as 32 bytes."""
    return f"sha256(X'{key.hex()}' || code)"


def _hex_prefixes(chunks: Iterable[Any], out: npt.NDArray[np.uint64]) -> None:
    """Parse Arrow arrays of 16-hex-digit strings, in turn, into ``out`` (big-endian uint64)."""
    at = 0
    for chunk in chunks:
        m = len(chunk)
        if not m:
            continue
        wide = str(chunk.type) in ("large_string", "large_utf8")
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64 if wide else np.int32)
        first = int(offsets[chunk.offset])
        digits = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[first : first + 16 * m]
        nibbles = digits.reshape(m, 16) - np.uint8(ord("0"))
        nibbles -= np.uint8(ord("a") - ord("0") - 10) * (nibbles > 9)
        packed = (nibbles[:, 0::2] << np.uint8(4)) | nibbles[:, 1::2]
        out[at : at + m] = packed.view(">u8").ravel()
        at += m


def _binary_prefixes(chunks: Iterable[Any], out: npt.NDArray[np.uint64]) -> None:
    """The first 8 bytes of Arrow arrays of 32-byte tickets, in turn, into ``out``."""
    at = 0
    for chunk in chunks:
        m = len(chunk)
        if not m:
            continue
        wide = str(chunk.type) == "large_binary"
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64 if wide else np.int32)
        first = int(offsets[chunk.offset])
        tickets = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[first : first + 32 * m]
        out[at : at + m] = np.ascontiguousarray(tickets.reshape(m, 32)[:, :8]).view(">u8").ravel()
        at += m


_BATCH = 1 << 18
"""Rows per batch of tickets streamed back from DuckDB."""


def _duckdb_connection() -> Any:
    """A DuckDB connection of the call's own, with a worker thread on every core."""
    import duckdb

    return duckdb.connect(config={"threads": os.cpu_count() or 1})


def _datafusion_context(batches: list[Any]) -> Any:
    """A DataFusion session of the call's own holding ``batches`` as table ``codes``, one
    partition per batch (one per core), each read by its own thread; partitions are never
    shuffled, so each comes back in row order."""
    import datafusion

    config = (
        datafusion.SessionConfig()
        .with_target_partitions(os.cpu_count() or 1)
        .set("datafusion.optimizer.enable_round_robin_repartition", "false")
    )
    context = datafusion.SessionContext(config)
    context.register_record_batches("codes", [[batch] for batch in batches])
    return context


def _duckdb_prefixes(key: bytes, codes: npt.NDArray[np.bytes_]) -> npt.NDArray[np.uint64]:
    """First 8 ticket bytes of each code, by DuckDB's ``sha256`` on every core: the first 16
    hex digits of each ticket stream back in row order, parsed batch by batch."""
    import pyarrow as pa

    out = np.empty(len(codes), dtype=np.uint64)
    connection = _duckdb_connection()
    try:
        connection.register("codes", pa.Table.from_batches(_arrow_batches(codes)))
        reader = connection.sql(
            f"SELECT substring({_ticket_sql(key)}, 1, 16) AS head FROM codes"
        ).to_arrow_reader(_BATCH)
        at = 0
        for batch in reader:  # parsed while DuckDB computes the next batches
            _hex_prefixes([batch.column(0)], out[at : at + batch.num_rows])
            at += batch.num_rows
    finally:
        connection.close()
    return out


def _datafusion_prefixes(key: bytes, codes: npt.NDArray[np.bytes_]) -> npt.NDArray[np.uint64]:
    """First 8 ticket bytes of each code, by DataFusion's ``sha256`` on every core: each
    partition's 32-byte tickets come back in row order and are read in place by numpy."""
    batches = _arrow_batches(codes)
    partitions = (
        _datafusion_context(batches)
        .sql(f"SELECT {_datafusion_ticket_sql(key)} AS t FROM codes")
        .collect_partitioned()
    )
    out = np.empty(len(codes), dtype=np.uint64)
    at = 0
    for batch, results in zip(batches, partitions, strict=True):
        stop = at + batch.num_rows
        _binary_prefixes([r.column(0) for r in results], out[at:stop])
        at = stop
    return out


_PREFIXES = {"datafusion": _datafusion_prefixes, "duckdb": _duckdb_prefixes}


def _engine_prefixes(
    engine: ResolvedEngine, key: bytes, codes: npt.NDArray[np.bytes_]
) -> npt.NDArray[np.uint64]:
    """First 8 ticket bytes of each code, by ``engine``; 15-digit 注册号 by hashlib."""
    codes = np.ascontiguousarray(codes)
    if engine == "hashlib":
        return _prefix_chunk(key, codes)
    out = _PREFIXES[engine](key, codes)
    legacy = _legacy_rows(codes)
    if len(legacy):
        out[legacy] = _prefix_chunk(key, codes[legacy])
    return out


_MARGIN_SIGMAS = 8
"""How far past the expected ``k``-th ticket the engine's cut lies: standard deviations…"""

_MARGIN_ROWS = 64
"""…plus this many rows."""

EXCLUDED_TIER = 255
"""Tier code of the rows that :func:`first_by_tier` must not draw."""


_ALL = 2**64 - 1
"""The cut of a tier whose every ticket is needed (a ticket whose 8-byte prefix is this one
falls short of it: the check then ranks the whole tier)."""


def _cut(k: int, n: int) -> int:
    """A 64-bit prefix below which about ``k + 8·sqrt(k) + 64`` of ``n`` uniform tickets
    fall (:data:`_ALL` when that is half of them or more). Fewer than ``k`` fall below it
    with a probability under 10^-15; the caller checks and ranks the whole tier if they do."""
    share = (k + _MARGIN_SIGMAS * math.isqrt(k) + _MARGIN_ROWS) / n
    return _ALL if share >= 0.5 else max(0, int(share * 2**64))


_Found = tuple[npt.NDArray[np.intp], npt.NDArray[np.uint64]]
"""Row and ticket prefix of each row an engine hands back."""


def _positions(n: int) -> npt.NDArray[np.unsignedinteger[Any]]:
    return np.arange(n, dtype=np.uint32 if n < 2**32 else np.uint64)


def _found(
    result: Any, column: str, parse: Callable[[Iterable[Any], npt.NDArray[np.uint64]], None]
) -> _Found:
    """The rows of an engine's ``result`` (an Arrow table), their tickets in ``column``."""
    prefixes = np.empty(result.num_rows, dtype=np.uint64)
    parse(result.column(column).chunks, prefixes)
    return result.column("pos").to_numpy().astype(np.intp), prefixes


def _duckdb_below(
    key: bytes, codes: npt.NDArray[np.bytes_], tiers: npt.NDArray[np.uint8], cuts: Mapping[int, int]
) -> _Found:
    """Rows whose ticket lies below their tier's cut, by DuckDB: its tickets are hex text,
    compared with each cut's 16 hex digits in a ``CASE`` on the tier."""
    import pyarrow as pa

    cases = " ".join(f"WHEN {t} THEN h < '{cut:016x}'" for t, cut in cuts.items())
    batches = _arrow_batches(codes, {"tier": tiers, "pos": _positions(len(codes))})
    connection = _duckdb_connection()
    try:
        connection.register("codes", pa.Table.from_batches(batches))
        result = connection.sql(
            f"""SELECT pos, substring(h, 1, 16) AS head
            FROM (SELECT tier, pos, {_ticket_sql(key)} AS h FROM codes)
            WHERE CASE tier {cases} ELSE false END"""
        ).to_arrow_table()
    finally:
        connection.close()
    return _found(result, "head", _hex_prefixes)


def _datafusion_below(
    key: bytes, codes: npt.NDArray[np.bytes_], tiers: npt.NDArray[np.uint8], cuts: Mapping[int, int]
) -> _Found:
    """Rows whose ticket lies below their tier's cut, by DataFusion: each row carries its
    tier's cut as 8 big-endian bytes (0 for a tier not drawn), compared with the 32-byte
    ticket as bytes (a third less work than a ``CASE`` on the tier)."""
    table = np.zeros(256, dtype=">u8")
    for tier, cut in cuts.items():
        table[tier] = cut
    row_cuts = np.ascontiguousarray(table[tiers]).view("S8")
    batches = _arrow_batches(codes, {"pos": _positions(len(codes)), "cut": row_cuts})
    result = (
        _datafusion_context(batches)
        .sql(
            f"""SELECT pos, h
            FROM (SELECT pos, cut, {_datafusion_ticket_sql(key)} AS h FROM codes)
            WHERE h < cut"""
        )
        .to_arrow_table()
    )
    return _found(result, "h", _binary_prefixes)


_BELOW = {"datafusion": _datafusion_below, "duckdb": _duckdb_below}


def first_by_tier(
    key: bytes,
    codes: npt.NDArray[np.bytes_],
    tiers: npt.NDArray[np.uint8],
    wanted: Mapping[int, int],
    available: Mapping[int, int],
    *,
    engine: Literal["datafusion", "duckdb"],
) -> dict[int, npt.NDArray[np.intp]]:
    """Rows of each tier's first ``wanted[tier]`` codes in ticket order, by ``engine``.

    ``tiers`` holds each row's tier code, or :data:`EXCLUDED_TIER` for a row that may not be
    drawn; ``available[tier]`` counts the rows that may. The engine hashes every code on every
    core but hands back only the tickets below a per-tier cut chosen so that, with
    overwhelming probability, at least ``wanted[tier]`` rows fall below it: a few hundred
    thousand rows of ten million, not ten million tickets. The cut is checked: if fewer rows
    fall below it, that tier is ranked again from all its tickets. The rows returned are then
    ordered exactly as :func:`first_in_ticket_order` orders them (by full ticket, then code),
    so the result is the hashlib engine's, byte for byte.
    """
    codes = np.ascontiguousarray(codes)
    active = [t for t in wanted if wanted[t] > 0 and available[t] > 0]
    orders = {t: np.empty(0, dtype=np.intp) for t in wanted}
    if not active:
        return orders
    legacy = _legacy_rows(codes)
    legacy_tiers = tiers[legacy]
    if len(legacy):
        tiers = tiers.copy()
        tiers[legacy] = EXCLUDED_TIER
    cuts = {t: _cut(wanted[t], available[t]) for t in active}

    found_rows, found_prefixes = _BELOW[engine](key, codes, tiers, cuts)
    found_tiers = tiers[found_rows]
    legacy_prefixes = _prefix_chunk(key, codes[legacy]) if len(legacy) else found_prefixes[:0]
    for tier in active:
        mine = found_tiers == tier
        old = legacy_tiers == tier
        rows = np.concatenate([found_rows[mine], legacy[old]])
        prefixes = np.concatenate([found_prefixes[mine], legacy_prefixes[old]])
        if np.count_nonzero(prefixes < np.uint64(cuts[tier])) < wanted[tier]:
            # Fewer tickets than wanted fell below the cut: rank the whole tier.
            rows = np.flatnonzero(tiers == tier)
            if len(legacy):
                rows = np.union1d(rows, legacy[old])
            prefixes = _engine_prefixes(engine, key, codes[rows])
        order = first_in_ticket_order(key, codes, prefixes, wanted[tier], rows=rows)
        orders[tier] = rows[order]
    return orders


def ticket_prefixes(
    key: bytes, codes: npt.NDArray[np.bytes_], *, engine: TicketEngine = "hashlib"
) -> npt.NDArray[np.uint64]:
    """First 8 bytes of every code's ticket, as native uint64 (order-preserving).

    ``engine`` says which engine computes them (see the module documentation); the result
    is the same for every engine.
    """
    if len(codes) == 0:
        return np.empty(0, dtype=np.uint64)
    return _engine_prefixes(engine_for(engine, len(codes)), key, codes)


def first_in_ticket_order(
    key: bytes,
    codes: npt.NDArray[np.bytes_],
    prefixes: npt.NDArray[np.uint64],
    k: int,
    *,
    rows: npt.NDArray[np.intp] | None = None,
) -> npt.NDArray[np.intp]:
    """Positions (into ``prefixes``) of the ``k`` smallest tickets, smallest first.

    Candidate ``i`` has code ``codes[rows[i]]`` (``codes[i]`` without ``rows``), in any order,
    and ``prefixes`` are their :func:`ticket_prefixes`. Equal prefixes are ordered by the full
    ticket, then the code; only those codes are read.
    """
    n = len(prefixes)
    k = min(k, n)
    if k <= 0:
        return np.empty(0, dtype=np.intp)
    if k < n:
        part = np.argpartition(prefixes, k - 1)[:k]
        bound = prefixes[part].max()
        if np.count_nonzero(prefixes == bound) > np.count_nonzero(prefixes[part] == bound):
            part = np.flatnonzero(prefixes <= bound)
        candidates = np.sort(part)
    else:
        candidates = np.arange(n, dtype=np.intp)
    order = candidates[np.argsort(prefixes[candidates], kind="stable")]
    ranked = prefixes[order]
    same = np.flatnonzero(ranked[1:] == ranked[:-1])
    if len(same):
        _break_ties(key, codes if rows is None else codes[rows[order]], order, same)
    return order[:k]


def _break_ties(
    key: bytes,
    ordered_codes: npt.NDArray[np.bytes_],
    order: npt.NDArray[np.intp],
    same: npt.NDArray[np.intp],
) -> None:
    """Reorder, in place, each run of equal prefixes by (full ticket, code);
    ``ordered_codes[j]`` is the code of ``order[j]``."""
    runs: list[tuple[int, int]] = []
    for i in same.tolist():
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    for start, stop in runs:
        span = range(start, stop + 1)
        raw = {j: bytes(ordered_codes[j]) for j in span}
        ranked = sorted(span, key=lambda j: (ticket(key, raw[j]), raw[j]))
        order[start : stop + 1] = order[ranked]
