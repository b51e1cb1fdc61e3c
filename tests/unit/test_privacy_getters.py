"""Issue #16 item 5: functions in ``app/`` that return personal data take the actor and
mask the phone unless the actor may unmask and asked to; unmasking is logged. Finding
a member by phone is not unmasking it."""

from __future__ import annotations

import datetime as dt

import pytest

from app import analytics, member_card, members, privacy, search
from app.core import SYSTEM, Actor, PermissionDenied

OWNER = Actor(user_id=None, name="店主", role="owner")
MANAGER = Actor(user_id=None, name="店长", role="manager")
CLERK = Actor(user_id=None, name="店员", role="clerk")
PHONE = "13812345678"
MASKED = "138****5678"


@pytest.fixture
def member(db) -> int:
    return members.create_member(
        db, actor=SYSTEM, data={"name": "欧阳娜娜", "phone": PHONE}
    ).created_id


def _unmasks(db) -> int:
    return db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'unmask'").fetchone()[0]


def test_get_member_masks_for_a_clerk_even_when_asked_to_unmask(db, member):
    assert members.get_member(db, member, actor=CLERK)["phone"] == MASKED
    assert members.get_member(db, member, actor=CLERK, unmask=True)["phone"] == MASKED
    assert members.get_member(db, member, actor=MANAGER)["phone"] == MASKED
    assert _unmasks(db) == 0


def test_get_member_unmasked_for_a_manager_is_logged(db, member):
    got = members.get_member(db, member, actor=MANAGER, unmask=True)
    assert got["phone"] == PHONE
    assert _unmasks(db) == 1
    row = db.execute("SELECT entity, entity_id FROM audit_log WHERE action = 'unmask'")
    assert row.fetchone() == ("member", member)


def test_a_clerk_finds_a_member_by_phone_but_sees_it_masked(db, member):
    found = members.find_by_phone(db, PHONE, actor=CLERK)
    assert found["id"] == member and found["phone"] == MASKED
    hits = search.search(db, PHONE, actor=CLERK)
    assert [h["id"] for h in hits] == [member] and hits[0]["phone"] == MASKED
    assert search.fetch_rows(db, [member], actor=CLERK)[member]["phone"] == MASKED
    page = members.page_members(db, actor=CLERK)
    assert [p["phone"] for p in page if p["id"] == member] == [MASKED]
    assert _unmasks(db) == 0


def test_list_getters_unmasked_for_the_owner_write_one_entry_a_call(db, member):
    rows = search.fetch_rows(db, [member], actor=OWNER, unmask=True)
    assert rows[member]["phone"] == PHONE
    assert search.search(db, "欧阳", actor=OWNER, unmask=True)[0]["phone"] == PHONE
    assert members.page_members(db, actor=OWNER, unmask=True)[0]["phone"] == PHONE
    assert _unmasks(db) == 3


def test_member_card_masks_unless_unmasked(db, member):
    today = dt.date(2026, 12, 1)
    card = member_card.member_card(db, member, actor=CLERK, today=today)
    assert card["member"]["phone"] == MASKED
    card = member_card.member_card(db, member, actor=MANAGER, today=today, unmask=True)
    assert card["member"]["phone"] == PHONE and _unmasks(db) == 1


def test_member_data_is_the_owners_data_report(db, member):
    with pytest.raises(PermissionDenied):
        privacy.member_data(db, member, actor=MANAGER)
    data = privacy.member_data(db, member, actor=OWNER)
    assert data["member"][0]["phone"] == PHONE


def test_the_system_sees_full_numbers_without_an_entry(db, member):
    assert members.get_member(db, member, actor=SYSTEM, unmask=True)["phone"] == PHONE
    assert _unmasks(db) == 0


def test_analytics_export_with_full_phones_is_an_unmask_entry(db, member, tmp_path):
    from app import purchases

    purchases.record_purchase(
        db,
        actor=SYSTEM,
        member_id=member,
        at="2026-11-01T10:00:00",
        items=[{"qty": 1, "list_fen": 9500, "paid_fen": 9500}],
    )
    seg = analytics.analyze(db, as_of=dt.date(2026, 12, 1), with_movement=False)
    with pytest.raises(PermissionDenied):
        analytics.export_xlsx(
            db, seg=seg, path=tmp_path / "a.xlsx", actor=MANAGER, mask_phones=False
        )
    analytics.export_xlsx(db, seg=seg, path=tmp_path / "a.xlsx", actor=OWNER, mask_phones=False)
    assert _unmasks(db) == 1
