"""Backups of the store's database: online copies, rotation, restore, integrity checks.

**Copies.** ``backup_now(db, dest_dir, reason=...)`` copies the open database with
SQLite's online backup API (``sqlite3.Connection.backup``): a consistent snapshot even
while other connections write, WAL content included. The copy is written under a
temporary name (``.partial``) and renamed when complete, so a crash never leaves a
half-written file that looks like a backup. Names sort by time and carry the reason:
``vipkeeper-20261122-140500-import-members.db``. Backups go to ``backups/`` beside the
database (``app.paths.backups_dir``).

**When.** While the app runs, a routine backup (reason ``auto``) at most every
``backup_interval_hours`` (settings, default 4) and one when it closes (``close``);
a safety backup before every import (``import-<kind>``, ``sync-import-<target>``) and
every restore (``before-restore``); on request (``manual``, the settings page or
``python main.py backup``). A file that fails its check (``PRAGMA integrity_check`` up
to ``FULL_CHECK_MAX_BYTES``, ``quick_check`` above) is not backed up on close or on the
timer (it would rotate the good backups away); the UI warns instead. Each backup records
the check its source passed, for the restore list.

**Rotation** (``rotate``; grandfather-father-son; each number is a setting):

* *routine* backups (``auto``, ``close``) are kept when they are
  - younger than ``backup_keep_recent_hours`` (24), all of them; or
  - the newest of their calendar day, for the ``backup_keep_daily`` (12) most recent
    days that have a routine backup; or
  - the newest of their ISO week, for the ``backup_keep_weekly`` (10) most recent
    weeks that have one; or
  - the newest of their month, for the ``backup_keep_monthly`` (9) most recent months
    that have one;
* *safety* backups (every other reason: before imports and restores, manual) are kept
  when they are among the ``backup_keep_safety`` (10) newest safety backups or younger
  than ``backup_keep_safety_days`` (14) days;
* files that do not follow the naming pattern are never touched; ``.partial`` files
  left by a killed backup are removed once they are an hour old.

The day, week and month of a backup are those of the time in its name (local time).

**Restore** (``restore``): the chosen file must be a VIP Keeper database that passes
``PRAGMA integrity_check`` and was not made by a newer version. The current database
is backed up first (``before-restore``). The chosen backup is copied to a scratch file
beside the database, upgraded there (migrations) and given the audit entry; then
SQLite's backup API copies the scratch file into the live connection. That copy is one
write transaction of the live database: a crash or power cut in the middle leaves the
database exactly as it was before the restore (SQLite's WAL recovers it), never half
of each. Other connections see the restored content at their next transaction.
A file too damaged to open at all (``restore_file``, used by the CLI and at start-up)
is copied aside byte for byte, and the prepared scratch file is renamed over it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from app import audit, permissions
from app.core import Actor, Changes, FieldError

NAME_RE = re.compile(r"^vipkeeper-(\d{8})-(\d{6})-([0-9A-Za-z_-]+?)(?:-(\d+))?\.db$")
ROUTINE_REASONS = frozenset({"auto", "close"})
PRE_RESTORE_REASON = "before-restore"
PARTIAL_MAX_AGE_S = 3600
# The routine backups check the file before copying it: PRAGMA integrity_check (which
# also compares every index with its table; quick_check does not, and passes a file
# whose index pages were swapped) while the file is small enough to check in a few
# seconds, quick_check above that.
FULL_CHECK_MAX_BYTES = 256 * 2**20
CHECK_TABLE = "_backup_check"  # inside each backup: which check the source passed


class BackupRefused(ValueError):
    """A file that cannot be restored: the message says why."""


# ------------------------------------------------------------------ making a copy


def backup_now(
    db: sqlite_utils.Database,
    dest_dir: str | Path,
    *,
    reason: str,
    check: tuple[str, str] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Copy ``db`` into ``dest_dir`` (created if needed) and return the backup's path.

    ``reason`` (e.g. ``"import-members"``) becomes part of the file name. ``check``
    (kind, result) is the check the source passed just before, recorded inside the copy
    for the restore list. ``on_progress(pages_done, pages_total)`` is called between
    steps of the copy. Must not be called inside a write transaction of ``db`` (the
    copy would miss it). A full disk raises ``app.db.StorageFull`` and leaves no file
    behind."""
    from app.db import readable_error

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
        progress = None
        if on_progress is not None:

            def progress(_status: int, remaining: int, total: int) -> None:
                on_progress(total - remaining, total)

        db.conn.backup(target, pages=4096, progress=progress)
        if check is not None:
            with target:
                target.execute(f"DROP TABLE IF EXISTS {CHECK_TABLE}")
                target.execute(f"CREATE TABLE {CHECK_TABLE} (kind TEXT, result TEXT, at TEXT)")
                target.execute(
                    f"INSERT INTO {CHECK_TABLE} VALUES (?, ?, ?)",
                    [check[0], check[1], dt.datetime.now().isoformat(timespec="seconds")],
                )
        target.execute("PRAGMA journal_mode = DELETE")
    except BaseException as exc:
        target.close()
        tmp.unlink(missing_ok=True)
        mapped = readable_error(exc)
        if mapped is exc:
            raise
        raise mapped from exc
    target.close()
    os.replace(tmp, final)
    return final


