"""The commit-reveal seed ceremony."""

from __future__ import annotations

import hashlib

import pytest

from jointcheck.errors import CeremonyError, InvalidInputError, ModelValidationError
from jointcheck.model import SamplingRule
from jointcheck.population import Population
from jointcheck.sampling import (
    Announcement,
    Commitment,
    HashSampler,
    Reveal,
    announce,
    commit,
    derive_seed,
    verify_draw,
)

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


def test_commitment_encoding() -> None:
    party, value = "公证处", "0c" * 32
    raw = party.encode()
    expected = hashlib.sha256(
        b"jointcheck-commit-v1:"
        + f"{len(raw)}:".encode()
        + raw
        + b","
        + b"64:"
        + value.encode()
        + b","
    ).hexdigest()
    assert commit(party, value).digest == expected


def test_seed_is_derived_from_every_reveal_in_any_order() -> None:
    seed = derive_seed(_commitments(), _reveals())
    assert len(seed) == 64
    assert derive_seed(_commitments()[::-1], _reveals()[::-1]) == seed
    assert derive_seed(_commitments(), _reveals(), context="task-1") != seed
    changed = [*_reveals()[:2], Reveal(party="公证处", value="0d" * 32)]
    with pytest.raises(CeremonyError, match="does not match") as info:
        derive_seed(_commitments(), changed)
    assert info.value.party == "公证处"


def test_missing_repeated_and_unknown_reveals() -> None:
    with pytest.raises(CeremonyError, match="did not reveal") as info:
        derive_seed(_commitments(), _reveals()[:2])
    assert info.value.party == "公证处"
    with pytest.raises(CeremonyError, match="revealed twice"):
        derive_seed(_commitments(), [*_reveals(), _reveals()[0]])
    with pytest.raises(CeremonyError, match="never committed"):
        derive_seed(_commitments()[:2], _reveals())
    with pytest.raises(CeremonyError, match="committed more than once"):
        derive_seed([*_commitments(), _commitments()[0]], _reveals())
    with pytest.raises(CeremonyError, match="no commitments"):
        derive_seed([], [])
    assert isinstance(CeremonyError("x", party=None), InvalidInputError)


def test_short_secrets_are_refused() -> None:
    with pytest.raises(ModelValidationError, match="value"):
        commit("公证处", "1234")


def test_announcement_binds_the_seed_to_what_was_published() -> None:
    announcement = announce(POPULATION, RULE, task="xam-2023-1", commitments=_commitments())
    assert announcement.population_digest == POPULATION.digest()
    assert announcement.quotas == RULE.quotas(POPULATION.counts_by_tier())
    assert [c.party for c in announcement.commitments] == sorted(SECRETS, key=lambda p: p.encode())
    again = Announcement.model_validate_json(announcement.model_dump_json())
    assert again == announcement
    seed = derive_seed(announcement, _reveals())
    assert seed == derive_seed(_commitments(), _reveals(), context=announcement.digest())
    other = announce(
        POPULATION, SamplingRule.parse("100%"), task="xam-2023-1", commitments=_commitments()
    )
    assert derive_seed(other, _reveals()) != seed
    draw = HashSampler().draw(POPULATION, RULE, seed=seed)
    assert verify_draw(draw, POPULATION) == []
    assert draw.quotas == announcement.quotas
    with pytest.raises(ModelValidationError, match="more than once"):
        Announcement.model_validate(
            {
                **announcement.model_dump(),
                "commitments": [c.model_dump() for c in _commitments() * 2],
            }
        )
