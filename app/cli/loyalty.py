"""Loyalty commands (app/loyalty.py documents every rule):

* ``points-daily --db PATH [--today D] [--force]`` — the start-up/daily job: expiry,
  birthday points, the tier review (once a day unless ``--force``);
* ``points-expire --db PATH [--today D]`` — expire what is due (idempotent);
* ``tiers-review --db PATH [--today D] [--no-review]`` — recompute every tier
  (upgrades; downgrades too on or after the yearly review date, once per review);
* ``points-backfill --db PATH`` — award points for purchases recorded without them;
* ``points-check --db PATH [--today D]`` — the lots cache against a replay of the
  ledger, stored tiers against the recomputation; exit 2 on a mismatch.

``--json`` prints what changed as JSON. Imported by every CLI run (app/cli/__init__.py), so it
imports nothing heavy at the top.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli import CliError, command, db_arg


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _args(*extra: Callable[[argparse.ArgumentParser], None]) -> Callable[..., None]:
    def configure(p: argparse.ArgumentParser) -> None:
        db_arg(p)
        p.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD")
        p.add_argument("--json", action="store_true", help="print JSON")
        for add in extra:
            add(p)

    return configure


def _run(args: argparse.Namespace, work: Callable[[Any, dt.date], dict[str, Any]]) -> int:
    from app.db import open_db

    path: Path = args.db
    if not path.exists():
        raise CliError(f"{path}: no such file")
    today = args.today or dt.date.today()
    started = time.perf_counter()
    db = open_db(path)
    try:
        data = work(db, today)
    finally:
        db.close()
    data["seconds"] = round(time.perf_counter() - started, 2)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(", ".join(f"{k}: {v}" for k, v in data.items()))
    return 2 if data.get("mismatches") else 0


def _summary(changes: Any) -> dict[str, Any]:
    return {"tables": sorted(changes.tables), "members_changed": len(changes.member_ids)}


@command(
    "points-daily",
    "the loyalty programme's daily job: expiry, birthday points, tier review",
    _args(lambda p: p.add_argument("--force", action="store_true", help="even if run today")),
)
def _daily(args: argparse.Namespace) -> int:
    from app import loyalty
    from app.core import SYSTEM

    return _run(
        args,
        lambda db, today: _summary(
            loyalty.run_daily(db, actor=SYSTEM, today=today, force=args.force)
        ),
    )


@command("points-expire", "expire points past their last valid day (idempotent)", _args())
def _expire(args: argparse.Namespace) -> int:
    from app import loyalty
    from app.core import SYSTEM

    return _run(
        args, lambda db, today: _summary(loyalty.expire_points(db, actor=SYSTEM, today=today))
    )


@command(
    "tiers-review",
    "recompute member tiers (downgrades only at the yearly review)",
    _args(lambda p: p.add_argument("--no-review", action="store_true", help="upgrades only")),
)
def _tiers(args: argparse.Namespace) -> int:
    from app import loyalty
    from app.core import SYSTEM

    return _run(
        args,
        lambda db, today: _summary(
            loyalty.recompute_tiers(db, actor=SYSTEM, today=today, review=not args.no_review)
        ),
    )


@command("points-backfill", "award points for purchases recorded without them", _args())
def _backfill(args: argparse.Namespace) -> int:
    from app import loyalty
    from app.core import SYSTEM, ValidationError

    def work(db: Any, today: dt.date) -> dict[str, Any]:
        try:
            return _summary(loyalty.backfill(db, actor=SYSTEM, today=today))
        except ValidationError as exc:
            raise CliError(str(exc)) from exc

    return _run(args, work)


@command("points-check", "check the points cache and the tiers against the facts", _args())
def _check(args: argparse.Namespace) -> int:
    from app import loyalty

    def work(db: Any, today: dt.date) -> dict[str, Any]:
        lots = loyalty.lots_mismatches(db)
        tiers = loyalty.tier_mismatches(db, today=today)
        return {
            "lots_mismatches": len(lots),
            "tier_mismatches": len(tiers),
            "mismatches": len(lots) + len(tiers),
        }

    return _run(args, work)
