"""Backup commands (app/backup.py documents the rules):

* ``backup --db PATH [--to DIR] [--reason manual|auto]`` — an online copy into DIR
  (default: ``backups/`` beside the database), then the rotation; prints the file;
  exit 2 (copy made, no rotation) when ``PRAGMA quick_check`` finds a problem;
* ``restore BACKUP --db PATH [--backup-dir DIR]`` — refuses a file that is not a VIP
  Keeper database or fails ``integrity_check``; backs the current database up first;
* ``check --db PATH [--json]`` — ``integrity_check`` and ``foreign_key_check``; exit 2
  on any problem;
* ``backups --db PATH [--json]`` — the backups with date, reason, size and counts.

Imported by every CLI run (app/cli/__init__.py), so nothing heavy at the top.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli import CliError, command, db_arg


def _existing(path: Path):  # type: ignore[no-untyped-def]
    from app.cli.members import open_store

    return open_store(path)


def _backup_args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--to", type=Path, help="folder (default: backups/ beside the database)")
    p.add_argument(
        "--reason",
        default="manual",
        choices=("manual", "auto"),
        help="manual (kept by the safety rule, default) or auto (a scheduled run: "
        "kept by the daily/weekly/monthly rule)",
    )


@command("backup", "copy the database into the backups folder (online, safe)", _backup_args)
def _backup(args: argparse.Namespace) -> int:
    from app import backup
    from app.core import SYSTEM
    from app.paths import backups_dir

    dest = args.to or backups_dir(args.db)
    db = _existing(args.db)
    try:
        result = backup.back_up(db, dest_dir=dest, actor=SYSTEM, reason=args.reason)
    finally:
        db.close()
    print(f"backup written to {result.path}")
    for path in result.removed:
        print(f"  rotated away: {path.name}")
    if result.check != "ok":
        print(
            f"warning: the database failed its quick check ({result.check}); the copy was "
            "made but old backups were kept. Consider `restore`.",
            file=sys.stderr,
        )
        return 2
    return 0


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("backup", type=Path, help="the backup file to bring back")
    db_arg(p)
    p.add_argument("--backup-dir", type=Path, help="where the pre-restore backup goes")


@command(
    "restore", "replace the database with a backup (the current one is saved first)", _restore_args
)
def _restore(args: argparse.Namespace) -> int:
    from app import backup
    from app.core import SYSTEM
    from app.paths import backups_dir

    try:
        backup.validate(args.backup)
    except backup.BackupRefused as exc:
        raise CliError(f"refused: {exc}") from None
    from app.db import DatabaseError

    folder = args.backup_dir or backups_dir(args.db)
    try:
        db = _existing(args.db)
    except DatabaseError as exc:
        # Too damaged to open: copy it aside as it is and put the backup in its place.
        print(f"warning: {exc}; restoring over the damaged file", file=sys.stderr)
        db = None
    try:
        if db is None:
            result = backup.restore_file(
                args.db, backup=args.backup, actor=SYSTEM, backup_dir=folder
            )
        else:
            result = backup.restore(
                db, backup=args.backup, actor=SYSTEM, backup_dir=folder, db_path=args.db
            )
    except backup.BackupRefused as exc:
        raise CliError(f"refused: {exc}") from None
    finally:
        if db is not None:
            db.close()
    info = result.restored
    print(
        f"restored {info.path.name} ({info.members} members, {info.purchases} purchases); "
        f"the database before it was saved as {result.safety_backup}"
    )
    return 0


def _check_args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--json", action="store_true", help="print JSON")


@command("check", "integrity and foreign-key check; exit 2 on a problem", _check_args)
def _check(args: argparse.Namespace) -> int:
    import sqlite3

    from app import backup
    from app.db import DatabaseError, connect

    if not args.db.exists():
        raise CliError(f"{args.db}: no such database")
    try:
        db = connect(args.db)  # no migrations: look at the file as it is
        try:
            result = backup.check(db)
        finally:
            db.close()
    except (sqlite3.DatabaseError, DatabaseError) as exc:
        if args.json:
            print(json.dumps({"ok": False, "error": str(exc)}))
        print(f"error: {args.db}: cannot be checked ({exc})", file=sys.stderr)
        return 2
    if args.json:
        print(
            json.dumps(
                {
                    "ok": result.ok,
                    "integrity_check": result.integrity,
                    "foreign_key_check": [list(r) for r in result.foreign_keys],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(f"integrity check:   {'; '.join(result.integrity)}")
        if result.foreign_keys:
            print(f"foreign key check: {len(result.foreign_keys)} problem(s)")
            for table, rowid, parent, _fk in result.foreign_keys[:20]:
                print(f"  {table} row {rowid}: no {parent} row it refers to")
        else:
            print("foreign key check: ok")
    if not result.ok:
        print(
            "warning: the database has problems; restore a backup (`restore`) or ask for help",
            file=sys.stderr,
        )
        return 2
    return 0


def _list_args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--dir", type=Path, help="folder (default: backups/ beside the database)")
    p.add_argument("--json", action="store_true", help="print JSON")


@command("backups", "list the backups with date, reason, size and counts", _list_args)
def _list(args: argparse.Namespace) -> int:
    from app import backup
    from app.paths import backups_dir

    infos = backup.list_backups(args.dir or backups_dir(args.db))
    if args.json:
        print(json.dumps([backup.describe(i) for i in infos], ensure_ascii=False, indent=2))
        return 0
    for i in infos:
        counts = f"{i.members} members, {i.purchases} purchases" if i.error is None else i.error
        print(
            f"{i.at:%Y-%m-%d %H:%M:%S}  {i.reason:<16} {i.size / 1e6:8.1f} MB  {counts}  "
            f"{i.path.name}"
        )
    return 0