# ------------------------------------------------------------------ what a backup holds


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as the restore dialog lists it. ``members`` and ``purchases`` are
    read from the file itself (read-only); ``error`` says why they could not be."""

    path: Path
    at: dt.datetime
    reason: str
    size: int
    members: int | None = None
    purchases: int | None = None
    schema: str | None = None
    error: str | None = None
    check_kind: str | None = None  # "integrity" or "quick"; None: not recorded
    check_result: str | None = None  # "ok" or SQLite's complaint

    @property
    def routine(self) -> bool:
        return self.reason in ROUTINE_REASONS


def parse_name(path: Path) -> tuple[dt.datetime, str] | None:
    """(time, reason) from a backup's file name, or None for a file that is not ours."""
    m = NAME_RE.match(path.name)
    if not m:
        return None
    try:
        at = dt.datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return at, m.group(3)


def _open_read_only(path: Path) -> sqlite3.Connection:
    # mode=ro: nothing (not even a -wal or -shm file) is written next to the backup.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def inspect(path: str | Path) -> BackupInfo:
    """Date, reason, size and counts of one backup file, read-only."""
    path = Path(path)
    parsed = parse_name(path)
    stat = path.stat()
    at, reason = parsed or (dt.datetime.fromtimestamp(stat.st_mtime), "")
    members = purchases = schema = error = kind = result = None
    try:
        conn = _open_read_only(path)
        try:
            members = conn.execute("SELECT COUNT(*) FROM members").fetchone()[0]
            purchases = conn.execute("SELECT COUNT(*) FROM purchases").fetchone()[0]
            row = conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = 'vip_keeper' "
                "ORDER BY rowid DESC LIMIT 1"
            ).fetchone()
            schema = row[0] if row else None
            has_check = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [CHECK_TABLE]
            ).fetchone()
            if has_check:
                kind, result = conn.execute(f"SELECT kind, result FROM {CHECK_TABLE}").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        error = str(exc)
    return BackupInfo(
        path, at, reason, stat.st_size, members, purchases, schema, error, kind, result
    )


def list_backups(dest_dir: str | Path, *, counts: bool = True) -> list[BackupInfo]:
    """The backups in ``dest_dir``, newest first (files named as ``backup_now`` names
    them). With ``counts=False`` the files are not opened (fast, for rotation)."""
    dest_dir = Path(dest_dir)
    if not dest_dir.is_dir():
        return []
    out = []
    for path in dest_dir.glob("vipkeeper-*.db"):
        parsed = parse_name(path)
        if parsed is None or not path.is_file():
            continue
        if counts:
            out.append(inspect(path))
        else:
            out.append(BackupInfo(path, parsed[0], parsed[1], path.stat().st_size))
    # Same second (a backup before an import right after the timer's): the file's
    # modification time decides.
    out.sort(key=lambda b: (b.at, _mtime(b.path), b.path.name), reverse=True)
    return out


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


