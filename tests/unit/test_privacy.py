"""app/privacy.py and the audit viewer in app/audit.py: masking and logged unmasking,
anonymise and delete, the member data report, the retention list."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from app import audit, contacts, privacy, purchases, search
from app.core import SYSTEM, Actor, NotFound, PermissionDenied, ValidationError
from app.members import create_member, get_member, update_member

OWNER = Actor(user_id=None, name="店主", role="owner")
MANAGER = Actor(user_id=None, name="店长", role="manager")
CLERK = Actor(user_id=None, name="店员", role="clerk")


@pytest.fixture
def member(db, clerk):
    mid = create_member(
        db,
        actor=SYSTEM,
        data={
            "name": "欧阳娜娜",
            "phone": "13812345678",
            "birthday": "1990-08-15",
            "email": "nn@example.com",
            "note": "喜欢红色",
            "consent_channels": "sms",
            "tags": ["老客"],
            "family": [{"relation": "spouse", "name": "李强", "date": "1988-01-02"}],
            "joined_on": "2020-01-01",
        },
    ).created_id
    purchases.record_purchase(
        db,
        actor=clerk,
        member_id=mid,
        at="2022-03-01T10:00:00",
        items=[{"qty": 1, "list_fen": 50000, "paid_fen": 45000}],
        note="给老公买",
    )
    contacts.log_contact(
        db,
        actor=clerk,
        member_id=mid,
        channel="phone",
        purpose="other",
        outcome="reached",
        note="她说下周再来",
        at="2022-03-02T10:00:00",
    )
    db.execute(
        "INSERT INTO complaints (member_id, at, category, description) "
        "VALUES (?, '2022-03-03', 'service', '欧阳女士说等太久')",
        [mid],
    )
    return mid


def test_display_phone_masks_unless_the_role_may_and_chose_to():
    phone = "13812345678"
    assert privacy.display_phone(CLERK, phone) == "138****5678"
    assert privacy.display_phone(CLERK, phone, unmasked=True) == "138****5678"
    assert privacy.display_phone(MANAGER, phone) == "138****5678"
    assert privacy.display_phone(MANAGER, phone, unmasked=True) == phone
    assert privacy.display_phone(OWNER, None, unmasked=True) == ""


def test_reveal_phone_is_logged_each_time_and_refused_to_clerks(db, member):
    with pytest.raises(PermissionDenied):
        privacy.reveal_phone(db, actor=CLERK, member_id=member)
    assert privacy.reveal_phone(db, actor=MANAGER, member_id=member) == "13812345678"
    privacy.reveal_phone(db, actor=OWNER, member_id=member)
    rows = db.execute(
        "SELECT actor_name, entity, entity_id FROM audit_log WHERE action = 'unmask'"
    ).fetchall()
    assert rows == [("店长", "member", member), ("店主", "member", member)]
    privacy.log_phones_shown(db, actor=MANAGER, where="member_list")
    assert db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'unmask'").fetchone()[0] == 3
    with pytest.raises(NotFound):
        privacy.reveal_phone(db, actor=OWNER, member_id=999)


def test_a_clerk_sees_the_number_of_the_member_being_called_and_it_is_logged(db, member):
    assert privacy.phone_to_call(db, actor=CLERK, member_id=member, purpose="birthday") == (
        "13812345678"
    )
    row = db.execute(
        "SELECT actor_name, action, entity_id, summary FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert row[:3] == ("店员", "unmask", member)
    assert "to call (birthday)" in row[3]
    with pytest.raises(NotFound):
        privacy.phone_to_call(db, actor=CLERK, member_id=999)


def test_opening_a_card_is_a_view_entry(db, member):
    privacy.record_view(db, actor=CLERK, member_id=member)
    assert db.execute(
        "SELECT action, entity, entity_id FROM audit_log ORDER BY id DESC"
    ).fetchone() == ("view", "member", member)


def test_anonymise_clears_personal_data_keeps_purchases_and_leaves_search(db, member):
    assert [r["id"] for r in search.search(db, "欧阳娜", actor=SYSTEM, unmask=True)] == [member]
    assert [r["id"] for r in search.search(db, "5678", actor=SYSTEM, unmask=True)] == [member]
    total_before = db.execute("SELECT SUM(paid_fen) FROM purchases").fetchone()[0]
    with pytest.raises(PermissionDenied):
        privacy.anonymise_member(db, actor=MANAGER, member_id=member)
    changes = privacy.anonymise_member(db, actor=OWNER, member_id=member, reason="本人要求")
    assert member in changes.member_ids
    m = get_member(db, member, actor=SYSTEM, unmask=True)
    assert m["name"] == privacy.ANONYMISED_NAME and m["status"] == "anonymised"
    for field in ("phone", "birthday", "email", "note", "consent_at"):
        assert m[field] is None, field
    assert m["tags"] == [] and m["family"] == [] and m["consent_channels"] == ""
    assert m["name_pinyin"] == "" and m["member_no"]
    # purchases stay for the statistics, their free text goes
    assert db.execute("SELECT SUM(paid_fen) FROM purchases").fetchone()[0] == total_before
    assert db.execute("SELECT note FROM purchases").fetchone()[0] is None
    assert db.execute("SELECT note FROM contacts").fetchone()[0] is None
    assert "欧阳" not in db.execute("SELECT description FROM complaints").fetchone()[0]
    # the full-text index no longer holds the member
    assert search.search(db, "欧阳娜", actor=SYSTEM, unmask=True) == []
    assert search.search(db, "5678", actor=SYSTEM, unmask=True) == []
    assert (
        db.execute(
            "SELECT COUNT(*) FROM members_fts WHERE members_fts MATCH '\"13812345678\"'"
        ).fetchone()[0]
        == 0
    )
    db.execute("INSERT INTO members_fts(members_fts) VALUES ('integrity-check')")
    entry = db.execute(
        "SELECT action, entity_id, summary FROM audit_log ORDER BY id DESC"
    ).fetchone()
    assert entry[0] == "anonymise" and entry[1] == member and "欧阳" not in entry[2]
    # an anonymised card stays anonymous
    with pytest.raises(ValidationError):
        privacy.anonymise_member(db, actor=OWNER, member_id=member)
    with pytest.raises(ValidationError):
        update_member(db, actor=OWNER, member_id=member, data={"name": "欧阳娜娜"})


def test_nobody_anonymises_through_the_ordinary_edit(db, member):
    with pytest.raises(ValidationError) as err:
        update_member(db, actor=OWNER, member_id=member, data={"status": "anonymised"})
    assert err.value.errors[0].code == "anonymise_via_privacy"


def test_delete_only_without_history(db, member):
    with pytest.raises(ValidationError) as err:
        privacy.delete_member(db, actor=OWNER, member_id=member)
    assert err.value.errors[0].code == "member_has_history"
    fresh = create_member(
        db, actor=SYSTEM, data={"name": "错录", "phone": "13900000000"}
    ).created_id
    privacy.delete_member(db, actor=OWNER, member_id=fresh, reason="录错")
    assert get_member(db, fresh, actor=SYSTEM, unmask=True) is None
    assert search.search(db, "错录", actor=SYSTEM, unmask=True) == []
    db.execute("INSERT INTO members_fts(members_fts) VALUES ('integrity-check')")
    assert db.execute("SELECT action, entity_id FROM audit_log ORDER BY id DESC").fetchone() == (
        "delete",
        fresh,
    )


def test_member_report_holds_everything_and_is_audited(db, member, tmp_path):
    privacy.reveal_phone(db, actor=OWNER, member_id=member)
    out = privacy.member_report(db, actor=OWNER, member_id=member, out=tmp_path / "r.xlsx")
    wb = load_workbook(out)
    sheets = wb.sheetnames
    for name in (
        "会员档案",
        "member_family",
        "member_tags",
        "purchases",
        "purchase_items",
        "contacts",
        "points_ledger",
        "complaints",
        "audit_log",
    ):
        assert name in sheets, name
    archive = {r[0]: r[1] for r in wb["会员档案"].iter_rows(min_row=2, values_only=True)}
    assert archive["phone"] == "13812345678" and archive["name"] == "欧阳娜娜"
    audit_rows = list(wb["audit_log"].iter_rows(min_row=2, values_only=True))
    # the audit entries in words, as the audit viewer shows them
    assert any("显示完整手机号" in r for r in audit_rows)
    assert any(str(c).endswith("：显示完整手机号") for r in audit_rows for c in r if c)
    wb.close()
    assert db.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone()[0] == (
        "member_report"
    )


def test_retention_lists_long_inactive_members_and_removes_nothing(db, member):
    db.execute("UPDATE members SET updated_at = '2022-03-01T00:00:00' WHERE id = ?", [member])
    recent = create_member(db, actor=SYSTEM, data={"name": "新客"}).created_id
    today = dt.date(2026, 11, 22)
    rows = privacy.retention_candidates(db, actor=OWNER, today=today)
    assert [r["id"] for r in rows] == [member]
    assert rows[0]["last_activity"] == "2022-03-02"  # the contact, after the sale
    assert privacy.retention_candidates(db, actor=OWNER, today=dt.date(2025, 1, 1)) == []
    assert get_member(db, member, actor=SYSTEM, unmask=True)["status"] != "anonymised"
    privacy.anonymise_members(db, actor=OWNER, member_ids=[r["id"] for r in rows])
    assert privacy.retention_candidates(db, actor=OWNER, today=today) == []
    assert get_member(db, recent, actor=SYSTEM, unmask=True)["name"] == "新客"


def test_audit_viewer_filters_and_exports_itself_into_the_log(db, member, tmp_path):
    privacy.record_view(db, actor=CLERK, member_id=member)
    privacy.reveal_phone(db, actor=MANAGER, member_id=member)
    with pytest.raises(PermissionDenied):
        audit.entries(db, actor=MANAGER)
    unmask = audit.entries(db, actor=OWNER, action="unmask")
    assert [e["actor_name"] for e in unmask] == ["店长"]
    assert {e["action"] for e in audit.entries(db, actor=OWNER, text="店员")} == {"view"}
    today = dt.date.today().isoformat()
    assert audit.entries(db, actor=OWNER, since=today, until=today)
    assert audit.entries(db, actor=OWNER, until="2000-01-01") == []
    assert "unmask" in audit.actions_in_use(db)
    n = audit.export_xlsx(db, actor=OWNER, out=tmp_path / "a.xlsx", action="unmask")
    assert n == 1
    wb = load_workbook(tmp_path / "a.xlsx", read_only=True)
    rows = list(wb.active.iter_rows(min_row=2, values_only=True))
    wb.close()
    assert rows[0][2] == "显示完整手机号"
    last = audit.entries(db, actor=OWNER, limit=1)[0]
    assert (last["action"], last["entity"]) == ("export", "audit_log")
    # and nothing in the app can delete or change an entry
    with pytest.raises(Exception, match="append-only"):
        db.execute("DELETE FROM audit_log")


def test_member_report_cli(db, db_path, member, tmp_path, capsys):
    from app.cli import main

    no = get_member(db, member, actor=SYSTEM, unmask=True)["member_no"]
    out = tmp_path / "report.xlsx"
    assert main(["member-report", "--db", str(db_path), "--member", no, "--out", str(out)]) == 0
    assert out.exists()
    assert main(["member-report", "--db", str(db_path), "--member", "X", "--out", str(out)]) == 1
    assert main(["retention-list", "--db", str(db_path)]) == 0
