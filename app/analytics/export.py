"""The members' scores and segments as an .xlsx (:func:`export_xlsx`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import sqlite_utils

from app import audit, permissions
from app.analytics.member_table import COLUMNS, member_rows
from app.analytics.rules import Cancel, Cancelled, Progress
from app.analytics.scores import Segments
from app.core import Actor
from app.excel.xlsxstream import Workbook
from app.labels import word
from app.normalize import mask_phone


def export_xlsx(
    db: sqlite_utils.Database,
    *,
    seg: Segments,
    path: Any,
    member_ids: Iterable[int] | None = None,
    lang: str = "zh",
    on_progress: Progress | None = None,
    should_cancel: Cancel | None = None,
    actor: Actor | None = None,
    mask_phones: bool = True,
) -> int:
    """Write one row per member (all, or ``member_ids``) with every score and segment
    to an .xlsx file. Phones are masked (``138****5678``) unless ``mask_phones`` is
    false. With ``actor`` (the app's export action) the actor must be allowed to
    export (``app.permissions.EXPORT``; full phones also ``UNMASK``) and the export is
    written to the audit log; without one it is the command line's (the system).
    Codes become words in ``lang``; money in yuan. Returns the number
    of member rows. Written with the project's streaming writer (app/excel/xlsxstream:
    100k members in seconds, where openpyxl's write-only mode takes minutes); progress
    and cancel every 1,000 rows (a cancelled export leaves no file)."""
    if actor is not None:
        permissions.require(actor, permissions.EXPORT)
        if not mask_phones:
            permissions.require(actor, permissions.UNMASK)
    rows = member_rows(db, seg, member_ids)
    header_zh = {
        "member_id": "ID",
        "member_no": "会员号",
        "name": "姓名",
        "phone": "手机",
        "recency_days": "距上次消费天数(R)",
        "days": "消费天数(F)",
        "days_12m": "近12个月消费天数",
        "tickets": "小票数",
        "spend_fen": "累计消费额(元)(M)",
        "spend_12m_fen": "近12个月消费额(元)",
        "r_score": "R分",
        "f_score": "F分",
        "m_score": "M分",
        "layer": "金字塔层",
        "loyalty": "忠诚度",
        "loyalty_cell": "客户矩阵",
        "loyalty_strategy": "策略(客户矩阵)",
        "value_cell": "价值矩阵",
        "value_strategy": "策略(价值矩阵)",
        "lifecycle": "生命周期",
        "types": "顾客类型",
        "discount_share": "折扣消费占比",
        "gap_cv": "购买间隔变异系数",
        "ticket_cv": "客单价变异系数",
        "p_alive": "仍活跃概率",
        "expected_purchases": f"预计购买次数({seg.rules.clv_forecast_days}天)",
        "expected_spend_yuan": "预计客单价(元)",
        "potential_fen": "潜在价值(元)",
        "clv_fen": "客户终身价值CLV(元)",
        "margin_fen": "毛利额(元)",
    }
    headers = [header_zh[c] if lang == "zh" else c.removesuffix("_fen") for c in COLUMNS]
    text_cols = {"member_no", "name", "phone"}
    int_cols = {"member_id", "recency_days", "days", "days_12m", "tickets", "r_score",
                "f_score", "m_score"}  # fmt: skip
    kinds = [
        "money" if c.endswith("_fen") else "text" if c in text_cols else
        "int" if c in int_cols else "default"
        for c in COLUMNS
    ]  # fmt: skip
    widths = [max(8.0, min(24.0, 1.6 * len(h) + 2)) for h in headers]
    groups = {
        COLUMNS.index("layer"): "pyramid_layer",
        COLUMNS.index("loyalty_cell"): "loyalty_cell",
        COLUMNS.index("value_cell"): "value_cell",
        COLUMNS.index("loyalty_strategy"): "strategy",
        COLUMNS.index("value_strategy"): "strategy",
        COLUMNS.index("lifecycle"): "lifecycle",
    }
    t_col = COLUMNS.index("types")
    p_col = COLUMNS.index("phone")
    wb = Workbook(path)
    try:
        sheet = wb.add_sheet("会员" if lang == "zh" else "members", headers, widths)
        for k, row in enumerate(rows):
            if k % 1000 == 0:
                if should_cancel is not None and should_cancel():
                    raise Cancelled("export cancelled")
                if on_progress is not None:
                    on_progress(k, len(rows))
            out = list(row)
            if mask_phones:
                out[p_col] = mask_phone(out[p_col])
            for i, group in groups.items():
                out[i] = word(group, out[i], lang)
            out[t_col] = "、".join(
                word("customer_type", t, lang) for t in row[t_col].split(",") if t
            )
            sheet.write(out, kinds)
        if member_ids is None:  # the whole store: its breakdowns too (#19)
            _breakdown_sheet(wb, db, seg, lang)
        wb.close()
    except BaseException:
        wb.abort()
        Path(path).unlink(missing_ok=True)
        raise
    if actor is not None:
        with db.atomic():
            audit.record(
                db,
                actor,
                "export",
                "segments",
                None,
                audit.summary(
                    "segments_export_masked" if mask_phones else "segments_export_full",
                    file=Path(path).name,
                    members=len(rows),
                ),
            )
            if not mask_phones:  # full numbers leave the app: logged as on screen
                audit.record(
                    db,
                    actor,
                    "unmask",
                    "segments",
                    None,
                    audit.summary("phones_in_file", file=Path(path).name, rows=len(rows)),
                )
    return len(rows)


def _breakdown_sheet(wb: Workbook, db: sqlite_utils.Database, seg: Segments, lang: str) -> None:
    """A second sheet: every group of every breakdown (app/analytics/breakdowns.py) with
    its members, spend, average ticket and margin, as the analytics page's 分组 tab."""
    from app.analytics import breakdowns
    from app.margin_charts import group_name

    breakdowns.ensure(db, seg)
    zh = lang == "zh"
    headers = (
        ["分组方式", "分组", "人数", "人数占比", "消费额(元)", "平均客单价(元)", "毛利(元)",
         "毛利占比"]
        if zh
        else ["Group by", "Group", "Members", "Share", "Spend", "Average ticket", "Margin",
              "Share of margin"]
    )  # fmt: skip
    kinds = ["text", "text", "int", "default", "money", "money", "money", "default"]
    sheet = wb.add_sheet(
        word("margin_ui", "export_sheet", lang), headers, [16, 18, 8, 10, 14, 14, 14, 10]
    )
    for dim in breakdowns.DIMENSIONS:
        name = word("margin_ui", f"dim_{dim}", lang)
        for r in breakdowns.table(seg, dim):
            sheet.write(
                [
                    name,
                    group_name(dim, r["code"], lang),
                    r["members"],
                    round(r["member_share"], 4),
                    r["spend_fen"],
                    r["avg_ticket_fen"],
                    r["margin_fen"],
                    round(r["margin_share"], 4),
                ],
                kinds,
            )
