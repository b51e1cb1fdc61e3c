"""Who did what: an append-only audit log (triggers in the schema refuse UPDATE and
DELETE, so the application has no way to rewrite history)."""

from __future__ import annotations

import sqlite_utils

from app.core import Actor, now


def record(
    db: sqlite_utils.Database,
    actor: Actor,
    action: str,
    entity: str | None = None,
    entity_id: int | None = None,
    summary: str = "",
) -> None:
    """Append one entry. Call it inside the action's transaction, so the entry exists
    exactly when the action took effect."""
    db.execute(
        "INSERT INTO audit_log (at, user_id, actor_name, action, entity, entity_id, summary) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [now(), actor.user_id, actor.name, action, entity, entity_id, summary[:500]],
    )


# ------------------------------------------------------------------ the owner's viewer

AUDIT_COLUMNS = ("id", "at", "user_id", "actor_name", "action", "entity", "entity_id", "summary")


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
        cond.append("(summary LIKE ? ESCAPE '\\' OR actor_name LIKE ? ESCAPE '\\')")
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [like, like]
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
    the summary or actor name. The owner only (``app.permissions.AUDIT``)."""
    from app import permissions

    permissions.require(actor, permissions.AUDIT)
    where, params = _where(since, until, user_id, action, text, entity, entity_id)
    sql = f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit_log{where} ORDER BY id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [dict(zip(AUDIT_COLUMNS, r, strict=True)) for r in db.execute(sql, params)]


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

    from app import labels
    from app.excel.xlsxstream import Workbook

    rows = entries(db, actor=actor, limit=None, **filters)  # type: ignore[arg-type]
    path = Path(str(out))
    zh = lang == "zh"
    heads = (
        ["时间", "用户", "操作", "对象", "对象ID", "摘要"]
        if zh
        else ["Time", "User", "Action", "Entity", "Entity id", "Summary"]
    )
    wb = Workbook(path)
    ws = wb.add_sheet("审计日志" if zh else "Audit log", heads, [20, 12, 16, 12, 10, 80])
    for r in rows:
        ws.write(
            [
                str(r["at"]).replace("T", " "),
                r["actor_name"],
                labels.word("audit_action", str(r["action"]), lang),
                r["entity"] or "",
                "" if r["entity_id"] is None else str(r["entity_id"]),
                r["summary"] or "",
            ],
            ["text"] * 6,
        )
    wb.close()
    with db.atomic():
        shown = {k: v for k, v in filters.items() if v not in (None, "")}
        record(db, actor, "export", "audit_log", None, f"{path.name}: {len(rows)} rows {shown}")
    return len(rows)
