"""Command-line front of the Excel exchange (``app/excel``): import, export, templates
and the head-office sync cycle. Registered in ``app.cli.COMMAND_MODULES``.

Exit codes: 0 when the dry run or import succeeded (rejected rows are reported, not a
failure), 1 when the file is refused or the command fails, 3 when the database changed
between dry run and apply (try again).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli import CliError, command, db_arg
from app.excel import KINDS

LANG_HELP = "language of the reasons: zh (default) or en"


def _open(path: Path):  # type: ignore[no-untyped-def]
    from app.cli.members import open_store

    return open_store(path)


def _print_report(report: dict, lang: str, *, applied: bool, extra: dict | None = None) -> None:
    from app import labels

    c = report["counts"]
    w = lambda k: labels.word("excel", k, lang)  # noqa: E731
    head = "导入" if lang == "zh" else "import"
    mode = (
        ("已写入" if lang == "zh" else "applied")
        if applied
        else ("试运行" if lang == "zh" else "dry run")
    )
    print(f"{head} {report['file']} ({report.get('kind', 'sync')}, {mode})")
    if report.get("sheet"):
        print(f"  sheet: {report['sheet']}, header row {report.get('header_row')}")
    if report.get("encoding"):
        print(f"  encoding: {report['encoding']}")
    for note in report.get("notes", []):
        print(f"  {labels.word('excel', note, lang)}")
    print("  " + ", ".join(f"{w(k)} {v}" for k, v in c.items()))
    for r in report["rejections"]:
        col = f" [{r['column']}]" if r["column"] else ""
        val = "" if r["value"] is None else f" “{r['value']}”"
        print(f"  row {r['row']}{col}{val}: {r['reason']}")
    _print_changes(report, lang)
    for k, v in (extra or {}).items():
        print(f"  {k}: {v}")


_KIND_NOTE = {
    "identity": (
        "身份变更，需 --accept-identity-changes",
        "identity change: needs --accept-identity-changes",
    ),
    "kept": ("保留原值，需 --overwrite", "kept: needs --overwrite"),
    "overwrite": ("覆盖", "overwrite"),
    "fill": ("补空", "fill"),
}


def _print_changes(report: dict, lang: str) -> None:
    """Matched members, field by field: before → after and what happens to it."""
    from app.excel import mapping

    zh = lang == "zh"
    kind = report.get("kind", "members")
    for ch in report.get("changes", []):
        print(f"  row {ch['row']} {ch['key']}:")
        for key, f in ch["fields"].items():
            try:
                col = mapping.column(kind, key)
                name = col.zh if zh else col.en
            except KeyError:
                name = key
            before = "" if f["before"] is None else f["before"]
            note = _KIND_NOTE.get(f["kind"], (f["kind"], f["kind"]))[0 if zh else 1]
            print(f"    {name}: {before} → {f['after']} ({note})")


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="the .xlsx, .xls or .csv file")
    db_arg(p)
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--sheet", help="read this sheet (hidden sheets only when named)")
    p.add_argument("--lang", default="zh", choices=("zh", "en"), help=LANG_HELP)
    p.add_argument(
        "--backup-dir",
        type=Path,
        help="where the automatic backup goes (default: backups/ beside the database)",
    )
    p.add_argument("--no-backup", action="store_true", help="skip the automatic backup")
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="members: replace filled fields too (default: fill empty fields only)",
    )
    p.add_argument(
        "--accept-identity-changes",
        action="store_true",
        help="members: apply new names and phones of existing members "
        "(default: such rows are reported and skipped)",
    )


@command("import", "import members, purchases, contacts or points from Excel/CSV", _import_args)
def _import(args: argparse.Namespace) -> int:
    from app.core import SYSTEM
    from app.excel import FileRefused
    from app.excel.importer import PlanStale, apply_plan, plan_import

    db = _open(args.db)
    try:
        try:
            plan = plan_import(
                db, args.file, kind=args.kind, sheet=args.sheet, overwrite=args.overwrite
            )
        except FileRefused as exc:
            if args.json:
                print(
                    json.dumps(
                        {"refused": exc.code, "reason": exc.message(args.lang)}, ensure_ascii=False
                    )
                )
            raise CliError(exc.message(args.lang)) from None
        result = None
        if not args.dry_run and plan.has_work:
            backup_dir = None if args.no_backup else (args.backup_dir or args.db.parent / "backups")
            try:
                result = apply_plan(
                    db,
                    plan=plan,
                    actor=SYSTEM,
                    backup_dir=backup_dir,
                    accept_identity=args.accept_identity_changes,
                )
            except PlanStale:
                print(
                    "error: the database changed during the import; run it again", file=sys.stderr
                )
                return 3
        report = plan.report(args.lang)
        report["applied"] = result is not None
        if result is not None and result.backup:
            report["backup"] = str(result.backup)
        extra = {"backup": report["backup"]} if report.get("backup") else {}
        if result is not None:
            report["skipped_identity"] = result.skipped_identity
            if result.skipped_identity:
                rows = ", ".join(str(r) for r in result.skipped_identity)
                extra["skipped (identity changes, use --accept-identity-changes)"] = rows
        if args.json:
            print(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            _print_report(
                report,
                args.lang,
                applied=result is not None,
                extra=extra or None,
            )
        return 0
    finally:
        db.close()


def _export_args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--out", type=Path, required=True, help="the .xlsx to write")
    p.add_argument("--no-mask", action="store_true", help="write full phone numbers")
    p.add_argument("--lang", default="zh", choices=("zh", "en"), help="column names' language")


@command("export", "export members, purchases, contacts or points to .xlsx", _export_args)
def _export(args: argparse.Namespace) -> int:
    from app.core import SYSTEM
    from app.excel.exporter import export

    db = _open(args.db)
    try:
        res = export(
            db,
            kind=args.kind,
            out=args.out,
            actor=SYSTEM,
            mask_phones=not args.no_mask,
            lang=args.lang,
        )
    finally:
        db.close()
    print(f"{res.rows} rows written to {res.path} in {res.elapsed_s:.1f} s")
    return 0


def _template_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--lang", default="zh", choices=("zh", "en"))


@command("template", "write an empty import template with notes", _template_args)
def _template(args: argparse.Namespace) -> int:
    from app.excel.templates import write_template

    print(write_template(args.kind, args.out, lang=args.lang))
    return 0


def _sync_export_args(p: argparse.ArgumentParser) -> None:
    db_arg(p)
    p.add_argument("--target", required=True, help="who receives it, e.g. head_office")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--full", action="store_true", help="everything, not only the changes")


@command("sync-export", "head-office change set (full the first time)", _sync_export_args)
def _sync_export(args: argparse.Namespace) -> int:
    from app.core import SYSTEM
    from app.excel.sync import sync_export

    db = _open(args.db)
    try:
        res = sync_export(db, target=args.target, out=args.out, actor=SYSTEM, full=args.full)
    finally:
        db.close()
    since = f" since {res.since}" if res.mode == "changes" else ""
    print(f"{res.mode}{since}: {res.rows} members written to {res.path} (batch {res.batch_id})")
    return 0


def _sync_import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path)
    db_arg(p)
    p.add_argument("--target", help="whose file it is (default: from the file, else head_office)")
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", default="zh", choices=("zh", "en"), help=LANG_HELP)
    p.add_argument("--backup-dir", type=Path)
    p.add_argument("--no-backup", action="store_true")


@command(
    "sync-import", "import head office's file; conflicts are listed, not applied", _sync_import_args
)
def _sync_import(args: argparse.Namespace) -> int:
    from app.core import SYSTEM
    from app.excel import FileRefused
    from app.excel.importer import PlanStale
    from app.excel.sync import apply_sync, plan_sync

    db = _open(args.db)
    try:
        try:
            plan = plan_sync(db, args.file, target=args.target)
        except FileRefused as exc:
            raise CliError(exc.message(args.lang)) from None
        applied = False
        if not args.dry_run:
            backup_dir = None if args.no_backup else (args.backup_dir or args.db.parent / "backups")
            try:
                apply_sync(db, plan=plan, actor=SYSTEM, backup_dir=backup_dir)
                applied = True
            except PlanStale:
                print(
                    "error: the database changed during the import; run it again", file=sys.stderr
                )
                return 3
        report = plan.report(args.lang)
        report["applied"] = applied
        if args.json:
            print(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            _print_report(report, args.lang, applied=applied)
            for c in report["conflicts"]:
                fields = "; ".join(
                    f"{k}: {v['local']!r} ≠ {v['remote']!r}" for k, v in c["fields"].items()
                )
                print(f"  conflict row {c['row']} {c['member_no']} {c['name']}: {fields}")
        return 0
    finally:
        db.close()
