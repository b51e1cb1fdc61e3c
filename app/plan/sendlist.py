"""The send list (发送清单): the day's messages for a bulk SMS or WeChat tool, one line
per member and message — member, phone (masked unless the user may see full numbers,
``permissions.UNMASK``), channel, message — written to .xlsx through the atomic writer.
Sending is logged afterwards with ``app.contacts.log_sent``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from app import audit, labels, permissions
from app.core import Actor
from app.normalize import mask_phone
from app.plan.templates import Renderer, messages_for_row


@dataclass(frozen=True)
class SendItem:
    member_id: int
    member_no: str
    name: str
    phone: str | None
    channel: str
    reason: str
    purpose: str
    purchase_id: int | None
    text: str

    def as_log(self) -> dict[str, Any]:
        """The entry ``contacts.log_sent`` takes."""
        return {
            "member_id": self.member_id,
            "channel": self.channel,
            "purpose": self.purpose,
            "text": self.text,
            "purchase_id": self.purchase_id,
        }


def send_items(db: sqlite_utils.Database, rows: list[Any], *, lang: str = "zh") -> list[SendItem]:
    """One item per message of each plan row whose member agreed to a text channel
    (the first of SMS, WeChat they agreed to)."""
    renderer = Renderer(db, lang)
    out = []
    for row in rows:
        by_reason = {t.reason: t for t in row.reasons}
        for msg in messages_for_row(renderer, row):
            if not msg.channels:
                continue
            task = by_reason[msg.reason]
            out.append(
                SendItem(
                    member_id=row.member_id,
                    member_no=row.member_no,
                    name=row.name,
                    phone=row.phone,
                    channel=msg.channels[0],
                    reason=msg.reason,
                    purpose=task.purpose,
                    purchase_id=task.purchase_id,
                    text=msg.text,
                )
            )
    return out


def export_send_list(
    db: sqlite_utils.Database,
    *,
    actor: Actor,
    items: list[SendItem],
    out: str | Path,
    lang: str = "zh",
) -> int:
    """Write ``items`` to ``out`` (.xlsx); full phone numbers only for a user allowed to
    unmask (the export is audited, saying whether numbers were shown). Returns rows."""
    from app.excel.xlsxstream import Workbook
    from app.files import atomic_file

    permissions.require(actor, permissions.CONTACTS)
    full = permissions.allowed(actor, permissions.UNMASK)
    path = Path(str(out))
    zh = lang == "zh"
    heads = (
        ["会员号", "姓名", "手机", "渠道", "事由", "消息"]
        if zh
        else ["Member no.", "Name", "Phone", "Channel", "Reason", "Message"]
    )
    with atomic_file(path) as af:
        wb = Workbook(af.tmp)
        try:
            ws = wb.add_sheet("发送清单" if zh else "Send list", heads, [12, 10, 14, 8, 14, 90])
            for it in items:
                ws.write(
                    [
                        it.member_no,
                        it.name,
                        (it.phone or "") if full else mask_phone(it.phone),
                        labels.word("channel", it.channel, lang),
                        labels.word("task_reason", it.reason, lang),
                        it.text,
                    ],
                    ["text"] * 6,
                )
            wb.close()
        except BaseException:
            wb.abort()
            raise
    with db.atomic():
        audit.record(
            db,
            actor,
            "export",
            "contacts",
            None,
            audit.summary("send_list_export", file=path.name, rows=len(items), full=int(full)),
        )
    return len(items)
