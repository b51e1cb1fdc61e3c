"""The demo store's build: ``generate`` puts the parts together in one transaction."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import json
import random
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
import sqlite_utils

from app.core import clock_at, gc_deferred
from app.demo.alterations import _alterations, alterations_since
from app.demo.bulk import (
    _BULK_TABLES,
    _contact_inserts,
    _contacts_payload,
    _drop_for_load,
    _indexes_after,
    _insert,
    _item_inserts,
    _items_payload,
    _purchase_inserts,
    _purchases_payload,
    _restore_after_load,
)
from app.demo.campaigns import (
    campaign_tasks,
    fill_snapshots,
    snapshot_inputs,
    write_campaign_tasks,
    write_snapshots,
)
from app.demo.cards import _member_cards, archive_fields
from app.demo.changes import _change_history
from app.demo.contacts import (
    _campaign_contacts,
    _Contacts,
    _occasion_contacts,
    _post_sale_contacts,
    _winback_contacts,
)
from app.demo.contract import PURCHASES_PER_MEMBER, Cancelled, DemoSummary
from app.demo.counter_queue import _queued_sales
from app.demo.events import _events
from app.demo.facts import _member_facts
from app.demo.feedback import _complaints, _surveys
from app.demo.gifts import _gifts
from app.demo.helper import _HELPER_TABLES, _Helper
from app.demo.helpers import _Calendar, _times
from app.demo.members import MEMBER_COLUMNS, _make_members
from app.demo.plan import _plan_examples
from app.demo.programme import (
    POINTS_TABLES,
    finish_points,
    input_members,
    points_payload,
    run_programme,
    start_programme,
    write_tier_history,
)
from app.demo.purchases import _make_purchases, _Purchases, _sku_catalogue
from app.demo.staff import _staff, enrolments
from app.demo.tiers import review_dates, tier_history
from app.demo.vocabulary import DEMO_STORE_NAME, USERS, USERS_PINYIN
from app.normalize import name_pinyin


def _write_member_stats(
    conn: Any, pur: _Purchases, iso: list[str], clerk_ids: np.ndarray, n: int
) -> None:
    """``member_stats`` (app/stats.py: a cache of purchase facts that bulk writers must
    fill) from the arrays in hand, by its definitions: visits = sales, total = net paid,
    first/last = first and last sale, last clerk = clerk of the last sale, ties going to
    the higher id (ids follow time here). ``stats.rebuild`` computes the same in SQL in
    several seconds at 2M purchases; the tests compare the two (``stats.mismatches``)."""
    sale = np.flatnonzero(~pur.is_return)
    who = pur.member[sale]
    visits = np.bincount(who, minlength=n)
    total = np.bincount(pur.member, weights=pur.paid, minlength=n).astype(np.int64)
    first = np.full(n, len(pur.day), dtype=np.int64)
    last = np.zeros(n, dtype=np.int64)
    np.minimum.at(first, who, sale)
    np.maximum.at(last, who, sale)
    has = visits > 0
    times = _times()

    def at(sales: np.ndarray) -> Iterator[str]:  # the sales' times, from lists
        days, secs = pur.day[sales].tolist(), pur.sec[sales].tolist()
        return iter([iso[d] + times[s] for d, s in zip(days, secs, strict=True)])

    first_at, last_at = at(first[has]), at(last[has])
    clerks = iter(clerk_ids[pur.clerk[last[has]]].tolist())
    rows = [
        (i, v, t, next(first_at), next(last_at), next(clerks)) if v else (i, 0, t, None, None, None)
        for i, v, t in zip(range(1, n + 1), visits.tolist(), total.tolist(), strict=True)
    ]
    conn.executemany(
        "INSERT INTO member_stats (member_id, visits, total_paid_fen, first_purchase_at, "
        "last_purchase_at, last_clerk_id) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(member_id) DO UPDATE SET visits = excluded.visits, "
        "total_paid_fen = excluded.total_paid_fen, "
        "first_purchase_at = excluded.first_purchase_at, "
        "last_purchase_at = excluded.last_purchase_at, last_clerk_id = excluded.last_clerk_id",
        rows,
    )


def _namesake(db: sqlite_utils.Database) -> tuple[int, tuple[Any, ...]] | None:
    """``(newer id, older member's (id, name, birthday, birthday_calendar,
    birthday_leap))`` for :func:`_second_cards`, or None for a store too small."""
    older = db.execute(
        "SELECT id, name, birthday, birthday_calendar, birthday_leap FROM members "
        "WHERE birthday GLOB '[0-9]*' AND phone IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()
    newer = db.execute(
        "SELECT id FROM members WHERE phone IS NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if older and newer and newer[0] != older[0]:
        return newer[0], tuple(older)
    return None


def _points_members(mem: Any, facts: Any) -> list[tuple[Any, ...]]:
    """The rows of the points helper's ``members`` input (programme._INPUTS) as the
    members table will hold them after :func:`_second_cards`, from the arrays (the
    helper starts before the members are written)."""
    c = mem.cols
    rows = list(zip(range(1, mem.n + 1), facts.tier, c["referrer_id"], facts.status,
                    c["birthday"], c["birthday_calendar"], c["birthday_leap"], c["joined_on"],
                    strict=True))  # fmt: skip
    # :func:`_namesake`'s choice: the first member with a phone and a birthday that
    # starts with a digit, the last without a phone
    phones = c["phone"]
    older = next(
        (i for i, (b, ph) in enumerate(zip(c["birthday"], phones, strict=True))
         if ph is not None and b and "0" <= b[0] <= "9"),
        None,
    )  # fmt: skip
    newer = next((i for i in range(mem.n - 1, -1, -1) if phones[i] is None), None)
    if older is not None and newer is not None and newer != older:
        rows[newer] = (*rows[newer][:4], *rows[older][4:7], rows[newer][7])
    return rows


def _start_points(
    db: sqlite_utils.Database,
    cal: Any,
    pur: Any,
    facts: Any,
    tiers: list[tuple[str, int]],
    owner_id: int,
    n_members: int,
) -> Any:
    """The programme's first rule version, rewards and tier history; returns the rules."""
    from app import settings
    from app.loyalty.tiers import _review_md

    codes = [c for c, _ in tiers]
    month, day = _review_md(settings.get(db, "loyalty_tier_review_date"))
    reviews = review_dates(cal, month, day)
    history, final = tier_history(cal, pur, n_members, [t for _, t in tiers], reviews)
    held = np.asarray([codes.index(t) for t in facts.tier], dtype=np.int64)
    assert np.array_equal(final, held), "tier history disagrees with members.tier"
    rules = start_programme(db, cal, owner_id)
    write_tier_history(db, history, codes)
    return rules


