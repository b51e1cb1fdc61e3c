"""Styled .xlsx exports: members (the data cards), purchases, contacts, points; the
rejected rows of an import; streamed row by row into the zip by
:mod:`app.excel.xlsxstream` (100,000 members in seconds and a few MiB).

Member, purchase and contact exports use the importer's Chinese column names (English
with ``lang="en"``) and its value words, so an export can be edited and imported back;
the member export's extra figures (visits, spend, points) are read past on import.
Phones are masked (``138****5678``) unless ``mask_phones=False``; the importer treats
a masked phone as "not given", so re-importing a masked export changes nothing.
Points are exported as the ledger (entries with their change, reason, expiry and what
they refer to: the ticket, the referred member, the opening balance's source), not as
balances: the points import reads the ledger back entry by entry.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from app import audit, labels, permissions
from app.core import Actor
from app.excel import KINDS, columns, mapping
from app.excel.validate import Rejection
from app.excel.xlsxstream import Workbook
from app.files import AtomicFile, atomic_file
from app.members import TEXT_FIELDS
from app.normalize import mask_phone

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class ExportCancelled(Exception):
    pass


@dataclass
class ExportResult:
    path: Path
    rows: int
    elapsed_s: float


def _header(book, name: str, headers: Sequence[str], widths: Sequence[int], required=()):
    return book.add_sheet(name, headers, widths, required=required)


MAX_SHEET_ROWS = 1_048_575  # Excel's limit (1,048,576) less the header row


def _write_rows(
    ws,
    rows: Iterable[Sequence[Any]],
    kinds: Sequence[str],
    total: int,
    progress: Progress,
    cancel: Cancel,
    more: Callable[[int], Any] | None = None,
) -> int:
    """Write rows (kinds per column: text, money (fen), int); return the count. Past
    Excel's row limit the rows go on in a new sheet from ``more(part)``."""
    n = 0
    in_sheet = 0
    part = 1
    write = ws.write
    for n, row in enumerate(rows, start=1):
        if in_sheet == MAX_SHEET_ROWS and more is not None:
            part += 1
            write = more(part).write
            in_sheet = 0
        write(row, kinds)
        in_sheet += 1
        if n % 5000 == 0:
            progress(n, total)
            if cancel():
                raise ExportCancelled()
    return n


def _names(kind: str, keys: Sequence[str], lang: str) -> list[str]:
    return [
        (mapping.column(kind, k).zh if lang == "zh" else mapping.column(kind, k).en) for k in keys
    ]


MEMBER_KEYS = [c.key for c in columns.COLUMNS["members"]]
# The data card (数据卡): its columns in order, shared by the members export and the
# head-office change set (app/excel/sync/), and the SELECT list that reads them
# (``m`` the member, ``r`` the referrer).
_CARD_TEXT_KEYS = [k for k in MEMBER_KEYS if k in TEXT_FIELDS and k != "store_code"]
CARD_KEYS = [
    "member_no",
    "name",
    "phone",
    "gender",
    "birthday",
    "birthday_calendar",
    "birthday_leap",
    *_CARD_TEXT_KEYS,
    "source",
    "referrer_no",
    "tier",
    "status",
    "joined_on",
    "store_code",
    "tags",
    "consent_channels",
    "verified_at",
]
CARD_SELECT = (
    "m.member_no, m.name, m.phone, m.gender, m.birthday, m.birthday_calendar, "
    f"m.birthday_leap, {', '.join('m.' + k for k in _CARD_TEXT_KEYS)}, m.source, r.member_no, "
    "m.tier, m.status, m.joined_on, m.store_code, "
    "(SELECT group_concat(tag, ',') FROM (SELECT tag FROM member_tags t "
    " WHERE t.member_id = m.id ORDER BY tag)), m.consent_channels, m.verified_at"
)


# What the members export writes beyond the head-office data card (read back by the
# importer; the sync cycle reads only CARD_KEYS).
ARCHIVE_EXTRA_KEYS = [
    "family",
    "consent_at",
    "consent_notice_version",
    "status_changed_at",
    "lost_reason",
    "lost_note",
    "enrolled_by",  # 办卡导购, by name (issue #19)
]


