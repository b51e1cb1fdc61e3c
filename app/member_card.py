"""Everything the member card (会员卡片) shows, in one call: the archive, the header
figures, purchase and contact history, open complaints and referrals.

Figures come from facts or the ``member_stats`` cache; points are the sum of the
ledger (never a stored balance). A member with hundreds of tickets is read in a handful
of indexed queries (well under 100 ms on the 100k-member store).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from app import contacts, loyalty, members, purchases
from app import state as app_state
from app.core import Actor, NotFound
from app.normalize import split_birthday
from app.occasions import lunar_solar, next_yearly


def _birthday(member: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """Next solar date of the birthday (lunar ones converted), days until it, and the
    age today (None without a birth year)."""
    if not member.get("birthday"):
        return {"next_birthday": None, "days_to_birthday": None, "age": None}
    year, month, day = split_birthday(member["birthday"])
    cal = member["birthday_calendar"]
    leap = bool(member["birthday_leap"])
    nxt = next_yearly(month, day, calendar=cal, leap=leap, on_or_after=today)
    age = None
    if year is not None:
        if cal == "lunar":
            born = lunar_solar(year, month, day, leap)
        else:
            try:
                born = dt.date(year, month, day)
            except ValueError:  # 29 February kept as given
                born = dt.date(year, 2, 28)
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return {"next_birthday": nxt, "days_to_birthday": (nxt - today).days, "age": age}


def _margin(db: sqlite_utils.Database, member_id: int) -> dict[str, Any]:
    """The gross margin beside the spend (app/analytics/margin.py)."""
    from app.analytics.margin import member_margin

    m = member_margin(db, member_id)
    return {
        "margin_fen": m["margin_fen"],
        "margin_known_share": m["known_share"],
        "margin_rate": m["rate"],
        "margin_own_rate": m["own_rate"],
    }


def _types(db: sqlite_utils.Database, member_id: int, today: dt.date) -> list[str]:
    """The member's customer types (codes; the analytics page's rule)."""
    from app.analytics.member_types import types_for

    return types_for(db, [member_id], as_of=today).get(member_id, [])


def member_card(
    db: sqlite_utils.Database,
    member_id: int,
    *,
    actor: Actor,
    today: dt.date,
    unmask: bool = False,
) -> dict[str, Any]:
    """The card of one member (raises NotFound):

    * ``member`` — the archive (``app.members.get_member``: every column, tags, family;
      the phone as ``actor`` may see it, masked unless ``unmask`` and allowed, logged);
    * ``header`` — ``total_paid_fen`` (net of returns), ``visits``,
      ``first_purchase_at``, ``last_purchase_at``, ``days_since_purchase``,
      ``spend_12m_fen`` (paid in the 365 days up to ``today``, net), ``last_clerk_id``
      and ``last_clerk_name``, ``margin_fen`` (gross margin, lifetime: paid − cost
      where the items' cost is known, the rest at the margin rate; None without spend),
      ``margin_known_share`` (share of the spend with a known cost), ``margin_rate``
      and ``margin_own_rate`` (app.analytics.margin.member_margin), ``tier`` with
      ``tier_name_zh``/``tier_name_en``/``tier_rank``, ``points_balance`` (sum of the ledger),
      ``points_expiring`` (points whose last valid day is within 30 days, from
      ``app.loyalty.member_points``) and ``points_next_expiry``, ``next_birthday``
      (solar date, lunar birthdays converted), ``days_to_birthday``, ``age``,
      ``status`` (the derived state, app/state.py), ``customer_types`` (codes of
      labels ``customer_type``: effective or ineffective, discount-, frequency-,
      amount-type; app.analytics.member_types);
    * ``purchases`` — ``app.purchases.purchase_history`` (newest first, with items);
    * ``contacts`` — ``app.contacts.contact_history`` (newest first);
    * ``open_complaints`` — complaints open or in progress;
    * ``referrer`` — ``{id, member_no, name}`` of who referred them, or None;
    * ``referred`` — ``[{id, member_no, name, joined_on}]`` they referred.
    """
    member = members.get_member(db, member_id, actor=actor, unmask=unmask)
    if member is None:
        raise NotFound(f"member {member_id} does not exist")
    stats_row = db.execute(
        "SELECT s.visits, s.total_paid_fen, s.first_purchase_at, s.last_purchase_at, "
        "s.last_clerk_id, u.display_name FROM member_stats s "
        "LEFT JOIN users u ON u.id = s.last_clerk_id WHERE s.member_id = ?",
        [member_id],
    ).fetchone() or (0, 0, None, None, None, None)
    tier = db.execute(
        "SELECT name_zh, name_en, rank FROM tiers WHERE code = ?", [member["tier"]]
    ).fetchone() or (member["tier"], member["tier"], None)
    since = (today - dt.timedelta(days=364)).isoformat()
    until = (today + dt.timedelta(days=1)).isoformat()
    spend_12m = db.execute(
        "SELECT COALESCE(SUM(paid_fen), 0) FROM purchases "
        "WHERE member_id = ? AND at >= ? AND at < ?",
        [member_id, since, until],
    ).fetchone()[0]
    points = loyalty.member_points(db, member_id, today=today, with_ledger=False)
    last = stats_row[3]
    header = {
        "member_no": member["member_no"],
        "name": member["name"],
        "status": app_state.state_of(db, member_id, today),  # derived (app/state.py)
        "customer_types": _types(db, member_id, today),
        "visits": stats_row[0],
        "total_paid_fen": stats_row[1],
        "first_purchase_at": stats_row[2],
        "last_purchase_at": last,
        "days_since_purchase": (today - dt.date.fromisoformat(last[:10])).days if last else None,
        "spend_12m_fen": spend_12m,
        "last_clerk_id": stats_row[4],
        "last_clerk_name": stats_row[5],
        "tier": member["tier"],
        "tier_name_zh": tier[0],
        "tier_name_en": tier[1],
        "tier_rank": tier[2],
        **_margin(db, member_id),
        "points_balance": points["balance"],
        "points_expiring": points["expiring_points"],
        "points_next_expiry": points["next_expiry"],
        **_birthday(member, today),
    }
    referrer = None
    if member["referrer_id"] is not None:
        row = db.execute(
            "SELECT id, member_no, name FROM members WHERE id = ?", [member["referrer_id"]]
        ).fetchone()
        if row:
            referrer = {"id": row[0], "member_no": row[1], "name": row[2]}
    referred = [
        {"id": r[0], "member_no": r[1], "name": r[2], "joined_on": r[3]}
        for r in db.execute(
            "SELECT id, member_no, name, joined_on FROM members WHERE referrer_id = ? "
            "ORDER BY joined_on, id",
            [member_id],
        )
    ]
    open_complaints = db.execute(
        "SELECT COUNT(*) FROM complaints WHERE member_id = ? AND status IN ('open', 'in_progress')",
        [member_id],
    ).fetchone()[0]
    return {
        "member": member,
        "header": header,
        "purchases": purchases.purchase_history(db, member_id),
        "contacts": contacts.contact_history(db, member_id),
        "open_complaints": open_complaints,
        "referrer": referrer,
        "referred": referred,
    }
