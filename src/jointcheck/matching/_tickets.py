"""SHA-256 tickets: the only source of randomness of the matcher.

Version 2 (the default, tag ``jointcheck-match-v2``) hashes once per subject and once per
inspector and mixes the two into a pair ticket with MurmurHash3's 64-bit finaliser::

    subject ticket    a_s = H(jointcheck-match-v2 \n <seed> \n <subject code>)
    inspector ticket  b_i = H(jointcheck-match-v2 \n <seed> \n \n <inspector id>)
    pair ticket       t(s, i) = fmix64(a_s XOR b_i)

Version 1 (kept to verify version 1 records) hashes every pair. In both, a ticket ``H`` is the first 8 bytes, read big-endian as an unsigned 64-bit integer, of the SHA-256
of a UTF-8 text made of lines joined by ``"\\n"`` (no trailing line break)::

    pair ticket       jointcheck-match-v1 \\n <seed> \\n <subject code> \\n <inspector id>
    subject ticket    jointcheck-match-v1 \\n <seed> \\n <subject code>
    inspector ticket  jointcheck-match-v1 \\n <seed> \\n \\n <inspector id>

Subject codes are never empty and no id contains a line break, so the three kinds can never
collide and every text names exactly one (seed, subject, inspector).

Pair tickets (one per candidate pair: hundreds of thousands for a county) are computed by
hashlib or, with ``engine="duckdb"`` (and ``"auto"`` from 65,536 pairs when DuckDB is
installed), by DuckDB's multi-threaded ``sha256`` over the joined texts; the tickets are the
same either way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from jointcheck._internal.checked import checked
from jointcheck._internal.engines import TicketEngine, use_duckdb
from jointcheck.errors import InvalidInputError

__all__ = [
    "TICKET_TAG",
    "TICKET_TAG_V1",
    "fmix64",
    "inspector_tickets",
    "mixed_pair_tickets",
    "pair_ticket",
    "pair_tickets",
    "subject_tickets",
]

TICKET_TAG = "jointcheck-match-v2"
"""Tag that opens every ticket text of the default algorithm (version 2)."""

TICKET_TAG_V1 = "jointcheck-match-v1"
"""Tag of version 1's tickets (one SHA-256 per pair), kept to verify version 1 records."""

_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)

_SHA = hashlib.sha256
_CHUNK = 1 << 16


def _ticket(text: bytes) -> int:
    return int.from_bytes(_SHA(text).digest()[:8], "big")


@checked
def pair_ticket(seed: str, subject_code: str, inspector_id: str, *, version: str = "2") -> int:
    """The ticket of one (subject, inspector) pair under algorithm ``version`` ("2" or "1").

    Examples:
        >>> pair_ticket("2025", "91350200776049653A", "NHC-01")
        4808845727477776659
        >>> pair_ticket("2025", "91350200776049653A", "NHC-01", version="1")
        9121427992568730224
    """
    if version == "1":
        return _ticket(f"{TICKET_TAG_V1}\n{seed}\n{subject_code}\n{inspector_id}".encode())
    if version != "2":
        raise InvalidInputError(
            f"version must be '1' or '2', got {version[:20]!r}", field="version", value=version[:20]
        )
    a = _ticket(f"{TICKET_TAG}\n{seed}\n{subject_code}".encode())
    b = _ticket(f"{TICKET_TAG}\n{seed}\n\n{inspector_id}".encode())
    return int(fmix64(np.array([a ^ b], dtype=np.uint64))[0])