def _second_cards(
    db: sqlite_utils.Database, namesake: tuple[int, tuple[Any, ...]] | None, today: dt.date
) -> None:
    """What a real archive holds and the clean-up tools are for (issue #15):

    * a second card for one customer, made at the counter without a phone: the newest
      member without a phone becomes a namesake of an older member with a birthday
      (same name and birthday), so the duplicate finder has a pair to propose;
    * a card merged away last month: its member number (the one after the highest
      issued) is an alias of an older member, so searching it finds the kept card.
    Member counts stay as asked; a store too small for either is left alone.
    ``namesake``: :func:`_namesake` (:func:`_points_members` makes the same choice
    from the arrays)."""

    if namesake is not None:
        newer_id, older = namesake
        full, initials = name_pinyin(older[1])
        db.execute(
            "UPDATE members SET name = ?, name_pinyin = ?, name_initials = ?, birthday = ?, "
            "birthday_calendar = ?, birthday_leap = ? WHERE id = ?",
            [older[1], full, initials, older[2], older[3], older[4], newer_id],
        )
    last = db.execute("SELECT member_no FROM members ORDER BY member_no DESC LIMIT 1").fetchone()
    keep = db.execute("SELECT id FROM members ORDER BY id LIMIT 1 OFFSET 10").fetchone()
    if last and keep and last[0][-6:].isdigit():
        merged_no = f"{last[0][:-6]}{int(last[0][-6:]) + 1:06d}"
        merged_at = (today - dt.timedelta(days=30)).isoformat() + "T15:20:00"
        db.execute(
            "INSERT INTO member_aliases (kind, value, member_id, merged_at) "
            "VALUES ('member_no', ?, ?, ?)",
            [merged_no, keep[0], merged_at],
        )


