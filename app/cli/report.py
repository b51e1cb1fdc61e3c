"""``python main.py report --db PATH --month YYYY-MM [--pdf FILE] [--xlsx FILE] [--json]
[--lang zh|en]``: the monthly summary (app/reports.py defines every figure), headless.

Without ``--json`` it prints the key figures with last month's value and the change;
``--pdf`` writes the A4 pages (the same ones the app prints), ``--xlsx`` one sheet per
section. Phones are masked in both. Nothing is written to the database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

from app.cli import CliError, command, db_arg


def _month(text: str) -> str:
    from app.reports import ReportError, parse_month

    try:
        parse_month(text)
    except ReportError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--month", type=_month, required=True, metavar="YYYY-MM", help="the month")
    p.add_argument("--pdf", type=Path, help="write the printable report (A4) to this .pdf")
    p.add_argument("--xlsx", type=Path, help="write one sheet per section to this .xlsx")
    p.add_argument("--json", action="store_true", help="print every figure as JSON")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the files")


def run(
    path: Path,
    month: str,
    *,
    pdf: Path | None = None,
    xlsx: Path | None = None,
    lang: str = "zh",
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Build the report (and write the files); returns the report with ``files``."""
    from app import report, reports
    from app.db import open_db

    if not path.exists():
        raise CliError(f"{path}: no such file")
    for f, ext in ((pdf, ".pdf"), (xlsx, ".xlsx")):
        if f is not None and f.suffix.lower() != ext:
            raise CliError(f"{f}: the file name must end in {ext}")
    started = time.perf_counter()
    db = open_db(path)
    try:
        try:
            data = reports.build(db, month, today=today)
        except reports.ReportError as exc:
            raise CliError(str(exc)) from None
    finally:
        db.close()
    files: dict[str, Any] = {}
    if pdf is not None:
        files["pdf"] = {"path": str(pdf), "pages": report.write_pdf(data, pdf, lang=lang)}
    if xlsx is not None:
        files["xlsx"] = {
            "path": str(xlsx),
            "sheets": report.write_xlsx(data, xlsx, lang=lang),
        }
    data["files"] = files
    data["seconds"] = round(time.perf_counter() - started, 2)
    return data


def _print(data: dict[str, Any], lang: str) -> None:
    from app.report import (
        SUMMARY_ROWS,
        change_text,
        figure_label,
        month_title,
        note_text,
        value_text,
        w,
    )

    print(
        f"{data['store_name']} {w('title', lang)} {month_title(data['month'], lang)} "
        f"({w('compared', lang, prev=month_title(data['previous_month'], lang))})"
    )
    if data["partial"]:
        print(w("partial", lang, as_of=data["as_of"]))
    for section, keys in SUMMARY_ROWS:
        s = data["sections"][section]
        print(f"{w('s_' + section, lang)}:")
        if not s["available"]:
            print(f"  {note_text(s['note'], lang)}")
            continue
        for k in keys:
            f = s["figures"][k]
            print(
                f"  {figure_label(section, k, data, lang)}: {value_text(k, f['value'])}"
                f"  ({w('last_month', lang)} {value_text(k, f['previous'])}, "
                f"{change_text(k, f['change'], lang)})"
            )
    for kind, f in data["files"].items():
        print(f"wrote {f['path']} ({kind})")
    print(f"({data['seconds']} s)")


@command("report", "the monthly summary: figures, PDF and Excel", _args)
def _report(args: argparse.Namespace) -> int:
    data = run(args.db, args.month, pdf=args.pdf, xlsx=args.xlsx, lang=args.lang)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print(data, args.lang)
    return 0
