"""The command line: ``python main.py <command> …``. It uses ``app/`` directly (no Qt),
prints results for people or ``--json`` for scripts, exits 0 on success and non-zero
with a one-line reason on failure."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app import __version__


class CliError(Exception):
    """A failure to report as one line and a non-zero exit."""


Handler = Callable[[argparse.Namespace], int]
Configure = Callable[[argparse.ArgumentParser], None]


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Configure
    run: Handler


COMMANDS: dict[str, Command] = {}

# Modules that register more commands with @command; each issue keeps its command-line
# front beside its own code (imported lazily here, so `main.py` stays fast to start).
COMMAND_MODULES: tuple[str, ...] = (
    "app.analytics_cli",
    "app.excel_cli",
    "app.loyalty_cli",
    "app.backup_cli",
    "app.feedback_cli",
    "app.privacy_cli",
    "app.report_cli",
)


def command(name: str, help: str, configure: Configure) -> Callable[[Handler], Handler]:
    """Register a sub-command: ``configure`` adds its arguments, the decorated function
    runs it and returns the exit code (raise ``CliError`` for a one-line failure)."""

    def deco(fn: Handler) -> Handler:
        COMMANDS[name] = Command(name, help, configure, fn)
        return fn

    return deco


def db_arg(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument("--db", type=Path, required=required, help="path of the store's SQLite file")


def _load_commands() -> None:
    for module in COMMAND_MODULES:
        importlib.import_module(module)


def build_parser() -> argparse.ArgumentParser:
    _load_commands()
    parser = argparse.ArgumentParser(
        prog="python main.py",
        description="VIP Keeper (贵宾管家). With no command the app opens; "
        "GUI options: --db PATH, --smoke, --lang zh|en.",
    )
    parser.add_argument("--version", action="version", version=f"VIP Keeper {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for cmd in COMMANDS.values():
        cmd.configure(sub.add_parser(cmd.name, help=cmd.help, description=cmd.help))
    return parser


def is_cli_invocation(args: list[str]) -> bool:
    """True when ``args`` name a command (or ask for help/version) rather than the GUI."""
    if not args:
        return False
    if args[0] in ("-h", "--help", "--version"):
        return True
    _load_commands()
    return args[0] in COMMANDS


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    try:
        return COMMANDS[args.command].run(args)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        # One line for people; VIPKEEPER_DEBUG=1 shows the traceback for developers.
        if os.environ.get("VIPKEEPER_DEBUG"):
            raise
        from app.db import DatabaseError

        if isinstance(exc, DatabaseError | OSError | ValueError):
            print(f"error: {exc}", file=sys.stderr)
        else:
            print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


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
    db = open_db(path)
    try:
        summary = demo.generate(db, members=args.members, purchases=args.purchases, seed=args.seed)
        # The demo's staff sign in with "demo"; its owner sets a password at first start.
        from app.auth import set_demo_passwords
        from app.core import SYSTEM

        set_demo_passwords(db, actor=SYSTEM)
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
