"""Remedies that are checked before they are offered: each one is tried on the department's
flow network (raised caps, added certified inspectors) and offered only in the size that
staffs the subjects it is for."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from jointcheck.matching._flow import staff

__all__ = ["Restaffing"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Restaffing:
    """One department's member network, to staff again with changed caps or added people.

    Left nodes are numbered by rank (as the matcher numbers them); ``pool_rank[i]`` is the
    rank of pool inspector ``i``. Pairs are sorted by subject, then preference.
    """

    pool_rank: IntArray
    pair_left: IntArray
    pair_right: IntArray
    pair_certified: BoolArray
    left_cap: IntArray
    demand: IntArray
    max_uncertified: IntArray
    right_order: IntArray

    def got(
        self,
        *,
        raise_pool: IntArray | None = None,
        raise_by: int = 0,
        added: int = 0,
        added_subjects: IntArray | None = None,
        added_cap: int = 0,
    ) -> IntArray:
        """Members each subject gets when the pool inspectors ``raise_pool`` have their caps
        raised by ``raise_by`` and ``added`` certified inspectors, eligible for
        ``added_subjects`` with cap ``added_cap``, join."""
        n_left = len(self.left_cap)
        cap = self.left_cap.copy()
        if raise_pool is not None and len(raise_pool):
            cap[self.pool_rank[raise_pool]] += raise_by
        left, right, certified = self.pair_left, self.pair_right, self.pair_certified
        if added and added_subjects is not None and len(added_subjects):
            new_left = np.arange(n_left, n_left + added, dtype=np.int64)
            extra_right = np.repeat(added_subjects.astype(np.int64), added)
            extra_left = np.tile(new_left, len(added_subjects))
            right = np.concatenate([right, extra_right])
            left = np.concatenate([left, extra_left])
            certified = np.concatenate([certified, np.ones(len(extra_left), dtype=bool)])
            order = np.argsort(right, kind="stable")
            right, left, certified = right[order], left[order], certified[order]
            cap = np.concatenate([cap, np.full(added, added_cap, dtype=np.int64)])
            n_left += added
        outcome = staff(
            n_left=n_left,
            n_right=len(self.demand),
            pair_left=left,
            pair_right=right,
            pair_certified=certified,
            left_cap=cap,
            demand=self.demand,
            max_uncertified=self.max_uncertified,
            right_order=self.right_order,
            version="1",  # only how much is staffed matters here: Dinic's max-flow is fastest
        )
        return outcome.got

    def staffed(self, subjects: IntArray, got: IntArray) -> bool:
        """Whether every one of ``subjects`` gets its full demand."""
        return bool((got[subjects] >= self.demand[subjects]).all())

    def smallest_raise(self, subjects: IntArray, raise_pool: IntArray, most: int) -> int | None:
        """The least raise (1..``most``) of the caps of ``raise_pool`` that staffs
        ``subjects``, or None when even ``most`` does not."""
        if not len(raise_pool) or not self.staffed(
            subjects, self.got(raise_pool=raise_pool, raise_by=most)
        ):
            return None
        low, high = 1, most
        while low < high:
            mid = (low + high) // 2
            if self.staffed(subjects, self.got(raise_pool=raise_pool, raise_by=mid)):
                high = mid
            else:
                low = mid + 1
        return low

    def fewest_added(
        self, subjects: IntArray, eligible: IntArray, *, cap: int, least: int, most: int
    ) -> int | None:
        """The fewest certified inspectors (``least``..``most``), eligible for ``eligible``
        with cap ``cap``, that staff ``subjects``, or None when ``most`` do not."""
        least = max(least, 1)
        if most < least or not self.staffed(
            subjects, self.got(added=most, added_subjects=eligible, added_cap=cap)
        ):
            return None
        low, high = least, most
        while low < high:
            mid = (low + high) // 2
            if self.staffed(subjects, self.got(added=mid, added_subjects=eligible, added_cap=cap)):
                high = mid
            else:
                low = mid + 1
        return low
