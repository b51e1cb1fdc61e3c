"""``demo`` and ``info``: create a deterministic demo store; the schema version, row
counts and integrity check of a store."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from app.cli import CliError, command, db_arg


def _demo_args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--members", type=int, default=2000, help="number of members (default 2000)")
    p.add_argument(
        "--purchases",
        type=int,
        default=None,
        help="number of purchases (default: about 12 per member)",
    )
    p.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    p.add_argument("--force", action="store_true", help="replace an existing file")


@command("demo", "create a deterministic demo store", _demo_args)
def _demo(args: argparse.Namespace) -> int:
    if args.members < 1:
        raise CliError("--members must be at least 1")
    if args.purchases is not None and args.purchases < 0:
        raise CliError("--purchases must not be negative")
    from app import demo
    from app.db import open_db

    path: Path = args.db
    if path.exists():
        if not args.force:
            raise CliError(f"{path} already exists (use --force to replace it)")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    from app.auth import demo_password_hashes_meanwhile, set_demo_passwords

    hashes = demo_password_hashes_meanwhile()  # the staff's, made while the store is built
    db = open_db(path)
    try:
        # A new file, only this connection: built with a rollback journal, the pages go
        # straight to the file (the journal keeps only the few that existed) instead of
        # into the WAL first and then again into the file at the checkpoint on close —
        # 1.5 GB written twice for the 100k/2M store. Back to WAL (app.db) afterwards.
        db.execute("PRAGMA journal_mode = DELETE")
        summary = demo.generate(db, members=args.members, purchases=args.purchases, seed=args.seed)
        # The demo's staff sign in with "demo"; its owner sets a password at first start.
        from app.core import SYSTEM

        set_demo_passwords(db, actor=SYSTEM, hashes=hashes.result())
        db.execute("PRAGMA journal_mode = WAL")
    finally:
        db.close()
    elapsed = time.perf_counter() - started
    print(
        f"demo store written to {path}: {summary.members} members, "
        f"{summary.purchases} purchases, {summary.contacts} contacts in {elapsed:.1f} s"
    )
    return 0


def info(path: Path) -> dict:
    """What ``info`` reports, as data."""
    from app.db import integrity_check, open_db, schema_version, user_tables

    if not path.exists():
        raise CliError(f"{path}: no such file")
    db = open_db(path)
    try:
        return {
            "path": str(path),
            "schema_version": schema_version(db),
            "tables": {
                t: db.execute(f"SELECT COUNT(*) FROM [{t}]").fetchone()[0] for t in user_tables(db)
            },
            "integrity_check": integrity_check(db),
        }
    finally:
        db.close()


def _info_args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--json", action="store_true", help="print JSON")


@command("info", "schema version, row counts and integrity check", _info_args)
def _info(args: argparse.Namespace) -> int:
    data = info(args.db)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(f"database:        {data['path']}")
        print(f"schema version:  {data['schema_version']}")
        print(f"integrity check: {data['integrity_check']}")
        for table, n in data["tables"].items():
            print(f"  {table:<16} {n:>10,}")
    return 0 if data["integrity_check"] == "ok" else 2


def _queue_args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--list", action="store_true", help="only list the queued sales")
    p.add_argument(
        "--discard",
        metavar="KEY",
        help="discard the refused queued sale KEY (its key, or the start of it, as --list "
        "shows) and record it in the audit log; a sale only waiting cannot be discarded",
    )
    p.add_argument("--reason", default="", help="why the sale is discarded (with --discard)")
    p.add_argument("--json", action="store_true", help="print JSON")


@command(
    "counter-queue",
    "enter the sales queued at the counter during a long import into the store",
    _queue_args,
)
def _counter_queue(args: argparse.Namespace) -> int:
    from app import counter_queue
    from app.db import open_db
    from app.normalize import format_fen

    if not args.db.exists():
        raise CliError(f"{args.db}: no such file")
    queue = counter_queue.queue_path(args.db)
    if args.discard:
        return _discard_queued(args, queue)
    entered = already = 0
    if not args.list:
        db = open_db(args.db)
        try:
            result = counter_queue.drain(db, queue, wait_ms=10_000)
        finally:
            db.close()
        entered, already = result.entered, result.already
    left = counter_queue.pending(queue)
    if args.json:
        data = {
            "entered": entered,
            "already_entered": already,
            "queued": [
                {
                    **{k: v for k, v in s.items() if k != "errors"},
                    "errors": [e.message("en") for e in s["errors"]],
                }
                for s in left
            ],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        if not args.list:
            print(f"entered {entered} queued sale(s) into {args.db}")
        for s in left:
            why = "; ".join(e.message("en") for e in s["errors"]) or "waiting for the store"
            print(
                f"  {s['uuid'][:8]}  {s['at']}  {s['member_no']}  "
                f"{format_fen(s['paid_fen'])}  {why}"
            )
        print(f"{len(left)} sale(s) still queued")
    return 0 if not any(s["errors"] for s in left) else 2


def _discard_queued(args: argparse.Namespace, queue: Path | None) -> int:
    """``counter-queue --discard KEY``: one refused sale out of the queue, audited."""
    from app import counter_queue
    from app.core import SYSTEM, NotFound, ValidationError
    from app.db import open_db
    from app.normalize import format_fen

    wanted = args.discard.strip().lower()
    matches = [s for s in counter_queue.pending(queue) if s["uuid"].startswith(wanted)]
    if len(matches) != 1:
        found = "no" if not matches else f"{len(matches)}"
        raise CliError(
            f"{queue}: {found} queued sale(s) with key {args.discard!r} (see counter-queue --list)"
        )
    (sale,) = matches
    db = open_db(args.db)
    try:
        counter_queue.discard(db, queue=queue, key=sale["uuid"], actor=SYSTEM, reason=args.reason)
    except (ValidationError, NotFound) as exc:
        raise CliError(f"{queue}: sale {args.discard}: {exc}") from exc
    finally:
        db.close()
    print(
        f"discarded queued sale {sale['uuid'][:8]} ({sale['at']}, {sale['member_no']}, "
        f"{format_fen(sale['paid_fen'])}); recorded in the audit log of {args.db}"
    )
    return 0