def member_cells(db: sqlite_utils.Database, lang: str = "zh"):
    """``(headers, kinds, sql, params, convert)`` of the members data card: every
    importable column plus the export-only figures. Shared with the sync export."""
    tiers = {c: (z, e) for c, z, e in db.execute("SELECT code, name_zh, name_en FROM tiers")}
    zh = lang == "zh"
    family = _family_cells(db, lang)
    clerks = dict(db.execute("SELECT id, display_name FROM users").fetchall())

    def word(group: str, code: str | None) -> str:
        return labels.word(group, code, lang) if code else ""

    def convert(r: Sequence[Any], mask: bool) -> list[Any]:
        (
            _mid,
            no,
            name,
            phone,
            gender,
            bday,
            cal,
            leap,
            *text,
            source,
            ref_no,
            tier,
            status,
            joined,
            store,
            tags,
            consent,
            verified,
            consent_at,
            notice,
            status_at,
            lost_reason,
            lost_note,
            enrolled_by,
            visits,
            spent,
            first,
            last,
            pts,
        ) = r
        t = tiers.get(tier)
        return [
            no,
            name,
            mask_phone(phone) if mask else (phone or ""),
            word("gender", gender),
            bday or "",
            word("calendar", cal) if bday else "",
            ("是" if zh else "yes") if leap else "",
            *[x or "" for x in text],
            word("source", source),
            ref_no or "",
            (t[0] if zh else t[1]) if t else tier,
            word("status", status),
            joined or "",
            store or "",
            tags or "",
            consent or "",
            (verified or "")[:10],
            family.get(_mid, ""),
            (consent_at or "").replace("T", " "),
            notice or "",
            (status_at or "").replace("T", " "),
            word("lost_reason", lost_reason),
            lost_note or "",
            clerks.get(enrolled_by, ""),
            visits,
            spent,
            (first or "")[:10],
            (last or "")[:10],
            pts,
        ]

    has_ledger = True
    sql = (
        f"SELECT m.id, {CARD_SELECT}, m.consent_at, m.consent_notice_version, "
        "m.status_changed_at, m.lost_reason, m.lost_note, m.enrolled_by, "
        "s.visits, s.total_paid_fen, s.first_purchase_at, "
        "s.last_purchase_at, "
        + (
            "(SELECT SUM(delta) FROM points_ledger l WHERE l.member_id = m.id) "
            if has_ledger
            else "NULL "
        )
        + "FROM members m LEFT JOIN members r ON r.id = m.referrer_id "
        "LEFT JOIN member_stats s ON s.member_id = m.id "
    )
    keys = [*CARD_KEYS, *ARCHIVE_EXTRA_KEYS]
    headers = _names("members", keys, lang) + [
        (z if zh else e) for z, e in columns.EXPORT_ONLY["members"]
    ]
    kinds = ["text"] * len(keys) + ["int", "money", "text", "text", "int"]
    return keys, headers, kinds, sql, convert


def _family_cells(db: sqlite_utils.Database, lang: str) -> dict[int, str]:
    """Member id → the 家庭成员 cell (``app.excel.validate.family_text``)."""
    from app.excel.validate import family_text

    rows: dict[int, list[dict[str, Any]]] = {}
    for mid, relation, name, date, calendar, leap, note in db.execute(
        "SELECT member_id, relation, name, date, calendar, leap, note FROM member_family"
    ):
        rows.setdefault(mid, []).append(
            {
                "relation": relation,
                "name": name,
                "date": date,
                "calendar": calendar,
                "leap": leap,
                "note": note,
            }
        )
    return {mid: family_text(fam, lang) for mid, fam in rows.items()}