# ------------------------------------------------------------------ rotation


@dataclass(frozen=True)
class Retention:
    """The rotation rule's numbers (settings ``backup_keep_*``)."""

    daily: int = 12
    weekly: int = 10
    monthly: int = 9
    recent_hours: int = 24
    safety: int = 10
    safety_days: int = 14

    @classmethod
    def from_settings(cls, db: sqlite_utils.Database) -> Retention:
        from app import settings

        def num(key: str, default: int) -> int:
            try:
                return max(0, int(settings.get(db, key)))
            except (TypeError, ValueError):
                return default

        return cls(
            daily=num("backup_keep_daily", cls.daily),
            weekly=num("backup_keep_weekly", cls.weekly),
            monthly=num("backup_keep_monthly", cls.monthly),
            recent_hours=num("backup_keep_recent_hours", cls.recent_hours),
            safety=num("backup_keep_safety", cls.safety),
            safety_days=num("backup_keep_safety_days", cls.safety_days),
        )


def to_keep(
    backups: Iterable[BackupInfo], *, now: dt.datetime, rule: Retention = Retention()
) -> set[Path]:
    """The paths the rotation rule (module docstring) keeps; the rest may go."""
    items = sorted(backups, key=lambda b: (b.at, b.path.name), reverse=True)
    routine = [b for b in items if b.routine]
    safety = [b for b in items if not b.routine]
    keep: set[Path] = set()
    keep.update(b.path for b in routine if now - b.at < dt.timedelta(hours=rule.recent_hours))

    def newest_per(period: Any, limit: int) -> None:
        seen: list[Any] = []
        for b in routine:  # newest first: the first of each period is its newest
            key = period(b.at)
            if key in seen:
                continue
            if len(seen) >= limit:
                break
            seen.append(key)
            keep.add(b.path)

    newest_per(lambda t: t.date(), rule.daily)
    newest_per(lambda t: tuple(t.isocalendar())[:2], rule.weekly)
    newest_per(lambda t: (t.year, t.month), rule.monthly)
    keep.update(b.path for b in safety[: rule.safety])
    keep.update(b.path for b in safety if now - b.at < dt.timedelta(days=rule.safety_days))
    return keep


def rotate(
    dest_dir: str | Path, *, rule: Retention = Retention(), now: dt.datetime | None = None
) -> list[Path]:
    """Delete the backups in ``dest_dir`` the rule does not keep (and stale ``.partial``
    files); return what was deleted."""
    dest_dir = Path(dest_dir)
    now = now or dt.datetime.now()
    backups = list_backups(dest_dir, counts=False)
    keep = to_keep(backups, now=now, rule=rule)
    removed = []
    for b in backups:
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
                Path(f"{b.path}-wal").unlink(missing_ok=True)  # beside a raw copy
            except OSError:
                pass  # in use (Windows) or already gone: next time
    if dest_dir.is_dir():
        for partial in dest_dir.glob("vipkeeper-*.db.partial"):
            try:
                if time.time() - partial.stat().st_mtime > PARTIAL_MAX_AGE_S:
                    partial.unlink()
                    removed.append(partial)
            except OSError:
                pass
    return removed


def routine_due(dest_dir: str | Path, *, hours: float, now: dt.datetime | None = None) -> bool:
    """True when the newest routine backup in ``dest_dir`` is ``hours`` old or older (or
    there is none)."""
    now = now or dt.datetime.now()
    for b in list_backups(dest_dir, counts=False):
        if b.routine:
            return now - b.at >= dt.timedelta(hours=hours)
    return True


@dataclass(frozen=True)
class BackupResult:
    path: Path | None  # None when the check failed and nothing was copied
    check: str  # "ok" or SQLite's complaint
    removed: list[Path] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)
    check_kind: str = "quick"  # "integrity" (the whole file) or "quick"
    copy: Path | None = None  # the second copy (setting backup_copy_folder), if made
    copy_error: FieldError | None = None  # why the second copy was not made


