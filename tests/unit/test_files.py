"""Every file the app writes goes through one atomic writer (app/files.py): a full disk
or a missing folder is a sentence naming the final path, and leaves neither a 0-byte
file nor a temporary one; an older file at that path stays as it was."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from pathlib import Path

import pytest

from app.core import SYSTEM
from app.excel import exporter, templates
from app.files import TEMP_MARK, WriteFailed, atomic_file, sweep


@pytest.fixture
def small_disk(tmp_path):
    """A real 64 KiB filesystem (tmpfs), so 'disk full' is the kernel's ENOSPC."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_an_export_to_a_full_disk_names_the_path_and_leaves_the_old_file(demo_db, small_disk):
    out = small_disk / "会员.xlsx"
    out.write_bytes(b"the old export")
    with pytest.raises(WriteFailed) as exc:
        exporter.write_export(demo_db, "members", out)
    assert exc.value.code == "disk_full_writing"
    assert str(out) in exc.value.message("zh") and "磁盘已满" in exc.value.message("zh")
    assert "Errno" not in exc.value.message("en")
    assert out.read_bytes() == b"the old export"
    assert sorted(p.name for p in small_disk.iterdir()) == ["会员.xlsx"]


def test_a_template_to_a_full_disk_leaves_no_zero_byte_file(small_disk):
    (small_disk / "filler").write_bytes(b"x" * 60 * 1024)
    out = small_disk / "模板.xlsx"
    with pytest.raises(WriteFailed):
        templates.write_template("members", out)
    assert not out.exists()
    assert [p.name for p in small_disk.iterdir()] == ["filler"]


def test_a_missing_folder_is_named_not_the_hidden_temporary_file(db, tmp_path):
    out = tmp_path / "no-such-folder" / "导出.xlsx"
    with pytest.raises(WriteFailed) as exc:
        exporter.write_export(db, "members", out)
    message = exc.value.message("zh")
    assert exc.value.code == "folder_missing"
    assert str(out.parent) in message and TEMP_MARK not in message


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path):
    out = tmp_path / "report.xlsx"
    out.write_text("old")
    with pytest.raises(RuntimeError), atomic_file(out) as af:
        af.tmp.write_text("half")
        raise RuntimeError("the writer failed")
    assert out.read_text() == "old"
    assert list(tmp_path.iterdir()) == [out]


def test_a_finished_write_replaces_the_file_and_a_rejections_file_is_readable(tmp_path):
    out = tmp_path / "t.xlsx"
    out.write_text("old")
    templates.write_template("members", out)
    import openpyxl

    assert openpyxl.load_workbook(out).sheetnames[0] == "会员资料"
    assert list(tmp_path.iterdir()) == [out]


def test_sweep_removes_stale_temporaries_only(tmp_path):
    stale = tmp_path / f".a.123-abcdef{TEMP_MARK}.xlsx"
    fresh = tmp_path / f".b.456-abcdef{TEMP_MARK}.xlsx"
    mine = tmp_path / "a.xlsx"
    for p in (stale, fresh, mine):
        p.write_text("x")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    assert sweep(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh.name, mine.name])


def test_sync_export_leaves_one_file_and_no_temporaries(demo_db, tmp_path):
    from app.excel import sync

    folder = tmp_path / "to-hq"
    folder.mkdir()
    out = folder / "hq.xlsx"
    sync.sync_export(demo_db, out=out, actor=SYSTEM, target="HQ", full=True)
    assert [p.name for p in folder.iterdir()] == ["hq.xlsx"]
    assert Path(out).stat().st_size > 0


def test_leftovers_of_killed_runs_are_swept_at_start(tmp_path):
    from app.files import sweep_store_leftovers

    db = tmp_path / "vipkeeper.db"
    db.write_bytes(b"store")
    backups = tmp_path / "backups"
    backups.mkdir()
    old = time.time() - 2 * 3600
    leftovers = [
        tmp_path / "vipkeeper.db.restoring",  # a restore killed mid-copy
        tmp_path / "vipkeeper.db.restoring-journal",
        backups / "vipkeeper-20261201-101010-auto.db.partial-journal",  # its copy is gone
        tmp_path / ".会员.partial.xlsx",  # an export by the writer before atomic_file
        tmp_path / f".会员.1-abcdef{TEMP_MARK}.xlsx",
    ]
    keep = [
        db,
        backups / "vipkeeper-20261201-101010-auto.db",
        tmp_path / f".报表.2-abcdef{TEMP_MARK}.xlsx",  # young: a writer may still own it
    ]
    for path in leftovers + keep:
        path.write_bytes(b"x")
    for path in leftovers[3:]:
        os.utime(path, (old, old))
    removed = sweep_store_leftovers(db, backups)
    assert sorted(removed) == sorted(leftovers)
    assert all(p.exists() for p in keep)


def test_the_monthly_report_and_audit_export_go_through_the_atomic_writer(demo_db, small_disk):
    """A full disk while writing the report's PDF or xlsx, or the audit log: a sentence
    naming the file, and the old file (or none) in its place."""
    from app import audit, reports
    from app.report import write_pdf, write_xlsx

    data = reports.build(demo_db, "2026-11")
    # every last byte of the disk
    with contextlib.suppress(OSError), open(small_disk / "filler", "wb") as filler:
        for _ in range(64):
            filler.write(b"x" * 1024)
            filler.flush()
    for name, write in (
        ("月报.pdf", lambda p: write_pdf(data, p)),
        ("月报.xlsx", lambda p: write_xlsx(data, p)),
        ("审计.xlsx", lambda p: audit.export_xlsx(demo_db, actor=SYSTEM, out=p)),
    ):
        out = small_disk / name
        with pytest.raises(WriteFailed) as exc:
            write(out)
        assert exc.value.code == "disk_full_writing" and name in exc.value.message("zh")
        assert not out.exists()
    assert [p.name for p in small_disk.iterdir()] == ["filler"]
