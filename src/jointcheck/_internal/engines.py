"""Which engine computes SHA-256 tickets: shared by the sampler and the matcher."""

from __future__ import annotations

from importlib.util import find_spec
from typing import Literal, get_args

from jointcheck.errors import InvalidInputError, MissingExtraError

__all__ = [
    "AUTO_MINIMUM",
    "ResolvedEngine",
    "TicketEngine",
    "engine_for",
    "resolve_engine",
    "use_duckdb",
]

TicketEngine = Literal["auto", "datafusion", "duckdb", "hashlib"]
"""How tickets are computed; every engine gives the same tickets."""

ResolvedEngine = Literal["datafusion", "duckdb", "hashlib"]
"""An engine that computes tickets (``"auto"`` resolved)."""

AUTO_MINIMUM: dict[ResolvedEngine, int] = {"datafusion": 1 << 12, "duckdb": 1 << 16, "hashlib": 0}
"""``"auto"`` hands at least this many tickets to an engine (below, starting it costs more
than it saves: about a millisecond for DataFusion, ten for DuckDB)."""


def _installed(engine: ResolvedEngine) -> bool:
    return engine == "hashlib" or (
        find_spec(engine) is not None and find_spec("pyarrow") is not None
    )


def resolve_engine(engine: object) -> ResolvedEngine:
    """The engine ``engine`` names; ``"auto"`` is the fastest installed one: DataFusion, else
    DuckDB, else hashlib.

    Raises:
        InvalidInputError: an unknown engine name.
        MissingExtraError: ``"datafusion"`` or ``"duckdb"`` without its extra installed.
    """
    if engine not in get_args(TicketEngine):
        raise InvalidInputError(
            f"engine={engine!r} is not a ticket engine; use one of "
            + ", ".join(repr(e) for e in get_args(TicketEngine)),
            field="engine",
            value=engine,
        )
    if engine != "auto":
        named: ResolvedEngine = engine  # type: ignore[assignment]
        if not _installed(named):
            raise MissingExtraError(module=named, extra=named)
        return named
    return next(e for e in ("datafusion", "duckdb", "hashlib") if _installed(e))


def engine_for(engine: TicketEngine, count: int) -> ResolvedEngine:
    """The engine that computes ``count`` tickets under ``engine`` (``"auto"`` keeps small
    counts, below :data:`AUTO_MINIMUM`, on hashlib)."""
    chosen = resolve_engine(engine)
    return chosen if engine != "auto" or count >= AUTO_MINIMUM[chosen] else "hashlib"


def use_duckdb(engine: TicketEngine, count: int) -> bool:
    """Whether the matcher's version 1 pair tickets (which have only a DuckDB path besides
    hashlib) go to DuckDB: ``"duckdb"``, or ``"auto"`` from 65,536 when DuckDB is installed."""
    if engine == "auto":
        return _installed("duckdb") and count >= AUTO_MINIMUM["duckdb"]
    return resolve_engine(engine) == "duckdb"