def copy_folder(db: sqlite_utils.Database) -> Path | None:
    """The folder chosen for a second copy of every backup (a USB stick), or None."""
    from app import settings

    text = str(settings.get(db, "backup_copy_folder") or "").strip()
    return Path(text) if text else None


def copy_elsewhere(
    path: Path, folder: Path, *, rule: Retention = Retention()
) -> tuple[Path | None, FieldError | None]:
    """Copy the finished backup ``path`` into ``folder`` (a temp name, fsync, rename:
    never a half file) and rotate that folder by the same rule. ``(copy, None)``, or
    ``(None, why)`` when the folder is missing (the stick is not plugged in) or cannot
    be written; the backup beside the database is made either way."""
    import shutil

    if not folder.is_dir():
        return None, FieldError(
            "backup_copy_folder", "backup_copy_missing", {"folder": str(folder)}
        )
    final = folder / path.name
    tmp = final.with_name(final.name + ".partial")
    try:
        with open(path, "rb") as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, final)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        why = {"folder": str(folder), "reason": exc.strerror or str(exc)}
        return None, FieldError("backup_copy_folder", "backup_copy_failed", why)
    rotate(folder, rule=rule)
    return final, None


def check_before_copy(db: sqlite_utils.Database) -> tuple[str, str]:
    """(kind, result): ``integrity_check`` for a file up to ``FULL_CHECK_MAX_BYTES``
    (with its -wal), ``quick_check`` for a larger one."""
    from app.db import integrity_check

    try:
        main = Path(_main_file(db))
        size = sum(p.stat().st_size for p in (main, Path(f"{main}-wal")) if p.exists())
    except (ValueError, OSError):
        size = 0  # in memory: small
    if size <= FULL_CHECK_MAX_BYTES:
        return "integrity", integrity_check(db)
    return "quick", integrity_check(db, quick=True)


def routine_backup(
    db: sqlite_utils.Database,
    dest_dir: str | Path,
    *,
    reason: str,
    on_progress: Callable[[int, int], None] | None = None,
) -> BackupResult:
    """The timer's and the close's backup: the file is checked first
    (:func:`check_before_copy`; a damaged file is not copied, so it cannot rotate good
    backups away), then copied and rotated. Writes nothing to the database (no audit
    entry: it is the system's routine)."""
    kind, check = check_before_copy(db)
    if check != "ok":
        return BackupResult(None, check, check_kind=kind)
    path = backup_now(db, dest_dir, reason=reason, check=(kind, check), on_progress=on_progress)
    rule = Retention.from_settings(db)
    removed = rotate(dest_dir, rule=rule)
    folder = copy_folder(db)
    copied, why = copy_elsewhere(path, folder, rule=rule) if folder else (None, None)
    return BackupResult(path, check, removed, check_kind=kind, copy=copied, copy_error=why)


def back_up(
    db: sqlite_utils.Database, *, dest_dir: str | Path, actor: Actor, reason: str = "manual"
) -> BackupResult:
    """The "back up now" action: copy (even a file that fails its check — a copy of a
    damaged file can still save data — but then without rotating), rotate, and record
    who did it in the audit log."""
    permissions.require(actor, permissions.BACKUP)
    kind, check = check_before_copy(db)
    path = backup_now(db, dest_dir, reason=reason, check=(kind, check))
    rule = Retention.from_settings(db)
    removed = rotate(dest_dir, rule=rule) if check == "ok" else []
    folder = copy_folder(db)
    copied, why = copy_elsewhere(path, folder, rule=rule) if folder else (None, None)
    with db.atomic():
        said = audit.summary("backup", file=path.name, reason=reason, check=check)
        audit.record(db, actor, "backup", None, None, said)
    return BackupResult(path, check, removed, Changes.of({"audit_log"}), kind, copied, why)


# ------------------------------------------------------------------ checks


@dataclass(frozen=True)
class CheckResult:
    integrity: list[str]  # ["ok"] when fine
    foreign_keys: list[tuple[Any, ...]]  # (table, rowid, parent, fk index)

    @property
    def ok(self) -> bool:
        return self.integrity == ["ok"] and not self.foreign_keys


