"""The redemption voucher (积分兑换凭证): what the customer takes away when points buy a
reward — store, voucher number, member, reward, points, value, balance left, clerk.

:func:`redemption_voucher` reads one redemption as plain data; ``ui/dialogs/voucher.py``
lays it out and prints it. The voucher number is the redemption's own id
(``DH`` + date + id), so a voucher shown back at the counter finds its ledger entry.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from app import settings
from app.core import NotFound


def voucher_no(redemption_id: int, at: str) -> str:
    """``DH20261206-00042``: the day and the redemption id."""
    return f"DH{at[:10].replace('-', '')}-{int(redemption_id):05d}"


def redemption_voucher(db: sqlite_utils.Database, redemption_id: int) -> dict[str, Any]:
    """One redemption as the voucher shows it. The balance is the member's balance right
    after this redemption (later entries do not change a printed voucher)."""
    row = db.execute(
        "SELECT r.id, r.at, r.points, r.ledger_id, r.note, m.id, m.member_no, m.name, "
        "w.name, w.kind, w.value_fen, u.display_name "
        "FROM redemptions r JOIN members m ON m.id = r.member_id "
        "JOIN rewards w ON w.id = r.reward_id LEFT JOIN users u ON u.id = r.clerk_id "
        "WHERE r.id = ?",
        [redemption_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"redemption {redemption_id}")
    rid, at, points, ledger_id, note, member_id, member_no, name = row[:8]
    reward, kind, value_fen, clerk = row[8:]
    balance_after = db.execute(
        "SELECT COALESCE(SUM(delta), 0) FROM points_ledger WHERE member_id = ? AND id <= ?",
        [member_id, ledger_id],
    ).fetchone()[0]
    return {
        "voucher_no": voucher_no(rid, at),
        "store_name": settings.get(db, "store_name"),
        "at": at,
        "member_no": member_no,
        "member_name": name,
        "reward": reward,
        "kind": kind,
        "points": int(points),
        "value_fen": int(value_fen or 0),
        "balance_after": int(balance_after),
        "clerk": clerk,
        "note": note,
    }
