"""The default matcher: build each department's candidate pairs as arrays and staff them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from jointcheck._internal.checked import checked
from jointcheck.errors import InfeasibleError
from jointcheck.matching._assignment import (
    ALGORITHM_VERSION,
    Assignment,
    DepartmentTeam,
    InspectorExclusion,
    InspectorLoad,
)
from jointcheck.matching._diagnosis import (
    ReasonCount,
    Remedy,
    RemedyKind,
    Shortfall,
    ShortfallKind,
    shortfall_report,
)
from jointcheck.matching._flow import FlowOutcome, staff
from jointcheck.matching._problem import MatchProblem, Reason, ReasonCode, Role
from jointcheck.matching._remedies import Restaffing
from jointcheck.matching._team import trusted
from jointcheck.matching._team_table import PartIndex, TeamTable, department_parts
from jointcheck.matching._tickets import (
    TICKET_TAG,
    TICKET_TAG_V1,
    inspector_tickets,
    mixed_pair_tickets,
    pair_tickets,
    subject_tickets,
)
from jointcheck.model import (
    Inspector,
    PoolScope,
    TeamRequirement,
)

__all__ = ["Call", "Staffing", "assignment_of", "match", "solve"]

IntArray = npt.NDArray[np.int64]


# ---------------------------------------------------------------------- per department


@dataclass
class _Pool:
    """One department's inspectors of one role, as arrays."""

    inspectors: list[Inspector]
    ids: list[str]
    ok: npt.NDArray[np.bool_]
    certified: npt.NDArray[np.bool_]
    cap: IntArray
    units: npt.NDArray[np.object_]
    reasons: list[list[ReasonCode]]


@dataclass
class _Pairs:
    """Candidate pairs. Built group by group of subjects with the same covering units: each
    group a block of rows (its subjects, by index) times columns (its eligible inspectors,
    by id); ``blocks`` holds each block's (start, rows, columns)."""

    subject: IntArray
    inspector: IntArray
    group_of_subject: IntArray
    group_scope_out: list[npt.NDArray[np.bool_]]
    blocks: list[tuple[int, int, int]]


def _pool(problem: MatchProblem, department_id: str, role: Role) -> _Pool:
    people = [
        i
        for i in problem.inspectors
        if i.department_id == department_id and i.specialist == (role is Role.SPECIALIST)
    ]
    m = len(problem.subjects)
    reasons = [[r.code for r in problem.inspector_reasons(i, role=role)] for i in people]
    caps = [problem.cap(i) for i in people]
    return _Pool(
        inspectors=people,
        ids=[i.id for i in people],
        ok=np.array([not r for r in reasons], dtype=bool),
        certified=np.array([problem.certificate_reason(i) is None for i in people], dtype=bool),
        cap=np.array([m if c is None else min(c, m) for c in caps], dtype=np.int64),
        units=np.array([i.unit_id for i in people], dtype=object),
        reasons=reasons,
    )


def _covering(problem: MatchProblem, department_id: str) -> tuple[IntArray, list[tuple[str, ...]]]:
    keys: dict[tuple[str, ...], int] = {}
    seen: dict[tuple[str, tuple[str, ...]], int] = {}
    group = [0] * len(problem.subjects)
    for index, subject in enumerate(problem.subjects):
        where = (subject.jurisdiction, subject.units)
        found = seen.get(where)
        if found is None:
            key = problem.covering_units(subject, department_id)
            found = seen[where] = keys.setdefault(key, len(keys))
        group[index] = found
    return np.array(group, dtype=np.int64), list(keys)


def _excluded_pairs(
    problem: MatchProblem, code_index: Mapping[str, int], id_index: Mapping[str, int]
) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for code, inspector_id in problem.pair_conflicts:
        s = code_index.get(code)
        i = id_index.get(inspector_id)
        if s is not None and i is not None:
            pairs.add((s, i))
    return pairs


def _pairs(
    problem: MatchProblem,
    pool: _Pool,
    scope: PoolScope,
    group: IntArray,
    keys: list[tuple[str, ...]],
    excluded: set[tuple[int, int]],
) -> _Pairs:
    n = len(pool.ids)
    scope_out: list[npt.NDArray[np.bool_]] = []
    subject_parts: list[IntArray] = []
    inspector_parts: list[IntArray] = []
    blocks: list[tuple[int, int, int]] = []
    start = 0
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(len(keys) + 1))
    for g, key in enumerate(keys):
        inside = np.isin(pool.units, np.array(key, dtype=object)) if key else np.zeros(n, bool)
        if scope is PoolScope.SAME_UNIT:
            out = ~inside
        elif scope is PoolScope.OTHER_UNIT:
            out = inside
        else:
            out = np.zeros(n, dtype=bool)
        scope_out.append(out)
        members = np.flatnonzero(pool.ok & ~out).astype(np.int64)
        subjects_g = order[bounds[g] : bounds[g + 1]].astype(np.int64)
        subject_parts.append(np.repeat(subjects_g, len(members)))
        inspector_parts.append(np.tile(members, len(subjects_g)))
        blocks.append((start, len(subjects_g), len(members)))
        start += len(subjects_g) * len(members)
    subject = np.concatenate(subject_parts) if subject_parts else np.zeros(0, np.int64)
    inspector = np.concatenate(inspector_parts) if inspector_parts else np.zeros(0, np.int64)
    return _without(_Pairs(subject, inspector, group, scope_out, blocks), excluded, n)