def fmix64(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """MurmurHash3's 64-bit finaliser, element-wise (a bijection of 64-bit integers)."""
    x = x ^ (x >> _S33)
    x *= _M1
    x ^= x >> _S33
    x *= _M2
    x ^= x >> _S33
    return x


def mixed_pair_tickets(
    subject: npt.NDArray[np.uint64],
    inspector: npt.NDArray[np.uint64],
    subject_index: npt.NDArray[np.intp],
    inspector_index: npt.NDArray[np.intp],
) -> npt.NDArray[np.uint64]:
    """Version 2 pair tickets ``fmix64(a_s XOR b_i)`` from subject and inspector tickets."""
    return fmix64(subject[subject_index] ^ inspector[inspector_index])


def subject_tickets(
    seed: str, codes: Sequence[str], *, tag: str = TICKET_TAG
) -> npt.NDArray[np.uint64]:
    """Subject tickets (the order in which subjects choose), one per code."""
    head = f"{tag}\n{seed}\n".encode()
    raw = b"".join([_SHA(head + c.encode()).digest()[:8] for c in codes])
    return np.frombuffer(raw, dtype=">u8").astype(np.uint64)


def inspector_tickets(
    seed: str, ids: Sequence[str], *, tag: str = TICKET_TAG
) -> npt.NDArray[np.uint64]:
    """Inspector tickets, one per id (version 1: the order of inspectors in the network)."""
    head = f"{tag}\n{seed}\n\n".encode()
    raw = b"".join([_SHA(head + i.encode()).digest()[:8] for i in ids])
    return np.frombuffer(raw, dtype=">u8").astype(np.uint64)


def pair_tickets(
    seed: str,
    codes: Sequence[str],
    ids: Sequence[str],
    subject_index: npt.NDArray[np.intp],
    inspector_index: npt.NDArray[np.intp],
    *,
    engine: TicketEngine = "auto",
) -> npt.NDArray[np.uint64]:
    """Version 1 pair tickets for the pairs ``(codes[subject_index[j]], ids[inspector_index[j]])``."""
    out = np.empty(len(subject_index), dtype=np.uint64)
    if len(subject_index) == 0:
        return out
    if use_duckdb(engine, len(subject_index)):
        return _duckdb_pair_tickets(seed, codes, ids, subject_index, inspector_index)
    heads = [f"{TICKET_TAG_V1}\n{seed}\n{c}\n".encode() for c in codes]
    tails = [i.encode() for i in ids]
    sha = _SHA
    # Chunks keep the temporary bytes objects few (and in cache) for millions of pairs.
    for start in range(0, len(subject_index), _CHUNK):
        stop = start + _CHUNK
        raw = b"".join(
            [
                sha(heads[s] + tails[i]).digest()
                for s, i in zip(
                    subject_index[start:stop].tolist(),
                    inspector_index[start:stop].tolist(),
                    strict=True,
                )
            ]
        )
        digests = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 32)
        out[start:stop] = digests[:, :8].copy().view(">u8").reshape(-1)
    return out


def _duckdb_pair_tickets(
    seed: str,
    codes: Sequence[str],
    ids: Sequence[str],
    subject_index: npt.NDArray[np.intp],
    inspector_index: npt.NDArray[np.intp],
) -> npt.NDArray[np.uint64]:
    """:func:`pair_tickets` by DuckDB: each pair joins its subject's text head and its
    inspector's id, ``sha256`` runs on every core, and rows come back with their position."""
    import duckdb
    import pyarrow as pa

    n = len(subject_index)
    connection = duckdb.connect()
    try:
        connection.register(
            "pairs",
            pa.table(
                {
                    "row": np.arange(n, dtype=np.int64),
                    "s": np.asarray(subject_index, dtype=np.int64),
                    "i": np.asarray(inspector_index, dtype=np.int64),
                }
            ),
        )
        connection.register(
            "heads",
            pa.table(
                {
                    "s": np.arange(len(codes), dtype=np.int64),
                    "head": [f"{TICKET_TAG_V1}\n{seed}\n{c}\n" for c in codes],
                }
            ),
        )
        connection.register(
            "tails", pa.table({"i": np.arange(len(ids), dtype=np.int64), "tail": list(ids)})
        )
        result = connection.sql(
            "SELECT row, unhex(left(sha256(head || tail), 16)) AS ticket "
            "FROM pairs JOIN heads USING (s) JOIN tails USING (i)"
        ).to_arrow_table()
    finally:
        connection.close()
    rows = result.column("row").to_numpy()
    heads = result.column("ticket").combine_chunks()
    raw = np.frombuffer(heads.buffers()[2], dtype=np.uint8)
    start = heads.offset * 8
    out = np.empty(n, dtype=np.uint64)
    out[rows] = raw[start : start + 8 * n].view(">u8")
    return out
