"""The member list's data source and the counter's member finder.

The list is a lazy table model (CONVENTIONS.md): it asks :func:`member_ids` for every
matching id in display order once per query (100k ints, a few tens of ms), then
:func:`fetch_rows` for each 256-row page it paints. :func:`count` is the cheap
"n members" figure; :func:`search` is the short ranked list a dialog shows as the
clerk types (referrer picker, the purchase dialog's member finder).

Text search understands what a clerk types at the counter. Words separated by spaces
each narrow the result: ``张 1234``, ``zsf 1234`` and ``1234 张`` find 张三丰 whose phone
ends in 1234 (a member matches when every word matches; neighbouring digit groups are
one phone, ``138 0013 8000``, and neighbouring Latin words one pinyin, ``zhang san``).
Each word is read as:

=================  ===========================================  ======================
typed              matches                                       how
=================  ===========================================  ======================
``VK000123``       member number, exactly (any letter case)      unique index
``VK0001``         member numbers starting with it               unique index range
``8800123``        a member card's number, exactly (a lost or    ``member_cards`` index
                   replaced card's too)
``13812345678``    the phone, exactly                            unique index
``5678``, 4+ dgts  phones ending in them (tail)                  ``substr(phone,-4)``
                                                                 index, then the whole
                                                                 suffix is compared
``1381234``, 7+    phones starting with them                     unique index range
``zsf`` ``zs``     pinyin initials, exactly or as a prefix       ``name_initials`` index
``zhangs``         full pinyin as a prefix (张三, 张三丰 …)         ``name_pinyin`` index
``张`` ``张三``      names starting with it                        ``name`` index range
``三丰``            names containing it (1–2 characters)           ranges on
                                                                 ``substr(name, 2|3)``,
                                                                 names of 4+ characters
3+ characters      a substring of name, pinyin, initials or      FTS5 trigram MATCH
                   member number                                 (``members_fts``)
=================  ===========================================  ======================

Phones never match in the middle (``138`` would otherwise match a seventh of the
store). Trigram FTS cannot match fewer than 3 characters, and on SQLite 3.40 a LIKE
through the trigram table silently returns nothing for short CJK text (PERF-NOTES.md),
so 1–2 characters go to the plain indexes. User text reaches FTS only as one quoted
phrase, so ``"``, ``*``, ``AND``/``OR``/``NEAR``, ``:``, ``^`` … are literal characters.

Hits are ranked: 0 exact member number or phone; 1 phone tail, exact name, exact
initials or pinyin; 2 a prefix (name, initials, pinyin, member number, phone);
3 a substring. With ``MemberQuery.relevance_first`` (the default) the list shows the
best rank first and the chosen sort within a rank; the plain sort is one flag away.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from app import state as app_state
from app.core import Actor

SORTS = (
    "member_no",
    "name",
    "tier",
    "last_purchase",
    "total_spend",
    "visits",
    "gender",
    "phone",
    "birthday",
    "status",
)

ROW_COLUMNS = (
    "id",
    "member_no",
    "name",
    "gender",
    "phone",
    "tier",
    "status",
    "visits",
    "total_paid_fen",
    "last_purchase_at",
    "birthday",
    "birthday_calendar",
    "birthday_leap",
)

_ROW_SQL = """
SELECT m.id, m.member_no, m.name, m.gender, m.phone, m.tier, {state},
       COALESCE(s.visits, 0), COALESCE(s.total_paid_fen, 0), s.last_purchase_at,
       m.birthday, m.birthday_calendar, m.birthday_leap
