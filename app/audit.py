"""Who did what: an append-only audit log (triggers in the schema refuse UPDATE and
DELETE, so the application has no way to rewrite history).

An entry holds codes, not words: the action (``labels`` group ``audit_action``), the
kind of record (``record``) and its id, and the summary as a template code of
``labels`` group ``audit_summary`` with its parameters (column ``detail``, JSON, since
migration m011). The viewer, its export and the member report show them in the
reader's language (:func:`summary_text`, :func:`actor_text`, :func:`entity_text`).
Column ``summary`` keeps the same entry as plain English text with the codes left in
(what the text search looks at, and what older entries hold alone: they show as
stored).

No personal text is stored (issue #16): a summary names a member by number only.
Parameters that would carry a member's name (:data:`MEMBER_NAMES`) are dropped when an
entry is written (:func:`redact`) and looked up by member number when it is shown
(:func:`attach_names`), so an anonymised member shows as 已匿名 everywhere the log is
read. Migration m017 redacted the entries written before."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from app import labels
from app.core import Actor, now


@dataclass(frozen=True)
class Summary:
    """A summary as codes: ``code`` names a template of ``labels`` group
    ``audit_summary``, ``params`` fill it (plain JSON values; codes stay codes)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


def summary(code: str, /, **params: Any) -> Summary:
    """``audit.summary("contact", member_no=..., purpose="birthday", ...)``."""
    if code not in labels.WORDS["audit_summary"]:
        raise ValueError(f"no audit summary template {code!r} in app.labels")
    return Summary(code, params)


# Summary templates whose parameters name a member: parameter -> the parameter holding
# that member's number. Never stored; filled in by :func:`summary_text` from
# ``entry["names"]`` (:func:`attach_names`).
MEMBER_NAMES: dict[str, dict[str, str]] = {
    code: {"name": "member_no"}
    for code in ("member_create", "member_lost", "member_status", "sale", "return", "contact")
}
MEMBER_NAMES["member_merge"] = {"removed_name": "removed_no", "kept_name": "kept_no"}
MEMBER_NAMES["member_merge_filled"] = MEMBER_NAMES["member_merge"]
# ``{who}`` ("VK000001 王小明"): only its first word, the member number, is stored.
WHO_CODES = frozenset({"survey", "complaint"})


