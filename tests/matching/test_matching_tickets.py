"""Version 1 pair tickets are the same whichever engine computes them; version 2 pair tickets
are the same from numpy and from the plain-integer formula."""

from __future__ import annotations

import numpy as np
import pytest

from jointcheck._internal.engines import TicketEngine
from jointcheck.errors import InvalidInputError
from jointcheck.matching._tickets import pair_ticket, pair_tickets


@pytest.mark.parametrize("engine", ["duckdb", "auto", "hashlib"])
def test_pair_tickets_agree_across_engines(engine: TicketEngine) -> None:
    codes = [f"91152201{i:09d}X" for i in range(500)] + ["152201600012345"]
    ids = [f"市监-{i:03d}" for i in range(150)]
    rng = np.random.default_rng(4)
    subject = rng.integers(0, len(codes), size=70_000)
    inspector = rng.integers(0, len(ids), size=70_000)
    tickets = pair_tickets("2025-06", codes, ids, subject, inspector, engine=engine)
    reference = pair_tickets("2025-06", codes, ids, subject, inspector, engine="hashlib")
    assert np.array_equal(tickets, reference)
    for j in (0, 1, 69_999):
        expected = pair_ticket("2025-06", codes[subject[j]], ids[inspector[j]], version="1")
        assert int(tickets[j]) == expected


def test_unknown_ticket_engine_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="engine='gpu'"):
        pair_tickets("s", ["c"], ["i"], np.array([0]), np.array([0]), engine="gpu")  # type: ignore[arg-type]


def test_without_duckdb_auto_falls_back_to_hashlib(monkeypatch: pytest.MonkeyPatch) -> None:
    from jointcheck._internal import engines
    from jointcheck.errors import MissingExtraError
    from jointcheck.sampling import HashSampler

    monkeypatch.setattr(engines, "find_spec", lambda name: None)
    assert engines.resolve_engine("auto") == "hashlib"
    assert not engines.use_duckdb("auto", 10**7)
    with pytest.raises(MissingExtraError, match="jointcheck\\[duckdb\\]"):
        HashSampler(engine="duckdb")
