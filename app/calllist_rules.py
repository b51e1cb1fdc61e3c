"""The call list's rules as SQL (app/calllist.py documents every rule): the thresholds
read from settings (:class:`Rules`) and one SELECT per rule over the common ``WITH``
head (:func:`_rule_sql`); ``app.calllist.call_list`` binds the day's parameters and
shapes the rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from app import settings
from app import state as app_state

# ------------------------------------------------------------------ rules


@dataclass(frozen=True)
class Rules:
    """The thresholds, read once per call list from settings (``calllist_*``)."""

    birthday_lead_days: int
    birthday_overdue_days: int
    post_sale_overdue_days: int
    dormant_days: tuple[int, ...]
    dormant_overdue_days: int
    follow_up_overdue_days: int
    festival_tiers: tuple[str, ...]
    festival_lead_days: int
    festival_overdue_days: int
    max_attempts: int
    consent_required: frozenset[str]
    points_expiry_lead_days: int = 30
    points_expiry_min_points: int = 100
    reward_ready_overdue_days: int = 3
    complaint_check_overdue_days: int = 7

    @classmethod
    def load(cls, db: sqlite_utils.Database) -> Rules:
        def get(name: str) -> Any:
            return settings.get(db, "calllist_" + name)

        return cls(
            birthday_lead_days=int(get("birthday_lead_days")),
            birthday_overdue_days=int(get("birthday_overdue_days")),
            post_sale_overdue_days=int(get("post_sale_overdue_days")),
            dormant_days=tuple(sorted(int(x) for x in get("dormant_days"))),
            dormant_overdue_days=int(get("dormant_overdue_days")),
            follow_up_overdue_days=int(get("follow_up_overdue_days")),
            festival_tiers=tuple(get("festival_tiers")),
            festival_lead_days=int(get("festival_lead_days")),
            festival_overdue_days=int(get("festival_overdue_days")),
            max_attempts=int(get("max_attempts")),
            consent_required=frozenset(get("consent_required")),
            points_expiry_lead_days=int(get("points_expiry_lead_days")),
            points_expiry_min_points=int(get("points_expiry_min_points")),
            reward_ready_overdue_days=int(get("reward_ready_overdue_days")),
            complaint_check_overdue_days=int(get("complaint_check_overdue_days")),
        )


# ------------------------------------------------------------------ the list
# Each rule is one SELECT that joins the member, drops whoever is left out, drops the
# candidates a contact has cleared and counts the attempts (each through an index on
# contacts with the rule's own simple conditions), and returns finished rows; the
# statement is their UNION ALL, streamed without a temporary table and sorted in
# Python (sorting 30k wide rows costs SQLite several times more). All the work per
# candidate stays in SQLite's C code: a 100k-member store can have 50k candidates.

_CLEARS = "(c.outcome IN ('reached', 'declined', 'wrong_number') OR c.next_follow_up IS NOT NULL)"
_ATTEMPT = "(c.outcome IN ('no_answer', 'call_back') AND c.next_follow_up IS NULL)"

# Every rule's SELECT returns these columns. a, b, c, d are the rule's own detail values
# (see call_list). Beware: a compound takes each column's affinity from its first
# SELECT (birthdays), so b always comes back as text.
_COLUMNS = (
    "member_id, reason, due, purchase_id, ref, a, b, c, d, tries, "
    "member_no, name, phone, tier, consent_channels, clerk_id"
)
COLUMN_NAMES = tuple(c.strip() for c in _COLUMNS.split(","))
_MEMBER_COLS = "m.member_no, m.name, m.phone, m.tier, m.consent_channels"


def _last_clerk(member: str) -> str:
    return f"(SELECT st.last_clerk_id FROM member_stats st WHERE st.member_id = {member})"


def _contact_checks(
    member: str,
    since: str,
    purpose: str | None,
    purchase_at: str | None = None,
    after: str | None = None,
) -> tuple[str, str]:
    """``(not cleared, tries)`` SQL for a rule's candidates: a contact counts when it is
    the member's, made on or after ``since``, of ``purpose`` (any, for None), about a
    sale made at or after ``purchase_at`` when it names one (a call about the newest
    sale covers the earlier ones), and after contact ``after`` (a follow-up's own
    scheduling contact). ``tries`` = attempts × 2 + (1 if one was made today)."""
    cond = [f"c.member_id = {member}", f"c.at >= {since}"]
    if purpose is not None:
        cond.append(f"c.purpose = {purpose}")
    if purchase_at is not None:
        cond.append(
            "(c.purchase_id IS NULL OR "
            f"(SELECT q.at FROM purchases q WHERE q.id = c.purchase_id) >= {purchase_at})"
        )
    if after is not None:
        cond.append(f"(c.at > {since} OR c.id > {after})")
    where = " AND ".join(cond)
    return (
        f"NOT EXISTS (SELECT 1 FROM contacts c WHERE {where} AND {_CLEARS})",
        "(SELECT COUNT(*) * 2 + IFNULL(MAX(c.at >= :today), 0) "
        f"FROM contacts c WHERE {where} AND {_ATTEMPT})",
    )


_KEYS = """keys(cal, md, leap, due, since) AS (
    SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),
           json_extract(value, '$[2]'), json_extract(value, '$[3]'),
           json_extract(value, '$[4]')
    FROM json_each(:keys))"""

# Reward ready: members who earned in the window, with their balance (the lots cache)
# and what the window's entries added, each summed once: MATERIALIZED, because inline
# SQLite repeats a member's sums for every place the outer query names them (the
# filter below names each twice; 233 ms -> 175 ms -> ~130 ms on the 100k store).
_REWARD_CROSSED = """rr_sums AS MATERIALIZED (
    SELECT u.member_id,
           (SELECT SUM(k.remaining) FROM points_lots k
            WHERE k.member_id = u.member_id) AS bal,
           (SELECT SUM(q.delta) FROM points_ledger q
            WHERE q.member_id = u.member_id AND q.at >= :rr_lo) AS recent
    FROM (SELECT DISTINCT l.member_id FROM points_lots l
          WHERE :rr_cost IS NOT NULL AND l.earned_at >= :rr_lo
            AND l.earned_at < :rr_hi) u),
