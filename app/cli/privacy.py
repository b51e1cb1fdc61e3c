"""Command-line front of users and privacy (``app/auth.py``, ``app/privacy.py``):
the member data report, the retention list and a password reset. Registered in
``app.cli.COMMAND_MODULES``.

The command line runs as the system user (``app.core.SYSTEM``), which may do
everything: it is used on the store's PC by whoever administers it, who has the
database file itself anyway (app/permissions.py). It is also the way back in when the
owner has forgotten the password: ``set-password --db PATH --user owner``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from app.cli import CliError, command, db_arg


def _open(path: Path):  # type: ignore[no-untyped-def]
    from app.cli.members import open_store

    return open_store(path)


def _member_id(db, number: str) -> int:  # type: ignore[no-untyped-def]
    row = db.execute("SELECT id FROM members WHERE member_no = ?", [number.strip()]).fetchone()
    if row is None:
        raise CliError(f"no member with number {number!r}")
    return int(row[0])


def _report_args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--member", required=True, help="the member number (会员号)")
    p.add_argument("--out", type=Path, required=True, help="the .xlsx to write")
    p.add_argument("--lang", default="zh", choices=("zh", "en"))


@command(
    "member-report", "everything held about one member, as .xlsx (a data request)", _report_args
)
def _member_report(args: argparse.Namespace) -> int:
    from app.core import SYSTEM
    from app.privacy import member_report

    db = _open(args.db)
    try:
        path = member_report(
            db, actor=SYSTEM, member_id=_member_id(db, args.member), out=args.out, lang=args.lang
        )
    finally:
        db.close()
    print(f"member data report written to {path}")
    return 0


def _retention_args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--json", action="store_true")


@command(
    "retention-list",
    "members inactive for the retention period (listed only; the owner anonymises them)",
    _retention_args,
)
def _retention_list(args: argparse.Namespace) -> int:
    from app.core import SYSTEM
    from app.privacy import retention_candidates

    db = _open(args.db)
    try:
        rows = retention_candidates(db, actor=SYSTEM)
    finally:
        db.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(f"{r['member_no']}\t{r['name']}\t{r['last_activity']}")
        print(f"{len(rows)} member(s) inactive for the retention period")
    return 0


def _password_args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--user", required=True, help="the user name")
    p.add_argument("--password-stdin", action="store_true", help="read the new password from stdin")


@command("set-password", "set a user's password (e.g. a forgotten owner password)", _password_args)
def _set_password(args: argparse.Namespace) -> int:
    from app.auth import reset_password
    from app.core import SYSTEM, ValidationError

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("new password: ")
        if getpass.getpass("again: ") != password:
            raise CliError("the two passwords differ")
    db = _open(args.db)
    try:
        row = db.execute("SELECT id FROM users WHERE username = ?", [args.user]).fetchone()
        if row is None:
            raise CliError(f"no user {args.user!r}")
        try:
            reset_password(db, actor=SYSTEM, user_id=int(row[0]), password=password)
        except ValidationError as exc:
            raise CliError(str(exc)) from None
    finally:
        db.close()
    print(f"password of {args.user} set")
    return 0
