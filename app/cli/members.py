"""Command-line front of the store file and the archive's clean-up: ``init`` (an empty
store), ``duplicates`` (candidate pairs, app/duplicates.py), ``merge`` (two cards of one
customer, app/merge.py) and ``anonymise`` (app/privacy.py). Registered in
``app.cli.COMMAND_MODULES``; runs as the system user, like the rest of the CLI.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from app.cli import CliError, command, db_arg

T = TypeVar("T")


def open_store(path: Path):  # type: ignore[no-untyped-def]
    """The store at ``path``; a missing file is an error that says how to make one."""
    from app.db import open_db

    if not path.exists():
        raise CliError(
            f"{path}: no such store; make an empty one with "
            f"'python main.py init --db {path}' (or 'demo --db {path}' for the demo store)"
        )
    return open_db(path)


def _on_store(path: Path, action: Callable[[Any], T]) -> T:
    """``action(db)`` on the store at ``path``; a refusal is one line in plain words."""
    from app import labels
    from app.core import ValidationError

    db = open_store(path)
    try:
        return action(db)
    except ValidationError as exc:
        raise CliError(
            "; ".join(
                f"{e.field}: {labels.error_text(e.code, 'en', **e.params)}" for e in exc.errors
            )
        ) from None
    finally:
        db.close()


def _member(db, number: str) -> dict:  # type: ignore[no-untyped-def]
    from app import members

    member_id = members.resolve(db, member_no=number.strip())
    if member_id is None:
        raise CliError(f"no member with number {number!r}")
    from app.core import SYSTEM

    return members.get_member(db, member_id, actor=SYSTEM, unmask=True) or {}


# ------------------------------------------------------------------ init


def _init_args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--store-name", default=None, help="the store's name (店名)")
    p.add_argument("--store-code", default=None, help="the store's code for head office")


@command("init", "create an empty store (refuses to touch an existing file)", _init_args)
def _init(args: argparse.Namespace) -> int:
    from app import settings
    from app.db import open_db
    from app.setup import create_empty_store

    path: Path = args.db
    try:
        create_empty_store(path, store_name=args.store_name, store_code=args.store_code)
    except FileExistsError as exc:
        raise CliError(str(exc)) from None
    db = open_db(path)
    try:
        name = settings.get(db, "store_name")
    finally:
        db.close()
    print(f"empty store {name!r} created at {path}")
    return 0


# ------------------------------------------------------------------ duplicates


def _duplicates_args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--full-phones", action="store_true", help="unmasked phones (logged)")


@command("duplicates", "members who may be one customer, for review and merge", _duplicates_args)
def _duplicates(args: argparse.Namespace) -> int:
    from app import duplicates, labels

    db = open_store(args.db)
    try:
        found = duplicates.find(db, show_phones=args.full_phones)
    finally:
        db.close()
    if args.json:
        print(json.dumps([c.to_json() for c in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("no candidate duplicates")
        return 0
    for c in found:
        why = ", ".join(labels.word("duplicate_reason", r, "zh") for r in c.reasons)
        a, b = c.members
        print(
            f"{a['member_no']} {a['name']} {a['phone'] or '-'}  ~  "
            f"{b['member_no']} {b['name']} {b['phone'] or '-'}  ({why})"
        )
    print(f"{len(found)} candidate pair(s); merge with: merge --db … --keep NO --remove NO")
    return 0


# ------------------------------------------------------------------ merge


def _merge_args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--keep", required=True, help="the member number that stays")
    p.add_argument("--remove", required=True, help="the member number merged into it")


@command("merge", "merge one member's card into another's", _merge_args)
def _merge(args: argparse.Namespace) -> int:
    from app.core import SYSTEM
    from app.merge import merge_members

    def merge(db) -> tuple[dict, dict]:  # type: ignore[no-untyped-def]
        keep, remove = _member(db, args.keep), _member(db, args.remove)
        merge_members(db, actor=SYSTEM, keep_id=keep["id"], remove_id=remove["id"])
        return keep, remove

    keep, remove = _on_store(args.db, merge)
    print(f"{remove['member_no']} {remove['name']} merged into {keep['member_no']} {keep['name']}")
    return 0


# ------------------------------------------------------------------ anonymise


def _anonymise_args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--member", required=True, help="the member number (会员号)")
    p.add_argument("--reason", default="", help="why (kept in the audit log)")
    p.add_argument(
        "--purge-backups",
        action="store_true",
        help="also delete the backups that still hold the person (beside the database)",
    )


@command("anonymise", "anonymise one member on request (the owner's action)", _anonymise_args)
def _anonymise(args: argparse.Namespace) -> int:
    from app import privacy
    from app.core import SYSTEM
    from app.paths import backups_dir

    folder = backups_dir(args.db)

    def anonymise(db) -> tuple[dict, list, list]:  # type: ignore[no-untyped-def]
        member = _member(db, args.member)
        phone = member.get("phone")
        if member.get("status") != "anonymised" or not args.purge_backups:
            privacy.anonymise_member(db, actor=SYSTEM, member_id=member["id"], reason=args.reason)
        purged = []
        if args.purge_backups:
            purged = privacy.purge_backups(
                db, actor=SYSTEM, member_id=member["id"], folder=folder, phone=phone
            )
        held = privacy.backups_holding(db, folder=folder, member_id=member["id"], phone=phone)
        return member, held, purged

    member, held, purged = _on_store(args.db, anonymise)
    print(f"{member['member_no']} anonymised")
    for path in purged:
        print(f"deleted backup {path.name}")
    if held:
        print(f"{len(held)} backup(s) still hold this person (run again with --purge-backups):")
        for path in held:
            print(f"  {path.name}")
    return 0
