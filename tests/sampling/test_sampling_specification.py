"""The written specification (docs/draw-specification.md) against the implementation."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck._internal.engines import TicketEngine
from jointcheck.model import RiskTier, SamplingRule
from jointcheck.population import Population
from jointcheck.sampling import (
    ExclusionReason,
    HashSampler,
    exclusion_from_mask,
    seed_key,
    ticket,
    verify_draw,
)
from jointcheck.sampling._tickets import first_in_ticket_order, ticket_prefixes
from jointcheck.strategies import populations
from jointcheck.strategies._sampling import seeds
from jointcheck.synthetic import synthetic_codes, synthetic_population

SPEC = Path(__file__).resolve().parents[2] / "docs" / "draw-specification.md"


def _block(marker: str, language: str) -> str:
    text = SPEC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {marker} -->\s*```{language}\n(.*?)\n```", text, re.S)
    assert match, f"no {language} block after <!-- {marker} --> in {SPEC.name}"
    return match.group(1)


VECTORS: dict[str, Any] = json.loads(_block("test-vectors", "json"))


def _reference() -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(_block("reference-verifier", "python"), "reference-verifier", "exec"), namespace)
    return namespace


def _vector_population() -> Population:
    rows = VECTORS["draw"]["rows"]
    return Population.from_arrays([r[0] for r in rows], [r[1] for r in rows])


@pytest.mark.parametrize("case", VECTORS["keys"], ids=lambda c: c["seed"])
def test_key_vectors(case: dict[str, str]) -> None:
    assert seed_key(case["seed"]).hex() == case["key"]


@pytest.mark.parametrize("case", VECTORS["tickets"], ids=lambda c: c["code"])
def test_ticket_vectors(case: dict[str, str]) -> None:
    assert ticket(seed_key(case["seed"]), case["code"]).hex() == case["ticket"]
    # and from first principles, as the specification writes it
    key = hashlib.sha256(("jointcheck-hash-v1:" + case["seed"]).encode()).digest()
    assert hashlib.sha256(key + case["code"].encode("ascii")).hexdigest() == case["ticket"]


def test_draw_vector_matches_hash_sampler() -> None:
    vector = VECTORS["draw"]
    population = _vector_population()
    rule = SamplingRule.parse(vector["rule"])
    draw = HashSampler().draw(population, rule, seed=vector["seed"], waitlist=2)
    for stratum in draw.strata:
        tier = stratum.tier.value
        assert stratum.quota == vector["quotas"][tier]
        assert list(stratum.drawn) == vector["drawn"][tier]
        assert list(stratum.waitlist) == vector["waitlist"][tier]
    assert verify_draw(draw, population, allow_unbound_seed=True) == []


def test_reference_verifier_reproduces_the_vector() -> None:
    vector = VECTORS["draw"]
    reference = _reference()
    rows = [tuple(r) for r in vector["rows"]]
    assert reference["draw"](vector["seed"], rows, vector["quotas"]) == vector["drawn"]
    for tier, drawn in vector["drawn"].items():
        codes = [c for c, t in rows if t == tier]
        ranked = reference["ranking"](vector["seed"], codes)
        assert ranked[: len(drawn)] == drawn
        assert ranked[len(drawn) : len(drawn) + 2] == vector["waitlist"][tier]


def test_reference_verifier_is_short_and_standard_library_only() -> None:
    code = _block("reference-verifier", "python")
    imports = {m.group(1) for m in re.finditer(r"^(?:from|import) (\w+)", code, re.M)}
    assert imports <= {"hashlib", "collections"}
    assert len([line for line in code.splitlines() if line.strip()]) <= 16


@settings(max_examples=40, deadline=None)
@given(populations(min_size=1, max_size=40), seeds(), st.integers(0, 5))
def test_reference_verifier_agrees_with_hash_sampler(
    population: Population, seed: str, extra: int
) -> None:
    rule = SamplingRule.parse("按照总体不低于30%的比例抽取")
    draw = HashSampler().draw(population, rule, seed=seed, waitlist=extra)
    reference = _reference()
    rows = [
        (r["code"], r["tier"].value)
        for r in population.subject_rows(population.codes.astype("U18").tolist())
    ]
    quotas = {s.tier.value: s.quota for s in draw.strata}
    expected = reference["draw"](seed, rows, quotas)
    for stratum in draw.strata:
        assert list(stratum.drawn) == expected.get(stratum.tier.value, [])


def _run_reference_sql(
    duckdb: Any, population: Any, excluded: list[str], quotas: list[tuple[str, int, int]], seed: str
) -> dict[str, tuple[list[str], list[str]]]:
    con = duckdb.connect()
    con.register("population", population)
    con.execute("CREATE TABLE excluded (code VARCHAR)")
    con.execute("INSERT INTO excluded SELECT unnest(?::VARCHAR[])", [excluded])
    con.execute("CREATE TABLE quotas (tier VARCHAR, quota INTEGER, waitlist INTEGER)")
    con.executemany("INSERT INTO quotas VALUES (?, ?, ?)", quotas)
    statements = [s for s in _block("reference-sql", "sql").split(";") if s.strip()]
    con.execute(statements[0].replace("兴安盟2023年医疗美容第1批", seed.replace("'", "''")))
    for statement in statements[1:-1]:
        con.execute(statement)
    return {
        tier: (drawn, waitlist) for tier, drawn, waitlist in con.execute(statements[-1]).fetchall()
    }


def test_duckdb_query_reproduces_the_vector() -> None:
    duckdb = pytest.importorskip("duckdb")
    pa = pytest.importorskip("pyarrow")
    vector = VECTORS["draw"]
    rows = vector["rows"]
    population = pa.table({"code": [c for c, _ in rows], "tier": [t for _, t in rows]})
    quotas = [(t, q, len(vector["waitlist"][t])) for t, q in vector["quotas"].items()]
    result = _run_reference_sql(duckdb, population, [], quotas, vector["seed"])
    assert result == {
        t: (vector["drawn"][t], vector["waitlist"][t])
        for t, q in vector["quotas"].items()
        if q + len(vector["waitlist"][t])
    }
    assert "兴安盟2023年医疗美容第1批" in _block("reference-sql", "sql")  # the vector's seed


def test_duckdb_query_equals_hash_sampler_on_a_million_subjects() -> None:
    duckdb = pytest.importorskip("duckdb")
    pa = pytest.importorskip("pyarrow")
    population = synthetic_population(1_000_000, seed=14)
    rows = np.arange(len(population))
    closed = exclusion_from_mask(population, rows % 89 == 3, reason=ExclusionReason.STATUS)
    picked = exclusion_from_mask(
        population, rows % 97 == 0, reason=ExclusionReason.RECENTLY_INSPECTED
    )
    rule = SamplingRule.parse("高风险100%、较高风险5%、中风险1%、低风险0.5%；无风险等级抽取3%")
    draw = HashSampler().draw(population, rule, seed="sql-1m", exclude=[closed, picked], waitlist=7)
    table = pa.table(
        {
            "code": population.codes.astype("U18"),
            "tier": np.array([RiskTier.from_code(c).name for c in range(5)])[population.tiers],
        }
    )
    excluded = sorted({c for e in draw.exclusions for c in e.codes})
    quotas = [(s.tier.name, s.quota, len(s.waitlist)) for s in draw.strata]
    result = _run_reference_sql(duckdb, table, excluded, quotas, draw.seed)
    assert sum(len(d) for d, _ in result.values()) == len(draw.selected) > 10_000
    for stratum in draw.strata:
        expected = (list(stratum.drawn), list(stratum.waitlist))
        assert result.get(stratum.tier.name, ([], [])) == expected


def _run_datafusion_sql(
    population: Any, excluded: list[str], quotas: list[tuple[str, int, int]], seed: str
) -> dict[str, tuple[list[str], list[str]]]:
    import datafusion
    import pyarrow as pa

    context = datafusion.SessionContext()
    context.register_record_batches("population", [population.to_batches()])
    context.register_record_batches(
        "excluded", [[pa.record_batch({"code": pa.array(excluded, pa.string())})]]
    )
    tiers, counts, waits = zip(*quotas, strict=True) if quotas else ((), (), ())
    table = {
        "tier": pa.array(tiers, pa.string()),
        "quota": pa.array(counts, pa.int32()),
        "waitlist": pa.array(waits, pa.int32()),
    }
    context.register_record_batches("quotas", [[pa.record_batch(table)]])
    query = _block("reference-sql-datafusion", "sql").rstrip(";")
    literal = "'" + seed.replace("'", "''") + "'"
    rows = context.sql(query.replace("'兴安盟2023年医疗美容第1批'", literal)).to_pylist()
    return {r["tier"]: (r["drawn"], r["waitlist"]) for r in rows}


def test_datafusion_query_reproduces_the_vector() -> None:
    import pyarrow as pa

    vector = VECTORS["draw"]
    rows = vector["rows"]
    population = pa.table({"code": [c for c, _ in rows], "tier": [t for _, t in rows]})
    quotas = [(t, q, len(vector["waitlist"][t])) for t, q in vector["quotas"].items()]
    result = _run_datafusion_sql(population, [], quotas, vector["seed"])
    assert result == {
        t: (vector["drawn"][t], vector["waitlist"][t])
        for t, q in vector["quotas"].items()
        if q + len(vector["waitlist"][t])
    }
    assert "'兴安盟2023年医疗美容第1批'" in _block("reference-sql-datafusion", "sql")


def test_datafusion_query_equals_hash_sampler_on_a_million_subjects() -> None:
    import pyarrow as pa

    population = synthetic_population(1_000_000, seed=15)
    rows = np.arange(len(population))
    closed = exclusion_from_mask(population, rows % 89 == 3, reason=ExclusionReason.STATUS)
    picked = exclusion_from_mask(
        population, rows % 97 == 0, reason=ExclusionReason.RECENTLY_INSPECTED
    )
    # HIGH: no quota, a waitlist only (the slices must stay empty, not null).
    rule = SamplingRule.parse("较高风险5%、中风险1%、低风险0.5%；无风险等级抽取3%")
    draw = HashSampler().draw(
        population, rule, seed="sql-1m'", exclude=[closed, picked], waitlist=7
    )
    table = pa.table(
        {
            "code": population.codes.astype("U18"),
            "tier": np.array([RiskTier.from_code(c).name for c in range(5)])[population.tiers],
        }
    )
    excluded = sorted({c for e in draw.exclusions for c in e.codes})
    quotas = [(s.tier.name, s.quota, len(s.waitlist)) for s in draw.strata]
    result = _run_datafusion_sql(table, excluded, quotas, draw.seed)
    assert sum(len(d) for d, _ in result.values()) == len(draw.selected) > 10_000
    for stratum in draw.strata:
        expected = (list(stratum.drawn), list(stratum.waitlist))
        assert result.get(stratum.tier.name, ([], [])) == expected


@pytest.mark.parametrize("engine", ["hashlib", "datafusion", "duckdb"])
def test_legacy_registration_numbers_are_hashed_without_padding(engine: TicketEngine) -> None:
    key = seed_key("s")
    codes = np.array(["152201600012345", "91350200776049653A"], dtype="S18")
    prefixes = ticket_prefixes(key, codes, engine=engine)
    for code, prefix in zip(("152201600012345", "91350200776049653A"), prefixes, strict=True):
        assert int(prefix) == int.from_bytes(ticket(key, code)[:8], "big")


def test_equal_prefixes_are_ordered_by_full_ticket_then_code() -> None:
    key = seed_key("ties")
    codes = np.array(sorted(f"9115220170000{i:04d}X" for i in range(40)), dtype="S18")
    same = np.zeros(len(codes), dtype=np.uint64)  # every 64-bit prefix equal
    order = first_in_ticket_order(key, codes, same, 10)
    expected = sorted(range(len(codes)), key=lambda i: (ticket(key, codes[i].decode()), codes[i]))
    assert order.tolist() == expected[:10]
    # the same through row positions into a larger array, as the sampler calls it
    rows = np.arange(0, len(codes), 3)
    sub = first_in_ticket_order(key, codes, same[rows], 5, rows=rows)
    subset = sorted(range(len(rows)), key=lambda i: (ticket(key, codes[rows[i]].decode()), i))
    assert sub.tolist() == subset[:5]


def test_ties_straddling_the_cut_are_resolved_exactly() -> None:
    key = seed_key("cut")
    codes = np.array(sorted(f"9215220270000{i:04d}Q" for i in range(30)), dtype="S18")
    prefixes = np.arange(30, dtype=np.uint64)
    prefixes[8:14] = 8  # six rows share the prefix at the cut k=10
    order = first_in_ticket_order(key, codes, prefixes, 10)
    tied = sorted(range(8, 14), key=lambda i: (ticket(key, codes[i].decode()), codes[i]))
    assert order.tolist() == [*range(8), *tied[:2]]


@pytest.mark.parametrize("engine", ["datafusion", "duckdb"])
def test_engines_and_hashlib_give_identical_prefixes(engine: TicketEngine) -> None:
    key = seed_key("engines")
    legacy = np.unique(np.random.default_rng(3).integers(10**14, 10**15, size=50_000))
    codes = np.sort(np.concatenate([legacy.astype("U15").astype("S18"), synthetic_codes(150_000)]))
    assert np.array_equal(
        ticket_prefixes(key, codes, engine=engine), ticket_prefixes(key, codes, engine="hashlib")
    )
    assert len(ticket_prefixes(key, codes[:0], engine=engine)) == 0


def test_population_order_does_not_matter() -> None:
    rows = VECTORS["draw"]["rows"]
    rule = SamplingRule.parse(VECTORS["draw"]["rule"])
    forward = Population.from_arrays([r[0] for r in rows], [r[1] for r in rows])
    backward = Population.from_arrays([r[0] for r in rows[::-1]], [r[1] for r in rows[::-1]])
    seed = VECTORS["draw"]["seed"]
    assert HashSampler().draw(forward, rule, seed=seed) == HashSampler().draw(
        backward, rule, seed=seed
    )
    assert RiskTier.HIGH in {RiskTier.parse(r[1]) for r in rows}


CEREMONY: dict[str, Any] = json.loads(_block("ceremony-vectors", "json"))


def test_ceremony_vectors() -> None:
    from jointcheck.sampling import Announcement, Reveal, commit, derive_seed, draw_announced

    for case in CEREMONY["commitments"]:
        assert commit(case["party"], case["value"]).digest == case["commitment"]
    text = CEREMONY["announcement"]
    announcement = Announcement.model_validate_json(text)
    assert announcement.model_dump_json() == text  # the published bytes round-trip
    assert hashlib.sha256(text.encode()).hexdigest() == CEREMONY["announcement_digest"]
    assert announcement.digest() == CEREMONY["announcement_digest"]
    reveals = [Reveal(party=c["party"], value=c["value"]) for c in CEREMONY["commitments"]]
    for purpose, seed in CEREMONY["seeds"].items():
        assert derive_seed(announcement, reveals, purpose=purpose) == seed
    rows = CEREMONY["draw"]["rows"]
    population = Population.from_arrays([r[0] for r in rows], [r[1] for r in rows])
    draw = draw_announced(announcement, population, reveals)
    assert draw.seed == CEREMONY["seeds"]["subjects"]
    for tier, codes in CEREMONY["draw"]["drawn"].items():
        assert list(draw.stratum(RiskTier[tier]).drawn) == codes
    for tier, codes in CEREMONY["draw"]["waitlist"].items():
        assert list(draw.stratum(RiskTier[tier]).waitlist) == codes
    assert verify_draw(draw, population, announcement=announcement) == []
