"""The array core: staff demand nodes from capacitated supply nodes (greedy + max-flow).

Supply nodes ("left", inspectors) have workload caps; demand nodes ("right", subjects) need
``demand[r]`` distinct left nodes among their candidate pairs, at most ``max_uncertified[r]``
of them uncertified. The flow network is::

    source ─cap─▶ left i ─1─▶ right r ─demand─▶ sink          (certified pairs)
                  left i ─1─▶ unc(r) ─max_uncertified─▶ right r (uncertified pairs)

An integral flow that saturates every ``right → sink`` edge is exactly a valid staffing, so
a maximum flow (scipy's Dinic) decides feasibility exactly. Randomness and evenness come from
the order of work:

1. every connected pool gets a *level*: the smallest L with Σ min(cap_i, L) ≥ its demand;
2. stage j caps each inspector at ``min(cap_i, max(L - 1, 0) + j)`` (j = 0, 1, 2, 3, 6, 12, …,
   up to the first stage whose caps reach the real ones); in each stage demand nodes, in
   ticket order, take their first candidates with room (greedy);
3. then what the greedy could not fill is filled up to a maximum flow under the stage's caps:
   version 1 by scipy's Dinic, version 2 by one canonical repair
   (:mod:`jointcheck.matching._repair`: breadth-first augmenting paths in a documented
   order, run only where a pool has both a short node and an inspector with room), so that
   anyone can recompute its teams;
4. loads never decrease from one stage to the next and the flow is maximum under every
   stage's caps, so when the caps do not bind every inspector of a pool ends at L - 1 or L.

If the last stage (real caps) still leaves demand unmet, the nodes that can reach the sink
in the residual network form the smallest sink side of a minimum cut: their demand nodes are
a Hall violator (their demand exceeds what their candidates can supply) and their supply
nodes are the inspectors whose caps bind.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_array
from scipy.sparse.csgraph import (
    breadth_first_order,
    connected_components,
    maximum_flow,
)

from jointcheck.matching._repair import repair

__all__ = ["FlowOutcome", "stage_values", "staff"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class FlowOutcome:
    """What :func:`staff` found.

    ``chosen`` marks the selected pairs; ``load`` counts pairs per left node and ``got`` per
    right node. When demand is unmet, ``violator_right`` / ``violator_left`` mark the nodes on
    the minimal sink side of a minimum cut and ``uncertified_binds`` the right nodes whose
    uncertified limit is saturated there.
    """

    chosen: BoolArray
    load: IntArray
    got: IntArray
    component_left: IntArray
    component_right: IntArray
    violator_right: BoolArray
    violator_left: BoolArray
    uncertified_binds: BoolArray
    stage: IntArray
    cap: IntArray
    level: IntArray

    @property
    def satisfied(self) -> bool:
        return not bool(self.violator_right.any())


def staff(
    *,
    n_left: int,
    n_right: int,
    pair_left: IntArray,
    pair_right: IntArray,
    pair_certified: BoolArray,
    left_cap: IntArray,
    demand: IntArray,
    max_uncertified: IntArray,
    right_order: IntArray,
    version: str = "2",
) -> FlowOutcome:
    """Staff every demand node or find why not (see the module docstring).

    Pairs must be sorted by right node, and within a right node by preference (ticket).
    ``left_cap`` may exceed the left node's degree; ``right_order`` is the greedy order.
    ``version`` "1" repairs by Dinic's max-flow at every stage, "2" by the canonical repair
    at every stage. ``stage`` of the outcome is the stage value at which the greedy
    took each pair (-1: not taken by the greedy).
    """
    n_pairs = len(pair_left)
    right_ptr = np.zeros(n_right + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair_right, minlength=n_right), out=right_ptr[1:])
    degree = np.bincount(pair_left, minlength=n_left).astype(np.int64)
    cap_eff = np.minimum(left_cap, degree)

    n_comp, labels = _components(n_left, n_right, pair_left, pair_right, right_ptr)
    comp_left = labels[:n_left].astype(np.int64)
    comp_right = labels[n_left:].astype(np.int64)
    level = _levels(n_comp, comp_left, comp_right, cap_eff, demand)
    base = np.maximum(level[comp_left] - 1, 0)

    state = _State(n_left, n_right, n_pairs)

    def network() -> _Network:
        return _Network(pair_left, pair_right, pair_certified, demand, max_uncertified, n_left)

    total = int(demand.sum())
    for step in stage_values(base, cap_eff):
        caps = np.minimum(cap_eff, base + step)
        _greedy(
            state,
            right_order,
            right_ptr,
            pair_left,
            pair_certified,
            caps,
            demand,
            max_uncertified,
            step,
        )
        if int(state.got.sum()) < total:
            if version == "1":
                network().augment(state, caps)
            elif (
                active := _pools_to_repair(state, caps, demand, comp_left, comp_right, n_comp)
            ).any():
                repair(
                    chosen=state.chosen,
                    load=state.load,
                    got=state.got,
                    uncertified=state.uncertified,
                    right_order=right_order,
                    right_ptr=right_ptr,
                    pair_left=pair_left,
                    pair_right=pair_right,
                    pair_certified=pair_certified,
                    cap=caps,
                    demand=demand,
                    max_uncertified=max_uncertified,
                    component_left=comp_left,
                    component_right=comp_right,
                    pools=active[comp_right[pair_right]],
                )
        if int(state.got.sum()) >= total:
            break
    done = int(state.got.sum()) >= total
    violator_right = np.zeros(n_right, dtype=bool)
    violator_left = np.zeros(n_left, dtype=bool)
    uncertified_binds = np.zeros(n_right, dtype=bool)
    if not done:
        violator_left, violator_right, uncertified_binds = network().min_cut_sink_side(
            state, cap_eff
        )
    return FlowOutcome(
        chosen=state.chosen.astype(bool),
        load=state.load.copy(),
        got=state.got.copy(),
        component_left=comp_left,
        component_right=comp_right,
        violator_right=violator_right,
        violator_left=violator_left,
        uncertified_binds=uncertified_binds,
        stage=state.stage,
        cap=cap_eff,
        level=level,
    )


def _pools_to_repair(
    state: _State,
    caps: IntArray,
    demand: IntArray,
    comp_left: IntArray,
    comp_right: IntArray,
    n_comp: int,
) -> BoolArray:
    """The pools with both a short demand node and an inspector below its stage cap: the
    only pools where an augmenting path exists (it ends at an inspector with room, inside
    the short node's pool)."""
    room = np.bincount(comp_left[state.load < caps], minlength=n_comp) > 0
    short = np.bincount(comp_right[state.got < demand], minlength=n_comp) > 0
    return room & short


def stage_values(base: IntArray, cap: IntArray) -> list[int]:
    """The stage values j = 0, 1, 2, 3, 6, 12, 24, …, up to the first whose caps
    ``min(cap, base + j)`` reach every cap."""
    top = int((cap - base).max()) if len(cap) else 0
    values = [0]
    while values[-1] < top:
        values.append(values[-1] + 1 if values[-1] < 3 else values[-1] * 2)
    return values


def _components(
    n_left: int, n_right: int, pair_left: IntArray, pair_right: IntArray, right_ptr: IntArray
) -> tuple[int, IntArray]:
    """Connected components of the candidate graph (inspectors 0..n_left-1, then demand
    nodes), numbered in the order of their lowest node.

    Two inspectors are connected when they are candidates of one node, so the components
    follow from the graph of inspectors joined by consecutive candidates of each node (far
    smaller than the pairs); each node then joins its first candidate's component.
    """
    n = n_left + n_right
    if n_left > 2048 or not len(pair_left):  # the inspector graph would be large: all pairs
        _, labels = connected_components(
            csr_array(
                (np.ones(len(pair_left), dtype=np.int8), (pair_left, n_left + pair_right)),
                shape=(n, n),
            ),
            directed=False,
        )
    else:
        # Consecutive candidates (a, b) as one number a * n_left + b, the pairs that straddle
        # two nodes made the harmless self-loop (0, 0): few arrays as long as the pairs.
        joint = pair_left[:-1].astype(np.int32)  # n_left <= 2048: fits
        joint *= n_left
        joint += pair_left[1:]
        starts = right_ptr[1:-1]
        joint[starts[(starts > 0) & (starts < len(pair_left))] - 1] = 0
        seen = np.zeros(n_left * n_left, dtype=bool)
        seen[joint] = True
        joined = np.flatnonzero(seen)
        _, inspector_label = connected_components(
            csr_array(
                (np.ones(len(joined), dtype=np.int8), (joined // n_left, joined % n_left)),
                shape=(n_left, n_left),
            ),
            directed=False,
        )
        has = right_ptr[1:] > right_ptr[:-1]
        labels = np.empty(n, dtype=np.int64)
        labels[:n_left] = inspector_label
        labels[n_left:] = n_left + np.arange(n_right)  # a node without candidates: alone
        labels[n_left:][has] = inspector_label[pair_left[right_ptr[:-1][has]]]
    # Number the components by their lowest node.
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return len(first), rank[inverse.reshape(-1)]


def _levels(
    n_comp: int, comp_left: IntArray, comp_right: IntArray, cap_eff: IntArray, demand: IntArray
) -> IntArray:
    """Per pool, the smallest L with Σ min(cap_i, L) ≥ demand (water-filling level)."""
    want = np.bincount(comp_right, weights=demand, minlength=n_comp).astype(np.int64)
    active = cap_eff > 0
    heads = np.bincount(comp_left[active], minlength=n_comp).astype(np.int64)
    level = np.zeros(n_comp, dtype=np.int64)
    has = heads > 0
    level[has] = -(-want[has] // heads[has])
    # Components where some cap is below the plain level need water-filling.
    low = np.zeros(n_comp, dtype=bool)
    capped = active & (cap_eff < level[comp_left])
    low[comp_left[capped]] = True
    for comp in np.flatnonzero(low).tolist():
        caps = np.sort(cap_eff[(comp_left == comp) & active])
        lo, hi = int(level[comp]), int(caps[-1])
        if int(caps.sum()) < int(want[comp]):
            level[comp] = hi
            continue
        while lo < hi:
            mid = (lo + hi) // 2
            if int(np.minimum(caps, mid).sum()) >= int(want[comp]):
                hi = mid
            else:
                lo = mid + 1
        level[comp] = lo
    return level


class _State:
    """The current integral flow: chosen pairs and the counts they imply."""

    def __init__(self, n_left: int, n_right: int, n_pairs: int) -> None:
        self.chosen = np.zeros(n_pairs, dtype=np.int64)
        self.load = np.zeros(n_left, dtype=np.int64)
        self.got = np.zeros(n_right, dtype=np.int64)
        self.uncertified = np.zeros(n_right, dtype=np.int64)
        self.stage = np.full(n_pairs, -1, dtype=np.int64)


def _greedy(
    state: _State,
    right_order: IntArray,
    right_ptr: IntArray,
    pair_left: IntArray,
    pair_certified: BoolArray,
    caps: IntArray,
    demand: IntArray,
    max_uncertified: IntArray,
    step: int,
) -> None:
    """Each short demand node, in order, takes its first candidates that still have room
    (marking them with the stage value ``step``). Arrays are read and written in place
    through memoryviews: no per-stage copy of the pairs."""
    short = demand[right_order] > state.got[right_order]
    if not bool(short.any()):
        return
    # Per-pair arrays through memoryviews (no copy); per-node and per-inspector ones as lists.
    # A node's own pairs are visited once a stage, so the pairs taken are written at its end.
    chosen = state.chosen.data
    left = np.ascontiguousarray(pair_left, dtype=np.int64).data
    certified = np.ascontiguousarray(pair_certified, dtype=np.bool_).data
    room = np.maximum(caps - state.load, 0).tolist()  # places left under the stage's caps
    got = state.got.tolist()
    unc = state.uncertified.tolist()
    ptr = right_ptr.tolist()
    need_of = demand.tolist()
    unc_max = max_uncertified.tolist()
    # A node with no member yet has no chosen pair; with every pair certified, no limit binds.
    plain = bool(pair_certified.all())
    taken: list[int] = []
    take = taken.append
    for r in right_order[short].tolist():
        need = need_of[r] - got[r]
        if plain and not got[r]:
            for e in range(ptr[r], ptr[r + 1]):
                i = left[e]
                if room[i]:
                    take(e)
                    room[i] -= 1
                    need -= 1
                    if not need:
                        break
            got[r] = need_of[r] - need
            continue
        for e in range(ptr[r], ptr[r + 1]):
            if chosen[e]:
                continue
            i = left[e]
            if not room[i]:
                continue
            if not certified[e]:
                if unc[r] >= unc_max[r]:
                    continue
                unc[r] += 1
            take(e)
            room[i] -= 1
            need -= 1
            if need == 0:
                break
        got[r] = need_of[r] - need
    picked = np.array(taken, dtype=np.int64)
    state.chosen[picked] = 1
    state.stage[picked] = step
    state.load += np.bincount(pair_left[picked], minlength=len(state.load))
    state.got[:] = got
    state.uncertified[:] = unc


class _Network:
    """The flow network's fixed structure; builds residual graphs for a given flow."""

    def __init__(
        self,
        pair_left: IntArray,
        pair_right: IntArray,
        pair_certified: BoolArray,
        demand: IntArray,
        max_uncertified: IntArray,
        n_left: int,
    ) -> None:
        n_right = len(demand)
        self.n_left = n_left
        self.n_right = n_right
        unc_rights = np.unique(pair_right[~pair_certified])
        self.unc_rights = unc_rights
        unc_node = np.full(n_right, -1, dtype=np.int64)
        first_unc = 1 + n_left + n_right
        unc_node[unc_rights] = first_unc + np.arange(len(unc_rights))
        self.sink = first_unc + len(unc_rights)
        self.n_nodes = self.sink + 1
        right_node = 1 + n_left + np.arange(n_right, dtype=np.int64)
        self.pair_tail = 1 + pair_left
        self.pair_head = np.where(pair_certified, right_node[pair_right], unc_node[pair_right])
        self.pair_right = pair_right
        self.pair_certified = pair_certified
        self.left_node = 1 + np.arange(n_left, dtype=np.int64)
        self.right_node = right_node
        self.unc_node = unc_node
        self.demand = demand
        self.max_uncertified = max_uncertified

    def _edges(
        self, state: _State, caps: IntArray
    ) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        unc = self.unc_rights
        tails = np.concatenate(
            [
                np.zeros(self.n_left, dtype=np.int64),
                self.pair_tail,
                self.unc_node[unc],
                self.right_node,
            ]
        )
        heads = np.concatenate(
            [
                self.left_node,
                self.pair_head,
                self.right_node[unc],
                np.full(self.n_right, self.sink, dtype=np.int64),
            ]
        )
        capacity = np.concatenate(
            [
                caps,
                np.ones(len(self.pair_tail), dtype=np.int64),
                self.max_uncertified[unc],
                self.demand,
            ]
        )
        flow = np.concatenate([state.load, state.chosen, state.uncertified[unc], state.got])
        return tails, heads, capacity, flow

    def _residual(
        self, tails: IntArray, heads: IntArray, capacity: IntArray, flow: IntArray
    ) -> csr_array:
        forward = capacity - flow
        rows = np.concatenate([tails, heads])
        cols = np.concatenate([heads, tails])
        data = np.concatenate([forward, flow])
        keep = data > 0
        return csr_array(
            (data[keep].astype(np.int32), (rows[keep], cols[keep])),
            shape=(self.n_nodes, self.n_nodes),
        )

    def augment(self, state: _State, caps: IntArray) -> None:
        """Raise the flow to a maximum flow under ``caps`` by augmenting paths."""
        tails, heads, capacity, flow = self._edges(state, caps)
        residual = self._residual(tails, heads, capacity, flow)
        result = maximum_flow(residual, 0, self.sink, method="dinic")
        if result.flow_value == 0:
            return
        # Only pair edges decide the new flow; every other edge's flow follows from them.
        net = result.flow.tocsr()
        changed = np.flatnonzero(net.data)
        rows = np.searchsorted(net.indptr, changed, side="right") - 1
        cols = net.indices[changed].astype(np.int64)
        values = net.data[changed].astype(np.int64)
        on_pair = (rows >= 1) & (rows <= self.n_left) & (cols > self.n_left) & (cols < self.sink)
        rows, cols, values = rows[on_pair], cols[on_pair], values[on_pair]
        right = np.where(
            cols <= self.n_left + self.n_right,
            cols - 1 - self.n_left,
            self.unc_rights[np.clip(cols - (1 + self.n_left + self.n_right), 0, None)]
            if len(self.unc_rights)
            else 0,
        )
        keys = right * self.n_left + (rows - 1)
        pair_keys = self.pair_right * self.n_left + (self.pair_tail - 1)
        pair_keys_order = np.argsort(pair_keys, kind="stable")
        at = np.searchsorted(pair_keys[pair_keys_order], keys)
        state.chosen[pair_keys_order[at]] += values
        chosen = state.chosen.astype(bool)
        state.load = np.bincount(self.pair_tail[chosen] - 1, minlength=self.n_left).astype(np.int64)
        state.got = np.bincount(self.pair_right[chosen], minlength=self.n_right).astype(np.int64)
        state.uncertified = np.bincount(
            self.pair_right[chosen & ~self.pair_certified], minlength=self.n_right
        ).astype(np.int64)

    def min_cut_sink_side(
        self, state: _State, caps: IntArray
    ) -> tuple[BoolArray, BoolArray, BoolArray]:
        """Left, right nodes (and binding uncertified limits) that can reach the sink."""
        tails, heads, capacity, flow = self._edges(state, caps)
        residual = self._residual(tails, heads, capacity, flow)
        reach = breadth_first_order(
            residual.T.tocsr(), self.sink, directed=True, return_predecessors=False
        )
        mask = np.zeros(self.n_nodes, dtype=bool)
        mask[reach] = True
        left = mask[self.left_node]
        right = mask[self.right_node]
        binds = np.zeros(self.n_right, dtype=bool)
        unc = self.unc_rights
        binds[unc] = right[unc] & ~mask[self.unc_node[unc]]
        return left, right, binds
