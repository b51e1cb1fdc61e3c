"""The command line: ``python main.py <command> …``. It uses ``app/`` directly (no Qt),
prints results for people or ``--json`` for scripts, exits 0 on success and non-zero
with a one-line reason on failure.

This module is the argparse front (``main``, ``build_parser``, the ``@command``
registry); each command group lives in its own module of this package and registers
its commands when imported (``COMMAND_MODULES``):

* :mod:`app.cli.store`     — ``demo``, ``info``, ``counter-queue``
* :mod:`app.cli.members`   — ``init``, ``duplicates``, ``merge``, ``anonymise``
* :mod:`app.cli.analytics` — ``analyze``
* :mod:`app.cli.excel`     — ``import``, ``export``, ``template``, ``sync-export``,
  ``sync-import``
* :mod:`app.cli.loyalty`   — ``points-daily``, ``points-expire``, ``tiers-review``,
  ``points-backfill``, ``points-check``
* :mod:`app.cli.backup`    — ``backup``, ``restore``, ``check``, ``backups``
* :mod:`app.cli.feedback`  — ``feedback``
* :mod:`app.cli.privacy`   — ``member-report``, ``retention-list``, ``set-password``
* :mod:`app.cli.report`    — ``report``
* :mod:`app.cli.plan`      — ``calls``, ``messages``
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
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

# The modules that register commands with @command, one per command group, in the order
# `--help` lists them (imported on first use, so `main.py` stays fast to start).
COMMAND_MODULES: tuple[str, ...] = (
    "app.cli.store",
    "app.cli.members",
    "app.cli.analytics",
    "app.cli.excel",
    "app.cli.loyalty",
    "app.cli.backup",
    "app.cli.feedback",
    "app.cli.privacy",
    "app.cli.report",
    "app.cli.plan",
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
