"""``python main.py analyze --db PATH [--as-of YYYY-MM-DD] [--json] [--xlsx FILE]``:
every segment model and the purchase forecasts, as of a date (app/analytics/__init__.py
and app/analytics/forecast.py document the formulas).

``--json`` prints the fitted parameters (``params``: BG/NBD ``r``, ``alpha`` per day,
``a``, ``b``; Gamma-Gamma ``p``, ``q``, ``gamma`` in yuan), the members per segment of
each model (``counts``), the 80/20 figure (``top20_share``: the share of the last 12
months' spend from the top 20% of customers), the thresholds used, the forecast totals
and the month-over-month movement. ``--xlsx`` writes one row per member with every
score, segment, P(active), expected purchases and CLV.

This module is imported by every CLI run (app/cli/__init__.py), so numpy and the models load
only when ``analyze`` runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
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
        "--as-of",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="analyse the store as it was at the end of this day (default: today)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--xlsx", type=Path, help="write one row per member to this .xlsx file")


def run(path: Path, *, as_of: dt.date | None = None, xlsx: Path | None = None) -> dict[str, Any]:
    """What ``analyze`` reports, as data.

    The purchases are fetched (``app.purchase_fetch``, SQLite on a thread of its own)
    from right after the store is opened, while this thread imports the analysis
    (``app.analytics``: 70-240 ms of a fresh process; issue #17, 8a)."""
    from app.db import open_db
    from app.purchase_fetch import PurchaseFetch

    if not path.exists():
        raise CliError(f"{path}: no such file")
    if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
        raise CliError(f"{xlsx}: the file name must end in .xlsx")
    started = time.perf_counter()
    db = open_db(path)
    try:
        day = as_of or dt.date.today()
        fetch = PurchaseFetch(db, as_of=day)
        fetch.start()
        from app import analytics as segments

        # (the monthly series is not printed nor exported: not computed)
        seg = segments.analyze(db, as_of=day, with_monthly=False, prefetched=fetch)
        data = segments.summary(seg)
        if xlsx is not None:
            rows = segments.export_xlsx(db, seg=seg, path=xlsx)
            data["xlsx"] = {"path": str(xlsx), "rows": rows}
    finally:
        db.close()
    data["seconds"] = round(time.perf_counter() - started, 2)
    return data


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{100 * v:.1f}%"


def _print(data: dict[str, Any]) -> None:
    from app.labels import word

    print(f"as of {data['as_of']}: {data['members']:,} members, {data['customers']:,} customers")
    print(f"80/20: the top 20% of customers made {_pct(data['top20_share'])} of 12-month spend")
    groups = {
        "pyramid": "pyramid_layer",
        "loyalty_matrix": "loyalty_cell",
        "value_matrix": "value_cell",
        "lifecycle": "lifecycle",
        "customer_types": "customer_type",
        "strategies": "strategy",
    }
    for key, group in groups.items():
        print(f"{key}:")
        for code, n in data["counts"][key].items():
            extra = ""
            if key == "pyramid":
                extra = f"  ({_pct(data['pyramid_spend_share'].get(code))} of spend)"
            print(f"  {word(group, code)} {code:<18} {n:>9,}{extra}")
    params = data.get("params")
    if params:
        print("BG/NBD: r={r:.4f} alpha={alpha:.4f}/day a={a:.4f} b={b:.4f}".format(**params))
        pn = data["models"].get("pareto_nbd")
        if pn:
            print(
                "Pareto/NBD: r={r:.4f} alpha={alpha:.4f}/day s={s:.4f} beta={beta:.4f}/day".format(
                    **pn
                )
            )
        if "p" in params:
            print("Gamma-Gamma: p={p:.4f} q={q:.4f} gamma={gamma:.2f} yuan".format(**params))
        check = data["models"].get("check")
        if check:
            print(
                f"forecast model: {check['model']} (last {check['months']} months: "
                f"{check['actual']:,.0f} purchase days; BG/NBD {check['forecast_bgnbd']:,.0f}, "
                f"off {100 * check['error_bgnbd']:.1f}% per customer; Pareto/NBD "
                f"{check['forecast_pareto_nbd']:,.0f}, off {100 * check['error_pareto_nbd']:.1f}%)"
            )
        else:
            print(f"forecast model: {data['models']['forecast_model']} (no history to check)")
        fc = data["forecast"]
        print(
            f"next {fc['days']} days: {fc['expected_purchases']:,.0f} purchases, "
            f"{fc['expected_sales_fen'] / 100:,.0f} yuan; total CLV "
            f"{fc['clv_total_fen'] / 100:,.0f} yuan"
        )
    else:
        print(f"no forecast: {data['models']['note']}")
    mv = data.get("movement")
    if mv:
        print(
            f"since {mv['since']}: {mv['pyramid']['moved']:,} changed pyramid layer, "
            f"{mv['lifecycle']['moved']:,} changed lifecycle state"
        )
    if "xlsx" in data:
        print(f"wrote {data['xlsx']['rows']:,} members to {data['xlsx']['path']}")
    print(f"({data['seconds']} s)")


@command(
    "analyze",
    "RFM, customer pyramid, value matrices, lifecycle and CLV forecasts",
    _args,
)
def _analyze(args: argparse.Namespace) -> int:
    data = run(args.db, as_of=args.as_of, xlsx=args.xlsx)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print(data)
    return 0
