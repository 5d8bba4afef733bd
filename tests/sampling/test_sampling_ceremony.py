"""The commit-reveal seed ceremony and the announcement that binds a draw."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import CeremonyError, InvalidInputError, ModelValidationError
from jointcheck.model import SamplingRule
from jointcheck.population import Population
from jointcheck.sampling import (
    Announcement,
    Commitment,
    DrawViolationKind,
    HashSampler,
    Reveal,
    announce,
    commit,
    derive_seed,
    draw_announced,
    verify_draw,
)
from jointcheck.sampling._commitments import party_key

SECRETS = {
    "兴安盟市场监督管理局": "a3" * 32,
    "兴安盟卫生健康委员会": "5f" * 32,
    "公证处": "0c" * 32,
}
POPULATION = Population.from_arrays(
    [f"{10**14 + 7919 * i:015d}" for i in range(30)], ["A", "B", "C", "D", "无风险等级"] * 6
)
RULE = SamplingRule.parse("高风险企业不低于50%、低风险企业不低于10%")


def _commitments() -> list[Commitment]:
    return [commit(party, value) for party, value in SECRETS.items()]


def _reveals() -> list[Reveal]:
    return [Reveal(party=party, value=value) for party, value in SECRETS.items()]


def _announcement(**options: object) -> Announcement:
    return announce(
        POPULATION,
        RULE,
        task="xam-2023-1",
        commitments=_commitments(),
        **options,  # type: ignore[arg-type]
    )


def _field(text: str) -> bytes:
    raw = text.encode()
    return f"{len(raw)}:".encode() + raw + b","


def test_commitment_encoding() -> None:
    party, value = "公证处", "0c" * 32
    expected = hashlib.sha256(b"jointcheck-commit-v1:" + _field(party) + _field(value))
    assert commit(party, value).digest == expected.hexdigest()


def test_seed_encoding_from_first_principles() -> None:
    announcement = _announcement()
    for purpose in ("subjects", "teams"):
        hasher = hashlib.sha256(
            b"jointcheck-seed-v2:" + _field(announcement.digest()) + _field(purpose)
        )
        for party in sorted(SECRETS, key=str.encode):
            hasher.update(_field(party) + _field(SECRETS[party]))
        assert derive_seed(announcement, _reveals(), purpose=purpose) == hasher.hexdigest()


def test_seed_is_derived_from_every_reveal_in_any_order() -> None:
    announcement = _announcement()
    seed = derive_seed(announcement, _reveals())
    assert len(seed) == 64
    assert derive_seed(announcement, _reveals()[::-1]) == seed
    assert derive_seed(announcement, _reveals(), purpose="teams") != seed
    changed = [*_reveals()[:2], Reveal(party="公证处", value="0d" * 32)]
    with pytest.raises(CeremonyError, match="does not match") as info:
        derive_seed(announcement, changed)
    assert info.value.party == "公证处"
    with pytest.raises(InvalidInputError, match="purpose"):
        derive_seed(announcement, _reveals(), purpose="other")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="must be an Announcement"):
        derive_seed(_commitments(), _reveals())  # type: ignore[arg-type]


def test_missing_repeated_and_unknown_reveals() -> None:
    announcement = _announcement()
    with pytest.raises(CeremonyError, match="did not reveal") as info:
        derive_seed(announcement, _reveals()[:2])
    assert info.value.party == "公证处"
    with pytest.raises(CeremonyError, match="revealed twice"):
        derive_seed(announcement, [*_reveals(), _reveals()[0]])
    outsider = Reveal(party="某公司", value="11" * 32)
    with pytest.raises(CeremonyError, match="never committed"):
        derive_seed(announcement, [*_reveals(), outsider])
    assert isinstance(CeremonyError("x", party=None), InvalidInputError)


def test_short_and_unencodable_secrets_are_refused() -> None:
    with pytest.raises(ModelValidationError, match="value"):
        commit("公证处", "1234")
    with pytest.raises(InvalidInputError, match=r"(?i)unicode"):
        commit("公证处", "\ud800" * 40)


def test_two_distinct_parties_unless_one_is_explicitly_allowed() -> None:
    one = [commit("兴安盟市场监督管理局", "a3" * 32)]
    with pytest.raises(ModelValidationError, match="at least two distinct parties"):
        announce(POPULATION, RULE, task="t", commitments=one)
    alone = announce(POPULATION, RULE, task="t", commitments=one, single_party=True)
    assert alone.single_party
    assert '"single_party":true' in alone.model_dump_json()
    with pytest.raises(ModelValidationError, match="single_party=True but 3"):
        _announcement(single_party=True)
    # the same party under another spelling is the same party
    twins = [commit("公证处", "0c" * 32), commit(" 公证处", "0d" * 32)]
    with pytest.raises(ModelValidationError, match="more than once"):
        announce(POPULATION, RULE, task="t", commitments=twins)
    with pytest.raises(ModelValidationError, match="more than once"):
        announce(POPULATION, RULE, task="t", commitments=_commitments() * 2)


def test_announcement_fixes_the_draw() -> None:
    announcement = _announcement(waitlist=2)
    assert announcement.population_digest == POPULATION.digest()
    assert announcement.population_size == len(POPULATION)
    assert announcement.algorithm == "jointcheck-hash-v1"
    assert announcement.quotas == RULE.quotas(POPULATION.counts_by_tier())
    assert [c.party for c in announcement.commitments] == sorted(SECRETS, key=str.encode)
    assert Announcement.model_validate_json(announcement.model_dump_json()) == announcement
    draw = draw_announced(announcement, POPULATION, _reveals())
    assert draw.seed == derive_seed(announcement, _reveals())
    assert draw.announcement_digest == announcement.digest()
    assert [len(s.waitlist) for s in draw.strata] == list(announcement.waitlist_lengths)
    assert verify_draw(draw, POPULATION, announcement=announcement) == []
    plain = HashSampler().draw(POPULATION, RULE, seed=draw.seed, waitlist=2)
    assert plain.strata == draw.strata
    kinds = [v.kind for v in verify_draw(plain, POPULATION)]
    assert kinds == [DrawViolationKind.UNBOUND_SEED]


def test_draw_announced_refuses_another_registry() -> None:
    other = POPULATION.select(POPULATION.tiers != 0)
    with pytest.raises(InvalidInputError, match="not the announced"):
        draw_announced(_announcement(), other, _reveals())


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=8).filter(str.strip), min_size=2, max_size=4))
def test_any_distinct_parties_give_a_verifiable_draw(parties: list[str]) -> None:
    if len({party_key(p) for p in parties}) < len(parties):
        return  # the same party twice: refused, see above
    values = {p: hashlib.sha256(p.encode("utf-8", "surrogatepass")).hexdigest() for p in parties}
    try:
        commitments = [commit(p, v) for p, v in values.items()]
    except ModelValidationError:
        return  # a party name that is not UTF-8 is refused, never a crash
    announcement = announce(POPULATION, RULE, task="t", commitments=commitments)
    reveals = [Reveal(party=p, value=v) for p, v in values.items()]
    draw = draw_announced(announcement, POPULATION, reveals)
    assert verify_draw(draw, POPULATION, announcement=announcement) == []
