"""The canonical repair (algorithm version 2) as first written, kept as the reference that
``jointcheck.matching._repair`` must match path for path (see test_matching_speed.py).

Version 2's canonical repair: breadth-first augmenting paths in one documented order.

After the greedy of each stage, each short demand node, in demand-node order, searches
backwards through the residual network of the flow network (see
:mod:`jointcheck.matching._flow`) for an inspector with spare capacity, and moves members
along the shortest path found, until the node is full or no path remains. The order in which the search looks at arcs is fixed (and
specified in ``docs/matching-specification.md``), so the result is the same in every
implementation:

* into a demand node ``N``: its candidates in candidate order whose certified pair is not
  chosen (an inspector joins), then its uncertified-limit node ``U`` when below the limit;
* into ``U``: the node's candidates in candidate order whose uncertified pair is not chosen,
  then ``N`` itself when it has an uncertified member (one leaves);
* into an inspector: the pairs it is chosen for, in demand-node order (it leaves that node,
  arriving from ``N`` for a certified pair or from ``U`` for an uncertified one).

A search stops at the first inspector it discovers whose load is below its cap (the stage's
cap).
Augmenting one path never opens a path into a node whose search failed, so one pass over
the short nodes ends at a maximum flow: the staffing is complete whenever one exists.
"""

from __future__ import annotations

import bisect
from collections import deque

import numpy as np
import numpy.typing as npt

__all__ = ["repair"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def repair(
    *,
    chosen: IntArray,
    load: IntArray,
    got: IntArray,
    uncertified: IntArray,
    right_order: IntArray,
    right_ptr: IntArray,
    pair_left: IntArray,
    pair_right: IntArray,
    pair_certified: BoolArray,
    cap: IntArray,
    demand: IntArray,
    max_uncertified: IntArray,
    pools: BoolArray | None = None,
) -> None:
    """Augment the flow in place (``chosen``, ``load``, ``got``, ``uncertified``).

    ``pools`` marks, per pair, the pairs of the pools to search (default: all). A path stays
    in its node's pool and ends at an inspector with room there, so searching only the
    pools that have both a short node and an inspector with room changes nothing but the
    time. Pairs are sorted by demand node, so a pool's pairs keep their order."""
    n_right = len(demand)
    rank = np.empty(n_right, dtype=np.int64)
    rank[right_order] = np.arange(n_right, dtype=np.int64)
    inside = np.arange(len(pair_left)) if pools is None else np.flatnonzero(pools)
    left, right = pair_left[inside], pair_right[inside]
    local_ptr = np.zeros(n_right + 1, dtype=np.int64)
    np.cumsum(np.bincount(right, minlength=n_right), out=local_ptr[1:])
    taken_here = chosen[inside]
    # Each inspector's chosen pairs in demand-node order (kept so as paths move members).
    pair_rank = rank[right]
    taken = np.flatnonzero(taken_here)
    taken = taken[np.lexsort((pair_rank[taken], left[taken]))]
    served: list[list[tuple[int, int]]] = [[] for _ in range(len(cap))]
    for e, i, k in zip(
        taken.tolist(), left[taken].tolist(), pair_rank[taken].tolist(), strict=True
    ):
        served[i].append((k, e))
    search = _Search(
        chosen=taken_here.tolist(),
        load=load.tolist(),
        uncertified=uncertified.tolist(),
        right_ptr=local_ptr.tolist(),
        served=served,
        pair_rank=pair_rank.tolist(),
        left=left.tolist(),
        right=right.tolist(),
        certified=pair_certified[inside].tolist(),
        cap=cap.tolist(),
        max_uncertified=max_uncertified.tolist(),
        n_right=n_right,
    )
    got_list = got.tolist()
    need = demand.tolist()
    has_pairs = np.diff(local_ptr) > 0
    for r in right_order[has_pairs[right_order]].tolist():
        while got_list[r] < need[r] and search.augment(r):
            got_list[r] += 1
    chosen[inside] = search.chosen
    load[:] = search.load
    got[:] = got_list
    uncertified[:] = search.uncertified


class _Search:
    """The residual network as lists. Node numbers: demand node r is r, its
    uncertified-limit node is n_right + r, inspector i is 2 * n_right + i."""

    def __init__(
        self,
        *,
        chosen: list[int],
        load: list[int],
        uncertified: list[int],
        right_ptr: list[int],
        served: list[list[tuple[int, int]]],
        pair_rank: list[int],
        left: list[int],
        right: list[int],
        certified: list[bool],
        cap: list[int],
        max_uncertified: list[int],
        n_right: int,
    ) -> None:
        self.chosen = chosen
        self.load = load
        self.uncertified = uncertified
        self.right_ptr = right_ptr
        self.served = served
        self.pair_rank = pair_rank
        self.left = left
        self.right = right
        self.certified = certified
        self.cap = cap
        self.max_uncertified = max_uncertified
        self.n_right = n_right
        self.dead: set[int] = set()

    def _into(self, v: int) -> list[tuple[int, int]]:
        """Residual arcs into node ``v`` as (tail node, pair or -1), in the canonical order."""
        n = self.n_right
        chosen, certified, left = self.chosen, self.certified, self.left
        if v < n:
            arcs = [
                (2 * n + left[e], e)
                for e in range(self.right_ptr[v], self.right_ptr[v + 1])
                if certified[e] and not chosen[e]
            ]
            if self.uncertified[v] < self.max_uncertified[v]:
                arcs.append((n + v, -1))
            return arcs
        if v < 2 * n:
            r = v - n
            arcs = [
                (2 * n + left[e], e)
                for e in range(self.right_ptr[r], self.right_ptr[r + 1])
                if not certified[e] and not chosen[e]
            ]
            if self.uncertified[r] > 0:
                arcs.append((r, -1))
            return arcs
        right = self.right
        return [(right[e] if certified[e] else n + right[e], e) for _, e in self.served[v - 2 * n]]

    def augment(self, r: int) -> bool:
        """Find one augmenting path ending at demand node ``r`` and apply it.

        A failed search's nodes are dead: every node that can reach them is among them and
        none is an inspector with room, and applying later paths never changes that. Later
        searches skip them, which changes no path they find (a live node is never reached
        through a dead one) and keeps an infeasible call's failed searches linear in all.
        """
        n = self.n_right
        if r in self.dead:
            return False
        via: dict[int, tuple[int, int]] = {r: (-1, -1)}
        queue = deque([r])
        while queue:
            v = queue.popleft()
            for u, e in self._into(v):
                if u in via or u in self.dead:
                    continue
                via[u] = (v, e)
                if u >= 2 * n and self.load[u - 2 * n] < self.cap[u - 2 * n]:
                    self._apply(u, via)
                    return True
                queue.append(u)
        self.dead.update(via)
        return False

    def _apply(self, start: int, via: dict[int, tuple[int, int]]) -> None:
        n = self.n_right
        self.load[start - 2 * n] += 1
        u = start
        while True:
            v, e = via[u]
            if v < 0:
                return
            if e >= 0:
                # An inspector joins (u is the inspector) or leaves (v is) the pair's node.
                joins = u >= 2 * n
                self.chosen[e] = int(joins)
                served = self.served[self.left[e]]
                if joins:
                    bisect.insort(served, (self.pair_rank[e], e))
                else:
                    served.remove((self.pair_rank[e], e))
                if not self.certified[e]:
                    self.uncertified[self.right[e]] += 1 if joins else -1
            u = v
