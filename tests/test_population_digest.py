"""The population digest, versions 1 and 2, against the specification and a plain reference."""

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

from jointcheck import population_digest
from jointcheck.errors import InvalidInputError, PopulationError
from jointcheck.model import SamplingRule
from jointcheck.population import Population
from jointcheck.population_digest import (
    CHUNK_ROWS,
    DIGEST_VERSION,
    PopulationDigest,
    check_digest_version,
    digest_from_chunks,
)
from jointcheck.records import coverage
from jointcheck.sampling import Draw, DrawViolationKind, HashSampler, verify_draw
from jointcheck.strategies import populations

SPEC = Path(__file__).resolve().parents[1] / "docs" / "draw-specification.md"
LABELS = ("城关所", "东城所", "西城所")


def _vectors() -> dict[str, Any]:
    text = SPEC.read_text(encoding="utf-8")
    match = re.search(r"<!-- population-digest-vectors -->\s*```json\n(.*?)\n```", text, re.S)
    assert match, "no population digest vectors in the specification"
    vectors: dict[str, Any] = json.loads(match.group(1))
    return vectors


def vector_rows(n: int) -> list[tuple[str, int, int, int, str]]:
    """The specification's vector registry of ``n`` rows (row i, from 0)."""
    return [(f"{i + 1:015d}", i % 5, i % 6, (i // 5) % 6, LABELS[i % 3]) for i in range(n)]


def _population(rows: list[tuple[str, int, int, int, str]]) -> Population:
    return Population.from_arrays(
        [r[0] for r in rows],
        np.array([r[1] for r in rows], dtype=np.uint8),
        kinds=np.array([r[2] for r in rows], dtype=np.uint8),
        statuses=np.array([r[3] for r in rows], dtype=np.uint8),
        jurisdictions=[r[4] for r in rows],
    )


def reference(
    rows: list[tuple[str, int, int, int, str]], version: int, chunk: int = CHUNK_ROWS
) -> str:
    """The digest as the specification words it, with nothing shared with the library."""
    labels = sorted({r[4] for r in rows}, key=lambda label: label.encode())
    header = f"jointcheck-population-v{version}\nrows={len(rows)}\njurisdictions={len(labels)}\n"
    head = header.encode() + b"".join(label.encode() + b"\n" for label in labels)
    records = [
        code.encode().ljust(18, b"\0")
        + bytes([tier, kind, status])
        + labels.index(label).to_bytes(4, "big")
        for code, tier, kind, status, label in sorted(rows, key=lambda r: r[0].encode())
    ]
    if version == 1:
        return hashlib.sha256(head + b"".join(records)).hexdigest()
    chunks = [
        hashlib.sha256(b"".join(records[i : i + chunk])).digest()
        for i in range(0, len(records), chunk)
    ]
    return hashlib.sha256(head + b"".join(chunks)).hexdigest()


def _rows_of(pop: Population) -> list[tuple[str, int, int, int, str]]:
    labels = pop.jurisdiction_labels
    return [
        (code, tier, kind, status, labels[j])
        for code, tier, kind, status, j in zip(
            pop.code_strings(),
            pop.tiers.tolist(),
            pop.kinds.tolist(),
            pop.statuses.tolist(),
            pop.jurisdictions.tolist(),
            strict=True,
        )
    ]


@pytest.mark.parametrize("case", _vectors()["registries"], ids=lambda c: f"rows={c['rows']}")
def test_specification_vectors(case: dict[str, Any]) -> None:
    rows = vector_rows(case["rows"])
    pop = _population(rows)
    assert pop.digest(version=1) == reference(rows, 1) == case["v1"]
    assert pop.digest(version=2) == reference(rows, 2) == case["v2"]
    assert pop.digest() == case["v2"]  # version 2 is the default


def test_specification_example_vector() -> None:
    case = _vectors()["example"]
    pop = Population.from_arrays(case["codes"], case["tiers"], jurisdictions=case["jurisdictions"])
    assert pop.digest(version=1) == case["v1"]
    assert pop.digest(version=2) == case["v2"]


@pytest.mark.parametrize(
    "n", [0, 1, CHUNK_ROWS - 1, CHUNK_ROWS, CHUNK_ROWS + 1, 4 * CHUNK_ROWS + 3]
)
def test_chunk_boundaries_in_memory_and_streamed(n: int) -> None:
    rows = vector_rows(n)
    pop = _population(rows)
    expected = reference(rows, 2)
    assert pop.digest() == expected
    for step in (1000, CHUNK_ROWS, CHUNK_ROWS + 1):
        hasher = PopulationDigest(rows=n, jurisdiction_labels=pop.jurisdiction_labels)
        for start in range(0, n, step):
            stop = start + step
            hasher.update(
                pop.codes[start:stop],
                pop.tiers[start:stop],
                pop.kinds[start:stop],
                pop.statuses[start:stop],
                pop.jurisdictions[start:stop],
            )
        assert hasher.hexdigest() == expected
    chunks = -(-n // CHUNK_ROWS)
    assert len(population_digest.digest_header(2, rows=n, jurisdiction_labels=())) > 0
    assert population_digest.chunk_count(n) == chunks


@settings(max_examples=60, deadline=None)
@given(pop=populations(min_size=0, max_size=40), chunk=st.integers(1, 9))
def test_version_2_is_the_plain_reference_for_any_chunk_size(pop: Population, chunk: int) -> None:
    rows = _rows_of(pop)
    assert pop.digest(version=1) == reference(rows, 1)
    assert pop.digest(version=2) == reference(rows, 2)
    with pytest.MonkeyPatch.context() as patch:
        # The same code with small chunks crosses many chunk boundaries in a few rows.
        patch.setattr(population_digest, "CHUNK_ROWS", chunk)
        again = Population.from_arrays(
            pop.codes,
            pop.tiers,
            kinds=pop.kinds,
            statuses=pop.statuses,
            jurisdictions=np.array(pop.jurisdiction_labels)[pop.jurisdictions],
        )
        assert again.digest() == reference(rows, 2, chunk)
        hasher = PopulationDigest(rows=len(pop), jurisdiction_labels=pop.jurisdiction_labels)
        for start in range(0, len(pop), 3):
            records = np.empty(len(pop.codes[start : start + 3]), dtype=PopulationDigest.RECORD)
            records["code"] = pop.codes[start : start + 3]
            records["tier"] = pop.tiers[start : start + 3]
            records["kind"] = pop.kinds[start : start + 3]
            records["status"] = pop.statuses[start : start + 3]
            records["jurisdiction"] = pop.jurisdictions[start : start + 3]
            hasher.update_records(records)
        assert hasher.hexdigest() == reference(rows, 2, chunk)


def test_every_tamper_changes_both_versions() -> None:
    rows = vector_rows(CHUNK_ROWS + 5)
    base = {v: reference(rows, v) for v in (1, 2)}
    assert _population(rows).digest(version=2) == base[2]

    def changed(row: int, field: int, value: Any) -> list[tuple[str, int, int, int, str]]:
        out = list(rows)
        parts = list(out[row])
        parts[field] = value
        out[row] = (parts[0], parts[1], parts[2], parts[3], parts[4])
        return out

    variants = {
        "code (first chunk)": changed(7, 0, "999999999999999"),
        "tier (last chunk)": changed(CHUNK_ROWS + 2, 1, (rows[CHUNK_ROWS + 2][1] + 1) % 5),
        "kind": changed(0, 2, (rows[0][2] + 1) % 6),
        "status": changed(CHUNK_ROWS - 1, 3, (rows[CHUNK_ROWS - 1][3] + 1) % 6),
        "jurisdiction": changed(CHUNK_ROWS, 4, LABELS[(CHUNK_ROWS + 1) % 3]),
        "new label": changed(3, 4, "新设所"),
        "row removed": rows[:-1],
        "row added": [*rows, ("999999999999998", 0, 0, 0, LABELS[0])],
        "rows moved between chunks": [*rows[1:], ("999999999999997", *rows[0][1:])],
    }
    seen = {base[1], base[2]}
    for name, variant in variants.items():
        pop = _population(variant)
        for version in (1, 2):
            digest = pop.digest(version=version)
            assert digest == reference(variant, version), name
            assert digest != base[version], name
            seen.add(digest)
    assert len(seen) == 2 + 2 * len(variants)


def test_versions_and_chunk_lists_are_checked() -> None:
    pop = _population(vector_rows(3))
    for bad in (0, 3, True, "2", None):
        with pytest.raises(InvalidInputError, match="not a population digest version"):
            pop.digest(version=bad)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError):
            check_digest_version(bad)
    with pytest.raises(PopulationError, match="needs 1 chunk digest"):
        digest_from_chunks(rows=3, jurisdiction_labels=(), chunk_digests=[])
    with pytest.raises(PopulationError, match="needs 1 chunk digest"):
        digest_from_chunks(rows=3, jurisdiction_labels=(), chunk_digests=[b"x" * 31])
    with pytest.raises(InvalidInputError, match="line break"):
        PopulationDigest(rows=1, jurisdiction_labels=["a\nrows=2"])
    with pytest.raises(InvalidInputError, match="must be >= 0"):
        population_digest.chunk_count(-1)
    hasher = PopulationDigest(rows=5, jurisdiction_labels=())
    with pytest.raises(PopulationError, match="5 announced but 0 fed"):
        hasher.hexdigest()
    with pytest.raises(PopulationError, match="dtype"):
        hasher.update_records(np.zeros(2, dtype=np.uint8))


RULE = SamplingRule.parse("10%")


def test_new_records_carry_version_2_and_version_1_records_still_verify() -> None:
    rows = vector_rows(400)
    pop = _population(rows)
    draw = HashSampler().draw(pop, RULE, seed="digest-v2")
    assert draw.population_digest_version == DIGEST_VERSION == 2
    assert draw.population_digest == pop.digest(version=2)
    text = draw.model_dump_json()
    assert '"population_digest_version":2' in text
    assert Draw.model_validate_json(text) == draw
    assert verify_draw(draw, pop, allow_unbound_seed=True) == []
    # A record made before version 2: no version field, a version 1 digest. Its bytes (and
    # so its digest) are what they were, and it verifies.
    old = json.loads(text)
    del old["population_digest_version"]
    old["population_digest"] = pop.digest(version=1)
    old_text = json.dumps(old, ensure_ascii=False, separators=(",", ":"))
    v1 = Draw.model_validate_json(old_text)
    assert v1.population_digest_version == 1
    assert v1.model_dump_json() == old_text
    assert "population_digest_version" not in v1.model_dump()
    assert verify_draw(v1, pop, allow_unbound_seed=True) == []
    # Relabelling either record's version is a changed population.
    for record, version in ((draw, 1), (v1, 2)):
        relabelled = record.model_copy(update={"population_digest_version": version})
        kinds = {v.kind for v in verify_draw(relabelled, pop, allow_unbound_seed=True)}
        assert kinds == {DrawViolationKind.POPULATION_CHANGED}
    with pytest.raises(ValueError, match="population_digest_version"):
        Draw.model_validate_json(
            text.replace('"population_digest_version":2', '"population_digest_version":3')
        )


def test_coverage_records_the_version() -> None:
    pop = _population(vector_rows(10))
    made = coverage(pop, [pop.code_strings()[0]])
    assert (made.population_digest, made.population_digest_version) == (pop.digest(), 2)


def spec_vectors() -> dict[str, Any]:
    """The specification's vector block, computed."""
    registries = []
    for n in (0, 1, 3, CHUNK_ROWS, CHUNK_ROWS + 1):
        pop = _population(vector_rows(n))
        registries.append({"rows": n, "v1": pop.digest(version=1), "v2": pop.digest(version=2)})
    codes, tiers = ["91350200776049653A", "91350503MA31DKY80A"], ["A", "D"]
    jurisdictions = ["厦门", "泉州"]
    pop = Population.from_arrays(codes, tiers, jurisdictions=jurisdictions)
    example = {"codes": codes, "tiers": tiers, "jurisdictions": jurisdictions}
    example |= {"v1": pop.digest(version=1), "v2": pop.digest(version=2)}
    return {"registries": registries, "example": example}


def test_the_specification_block_is_the_computed_one() -> None:
    assert _vectors() == spec_vectors()


if __name__ == "__main__":  # regenerates the specification's vector block
    print(json.dumps(spec_vectors(), ensure_ascii=False, indent=2))
