"""member_stats: the cache of per-member figures equals a recomputation from facts."""

from __future__ import annotations

import random

import pytest

from app import merge, migrations, purchases, stats
from app.core import ValidationError
from app.db import connect
from app.members import create_member


def _member(db, actor, name: str) -> int:
    return create_member(db, actor=actor, data={"name": name}).created_id


def test_every_member_gets_a_zero_row_when_created(db, actor):
    mid = _member(db, actor, "张三")
    assert stats.get(db, mid) == {
        "member_id": mid,
        "visits": 0,
        "total_paid_fen": 0,
        "first_purchase_at": None,
        "last_purchase_at": None,
        "last_clerk_id": None,
    }


def test_sale_and_return_update_the_cache_in_the_same_transaction(db, actor, clerk):
    mid = _member(db, actor, "李四")
    item = {"category": "上衣", "qty": 2, "list_fen": 10000, "paid_fen": 8000}
    pid = purchases.record_purchase(
        db, actor=clerk, member_id=mid, items=[item], at="2025-03-01T10:00:00"
    ).created_id
    purchases.record_purchase(
        db, actor=actor, member_id=mid, items=[item], at="2025-02-01T10:00:00"
    )
    row = stats.get(db, mid)
    assert row["visits"] == 2
    assert row["total_paid_fen"] == 32000
    assert row["first_purchase_at"] == "2025-02-01T10:00:00"
    assert row["last_purchase_at"] == "2025-03-01T10:00:00"
    assert row["last_clerk_id"] == clerk.user_id  # the later sale's clerk, not the newer row's
    item_id = purchases.get_purchase(db, pid)["items"][0]["id"]
    purchases.record_return(
        db,
        actor=actor,
        purchase_id=pid,
        lines=[{"item_id": item_id, "qty": 1}],
        at="2025-03-05T10:00:00",
    )
    row = stats.get(db, mid)
    assert row["visits"] == 2  # a return is not a visit
    assert row["total_paid_fen"] == 24000  # net of the refund
    assert row["last_purchase_at"] == "2025-03-01T10:00:00"  # last *sale*
    assert stats.mismatches(db) == []


def test_a_failed_sale_leaves_the_cache_alone(db, actor):
    mid = _member(db, actor, "王五")
    with pytest.raises(ValidationError):
        purchases.record_purchase(
            db,
            actor=actor,
            member_id=mid,
            items=[{"qty": 1, "list_fen": 100, "paid_fen": 100}, {"qty": 0}],
        )
    assert stats.get(db, mid)["visits"] == 0


def test_rebuild_repairs_a_cache_that_drifted(db, actor):
    a, b = _member(db, actor, "甲"), _member(db, actor, "乙")
    for mid in (a, b):
        purchases.record_purchase(
            db, actor=actor, member_id=mid, items=[{"qty": 1, "list_fen": 500, "paid_fen": 500}]
        )
    db.execute("UPDATE member_stats SET visits = 9, total_paid_fen = 1")
    assert stats.mismatches(db) == [a, b]
    assert stats.rebuild(db, [a]) == 1
    assert stats.mismatches(db) == [b]
    stats.rebuild(db)
    assert stats.mismatches(db) == []
    assert stats.rebuild(db, []) == 0


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_cache_equals_recomputation_after_random_purchases_returns_and_merges(
    db, actor, clerk, seed
):
    rnd = random.Random(seed)
    other = db.execute(
        "INSERT INTO users (username, display_name, role, created_at) "
        "VALUES ('clerk2', '小王', 'clerk', '2026-01-01T09:00:00')"
    ).lastrowid
    clerks = [clerk.user_id, other, None]
    ids = [_member(db, actor, f"会员{i}") for i in range(6)]
    sales: list[int] = []
    for _step in range(60):
        op = rnd.random()
        if op < 0.6 or not sales:
            mid = rnd.choice(ids)
            items = [
                {
                    "qty": rnd.randint(1, 3),
                    "list_fen": (p := rnd.randint(0, 5000)),
                    "paid_fen": rnd.randint(0, p),
                }
                for _ in range(rnd.randint(1, 3))
            ]
            # coarse times so that equal timestamps (ties) happen
            at = f"2025-0{rnd.randint(1, 9)}-1{rnd.randint(0, 2)}T10:00:00"
            sales.append(
                purchases.record_purchase(
                    db,
                    actor=actor,
                    member_id=mid,
                    items=items,
                    at=at,
                    clerk_id=rnd.choice(clerks),
                ).created_id
            )
        elif op < 0.85:
            pid = rnd.choice(sales)
            sale = purchases.get_purchase(db, pid)
            lines = [
                {"item_id": it["id"], "qty": rnd.randint(1, it["returnable_qty"])}
                for it in sale["items"]
                if it["returnable_qty"] > 0 and rnd.random() < 0.7
            ]
            if lines:
                at = max(sale["at"], f"2025-0{rnd.randint(1, 9)}-15T10:00:00")
                purchases.record_return(db, actor=actor, purchase_id=pid, lines=lines, at=at)
        elif len(ids) > 2:
            keep, remove = rnd.sample(ids, 2)
            merge.merge_members(db, actor=actor, keep_id=keep, remove_id=remove)
            ids.remove(remove)
        assert stats.cached(db) == stats.compute(db)
    assert stats.mismatches(db) == []
    # the per-member path and the whole-store path agree
    assert stats.compute(db, ids) == stats.compute(db)


def test_migration_backfills_member_stats_from_existing_purchases(tmp_path):
    db = connect(tmp_path / "old.db")
    migrations.apply(db, stop_before="m003_counter_work")
    db.execute(
        "INSERT INTO users (id, username, display_name, role, created_at) "
        "VALUES (7, 'c', 'c', 'clerk', '2024-01-01')"
    )
    for mid in (1, 2):
        db.execute(
            "INSERT INTO members (id, member_no, name, joined_on, created_at, updated_at) "
            "VALUES (?, ?, '某', '2024-01-01', '2024-01-01', '2024-01-01')",
            [mid, f"VK00000{mid}"],
        )
    db.execute(
        "INSERT INTO purchases (id, member_id, at, clerk_id, total_fen, paid_fen, created_at) "
        "VALUES (1, 1, '2024-02-01T10:00:00', 7, 1000, 900, '2024-02-01')"
    )
    db.execute(
        "INSERT INTO purchases (id, member_id, at, clerk_id, total_fen, paid_fen, return_of, "
        "created_at) VALUES (2, 1, '2024-02-03T10:00:00', NULL, -500, -450, 1, '2024-02-03')"
    )
    migrations.apply(db)
    assert stats.cached(db) == {
        1: (1, 450, "2024-02-01T10:00:00", "2024-02-01T10:00:00", 7),
        2: (0, 0, None, None, None),
    }
    assert stats.mismatches(db) == []
    db.close()


def test_the_demo_store_cache_matches_its_facts(demo_db):
    assert demo_db.execute("SELECT COUNT(*) FROM purchases").fetchone()[0] > 0
    assert stats.mismatches(demo_db) == []
