"""Online backups of the store's database (minimal for now; a later issue adds rotation
and restore).

``backup_now(db, dest_dir, reason=...)`` copies the open database with SQLite's online
backup API (``sqlite3.Connection.backup``): a consistent snapshot even while other
connections write, WAL content included. The copy is written under a temporary name
(``.partial``) and renamed when complete, so a crash never leaves a half-written file
that looks like a backup. Names sort by time: ``vipkeeper-20261122-140500-import-members.db``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from pathlib import Path

import sqlite_utils


def backup_now(db: sqlite_utils.Database, dest_dir: str | Path, *, reason: str) -> Path:
    """Copy ``db`` into ``dest_dir`` (created if needed) and return the backup's path.

    ``reason`` (e.g. ``"import-members"``) becomes part of the file name. Must not be
    called inside a write transaction of ``db`` (the copy would miss it)."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^0-9A-Za-z_-]+", "-", reason).strip("-")[:40] or "backup"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    final = dest_dir / f"vipkeeper-{stamp}-{slug}.db"
    n = 1
    while final.exists():
        n += 1
        final = dest_dir / f"vipkeeper-{stamp}-{slug}-{n}.db"
    tmp = final.with_name(final.name + ".partial")
    target = sqlite3.connect(str(tmp))
    try:
        db.conn.backup(target, pages=4096)
        target.execute("PRAGMA journal_mode = DELETE")
    except BaseException:
        target.close()
        tmp.unlink(missing_ok=True)
        raise
    target.close()
    os.replace(tmp, final)
    return final
