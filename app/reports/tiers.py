"""Every member's tier at a month's end, from ``tier_history``."""

from __future__ import annotations

import numpy as np
import sqlite_utils

from app.analytics import rows as R


class _Tiers:
    """Every member's tier at one time: ``get(member_id)``, and ``sums`` of values by
    tier (numpy: a code index per member, ids ascending)."""

    def __init__(self, ids: np.ndarray, index: np.ndarray, codes: list[str]) -> None:
        self.ids, self.index, self.codes = ids, index, codes

    def _pos(self, member_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        pos = np.searchsorted(self.ids, member_ids)
        posc = np.minimum(pos, max(len(self.ids) - 1, 0))
        known = (pos < len(self.ids)) & (self.ids[posc] == member_ids) if len(self.ids) else pos < 0
        return posc, known

    def get(self, member_id: int, default: str = "normal") -> str:
        posc, known = self._pos(np.array([member_id], np.int64))
        return self.codes[int(self.index[posc[0]])] if known[0] else default

    def sums(self, member_ids: np.ndarray, values: np.ndarray) -> dict[str, int]:
        """Sum of ``values`` per tier of ``member_ids`` (unknown members: "normal");
        only the tiers that occur."""
        posc, known = self._pos(member_ids)
        codes = [*self.codes, "normal"]
        idx = np.where(known, self.index[posc] if len(self.ids) else 0, len(self.codes))
        total = np.bincount(idx, values.astype(np.float64), minlength=len(codes))
        present = np.bincount(idx, minlength=len(codes)) > 0
        out: dict[str, int] = {}
        for i in np.flatnonzero(present).tolist():
            out[codes[i]] = out.get(codes[i], 0) + round(float(total[i]))
        return out


def _tiers_at(db: sqlite_utils.Database, his: list[str]) -> list[_Tiers]:
    """Every member's tier at each time of ``his`` (exclusive), from ``tier_history``:
    the last change before it, else the tier before the first change after it, else the
    current tier. Current tiers come as one id list per tier (the (tier, id) index;
    numpy parses them), the history in one pass for all the times."""
    codes: list[str] = []
    parts: list[np.ndarray] = []
    for tier, ids_text, n in db.execute(
        "SELECT tier, group_concat(id, ','), COUNT(*) FROM members GROUP BY tier"
    ):
        codes.append(tier)
        parts.append(R.parse_ints(ids_text, n))
    ids = np.concatenate([np.zeros(0, np.int64), *parts])
    index = np.repeat(np.arange(len(codes), dtype=np.int64), [len(p) for p in parts])
    order = np.argsort(ids, kind="stable")
    ids, index = ids[order], index[order]
    overrides: list[dict[int, str]] = [{} for _ in his]
    history: dict[int, list[tuple[str, str | None, str]]] = {}
    for mid, at, before, after in db.execute(
        "SELECT member_id, at, from_tier, to_tier FROM tier_history ORDER BY member_id, at, id"
    ):
        history.setdefault(mid, []).append((at, before, after))
    for mid, changes in history.items():
        for out, hi in zip(overrides, his, strict=True):
            earlier = [after for at, _b, after in changes if at < hi]
            later = [before for at, before, _a in changes if at >= hi]
            if earlier:
                out[mid] = earlier[-1]
            elif later:
                out[mid] = later[0] or "normal"
    result = []
    for out in overrides:
        t_codes, t_ids, t_index = list(codes), ids, index
        if out:
            t_index = index.copy()
            extra = []
            for mid, tier in out.items():
                if tier not in t_codes:
                    t_codes.append(tier)
                k = int(np.searchsorted(ids, mid))
                if k < len(ids) and ids[k] == mid:
                    t_index[k] = t_codes.index(tier)
                else:  # history of a member no longer in the table
                    extra.append((mid, t_codes.index(tier)))
            if extra:
                t_ids = np.concatenate([ids, np.array([e[0] for e in extra], np.int64)])
                t_index = np.concatenate([t_index, np.array([e[1] for e in extra], np.int64)])
                order = np.argsort(t_ids, kind="stable")
                t_ids, t_index = t_ids[order], t_index[order]
        result.append(_Tiers(t_ids, t_index, t_codes))
    return result
