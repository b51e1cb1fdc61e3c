"""app/permissions.py: the role table, and that app/ enforces it at its entry points
(a forbidden call raises PermissionDenied and writes nothing)."""

from __future__ import annotations

import datetime as dt

import pytest

from app import audit, auth, loyalty, merge, permissions, privacy, settings
from app.core import SYSTEM, Actor, PermissionDenied
from app.excel import exporter, sync
from app.members import create_member

CLERK = Actor(user_id=None, name="clerk", role="clerk")
MANAGER = Actor(user_id=None, name="manager", role="manager")
OWNER = Actor(user_id=None, name="owner", role="owner")
ACTORS = {"clerk": CLERK, "manager": MANAGER, "owner": OWNER}

# The agreed table (README "Users, roles and privacy"): the lowest role for each.
EXPECTED = {
    permissions.VIEW_MEMBERS: "clerk",
    permissions.EDIT_MEMBERS: "clerk",
    permissions.PURCHASES: "clerk",
    permissions.CONTACTS: "clerk",
    permissions.REDEMPTIONS: "clerk",
    permissions.DIAL: "clerk",
    permissions.UNMASK: "manager",
    permissions.REPORTS: "manager",
    permissions.IMPORT: "manager",
    permissions.MERGE: "manager",
    permissions.ADJUST_POINTS: "manager",
    permissions.FEEDBACK_ADMIN: "manager",
    permissions.BACKUP: "manager",
    permissions.SYNC_EXPORT: "manager",
    permissions.DISCARD_QUEUED: "manager",
    permissions.EXPORT: "owner",
    permissions.DELETE_MEMBER: "owner",
    permissions.USERS: "owner",
    permissions.RULES: "owner",
    permissions.RETENTION: "owner",
    permissions.RESTORE: "owner",
    permissions.AUDIT: "owner",
    permissions.MEMBER_REPORT: "owner",
}
RANK = {"clerk": 0, "manager": 1, "owner": 2}


def test_every_permission_is_in_the_expected_table():
    assert set(EXPECTED) == permissions.ALL


@pytest.mark.parametrize("perm", sorted(EXPECTED))
@pytest.mark.parametrize("role", ["clerk", "manager", "owner"])
def test_role_table_row(role, perm):
    may = RANK[role] >= RANK[EXPECTED[perm]]
    actor = ACTORS[role]
    assert permissions.allowed(actor, perm) is may
    if may:
        permissions.require(actor, perm)
    else:
        with pytest.raises(PermissionDenied):
            permissions.require(actor, perm)
    assert permissions.allowed(SYSTEM, perm)
    assert permissions.role_of_least(perm) == EXPECTED[perm]


def test_an_unknown_permission_name_is_an_error_not_a_silent_no():
    with pytest.raises(ValueError):
        permissions.allowed(OWNER, "exprot")


def _audit_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]


def _member(db, name="张三", phone="13812345678") -> int:
    return create_member(db, actor=SYSTEM, data={"name": name, "phone": phone}).created_id


# Entry points in app/, each with the lowest role allowed and a call.
def _calls(db, tmp_path):
    a = _member(db)
    b = _member(db, "张三丰", "13912345678")
    return {
        "export": (
            "owner",
            lambda actor: exporter.export(db, kind="members", out=tmp_path / "m.xlsx", actor=actor),
        ),
        "sync_export": (
            "manager",  # the month's data cards are the manager's job (phones masked)
            lambda actor: sync.sync_export(db, target="hq", out=tmp_path / "s.xlsx", actor=actor),
        ),
        "merge": (
            "manager",
            lambda actor: merge.merge_members(db, actor=actor, keep_id=a, remove_id=b),
        ),
        "anonymise": (
            "owner",
            lambda actor: privacy.anonymise_member(db, actor=actor, member_id=a),
        ),
        "delete": ("owner", lambda actor: privacy.delete_member(db, actor=actor, member_id=b)),
        "unmask": ("manager", lambda actor: privacy.reveal_phone(db, actor=actor, member_id=a)),
        "rules": (
            "owner",
            lambda actor: loyalty.save_rules(
                db,
                actor=actor,
                rules=loyalty.default_rules(db),
                effective_from=dt.date.today(),
            ),
        ),
        "settings": (
            "owner",
            lambda actor: settings.set_many(db, actor=actor, values={"store_name": "新店"}),
        ),
        "users": (
            "owner",
            lambda actor: auth.add_user(
                db,
                actor=actor,
                username="x1",
                display_name="小新",
                role="clerk",
                password="secret1",
            ),
        ),
        "audit": ("owner", lambda actor: audit.entries(db, actor=actor)),
        "retention": ("owner", lambda actor: privacy.retention_candidates(db, actor=actor)),
        "member_report": (
            "owner",
            lambda actor: privacy.member_report(
                db, actor=actor, member_id=a, out=tmp_path / "r.xlsx"
            ),
        ),
    }


ENTRY_POINTS = [
    "export",
    "sync_export",
    "merge",
    "anonymise",
    "delete",
    "unmask",
    "rules",
    "settings",
    "users",
    "audit",
    "retention",
    "member_report",
]


@pytest.mark.parametrize("name", ENTRY_POINTS)
@pytest.mark.parametrize("role", ["clerk", "manager", "owner"])
def test_entry_point_enforces_its_permission(db, tmp_path, role, name):
    lowest, call = _calls(db, tmp_path)[name]
    before = _audit_count(db)
    if RANK[role] >= RANK[lowest]:
        call(ACTORS[role])
    else:
        with pytest.raises(PermissionDenied):
            call(ACTORS[role])
        assert _audit_count(db) == before  # refused before anything was written
        assert not list(tmp_path.glob("*.xlsx"))


def test_import_apply_needs_a_manager(db, tmp_path):
    from openpyxl import Workbook

    from app.excel.importer import apply_plan, plan_import

    path = tmp_path / "in.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "手机"])
    ws.append(["李四", "13700001111"])
    wb.save(path)
    plan = plan_import(db, path, kind="members")
    with pytest.raises(PermissionDenied):
        apply_plan(db, plan=plan, actor=CLERK)
    assert db.execute("SELECT COUNT(*) FROM members").fetchone()[0] == 0
    apply_plan(db, plan=plan, actor=MANAGER)
    assert db.execute("SELECT COUNT(*) FROM members").fetchone()[0] == 1


def test_masked_export_by_owner_is_audited_and_full_numbers_need_unmask(db, tmp_path):
    _member(db)
    exporter.export(db, kind="members", out=tmp_path / "m.xlsx", actor=OWNER)
    row = db.execute(
        "SELECT action, entity, summary FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert row[0] == "export" and row[1] == "members" and "masked" in row[2]
    exporter.export(db, kind="members", out=tmp_path / "f.xlsx", actor=OWNER, mask_phones=False)
    last_two = db.execute("SELECT action, summary FROM audit_log ORDER BY id DESC LIMIT 2")
    (unmask, _), (export, summary) = last_two.fetchall()
    assert (unmask, export) == ("unmask", "export") and "in full" in summary
