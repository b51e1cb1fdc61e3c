"""Empty import templates: the kind's columns (required ones in red), one example row
and a second sheet explaining every column — what ``docs/excel-columns.md`` says, in
the file a person fills in. The example row is marked so it is easy to delete; the
importer would take it as data, so it uses an obviously fake phone (refused)."""

from __future__ import annotations

from pathlib import Path

from app.excel import KINDS, columns
from app.excel.xlsxstream import Workbook
from app.files import atomic_file

EXAMPLES: dict[str, dict[str, str]] = {
    "members": {
        "name": "张秀英",
        "phone": "138 0000 0000",
        "gender": "女",
        "birthday": "农历1985-03-02",
        "address": "上海市徐汇区示例路 1 号",
        "tier": "普通会员",
        "joined_on": "2023-05-01",
        "note": "示例行，导入前请删除",
    },
    "purchases": {
        "member_no": "VK000001",
        "ticket_no": "T20230501-001",
        "at": "2023-05-01 14:30",
        "amount": "1,200.00",
        "list_amount": "1,500.00",
        "discounted": "是",
        "clerk": "小李",
        "note": "示例行，导入前请删除",
    },
    "contacts": {
        "member_no": "VK000001",
        "at": "2023-05-02 10:00",
        "channel": "电话",
        "purpose": "售后次日回访",
        "outcome": "已联系上",
        "note": "示例行，导入前请删除",
        "next_follow_up": "2023-05-08",
    },
    "points": {
        "member_no": "VK000001",
        "points": "500",
        "at": "2023-05-01",
        "ref": "旧系统",
        "note": "示例行，导入前请删除",
    },
    "surveys": {
        "member_no": "VK000001",
        "at": "2023-05-03 15:00",
        "overall": "4",
        "comment": "示例行，导入前请删除",
        "factor": "服务",
        "satisfaction": "5",
        "importance": "4",
    },
    "complaints": {
        "member_no": "VK000001",
        "at": "2023-05-04 11:00",
        "category": "质量",
        "description": "示例行，导入前请删除",
        "owner": "小李",
        "status": "已解决",
        "resolution": "换货",
        "resolved_at": "2023-05-05 10:00",
    },
    "praise": {
        "member_no": "VK000001",
        "at": "2023-05-06 16:00",
        "kind": "表扬",
        "about": "服务",
        "clerk": "小李",
        "text": "示例行，导入前请删除",
        "recorded_by": "小李",
    },
    "attendance": {
        "event": "示例行，导入前请删除",
        "event_date": "2023-05-20",
        "member_no": "VK000001",
        "attended": "是",
    },
}


def write_template(kind: str, out: str | Path, *, lang: str = "zh") -> Path:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")
    out = Path(out)
    with atomic_file(out) as af:
        wb = Workbook(af.tmp)
        try:
            _fill(wb, kind, lang)
            wb.close()
        except BaseException:
            wb.abort()
            raise
    return out


def _fill(wb: Workbook, kind: str, lang: str) -> None:
    zh = lang == "zh"
    cols = columns.COLUMNS[kind]
    headers = [c.zh if zh else c.en for c in cols]
    required = {(c.zh if zh else c.en) for c in cols if c.required}
    ws = wb.add_sheet(
        columns.KIND_NAMES[kind][0 if zh else 1],
        headers,
        [max(10, len(h) * 2 + 2) for h in headers],
        required=required,
    )
    example = EXAMPLES[kind]
    ws.write([example.get(c.key, "") for c in cols], ["text"] * len(cols))
    notes = wb.add_sheet(
        "填写说明" if zh else "How to fill in",
        ["列名", "也可写作", "填写要求"] if zh else ["Column", "Also understood", "What goes in"],
        [18, 30, 70],
    )
    for c in cols:
        name = (c.zh if zh else c.en) + (" *" if c.required else "")
        notes.write(
            [name, "、".join(c.synonyms[:6]), (c.note_zh if zh else c.note_en) or ""],
            ["default", "wrap", "wrap"],
        )
