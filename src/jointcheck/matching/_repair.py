"""Version 2's canonical repair: breadth-first augmenting paths in one documented order.

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
    component_left: IntArray,
    component_right: IntArray,
    pools: BoolArray | None = None,
) -> None:
    """Augment the flow in place (``chosen``, ``load``, ``got``, ``uncertified``).

    ``pools`` marks, per pair, the pairs of the pools to search (default: all). A path stays
    in its node's pool and ends at an inspector with room there, so searching only the
    pools that have both a short node and an inspector with room changes nothing but the
    time. Pairs are sorted by demand node, so a pool's pairs keep their order.
    ``component_left``/``component_right`` number each node's pool: a search in a pool
    where no inspector has room fails at once (it could only end at one)."""
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
    # Each inspector's chosen pairs (by pair number), in demand-node order.
    bounds = np.searchsorted(left[taken], np.arange(len(cap) + 1)).tolist()
    flat = taken.tolist()
    served = [flat[bounds[i] : bounds[i + 1]] for i in range(len(cap))]
    search = _Search(
        chosen=taken_here.tolist(),
        load=load.tolist(),
        uncertified=uncertified.tolist(),
        right_ptr=local_ptr.tolist(),
        served=served,
        pair_rank=pair_rank,
        left=left.tolist(),
        right=right.tolist(),
        certified=pair_certified[inside].tolist(),
        cap=cap.tolist(),
        max_uncertified=max_uncertified.tolist(),
        n_right=n_right,
        component_left=component_left.tolist(),
        component_right=component_right.tolist(),
    )
    got_list = got.tolist()
    need = demand.tolist()
    has_pairs = np.diff(local_ptr) > 0
    for r in right_order[has_pairs[right_order]].tolist():
        while got_list[r] < need[r] and search.augment(r):
            got_list[r] += 1
    moved = search.moved  # the pairs augmenting paths changed
    chosen[inside[np.array(moved, dtype=np.int64)]] = [search.chosen[e] for e in moved]
    load[:] = search.load
    got[:] = got_list
    uncertified[:] = search.uncertified


class _Search:
    """The residual network as lists. Node numbers: demand node r is r, its
    uncertified-limit node is n_right + r, inspector i is 2 * n_right + i.

    The arcs into a node are visited in the canonical order (see the module docstring)
    inline, without a list per visit; ``stamp`` marks the nodes of the current search (the
    search's number) and the dead ones (-1) in one list, ``via_node``/``via_pair`` hold how
    the current search reached each node."""

    def __init__(
        self,
        *,
        chosen: list[int],
        load: list[int],
        uncertified: list[int],
        right_ptr: list[int],
        served: list[list[int]],
        pair_rank: IntArray,
        left: list[int],
        right: list[int],
        certified: list[bool],
        cap: list[int],
        max_uncertified: list[int],
        n_right: int,
        component_left: list[int],
        component_right: list[int],
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
        nodes = 2 * n_right + len(cap)
        self.stamp = [0] * nodes
        self.via_node = [0] * nodes
        self.via_pair = [0] * nodes
        self.searches = 0
        self.moved: list[int] = []
        self.component_left = component_left
        self.component_right = component_right
        pools = max(max(component_left, default=-1), max(component_right, default=-1)) + 1
        self.room = [0] * pools  # per pool, its inspectors with room
        for i, c in enumerate(component_left):
            self.room[c] += load[i] < cap[i]

    def augment(self, r: int) -> bool:
        """Find one augmenting path ending at demand node ``r`` and apply it.

        A failed search's nodes are dead: every node that can reach them is among them and
        none is an inspector with room, and applying later paths never changes that. Later
        searches skip them, which changes no path they find (a live node is never reached
        through a dead one) and keeps an infeasible call's failed searches linear in all.
        """
        stamp = self.stamp
        if stamp[r] < 0 or not self.room[self.component_right[r]]:
            return False
        n = self.n_right
        first_inspector = 2 * n
        chosen, certified, left, right = self.chosen, self.certified, self.left, self.right
        ptr, served, load, cap = self.right_ptr, self.served, self.load, self.cap
        uncertified, max_uncertified = self.uncertified, self.max_uncertified
        via_node, via_pair = self.via_node, self.via_pair
        self.searches += 1
        mark = self.searches
        stamp[r] = mark
        via_node[r] = -1
        via_pair[r] = -1
        queue = [r]  # every node reached, in the order reached (read from ``head``)
        reach = queue.append
        head = 0
        while head < len(queue):
            v = queue[head]
            head += 1
            if v < n:  # a demand node: its candidates joining, then its limit node
                for e in range(ptr[v], ptr[v + 1]):
                    if certified[e] and not chosen[e]:
                        u = first_inspector + left[e]
                        if stamp[u] == mark or stamp[u] < 0:
                            continue
                        stamp[u], via_node[u], via_pair[u] = mark, v, e
                        if load[u - first_inspector] < cap[u - first_inspector]:
                            self._apply(u)
                            return True
                        reach(u)
                if uncertified[v] < max_uncertified[v]:
                    u = n + v
                    if stamp[u] != mark and stamp[u] >= 0:
                        stamp[u], via_node[u], via_pair[u] = mark, v, -1
                        reach(u)
            elif v < first_inspector:  # a limit node: uncertified candidates, then the node
                w = v - n
                for e in range(ptr[w], ptr[w + 1]):
                    if not certified[e] and not chosen[e]:
                        u = first_inspector + left[e]
                        if stamp[u] == mark or stamp[u] < 0:
                            continue
                        stamp[u], via_node[u], via_pair[u] = mark, v, e
                        if load[u - first_inspector] < cap[u - first_inspector]:
                            self._apply(u)
                            return True
                        reach(u)
                if uncertified[w] > 0 and stamp[w] != mark and stamp[w] >= 0:
                    stamp[w], via_node[w], via_pair[w] = mark, v, -1
                    reach(w)
            else:  # an inspector: the nodes it serves, where it would leave
                for e in served[v - first_inspector]:
                    u = right[e] if certified[e] else n + right[e]
                    if stamp[u] == mark or stamp[u] < 0:
                        continue
                    stamp[u], via_node[u], via_pair[u] = mark, v, e
                    reach(u)
        for u in queue:
            stamp[u] = -1
        return False

    def _apply(self, start: int) -> None:
        n = self.n_right
        i = start - 2 * n
        self.load[i] += 1
        if self.load[i] == self.cap[i]:
            self.room[self.component_left[i]] -= 1
        u = start
        while True:
            v, e = self.via_node[u], self.via_pair[u]
            if v < 0:
                return
            if e >= 0:
                # An inspector joins (u is the inspector) or leaves (v is) the pair's node.
                joins = u >= 2 * n
                self.chosen[e] = int(joins)
                self.moved.append(e)
                served = self.served[self.left[e]]
                if joins:
                    bisect.insort(served, e, key=lambda pair: int(self.pair_rank[pair]))
                else:
                    served.remove(e)
                if not self.certified[e]:
                    self.uncertified[self.right[e]] += 1 if joins else -1
            u = v
