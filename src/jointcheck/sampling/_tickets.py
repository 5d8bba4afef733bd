"""SHA-256 tickets of ``jointcheck-hash-v1`` and exact ordering by ticket.

The specification is in ``docs/draw-specification.md``::

    key    = SHA-256( UTF-8("jointcheck-hash-v1:" + seed) )            32 bytes
    ticket = SHA-256( key || ASCII(code) )                              32 bytes

Subjects are ranked by ticket (as a 256-bit big-endian number, i.e. bytewise), then by
code. ``key || code`` is at most 50 bytes, so each ticket costs one SHA-256 block, as much
as hashing the bare code.

Only the first 8 bytes of each ticket are kept, as a ``uint64``; equal prefixes are ordered
by the full ticket, recomputed for those rows only. Two engines compute the prefixes, with
identical results (the caller names one; nothing is chosen behind its back):

* ``"hashlib"``: rows hashed in chunks with C-level ``map`` (no Python bytecode per row);
  needs nothing beyond the standard library and numpy;
* ``"duckdb"``: DuckDB's multi-threaded ``sha256`` over the codes handed over as an Arrow
  column without a copy (needs the ``duckdb`` extra); its gain over hashlib
  comes from using every core (DuckDB's SHA-256 is slower than OpenSSL's per core).

``"auto"`` is ``"duckdb"`` from 65,536 codes when DuckDB can be imported, else
``"hashlib"`` (below that, starting DuckDB costs more than it saves).
"""

from __future__ import annotations

import hashlib

import numpy as np
import numpy.typing as npt

from jointcheck._internal.checked import checked
from jointcheck._internal.engines import TicketEngine, resolve_engine, use_duckdb
from jointcheck.errors import InvalidInputError

__all__ = [
    "HASH_ALGORITHM",
    "TicketEngine",
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


def _duckdb_prefixes(key: bytes, codes: npt.NDArray[np.bytes_]) -> npt.NDArray[np.uint64]:
    """First 8 ticket bytes of each code, by DuckDB's ``sha256`` on every core.

    The ``S18`` column is handed to DuckDB as an Arrow fixed-size binary column over the same
    memory. DuckDB hashes ``key || code`` as 18 bytes, so the rare 15-digit 注册号 (NUL
    padded) are rehashed here over their 15 bytes, as the specification says.
    """
    import duckdb
    import pyarrow as pa

    data = np.ascontiguousarray(codes)
    column = pa.FixedSizeBinaryArray.from_buffers(
        pa.binary(18), len(data), [None, pa.py_buffer(data)]
    )
    table = pa.table({"code": column})
    connection = duckdb.connect()
    try:
        connection.register("codes", table)
        result = connection.sql(
            f"SELECT unhex(left(sha256(unhex('{key.hex()}') || code), 16)) AS head FROM codes"
        ).to_arrow_table()
    finally:
        connection.close()
    heads = result.column("head").combine_chunks()
    raw = np.frombuffer(heads.buffers()[2], dtype=np.uint8)
    offset = heads.offset * 8
    out = raw[offset : offset + 8 * len(data)].view(">u8").astype(np.uint64)
    legacy = np.flatnonzero(data.view(np.uint8).reshape(-1, 18)[:, 17] == 0)
    if len(legacy):
        out[legacy] = _prefix_chunk(key, data[legacy])
    return out


def ticket_prefixes(
    key: bytes, codes: npt.NDArray[np.bytes_], *, engine: TicketEngine = "hashlib"
) -> npt.NDArray[np.uint64]:
    """First 8 bytes of every code's ticket, as native uint64 (order-preserving).

    ``engine`` says which engine computes them (see the module documentation); the result
    is the same for every engine.
    """
    if len(codes) == 0:
        return np.empty(0, dtype=np.uint64)
    if use_duckdb(engine, len(codes)):
        return _duckdb_prefixes(key, codes)
    return _prefix_chunk(key, codes)


def first_in_ticket_order(
    key: bytes,
    codes: npt.NDArray[np.bytes_],
    prefixes: npt.NDArray[np.uint64],
    k: int,
    *,
    rows: npt.NDArray[np.intp] | None = None,
) -> npt.NDArray[np.intp]:
    """Positions (into ``prefixes``) of the ``k`` smallest tickets, smallest first.

    Candidate ``i`` has code ``codes[rows[i]]`` (``codes[i]`` without ``rows``); codes must
    ascend with ``i`` (a Population's do, and ``rows`` from ``flatnonzero`` keeps that), and
    ``prefixes`` are their :func:`ticket_prefixes`. Equal prefixes are ordered by the full
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