def _without(
    pairs: _Pairs, excluded: set[tuple[int, int]], n: int, *, by_subject: bool = False
) -> _Pairs:
    """``pairs`` without the ``excluded`` (subject, inspector) pairs (回避, 轮换).

    ``by_subject``: the pairs are sorted by subject, so only the rows of the subjects with
    an exclusion are looked at."""
    if not excluded or not len(pairs.subject):
        return pairs
    bad = np.unique(np.array([s * n + i for s, i in excluded], dtype=np.int64))
    if by_subject:
        rows = np.unique(bad // n)
        start = np.searchsorted(pairs.subject, rows, side="left")
        length = np.searchsorted(pairs.subject, rows, side="right") - start
        at = np.repeat(start - (np.cumsum(length) - length), length) + np.arange(
            int(length.sum()), dtype=np.int64
        )
        keys = pairs.subject[at] * n + pairs.inspector[at]
        hit = bad[np.minimum(np.searchsorted(bad, keys), len(bad) - 1)] == keys
        keep = np.ones(len(pairs.subject), dtype=bool)
        keep[at[hit]] = False
    else:
        keys = pairs.subject * n + pairs.inspector
        keep = bad[np.minimum(np.searchsorted(bad, keys), len(bad) - 1)] != keys
    return _Pairs(
        pairs.subject[keep],
        pairs.inspector[keep],
        pairs.group_of_subject,
        pairs.group_scope_out,
        [],
    )


def _ranked(pairs: _Pairs, tickets: npt.NDArray[np.uint64]) -> _Pairs:
    """The pairs of ``_pairs(..., excluded=set())`` in candidate order: by subject, then
    ticket, then inspector id (each block's rows sorted on their own, stably, so that equal
    tickets keep the id order; then the rows put in subject order)."""
    inspector = np.empty_like(pairs.inspector)
    m = len(pairs.group_of_subject)
    row_start = np.zeros(m, dtype=np.int64)  # where each subject's row starts in the blocks
    width = np.zeros(m, dtype=np.int64)
    for start, rows, columns in pairs.blocks:
        stop = start + rows * columns
        rank = _row_order(tickets[start:stop].reshape(rows, columns))
        inspector[start:stop] = pairs.inspector[start : start + columns][rank].reshape(-1)
        if not columns:
            continue
        subjects = pairs.subject[start:stop:columns]
        row_start[subjects] = start + columns * np.arange(rows, dtype=np.int64)
        width[subjects] = columns
    # The rows in subject order: position k of subject s's row is row_start[s] + k.
    first = np.cumsum(width) - width
    order = np.repeat(row_start - first, width) + np.arange(int(width.sum()), dtype=np.int64)
    return _Pairs(
        pairs.subject[order],
        inspector[order],
        pairs.group_of_subject,
        pairs.group_scope_out,
        [],
    )


def _row_order(tickets: npt.NDArray[np.uint64]) -> IntArray:
    """Each row's columns by ticket, equal tickets by column: ``argsort(axis=1,
    kind="stable")``, computed as a plain sort of the tickets with the column number in their
    low bits (several times faster), exact unless two tickets of a row agree above those
    bits, when the stable sort decides."""
    columns = tickets.shape[1]
    bits = np.uint64(max(1, (columns - 1).bit_length()))
    low = np.uint64((1 << int(bits)) - 1)
    packed: npt.NDArray[np.uint64] = np.sort(
        (tickets & ~low) | np.arange(columns, dtype=np.uint64), axis=1
    )
    if bool((packed[:, 1:] >> bits == packed[:, :-1] >> bits).any()):
        return np.argsort(tickets, axis=1, kind="stable").astype(np.int64)
    order: IntArray = (packed & low).astype(np.int64)
    return order


@dataclass(frozen=True)
class _Tickets:
    """The tickets of one matching under one algorithm version."""

    seed: str
    codes: list[str]
    version: str
    subject: npt.NDArray[np.uint64]

    @classmethod
    def of(cls, seed: str, codes: list[str], version: str) -> _Tickets:
        tag = TICKET_TAG_V1 if version == "1" else TICKET_TAG
        return cls(seed, codes, version, subject_tickets(seed, codes, tag=tag))

    def pairs(
        self, ids: list[str], subject: IntArray, inspector: IntArray
    ) -> npt.NDArray[np.uint64]:
        """Pair tickets: one SHA-256 per pair (version 1) or fmix64(a_s XOR b_i) (version 2)."""
        if self.version == "1":
            return pair_tickets(self.seed, self.codes, ids, subject, inspector)
        ours = inspector_tickets(self.seed, ids, tag=TICKET_TAG)
        return mixed_pair_tickets(self.subject, ours, subject, inspector)

    def left_index(self, ids: list[str]) -> IntArray:
        """Each inspector's node number: version 1 ranks by inspector ticket (ties by id),
        which steers Dinic's flow; version 2's result does not depend on it (pool order)."""
        if self.version != "1":
            return np.arange(len(ids), dtype=np.int64)
        tickets = inspector_tickets(self.seed, ids, tag=TICKET_TAG_V1)
        order = np.lexsort((np.arange(len(ids)), tickets))
        rank = np.empty(len(ids), dtype=np.int64)
        rank[order] = np.arange(len(ids))
        return rank


def _order_by_ticket(
    subject: IntArray, inspector: IntArray, tickets: npt.NDArray[np.uint64], n_subjects: int
) -> IntArray:
    """The order of pairs by (subject, ticket, inspector), with one 64-bit key when that is
    exact.

    The key packs the subject number above the ticket's top bits; if two pairs share a key,
    the full three-key sort decides.
    """
    bits = max(1, (n_subjects - 1).bit_length())
    if bits <= 32 and len(subject) > 1:
        key = (subject.astype(np.uint64) << np.uint64(64 - bits)) | (tickets >> np.uint64(bits))
        order = np.argsort(key)
        packed = key[order]
        if not bool((packed[1:] == packed[:-1]).any()):
            return order.astype(np.int64)
    return np.lexsort((inspector, tickets, subject)).astype(np.int64)


@dataclass(frozen=True)
class Call:
    """One staffing call: a department's members or its specialists.

    Demand nodes are subjects (members) or (subject, qualification) needs (specialists);
    pairs are sorted by node, then candidate order (ticket, inspector id). ``chosen`` marks
    the pairs of the final teams (after the repair and, for specialists, the covering step).
    """

    department_id: str
    role: Role
    pool: _Pool
    node_subject: IntArray
    node_qualification: list[str]
    node_order: IntArray
    pair_node: IntArray
    pair_inspector: IntArray
    pair_certified: npt.NDArray[np.bool_]
    demand: IntArray
    max_uncertified: IntArray
    outcome: FlowOutcome
    chosen: npt.NDArray[np.bool_]


@dataclass
class _DepartmentResult:
    member_pool: _Pool
    specialist_pool: _Pool
    group: IntArray  # each subject's covering units, as a number into unit_keys
    unit_keys: list[tuple[str, ...]]
    shortfalls: list[Shortfall]
    calls: list[Call]


@dataclass(frozen=True)
class Staffing:
    """Every department's staffing calls and teams for one problem under one version."""

    problem: MatchProblem
    version: str
    results: dict[str, _DepartmentResult]


def _run(
    tickets: _Tickets,
    *,
    pool: _Pool,
    subject: IntArray,
    inspector: IntArray,
    demand: IntArray,
    max_uncertified: IntArray,
    certified: npt.NDArray[np.bool_],
    right_order: IntArray,
    n_right: int,
) -> FlowOutcome:
    left = tickets.left_index(pool.ids)
    return staff(
        n_left=len(pool.ids),
        n_right=n_right,
        pair_left=left[inspector],
        pair_right=subject,
        pair_certified=certified,
        left_cap=pool.cap[np.argsort(left)],
        demand=demand,
        max_uncertified=max_uncertified,
        right_order=right_order,
        version=tickets.version,
    )


def _department(
    problem: MatchProblem,
    requirement: TeamRequirement,
    tickets: _Tickets,
    subject_rank: IntArray,
) -> _DepartmentResult:
    department_id = requirement.department_id
    codes = tickets.codes
    m = len(codes)
    code_index = {c: k for k, c in enumerate(codes)}
    group, keys = _covering(problem, department_id)
    members_pool = _pool(problem, department_id, Role.MEMBER)
    id_index = {i: k for k, i in enumerate(members_pool.ids)}
    every = _pairs(problem, members_pool, requirement.scope, group, keys, set())
    ticket = tickets.pairs(members_pool.ids, every.subject, every.inspector)
    excluded = _excluded_pairs(problem, code_index, id_index)
    pairs = _without(_ranked(every, ticket), excluded, len(members_pool.ids), by_subject=True)
    subject, inspector = pairs.subject, pairs.inspector
    empty_team = requirement.gap(members=0, certified=0)  # the team rule: all of it is lacking
    k, c = empty_team.missing_members, empty_team.missing_certified
    demand = np.full(m, k, dtype=np.int64)
    max_unc = np.full(m, k - c, dtype=np.int64)
    right_order = np.argsort(subject_rank, kind="stable").astype(np.int64)
    certified = members_pool.certified[inspector]
    outcome = _run(
        tickets,
        pool=members_pool,
        subject=subject,
        inspector=inspector,
        demand=demand,
        max_uncertified=max_unc,
        certified=certified,
        right_order=right_order,
        n_right=m,
    )
    calls = [
        Call(
            department_id=department_id,
            role=Role.MEMBER,
            pool=members_pool,
            node_subject=np.arange(m, dtype=np.int64),
            node_qualification=[""] * m,
            node_order=right_order,
            pair_node=subject,
            pair_inspector=inspector,
            pair_certified=certified,
            demand=demand,
            max_uncertified=max_unc,
            outcome=outcome,
            chosen=outcome.chosen,
        )
    ]
    shortfalls: list[Shortfall] = []
    if not outcome.satisfied:
        rank = tickets.left_index(members_pool.ids)
        restaffing = Restaffing(
            pool_rank=rank,
            pair_left=rank[inspector],
            pair_right=subject,
            pair_certified=certified,
            left_cap=members_pool.cap[np.argsort(rank)],
            demand=demand,
            max_uncertified=max_unc,
            right_order=right_order,
        )
        shortfalls = _member_shortfalls(
            problem,
            requirement,
            codes,
            members_pool,
            pairs,
            subject,
            inspector,
            outcome,
            restaffing,
        )
    specialist_pool = _pool(problem, department_id, Role.SPECIALIST)
    if not shortfalls and _may_need_specialists(problem, requirement):
        members: list[list[int]] = [[] for _ in range(m)]
        for s, i in zip(
            subject[outcome.chosen].tolist(), inspector[outcome.chosen].tolist(), strict=True
        ):
            members[s].append(i)
        missing, call = _specialists(
            problem,
            requirement,
            tickets,
            subject_rank,
            members,
            members_pool,
            specialist_pool,
            group,
            keys,
        )
        shortfalls.extend(missing)
        if call is not None:
            calls.append(call)
    return _DepartmentResult(members_pool, specialist_pool, group, keys, shortfalls, calls)


def _may_need_specialists(problem: MatchProblem, requirement: TeamRequirement) -> bool:
    """Whether any subject can need a qualification of this department."""
    return bool(requirement.qualifications) or any(
        item.department_id == requirement.department_id and item.qualification
        for item in problem.check_items
    )


def _specialists(
    problem: MatchProblem,
    requirement: TeamRequirement,
    tickets: _Tickets,
    subject_rank: IntArray,
    members: list[list[int]],
    members_pool: _Pool,
    pool: _Pool,
    group: IntArray,
    keys: list[tuple[str, ...]],
) -> tuple[list[Shortfall], Call | None]:
    department_id = requirement.department_id
    codes = tickets.codes
    m = len(codes)
    chosen: list[list[int]] = [[] for _ in range(m)]
    needs: list[tuple[int, str]] = []
    for s, subject in enumerate(problem.subjects):
        needed = problem.qualifications_needed(subject, department_id)
        if not needed:
            continue
        have = {q for i in members[s] for q in members_pool.inspectors[i].qualifications}
        needs.extend((s, q) for q in needed if q not in have)
    if not needs:
        return [], None
    id_index = {i: k for k, i in enumerate(pool.ids)}
    code_index = {c: k for k, c in enumerate(codes)}
    excluded = _excluded_pairs(problem, code_index, id_index)
    pairs = _pairs(problem, pool, requirement.scope, group, keys, excluded)
    by_subject: dict[int, list[int]] = defaultdict(list)
    for s, i in zip(pairs.subject.tolist(), pairs.inspector.tolist(), strict=True):
        by_subject[s].append(i)
    right_s: list[int] = []
    right_i: list[int] = []
    pair_s: list[int] = []
    for r, (s, q) in enumerate(needs):
        for i in by_subject.get(s, ()):
            if q in pool.inspectors[i].qualifications:
                right_i.append(i)
                right_s.append(r)
                pair_s.append(s)
    right = np.array(right_s, dtype=np.int64)
    inspector = np.array(right_i, dtype=np.int64)
    pair_subject = np.array(pair_s, dtype=np.int64)
    ticket = tickets.pairs(pool.ids, pair_subject, inspector)
    order = _order_by_ticket(right, inspector, ticket, len(needs))
    right, inspector = right[order], inspector[order]
    need_subject = np.array([s for s, _ in needs], dtype=np.int64)
    right_order = np.lexsort((np.arange(len(needs)), subject_rank[need_subject])).astype(np.int64)
    demand = np.ones(len(needs), dtype=np.int64)
    certified = np.ones(len(right), dtype=bool)
    outcome = _run(
        tickets,
        pool=pool,
        subject=right,
        inspector=inspector,
        demand=demand,
        max_uncertified=demand,
        certified=certified,
        right_order=right_order,
        n_right=len(needs),
    )
    for r, i in zip(
        right[outcome.chosen].tolist(), inspector[outcome.chosen].tolist(), strict=True
    ):
        s = needs[r][0]
        if i not in chosen[s]:
            chosen[s].append(i)
    final = outcome.chosen.copy()
    ptr = np.searchsorted(right, np.arange(len(needs) + 1))
    picked: list[int] = []
    if tickets.version == "1":  # needs in list order, holders in id order
        unmet = _cover_together(
            pool,
            needs,
            np.flatnonzero(outcome.got < 1).tolist(),
            chosen,
            [
                [i for i in by_subject.get(s, ()) if q in pool.inspectors[i].qualifications]
                for s, q in needs
            ],
            picked,
        )
    else:  # needs in demand-node order, holders in candidate order
        unmet = _cover_together(
            pool,
            needs,
            [r for r in right_order.tolist() if outcome.got[r] < 1],
            chosen,
            [inspector[ptr[r] : ptr[r + 1]].tolist() for r in range(len(needs))],
            picked,
        )
    for r, i in zip(picked[::2], picked[1::2], strict=True):
        final[int(ptr[r]) + inspector[ptr[r] : ptr[r + 1]].tolist().index(i)] = True
    call = Call(
        department_id=department_id,
        role=Role.SPECIALIST,
        pool=pool,
        node_subject=need_subject,
        node_qualification=[q for _, q in needs],
        node_order=right_order,
        pair_node=right,
        pair_inspector=inspector,
        pair_certified=certified,
        demand=demand,
        max_uncertified=demand,
        outcome=outcome,
        chosen=final,
    )
    missing_at: dict[int, list[str]] = defaultdict(list)
    for r in unmet:
        missing_at[needs[r][0]].append(needs[r][1])
    cap_zero = requirement.max_subjects_per_inspector == 0
    shortfalls = []
    for r in sorted(unmet):
        s, q = needs[r]
        together = tuple(sorted(missing_at[s]))
        holders = [p for p in pool.inspectors if q in p.qualifications]
        eligible = sum(1 for i in by_subject.get(s, ()) if q in pool.inspectors[i].qualifications)
        reasons = Counter(
            reason.code
            for p in holders
            for reason in problem.why_ineligible(p, problem.subjects[s])
        )
        counts = tuple(
            ReasonCount(code=code, count=n, message=f"{n} × {code.value}")
            for code, n in reasons.most_common()
        )
        detail = (
            f"{len(holders)} specialist(s) hold it, {eligible} eligible"
            + (": " + ", ".join(x.message for x in counts) if counts else "")
            + ("; caps bind" if eligible else "")
        )
        shortfalls.append(
            Shortfall(
                kind=ShortfallKind.SPECIALIST,
                department_id=department_id,
                subject_codes=(codes[s],),
                needed=1,
                available=0,
                qualification=q,
                reasons=counts,
                remedies=(
                    Remedy(
                        kind=RemedyKind.ADD_SPECIALISTS,
                        department_id=department_id,
                        unit_id=_unit_hint(requirement.scope, keys[int(group[s])]),
                        count=1,
                        qualifications=together,
                        max_subjects=1 if cap_zero else None,
                        message="add a specialist (专业人员) holding "
                        + " and ".join(repr(x) for x in together)
                        + f" to department {department_id!r}"
                        + _unit_words(problem, requirement.scope, keys[int(group[s])])
                        + (" with a workload cap of at least 1" if cap_zero else ""),
                    ),
                ),
                message=f"subject {codes[s]}, department {department_id}: no member holds "
                f"qualification {q!r} and no specialist can join ({detail})",
            )
        )
    return shortfalls, call


def _cover_together(
    pool: _Pool,
    needs: list[tuple[int, str]],
    unmet: list[int],
    chosen: list[list[int]],
    holders: list[list[int]],
    picked: list[int],
) -> list[int]:
    """Needs the flow left open that a specialist can still cover, in the order of
    ``unmet``: one already on the subject's team holding the qualification (a visit covers
    every qualification the specialist holds, at no extra cap), or else the first of
    ``holders[r]`` with a subject to spare (appended to ``picked`` as need, inspector).
    Returns the needs still open."""
    if not unmet:
        return unmet
    load = Counter(i for team in chosen for i in team)
    still: list[int] = []
    for r in unmet:
        s = needs[r][0]
        if any(i in chosen[s] for i in holders[r]):
            continue
        spare = [i for i in holders[r] if load[i] < int(pool.cap[i])]
        if spare:
            chosen[s].append(spare[0])
            load[spare[0]] += 1
            picked.extend((r, spare[0]))
            continue
        still.append(r)
    return still


# ---------------------------------------------------------------------- diagnosis


def _unit_hint(scope: PoolScope, covering: tuple[str, ...]) -> str | None:
    return covering[0] if scope is PoolScope.SAME_UNIT and covering else None


def _unit_words(problem: MatchProblem, scope: PoolScope, covering: tuple[str, ...]) -> str:
    names = ", ".join(problem.unit_label(u) for u in covering)
    if scope is PoolScope.SAME_UNIT and covering:
        return f" in unit {names}"
    if scope is PoolScope.OTHER_UNIT and covering:
        return f" in a unit other than {names}"
    return ""


def _reason_counts(
    problem: MatchProblem,
    requirement: TeamRequirement,
    pool: _Pool,
    pairs: _Pairs,
    s: int,
    codes: list[str],
) -> tuple[ReasonCount, ...]:
    counter: Counter[ReasonCode] = Counter()
    for reasons in pool.reasons:
        counter.update(set(reasons))
    group = int(pairs.group_of_subject[s])
    counter[
        ReasonCode.OUTSIDE_UNIT
        if requirement.scope is PoolScope.SAME_UNIT
        else ReasonCode.COVERING_UNIT
    ] += int(pairs.group_scope_out[group].sum())
    subject = problem.subjects[s]
    for person in pool.inspectors:
        counter.update({r.code for r in problem.pair_reasons(person, subject)})
    covering = problem.covering_units(subject, requirement.department_id)
    return _counted(problem, covering, counter)


def _counted(
    problem: MatchProblem, covering: tuple[str, ...], counter: Counter[ReasonCode]
) -> tuple[ReasonCount, ...]:
    """Reason counts with words, largest first."""
    names = ", ".join(problem.unit_label(u) for u in covering) or "(none)"
    window = problem.inspection
    words = {
        ReasonCode.OTHER_DEPARTMENT: "of another department",
        ReasonCode.ROLE: "in another role",
        ReasonCode.RECUSED: "recused (回避)",
        ReasonCode.ROTATION: f"inspected it within {problem.conflicts.rotation_months} months (轮换)",
        ReasonCode.OUTSIDE_UNIT: f"outside unit {names}",
        ReasonCode.COVERING_UNIT: f"in the covering unit {names} (所所随机)",
        ReasonCode.NO_CERTIFICATE: "without 执法证",
        ReasonCode.CERTIFICATE_EXPIRED: f"certificates expired by {window.end}",
        ReasonCode.CERTIFICATE_NOT_YET_VALID: f"certificates not yet valid on {window.start}",
        ReasonCode.UNAVAILABLE: "unavailable",
        ReasonCode.NO_CAPACITY: "with workload cap 0",
    }
    return tuple(
        ReasonCount(code=code, count=n, message=f"{n} {words.get(code, code.value)}")
        for code, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].value))
        if n > 0
    )