# Millions of rows made as tuples and lists: the cyclic GC walked the growing heap
# ~7,400 times, 8 of them whole (1.9 CPU-s of the 100k/2M build); nothing here makes
# cycles.
@gc_deferred()
def generate(
    db: sqlite_utils.Database,
    *,
    members: int = 2000,
    purchases: int | None = None,
    seed: int = 42,
    today: dt.date | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    loyalty: bool = True,
) -> DemoSummary:
    """Fill an empty store with the demo shop (see the module docstring).

    With ``loyalty`` (the default) the points programme runs from the store's first day
    (app/demo/programme.py); without it the store has a history but no points, rules or
    tier history — a store about to start its programme.

    ``purchases`` counts every purchase row, returns included (default
    ``PURCHASES_PER_MEMBER`` per member). Progress is reported in rows, ``total =
    members + purchases``, a few dozen times. Raises ``ValueError`` for a store that
    already has members and ``Cancelled`` (everything rolled back) when
    ``should_cancel()`` returns true.

    For a big store (``HELPER_MIN_ROWS`` purchases and lines) purchases and their
    lines are written by a helper process into a scratch file beside the store, and the
    points programme by a second one (app/demo/helper.py); the files are removed
    afterwards.
    """
    if members < 1:
        raise ValueError("members must be at least 1")
    n_purchases = PURCHASES_PER_MEMBER * members if purchases is None else purchases
    if n_purchases < 0:
        raise ValueError("purchases must not be negative")
    today = today or dt.date.today()
    for table in ("members", "purchases", "purchase_items", "contacts"):
        if db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            raise ValueError(f"the demo fills an empty store; this one has {table}")

    total = members + n_purchases
    done = [0]

    def step(k: int = 0) -> None:
        done[0] += k
        if should_cancel is not None and should_cancel():
            raise Cancelled("demo generation cancelled")
        if on_progress is not None:
            on_progress(min(done[0], total), total)

    conn = db.conn
    pragmas = {
        name: int(conn.execute(f"PRAGMA {name}").fetchone()[0])
        for name in ("threads", "foreign_keys", "ignore_check_constraints")
    }
    # CREATE INDEX sorts on this thread: a big store's helper processes use the other
    # core, where SQLite's sort threads only add CPU (app/demo/helper.py)
    conn.execute("PRAGMA threads = 0")
    # Row-by-row FK and CHECK enforcement costs about half of each insert. The rows are
    # made to satisfy both; tests/unit/test_demo.py proves it with foreign_key_check and
    # integrity_check (which checks CHECK constraints). foreign_keys only changes outside
    # a transaction: inside a caller's transaction it stays on, and that is fine.
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    helper = _Helper(conn)
    points_helper = _Helper(conn, "_points")  # the points programme, for a big store
    try:
        with db.atomic():
            # bookkeeping times (ledger created_at, audit, snapshots): when the demo was
            # made, fixed by ``today`` so the same arguments give the same rows
            with clock_at(today.isoformat() + "T08:00:00"):
                summary, sales, snapshots = _generate(
                    db, members, n_purchases, seed, today, step, (helper, points_helper), loyalty
                )
                added = _plan_examples(db, today)
                summary = dataclasses.replace(summary, contacts=summary.contacts + added)
                _alterations(db, today, seed, sales)  # 修改/送衣单 (app/demo/alterations.py)
                del sales
                _events(db, today, seed)  # 会员活动 (app/demo/events.py, issue #19)
                if points_helper.proc is not None:  # nothing above reads the points
                    finish_points(db, points_helper, today, step, meanwhile=snapshots)
                # counter queue (app/demo/counter_queue.py): after the points, so its
                # audit entry (a discarded sale) follows the programme's in both paths
                _queued_sales(db, today, seed)
            step()
    finally:
        helper.close(conn)
        points_helper.close(conn)
        for name, value in pragmas.items():
            conn.execute(f"PRAGMA {name} = {value}")
    if on_progress is not None:
        on_progress(total, total)
    return summary


