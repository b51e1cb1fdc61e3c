"""Breakdowns of the members (分区域、年龄段、职业、收入, issue #19) with their figures.

Four dimensions, each member in exactly one group of each:

* ``age_band`` — age on the analysis day from the birthday (a lunar birthday's year,
  month and day taken as they are: at most a month off, never a band off except on the
  edge); a birthday without a year is unknown. Fixed bands: under 18, 18–25, 26–35,
  36–45, 46–55, 56+.
* ``occupation`` and ``income_band`` — the archive's text as typed (trimmed). Income
  bands are ordered by the first amount in them (``5千以下`` < ``5千-1万`` < ``1-2万``),
  occupations by size.
* ``area`` (分区域) — the members table has no area field, so the area is the
  district or county (区/县/旗) read off the address: after an optional province (省)
  (or 自治区) and city (市), the first name ending in 区, 县 or 旗 of up to 7 characters
  (``上海市徐汇区…`` → 徐汇区, ``城东区阳光路…`` → 城东区); a housing estate (小区,
  社区, 园区) is not an area. An address without one is unknown.

A dimension shows at most :data:`MAX_GROUPS` named groups (the largest); the rest are
``~other``; members without a value are ``~unknown``. Special codes start with ``~``
(labels group ``breakdown``); the others are the store's own words.

Figures per group (:func:`table`): members, share of members, net spend, average ticket
(net spend / tickets), gross margin (app/analytics/margin.py) and share of margin.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sqlite_utils

DIMENSIONS = ("age_band", "occupation", "income_band", "area")
AGE_BANDS = ("under_18", "18_25", "26_35", "36_45", "46_55", "56_plus")
AGE_EDGES = (18, 26, 36, 46, 56)  # lower bounds of the bands after the first
UNKNOWN, OTHER = "~unknown", "~other"
MAX_GROUPS = 12

_AREA = re.compile(r"^(?:.{1,7}?(?:省|自治区))?(?:.{1,7}?市)?(.{1,7}?[区县旗])")
_NOT_AREA = ("小区", "社区", "园区", "景区", "校区", "厂区", "自治区")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*([千万kK]?)")


def area_of(address: str | None) -> str | None:
    """The district/county of an address (see the module text), or None."""
    text = re.sub(r"\s+", "", address or "")
    m = _AREA.match(text)
    if m is None:
        return None
    name = m.group(1)
    if name.endswith(_NOT_AREA) or len(name) < 2 or "省" in name or "市" in name:
        return None
    return name


def age_band(birthday: str | None, as_of: dt.date) -> str:
    """The band of a ``YYYY-MM-DD`` birthday on ``as_of`` (``~unknown`` without a year)."""
    if not birthday or birthday.startswith("--") or len(birthday) < 10:
        return UNKNOWN
    try:
        y, m, d = int(birthday[:4]), int(birthday[5:7]), int(birthday[8:10])
    except ValueError:
        return UNKNOWN
    age = as_of.year - y - ((as_of.month, as_of.day) < (m, d))
    if age < 0 or age > 120:
        return UNKNOWN
    return AGE_BANDS[sum(age >= edge for edge in AGE_EDGES)]


def _income_key(text: str) -> tuple[float, int, str]:
    m = _AMOUNT.search(text)
    value = float("inf")
    if m:
        value = float(m.group(1)) * {"千": 1e3, "k": 1e3, "K": 1e3, "万": 1e4}.get(m.group(2), 1)
        if not m.group(2):  # "1-2万": the unit comes after the range
            unit = re.search(r"[千万]", text)
            value *= {"千": 1e3, "万": 1e4}[unit.group(0)] if unit else 1
    return (value, 0 if "以下" in text or "以内" in text else 1, text)


@dataclass
class Groups:
    """Each member's group per dimension: ``index[dim]`` holds indexes into
    ``codes[dim]`` (aligned with ``member_ids``)."""

    member_ids: np.ndarray
    codes: dict[str, list[str]] = field(default_factory=dict)
    index: dict[str, np.ndarray] = field(default_factory=dict)

    def mask(self, dim: str, code: str) -> np.ndarray:
        if code not in self.codes[dim]:
            return np.zeros(len(self.member_ids), bool)
        return self.index[dim] == self.codes[dim].index(code)


def _group(values: list[str | None], *, order: str) -> tuple[list[str], np.ndarray]:
    counts = Counter(v for v in values if v)
    if order == "income":
        named = sorted(counts, key=_income_key)
        if len(named) > MAX_GROUPS:  # keep the biggest, in their order
            keep = {v for v, _ in counts.most_common(MAX_GROUPS)}
            named = [v for v in named if v in keep]
    else:
        named = [v for v, _ in counts.most_common(MAX_GROUPS)]
    codes = [*named]
    if len(counts) > len(named):
        codes.append(OTHER)
    codes.append(UNKNOWN)
    pos = {c: i for i, c in enumerate(codes)}
    other, unknown = pos.get(OTHER, -1), pos[UNKNOWN]
    index = np.fromiter(
        (unknown if not v else pos.get(v, other) for v in values), np.int32, len(values)
    )
    return codes, index


def compute(db: sqlite_utils.Database, member_ids: np.ndarray, as_of: dt.date) -> Groups:
    """Each member's group per dimension (``member_ids`` ascending, as in the analysis'
    facts). One read of the members table."""
    info: dict[int, tuple[Any, ...]] = {
        r[0]: r[1:]
        for r in db.execute(
            "SELECT id, birthday, trim(occupation), trim(income_band), address FROM members"
        )
    }
    rows = [info.get(int(mid), (None, None, None, None)) for mid in member_ids.tolist()]
    g = Groups(np.asarray(member_ids, np.int64))
    ages = [age_band(r[0], as_of) for r in rows]
    g.codes["age_band"] = [*AGE_BANDS, UNKNOWN]
    pos = {c: i for i, c in enumerate(g.codes["age_band"])}
    g.index["age_band"] = np.fromiter((pos[a] for a in ages), np.int32, len(ages))
    for dim, col, order in (("occupation", 1, "size"), ("income_band", 2, "income")):
        g.codes[dim], g.index[dim] = _group([r[col] or None for r in rows], order=order)
    g.codes["area"], g.index["area"] = _group([area_of(r[3]) for r in rows], order="size")
    return g


def table(seg: Any, dim: str) -> list[dict[str, Any]]:
    """One dict per group of ``dim`` (groups without members left out, ``~unknown``
    always last): ``code``, ``members``, ``member_share``, ``spend_fen``, ``tickets``,
    ``avg_ticket_fen`` (None without tickets), ``margin_fen``, ``margin_share``."""
    g: Groups = seg.breakdown
    facts = seg.facts
    idx = g.index[dim]
    k = len(g.codes[dim])
    members = np.bincount(idx, minlength=k)
    spend = np.bincount(idx, facts.spend_fen.astype(np.float64), minlength=k)
    tickets = np.bincount(idx, facts.tickets.astype(np.float64), minlength=k)
    margin_fen = seg.margins.margin_fen if seg.margins is not None else np.zeros(len(idx))
    margin = np.bincount(idx, margin_fen.astype(np.float64), minlength=k)
    total_members = max(1, int(members.sum()))
    total_margin = float(margin[margin > 0].sum()) or 1.0
    out = []
    for i, code in enumerate(g.codes[dim]):
        if members[i] == 0:
            continue
        out.append(
            {
                "code": code,
                "members": int(members[i]),
                "member_share": float(members[i] / total_members),
                "spend_fen": round(float(spend[i])),
                "tickets": int(tickets[i]),
                "avg_ticket_fen": round(float(spend[i] / tickets[i])) if tickets[i] > 0 else None,
                "margin_fen": round(float(margin[i])),
                "margin_share": float(max(margin[i], 0.0) / total_margin),
            }
        )
    return out


def ensure(db: sqlite_utils.Database, seg: Any) -> Groups:
    """The analysis' groups, computed once (on the caller's thread) and kept on it."""
    if seg.breakdown is None:
        seg.breakdown = compute(db, seg.facts.member_ids, seg.facts.as_of)
    return seg.breakdown