reward_crossed AS MATERIALIZED (
    SELECT member_id, bal, bal - recent AS start FROM rr_sums
    WHERE bal >= :rr_cost AND bal - recent < :rr_cost)"""

# Dormant: candidates are members whose last sale, or last clearing win-back call, lies
# in a threshold's range (:dormant_ranges, index range scans); their clock is the later
# of the two; the due day is the clock + the largest threshold that has passed, but by
# no more than the overdue days (one dormant task per member at most).
_DORMANT_CLOCK = f"""dormant_clock AS MATERIALIZED (
    SELECT s.member_id, s.last_purchase_at AS lp, s.last_clerk_id,
           (SELECT MAX(c.at) FROM contacts c
            WHERE c.member_id = s.member_id AND c.purpose = 'winback'
              AND c.at >= s.last_purchase_at AND {_CLEARS}) AS reset
    FROM member_stats s
    WHERE s.last_purchase_at IS NOT NULL AND s.member_id IN (
        SELECT s2.member_id FROM json_each(:dormant_ranges) r CROSS JOIN member_stats s2
          ON s2.last_purchase_at >= json_extract(r.value, '$[0]')
         AND s2.last_purchase_at < json_extract(r.value, '$[1]')
        UNION
        SELECT c.member_id FROM json_each(:dormant_ranges) r CROSS JOIN contacts c
          ON c.purpose = 'winback' AND c.at >= json_extract(r.value, '$[0]')
         AND c.at < json_extract(r.value, '$[1]')
        WHERE {_CLEARS}))"""


def reachable_member_sql(alias: str = "m") -> str:
    """The one place that says which members may be contacted at all (not lost, not
    anonymised); the plan's VIP talks use it too."""
    return f"{alias}.status NOT IN ('lost', 'anonymised')"