def _new_member_cap(requirement: TeamRequirement, m: int, wanted: int) -> tuple[int, int | None]:
    """The cap added inspectors would have, and the WorkloadCap a remedy must give them
    (None: the department's cap serves)."""
    cap = requirement.max_subjects_per_inspector
    if cap is None:
        return m, None
    if cap == 0:
        return wanted, wanted
    return cap, None


def _eligible_for_new(
    problem: MatchProblem, requirement: TeamRequirement, unit_id: str | None, subjects: IntArray
) -> IntArray:
    """Which of ``subjects`` a new inspector of ``unit_id`` may be drawn for (the scope)."""
    if requirement.scope is not PoolScope.SAME_UNIT:
        return subjects
    keep = [
        s
        for s in subjects.tolist()
        if unit_id in problem.covering_units(problem.subjects[s], requirement.department_id)
    ]
    return np.array(keep, dtype=np.int64)


def _add_remedy(
    problem: MatchProblem,
    requirement: TeamRequirement,
    covering: tuple[str, ...],
    count: int,
    max_subjects: int | None,
    tail: str = "",
) -> Remedy:
    department_id = requirement.department_id
    capped = f" with a workload cap of {max_subjects}" if max_subjects is not None else ""
    return Remedy(
        kind=RemedyKind.ADD_INSPECTORS,
        department_id=department_id,
        unit_id=_unit_hint(requirement.scope, covering),
        count=count,
        max_subjects=max_subjects,
        message=f"add {count} eligible certified inspector(s){capped} to department "
        f"{department_id!r}" + _unit_words(problem, requirement.scope, covering) + tail,
    )