def check(db: sqlite_utils.Database) -> CheckResult:
    """``PRAGMA integrity_check`` (first 20 problems) and ``PRAGMA foreign_key_check``."""
    integrity = [str(r[0]) for r in db.execute("PRAGMA integrity_check(20)").fetchall()]
    fks = [tuple(r) for r in db.execute("PRAGMA foreign_key_check").fetchall()]
    return CheckResult(integrity, fks)


def validate(path: str | Path) -> BackupInfo:
    """Refuse (``BackupRefused``) a file that is not a VIP Keeper database, fails
    ``PRAGMA integrity_check`` or was made by a newer version; else its info."""
    from app import migrations

    path = Path(path)
    if not path.is_file():
        raise BackupRefused(f"{path}: no such file")
    with path.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise BackupRefused(f"{path.name}: not a SQLite database")
    try:
        conn = _open_read_only(path)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not {"_sqlite_migrations", "members", "purchases", "audit_log"} <= tables:
                raise BackupRefused(f"{path.name}: not a VIP Keeper database")
            applied = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = 'vip_keeper'"
                )
            ]
            result = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(5)").fetchall()]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupRefused(f"{path.name}: cannot be read ({exc})") from exc
    if not applied:
        raise BackupRefused(f"{path.name}: not a VIP Keeper database")
    if result != ["ok"]:
        raise BackupRefused(f"{path.name}: damaged ({'; '.join(result)})")
    unknown = sorted(set(applied) - set(migrations.names()))
    if unknown:
        raise BackupRefused(
            f"{path.name}: made by a newer version of VIP Keeper ({unknown[-1]}); update first"
        )
    return inspect(path)


# ------------------------------------------------------------------ restore


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    safety_backup: Path
    changes: Changes


def restore(
    db: sqlite_utils.Database,
    *,
    backup: str | Path,
    actor: Actor,
    backup_dir: str | Path,
    db_path: str | Path | None = None,
) -> RestoreResult:
    """Replace the content of the live database ``db`` with the backup file ``backup``.

    Validates the file (``validate``), backs up the current database into
    ``backup_dir`` first (``before-restore``), then copies the backup in as one
    transaction of the live database (module docstring: crash-safe), with the audit
    entry and any pending migrations already in it. ``db_path`` (default: the file
    ``db`` is open on) is where the scratch copy goes. Returns ``Changes`` naming every
    table, so every page refreshes."""
    permissions.require(actor, permissions.RESTORE)
    from app.db import readable_error

    info = validate(backup)
    if db.conn.in_transaction:
        raise RuntimeError("restore must not run inside a transaction")
    live = Path(db_path) if db_path else Path(_main_file(db))
    safety = backup_now(db, backup_dir, reason=PRE_RESTORE_REASON)
    scratch = live.with_name(live.name + ".restoring")
    try:
        tables = _stage(info, scratch=scratch, actor=actor, safety=safety)
        src = sqlite3.connect(str(scratch))
        try:
            # One write transaction of the live database: all pages or none.
            src.backup(db.conn)
        except sqlite3.Error as exc:
            mapped = readable_error(exc)
            if mapped is exc:
                raise
            raise mapped from exc
        finally:
            src.close()
    finally:
        _remove_with_journals(scratch)
    # The copied header says "rollback journal"; the live file stays in WAL.
    db.execute("PRAGMA journal_mode = WAL")
    with contextlib.suppress(OSError):
        rotate(backup_dir, rule=Retention.from_settings(db))
    return RestoreResult(info, safety, Changes.of(set(tables) | {"audit_log"}))


