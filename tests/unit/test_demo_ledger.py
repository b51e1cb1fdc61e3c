"""The demo's points ledger (app/demo/ledger.py computes it from the generator's arrays
for speed) is what app.loyalty's own steps write on the same history: the backfill
(spend, referral, the returns' clawback) and the expiry job, with the lots cache they
keep."""

from __future__ import annotations

import datetime as dt

from app import demo, loyalty
from app.core import SYSTEM, clock_at
from app.db import open_db

TODAY = dt.date(2026, 11, 22)
COLUMNS = "id, member_id, at, delta, reason, ref_type, ref_id, expires_at, clerk_id, note"


def _rows(db, sql):
    return db.execute(sql).fetchall()


def test_demo_ledger_equals_what_app_loyalty_writes_on_the_same_history(tmp_path):
    made = open_db(tmp_path / "demo.db")
    demo.generate(made, members=400, purchases=6000, seed=7, today=TODAY)
    made.close()
    # the same store without the programme, which app.loyalty then runs on its history
    db = open_db(tmp_path / "plain.db")
    demo.generate(db, members=400, purchases=6000, seed=7, today=TODAY, loyalty=False)
    db.execute("ATTACH DATABASE ? AS made", [str(tmp_path / "demo.db")])
    with clock_at(TODAY.isoformat() + "T08:00:00"), db.atomic():
        for table in ("loyalty_rules", "rewards", "tier_history"):
            db.execute(f"INSERT INTO main.{table} SELECT * FROM made.{table}")
        # what the demo makes up (store visits, birthdays) and the counter's redemptions
        # are facts app.loyalty is given, not rules it applies
        db.execute(
            f"INSERT INTO main.points_ledger ({COLUMNS}, created_at) SELECT {COLUMNS}, "
            "created_at FROM made.points_ledger WHERE reason IN ('birthday', 'visit') "
            "ORDER BY id"
        )
    with clock_at(TODAY.isoformat() + "T08:00:00"):
        done = loyalty.backfill(db, actor=SYSTEM, today=TODAY)
        assert done.sales > 0
        with db.atomic():
            db.execute(
                f"INSERT INTO main.points_ledger ({COLUMNS}, created_at) SELECT {COLUMNS}, "
                "created_at FROM made.points_ledger WHERE reason = 'redeem' ORDER BY id"
            )
        loyalty.expire_points(db, actor=SYSTEM, today=TODAY)
    loyalty.refresh_stale(db)

    mine = _rows(db, f"SELECT {COLUMNS} FROM made.points_ledger ORDER BY id")
    theirs = _rows(db, f"SELECT {COLUMNS} FROM main.points_ledger ORDER BY id")
    reasons = {r[4] for r in theirs}
    assert {"spend", "referral", "return", "redeem", "expire"} <= reasons
    assert mine == theirs
    lots = "SELECT lot_id, member_id, earned_at, expires_at, remaining FROM {}.points_lots"
    lots += " ORDER BY lot_id"
    assert _rows(db, lots.format("made")) == _rows(db, lots.format("main"))
    assert _rows(db, "SELECT COUNT(*) FROM made.points_lots_stale") == [(0,)]
    db.close()


def test_expiries_decided_with_arrays_equal_every_member_replayed(tmp_path, monkeypatch):
    """ledger.expiries replays only the members who need it and decides the others
    (returns taken from their own lots) with arrays; replaying every member, the
    definition, gives the same expire entries and lots."""
    from app.demo import ledger

    real, seen = ledger.expiries, []

    def both(entries, redeemers, today, stamp, next_id):
        fast = real(entries, redeemers, today, stamp, next_id)
        everyone = set(entries.who.tolist())
        seen.append((fast, real(entries, everyone, today, stamp, next_id), entries, redeemers))
        return fast

    monkeypatch.setattr(ledger, "expiries", both)
    db = open_db(tmp_path / "demo.db")
    demo.generate(db, members=400, purchases=6000, seed=7, today=TODAY)
    db.close()
    ((fast, replayed, entries, redeemers),) = seen
    returners = {entries.rows[eid - entries.first_id][0] for eid in entries.own}
    assert returners - redeemers, "no member with returns only: the array path is untested"
    assert fast[0] and fast[1]
    assert fast == replayed


def test_one_sale_time_is_drawn_as_the_array_version_draws_it():
    """helpers._store_sec (the redemptions' one time at a time) takes the same numbers
    from the generator as ``_store_secs(rng, 1)`` and gives the same seconds, so the
    demo stays what it was."""
    import numpy as np

    from app.demo.helpers import _store_sec, _store_secs

    one, many = np.random.default_rng(5), np.random.default_rng(5)
    got = [_store_sec(one) for _ in range(5000)]
    want = [int(_store_secs(many, 1)[0]) for _ in range(5000)]
    assert got == want
    assert len(set(got)) > 1000
    assert one.random() == many.random()  # the streams are still in step
