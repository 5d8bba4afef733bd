"""Binding a matching to the seed ceremony: the team inputs are announced before the seed.

The announcement carries :func:`team_inputs_digest` of everything that steers the teams
except the drawn subjects and the seed (the inspector pool, requirements, check items,
departments, recusals, history, caps and window), so nobody can tune a recusal list or a cap
after seeing the seed. :func:`match_announced` matches with the seed the ceremony gives for
``purpose="teams"`` and records the announcement's digest and the reveals.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from jointcheck._internal.checked import checked
from jointcheck.errors import InvalidInputError
from jointcheck.matching._assignment import Assignment
from jointcheck.matching._matcher import match
from jointcheck.matching._problem import MatchProblem
from jointcheck.sampling import Announcement, Reveal, derive_seed

__all__ = ["match_announced", "team_inputs_digest"]


@checked
def team_inputs_digest(problem: MatchProblem) -> str:
    """SHA-256 (hex) of the problem's JSON without its subjects, seed and inspector names.

    Compute it on a problem built before the draw (``MatchProblem.build([], pool, seed=0, …)``)
    and pass it to :func:`~jointcheck.sampling.announce`; the problem of the drawn subjects
    has the same digest.
    """
    text = problem.model_dump_json(
        exclude={"subjects": True, "seed": True, "inspectors": {"__all__": {"name"}}}
    )
    return hashlib.sha256(("jointcheck-team-inputs-v1\n" + text).encode()).hexdigest()


@checked
def match_announced(
    problem: MatchProblem, announcement: Announcement, reveals: Sequence[Reveal]
) -> Assignment:
    """Staff the teams of ``problem`` under the ceremony and bind the assignment to it.

    Raises:
        CeremonyError: the reveals do not give a seed.
        InvalidInputError: the problem's seed is not the ceremony's team seed, or its inputs
            are not the announced ones.
        InfeasibleError: no assignment meets every constraint.
    """
    seed = derive_seed(announcement, reveals, purpose="teams")
    if problem.seed != seed:
        raise InvalidInputError(
            f"the problem's seed {problem.seed!r} is not the ceremony's team seed {seed}; build "
            "the problem with seed=derive_seed(announcement, reveals, purpose='teams')",
            field="seed",
            value=problem.seed,
        )
    digest = team_inputs_digest(problem)
    if digest != announcement.team_inputs_digest:
        raise InvalidInputError(
            f"the team inputs (pool, requirements, recusals, caps, history, window) have digest "
            f"{digest}; the announcement carries {announcement.team_inputs_digest}: they changed "
            "after the announcement",
            field="problem",
            value=digest,
        )
    assignment = match(problem)
    return assignment.model_copy(
        update={
            "announcement_digest": announcement.digest(),
            "reveals": tuple(sorted(reveals, key=lambda r: r.party.encode())),
        }
    )