def export(
    db: sqlite_utils.Database,
    *,
    kind: str,
    out: str | Path,
    actor: Actor,
    mask_phones: bool = True,
    lang: str = "zh",
    member_ids: Iterable[int] | None = None,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
) -> ExportResult:
    """The export action: :func:`write_export` for ``actor``, who must be allowed to
    export (``app.permissions.EXPORT``, the owner) and, for full phone numbers
    (``mask_phones=False``), to unmask them (``UNMASK``). The finished export is written
    to the audit log (``export``, with the kind, file name, rows and whether phones were
    masked), and full numbers as an ``unmask`` entry as well, as on screen."""
    permissions.require(actor, permissions.EXPORT)
    if not mask_phones:
        permissions.require(actor, permissions.UNMASK)
    from app.service.cards import card_sheet  # issue #19: member cards too
    from app.service.gifts import gift_sheet  # issue #19: gifts travel with the members

    gifts = gift_sheet(db, lang, member_ids) if kind == "members" else None
    cards = card_sheet(db, lang, member_ids) if kind == "members" else None
    from app.service.events import event_sheet  # issue #19: and the event invitations

    invitations = event_sheet(db, lang, member_ids) if kind == "members" else None
    from app.service.praise import praise_sheet  # and praise and suggestions

    said = praise_sheet(db, lang, member_ids) if kind == "members" else None
    res = write_export(
        db,
        kind,
        out,
        mask_phones=mask_phones,
        lang=lang,
        member_ids=member_ids,
        on_progress=on_progress,
        should_cancel=should_cancel,
        extra_sheets=[sheet for sheet in (gifts, cards, invitations, said) if sheet],
    )
    with db.atomic():
        audit.record(
            db,
            actor,
            "export",
            kind,
            None,
            audit.summary(
                "export_masked" if mask_phones else "export_full", file=res.path.name, rows=res.rows
            ),
        )
        if not mask_phones:
            audit.record(  # full numbers leave the app: the same entry as on screen
                db,
                actor,
                "unmask",
                kind,
                None,
                audit.summary("phones_in_file", file=res.path.name, rows=res.rows),
            )
    return res


