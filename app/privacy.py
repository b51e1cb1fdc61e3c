"""Privacy duties: phone masking and its logged exceptions, the consent notice, the
member data report (everything held about one member), deleting and anonymising a
member on request, and the retention review.

* **Masking.** Phones show as ``138****5678`` everywhere (lists, cards, exports,
  printouts). A role with ``app.permissions.UNMASK`` (manager, owner) may choose to see
  one in full; each time is an ``unmask`` entry in the audit log (:func:`reveal_phone`
  for one member, :func:`log_phones_shown` when a whole list is switched to full
  numbers). Search by phone works for everyone: it matches the stored number, only
  the display is masked.
* **Consent.** The member form shows the store's notice (settings
  ``privacy_notice_text`` and ``privacy_notice_version``) when a channel is ticked;
  the member row keeps the channels, the time and the notice version.
* **Anonymise** (:func:`anonymise_member`, owner): the name becomes 已匿名, phone,
  birthday, family, tags, notes and every other personal field are cleared, free text
  about them elsewhere (contact notes, survey comments, complaint texts, purchase
  notes) too, head-office sync copies of their card are removed, and the row leaves
  the full-text index (m009's triggers); purchases, points and the figures stay for
  the statistics, under the member number. The audit log keeps its entries (it is
  append-only; its summaries name member numbers).
* **Delete** (:func:`delete_member`, owner): only a member without history (no
  purchase, contact, points, survey, complaint, redemption) — a card made by mistake;
  anyone else is anonymised instead.
* **Retention** (:func:`retention_candidates`): members with no purchase, contact or
  change for ``retention_inactive_years`` (3) years, listed for the owner, who
  anonymises them (:func:`anonymise_members`); nothing is removed automatically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import sqlite_utils

from app import audit, change_cards, labels, permissions, settings
from app.core import Actor, Changes, FieldError, NotFound, ValidationError, now
from app.files import atomic_file
from app.normalize import mask_phone

ANONYMISED_NAME = "已匿名"
# Member columns cleared by anonymisation (set to NULL).
CLEARED = (
    "phone", "birthday", "address", "email", "wechat", "occupation", "income_band",
    "education", "hobbies", "referrer_id", "temperament", "appearance", "personality",
    "employer", "transport", "service_style", "size_top", "size_bottom", "size_shoe",
    "preferred_styles", "preferred_colours", "preferred_brands", "contact_notes", "note",
    "lost_note", "consent_at", "consent_notice_version", "verified_at",
)  # fmt: skip
# Tables whose rows about a member mean the member has a history (delete refused).
HISTORY_TABLES = (
    "purchases", "contacts", "points_ledger", "surveys", "complaints", "redemptions",
)  # fmt: skip


# ------------------------------------------------------------------ masking


def display_phone(actor: Actor, phone: str | None, *, unmasked: bool = False) -> str:
    """A phone as ``actor`` may see it: full only when ``unmasked`` was chosen and the
    role may unmask, masked otherwise ("" for none)."""
    if unmasked and permissions.allowed(actor, permissions.UNMASK):
        return phone or ""
    return mask_phone(phone)


def shown_phones(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    rows: Iterable[dict[str, Any]],
    unmask: bool = False,
    member_id: int | None = None,
    where: str = "member_list",
) -> None:
    """Personal data by construction (issue #16): the ``phone`` of each row as
    ``actor`` may see it, in place. Masked unless ``unmask`` was asked for and the role
    may unmask (``UNMASK``); then full, and one ``unmask`` entry is written (for one
    member when ``member_id`` is given, else for the list ``where``). The system (the
    command line, migrations) sees full numbers without an entry only when it asks."""
    rows = list(rows)
    full = unmask and permissions.allowed(actor, permissions.UNMASK)
    if not full:
        for row in rows:
            if "phone" in row:
                row["phone"] = mask_phone(row["phone"]) or None
        return
    if actor.role == "system" or not rows:
        return
    with db.atomic():
        if member_id is not None:
            no = rows[0].get("member_no")
            said = audit.summary("member_phone_shown", member_no=no)
            audit.record(db, actor, "unmask", "member", member_id, said)
        else:
            said = audit.summary("phones_shown", where=where)
            audit.record(db, actor, "unmask", "member", None, said)


def reveal_phone(db: sqlite_utils.Database, *, actor: Actor, member_id: int) -> str:
    """One member's full phone for ``actor`` (manager or owner), logged as ``unmask``."""
    permissions.require(actor, permissions.UNMASK)
    with db.atomic():
        row = db.execute("SELECT member_no, phone FROM members WHERE id = ?", [member_id])
        found = row.fetchone()
        if found is None:
            raise NotFound(f"member {member_id} does not exist")
        said = audit.summary("member_phone_shown", member_no=found[0])
        audit.record(db, actor, "unmask", "member", member_id, said)
    return str(found[1] or "")


def phone_to_call(
    db: sqlite_utils.Database, *, actor: Actor, member_id: int, purpose: str | None = None
) -> str:
    """The full phone of the one member ``actor`` is about to call (the contact form's
    "show number"), for clerks too (``DIAL``): the call list's work needs the number,
    one member at a time; each time is logged as ``unmask`` with the call's purpose."""
    permissions.require(actor, permissions.DIAL)
    with db.atomic():
        row = db.execute("SELECT member_no, phone FROM members WHERE id = ?", [member_id])
        found = row.fetchone()
        if found is None:
            raise NotFound(f"member {member_id} does not exist")
        said = (
            audit.summary("member_phone_to_call_for", member_no=found[0], purpose=purpose)
            if purpose
            else audit.summary("member_phone_to_call", member_no=found[0])
        )
        audit.record(db, actor, "unmask", "member", member_id, said)
    return str(found[1] or "")


def log_phones_shown(db: sqlite_utils.Database, *, actor: Actor, where: str) -> Changes:
    """``actor`` switched a list (``where``: a ``labels`` ``phone_list`` code such as
    ``"member_list"``) to full phone numbers: one ``unmask`` entry (entity ``member``,
    no single id). Manager or owner only."""
    permissions.require(actor, permissions.UNMASK)
    with db.atomic():
        said = audit.summary("phones_shown", where=where)
        audit.record(db, actor, "unmask", "member", None, said)
    return Changes.of({"audit_log"})


def record_view(db: sqlite_utils.Database, *, actor: Actor, member_id: int) -> Changes:
    """``actor`` opened a member's full record (the member card): a ``view`` entry."""
    permissions.require(actor, permissions.VIEW_MEMBERS)
    with db.atomic():
        row = db.execute("SELECT member_no FROM members WHERE id = ?", [member_id]).fetchone()
        if row is None:
            raise NotFound(f"member {member_id} does not exist")
        said = audit.summary("member_card_opened", member_no=row[0])
        audit.record(db, actor, "view", "member", member_id, said)
    return Changes.of({"audit_log"})


def record_print(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    entity: str,
    entity_id: int | None = None,
    summary: str = "",
) -> Changes:
    """``actor`` printed (or saved as PDF) something: a ``print`` entry."""
    with db.atomic():
        audit.record(db, actor, "print", entity, entity_id, summary)
    return Changes.of({"audit_log"})


# ------------------------------------------------------------------ consent notice


def consent_notice(db: sqlite_utils.Database) -> dict[str, str]:
    """``{version, text}`` of the notice shown when a member consents to contact."""
    return {
        "version": str(settings.get(db, "privacy_notice_version") or ""),
        "text": str(settings.get(db, "privacy_notice_text") or ""),
    }


# ------------------------------------------------------------------ everything about a member


def _member_tables(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    from app.merge import _member_fks

    return [(t, c) for t, c in _member_fks(db) if t not in ("members", "member_stats")]


def _rows(db: sqlite_utils.Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = db.execute(sql, params)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def member_data(
    db: sqlite_utils.Database, member_id: int, *, actor: Actor
) -> dict[str, list[dict[str, Any]]]:
    """Everything the store holds about one member, as ``{section: rows}``:
    ``member`` (the archive row), ``member_stats``, every table with a foreign key to
    the member (family, tags, purchases, contacts, points ledger, redemptions, surveys,
    complaints, campaign tasks, tier history… — found from the schema, so tables added
    later are included), ``purchase_items`` and ``survey_scores`` of those rows,
    ``sync_base`` (the card last agreed with head office) and ``audit_log`` (entries
    about the member). Full phone numbers: it is the member's own data, for the owner
    only (``MEMBER_REPORT``; :func:`member_report` logs it). Raises NotFound."""
    permissions.require(actor, permissions.MEMBER_REPORT)
    member = _rows(db, "SELECT * FROM members WHERE id = ?", [member_id])
    if not member:
        raise NotFound(f"member {member_id} does not exist")
    out: dict[str, list[dict[str, Any]]] = {"member": member}
    out["member_stats"] = _rows(db, "SELECT * FROM member_stats WHERE member_id = ?", [member_id])
    for table, column in _member_tables(db):
        key = table if table not in out else f"{table}.{column}"
        out[key] = _rows(db, f"SELECT * FROM [{table}] WHERE [{column}] = ?", [member_id])
    out["referred_members"] = _rows(
        db, "SELECT id, member_no, name FROM members WHERE referrer_id = ?", [member_id]
    )
    out["purchase_items"] = _rows(
        db,
        "SELECT i.* FROM purchase_items i JOIN purchases p ON p.id = i.purchase_id "
        "WHERE p.member_id = ? ORDER BY i.id",
        [member_id],
    )
    out["survey_scores"] = _rows(
        db,
        "SELECT s.* FROM survey_scores s JOIN surveys v ON v.id = s.survey_id "
        "WHERE v.member_id = ?",
        [member_id],
    )
    if db["sync_base"].exists():
        out["sync_base"] = _rows(db, "SELECT * FROM sync_base WHERE member_id = ?", [member_id])
    out["audit_log"] = _rows(
        db,
        "SELECT * FROM audit_log WHERE entity = 'member' AND entity_id = ? ORDER BY id",
        [member_id],
    )
    return out


def _audit_in_words(entry: dict[str, Any], lang: str) -> dict[str, Any]:
    """An audit_log row of :func:`member_data` with who, action, record and summary in
    ``lang`` (``detail`` stays: the codes are the member's data too)."""
    return {
        **{k: v for k, v in entry.items() if k != "names"},
        "actor_name": audit.actor_text(entry, lang),
        "action": labels.word("audit_action", entry["action"], lang),
        "entity": labels.word("record", entry["entity"], lang),
        "summary": audit.summary_text(entry, lang),
    }


def member_report(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    out: str | Path,
    lang: str = "zh",
) -> Path:
    """Write :func:`member_data` of one member as an .xlsx (one sheet per section, the
    archive as field/value rows; full phone numbers — it is the member's own data).
    The owner only (``MEMBER_REPORT``); audited as ``member_report``."""
    from app.excel.xlsxstream import Workbook

    permissions.require(actor, permissions.MEMBER_REPORT)
    data = member_data(db, member_id, actor=actor)
    audit.attach_names(db, data["audit_log"])
    out = Path(out)
    zh = lang == "zh"
    with atomic_file(out) as af:
        _write_member_report(Workbook(af.tmp), data, zh, lang)
    member = data["member"][0]
    counts = {k: len(v) for k, v in data.items() if v and k != "member"}
    with db.atomic():
        audit.record(
            db,
            actor,
            "member_report",
            "member",
            member_id,
            audit.summary(
                "member_report", member_no=member["member_no"], file=out.name, counts=counts
            ),
        )
    return out


# ------------------------------------------------------------------ delete / anonymise


def _anonymise(db: sqlite_utils.Database, member_id: int, stamp: str) -> set[str]:
    sets = ", ".join(f"[{c}] = NULL" for c in CLEARED)
    db.execute(
        f"UPDATE members SET name = ?, name_pinyin = '', name_initials = '', {sets}, "
        "birthday_calendar = 'solar', birthday_leap = 0, consent_channels = '', "
        "status = 'anonymised', lost_reason = NULL, status_changed_at = ?, updated_at = ? "
        "WHERE id = ?",
        [ANONYMISED_NAME, stamp, stamp, member_id],
    )
    tables = {"members"}
    for sql, table in (
        ("DELETE FROM member_family WHERE member_id = ?", "member_family"),
        ("DELETE FROM member_tags WHERE member_id = ?", "member_tags"),
        ("UPDATE contacts SET note = NULL WHERE member_id = ? AND note IS NOT NULL", "contacts"),
        ("UPDATE purchases SET note = NULL WHERE member_id = ? AND note IS NOT NULL", "purchases"),
        (
            "UPDATE surveys SET comment = NULL WHERE member_id = ? AND comment IS NOT NULL",
            "surveys",
        ),
        (
            "UPDATE complaints SET description = ?, resolution = NULL WHERE member_id = ?",
            "complaints",
        ),
        ("DELETE FROM campaign_tasks WHERE member_id = ? AND done_at IS NULL", "campaign_tasks"),
        ("DELETE FROM sync_base WHERE member_id = ?", "sync_base"),
        ("DELETE FROM sync_conflicts WHERE member_id = ?", "sync_conflicts"),
        # merged cards' old numbers and phones would still lead to (and hold) the person
        ("DELETE FROM member_aliases WHERE member_id = ?", "member_aliases"),
        # a member card's note is free text (its number and type say nothing of the person)
        (
            "UPDATE member_cards SET note = NULL WHERE member_id = ? AND note IS NOT NULL",
            "member_cards",
        ),
        # praise and suggestions stay (a clerk's praise counts) but no longer say whose
        ("UPDATE praise SET member_id = NULL WHERE member_id = ?", "praise"),
        # a hand mark's note is free text about the person (its reason code stays)
        (
            "UPDATE lost_marks SET note = NULL WHERE member_id = ? AND note IS NOT NULL",
            "lost_marks",
        ),
        # an invitation's note is free text about the guest (issue #19; the answer stays)
        (
            "UPDATE event_invitations SET note = NULL WHERE member_id = ? AND note IS NOT NULL",
            "event_invitations",
        ),
    ):
        if not db[table].exists():
            continue
        params = [ANONYMISED_NAME, member_id] if table == "complaints" else [member_id]
        if db.execute(sql, params).rowcount:
            tables.add(table)
    return tables


def anonymise_member(
    db: sqlite_utils.Database, *, actor: Actor, member_id: int, reason: str = ""
) -> Changes:
    """Anonymise one member on request (see the module docstring). The owner only
    (``DELETE_MEMBER``). Refuses an already anonymised member (``already_anonymised``)."""
    return anonymise_members(db, actor=actor, member_ids=[member_id], reason=reason)


def anonymise_members(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_ids: Iterable[int],
    reason: str = "",
) -> Changes:
    """Anonymise several members in one transaction (the retention review after the
    owner confirmed the list), one audit entry each. The owner only."""
    permissions.require(actor, permissions.DELETE_MEMBER)
    ids = list(dict.fromkeys(int(i) for i in member_ids))
    tables: set[str] = set()
    # freed space is zeroed, not left holding the old text (this connection, this call)
    secure = db.execute("PRAGMA secure_delete").fetchone()[0]
    db.execute("PRAGMA secure_delete = ON")
    try:
        _anonymise_all(db, actor=actor, ids=ids, reason=reason, tables=tables)
    finally:
        db.execute(f"PRAGMA secure_delete = {int(secure)}")
    checkpoint(db)
    return Changes.of(tables | {"audit_log", "member_changes"}, ids)


def checkpoint(db: sqlite_utils.Database) -> bool:
    """Copy the write-ahead log into the database file and empty it, so the -wal file
    no longer holds the text just removed. False when a reader kept part of it (it is
    emptied at the next checkpoint)."""
    busy, _log, _done = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


def _anonymise_all(
    db: sqlite_utils.Database, *, actor: Actor, ids: list[int], reason: str, tables: set[str]
) -> None:
    with db.atomic():
        stamp = now()
        for member_id in ids:
            row = db.execute(
                "SELECT member_no, status FROM members WHERE id = ?", [member_id]
            ).fetchone()
            if row is None:
                raise NotFound(f"member {member_id} does not exist")
            if row[1] == "anonymised":
                raise ValidationError([FieldError("member_id", "already_anonymised")])
            was = change_cards.snapshot(db, [member_id])
            tables |= _anonymise(db, member_id, stamp)
            change_cards.record_diff(db, actor=actor, action="anonymise", before=was, at=stamp)
            change_cards.record(
                db, actor=actor, action="anonymise", rows=[(member_id, "anonymised", None, "1")]
            )
            change_cards.redact(db, member_id)  # the history holds no personal values
            audit.record(
                db,
                actor,
                "anonymise",
                "member",
                member_id,
                audit.summary(
                    "member_anonymised_because", member_no=row[0], reason=reason.strip()[:200]
                )
                if reason.strip()
                else audit.summary("member_anonymised", member_no=row[0]),
            )


def backups_holding(
    db: sqlite_utils.Database, *, folder: str | Path, member_id: int, phone: str | None = None
) -> list[Path]:
    """The backups in ``folder`` that still hold member ``member_id`` (by number, or by
    ``phone`` when the caller still knows it): after anonymising, these are what a
    restore would bring the person back from."""
    row = db.execute("SELECT member_no FROM members WHERE id = ?", [member_id]).fetchone()
    if row is None:
        raise NotFound(f"member {member_id} does not exist")
    from app import backup

    return backup.holding_member(folder, member_no=row[0], phone=phone)


def purge_backups(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    member_id: int,
    folder: str | Path,
    phone: str | None = None,
) -> list[Path]:
    """Delete the backups (with their ``-wal``/``-journal`` files) that still hold an
    anonymised member (:func:`backups_holding`): the owner only, one ``purge_backups``
    entry naming the files. Returns the deleted files. Refuses a member who is not
    anonymised (``not_anonymised``): their backups are the store's safety net."""
    permissions.require(actor, permissions.DELETE_MEMBER)
    row = db.execute("SELECT member_no, status FROM members WHERE id = ?", [member_id])
    found = row.fetchone()
    if found is None:
        raise NotFound(f"member {member_id} does not exist")
    if found[1] != "anonymised":
        raise ValidationError([FieldError("member_id", "not_anonymised")])
    files = backups_holding(db, folder=folder, member_id=member_id, phone=phone)
    removed = []
    for path in files:
        for extra in ("-wal", "-shm", "-journal"):
            Path(str(path) + extra).unlink(missing_ok=True)
        path.unlink(missing_ok=True)
        removed.append(path)
    with db.atomic():
        audit.record(
            db,
            actor,
            "purge_backups",
            "member",
            member_id,
            audit.summary(
                "backups_purged",
                member_no=found[0],
                count=len(removed),
                files=[p.name for p in removed],
            ),
        )
    return removed


def has_history(db: sqlite_utils.Database, member_id: int) -> bool:
    """True when the member has purchases, contacts, points, surveys, complaints or
    redemptions (then :func:`delete_member` refuses and anonymising is the way)."""
    for table in HISTORY_TABLES:
        if (
            db[table].exists()
            and db.execute(
                f"SELECT 1 FROM [{table}] WHERE member_id = ? LIMIT 1", [member_id]
            ).fetchone()
        ):
            return True
    return False


def delete_member(
    db: sqlite_utils.Database, *, actor: Actor, member_id: int, reason: str = ""
) -> Changes:
    """Delete a member without history (a card made by mistake, or a request before
    any purchase); otherwise ``member_has_history`` (anonymise instead). The owner
    only (``DELETE_MEMBER``)."""
    permissions.require(actor, permissions.DELETE_MEMBER)
    with db.atomic():
        row = db.execute("SELECT member_no FROM members WHERE id = ?", [member_id]).fetchone()
        if row is None:
            raise NotFound(f"member {member_id} does not exist")
        if has_history(db, member_id):
            raise ValidationError([FieldError("member_id", "member_has_history")])
        for table in ("sync_base", "sync_conflicts", "segment_snapshots", "points_lots"):
            if db[table].exists():
                db.execute(f"DELETE FROM [{table}] WHERE member_id = ?", [member_id])
        db.execute("DELETE FROM members WHERE id = ?", [member_id])
        audit.record(
            db,
            actor,
            "delete",
            "member",
            member_id,
            audit.summary("member_deleted_because", member_no=row[0], reason=reason.strip()[:200])
            if reason.strip()
            else audit.summary("member_deleted", member_no=row[0]),
        )
    return Changes.of({"members", "member_tags", "member_family", "audit_log"}, [member_id])


# ------------------------------------------------------------------ retention


def retention_candidates(
    db: sqlite_utils.Database, *, actor: Actor, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Members (not yet anonymised) with no purchase, contact, join or change of their
    card for ``retention_inactive_years``: ``{id, member_no, name, last_activity}``,
    the longest inactive first. The owner only (``RETENTION``)."""
    permissions.require(actor, permissions.RETENTION)
    today = today or dt.date.today()
    years = int(settings.get(db, "retention_inactive_years") or 3)
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    rows = db.execute(
        """
        SELECT id, member_no, name, last FROM (
            SELECT m.id, m.member_no, m.name, MAX(
                COALESCE(s.last_purchase_at, ''),
                COALESCE((SELECT MAX(at) FROM contacts c WHERE c.member_id = m.id), ''),
                COALESCE(m.joined_on, ''),
                COALESCE(m.updated_at, '')
            ) AS last
            FROM members m LEFT JOIN member_stats s ON s.member_id = m.id
            WHERE m.status <> 'anonymised'
        ) WHERE last < ? ORDER BY last, id
        """,
        [cutoff.isoformat()],
    ).fetchall()
    return [
        {"id": r[0], "member_no": r[1], "name": r[2], "last_activity": (r[3] or "")[:10]}
        for r in rows
    ]


def _write_member_report(
    wb: Any, data: dict[str, list[dict[str, Any]]], zh: bool, lang: str
) -> None:
    try:
        head = ["字段", "内容"] if zh else ["Field", "Value"]
        ws = wb.add_sheet("会员档案" if zh else "Member", head, [24, 60])
        for key, value in data["member"][0].items():
            ws.write([key, "" if value is None else str(value)], ["text", "text"])
        for section, rows in data.items():
            if section == "member":
                continue
            if section == "audit_log":  # codes as words, as the audit viewer shows them
                rows = [_audit_in_words(row, lang) for row in rows]
            cols = list(rows[0]) if rows else ["(none)"]
            title = section[:31]
            if section == "member_changes":  # 顾客变动卡: field, old → new, who, when, how
                title = "顾客变动卡" if zh else "Change cards"
            sheet = wb.add_sheet(title, cols, [16] * len(cols))
            for row in rows:
                sheet.write(
                    ["" if v is None else str(v) for v in row.values()], ["text"] * len(cols)
                )
        wb.close()
    except BaseException:
        wb.abort()
        raise