def restore_file(
    db_path: str | Path, *, backup: str | Path, actor: Actor, backup_dir: str | Path
) -> RestoreResult:
    """Restore into a database file that is not open — one too damaged to open at all.

    The damaged file (with its ``-wal``) is copied as it is into ``backup_dir``
    (``before-restore``, for whoever wants to rescue something from it); the backup is
    prepared in a scratch file beside it (migrations, audit entry) and then renamed over
    it (``os.replace``, atomic). Nothing may have the file open meanwhile."""
    permissions.require(actor, permissions.RESTORE)
    info = validate(backup)
    db_path = Path(db_path)
    safety = _raw_copy(db_path, Path(backup_dir)) if db_path.exists() else None
    scratch = db_path.with_name(db_path.name + ".restoring")
    try:
        tables = _stage(info, scratch=scratch, actor=actor, safety=safety)
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)  # the damaged file's
        os.replace(scratch, db_path)
    finally:
        _remove_with_journals(scratch)
    with contextlib.suppress(OSError):
        rotate(backup_dir)
    return RestoreResult(info, safety or db_path, Changes.of(set(tables) | {"audit_log"}))


def _stage(info: BackupInfo, *, scratch: Path, actor: Actor, safety: Path | None) -> list[str]:
    """Copy the backup to ``scratch``, upgrade it, add the restore's audit entry and
    leave it as one self-contained file (rollback-journal mode); its tables."""
    from app import migrations
    from app.db import connect, user_tables

    _remove_with_journals(scratch)
    src = _open_read_only(info.path)
    dst = sqlite3.connect(str(scratch))
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    stage = connect(scratch)
    try:
        stage.execute(f"DROP TABLE IF EXISTS {CHECK_TABLE}")  # the backup's, not the store's
        migrations.apply(stage)
        before = safety.name if safety else "none"
        with stage.atomic():
            audit.record(
                stage,
                actor,
                "restore",
                None,
                None,
                audit.summary(
                    "restore",
                    file=info.path.name,
                    members=info.members,
                    purchases=info.purchases,
                    before=before,
                ),
            )
        stage.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        stage.execute("PRAGMA journal_mode = DELETE")
        return user_tables(stage)
    finally:
        stage.close()


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _raw_copy(db_path: Path, dest_dir: Path) -> Path:
    """A byte copy of a file SQLite cannot copy (damaged), its ``-wal`` beside it."""
    import shutil

    dest_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    final = dest_dir / f"vipkeeper-{stamp}-{PRE_RESTORE_REASON}.db"
    n = 1
    while final.exists():
        n += 1
        final = dest_dir / f"vipkeeper-{stamp}-{PRE_RESTORE_REASON}-{n}.db"
    wal = Path(f"{db_path}-wal")
    if wal.exists():
        shutil.copyfile(wal, f"{final}-wal")
    tmp = final.with_name(final.name + ".partial")
    shutil.copyfile(db_path, tmp)
    os.replace(tmp, final)
    return final


def _main_file(db: sqlite_utils.Database) -> str:
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            return str(file)
    raise ValueError("restore needs a database file, not an in-memory database")


def describe(info: BackupInfo) -> Mapping[str, Any]:
    """A backup as JSON-able data (the CLI's ``--json``)."""
    return {
        "file": str(info.path),
        "at": info.at.isoformat(sep=" "),
        "reason": info.reason,
        "size": info.size,
        "members": info.members,
        "purchases": info.purchases,
        "schema": info.schema,
        "error": info.error,
        "check": {"kind": info.check_kind, "result": info.check_result},
    }


# ------------------------------------------------------------------ who a backup holds


def holding_member(dest_dir: str | Path, *, member_no: str, phone: str | None = None) -> list[Path]:
    """The backups in ``dest_dir`` (newest first) that still hold a member by number
    (a card not anonymised there) or, when given, by phone: what anonymising on request
    leaves behind (app/privacy.py). Each file is opened read-only; an unreadable one is
    left out."""
    out = []
    for info in list_backups(dest_dir, counts=False):
        try:
            conn = _open_read_only(info.path)
            try:
                found = conn.execute(
                    "SELECT 1 FROM members WHERE (member_no = ? AND status <> 'anonymised') "
                    "OR (? IS NOT NULL AND phone = ?) LIMIT 1",
                    [member_no, phone, phone],
                ).fetchone()
            finally:
                conn.close()
        except sqlite3.Error:
            continue
        if found:
            out.append(info.path)
    return out
