"""The demo store generator (app/demo/): deterministic, the sizes asked for, and facts
that satisfy the schema and agree with the derived columns (tier, status, stats)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
from pathlib import Path

import pytest
from lunar_python import LunarMonth, LunarYear

from app import demo, stats
from app.core import SYSTEM
from app.db import open_db, user_tables
from app.demo import bulk as demo_bulk
from app.demo import helper as demo_helper
from app.normalize import MOBILE, name_pinyin, parse_birthday

TODAY = dt.date(2026, 11, 22)
MEMBERS = 1200


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """One mid-sized demo store for the read-only checks (built once for the module)."""
    path = tmp_path_factory.mktemp("demo_store") / "store.db"
    db = open_db(path)
    summary = demo.generate(db, members=MEMBERS, seed=11, today=TODAY)
    yield db, summary
    db.close()


def _rows(db, sql, params=()):
    return db.execute(sql, params).fetchall()


def _one(db, sql, params=()):
    return db.execute(sql, params).fetchone()[0]


def _content_hash(db) -> str:
    """Hash of every row of every data table, in primary-key order."""
    h = hashlib.sha256()
    for table in user_tables(db):
        ncols = len(_rows(db, f"PRAGMA table_info([{table}])"))
        order = ", ".join(str(i) for i in range(1, ncols + 1))
        h.update(table.encode())
        for row in _rows(db, f"SELECT * FROM [{table}] ORDER BY {order}"):
            h.update(repr(row).encode())
    return h.hexdigest()


def _fresh(tmp_path: Path, name: str):
    return open_db(tmp_path / name)


# ---------------------------------------------------------------- determinism, sizes


def test_same_seed_and_day_give_identical_rows_and_another_seed_does_not(tmp_path):
    hashes = []
    for name, seed in (("a.db", 5), ("b.db", 5), ("c.db", 6)):
        db = _fresh(tmp_path, name)
        demo.generate(db, members=150, purchases=1500, seed=seed, today=TODAY)
        hashes.append(_content_hash(db))
        db.close()
    assert hashes[0] == hashes[1]
    assert hashes[2] != hashes[0]


def test_another_process_with_another_hash_seed_makes_the_same_store(tmp_path):
    import os
    import subprocess

    here = _fresh(tmp_path, "here.db")
    demo.generate(here, members=60, purchases=400, seed=5, today=TODAY)
    script = (
        "import datetime as dt, sys\n"
        "from app.db import open_db\n"
        "from app import demo\n"
        "db = open_db(sys.argv[1])\n"
        "demo.generate(db, members=60, purchases=400, seed=5, today=dt.date(2026, 11, 22))\n"
        "db.close()\n"
    )
    root = Path(demo.__file__).resolve().parents[2]  # app/demo/__init__.py
    env = dict(os.environ, PYTHONHASHSEED="12345", PYTHONPATH=str(root))
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "there.db")], env=env, check=True)
    there = open_db(tmp_path / "there.db")
    assert _content_hash(there) == _content_hash(here)
    here.close()
    there.close()


def test_another_today_moves_the_whole_store(tmp_path):
    a, b = _fresh(tmp_path, "a.db"), _fresh(tmp_path, "b.db")
    demo.generate(a, members=100, purchases=800, seed=3, today=TODAY)
    demo.generate(b, members=100, purchases=800, seed=3, today=TODAY + dt.timedelta(days=30))
    assert _content_hash(a) != _content_hash(b)
    # the same store, thirty days later
    assert _one(a, "SELECT MAX(at) FROM purchases") < TODAY.isoformat()
    assert _one(b, "SELECT MAX(at) FROM purchases") > TODAY.isoformat()
    a.close()
    b.close()


def test_counts_are_what_was_asked_and_the_summary_tells_the_truth(store):
    db, summary = store
    assert summary.members == MEMBERS == _one(db, "SELECT COUNT(*) FROM members")
    assert summary.purchases == demo.PURCHASES_PER_MEMBER * MEMBERS
    assert summary.purchases == _one(db, "SELECT COUNT(*) FROM purchases")
    assert summary.items == _one(db, "SELECT COUNT(*) FROM purchase_items")
    assert summary.contacts == _one(db, "SELECT COUNT(*) FROM contacts")
    assert summary.complaints == _one(db, "SELECT COUNT(*) FROM complaints") > 0
    assert summary.surveys == _one(db, "SELECT COUNT(*) FROM surveys") > 0
    assert summary.users == _one(db, "SELECT COUNT(*) FROM users") == 6
    assert summary.items > summary.purchases  # some tickets have several lines
    assert _one(db, "SELECT COUNT(*) FROM points_ledger") > summary.purchases  # see below


def test_explicit_purchase_count_is_exact_even_below_one_per_member(tmp_path):
    db = _fresh(tmp_path, "s.db")
    summary = demo.generate(db, members=80, purchases=50, seed=1, today=TODAY)
    assert summary.purchases == 50 == _one(db, "SELECT COUNT(*) FROM purchases")
    # members who never bought are prospects, not dormant
    assert (
        _one(
            db,
            """SELECT COUNT(*) FROM members m WHERE status <> 'active' AND NOT EXISTS
                       (SELECT 1 FROM purchases p WHERE p.member_id = m.id)""",
        )
        == 0
    )
    db.close()


def test_refuses_a_store_that_already_has_members(tmp_path):
    db = _fresh(tmp_path, "s.db")
    demo.generate(db, members=20, purchases=100, seed=1, today=TODAY)
    with pytest.raises(ValueError, match="empty store"):
        demo.generate(db, members=20, purchases=100, seed=1, today=TODAY)
    db.close()


# ---------------------------------------------------------------- schema and integrity


def test_rows_satisfy_every_foreign_key_and_check_constraint(store):
    db, _ = store
    assert _rows(db, "PRAGMA foreign_key_check") == []
    # integrity_check also verifies CHECK and NOT NULL constraints
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_schema_and_connection_settings_are_as_before(tmp_path):
    db = _fresh(tmp_path, "s.db")
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    before = _rows(db, schema)
    demo.generate(db, members=50, purchases=300, seed=2, today=TODAY)
    assert _rows(db, schema) == before
    assert _one(db, "PRAGMA foreign_keys") == 1
    assert _one(db, "PRAGMA ignore_check_constraints") == 0
    db.close()


def test_full_text_search_and_pinyin_cover_every_member(store):
    db, _ = store
    assert _one(db, "SELECT COUNT(*) FROM members_fts") == MEMBERS
    name, pinyin, initials, no = _rows(
        db, "SELECT name, name_pinyin, name_initials, member_no FROM members WHERE id = 7"
    )[0]
    hits = _rows(db, "SELECT rowid FROM members_fts WHERE members_fts MATCH ?", [f'"{no}"'])
    assert hits == [(7,)]
    for name, pinyin, initials in _rows(
        db, "SELECT DISTINCT name, name_pinyin, name_initials FROM members"
    ):
        assert name_pinyin(name) == (pinyin, initials), name


def test_member_stats_cache_matches_the_purchases(store):
    db, _ = store
    assert stats.mismatches(db) == []
    assert _one(db, "SELECT COUNT(*) FROM member_stats") == MEMBERS


# ---------------------------------------------------------------- members


def test_phones_are_unique_valid_mobiles(store):
    db, _ = store
    phones = [r[0] for r in _rows(db, "SELECT phone FROM members WHERE phone IS NOT NULL")]
    assert len(phones) > MEMBERS * 0.95
    assert len(set(phones)) == len(phones)
    assert all(MOBILE.match(p) and p[:2] in ("13", "15", "18", "19") for p in phones)


def test_member_numbers_names_and_genders(store):
    db, _ = store
    nos = [r[0] for r in _rows(db, "SELECT member_no FROM members ORDER BY id")]
    assert nos[:3] == ["VK000001", "VK000002", "VK000003"]
    assert all(re.fullmatch(r"VK\d{6}", n) for n in nos)
    female = _one(db, "SELECT AVG(gender = 'female') FROM members")
    assert 0.62 < female < 0.78
    names = [r[0] for r in _rows(db, "SELECT name FROM members")]
    assert all(2 <= len(n) <= 4 for n in names)
    assert any(n.startswith(("曾", "单")) for n in names)  # heteronym surnames present
    assert len(set(names)) > MEMBERS / 3


def test_birthdays_about_15_percent_lunar_10_percent_unknown_all_valid(store):
    db, _ = store
    lunar = _one(db, "SELECT AVG(birthday_calendar = 'lunar') FROM members")
    unknown = _one(db, "SELECT AVG(birthday IS NULL) FROM members")
    assert 0.11 < lunar < 0.19
    assert 0.06 < unknown < 0.14
    for birthday, calendar, leap in _rows(
        db,
        "SELECT birthday, birthday_calendar, birthday_leap FROM members "
        "WHERE birthday IS NOT NULL ORDER BY birthday",
    ):
        # the same validation the member form applies
        assert parse_birthday(birthday, calendar=calendar, leap=bool(leap)) == birthday
        if birthday[0] != "-":
            assert "1950" <= birthday[:4] <= "2005"
    assert (
        _one(
            db,
            "SELECT COUNT(*) FROM members WHERE birthday_leap = 1 AND birthday_calendar <> 'lunar'",
        )
        == 0
    )


def test_every_leap_month_birthday_exists_in_the_lunar_calendar(store):
    db, _ = store
    leaps = _rows(db, "SELECT birthday FROM members WHERE birthday_leap = 1")
    assert leaps, "the demo should show some leap-month (闰月) birthdays"
    for (birthday,) in leaps:
        year, month, day = int(birthday[:4]), int(birthday[5:7]), int(birthday[8:10])
        assert LunarYear.fromYear(year).getLeapMonth() == month, birthday
        assert day <= LunarMonth.fromYm(year, -month).getDayCount(), birthday


def test_family_rows_for_about_a_third_and_all_dates_valid(store):
    db, _ = store
    share = _one(db, "SELECT COUNT(DISTINCT member_id) FROM member_family") / MEMBERS
    assert 0.22 < share < 0.38
    relations = {r[0] for r in _rows(db, "SELECT DISTINCT relation FROM member_family")}
    assert {"spouse", "child", "wedding_anniversary"} <= relations
    assert _one(db, "SELECT COUNT(*) FROM member_family WHERE calendar = 'lunar'") > 0
    for date, calendar, leap in _rows(
        db, "SELECT date, calendar, leap FROM member_family ORDER BY date"
    ):
        assert parse_birthday(date, calendar=calendar, leap=bool(leap)) == date


def test_referrers_joined_earlier_and_sources_are_mixed(store):
    db, _ = store
    assert (
        _one(
            db,
            """SELECT COUNT(*) FROM members m JOIN members r ON r.id = m.referrer_id
                       WHERE r.id >= m.id OR r.joined_on > m.joined_on""",
        )
        == 0
    )
    assert (
        _one(db, "SELECT COUNT(*) FROM members WHERE source = 'referral' AND referrer_id IS NULL")
        == 0
    )
    sources = dict(_rows(db, "SELECT source, COUNT(*) FROM members GROUP BY source"))
    assert max(sources, key=sources.get) == "walk_in"
    assert {"referral", "advert", "event", "online"} <= set(sources)


def test_joined_over_the_last_four_years_and_tags_present(store):
    db, _ = store
    first, last = _rows(db, "SELECT MIN(joined_on), MAX(joined_on) FROM members")[0]
    assert first >= (TODAY - dt.timedelta(days=4 * 365 + 1)).isoformat()
    assert last < TODAY.isoformat()
    tags = {r[0] for r in _rows(db, "SELECT DISTINCT tag FROM member_tags")}
    assert {"老客", "敏感价格"} <= tags


def test_users_are_one_owner_one_manager_four_clerks(store):
    db, _ = store
    roles = sorted(r[0] for r in _rows(db, "SELECT role FROM users"))
    assert roles == ["clerk"] * 4 + ["manager", "owner"]
    assert _one(db, "SELECT COUNT(*) FROM users WHERE password_hash IS NOT NULL") == 0
    assert all(
        re.fullmatch(r"[\u4e00-\u9fff]{2,3}", r[0])
        for r in _rows(db, "SELECT display_name FROM users")
    )
    assert (
        _one(
            db,
            """SELECT COUNT(*) FROM purchases p JOIN users u ON u.id = p.clerk_id
                       WHERE u.role <> 'clerk'""",
        )
        == 0
    )


# ---------------------------------------------------------------- purchases


def test_no_purchase_before_joining_or_after_today(store):
    db, _ = store
    assert (
        _one(
            db,
            """SELECT COUNT(*) FROM purchases p JOIN members m ON m.id = p.member_id
                       WHERE substr(p.at, 1, 10) < m.joined_on""",
        )
        == 0
    )
    assert _one(db, "SELECT MAX(at) FROM purchases") < TODAY.isoformat()
    # the first purchase is on the joining day
    assert (
        _one(
            db,
            """SELECT COUNT(*) FROM member_stats s JOIN members m ON m.id = s.member_id
                       WHERE substr(s.first_purchase_at, 1, 10) <> m.joined_on""",
        )
        == 0
    )


def test_purchase_times_are_within_store_hours_and_ids_follow_time(store):
    db, _ = store
    assert (
        _one(
            db,
            "SELECT COUNT(*) FROM purchases WHERE substr(at, 12) NOT BETWEEN "
            "'10:00:00' AND '21:59:59'",
        )
        == 0
    )
    ats = [r[0] for r in _rows(db, "SELECT at FROM purchases ORDER BY id")]
    assert ats == sorted(ats)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", a) for a in ats[:500])
    tickets = [r[0] for r in _rows(db, "SELECT ticket_no FROM purchases")]
    assert len(set(tickets)) == len(tickets)
    assert all(re.fullmatch(r"T\d{8}\d{4,}", t) for t in tickets)


def test_items_add_up_to_their_tickets(store):
    db, _ = store
    assert (
        _one(
            db,
            """SELECT COUNT(*) FROM purchases p LEFT JOIN (
                           SELECT purchase_id, SUM(list_fen) l, SUM(paid_fen) pd, COUNT(*) n
                           FROM purchase_items GROUP BY purchase_id) i ON i.purchase_id = p.id
                       WHERE i.n IS NULL OR i.n > 4 OR i.l <> p.total_fen
                          OR i.pd <> p.paid_fen""",
        )
        == 0
    )
    assert (
        _one(db, "SELECT COUNT(*) FROM purchase_items WHERE paid_fen > list_fen AND qty > 0") == 0
    )


def test_discounts_are_about_a_third_and_consistent(store):
    db, _ = store
    sales = "FROM purchases WHERE return_of IS NULL"
    share = _one(db, f"SELECT AVG(is_discounted) {sales}")
    assert 0.25 < share < 0.45
    assert _one(db, f"SELECT COUNT(*) {sales} AND is_discounted = 1 AND paid_fen >= total_fen") == 0
    assert _one(db, f"SELECT COUNT(*) {sales} AND is_discounted = 0 AND paid_fen <> total_fen") == 0
    median = _rows(
        db,
        f"SELECT paid_fen {sales} ORDER BY paid_fen LIMIT 1 OFFSET (SELECT COUNT(*) / 2 {sales})",
    )[0][0]
    assert 9_900 <= median <= 300_000  # ¥99–¥3,000


def test_returns_refer_to_an_earlier_sale_of_the_same_member(store):
    db, _ = store
    returns = _one(db, "SELECT COUNT(*) FROM purchases WHERE return_of IS NOT NULL")
    assert returns > 0
    assert (
        _one(
            db,
            """SELECT COUNT(*) FROM purchases r JOIN purchases o ON o.id = r.return_of
                       WHERE r.member_id <> o.member_id OR r.at <= o.at OR r.paid_fen > 0
                          OR o.return_of IS NOT NULL""",
        )
        == 0
    )
    assert (
        _one(
            db,
            """SELECT COUNT(*) FROM purchase_items ri
                       JOIN purchases r ON r.id = ri.purchase_id AND r.return_of IS NOT NULL
                       LEFT JOIN purchase_items oi ON oi.id = ri.return_of_item
                       WHERE oi.purchase_id IS NOT r.return_of OR ri.qty >= 0
                          OR ri.qty <> -oi.qty""",
        )
        == 0
    )


def test_purchase_frequency_is_heavy_tailed_and_seasonal(store):
    db, _ = store
    counts = [r[0] for r in _rows(db, "SELECT visits FROM member_stats ORDER BY visits")]
    once = sum(c == 1 for c in counts) / len(counts)
    assert 0.12 < once < 0.4
    assert counts[-1] > 5 * demo.PURCHASES_PER_MEMBER  # a few very loyal customers
    by_month = dict(
        _rows(
            db,
            "SELECT substr(at, 6, 2), COUNT(*) FROM purchases WHERE at >= ? AND at < ? GROUP BY 1",
            [(TODAY - dt.timedelta(days=365)).isoformat(), TODAY.isoformat()],
        )
    )
    assert by_month["11"] + by_month["12"] > 1.4 * (by_month["07"] + by_month["08"])


# ---------------------------------------------------------------- derived columns


def test_stored_tier_equals_the_loyalty_rules_recomputation(store):
    from app import loyalty

    db, _ = store
    assert loyalty.tier_mismatches(db, today=TODAY) == []
    tiers = dict(_rows(db, "SELECT tier, COUNT(*) FROM members GROUP BY tier"))
    assert len(tiers) >= 3  # a pyramid, not one layer
    assert tiers["normal"] > tiers.get("gold", 0) > tiers.get("diamond", 0)


@pytest.mark.parametrize("today", [dt.date(2026, 1, 2), dt.date(2025, 12, 31)])
def test_tiers_agree_with_the_loyalty_rule_around_the_yearly_review(tmp_path, today):
    from app import loyalty

    db = _fresh(tmp_path, "s.db")
    demo.generate(db, members=300, seed=8, today=today)
    assert loyalty.tier_mismatches(db, today=today) == []
    db.close()


def test_status_agrees_with_the_last_purchase(store):
    db, _ = store
    cut = (TODAY - dt.timedelta(days=demo.DORMANT_DAYS)).isoformat()
    rows = _rows(
        db,
        """SELECT m.status, m.lost_reason, s.last_purchase_at, m.status_changed_at
                        FROM members m JOIN member_stats s ON s.member_id = m.id""",
    )
    statuses = [r[0] for r in rows]
    assert statuses.count("active") > len(rows) / 2
    assert statuses.count("dormant") > 0 and statuses.count("lost") > 0
    for status, reason, last, changed in rows:
        # the demo's rule (app/demo/facts.py): dormant from DORMANT_DAYS whole days idle,
        # so a last sale on the cut day itself is dormant already
        if status == "active":
            assert last is None or last[:10] > cut, (status, last)
        else:
            assert last[:10] <= cut, (status, last)
            assert last < changed < TODAY.isoformat()
        assert (reason is not None) == (status == "lost")


# ---------------------------------------------------------------- contacts, feedback


def test_contacts_use_known_codes_and_stay_between_joining_and_today(store):
    from app.labels import choices

    db, _ = store
    for column, group in (("purpose", "purpose"), ("channel", "channel"), ("outcome", "outcome")):
        used = {r[0] for r in _rows(db, f"SELECT DISTINCT {column} FROM contacts")}
        assert used <= set(choices(group)), column
    purposes = {r[0] for r in _rows(db, "SELECT DISTINCT purpose FROM contacts")}
    assert {"post_sale_day1", "post_sale_day7", "birthday", "winback"} <= purposes
    assert _one(db, "SELECT MAX(at) FROM contacts") < TODAY.isoformat()
    assert (
        _one(
            db,
            """SELECT COUNT(*) FROM contacts c JOIN members m ON m.id = c.member_id
                       WHERE substr(c.at, 1, 10) < m.joined_on""",
        )
        == 0
    )
    assert (
        _one(
            db,
            """SELECT COUNT(*) FROM contacts c JOIN purchases p ON p.id = c.purchase_id
                       WHERE c.at <= p.at""",
        )
        == 0
    )


def test_todays_call_list_has_work(store):
    db, _ = store
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    uncalled = _one(
        db,
        """SELECT COUNT(*) FROM purchases p WHERE p.at >= ?
                           AND p.return_of IS NULL AND NOT EXISTS (
                               SELECT 1 FROM contacts c WHERE c.purchase_id = p.id
                               AND c.purpose = 'post_sale_day1')""",
        [yesterday],
    )
    assert uncalled > 0
    due = _one(
        db,
        "SELECT COUNT(*) FROM contacts WHERE next_follow_up BETWEEN ? AND ?",
        [TODAY.isoformat(), (TODAY + dt.timedelta(days=14)).isoformat()],
    )
    assert 0 < due < MEMBERS / 5


def test_complaints_and_surveys_are_complete(store):
    db, _ = store
    assert _one(db, "SELECT COUNT(*) FROM complaints WHERE status = 'resolved'") > 0
    assert (
        _one(
            db,
            """SELECT COUNT(*) FROM complaints WHERE
                       (status IN ('resolved', 'closed')) <> (resolved_at IS NOT NULL)
                       OR resolved_at < at""",
        )
        == 0
    )
    factors = {r[0] for r in _rows(db, "SELECT DISTINCT factor FROM survey_scores")}
    assert factors == {"quality", "service", "store_image", "price", "range"}
    assert (
        _one(
            db,
            """SELECT COUNT(*) FROM surveys s WHERE (SELECT COUNT(*) FROM survey_scores
                       WHERE survey_id = s.id) <> 5""",
        )
        == 0
    )
    assert _one(
        db,
        """SELECT COUNT(*) FROM surveys s JOIN contacts c ON c.id = s.contact_id
                       WHERE c.purpose = 'satisfaction' AND c.member_id = s.member_id
                       AND c.at = s.at""",
    ) == _one(db, "SELECT COUNT(*) FROM surveys")


# ---------------------------------------------------------------- progress, cancel


def test_progress_is_reported_a_few_dozen_times_up_to_the_total(tmp_path, monkeypatch):
    monkeypatch.setattr(demo_bulk, "CHUNK", 1000)  # rows per executemany: as at full size, scaled
    db = _fresh(tmp_path, "s.db")
    calls: list[tuple[int, int]] = []
    demo.generate(
        db,
        members=300,
        purchases=6000,
        seed=1,
        today=TODAY,
        on_progress=lambda done, total: calls.append((done, total)),
    )
    assert 10 <= len(calls) <= 100
    assert all(total == 6300 for _, total in calls)
    dones = [d for d, _ in calls]
    assert dones == sorted(dones)
    assert dones[len(dones) // 2] < 6300
    assert calls[-1] == (6300, 6300)
    db.close()


def test_cancel_rolls_everything_back(tmp_path, monkeypatch):
    monkeypatch.setattr(demo_bulk, "CHUNK", 500)
    db = _fresh(tmp_path, "s.db")
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
    before_schema = _rows(db, schema)
    before = {t: _one(db, f"SELECT COUNT(*) FROM [{t}]") for t in user_tables(db)}
    seen: list[int] = []

    def should_cancel() -> bool:
        # part-way: members are in, purchases under way (same connection, so the
        # transaction's rows are visible here)
        seen.append(_one(db, "SELECT COUNT(*) FROM purchases"))
        return seen[-1] > 0

    with pytest.raises(demo.Cancelled):
        demo.generate(
            db, members=400, purchases=3000, seed=1, today=TODAY, should_cancel=should_cancel
        )
    assert 0 < seen[-1] < 3000
    assert {t: _one(db, f"SELECT COUNT(*) FROM [{t}]") for t in user_tables(db)} == before
    assert before["members"] == before["purchases"] == before["users"] == 0
    assert _rows(db, schema) == before_schema
    assert _one(db, "PRAGMA foreign_keys") == 1
    # and the store can still be filled afterwards
    assert demo.generate(db, members=30, purchases=100, seed=1, today=TODAY).members == 30
    db.close()


def test_helper_process_writes_the_same_rows_and_leaves_no_scratch_file(tmp_path, monkeypatch):
    """Big stores have items and contacts written by a second process and copied in; the
    rows must be exactly those written in-process."""
    hashes = []
    for name, min_rows in (("inline.db", 10**12), ("helper.db", 0)):
        monkeypatch.setattr(demo_helper, "HELPER_MIN_ROWS", min_rows)
        folder = tmp_path / name.split(".")[0]
        db = open_db(folder / name)
        summary = demo.generate(db, members=120, purchases=1500, seed=4, today=TODAY)
        assert summary.items == _one(db, "SELECT COUNT(*) FROM purchase_items") > 1500
        assert _rows(db, "PRAGMA database_list")[-1][1] == "main"  # nothing left attached
        assert _rows(db, "PRAGMA foreign_key_check") == []
        assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
        hashes.append(_content_hash(db))
        db.close()
        assert sorted(p.name for p in folder.iterdir() if "demo" in p.name) == []
    assert hashes[0] == hashes[1]


def test_fast_lunar_table_agrees_with_app_lunar():
    from app.lunar import lunar_to_solar

    for year, month, day, leap in (
        (2023, 2, 1, True),  # 2023 has a leap 2nd month
        (2023, 2, 30, False),
        (2024, 1, 1, False),
        (2025, 6, 30, True),  # 2025 has a leap 6th month
        (2026, 12, 30, False),
        (1984, 10, 15, True),  # 1984 has a leap 10th month
        (1990, 5, 30, True),
        (2026, 3, 3, True),  # no leap 3rd month in 2026: the ordinary month
    ):
        assert demo._lunar_solar(year, month, day, leap) == lunar_to_solar(year, month, day, leap)


def test_the_demo_has_a_second_card_to_find_and_a_merged_card_to_resolve(store):
    from app import duplicates, members, search

    db, _summary = store
    pairs = duplicates.find(db)
    assert any("name_birthday" in p.reasons for p in pairs)
    ((merged_no, kept_id),) = db.execute(
        "SELECT value, member_id FROM member_aliases WHERE kind = 'member_no'"
    ).fetchall()
    assert members.resolve(db, member_no=merged_no) == kept_id
    assert [r["id"] for r in search.search(db, merged_no, actor=SYSTEM, unmask=True)][:1] == [
        kept_id
    ]
    assert members.next_member_no(db) != merged_no


# ---------------------------------------------------------------- issue #17: everything shown


def test_the_points_programme_runs_from_the_first_day_and_reconciles_with_app_loyalty(store):
    from app import loyalty

    db, _ = store
    versions = loyalty.rule_versions(db)
    assert len(versions) == 1
    assert versions[0]["effective_from"] == _one(db, "SELECT MIN(substr(at, 1, 10)) FROM purchases")
    reasons = dict(_rows(db, "SELECT reason, COUNT(*) FROM points_ledger GROUP BY reason"))
    for reason in ("spend", "referral", "birthday", "visit", "redeem", "expire", "return"):
        assert reasons.get(reason, 0) > 0, reason
    assert _one(db, "SELECT COUNT(*) FROM redemptions") == reasons["redeem"]
    assert _one(db, "SELECT COUNT(*) FROM rewards") >= 3
    # ledger and lots reconcile: the cache is a replay, each balance is its lots' sum,
    # nobody is below zero, nothing due is left unexpired
    assert loyalty.lots_mismatches(db) == []
    computed = loyalty.compute_lots(db)
    balances = dict(_rows(db, "SELECT member_id, SUM(delta) FROM points_ledger GROUP BY 1"))
    for mid, bal in balances.items():
        assert bal >= 0, mid
        assert bal == sum(lot[1] for lot in computed.get(mid, [])), mid
    assert not loyalty.expire_points(db, actor=_system(), today=TODAY)
    # each spend entry is what the rules give at the tier held at that sale
    rules = loyalty.rules_at(db, TODAY)
    history: dict[int, list[tuple[str, str, str]]] = {}
    for mid, at, frm, to in _rows(
        db, "SELECT member_id, at, from_tier, to_tier FROM tier_history ORDER BY member_id, at, id"
    ):
        history.setdefault(mid, []).append((at, frm, to))
    spend = dict(_rows(db, "SELECT ref_id, delta FROM points_ledger WHERE reason = 'spend'"))
    for pid, mid, at, paid, now_tier in _rows(
        db,
        "SELECT p.id, p.member_id, p.at, p.paid_fen, m.tier FROM purchases p "
        "JOIN members m ON m.id = p.member_id WHERE p.return_of IS NULL",
    ):
        before = [to for when, _f, to in history.get(mid, []) if when < at]
        after = [f for when, f, _t in history.get(mid, []) if when >= at]
        tier = before[-1] if before else (after[0] if after else now_tier)
        assert spend.get(pid, 0) == loyalty.points_for_paid(paid, rules, tier), pid
    # the daily job finds nothing to do today
    assert _one(db, "SELECT value FROM settings WHERE key = 'loyalty_daily_last_run'") == (
        f'"{TODAY.isoformat()}"'
    )


def _system():
    from app.core import SYSTEM

    return SYSTEM


def test_tier_history_has_upgrades_and_yearly_reviews_ending_at_todays_tier(store):
    from app import loyalty

    db, _ = store
    reasons = dict(_rows(db, "SELECT reason, COUNT(*) FROM tier_history GROUP BY 1"))
    assert reasons.get("upgrade", 0) > 0 and reasons.get("review", 0) > 0
    downs = _one(
        db,
        "SELECT COUNT(*) FROM tier_history h JOIN tiers a ON a.code = h.from_tier "
        "JOIN tiers b ON b.code = h.to_tier WHERE b.rank < a.rank",
    )
    assert downs > 0  # some lost their tier at a review
    # reviews happen on the review date only; the last change is today's tier
    assert _one(db, "SELECT COUNT(DISTINCT substr(at, 6, 5)) FROM tier_history "
                    "WHERE reason = 'review'") == 1  # fmt: skip
    assert (
        _one(
            db,
            """SELECT COUNT(*) FROM members m JOIN tier_history h ON h.member_id = m.id
               AND h.id = (SELECT id FROM tier_history x WHERE x.member_id = m.id
                           ORDER BY x.at DESC, x.id DESC LIMIT 1)
               WHERE h.to_tier <> m.tier""",
        )
        == 0
    )
    assert loyalty.tier_mismatches(db, today=TODAY) == []


def test_twelve_monthly_snapshots_prospects_and_campaign_tasks(store):
    db, _ = store
    months = [r[0] for r in _rows(db, "SELECT month FROM segment_snapshot_months ORDER BY 1")]
    assert len(months) == 12 and months[-1] == "2026-10"  # TODAY is in November 2026
    for month, n in _rows(db, "SELECT month, COUNT(*) FROM segment_snapshots GROUP BY 1"):
        end = f"{month}-31"
        assert n == _one(db, "SELECT COUNT(*) FROM members WHERE joined_on <= ?", [end]) or n > 0
    # prospects: members who never bought
    prospects = _one(
        db,
        "SELECT COUNT(*) FROM members m WHERE NOT EXISTS "
        "(SELECT 1 FROM purchases p WHERE p.member_id = m.id)",
    )
    assert 0.01 * MEMBERS < prospects < 0.08 * MEMBERS
    # campaign tasks: past ones mostly done, some open today or soon
    done, open_ = _rows(db, "SELECT COUNT(done_at), COUNT(*) - COUNT(done_at) FROM campaign_tasks")[
        0
    ]
    assert done > 0 and open_ > 0
    assert _one(
        db, "SELECT COUNT(*) FROM campaign_tasks WHERE done_at IS NULL AND due <= ?",
        [TODAY.isoformat()],
    ) > 0  # fmt: skip
    # complaints and surveys across the months
    assert _one(db, "SELECT COUNT(DISTINCT substr(at, 1, 7)) FROM surveys") >= 12
    assert _one(db, "SELECT COUNT(DISTINCT substr(at, 1, 7)) FROM complaints") >= 6


def test_without_loyalty_the_store_has_a_history_and_no_points_programme(tmp_path):
    db = _fresh(tmp_path, "s.db")
    demo.generate(db, members=120, purchases=900, seed=3, today=TODAY, loyalty=False)
    for table in ("points_ledger", "loyalty_rules", "tier_history", "redemptions"):
        assert _one(db, f"SELECT COUNT(*) FROM {table}") == 0, table
    assert _one(db, "SELECT COUNT(*) FROM purchases") == 900
    db.close()