def redact(code: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` of template ``code`` without a member's personal text."""
    out = {k: v for k, v in params.items() if k not in MEMBER_NAMES.get(code, {})}
    if code in WHO_CODES and isinstance(out.get("who"), str):
        out["who"] = out["who"].split(" ", 1)[0]
    return out


def _raw_text(code: str, params: Mapping[str, Any]) -> str:
    """The plain English text of a redacted summary (names left out)."""
    blanks = dict.fromkeys(MEMBER_NAMES.get(code, {}), "")
    text = labels.fill("audit_summary", code, {**params, **blanks}, raw=True)
    return re.sub(r" +([:;,]|$)", r"\1", re.sub(r"  +", " ", text)).strip()


def record(
    db: sqlite_utils.Database,
    actor: Actor,
    action: str,
    entity: str | None = None,
    entity_id: int | None = None,
    summary: str | Summary = "",
) -> None:
    """Append one entry. Call it inside the action's transaction, so the entry exists
    exactly when the action took effect. ``summary`` is a :class:`Summary` (shown in
    the reader's language) or, for text that is already language-neutral (a month, a
    file name), a plain string."""
    detail = None
    if isinstance(summary, Summary):
        params = redact(summary.code, summary.params)
        detail = json.dumps({"what": summary.code, **params}, ensure_ascii=False, default=str)
        text = _raw_text(summary.code, params)
    else:
        text = summary
    db.execute(
        "INSERT INTO audit_log "
        "(at, user_id, actor_name, action, entity, entity_id, summary, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [now(), actor.user_id, actor.name, action, entity, entity_id, text[:500], detail],
    )


# ------------------------------------------------------------------ words for an entry


def _word(group: str, code: str, lang: str) -> str:
    """``labels.word``, and the settings page's own names for its keys."""
    if group == "setting":
        from app.settings import EDITABLE  # app.settings writes audit entries

        for e in EDITABLE:
            if e.key == code:
                return e.zh if lang == "zh" else e.en
    return labels.word(group, code, lang)


def summary_text(entry: Mapping[str, Any], lang: str = "zh") -> str:
    """An entry's summary in ``lang``; an entry written before summaries were stored
    as codes (no ``detail``) shows its text as stored."""
    detail = entry.get("detail")
    if detail:
        try:
            params = json.loads(detail)
            code = str(params.pop("what"))
        except (ValueError, KeyError, TypeError, AttributeError):
            return str(entry.get("summary") or "")
        names = entry.get("names") or {}
        for key, number_key in MEMBER_NAMES.get(code, {}).items():
            params[key] = names.get(str(params.get(number_key)), "")
        if code in WHO_CODES and params.get("who") in names:
            params["who"] = f"{params['who']} {names[params['who']]}"
        text = labels.fill("audit_summary", code, params, lang, lookup=_word)
        return re.sub(r" +([:;,：；，]|$)", r"\1", re.sub(r"  +", " ", text)).strip()
    return str(entry.get("summary") or "")


def _numbers(entry: Mapping[str, Any]) -> list[str]:
    try:
        params = json.loads(entry.get("detail") or "{}")
    except ValueError:
        return []
    if not isinstance(params, dict):
        return []
    keys = [*MEMBER_NAMES.get(str(params.get("what")), {}).values(), "who"]
    return [str(params[k]) for k in keys if isinstance(params.get(k), str)]


def attach_names(db: sqlite_utils.Database, rows: list[dict[str, Any]]) -> None:
    """Give each entry ``names``: ``{member_no: name}`` of the members its summary names,
    as they are now (已匿名 once anonymised; an old number of a merged card finds the
    kept member). One query per 500 numbers."""
    wanted = sorted({n for r in rows for n in _numbers(r)})
    found: dict[str, str] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        found.update(
            db.execute(
                f"SELECT member_no, name FROM members WHERE member_no IN ({marks})", chunk
            ).fetchall()
        )
        if db["member_aliases"].exists():
            aliases = db.execute(
                "SELECT a.value, m.name FROM member_aliases a JOIN members m "
                f"ON m.id = a.member_id WHERE a.kind = 'member_no' AND a.value IN ({marks})",
                chunk,
            ).fetchall()
            found.update((no, name) for no, name in aliases if no not in found)
    for r in rows:
        r["names"] = {n: found[n] for n in _numbers(r) if n in found}


def actor_text(entry: Mapping[str, Any], lang: str = "zh") -> str:
    """Who did it: the user's name as it was then, or the system (系统)."""
    if entry.get("user_id") is None and entry.get("actor_name") == "system":
        return labels.word("role", "system", lang)
    return str(entry.get("actor_name") or "")


def entity_text(entry: Mapping[str, Any], lang: str = "zh") -> str:
    """The record touched, in words: its kind and the member number or user name
    (``entity_name``, from :func:`entries`), else ``#id``."""
    kind = labels.word("record", entry.get("entity"), lang)
    name = entry.get("entity_name")
    if name:
        return f"{kind} {name}"
    if entry.get("entity_id") is not None:
        return f"{kind} #{entry['entity_id']}"
    return kind


# ------------------------------------------------------------------ the owner's viewer

AUDIT_COLUMNS = (
    "id",
    "at",
    "user_id",
    "actor_name",
    "action",
    "entity",
    "entity_id",
    "summary",
    "detail",
    "entity_name",
)
# the member number or user name of the entry's record, when it still exists
_ENTITY_NAME = (
    "CASE entity WHEN 'member' THEN (SELECT member_no FROM members WHERE id = entity_id) "
    "WHEN 'user' THEN (SELECT display_name FROM users WHERE id = entity_id) END"
)


def _where(
    since: str | None,
    until: str | None,
    user_id: int | None,
    action: str | None,
    text: str | None,
    entity: str | None,
    entity_id: int | None,
) -> tuple[str, list[object]]:
    cond: list[str] = []
    params: list[object] = []
    if since:
        cond.append("at >= ?")
        params.append(since)
    if until:  # a date means the whole day
        cond.append("at < ?")
        params.append(until + "T99" if len(until) == 10 else until)
    if user_id is not None:
        cond.append("user_id = ?")
        params.append(user_id)
    if action:
        cond.append("action = ?")
        params.append(action)
    if entity:
        cond.append("entity = ?")
        params.append(entity)
    if entity_id is not None:
        cond.append("entity_id = ?")
        params.append(entity_id)
    if text:
        # names are not stored: a member's name finds the entries naming their number
        cond.append(
            "(summary LIKE ? ESCAPE '\\' OR actor_name LIKE ? ESCAPE '\\' "
            "OR json_extract(detail, '$.member_no') IN "
            "(SELECT member_no FROM members WHERE name LIKE ? ESCAPE '\\'))"
        )
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [like, like, like]
    return (" WHERE " + " AND ".join(cond)) if cond else "", params


def entries(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    since: str | None = None,
    until: str | None = None,
    user_id: int | None = None,
    action: str | None = None,
    text: str | None = None,
    entity: str | None = None,
    entity_id: int | None = None,
    limit: int | None = 5000,
) -> list[dict[str, object]]:
    """Audit entries, newest first, filtered by date range (``since``/``until``:
    dates or times, ``until`` inclusive of its day), user, action, entity and a text in
    the summary or actor name. Each has :data:`AUDIT_COLUMNS` (``entity_name``: the
    member number or user name of the record). The owner only
    (``app.permissions.AUDIT``)."""
    from app import permissions

    permissions.require(actor, permissions.AUDIT)
    where, params = _where(since, until, user_id, action, text, entity, entity_id)
    cols = ", ".join(AUDIT_COLUMNS[:-1]) + f", {_ENTITY_NAME}"
    sql = f"SELECT {cols} FROM audit_log{where} ORDER BY id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows: list[dict[str, Any]] = [
        dict(zip(AUDIT_COLUMNS, r, strict=True)) for r in db.execute(sql, params)
    ]
    attach_names(db, rows)
    return rows  # type: ignore[return-value]


def actions_in_use(db: sqlite_utils.Database) -> list[str]:
    """Every action code in the log (for the viewer's filter)."""
    return [r[0] for r in db.execute("SELECT DISTINCT action FROM audit_log ORDER BY action")]


def export_xlsx(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    out: object,
    lang: str = "zh",
    **filters: object,
) -> int:
    """Write the filtered entries (all of them, no limit) to an .xlsx; the export is
    itself audited (``export``, entity ``audit_log``). The owner only. Returns rows."""
    from pathlib import Path

    from app.excel.xlsxstream import Workbook
    from app.files import atomic_file

    rows = entries(db, actor=actor, limit=None, **filters)  # type: ignore[arg-type]
    path = Path(str(out))
    zh = lang == "zh"
    heads = (
        ["时间", "用户", "操作", "对象", "对象ID", "摘要"]
        if zh
        else ["Time", "User", "Action", "Entity", "Entity id", "Summary"]
    )
    with atomic_file(path) as af:
        wb = Workbook(af.tmp)
        try:
            ws = wb.add_sheet("审计日志" if zh else "Audit log", heads, [20, 12, 16, 12, 10, 80])
            for r in rows:
                ws.write(
                    [
                        str(r["at"]).replace("T", " "),
                        actor_text(r, lang),
                        labels.word("audit_action", str(r["action"]), lang),
                        labels.word("record", r["entity"], lang),
                        "" if r["entity_id"] is None else str(r["entity_id"]),
                        summary_text(r, lang),
                    ],
                    ["text"] * 6,
                )
            wb.close()
        except BaseException:
            wb.abort()
            raise
    with db.atomic():
        shown = {k: v for k, v in filters.items() if v not in (None, "")}
        record(
            db,
            actor,
            "export",
            "audit_log",
            None,
            summary("audit_export", file=path.name, rows=len(rows), filters=shown),
        )
    return len(rows)