def write_export(
    db: sqlite_utils.Database,
    kind: str,
    out: str | Path,
    *,
    mask_phones: bool = True,
    lang: str = "zh",
    member_ids: Iterable[int] | None = None,
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
    meta: Mapping[str, Any] | None = None,
    meta_sheet: str = "info",
    into: AtomicFile | None = None,
    extra_sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]] = (),
) -> ExportResult:
    """Write ``kind`` (members, purchases, contacts, points) to ``out``. The file appears
    complete or not at all (written under a temporary name, then renamed). ``meta``
    adds a key/value sheet named ``meta_sheet`` (the sync file's ``同步信息``);
    ``extra_sheets`` more sheets as ``(name, headers, rows)`` (the sync file's ``变动``).

    Written through :func:`app.files.atomic_file` (never in place), or into the
    caller's open ``into`` (which the caller commits, e.g. inside its transaction).
    No permission check and no audit entry: callers that are actions do both
    (:func:`export`, ``app.excel.sync.sync_export``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")
    started = time.perf_counter()
    out = Path(out)
    progress = on_progress or (lambda d, t: None)
    cancel = should_cancel or (lambda: False)
    with atomic_file(out) if into is None else contextlib.nullcontext(into) as af:
        n = _write_export(
            db,
            kind,
            af.tmp,
            mask_phones,
            lang,
            member_ids,
            progress,
            cancel,
            meta,
            meta_sheet,
            extra_sheets,
        )
    progress(n, n)
    return ExportResult(out, n, time.perf_counter() - started)


def _write_export(
    db: sqlite_utils.Database,
    kind: str,
    tmp: Path,
    mask_phones: bool,
    lang: str,
    member_ids: Iterable[int] | None,
    progress: Progress,
    cancel: Cancel,
    meta: Mapping[str, Any] | None,
    meta_sheet: str,
    extra_sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]] = (),
) -> int:
    wb = Workbook(tmp)
    zh = lang == "zh"
    sheet_name = columns.KIND_NAMES[kind][0 if zh else 1]
    try:
        where = ""
        params: list[Any] = []
        if member_ids is not None:
            import json

            params = [json.dumps(sorted(set(member_ids)))]
        if kind == "members":
            keys, headers, kinds, sql, convert = member_cells(db, lang)
            if params:
                where = "WHERE m.id IN (SELECT value FROM json_each(?)) "
            total = db.execute("SELECT COUNT(*) FROM members").fetchone()[0]
            widths = [12, 10, 14, 6, 12, 6, 6] + [14] * (len(headers) - 7)
            ws = _header(wb, sheet_name, headers, widths)
            rows = (
                convert(r, mask_phones) for r in db.execute(sql + where + "ORDER BY m.id", params)
            )
        elif kind == "purchases":
            keys, headers, kinds, widths, total, rows = _purchase_rows(
                db, lang, mask_phones, where_member=bool(params), params=params
            )
            ws = _header(wb, sheet_name, headers, widths)
        elif kind == "contacts":
            keys = [
                "member_no",
                "phone",
                "at",
                "channel",
                "purpose",
                "outcome",
                "note",
                "next_follow_up",
                "clerk",
            ]
            headers = _names("contacts", keys, lang)
            kinds = ["text"] * len(keys)
            if params:
                where = "WHERE c.member_id IN (SELECT value FROM json_each(?)) "
            total = db.execute("SELECT COUNT(*) FROM contacts").fetchone()[0]
            widths = [12, 14, 20, 10, 16, 12, 40, 12, 10]
            ws = _header(wb, sheet_name, headers, widths)
            rows = (
                [
                    no_,
                    mask_phone(ph) if mask_phones else (ph or ""),
                    at.replace("T", " "),
                    labels.word("channel", ch, lang),
                    labels.word("purpose", pu, lang),
                    labels.word("outcome", oc, lang),
                    note or "",
                    nf or "",
                    clerk or "",
                ]
                for no_, ph, at, ch, pu, oc, note, nf, clerk in db.execute(
                    "SELECT m.member_no, m.phone, c.at, c.channel, c.purpose, c.outcome, c.note, "
                    "c.next_follow_up, u.display_name FROM contacts c "
                    "JOIN members m ON m.id = c.member_id LEFT JOIN users u ON u.id = c.clerk_id "
                    + where
                    + "ORDER BY c.at, c.id",
                    params,
                )
            )
        elif kind in ("surveys", "complaints"):
            keys = [c.key for c in columns.COLUMNS[kind]]
            headers = _names(kind, keys, lang)
            widths = [12, 14, 20] + [12] * (len(keys) - 3)
            ws = _header(wb, sheet_name, headers, widths)
            maker = _survey_rows if kind == "surveys" else _complaint_rows
            kinds, total, rows = maker(db, lang, mask_phones, params)
        elif kind == "praise":  # issue #19
            from app.service.praise import praise_export

            keys = [c.key for c in columns.COLUMNS[kind]]
            headers = _names(kind, keys, lang)
            ws = _header(wb, sheet_name, headers, [12, 14, 20, 8, 8, 12, 40, 10])
            kinds, total, rows = praise_export(db, lang, mask_phones, params)
        elif kind == "attendance":  # the guest lists, to tick at the door and read back
            from app.service.events import attendance_export

            keys = [c.key for c in columns.COLUMNS[kind]]
            headers = _names(kind, keys, lang)
            ws = _header(wb, sheet_name, headers, [10, 20, 16, 12, 14, 8])
            kinds, total, rows = attendance_export(db, lang, mask_phones, params)
        else:  # points: the ledger
            own = {"name": ("姓名", "Name"), "at": ("日期", "Date")}  # the import reads both
            headers = [
                own[k][0 if zh else 1] if k in own else _names("points", [k], lang)[0]
                for k in LEDGER_KEYS
            ]
            kinds = ["text", "text", "text", "int", "text", "text", "text", "text", "text", "text"]
            if params:
                where = "WHERE l.member_id IN (SELECT value FROM json_each(?)) "
            total = db.execute("SELECT COUNT(*) FROM points_ledger").fetchone()[0]
            widths = [12, 10, 20, 10, 12, 12, 30, 16, 12, 12]
            ws = _header(wb, sheet_name, headers, widths)
            rows = (
                [
                    no_,
                    name,
                    at.replace("T", " "),
                    delta,
                    labels.word("points_reason", reason, lang),
                    exp or "",
                    note or "",
                    ticket or "",
                    ref_no or "",
                    source or "",
                ]
                for no_, name, at, delta, reason, exp, note, ticket, ref_no, source in db.execute(
                    "SELECT m.member_no, m.name, l.at, l.delta, l.reason, l.expires_at, l.note, "
                    "CASE WHEN l.ref_type = 'purchase' THEN "
                    " (SELECT ticket_no FROM purchases WHERE id = l.ref_id) END, "
                    "CASE WHEN l.reason = 'referral' AND l.ref_type = 'member' THEN "
                    " (SELECT member_no FROM members WHERE id = l.ref_id) END, "
                    "CASE WHEN l.reason = 'opening' THEN l.ref_type END "
                    "FROM points_ledger l JOIN members m ON m.id = l.member_id "
                    + where
                    + "ORDER BY l.at, l.id",
                    params,
                )
            )
        n = _write_rows(
            ws,
            rows,
            kinds,
            total,
            progress,
            cancel,
            more=lambda part: wb.add_sheet(f"{sheet_name} ({part})", headers, widths),
        )
        if meta:
            info = wb.add_sheet(meta_sheet, [], [18, 40])
            for key, value in meta.items():
                info.write([key, "" if value is None else str(value)], ["text", "text"])
        for name, head, body in extra_sheets:
            extra = wb.add_sheet(name, list(head), [14] * len(head))
            for values in body:
                extra.write(
                    ["" if v is None else v for v in values],
                    ["int" if isinstance(v, int) else "text" for v in values],
                )
        wb.close()
    except BaseException:
        wb.abort()
        raise
    return n


# The points ledger as exported (姓名 in the second column is for people; the importer
# reads past it): each entry with its change, reason, expiry and what it refers to.
LEDGER_KEYS = (
    "member_no",
    "name",
    "at",
    "delta",
    "reason",
    "expires_at",
    "note",
    "ticket_no",
    "ref_member_no",
    "ref",
)


def _survey_rows(db: sqlite_utils.Database, lang: str, mask: bool, params: list[Any]):
    """One row per factor score (a survey without scores: one row); the importer joins
    a member's rows of one time back into one survey."""
    where = "WHERE s.member_id IN (SELECT value FROM json_each(?)) " if params else ""
    total = db.execute("SELECT COUNT(*) FROM surveys").fetchone()[0]
    factors = labels.WORDS["survey_factor"]
    rows = (
        [
            no or "",
            (mask_phone(ph) if mask else ph or "") if no else "",
            at.replace("T", " "),
            overall,
            comment or "",
            labels.word("survey_factor", f, lang) if f in factors else (f or ""),
            sat,
            imp,
        ]
        for no, ph, at, overall, comment, f, sat, imp in db.execute(
            "SELECT m.member_no, m.phone, s.at, s.overall, s.comment, c.factor, "
            "c.satisfaction, c.importance FROM surveys s "
            "LEFT JOIN members m ON m.id = s.member_id "
            "LEFT JOIN survey_scores c ON c.survey_id = s.id "
            + where
            + "ORDER BY s.at, s.id, c.factor",
            params,
        )
    )
    return ["text", "text", "text", "int", "text", "text", "int", "int"], total, rows


