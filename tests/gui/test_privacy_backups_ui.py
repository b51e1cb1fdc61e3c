"""Issue #16: after anonymising from the card or the privacy page, the backups that
still hold the person are named and, once confirmed, deleted (the owner only)."""

from __future__ import annotations

from app import auth, backup
from app.core import SYSTEM
from app.members import create_member
from app.paths import backups_dir
from ui.context import AppContext
from ui.dialogs import backup_purge
from ui.dialogs.member_card import MemberCardDialog


def _owner(db):
    auth.setup_owner(db, actor=SYSTEM, username="boss", display_name="陈店主", password="pw-owner1")
    return auth.login(db, username="boss", password="pw-owner1")


def test_anonymising_from_the_card_offers_to_delete_the_backups_holding_the_person(
    db, db_path, tmp_path, gui_app, qtbot, monkeypatch
):
    owner = _owner(db)
    mid = create_member(db, actor=SYSTEM, data={"name": "欧阳娜娜", "phone": "13812345678"})
    old = backup.backup_now(db, backups_dir(db_path), reason="manual")
    asked: list[str] = []
    answers = iter([False, True])

    def ask(self, text):
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(backup_purge.BackupPurge, "_ask", ask)
    ctx = AppContext(db=db, db_path=db_path, data_dir=tmp_path, actor=owner)
    card = MemberCardDialog(ctx, mid.created_id)
    qtbot.addWidget(card)
    assert card.privacy.anonymise(confirmed=True, reason="本人要求") is not None
    assert len(asked) == 1 and old.name in asked[0] and "备份" in asked[0]
    assert old.exists()  # the owner said no
    assert backup_purge.offer_backup_purge(card, ctx, [mid.created_id]) == [old]
    assert not old.exists()
    entry = db.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone()
    assert entry == ("purge_backups",)
    card._set_dirty(False)
    from ui.dialogs import member_card

    assert member_card.close_all()  # no spare card left holding this test's database
