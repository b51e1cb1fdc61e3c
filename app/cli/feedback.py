"""``python main.py feedback --db PATH [--from DATE] [--to DATE] [--json]``: satisfaction,
complaints and churn over a period (app/feedback/ documents every rule).

The period is inclusive and defaults to the 12 months up to today. ``--json`` prints
``factors`` (each factor's mean ``importance`` and ``satisfaction``, ``n`` scores and
its ``quadrant``: improve / keep / low_priority / bonus), ``axes`` (the overall means
the quadrants are cut at), ``surveys`` and ``overall_mean``; ``complaints`` (``total``,
``by_status``, ``by_category``, ``resolved``, ``median_resolution_hours`` and
``_days``, ``compensation_fen``, ``overdue_now``); ``lost_reasons`` (members marked
lost in the period, by reason); ``winback`` (``called``, ``won``, ``pending``,
``rate``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from app.cli import CliError, command, db_arg


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument(
        "--from",
        dest="start",
        type=_date,
        metavar="YYYY-MM-DD",
        help="first day of the period (default: a year before --to)",
    )
    p.add_argument(
        "--to", dest="end", type=_date, metavar="YYYY-MM-DD", help="last day (default: today)"
    )
    p.add_argument("--json", action="store_true", help="print JSON")


def run(path: Path, *, start: dt.date | None = None, end: dt.date | None = None) -> dict[str, Any]:
    """What ``feedback`` reports, as data."""
    from app import feedback
    from app.db import open_db

    if not path.exists():
        raise CliError(f"{path}: no such file")
    today = dt.date.today()
    end = end or today
    start = start or (end - dt.timedelta(days=364))
    if start > end:
        raise CliError(f"--from {start} is after --to {end}")
    db = open_db(path)
    try:
        return feedback.summary(db, start, end, today=today)
    finally:
        db.close()


def _print(data: dict[str, Any]) -> None:
    from app.labels import word

    print(f"feedback {data['from']} – {data['to']}: {data['surveys']:,} surveys")
    axes = data["axes"]
    if axes["importance"] is not None:
        mean = data["overall_mean"]
        print(
            f"axes: importance {axes['importance']:.2f}, satisfaction "
            f"{axes['satisfaction']:.2f}; overall rating "
            + ("—" if mean is None else f"{mean:.2f}")
        )
        for f in data["factors"]:
            print(
                f"  {word('survey_factor', f['factor'])} {f['factor']:<12} importance "
                f"{f['importance']:.2f}  satisfaction {f['satisfaction']:.2f}  "
                f"n={f['n']:<5} {word('quadrant', f['quadrant'])} ({f['quadrant']})"
            )
    c = data["complaints"]
    print(f"complaints: {c['total']:,}")
    print(
        "  by status: "
        + ", ".join(f"{word('complaint_status', k)} {v}" for k, v in c["by_status"].items())
    )
    print(
        "  by category: "
        + ", ".join(f"{word('complaint_category', k)} {v}" for k, v in c["by_category"].items())
    )
    med = c["median_resolution_hours"]
    print(
        "  median time to resolve: "
        + ("—" if med is None else f"{med:.1f} h ({c['median_resolution_days']:.1f} days)")
        + f"; open past {c['overdue_days']} days now: {c['overdue_now']}"
    )
    print(
        "lost reasons: "
        + ", ".join(f"{word('lost_reason', k)} {v}" for k, v in data["lost_reasons"].items())
    )
    w = data["winback"]
    rate = "—" if w["rate"] is None else f"{100 * w['rate']:.1f}%"
    print(
        f"win-back: {w['won']} of {w['called'] - w['pending']} dormant members reached bought "
        f"within {w['window_days']} days ({rate}); {w['pending']} still within the window"
    )


@command(
    "feedback",
    "satisfaction quadrants, complaints, lost reasons and the win-back rate over a period",
    _args,
)
def _feedback(args: argparse.Namespace) -> int:
    data = run(args.db, start=args.start, end=args.end)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print(data)
    return 0