FROM members m LEFT JOIN member_stats s ON s.member_id = m.id
"""

# The highest code point: ``col >= p AND col < p || TOP`` is "starts with p" as an index
# range (LIKE 'p%' cannot use a BINARY index, since LIKE ignores case).
_TOP = "\U0010ffff"
_DIGITS = re.compile(r"^\+?\d+$")
_LATIN = re.compile(r"^[a-z]+$")


@dataclass
class MemberQuery:
    """What the member list shows.

    ``text``: see the module docstring. ``tier``/``status``/``tag``: a code to match
    exactly (None = any). ``birthday_this_month``: the birthday (solar, or lunar
    converted under app.lunar's customs) falls in ``today``'s solar month.
    ``no_purchase_days=N``: no sale in the last N days (last sale on or before
    today−N; members who never bought count when they joined on or before today−N).
    ``customer_type``: effective / ineffective customers (``app.state.effective_sql``,
    the analytics page's rule); the other types only name what ``only_ids`` holds.
    ``sort``: one of ``SORTS`` — ``member_no``; ``name`` by
    pinyin; ``tier`` by tier rank; ``last_purchase`` (never-bought members sort as the
    oldest); ``total_spend`` (net of returns). Ties go by member id in the same direction.
    ``relevance_first``: with text, better matches come first and ``sort`` applies
    within each rank.
    """

    text: str = ""
    tier: str | None = None
    status: str | None = None
    tag: str | None = None
    birthday_this_month: bool = False
    no_purchase_days: int | None = None
    customer_type: str | None = None  # "effective" / "ineffective" (app/state.py)
    # only these members (None = no such limit): the types that need a pass over every
    # purchase (discount / frequency / amount, app.analytics.member_types.members_of_type)
    # are read off the GUI thread and handed in as ids, with ``customer_type`` naming them
    only_ids: tuple[int, ...] | None = None
    sort: str = "member_no"
    descending: bool = False
    relevance_first: bool = True


# ------------------------------------------------------------------ text matching


def _fts_phrase(text: str) -> str:
    """User text as one FTS5 string: operators, '*', ':' … become plain characters."""
    return '"' + text.replace('"', '""') + '"'


def _text_hits(text: str) -> tuple[list[str], list[Any]]:
    """``SELECT id, rank`` parts (to UNION ALL) matching ``text``, with their params."""
    compact = re.sub(r"\s+", "", text)
    parts: list[str] = []
    params: list[Any] = []

    def add(sql: str, *p: Any) -> None:
        parts.append(sql)
        params.extend(p)

    def fts(columns: str, rank: int) -> None:
        add(
            f"SELECT rowid, {rank} FROM members_fts WHERE members_fts MATCH ?",
            f"{{{columns}}} : {_fts_phrase(compact)}",
        )

    upper = compact.upper()
    add("SELECT id, 0 FROM members WHERE member_no IN (?, ?)", compact, upper)
    # a merged card's old number or phone finds the member it was merged into
    add(
        "SELECT member_id, 0 FROM member_aliases WHERE kind = 'member_no' AND value IN (?, ?)",
        compact,
        upper,
    )
    # a member card's number, current or replaced (app/service/cards.py)
    add("SELECT member_id, 0 FROM member_cards WHERE card_no IN (?, ?)", compact, upper)
    add("SELECT id, 2 FROM members WHERE member_no >= ? AND member_no < ?", upper, upper + _TOP)

    digits = re.sub(r"[\s\-()]", "", text)
    if _DIGITS.match(digits):
        digits = digits.lstrip("+")
        if len(digits) == 13 and digits.startswith("86"):
            digits = digits[2:]
        n = len(digits)
        if n == 11:
            add("SELECT id, 0 FROM members WHERE phone = ?", digits)
            add(
                "SELECT member_id, 0 FROM member_aliases WHERE kind = 'phone' AND value = ?", digits
            )
        if 4 <= n <= 11:
            add(
                "SELECT id, 1 FROM members WHERE substr(phone, -4) = ? AND substr(phone, ?) = ?",
                digits[-4:],
                -n,
                digits,
            )
        if 7 <= n < 11:
            add("SELECT id, 2 FROM members WHERE phone >= ? AND phone < ?", digits, digits + _TOP)
        if n >= 3:
            fts("member_no", 3)
        return parts, params

    lower = compact.lower()
    if _LATIN.match(lower):
        add("SELECT id, 1 FROM members WHERE name_initials = ?", lower)
        add("SELECT id, 1 FROM members WHERE name_pinyin = ?", lower)
        add(
            "SELECT id, 2 FROM members WHERE name_initials >= ? AND name_initials < ?",
            lower,
            lower + _TOP,
        )
        add(
            "SELECT id, 2 FROM members WHERE name_pinyin >= ? AND name_pinyin < ?",
            lower,
            lower + _TOP,
        )
        if len(compact) >= 3:
            fts("name name_pinyin name_initials member_no", 3)
        return parts, params

    name = text.strip()
    add("SELECT id, 1 FROM members WHERE name IN (?, ?)", name, compact)
    add("SELECT id, 2 FROM members WHERE name >= ? AND name < ?", compact, compact + _TOP)
    if len(compact) >= 3:
        fts("name name_pinyin name_initials member_no", 3)
    else:
        # A 1–2 character substring not at the start: at character 2 or 3 (index ranges
        # on substr(name, 2) and substr(name, 3)), or further on in one of the few names
        # of 4+ characters (a scan of their small partial index). A scan of all names
        # would cost 10–20 ms.
        top = compact + _TOP
        add(
            "SELECT id, 3 FROM members WHERE substr(name, 2) >= ? AND substr(name, 2) < ?",
            compact,
            top,
        )
        add(
            "SELECT id, 3 FROM members WHERE substr(name, 3) >= ? AND substr(name, 3) < ?",
            compact,
            top,
        )
        add(
            "SELECT id, 3 FROM members INDEXED BY idx_members_long_name "
            "WHERE length(name) >= 4 AND instr(substr(name, 4), ?) > 0",
            compact,
        )
    return parts, params


_PHONE_PIECE = re.compile(r"^[+\d()\-]+$")


def _words(text: str) -> list[str]:
    """The words of a search, each to match on its own: ``张 1234`` → ``张``, ``1234``.
    Neighbouring digit groups stay one word (a phone typed ``138 0013 8000``), and so
    do neighbouring Latin letters (pinyin typed ``zhang san``)."""
    words: list[str] = []
    for piece in text.split():
        if words and (
            (_PHONE_PIECE.match(piece) and _PHONE_PIECE.match(words[-1]))
            or (_LATIN.match(piece.lower()) and _LATIN.match(words[-1].lower()))
        ):
            words[-1] += piece
        else:
            words.append(piece)
    return words


def _hits_cte(text: str) -> tuple[str, list[Any]]:
    """The ``hits(id, rank), best(id, rank)`` CTEs for ``text``. Each word narrows:
    a member is a hit when every word matches (name, pinyin or initials AND a phone
    tail or member number), ranked by the worst of its words' best ranks."""
    words = _words(text)
    if len(words) <= 1:
        parts, params = _text_hits(text)
        return (
            "hits(id, rank) AS (" + " UNION ALL ".join(parts) + "), "
            "best AS (SELECT id, MIN(rank) AS rank FROM hits GROUP BY id)"
        ), params
    ctes: list[str] = []
    params = []
    for i, word in enumerate(words):
        parts, word_params = _text_hits(word)
        ctes.append(
            f"w{i}(id, rank) AS (" + " UNION ALL ".join(parts) + "), "
            f"b{i} AS (SELECT id, MIN(rank) AS rank FROM w{i} GROUP BY id)"
        )
        params.extend(word_params)
    joins = " ".join(f"JOIN b{i} USING (id)" for i in range(1, len(words)))
    ranks = ", ".join(f"b{i}.rank" for i in range(len(words)))
    ctes.append(f"best AS (SELECT id, MAX({ranks}) AS rank FROM b0 {joins})")
    return ", ".join(ctes), params


# ------------------------------------------------------------------ the query


def _sql(
    query: MemberQuery,
    today: dt.date | None,
    what: str,
    limit: int | None = None,
    th: app_state.Thresholds | None = None,
    th_types: int | None = None,
) -> tuple[str, list[Any]]:
    """The statement for ``what`` ('ids' or 'count') and its params (``th``: the state
    thresholds, needed with a ``status`` filter)."""
    if query.sort not in SORTS:
        raise ValueError(f"unknown sort {query.sort!r}; expected one of {SORTS}")
    today = today or dt.date.today()
    params: list[Any] = []
    ctes: list[str] = []
    where: list[str] = []
    text = query.text.strip() if query.text else ""
    # filters that read the members table (no_purchase_days reads joined_on)
    member_filters = bool(
        query.tier is not None
        or query.status is not None
        or query.tag is not None
        or query.birthday_this_month
        or query.no_purchase_days is not None
        or query.customer_type is not None
    )

    if text:
        cte, hit_params = _hits_cte(text)
        ctes.append(cte)
        params.extend(hit_params)

    if query.tier is not None:
        where.append("m.tier = ?")
        params.append(query.tier)
    if query.status is not None:
        # the derived state (app/state.py), as of today
        where.append(app_state.sql_filter(query.status, today, th or app_state.Thresholds()))
    if query.tag is not None:
        where.append("m.id IN (SELECT member_id FROM member_tags WHERE tag = ?)")
        params.append(query.tag)
    if query.only_ids is not None:
        where.append("m.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps([int(i) for i in query.only_ids]))
    if query.birthday_this_month:
        from app.occasions import occasion_keys

        first = today.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        keys = occasion_keys(first, last)
        solar = sorted(md for cal, md, _leap in keys if cal == "solar")
        lunar = sorted(f"{md}:{leap}" for cal, md, leap in keys if cal == "lunar")
        all_md = sorted({md for _cal, md, _leap in keys})
        where.append(
            "substr(m.birthday, -5) IN (SELECT value FROM json_each(?)) AND ("
            "(m.birthday_calendar = 'solar' AND substr(m.birthday, -5) IN "
            "(SELECT value FROM json_each(?))) OR "
            "(m.birthday_calendar = 'lunar' AND substr(m.birthday, -5) || ':' || "
            "m.birthday_leap IN (SELECT value FROM json_each(?))))"
        )
        params.extend([json.dumps(all_md), json.dumps(solar), json.dumps(lunar)])
    if query.customer_type in ("effective", "ineffective"):
        where.append(app_state.effective_sql(query.customer_type, today, th_types or 365))
    if query.no_purchase_days is not None:
        cut = (today - dt.timedelta(days=int(query.no_purchase_days) - 1)).isoformat()
        where.append("(s.last_purchase_at < ? OR (s.last_purchase_at IS NULL AND m.joined_on < ?))")
        params.extend([cut, cut])

    direction = "DESC" if query.descending else "ASC"
    needs_stats = query.sort in ("last_purchase", "total_spend", "visits", "status") or (
        query.no_purchase_days is not None or query.customer_type is not None
    )
    stats_key = {
        "last_purchase": "s.last_purchase_at",
        "total_spend": "s.total_paid_fen",
        "visits": "s.visits",
    }
    # sorts that read the archive itself (birthday by month and day, as a birthday list
    # is read; members without one last; the state as app/state.py derives it today)
    member_key = {
        "gender": ["m.gender"],
        "phone": ["m.phone"],
        "birthday": ["(m.birthday IS NULL)", "substr(m.birthday, -5)"],
    }

    order: list[str] = []
    if text and query.relevance_first and what == "ids":
        order.append("b.rank")
    if not text and not member_filters and query.sort in stats_key:
        # The whole store by a cached figure: one covering-index scan, no join.
        source, id_col = "member_stats s", "s.member_id"
    elif text:
        # Join only what the filters and the sort read: for a one-letter search that
        # matches 10k members, each join costs a few ms.
        source, id_col = "best b", "b.id"
        if member_filters or query.sort in ("member_no", "name", "tier", "status", *member_key):
            source += " JOIN members m ON m.id = b.id"
        if needs_stats:
            source += " JOIN member_stats s ON s.member_id = b.id"
    else:
        source, id_col = "members m", "m.id"
        if needs_stats:
            source += " JOIN member_stats s ON s.member_id = m.id"
    if query.sort == "member_no":
        order.append(f"m.member_no {direction}")
    elif query.sort == "name":
        order += [f"m.name_pinyin {direction}", f"{id_col} {direction}"]
    elif query.sort == "tier":
        # A join (not a subquery per row): SQLite then walks the tiers in rank order and
        # each tier's members through idx_members_tier, with no sort.
        source += " JOIN tiers t ON t.code = m.tier"
        order += [f"t.rank {direction}", f"{id_col} {direction}"]
    elif query.sort in member_key:
        order += [f"{k} {direction}" for k in member_key[query.sort]] + [f"{id_col} {direction}"]
    elif query.sort == "status":
        state = app_state.sql_case(today, th or app_state.Thresholds())
        rank = " ".join(f"WHEN '{code}' THEN {i}" for i, code in enumerate(app_state.STATES))
        order += [f"(CASE {state} {rank} END) {direction}", f"{id_col} {direction}"]
    else:
        order += [f"{stats_key[query.sort]} {direction}", f"{id_col} {direction}"]

    with_sql = ("WITH " + ", ".join(ctes) + " ") if ctes else ""
    where_sql = (" WHERE " + " AND ".join(where)) if where else ""
    if what == "count":
        return f"{with_sql}SELECT COUNT(*) FROM {source}{where_sql}", params
    limit_sql = f" LIMIT {int(limit)}" if limit is not None else ""
    inner = f"SELECT {id_col} AS id FROM {source}{where_sql} ORDER BY {', '.join(order)}{limit_sql}"
    # One JSON array instead of 100k Python tuples: ~2.5x faster to hand over. The
    # ORDER BY subquery of an aggregate is never flattened, so its order is kept.
    return f"{with_sql}SELECT json_group_array(id) FROM ({inner})", params


def _thresholds(db: sqlite_utils.Database, query: MemberQuery) -> app_state.Thresholds | None:
    wanted = query.status is not None or query.sort == "status"
    return app_state.Thresholds.load(db) if wanted else None


def _gone_days(db: sqlite_utils.Database) -> int:
    from app import settings

    return int(settings.get(db, "types_one_time_gone_days"))


def member_ids(
    db: sqlite_utils.Database,
    query: MemberQuery,
    *,
    today: dt.date | None = None,
    limit: int | None = None,
) -> list[int]:
    """Every matching member id, in display order (rows are not loaded). ``today``
    (default: the real date) matters only for ``birthday_this_month`` and
    ``no_purchase_days``."""
    sql, params = _sql(query, today, "ids", limit, _thresholds(db, query), _gone_days(db))
    return json.loads(db.execute(sql, params).fetchone()[0])


def count(db: sqlite_utils.Database, query: MemberQuery, today: dt.date | None = None) -> int:
    """How many members match ``query`` (no ordering work)."""
    sql, params = _sql(query, today, "count", None, _thresholds(db, query), _gone_days(db))
    return int(db.execute(sql, params).fetchone()[0])


def fetch_rows(
    db: sqlite_utils.Database,
    ids: Sequence[int],
    *,
    actor: Actor,
    unmask: bool = False,
    where: str = "member_list",
    today: dt.date | None = None,
) -> dict[int, dict[str, Any]]:
    """Display columns (``ROW_COLUMNS``) of the given members, in one query, keyed by
    id. Ids that no longer exist are simply absent (the view shows them disabled).
    Phones as ``actor`` may see them: masked unless ``unmask`` and the role may (then
    one ``unmask`` entry for the list ``where``; ``app.privacy.shown_phones``).
    ``status`` is the derived state as of ``today`` (app/state.py)."""
    from app import privacy

    if not ids:
        return {}
    row_sql = _ROW_SQL.format(
        state=app_state.sql_case(today or dt.date.today(), app_state.Thresholds.load(db))
    )
    cur = db.execute(
        row_sql + " WHERE m.id IN (SELECT value FROM json_each(?))",
        [json.dumps([int(i) for i in ids])],
    )
    rows = {row[0]: dict(zip(ROW_COLUMNS, row, strict=True)) for row in cur}
    privacy.shown_phones(db, actor=actor, rows=rows.values(), unmask=unmask, where=where)
    return rows


def search(
    db: sqlite_utils.Database,
    text: str,
    *,
    actor: Actor,
    limit: int = 50,
    unmask: bool = False,
) -> list[dict[str, Any]]:
    """The best ``limit`` members for ``text`` (as typed at the counter), best first:
    by match rank, then most recent buyer first (a regular is likelier than a namesake
    who never came back). Rows as in :func:`fetch_rows` (a phone typed finds its
    member; the row still shows it as ``actor`` may see it). Empty text gives []."""
    if not text or not text.strip():
        return []
    ids = member_ids(db, MemberQuery(text=text, sort="last_purchase", descending=True), limit=limit)
    rows = fetch_rows(db, ids, actor=actor, unmask=unmask)
    return [rows[i] for i in ids if i in rows]