def _complaint_rows(db: sqlite_utils.Database, lang: str, mask: bool, params: list[Any]):
    where = "WHERE c.member_id IN (SELECT value FROM json_each(?)) " if params else ""
    total = db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]
    rows = (
        [
            no or "",
            (mask_phone(ph) if mask else ph or "") if no else "",
            at.replace("T", " "),
            labels.word("complaint_category", cat, lang),
            desc,
            owner or "",
            labels.word("complaint_status", status, lang),
            resolution or "",
            comp,
            (resolved or "").replace("T", " "),
        ]
        for no, ph, at, cat, desc, owner, status, resolution, comp, resolved in db.execute(
            "SELECT m.member_no, m.phone, c.at, c.category, c.description, u.display_name, "
            "c.status, c.resolution, c.compensation_fen, c.resolved_at FROM complaints c "
            "LEFT JOIN members m ON m.id = c.member_id LEFT JOIN users u ON u.id = c.owner_id "
            + where
            + "ORDER BY c.at, c.id",
            params,
        )
    )
    kinds = ["text"] * 8 + ["money", "text"]
    return kinds, total, rows


PURCHASE_KEYS = [
    "member_no",
    "phone",
    "ticket_no",
    "at",
    "amount",
    "list_amount",
    "discounted",
    "clerk",
    "note",
    "category",
    "sku",
    "size",
    "colour",
    "qty",
    "return_of",
    "cost",
]


