"""Which engine computes SHA-256 tickets: shared by the sampler and the matcher."""

from __future__ import annotations

from importlib.util import find_spec
from typing import Literal, get_args

from jointcheck.errors import InvalidInputError, MissingExtraError

__all__ = ["AUTO_MINIMUM", "TicketEngine", "resolve_engine", "use_duckdb"]

TicketEngine = Literal["auto", "duckdb", "hashlib"]
"""How tickets are computed; every engine gives the same tickets."""

AUTO_MINIMUM = 1 << 16
"""``"auto"`` hands at least this many tickets to DuckDB (below, starting it costs more)."""


def resolve_engine(engine: object) -> Literal["duckdb", "hashlib"]:
    """The engine ``engine`` names (``"auto"``: DuckDB when installed, else hashlib).

    Raises:
        InvalidInputError: an unknown engine name.
        MissingExtraError: ``"duckdb"`` without the ``duckdb`` extra installed.
    """
    if engine not in get_args(TicketEngine):
        raise InvalidInputError(
            f"engine={engine!r} is not a ticket engine; use one of "
            + ", ".join(repr(e) for e in get_args(TicketEngine)),
            field="engine",
            value=engine,
        )
    has_duckdb = find_spec("duckdb") is not None and find_spec("pyarrow") is not None
    if engine == "duckdb" and not has_duckdb:
        raise MissingExtraError(module="duckdb", extra="duckdb")
    return "duckdb" if engine == "duckdb" or (engine == "auto" and has_duckdb) else "hashlib"


def use_duckdb(engine: TicketEngine, count: int) -> bool:
    """Whether ``count`` tickets go to DuckDB under ``engine``."""
    return resolve_engine(engine) == "duckdb" and (engine == "duckdb" or count >= AUTO_MINIMUM)
