"""The report's figures as text: which figures each section shows (``SUMMARY_ROWS``) and
the top members' columns, money in yuan without the ¥ sign (the bundled CJK font has no
¥ glyph; the column headings say 元), rates in per cent, changes signed, codes named.
Shared by the pages, the workbook, the report page of the UI and the CLI."""

from __future__ import annotations

from typing import Any

from app.labels import word
from app.report.words import w

SUMMARY_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("members", ("total", "new", "active", "first_time", "dormant", "lost")),
    ("sales", ("total_fen", "tickets", "avg_ticket_fen", "repeat_rate", "top20_share")),
    ("complaints", ("opened", "resolved", "median_days", "open_at_end")),
    ("satisfaction", ("surveys", "overall")),
    ("points", ("issued", "redeemed", "expired", "clawed_back", "outstanding", "liability_fen")),
    ("birthdays", ("next_month",)),
    ("gifts", ("gifts", "cost_fen")),
    ("archive", ("stale", "verified")),
    (
        "events",
        (
            "events",
            "invited",
            "accepted",
            "attended",
            "attendance_rate",
            "event_cost_fen",
            "event_sales_fen",
            "event_buyers",
        ),
    ),
    ("staff", ("enrolled", "praise", "suggestions")),
)
RATES = {"repeat_rate", "top20_share", "reached_rate", "attendance_rate"}
DECIMALS = {"median_days": 1, "overall": 2, "satisfaction": 2, "importance": 2}


# the top members' table, on the page and in the workbook
TOP_MEMBER_COLUMNS = (
    "c_rank",
    "c_member_no",
    "c_name",
    "c_phone",
    "c_tier",
    "c_layer",
    "c_spend",
    "c_prev_spend",
    "c_tickets",
)


def month_title(month: str, lang: str) -> str:
    return w("month_of", lang, y=int(month[:4]), m=int(month[5:]))


def money(fen: int | None) -> str:
    if fen is None:
        return "—"
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{yuan:,}.{cents:02d}"


def value_text(key: str, v: Any) -> str:
    """A figure's value as shown on paper."""
    if v is None:
        return "—"
    if key.endswith("_fen"):
        return money(v)
    if key in RATES:
        return f"{100 * v:.1f}%"
    if key in DECIMALS:
        return f"{v:.{DECIMALS[key]}f}"
    if isinstance(v, float):
        return f"{v:,.2f}"
    return f"{v:,}"


def change_text(key: str, c: Any, lang: str) -> str:
    if c is None:
        return "—"
    sign = "+" if c > 0 else ""
    if key.endswith("_fen"):
        return sign + money(c)
    if key in RATES:
        return w("pp", lang, v=f"{sign}{100 * c:.1f}")
    if key in DECIMALS:
        return f"{sign}{c:.{DECIMALS[key]}f}"
    return f"{sign}{c:,}"


def figure_label(section: str, key: str, report: dict[str, Any], lang: str) -> str:
    if key == "next_month":
        month = month_title(report["sections"]["birthdays"]["month"], lang)
        return w("f_next_month", lang, month=month)
    return w(f"f_{key}", lang)


def note_text(note: str | None, lang: str) -> str:
    return w("no_data", lang, why=w(f"note_{note}", lang))


def code_label(group: str, code: str | None, lang: str, tiers: dict[str, Any] | None) -> str:
    if group == "tier" and tiers is not None and code in tiers:
        return str(tiers[code]["name_zh" if lang == "zh" else "name_en"])
    return word(group, code, lang)


def event_rows(events: list[dict[str, Any]], lang: str) -> tuple[list[str], list[list[str]]]:
    """The month's events as a table (issue #19): event and day, invited, accepted,
    attended, attendees' sales within 7 days (yuan)."""
    head = [w(k, lang) for k in ("c_event", "f_invited", "f_accepted", "f_attended")]
    rows = [
        [
            f"{e['starts_at'][5:10]} {e['name']}",
            f"{e['invited']:,}",
            f"{e['accepted']:,}",
            f"{e['attended']:,}",
            money(e["sales_fen"]),
        ]
        for e in events
    ]
    return [*head, w("c_event_sales", lang)], rows
