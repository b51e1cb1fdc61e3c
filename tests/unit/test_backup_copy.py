"""A second copy of every backup in a folder the store chooses, e.g. a USB stick (#20:
backups went only beside the database, which a dead disk takes with it)."""

from __future__ import annotations

import sqlite3

from app import backup, members, settings
from app.core import SYSTEM


def _names(folder):
    return sorted(p.name for p in folder.glob("vipkeeper-*.db"))


def test_without_a_folder_nothing_else_is_written(db, tmp_path):
    result = backup.routine_backup(db, tmp_path / "backups", reason="auto")
    assert result.path is not None and result.copy is None and result.copy_error is None


def test_routine_and_manual_backups_are_also_copied_to_the_chosen_folder(db, tmp_path):
    members.create_member(db, actor=SYSTEM, data={"name": "王备份"})
    usb = tmp_path / "usb"
    usb.mkdir()
    settings.save_rules(db, actor=SYSTEM, values={"backup_copy_folder": str(usb)})
    result = backup.routine_backup(db, tmp_path / "backups", reason="close")
    assert result.copy == usb / result.path.name
    manual = backup.back_up(db, dest_dir=tmp_path / "backups", actor=SYSTEM)
    assert manual.copy == usb / manual.path.name
    assert _names(usb) == _names(tmp_path / "backups")
    with sqlite3.connect(result.copy) as conn:  # a whole database, not a partial file
        assert conn.execute("SELECT name FROM members").fetchone() == ("王备份",)
    assert not list(usb.glob("*.partial"))


def test_a_missing_stick_is_said_and_the_main_backup_still_made(db, tmp_path):
    settings.save_rules(db, actor=SYSTEM, values={"backup_copy_folder": str(tmp_path / "E")})
    result = backup.routine_backup(db, tmp_path / "backups", reason="auto")
    assert result.path is not None and result.path.exists()
    assert result.copy is None
    assert result.copy_error.message("zh") == f"备份文件夹 {tmp_path / 'E'} 不在（U 盘插上了吗？）"


def test_the_copy_folder_is_rotated_by_the_same_rule(db, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    settings.save_rules(db, actor=SYSTEM, values={"backup_copy_folder": str(usb)})
    first = backup.routine_backup(db, tmp_path / "backups", reason="auto")
    data = first.copy.read_bytes()
    first.copy.unlink()
    for day in range(1, 16):  # fifteen daily backups in January 2020
        (usb / f"vipkeeper-202001{day:02d}-100000-auto.db").write_bytes(data)
    backup.routine_backup(db, tmp_path / "backups", reason="auto")
    kept = _names(usb)
    # 12 days are kept (today and 5–15 January): 1–4 January go, as beside the store
    assert "vipkeeper-20200101-100000-auto.db" not in kept
    assert "vipkeeper-20200115-100000-auto.db" in kept
    assert len(kept) == 12
