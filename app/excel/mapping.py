"""Matching a file's headers to the columns each import kind understands (by their
Chinese and English names and synonyms): guessing a mapping, remembering a corrected one.

The columns themselves live in ``app.excel.columns`` (``COLUMNS[kind]``, the single
source of truth); ``docs/excel-columns.md`` is generated here from them
(``python -m app.excel.mapping > docs/excel-columns.md``; a test fails when the two
disagree).

Headers are compared after :func:`norm_header`: lower case, full-width characters
folded, spaces, underscores, dots, dashes, asterisks and bracketed remarks such as
"（必填）" or "(yyyy-mm-dd)" removed — so ``手机号*``, ``手机号（必填）`` and
``Phone No.`` all match.

Remembered mappings live in the setting ``excel_import_mappings``:
``{kind: {signature: {header: field or ""}}}``, the signature being a hash of the
file's normalised headers, so the correction is reused for the next file with the same
header set.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence

import sqlite_utils

from app.excel.columns import COLUMNS, EXPORT_ONLY, KIND_NAMES, Column

_BRACKETS = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")
_DROP = re.compile(r"[\s_\-.·:：*＊#/\\'\"“”]+")


def norm_header(text: object) -> str:
    s = unicodedata.normalize("NFKC", str(text or "")).lower()
    s = _BRACKETS.sub("", s)
    return _DROP.sub("", s)


def _index(kind: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for col in COLUMNS[kind]:
        for name in (col.key, col.zh, col.en, *col.synonyms):
            out.setdefault(norm_header(name), col.key)
    return out


_INDEX = {kind: _index(kind) for kind in COLUMNS}
_IGNORED = {
    kind: {norm_header(n) for pair in EXPORT_ONLY.get(kind, []) for n in pair} for kind in COLUMNS
}


def field_for(kind: str, header: str) -> str | None:
    return _INDEX[kind].get(norm_header(header))


def score_header(kind: str, cells: Sequence[str]) -> int:
    """How many of ``cells`` name a column of ``kind`` (header row detection)."""
    index = _INDEX[kind]
    return sum(1 for c in cells if c and norm_header(c) in index)


def column(kind: str, key: str) -> Column:
    for col in COLUMNS[kind]:
        if col.key == key:
            return col
    raise KeyError(f"{kind} has no column {key!r}")


def signature(headers: Sequence[str]) -> str:
    return hashlib.sha1("\x1f".join(norm_header(h) for h in headers).encode()).hexdigest()[:16]


def guess(kind: str, headers: Sequence[str]) -> dict[int, str]:
    """``{column index: field}`` from the headers; each field is taken once (the first
    column naming it)."""
    out: dict[int, str] = {}
    taken: set[str] = set()
    for i, h in enumerate(headers):
        key = field_for(kind, h)
        if key and key not in taken:
            out[i] = key
            taken.add(key)
    return out


def remembered(db: sqlite_utils.Database, kind: str, headers: Sequence[str]) -> dict[int, str]:
    """The mapping a person saved for this kind and header set, else the guess."""
    from app import settings

    saved = (settings.get(db, "excel_import_mappings") or {}).get(kind, {}).get(signature(headers))
    if not saved:
        return guess(kind, headers)
    valid = {c.key for c in COLUMNS[kind]}
    out: dict[int, str] = {}
    for i, h in enumerate(headers):
        key = saved.get(h)
        if key in valid and key not in out.values():
            out[i] = key
    return out


def remember(
    db: sqlite_utils.Database,
    *,
    actor,
    kind: str,
    headers: Sequence[str],
    mapping: Mapping[int, str],
) -> None:
    """Save ``mapping`` for this kind and header set (when it differs from the guess)."""
    from app import settings

    all_maps = dict(settings.get(db, "excel_import_mappings") or {})
    per_kind = dict(all_maps.get(kind, {}))
    sig = signature(headers)
    if dict(mapping) == guess(kind, headers):
        if sig not in per_kind:
            return
        per_kind.pop(sig)
    else:
        per_kind[sig] = {h: mapping.get(i, "") for i, h in enumerate(headers)}
    all_maps[kind] = per_kind
    settings.set_many(db, actor=actor, values={"excel_import_mappings": all_maps})


def is_export_only(kind: str, header: str) -> bool:
    return norm_header(header) in _IGNORED[kind]


# ------------------------------------------------------------------ documentation


def columns_markdown() -> str:
    """``docs/excel-columns.md``: every column each kind understands."""
    lines = [
        "# Excel columns the importer understands",
        "",
        "Generated from `app/excel/mapping.py` (`python -m app.excel.mapping > "
        "docs/excel-columns.md`); `tests/unit/test_excel_docs.py` fails when this file and "
        "the importer disagree. Headers match after folding case and full-width "
        "characters and dropping spaces, `_ - . * :` and bracketed remarks such as "
        "`（必填）`, so `手机号*` and `Phone No.` both mean phone. The header row may sit "
        "under merged title rows. A person can correct the mapping in the import dialog; "
        "it is remembered for files with the same headers.",
        "",
    ]
    for kind, cols in COLUMNS.items():
        zh, en = KIND_NAMES[kind]
        lines += [
            f"## {en} (`--kind {kind}`, {zh})",
            "",
            "| field | 中文列名 | English header | also understood | accepts (中文) | accepts |",
            "|---|---|---|---|---|---|",
        ]
        for c in cols:
            req = " **(required)**" if c.required else ""
            syn = ", ".join(c.synonyms)
            lines.append(
                f"| `{c.key}`{req} | {c.zh} | {c.en} | {syn} | {c.note_zh} | {c.note_en} |"
            )
        if kind in EXPORT_ONLY:
            names = ", ".join(f"{z} ({e})" for z, e in EXPORT_ONLY[kind])
            lines += ["", f"Written by the export, read past by the importer: {names}."]
        lines.append("")
    lines += [
        "## Rules (details in `app/excel/importer/` and `app/excel/sync.py`)",
        "",
        "- Files: .xlsx/.xlsm, .xls, .ods, .csv/.txt (UTF-8 with or without BOM, UTF-16, "
        "GBK/GB18030). Hidden sheets are skipped unless chosen. Refused before parsing, "
        "nothing written: empty files, zip bombs, encrypted workbooks, text renamed to "
        ".xlsx, XML entity definitions, sheets over the row limit (setting "
        "`excel_import_max_rows`, default 300,000).",
        "- Every import is a dry run first (counts new / updated / unchanged / rejected, each "
        "rejection with row, column, value, reason); applying is one transaction after an "
        "automatic backup; rejected rows are skipped and can be exported with a reason "
        "column, fixed and imported again.",
        "- Members are matched by phone, then member number; an empty cell never erases "
        "a value; masked phones (`138****5678`) count as empty.",
        "- Purchases: one row per ticket, or one row per item grouped by ticket number; "
        "re-importing never adds a ticket twice; a return (negative amounts) is imported "
        "when it names the ticket it returns (原小票号, in the file or already recorded), "
        "for the same member, not before the sale and not more than the sale paid; "
        "other negative amounts are refused.",
        "- Points: opening balances (积分), one per member and source, or the ledger as "
        "exported (变动积分 with 原因): each entry once, matched by member, time, reason "
        "and change; never counted twice.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(columns_markdown(), end="")