def _generate(
    db: sqlite_utils.Database,
    n_members: int,
    n_purchases: int,
    seed: int,
    today: dt.date,
    step: Callable[[int], None],
    helpers: tuple[_Helper, _Helper],
    with_points: bool = True,
) -> tuple[DemoSummary, Iterable[tuple[int, int, str, int]], Callable[[], None] | None]:
    """The store's rows (see :func:`generate`); returns the summary, the sales
    :func:`_alterations` chooses from, and for a big store the month-end snapshots to
    write while the points helper finishes (else they are written here)."""
    from app import settings

    conn = db.conn
    helper, points_helper = helpers
    step()
    rnd = random.Random(seed)
    rng = np.random.default_rng([seed, 20261122])
    cal = _Calendar(today)

    # ---- users: owner, manager, four clerks
    first_user = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM users").fetchone()[0]) + 1
    user_ids = list(range(first_user, first_user + len(USERS)))
    opened = cal.iso[0] + "T09:00:00"
    conn.executemany(
        "INSERT INTO users (id, username, display_name, name_pinyin, role, password_hash, "
        "active, created_at) VALUES (?, ?, ?, ?, ?, NULL, 1, ?)",
        [
            (uid, login, shown, USERS_PINYIN[shown], role, opened)
            for uid, (login, shown, role) in zip(user_ids, USERS, strict=True)
        ],
    )
    # the demo's own name (a new store's default is neutral, app/settings.py); a name
    # chosen before the demo was generated stays
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('store_name', ?) ON CONFLICT(key) DO NOTHING",
        [json.dumps(DEMO_STORE_NAME, ensure_ascii=False)],
    )
    owner_id, manager_id = user_ids[0], user_ids[1]
    clerk_ids = np.asarray(user_ids[2:], dtype=np.int64)
    staff_ids = np.asarray(user_ids[1:], dtype=np.int64)

    # ---- generate everything: the archive, the purchases, what follows from them
    prefix = str(settings.get(db, "member_no_prefix", "VK"))
    store_code = str(settings.get(db, "store_code", "VK"))
    mem = _make_members(rnd, rng, cal, n_members, prefix, store_code, step)
    _codes, _cats, prices = _sku_catalogue(seed)
    pur = _make_purchases(rng, cal, mem, n_purchases, prices)
    n_p, n_i = len(pur.day), len(pur.item_purchase)

    # ---- purchases and their lines: in a helper process for a big store (started
    # now, to work while this one makes the rest), else below
    assert np.array_equal(pur.disc, pur.paid != pur.total)  # see _purchase_inserts
    items_payload = _items_payload(pur, seed)
    purchases_payload = _purchases_payload(pur, cal, clerk_ids, seed, items_payload)
    jobs = [("purchases", purchases_payload), ("purchase_items", items_payload)]
    # (with foreign keys still on, in a caller's transaction, rows must go in parent first)
    offload = _Helper.wanted(n_p + n_i) and not conn.execute("PRAGMA foreign_keys").fetchone()[0]
    if offload:
        helper.start(conn, jobs)
    tiers = [
        (str(c), int(t))
        for c, t in conn.execute("SELECT code, min_spend_fen FROM tiers ORDER BY rank")
    ]
    from app.loyalty import review_start

    facts = _member_facts(rng, cal, mem, pur, tiers, review_start(db, today))
    saved = _drop_for_load(conn, [t for t in _BULK_TABLES if not (offload and t in _HELPER_TABLES)])

    # ---- the points programme from the first day: rules and tier history; for a big
    # store a helper process computes and writes the entries meanwhile, from the
    # members as the arrays will write them (checked against the table below)
    points_members = None
    if with_points and offload:
        rules = _start_points(db, cal, pur, facts, tiers, owner_id, n_members)
        points_members = _points_members(mem, facts)
        payload = points_payload(db, seed, cal, mem, pur, rules, clerk_ids, points_members)
        points_helper.start(conn, [("points", payload)], POINTS_TABLES)
        del payload

    # ---- contacts, complaints, surveys (made once the points helper is at work)
    contacts = _Contacts()
    _post_sale_contacts(rng, cal, pur, clerk_ids, contacts)
    _campaign_contacts(rng, cal, mem, facts, staff_ids, contacts)
    _occasion_contacts(rnd, rng, cal, mem, facts, staff_ids, contacts)
    _winback_contacts(rnd, rng, cal, mem, facts, staff_ids, contacts, pur)
    complaints = _complaints(rnd, cal, pur, n_members, owner_id, manager_id, contacts)
    surveys, scores, survey_pos = _surveys(rnd, cal, mem, facts, staff_ids, contacts)
    ccols, contact_id = contacts.build()
    n_c = len(ccols["day"])

    # ---- members, tags, family, member_stats; with the archive fields the cards and
    # staff records give them (app/demo/cards.py, staff.py)
    employer, transport = archive_fields(seed, mem.cols["occupation"])
    manager = conn.execute("SELECT id FROM users WHERE role = 'manager' ORDER BY id").fetchone()
    enrolled_by = enrolments(
        seed,
        np.arange(1, n_members + 1),
        [r[0] for r in conn.execute("SELECT id FROM users WHERE role = 'clerk' ORDER BY id")],
        manager[0] if manager else None,
    )
    rows: Iterable[tuple[Any, ...]] = zip(
        range(1, n_members + 1),
        *mem.cols.values(),
        facts.tier,
        facts.status,
        facts.status_at,
        facts.lost_reason,
        facts.lost_note,
        facts.updated_at,
        employer,
        transport,
        enrolled_by,
        strict=True,
    )
    names = (
        "id",
        *MEMBER_COLUMNS,
        "tier",
        "status",
        "status_changed_at",
        "lost_reason",
        "lost_note",
        "updated_at",
        "employer",
        "transport",
        "enrolled_by",
    )
    _insert(
        conn,
        f"INSERT INTO members ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        rows,
        n_members,
        lambda k: step(k // 2),
    )
    # hand marks of "lost" keep their history in lost_marks (app/state.py)
    conn.execute(
        "INSERT INTO lost_marks (member_id, at, reason, note) "
        "SELECT id, status_changed_at, lost_reason, lost_note FROM members WHERE status = 'lost'"
    )
    conn.executemany("INSERT INTO member_tags (member_id, tag) VALUES (?, ?)", facts.tags)
    conn.executemany(
        "INSERT INTO member_family (member_id, relation, name, date, calendar, leap, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        mem.family,
    )
    _write_member_stats(conn, pur, cal.iso, clerk_ids, n_members)  # (times for 2 x 100k)
    del rows, purchases_payload, items_payload, employer, transport, enrolled_by
    if with_points and not offload:  # (with foreign keys on: after the members)
        rules = _start_points(db, cal, pur, facts, tiers, owner_id, n_members)

    # ---- purchases and items (unless the helper writes them), contacts
    if not offload:
        for sql, table_rows, n in _purchase_inserts(jobs[0][1]):
            _insert(conn, sql, table_rows, n, lambda k: step(k // 2))
        for sql, table_rows, n in _item_inserts(jobs[1][1]):
            _insert(conn, sql, table_rows, n, lambda k: step(k * (n_p // 2) // max(n_i, 1)))
    del jobs
    for sql, table_rows, n in _contact_inserts(_contacts_payload(ccols, cal)):
        # (rows of ten columns: ROWS_PER_INSERT to a statement, 0.92 -> 0.82 CPU-s at
        # 418k contacts; for the members' 46 columns it took longer: 1.28 -> 1.6)
        _insert(conn, sql, table_rows, n, lambda k: step(0), many=True)
    # 会员卡, 工作单位, 交通方式 (app/demo/cards.py: the members and the tier history),
    # before the indexes of this side are built
    with _indexes_after(conn, ["member_cards"]):
        _member_cards(db, today, seed)
    _restore_after_load(conn, saved)  # indexes of this side while the helper works

    # ---- what reads none of the purchases, made while the helper process finishes:
    # complaints, surveys, second cards, 顾客变动卡, gifts, staff
    conn.executemany(
        "INSERT INTO complaints (id, member_id, at, category, description, owner_id, status, "
        "resolution, compensation_fen, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        complaints,
    )
    conn.executemany(
        "INSERT INTO surveys (id, member_id, at, clerk_id, contact_id, overall, comment) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (sid, m, at_, clerk, int(contact_id[survey_pos + k]), overall, comment)
            for sid, (m, at_, clerk, k, overall, comment) in enumerate(surveys, start=1)
        ],
    )
    conn.executemany(
        "INSERT INTO survey_scores (survey_id, factor, satisfaction, importance) "
        "VALUES (?, ?, ?, ?)",
        [(sid, *s) for sid, survey_scores in enumerate(scores, start=1) for s in survey_scores],
    )
    _second_cards(db, _namesake(db), today)
    if points_members is not None:  # what the helper read is what the table holds
        assert points_members == input_members(db), "the points helper read other members"
    with _indexes_after(conn, ["member_changes", "gifts"]):
        _change_history(db, today, seed)  # 顾客变动卡 (app/demo/changes.py)
        _gifts(db, today, seed)  # 赠礼记录 (app/demo/gifts.py, issue #19)
    _staff(db, today, seed)  # 办卡导购, 表扬与建议 (app/demo/staff.py)
    # ---- the month-end snapshots: for a big store from the arrays (they read nothing
    # written later), where this process would otherwise wait for a helper — here if
    # the purchases helper is still writing, else while the points helper finishes
    # (finish_points); for a small one rebuilt from the store below
    snapshots: Callable[[], None] | None = None
    if points_members is not None:

        def snapshots() -> None:
            fill_snapshots(
                conn, cal, pur, mem.joined, snapshot_inputs(db, cal, facts, n_members, n_p)
            )

        if helper.running():
            snapshots()
            snapshots = None
    if offload:
        helper.finish(conn, _HELPER_TABLES, step)
        step(n_p // 2)  # (progress: the purchases' half, see the inline writes above)
    step()

    # ---- the points entries (unless the helper does them), campaigns
    if with_points and not offload:
        run_programme(db, seed, cal, mem, pur, rules, clerk_ids)
        step()
    crng = np.random.default_rng([seed, 20261207])
    write_campaign_tasks(db, campaign_tasks(crng, cal, facts.status, mem.call_ok, staff_ids))
    if points_members is None:
        write_snapshots(db, cal)
    summary = DemoSummary(
        members=n_members,
        purchases=n_p,
        items=n_i,
        contacts=n_c,
        complaints=len(complaints),
        surveys=len(surveys),
        users=len(USERS),
    )
    return summary, _alteration_sales(pur, cal, facts, clerk_ids, today), snapshots


def _alteration_sales(
    pur: _Purchases, cal: _Calendar, facts: Any, clerk_ids: np.ndarray, today: dt.date
) -> Iterable[tuple[int, int, str, int]]:
    """What :func:`_alterations` reads from the store, from the arrays: the sales since
    ``alterations_since`` (their days; ids follow time) of members whose status is
    active (members.status is ``facts.status``), in id order."""
    first_day = bisect.bisect_left(cal.iso, alterations_since(today))
    pick = np.flatnonzero((pur.day >= first_day) & (pur.total > 0) & facts.active[pur.member])
    times, iso = _times(), cal.iso
    return zip(
        (pick + 1).tolist(),
        (pur.member[pick] + 1).tolist(),
        [iso[d] + times[s] for d, s in zip(pur.day[pick].tolist(), pur.sec[pick].tolist(),
                                            strict=True)],
        clerk_ids[pur.clerk[pick]].tolist(),
        strict=True,
    )  # fmt: skip