def _purchase_rows(
    db: sqlite_utils.Database,
    lang: str,
    mask_phones: bool,
    *,
    where_member: bool,
    params: list[Any],
):
    """One row per item (a ticket's rows share its number, time and member; the
    importer groups them back), amounts per line, and for a return the number of the
    ticket it returns: the file reads back as the same sales and returns."""
    zh = lang == "zh"
    keys = PURCHASE_KEYS
    headers = _names("purchases", keys, lang)
    kinds = ["text"] * 4 + ["money", "money"] + ["text"] * 7 + ["int", "text", "money"]
    widths = [12, 14, 16, 20, 12, 12, 8, 10, 24, 10, 12, 8, 8, 6, 16, 12]
    where = "WHERE p.member_id IN (SELECT value FROM json_each(?)) " if where_member else ""
    total = db.execute("SELECT COUNT(*) FROM purchases").fetchone()[0]
    yes, no = ("是", "否") if zh else ("yes", "no")
    sql = (
        "SELECT m.member_no, m.phone, p.ticket_no, p.at, "
        "COALESCE(i.paid_fen, p.paid_fen), COALESCE(i.list_fen, p.total_fen), "
        "p.is_discounted, u.display_name, p.note, i.category, i.sku, i.size, i.colour, "
        "COALESCE(i.qty, CASE WHEN p.return_of IS NULL THEN 1 ELSE -1 END), o.ticket_no, "
        "i.cost_fen "
        "FROM purchases p JOIN members m ON m.id = p.member_id "
        "LEFT JOIN purchase_items i ON i.purchase_id = p.id "
        "LEFT JOIN users u ON u.id = p.clerk_id "
        "LEFT JOIN purchases o ON o.id = p.return_of " + where + "ORDER BY p.at, p.id, i.id"
    )
    rows = (
        [
            no_,
            mask_phone(ph) if mask_phones else (ph or ""),
            t or "",
            at.replace("T", " "),
            paid,
            listed,
            yes if disc else no,
            clerk or "",
            note or "",
            cat or "",
            sku or "",
            size or "",
            colour or "",
            qty,
            orig or "",
            cost,  # None: not known (an empty cell, read back as not known)
        ]
        for (
            no_,
            ph,
            t,
            at,
            paid,
            listed,
            disc,
            clerk,
            note,
            cat,
            sku,
            size,
            colour,
            qty,
            orig,
            cost,
        ) in db.execute(sql, params)
    )
    return keys, headers, kinds, widths, total, rows


def export_rejections(
    path: str | Path, table, rejections: Sequence[Rejection], out: str | Path, *, lang: str = "zh"
) -> Path:
    """The rejected rows as they were in the file, with the row number and reasons in
    front: fix the cells, delete the two extra columns or not (the importer reads past
    them), and import the file again."""
    out = Path(out)
    with atomic_file(out) as af:
        wb = Workbook(af.tmp)
        try:
            _write_rejections(wb, table, rejections, lang)
            wb.close()
        except BaseException:
            wb.abort()
            raise
    return out


def _write_rejections(wb: Workbook, table, rejections: Sequence[Rejection], lang: str) -> None:
    zh = lang == "zh"
    by_row: dict[int, list[Rejection]] = {}
    for r in rejections:
        by_row.setdefault(r.row, []).append(r)
    extra = ["原行号", "拒绝原因"] if zh else ["Original row", "Rejection reason"]
    headers = list(table.headers)
    ws = wb.add_sheet(
        "被拒绝的行" if zh else "Rejected rows", [*headers, *extra], [14] * len(headers) + [8, 50]
    )
    numbers = {n: i for i, n in enumerate(table.row_numbers)}
    kinds = ["default"] * len(headers) + ["int", "reason"]
    for row_no in sorted(by_row):
        reasons = "；".join(
            (f"{r.column}：" if r.column else "") + r.reason(lang) for r in by_row[row_no]
        )
        i = numbers.get(row_no)
        cells: list[Any] = list(table.rows[i]) if i is not None else [None] * len(headers)
        for c, v in enumerate(cells):
            if isinstance(v, float) and v.is_integer() and abs(v) >= 1e9:
                cells[c] = str(int(v))  # phones typed as numbers stay whole, never 1.38E+10
            elif hasattr(v, "isoformat"):
                cells[c] = v.isoformat()
        ws.write([*cells, row_no, reasons], kinds)
