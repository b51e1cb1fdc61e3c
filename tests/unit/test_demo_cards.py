"""The demo store's member cards, employer and transport (issue #19): every member
carries one card; upgrades, lost and damaged cards are replaced with the old card kept;
a few recent upgrades still wait for their card (the day's plan says 换发新卡); the two
archive fields are filled for a share of members."""

from __future__ import annotations

import datetime as dt

from app.service import cards


def test_every_member_carries_exactly_one_card_and_the_history_is_whole(demo_db):
    db = demo_db
    members = db.execute("SELECT COUNT(*) FROM members WHERE status <> 'anonymised'").fetchone()[0]
    current = db.execute(
        "SELECT COUNT(*), COUNT(DISTINCT member_id) FROM member_cards WHERE replaced_on IS NULL"
    ).fetchone()
    assert current == (members, members)
    reasons = dict(
        db.execute(
            "SELECT replace_reason, COUNT(*) FROM member_cards WHERE replaced_on IS NOT NULL "
            "GROUP BY 1"
        ).fetchall()
    )
    assert set(reasons) <= set(cards.REASONS) and reasons.get("upgrade", 0) > 10
    assert reasons.get("lost", 0) + reasons.get("damaged", 0) >= 3
    today = dt.date.today().isoformat()
    for old_no, new_no, reason, replaced, issued, next_issued in db.execute(
        "SELECT o.card_no, n.card_no, o.replace_reason, o.replaced_on, o.issued_on, "
        "n.issued_on FROM member_cards o JOIN member_cards n ON n.id = o.replaced_by"
    ):
        assert issued <= replaced == next_issued <= today
        assert (old_no == new_no) == (reason == "damaged")  # a lost card's number is void
    # a card number names one member; card numbers are not member numbers
    assert not db.execute(
        "SELECT card_no FROM member_cards GROUP BY card_no HAVING COUNT(DISTINCT member_id) > 1"
    ).fetchall()
    assert not db.execute(
        "SELECT 1 FROM member_cards c JOIN members m ON m.member_no = c.card_no"
    ).fetchall()


def test_some_recent_upgrades_still_wait_for_their_card(demo_db):
    behind = cards.cards_behind_tier(demo_db)
    assert behind
    ranks = dict(demo_db.execute("SELECT code, rank FROM tiers").fetchall())
    assert all(ranks[card] < ranks[tier] for card, tier in behind.values())


def test_employer_and_transport_are_filled_for_a_share_of_members(demo_db):
    n, employer, transport = demo_db.execute(
        "SELECT COUNT(*), COUNT(employer), COUNT(transport) FROM members "
        "WHERE status <> 'anonymised'"
    ).fetchone()
    assert 0.1 * n < employer < 0.5 * n
    assert 0.3 * n < transport < 0.6 * n
    assert not demo_db.execute(
        "SELECT 1 FROM members WHERE employer IS NOT NULL AND occupation IS NULL"
    ).fetchall()
