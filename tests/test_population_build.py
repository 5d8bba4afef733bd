"""The packed-key build and the chunked digest against a plain standard-library reference."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck import Population
from jointcheck._internal.credit_code import CHARSET, WEIGHTS
from jointcheck.errors import PopulationError
from jointcheck.population_digest import DIGEST_TAGS, PopulationDigest
from jointcheck.strategies import subject_codes


def _reference_digest(rows: list[tuple[str, int, int, int, str]]) -> str:
    """Version 1 of the digest, written out with bytes and sorted()."""
    labels = sorted({r[4] for r in rows}, key=lambda label: label.encode("utf-8"))
    index = {label: i for i, label in enumerate(labels)}
    out = [f"{DIGEST_TAGS[1]}\nrows={len(rows)}\njurisdictions={len(labels)}\n".encode()]
    out += [label.encode("utf-8") + b"\n" for label in labels]
    for code, tier, kind, status, jurisdiction in sorted(rows, key=lambda r: r[0].encode()):
        out.append(code.encode().ljust(18, b"\0") + bytes([tier, kind, status]))
        out.append(index[jurisdiction].to_bytes(4, "big"))
    return hashlib.sha256(b"".join(out)).hexdigest()


def _valid(body: str) -> str:
    total = sum(CHARSET.index(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return body + CHARSET[(31 - total % 31) % 31]


@st.composite
def registries(draw: st.DrawFn) -> list[tuple[str, int, int, int, str]]:
    codes = draw(st.lists(subject_codes(), min_size=1, max_size=80, unique=True))
    return [
        (
            code,
            draw(st.integers(0, 4)),
            draw(st.integers(0, 5)),
            draw(st.integers(0, 5)),
            draw(st.sampled_from(["", "城关", "Ulanhot", "乌兰浩特市", "城关镇"])),
        )
        for code in codes
    ]


@given(registries())
@settings(max_examples=60, deadline=None)
def test_build_sorts_like_bytes_and_digests_like_the_reference(
    rows: list[tuple[str, int, int, int, str]],
) -> None:
    pop = Population.from_arrays(
        [r[0] for r in rows],
        [r[1] for r in rows],
        kinds=[r[2] for r in rows],
        statuses=[r[3] for r in rows],
        jurisdictions=[r[4] for r in rows],
        lenient_check_character=True,
    )
    assert pop.code_strings() == sorted((r[0] for r in rows), key=str.encode)
    assert pop.digest(version=1) == _reference_digest(rows)
    shuffled = list(reversed(rows))
    again = Population.from_arrays(
        [r[0] for r in shuffled],
        [r[1] for r in shuffled],
        kinds=[r[2] for r in shuffled],
        statuses=[r[3] for r in shuffled],
        jurisdictions=[r[4] for r in shuffled],
        lenient_check_character=True,
    )
    assert again.digest() == pop.digest()


def test_more_than_16384_prefixes_use_the_two_part_key() -> None:
    rng = np.random.default_rng(5)
    bodies = {
        f"9{CHARSET[rng.integers(31)]}{rng.integers(10**6):06d}"
        + "".join(CHARSET[i] for i in rng.integers(0, 31, size=9))
        for _ in range(40_000)
    }
    codes = [_valid(b) for b in bodies]
    codes += ["152201600012345", "152201600012346"]  # 注册号 among them
    rows = [(c, i % 5, 0, 0, "") for i, c in enumerate(codes)]
    pop = Population.from_arrays(codes, [r[1] for r in rows], jurisdictions=None)
    assert pop.code_strings() == sorted(codes, key=str.encode)
    assert pop.digest(version=1) == _reference_digest(rows)
    with pytest.raises(PopulationError, match="duplicate") as info:
        Population.from_arrays([*codes, codes[7]], [0] * (len(codes) + 1))
    assert info.value.rows == (7, len(codes))


def test_codes_are_checked_in_every_chunk() -> None:
    codes = [_valid(f"91152201{i:09d}") for i in range(300_000)]
    codes[299_999] = codes[299_999][:-1] + ("0" if codes[299_999][-1] != "0" else "1")
    with pytest.raises(PopulationError, match="check character") as info:
        Population.from_arrays(codes, [0] * len(codes))
    assert info.value.rows == (299_999,)
    codes[299_999] = "91152201Z0000000I0"  # Z is not in the charset
    with pytest.raises(PopulationError, match="neither") as info:
        Population.from_arrays(codes, [0] * len(codes))
    assert info.value.rows == (299_999,)


def test_the_digest_can_be_fed_in_chunks() -> None:
    codes = sorted(_valid(f"91152201{i:09d}") for i in range(1000))
    pop = Population.from_arrays(codes, [i % 5 for i in range(1000)], jurisdictions=["a"] * 1000)
    hasher = PopulationDigest(rows=len(pop), jurisdiction_labels=pop.jurisdiction_labels)
    for start in range(0, len(pop), 333):
        part = slice(start, start + 333)
        hasher.update(
            pop.codes[part],
            pop.tiers[part],
            pop.kinds[part],
            pop.statuses[part],
            pop.jurisdictions[part],
        )
    assert hasher.hexdigest() == pop.digest()
    short = PopulationDigest(rows=5, jurisdiction_labels=())
    with pytest.raises(PopulationError, match="rows=5 announced but 0 fed"):
        short.hexdigest()
    with pytest.raises(PopulationError, match="dtype"):
        short.update_records(np.zeros(3, dtype=np.uint8))  # type: ignore[arg-type]


@given(
    seed=st.integers(0, 2**32 - 1),
    span_bits=st.sampled_from([1, 20, 40, 47, 56, 64]),
    duplicates=st.booleans(),
)
@settings(max_examples=12, deadline=None)
def test_the_radix_argsort_sorts_like_numpy(seed: int, span_bits: int, duplicates: bool) -> None:
    """Above one chunk the keys are dealt by their top bits and each range sorted alone:
    packed with its positions where they fit in 64 bits, by np.argsort where they do not."""
    from concurrent.futures import ThreadPoolExecutor

    from jointcheck.population import _CHUNK, _argsort_keys

    rng = np.random.default_rng(seed)
    n = _CHUNK + 1 + int(rng.integers(0, 40_000))
    if duplicates and n % 2:
        n = 4 * _CHUNK + 1  # more ranges (finer radix) and more batches
    top = np.uint64(2**span_bits - 1)
    keys = rng.integers(0, top, size=n, dtype=np.uint64, endpoint=True) + np.uint64(
        rng.integers(0, 2**64 - 1 - int(top), dtype=np.uint64, endpoint=True)
    )
    if duplicates:
        keys[rng.integers(0, n, size=n // 3)] = keys[rng.integers(0, n, size=n // 3)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        order, tied = _argsort_keys(keys, pool)
    assert np.array_equal(np.sort(order), np.arange(n))  # a permutation
    assert np.array_equal(keys[order], np.sort(keys))  # that sorts the keys
    assert tied == (len(np.unique(keys)) < n)


def test_prefixes_beyond_the_lookup_table_are_ranked_by_search() -> None:
    """961 registration-authority pairs x ~10,000 division numbers is more than the ranking
    table holds: the distinct prefixes are sorted and searched instead, with the same order."""
    from jointcheck.population import _MAX_PAIR_TABLE

    rng = np.random.default_rng(11)
    bodies = {
        f"{CHARSET[rng.integers(31)]}{CHARSET[rng.integers(31)]}{rng.integers(10**6):06d}"
        + "".join(CHARSET[i] for i in rng.integers(0, 31, size=9))
        for _ in range(10_000)
    }
    codes = [_valid(b) for b in bodies]
    heads = {c[:2] for c in codes}
    numbers = {c[2:8] for c in codes}
    assert len(heads) * len(numbers) > _MAX_PAIR_TABLE
    rows = [(c, i % 5, 0, 0, "") for i, c in enumerate(codes)]
    pop = Population.from_arrays(codes, [r[1] for r in rows])
    assert pop.code_strings() == sorted(codes, key=str.encode)
    assert pop.digest(version=1) == _reference_digest(rows)


def test_a_large_build_with_labels_matches_the_reference() -> None:
    """Above one chunk the labels are factorised on another thread and the keys sorted by
    ranges: the rows, the labels and the digest are still the reference's."""
    rng = np.random.default_rng(12)
    n = 300_000
    codes = [_valid(f"9{'12'[i % 2]}1522{i % 7:02d}{i:09d}") for i in range(n)]
    labels = ["城关", "Ulanhot", "乌兰浩特市", ""]
    rows = [
        (codes[i], int(t), 0, 0, labels[int(j)])
        for i, (t, j) in enumerate(zip(rng.integers(0, 5, n), rng.integers(0, 4, n), strict=True))
    ]
    shuffled = [rows[i] for i in rng.permutation(n)]
    pop = Population.from_arrays(
        [r[0] for r in shuffled], [r[1] for r in shuffled], jurisdictions=[r[4] for r in shuffled]
    )
    assert pop.code_strings() == sorted(codes, key=str.encode)
    assert pop.digest(version=1) == _reference_digest(rows)


def test_a_label_error_is_still_reported_before_a_code_error_in_a_large_build() -> None:
    codes = [_valid(f"91152201{i:09d}") for i in range(300_000)]
    codes[5] = "not a code"
    labels = ["城关"] * len(codes)
    labels[9] = "城关\n镇"
    with pytest.raises(PopulationError, match="line break"):
        Population.from_arrays(codes, [0] * len(codes), jurisdictions=labels)
    labels[9] = "城关"
    with pytest.raises(PopulationError, match="neither") as info:
        Population.from_arrays(codes, [0] * len(codes), jurisdictions=labels)
    assert info.value.rows == (5,)