def _assign_unit_remedy(
    problem: MatchProblem, requirement: TeamRequirement, pool: _Pool, codes: list[str]
) -> Remedy | None:
    """Under 所内随机, subjects no unit covers: name the unit with most eligible inspectors."""
    department_id = requirement.department_id
    units = [u.id for d in problem.departments if d.id == department_id for u in d.units]
    if not units:
        return None
    usable = Counter(str(pool.units[i]) for i in np.flatnonzero(pool.ok & pool.certified).tolist())
    best = max(units, key=lambda u: (usable[u], [-ord(ch) for ch in u]))
    return Remedy(
        kind=RemedyKind.ASSIGN_UNIT,
        department_id=department_id,
        unit_id=best,
        count=1,
        message=f"no unit of department {department_id!r} covers {_short_list(codes)}: name "
        f"the supervising unit (MatchSubject.units), e.g. {problem.unit_label(best)}, or give "
        "a unit the jurisdiction",
    )


def _member_shortfalls(
    problem: MatchProblem,
    requirement: TeamRequirement,
    codes: list[str],
    pool: _Pool,
    pairs: _Pairs,
    subject: IntArray,
    inspector: IntArray,
    outcome: FlowOutcome,
    restaffing: Restaffing,
) -> list[Shortfall]:
    department_id = requirement.department_id
    m = len(codes)
    empty_team = requirement.gap(members=0, certified=0)  # the team rule: all of it is lacking
    k, c = empty_team.missing_members, empty_team.missing_certified
    certified_pair = pool.certified[inspector]
    n_cert = np.bincount(subject[certified_pair], minlength=m)
    n_unc = np.bincount(subject[~certified_pair], minlength=m)
    local = n_cert + np.minimum(n_unc, k - c)
    local_short = (local < k) | (n_cert < c)
    local_deficit = np.maximum(k - local, 0) + np.where(local >= k, np.maximum(c - n_cert, 0), 0)
    shortfalls: list[Shortfall] = []
    for s in np.flatnonzero(local_short).tolist():
        counts = _reason_counts(problem, requirement, pool, pairs, s, codes)
        covering = problem.covering_units(problem.subjects[s], department_id)
        deficit = max(int(local_deficit[s]), 1)
        remedies: list[Remedy] = []
        if requirement.scope is PoolScope.SAME_UNIT and not covering:
            assign = _assign_unit_remedy(problem, requirement, pool, [codes[s]])
            if assign is not None:
                remedies.append(assign)
        else:
            new_cap, max_subjects = _new_member_cap(requirement, m, 1)
            target = np.array([s], dtype=np.int64)
            count = restaffing.fewest_added(
                target, target, cap=new_cap, least=deficit, most=deficit + k
            )
            remedies.append(
                _add_remedy(
                    problem,
                    requirement,
                    covering,
                    count or deficit,
                    max_subjects,
                    " (or lift the binding exclusions)",
                )
            )
        shortfalls.append(
            Shortfall(
                kind=ShortfallKind.SUBJECT,
                department_id=department_id,
                subject_codes=(codes[s],),
                needed=k,
                available=int(min(local[s], k)),
                certified_needed=c,
                certified_available=int(n_cert[s]),
                reasons=counts,
                remedies=tuple(remedies),
                message=f"subject {codes[s]}, department {department_id}: needs {k} members "
                f"({c} certified), {int(n_cert[s] + n_unc[s])} eligible ({int(n_cert[s])} "
                f"certified)" + (": " + ", ".join(x.message for x in counts) if counts else ""),
            )
        )
    violators = np.flatnonzero(outcome.violator_right)
    by_rank = np.argsort(restaffing.pool_rank)
    for comp in np.unique(outcome.component_right[violators]).tolist():
        xs = violators[outcome.component_right[violators] == comp]
        needed = k * len(xs)
        supplied = int(outcome.got[xs].sum())
        deficit = needed - supplied
        if deficit <= int(local_deficit[xs].sum()):
            continue
        binding_ranks = np.flatnonzero(outcome.violator_left & (outcome.component_left == comp))
        capped = np.array(
            [
                int(by_rank[r])
                for r in binding_ranks.tolist()
                if problem.cap(pool.inspectors[int(by_rank[r])]) is not None
            ],
            dtype=np.int64,
        )
        binding = sorted(pool.ids[i] for i in capped.tolist())
        into_x = np.isin(subject, xs)
        reachable = np.unique(inspector[into_x & certified_pair])
        with_certified = np.array(
            sorted(
                set(capped.tolist())
                | {i for i in reachable.tolist() if problem.cap(pool.inspectors[i]) is not None}
            ),
            dtype=np.int64,
        )
        remedies = []
        for raise_pool in (capped, with_certified):
            raise_by = restaffing.smallest_raise(xs, raise_pool, len(xs))
            if raise_by is not None:
                ids = sorted(pool.ids[i] for i in raise_pool.tolist())
                remedies.append(
                    Remedy(
                        kind=RemedyKind.RAISE_CAPS,
                        department_id=department_id,
                        count=raise_by,
                        inspector_ids=tuple(ids),
                        message=f"raise the workload caps of {len(ids)} inspector(s) "
                        f"({_short_list(ids)}) by {raise_by}"
                        + (
                            " (certified ones included: uncertified members cannot fill "
                            "the certified places)"
                            if raise_pool is with_certified
                            else ""
                        ),
                    )
                )
                break
        unit_keys = Counter(
            problem.covering_units(problem.subjects[s], department_id) for s in xs.tolist()
        )
        main_key = unit_keys.most_common(1)[0][0]
        new_cap, max_subjects = _new_member_cap(requirement, m, len(xs))
        per_new = max(min(len(xs), new_cap), 1)
        missing = int((restaffing.demand[xs] - outcome.got[xs]).max())
        least = max(-(-deficit // per_new), missing)
        eligible = _eligible_for_new(
            problem, requirement, _unit_hint(requirement.scope, main_key), xs
        )
        add = restaffing.fewest_added(xs, eligible, cap=new_cap, least=least, most=deficit)
        remedies.append(_add_remedy(problem, requirement, main_key, add or least, max_subjects))
        listed = [codes[s] for s in xs.tolist()]
        unc_note = (
            f"; the limit of {k - c} uncertified member(s) binds"
            if bool(outcome.uncertified_binds[xs].any())
            else ""
        )
        shortfalls.append(
            Shortfall(
                kind=ShortfallKind.POOLED,
                department_id=department_id,
                subject_codes=tuple(listed),
                needed=needed,
                available=supplied,
                certified_needed=c * len(xs),
                binding_inspectors=tuple(binding),
                remedies=tuple(remedies),
                message=f"{len(xs)} subject(s) ({_short_list(listed)}) of department "
                f"{department_id} need {needed} members together; their eligible inspectors "
                f"can supply at most {supplied} ({len(binding)} at their workload cap{unc_note})",
            )
        )
    return shortfalls


def _short_list(values: Sequence[str], shown: int = 5) -> str:
    head = ", ".join(values[:shown])
    return head + (f", … {len(values) - shown} more" if len(values) > shown else "")


# ---------------------------------------------------------------------- assemble


@checked
def match(problem: MatchProblem) -> Assignment:
    """Draw a joint team for every subject of ``problem`` (the second 随机).

    Each department staffs its own part of every team from its own pool, one department at a
    time: tickets of ``(seed, subject, inspector)`` order the candidates, a greedy pass in
    stages of rising caps takes the best, and one canonical repair completes it (algorithm
    version 2, see the matching specification). Complete: whenever an assignment meeting
    every team size, certificate, recusal, rotation, scope and workload cap exists, it finds
    one. Build ``problem`` with :meth:`MatchProblem.build`.

    Raises:
        InfeasibleError: with one :class:`Shortfall` per subject, pooled group or missing
            specialist that makes the problem infeasible.
    """
    return assignment_of(solve(problem, version=ALGORITHM_VERSION))


def solve(problem: MatchProblem, *, version: str) -> Staffing:
    """Staff every department under algorithm ``version`` ("1" or "2").

    Raises:
        InfeasibleError: as :func:`match`.
    """
    codes = [s.code for s in problem.subjects]
    tickets = _Tickets.of(problem.seed, codes, version)
    order = np.lexsort((np.arange(len(codes)), tickets.subject))
    subject_rank = np.empty(len(codes), dtype=np.int64)
    subject_rank[order] = np.arange(len(codes))
    results = {
        r.department_id: _department(problem, r, tickets, subject_rank)
        for r in problem.requirements
    }
    shortfalls = tuple(s for r in results.values() for s in r.shortfalls)
    if shortfalls:
        raise InfeasibleError(shortfall_report(shortfalls), shortfalls=shortfalls)
    return Staffing(problem, version, results)


def assignment_of(staffing: Staffing) -> Assignment:
    """The audit record of a staffing."""
    problem, results = staffing.problem, staffing.results
    m = len(problem.subjects)
    columns: list[tuple[tuple[DepartmentTeam, ...], PartIndex]] = []
    loads: list[InspectorLoad] = []
    for department_id, result in results.items():
        parts, index, member_counts, specialist_counts = _department_column(
            department_id, result, m
        )
        for pool, counts in (
            (result.member_pool, member_counts),
            (result.specialist_pool, specialist_counts),
        ):
            loads.extend(
                trusted(
                    InspectorLoad,
                    {"inspector_id": i, "department_id": department_id, "subjects": n},
                )
                for i, n in zip(pool.ids, counts, strict=True)
            )
        columns.append((parts, index))
    teams = TeamTable(
        subject_codes=[s.code for s in problem.subjects],
        jurisdictions=[s.jurisdiction for s in problem.subjects],
        departments=columns,
    )
    loads.sort(key=lambda x: x.inspector_id)
    return Assignment(
        version=staffing.version,
        seed=problem.seed,
        inputs_digest=problem.digest(),
        inspection=problem.inspection,
        requirements=problem.requirements,
        teams=teams,
        loads=tuple(loads),
        exclusions=tuple(_exclusions(problem)),
    )


def _call(result: _DepartmentResult, role: Role) -> Call | None:
    return next((c for c in result.calls if c.role is role), None)


def _chosen(call: Call | None, n: int) -> tuple[IntArray, IntArray]:
    """The (subject, pool inspector) pairs of one call's teams, each once, sorted."""
    if call is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    chosen = call.chosen
    width = max(n, 1)
    # Sorted and deduplicated by a plain sort: numpy's hash-based unique is many times slower
    # on large integer arrays (a specialist holding two needed qualifications appears twice).
    key = np.sort(call.node_subject[call.pair_node[chosen]] * width + call.pair_inspector[chosen])
    if len(key):
        key = key[np.concatenate(([True], key[1:] != key[:-1]))]
    return key // width, key % width


def _department_column(
    department_id: str, result: _DepartmentResult, m: int
) -> tuple[tuple[DepartmentTeam, ...], PartIndex, list[int], list[int]]:
    """One department's distinct parts of the teams, each subject's position among them (in
    subject order), and each member's and each specialist's number of subjects.

    When every team has the same number of members and no specialist, each subject's part
    is numbered by its units and members, so that each distinct part is made once (its
    tuple of ids too); otherwise each subject's ids are listed and identical parts found by
    :func:`department_parts`.
    """
    members, specialists = result.member_pool, result.specialist_pool
    n = len(members.ids)
    subject, inspector = _chosen(_call(result, Role.MEMBER), n)
    member_counts = np.bincount(inspector, minlength=n).tolist()
    extra_subject, extra = _chosen(_call(result, Role.SPECIALIST), len(specialists.ids))
    specialist_counts = np.bincount(extra, minlength=len(specialists.ids)).tolist()
    size = np.bincount(subject, minlength=m)
    k = int(size[0]) if m else 0
    groups = max(len(result.unit_keys), 1)
    if k and not len(extra) and bool((size == k).all()) and groups * max(n, 2) ** k < 2**62:
        rows = inspector.reshape(m, k)
        code = result.group.copy()
        for place in range(k):
            code = code * n + rows[:, place]
        _, first, which = np.unique(code, return_index=True, return_inverse=True)
        names = [members.ids[i] for i in rows[first].reshape(-1).tolist()]
        parts, inner = department_parts(
            department_id,
            [result.unit_keys[g] for g in result.group[first].tolist()],
            list(zip(*[iter(names)] * k, strict=True)),
            [()] * len(first),
        )
        return parts, inner[which.reshape(-1)], member_counts, specialist_counts
    units = [result.unit_keys[g] for g in result.group.tolist()]
    parts, index = department_parts(
        department_id,
        units,
        _team_ids(subject, inspector, members.ids, m),
        _team_ids(extra_subject, extra, specialists.ids, m),
    )
    return parts, index, member_counts, specialist_counts


def _team_ids(
    subject: IntArray, inspector: IntArray, ids: list[str], m: int
) -> Sequence[tuple[str, ...]]:
    """Each subject's ids (of the sorted, distinct ``subject``, ``inspector`` pairs)."""
    if not len(subject):
        return ((),) * m
    names = [ids[i] for i in inspector.tolist()]
    everyone = tuple(names)  # a slice of a tuple is a tuple: no list per subject
    bounds = np.searchsorted(subject, np.arange(m + 1)).tolist()
    return [everyone[bounds[s] : bounds[s + 1]] for s in range(m)]


def _exclusion(
    inspector_id: str, department_id: str, subject_code: str | None, reason: Reason
) -> InspectorExclusion:
    """An exclusion record from the problem's own (validated) ids and reason."""
    return trusted(
        InspectorExclusion,
        {
            "inspector_id": inspector_id,
            "department_id": department_id,
            "subject_code": subject_code,
            "code": reason.code,
            "message": reason.message,
        },
    )


def _exclusions(problem: MatchProblem) -> list[InspectorExclusion]:
    taking_part = {r.department_id for r in problem.requirements}
    found: list[InspectorExclusion] = []
    for person in problem.inspectors:
        if person.department_id not in taking_part:
            continue
        role = Role.SPECIALIST if person.specialist else Role.MEMBER
        found.extend(
            _exclusion(person.id, person.department_id, None, reason)
            for reason in problem.inspector_reasons(person, role=role)
        )
    codes = {s.code for s in problem.subjects}
    ids = {i.id for i in problem.inspectors}
    for (code, inspector_id), reasons in sorted(problem.pair_conflicts.items()):
        if code not in codes or inspector_id not in ids:
            continue
        person = problem.inspector(inspector_id)
        if person.department_id not in taking_part:
            continue
        found.extend(
            _exclusion(inspector_id, person.department_id, code, reason) for reason in reasons
        )
    found.sort(key=lambda e: (e.inspector_id, e.subject_code or "", e.code.value))
    return found