def _rule_sql(
    rules: Rules, with_festivals: bool, clerk_id: int | None, *, points_soon: bool = False
) -> tuple[str, dict[str, str]]:
    """The call list's statements for these rules: the common ``WITH`` head and one
    SELECT per rule, by name (text varies only with the settings, whether there is a
    clerk filter and ``points_soon``, so SQLite's statement cache keeps them).

    ``points_soon``: only members with a lot expiring before ``:before_points_expiring``
    are summed (the day's plan, which shows these tasks 14 days ahead instead of the
    rule's 30: on the 100k store 10,500 members are summed for none kept)."""

    def member_filter(reason: str | None, member_ok_if_lost: bool) -> str:
        cond = ["m.status <> 'anonymised'"]
        if not member_ok_if_lost:
            # a hand mark of "lost" in force (app/state.py: a later purchase ends it)
            last = "(SELECT ls.last_purchase_at FROM member_stats ls WHERE ls.member_id = m.id)"
            mark = app_state.marked_lost_sql(None, "m", last, "date(:today, '+1 day')")
            cond.append(f"NOT {mark}")
        if reason is None or reason in rules.consent_required:
            cond.append("m.consent_channels <> ''")
        return " AND ".join(cond)

    # The contact checks name the candidate's own member column (p.member_id, not
    # m.id), so SQLite tests them before it looks the member up.
    def clerk_filter(expr: str) -> str:
        return f" AND {expr} = :clerk" if clerk_id is not None else ""

    parts: dict[str, str] = {}

    open_, tries = _contact_checks("m.id", "k.since", "'birthday'")
    clerk = _last_clerk("m.id")
    parts["birthday"] = f"""
SELECT m.id, 'birthday', k.due, NULL, '', m.birthday, m.birthday_calendar, NULL, NULL,
       {tries}, {_MEMBER_COLS}, {clerk}
FROM keys k JOIN members m
  ON substr(m.birthday, -5) = k.md AND m.birthday_calendar = k.cal AND m.birthday_leap = k.leap
WHERE k.due < :before_birthday
  AND {member_filter("birthday", False)}{clerk_filter(clerk)} AND {open_}"""

    open_, tries = _contact_checks("f.member_id", "k.since", "'family_occasion'")
    fam = {r for r in ("family_birthday", "wedding_anniversary") if r in rules.consent_required}
    consent = (
        "m.consent_channels <> ''"
        if len(fam) == 2
        else "(m.consent_channels <> '' OR (f.relation = 'wedding_anniversary') = "
        f"{int('family_birthday' in fam)})"
        if fam
        else "1"
    )
    parts["family"] = f"""
SELECT m.id, CASE f.relation WHEN 'wedding_anniversary' THEN 'wedding_anniversary'
             ELSE 'family_birthday' END,
       k.due, NULL, f.id, f.date, f.calendar, f.relation, f.name, {tries},
       {_MEMBER_COLS}, {clerk}
FROM keys k JOIN member_family f
  ON substr(f.date, -5) = k.md AND f.calendar = k.cal AND f.leap = k.leap
JOIN members m ON m.id = f.member_id
WHERE k.due < :before_family
  AND {member_filter("-", False)} AND {consent}{clerk_filter(clerk)} AND {open_}"""

    for n in (1, 7):
        # One task per member and kind, for the newest open sale in the window: one call
        # covers all of them (and a call about a sale covers the earlier ones).
        open_, _ = _contact_checks("p.member_id", "p.at", f"'post_sale_day{n}'", "p.at")
        _, tries = _contact_checks("g.member_id", "g.at", f"'post_sale_day{n}'", "g.at")
        clerk = f"COALESCE(g.clerk_id, {_last_clerk('m.id')})"
        parts[f"post_sale_day{n}"] = f"""
SELECT m.id, 'post_sale_day{n}', substr(g.at, 1, 10), g.id, g.id, g.at, NULL, g.paid_fen,
       g.n, {tries}, {_MEMBER_COLS}, {clerk}
FROM (SELECT p.member_id, MAX(p.at) AS at, p.id, p.clerk_id, p.paid_fen, COUNT(*) AS n
      FROM purchases p
      WHERE p.at >= :ps{n}_lo AND p.at < :ps{n}_hi AND p.return_of IS NULL
        AND NOT (p.total_fen > 0 AND p.total_fen + (SELECT COALESCE(SUM(r.total_fen), 0)
                 FROM purchases r WHERE r.return_of = p.id) <= 0)
        AND {open_}
      GROUP BY p.member_id) g
JOIN members m ON m.id = g.member_id
WHERE {member_filter(f"post_sale_day{n}", True)}{clerk_filter(clerk)}"""

    if rules.dormant_days:
        open_, tries = _contact_checks("d.member_id", "d.due", "'winback'")
        parts["dormant"] = f"""
SELECT m.id, 'dormant', d.due, NULL, '', d.lp, d.reset, d.threshold, NULL, {tries},
       {_MEMBER_COLS}, d.last_clerk_id
FROM (SELECT k.member_id, k.lp, k.reset, k.last_clerk_id, MAX(th.value) AS threshold,
             date(max(k.lp, COALESCE(k.reset, '')), '+' || th.value || ' days') AS due
      FROM dormant_clock k, json_each(:dormant_days) th
      WHERE date(max(k.lp, COALESCE(k.reset, '')), '+' || th.value || ' days')
            BETWEEN :dormant_lo AND :today
      GROUP BY k.member_id) d
JOIN members m ON m.id = d.member_id
WHERE {member_filter("dormant", False)}{clerk_filter("d.last_clerk_id")} AND {open_}"""

    open_, tries = _contact_checks("s.member_id", "s.at", None, after="s.id")
    clerk = f"COALESCE(s.clerk_id, {_last_clerk('m.id')})"
    parts["follow_up"] = f"""
SELECT m.id, 'follow_up', substr(s.next_follow_up, 1, 10), NULL, s.id, s.at, s.purpose,
       s.note, NULL, {tries}, {_MEMBER_COLS}, {clerk}
FROM contacts s JOIN members m ON m.id = s.member_id
WHERE s.next_follow_up IS NOT NULL AND s.next_follow_up >= :fu_lo
  AND s.next_follow_up < :fu_hi
  AND {member_filter("follow_up", True)}{clerk_filter(clerk)} AND {open_}"""

    if with_festivals:
        open_, tries = _contact_checks("m.id", "f.since", "'festival'")
        clerk = _last_clerk("m.id")
        parts["festival"] = f"""
SELECT m.id, 'festival', f.due, NULL, f.code, f.code, NULL, NULL, NULL, {tries},
       {_MEMBER_COLS}, {clerk}
FROM (SELECT json_extract(value, '$[0]') AS code, json_extract(value, '$[1]') AS due,
             json_extract(value, '$[2]') AS since, json_extract(value, '$[3]') AS gender
      FROM json_each(:festivals)) f
JOIN members m ON m.tier IN (SELECT value FROM json_each(:festival_tiers))
 AND (f.gender IS NULL OR m.gender = f.gender)
WHERE f.due < :before_festival
  AND {member_filter("festival", False)}{clerk_filter(clerk)} AND {open_}"""

    # Loyalty (app/loyalty/): remaining points of lots whose last valid day is within
    # the lead days (the points_lots cache), and a balance that crossed the cheapest
    # active reward's cost with an earning of the last days and still covers it.
    open_, tries = _contact_checks("m.id", "x.since", "'points'")
    clerk = _last_clerk("m.id")
    soon = (
        "\n        AND l.member_id IN (SELECT s.member_id FROM points_lots s "
        "WHERE s.expires_at >= :today AND s.expires_at < :before_points_expiring)"
        if points_soon
        else ""
    )
    parts["points_expiring"] = f"""
SELECT m.id, 'points_expiring', x.due, NULL, x.due, x.due, NULL, x.points, NULL, {tries},
       {_MEMBER_COLS}, {clerk}
FROM (SELECT l.member_id, MIN(l.expires_at) AS due, SUM(l.remaining) AS points,
             date(MIN(l.expires_at), :pe_back) AS since
      FROM points_lots l
      WHERE l.expires_at IS NOT NULL AND l.expires_at >= :today AND l.expires_at <= :pe_hi{soon}
      GROUP BY l.member_id HAVING SUM(l.remaining) >= :pe_min) x
JOIN members m ON m.id = x.member_id
WHERE x.due < :before_points_expiring
  AND {member_filter("points_expiring", False)}{clerk_filter(clerk)} AND {open_}"""
    open_, tries = _contact_checks("m.id", "x.due", "'points'")
    parts["reward_ready"] = f"""
SELECT m.id, 'reward_ready', x.due, NULL, x.entry_id, x.at, NULL, x.bal, :rr_cost, {tries},
       {_MEMBER_COLS}, {clerk}
FROM (SELECT w.member_id, w.bal, c.id AS entry_id, c.at, date(c.at) AS due
      FROM reward_crossed w
      CROSS JOIN points_ledger c ON c.id = (
          SELECT e.id FROM points_ledger e
          WHERE e.member_id = w.member_id AND e.at >= :rr_lo AND e.delta > 0
            AND w.start + (SELECT SUM(q.delta) FROM points_ledger q
                           WHERE q.member_id = w.member_id AND q.at >= :rr_lo
                             AND (q.at < e.at OR (q.at = e.at AND q.id <= e.id))) >= :rr_cost
          ORDER BY e.at, e.id LIMIT 1)) x
JOIN members m ON m.id = x.member_id
WHERE {member_filter("reward_ready", False)}{clerk_filter(clerk)} AND {open_}"""

    # Campaign tasks (app.analytics.add_campaign_tasks: members picked from an analytics
    # segment, with a purpose and a due day): open until a contact of that purpose made
    # after the task was added clears it, like every other rule.
    open_, tries = _contact_checks("t.member_id", "t.created_at", "t.purpose")
    clerk = _last_clerk("m.id")
    parts["campaign"] = f"""
SELECT m.id, 'campaign', t.due, NULL, t.id, t.purpose, t.note, NULL, NULL, {tries},
       {_MEMBER_COLS}, {clerk}
FROM campaign_tasks t JOIN members m ON m.id = t.member_id
WHERE t.done_at IS NULL AND t.due <= :today
  AND {member_filter("campaign", False)}{clerk_filter(clerk)} AND {open_}"""

    # Complaints (app/feedback/): open ones until a contact reaches the member, and a
    # check call the day after one is resolved; the complaint's owner is responsible.
    open_, tries = _contact_checks("k.member_id", "k.at", "'complaint_follow_up'")
    clerk = f"COALESCE(k.owner_id, {_last_clerk('m.id')})"
    parts["complaint_followup"] = f"""
SELECT m.id, 'complaint_followup', substr(k.at, 1, 10), NULL, k.id, k.at, k.category,
       k.status, k.description, {tries}, {_MEMBER_COLS}, {clerk}
FROM complaints k JOIN members m ON m.id = k.member_id
WHERE k.status IN ('open', 'in_progress') AND k.at < :fu_hi
  AND {member_filter("complaint_followup", True)}{clerk_filter(clerk)} AND {open_}"""
    open_, tries = _contact_checks("k.member_id", "k.resolved_at", "'complaint_follow_up'")
    parts["complaint_check"] = f"""
SELECT m.id, 'complaint_check', date(k.resolved_at, '+1 day'), NULL, k.id, k.resolved_at,
       k.category, k.status, k.resolution, {tries}, {_MEMBER_COLS}, {clerk}
FROM complaints k JOIN members m ON m.id = k.member_id
WHERE k.status = 'resolved' AND k.resolved_at >= :cc_lo AND k.resolved_at < :cc_hi
  AND {member_filter("complaint_check", True)}{clerk_filter(clerk)} AND {open_}"""

    ctes = [_KEYS, _REWARD_CROSSED] + ([_DORMANT_CLOCK] if rules.dormant_days else [])
    head = "WITH " + ", ".join(ctes) + "\n"
    return head, parts
