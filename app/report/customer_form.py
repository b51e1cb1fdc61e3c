"""The key-customer form (重点顾客档案表, issue #19 item 8): one A4 page in the monthly
report's style that a clerk keeps in the folder for a key customer — the archive, the
spending, sizes and preferences, family dates, the last sales and contacts, and lines
to write on.

:func:`key_customer_form` lays out a card (``app.member_card.member_card``, so the
phone is as the person printing may see it: masked unless they unmasked it) on a
matplotlib A4 figure; the UI prints it like the report's pages (``ui/dialogs/
member_card``), the same figure could go to a PDF.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.labels import word
from app.normalize import format_fen
from app.report.layout import A4, MARGIN, MUTED, TEXT, Page

WORDS: dict[str, tuple[str, str]] = {
    "title": ("重点顾客档案表", "Key customer form"),
    "printed": ("打印于 {d}", "printed {d}"),
    "basic": ("基本资料", "The customer"),
    "spending": ("消费概况", "Spending"),
    "total": ("累计消费", "Total spend"),
    "last12": ("近12个月", "Last 12 months"),
    "visits": ("消费次数", "Visits"),
    "last": ("最近消费", "Last purchase"),
    "points": ("积分", "Points"),
    "tier": ("等级", "Tier"),
    "state": ("状态", "State"),
    "prefs": ("尺码与偏好", "Sizes and preferences"),
    "sizes": ("尺码 上装/下装/鞋", "Sizes top/bottom/shoes"),
    "family": ("家人与纪念日", "Family and anniversaries"),
    "sales": ("最近消费", "Recent purchases"),
    "contacts": ("最近联系", "Recent contacts"),
    "notes": ("跟进记录（手写）", "Follow-up notes (by hand)"),
    "c_date": ("日期", "Date"),
    "c_items": ("商品", "Items"),
    "c_paid": ("实收", "Paid"),
    "c_clerk": ("导购", "Clerk"),
    "c_purpose": ("目的", "Purpose"),
    "c_outcome": ("结果", "Outcome"),
    "c_note": ("备注", "Note"),
    "c_relation": ("关系", "Relation"),
    "c_name": ("姓名", "Name"),
    "none": ("无", "none"),
}
ARCHIVE_FIELDS = ("member_no", "name", "gender", "birthday", "phone", "address",
                  "occupation", "joined_on")  # fmt: skip
PREF_FIELDS = ("preferred_styles", "preferred_colours", "preferred_brands", "personality",
               "service_style", "contact_notes")  # fmt: skip


def _w(key: str, lang: str, **kw: Any) -> str:
    zh, en = WORDS[key]
    return (zh if lang == "zh" else en).format(**kw)


class _FormPage(Page):
    """A report page whose header names the form and the store, not a month."""

    def __init__(self, store_name: str, lang: str, heading: str, today: dt.date) -> None:
        from matplotlib.figure import Figure

        from app.plotting import configure_matplotlib

        configure_matplotlib()
        self.fig = Figure(figsize=A4, dpi=100, facecolor="white")
        self.W, self.H = A4
        self.lang = lang
        self.y = MARGIN
        self.report = {}
        top = f"{store_name} · {_w('title', lang)} · {_w('printed', lang, d=today.isoformat())}"
        self.text(MARGIN, self.y, top, size=9, color=MUTED)
        self.y += 0.3
        self.text(MARGIN, self.y, heading, size=16, color=TEXT)
        self.y += 0.45


def _cut(text: Any, n: int) -> str:
    s = "" if text is None else str(text)
    return s if len(s) <= n else s[: n - 1] + "…"


def _pairs(p: _FormPage, pairs: list[tuple[str, str]], per_row: int = 2) -> None:
    """Label–value pairs in ``per_row`` columns."""
    span = (p.W - 2 * MARGIN) / per_row
    for i in range(0, len(pairs), per_row):
        for j, (label, value) in enumerate(pairs[i : i + per_row]):
            x = MARGIN + j * span
            p.text(x, p.y, label, size=9, color=MUTED)
            p.text(x + 1.15, p.y, _cut(value or "—", 30), size=10)
        p.y += 0.27


def key_customer_form(card: dict[str, Any], *, store_name: str, lang: str, today: dt.date) -> Any:
    """The form of one member's ``card`` as an A4 matplotlib figure."""
    m, h = card["member"], card["header"]
    p = _FormPage(store_name or "", lang, f"{m['name']}（{m['member_no']}）", today)

    p.section(_w("basic", lang))
    values = {
        **m,
        "gender": word("gender", m.get("gender"), lang),
        "birthday": (m.get("birthday") or "")
        + (
            (" " + word("birthday_calendar", "lunar", lang))
            if m.get("birthday_calendar") == "lunar"
            else ""
        ),
    }
    pairs = [(word("member_field", k, lang), values.get(k) or "") for k in ARCHIVE_FIELDS]
    tier = h["tier_name_zh"] if lang == "zh" else h["tier_name_en"]
    pairs += [
        (_w("tier", lang), tier),
        (_w("state", lang), word("customer_state", h["status"], lang)),
    ]
    _pairs(p, pairs)

    p.section(_w("spending", lang))
    last = (h.get("last_purchase_at") or "")[:10]
    _pairs(
        p,
        [
            (_w("total", lang), format_fen(h.get("total_paid_fen") or 0)),
            (_w("last12", lang), format_fen(h.get("spend_12m_fen") or 0)),
            (_w("visits", lang), f"{h.get('visits') or 0:,}"),
            (_w("last", lang), last),
            (_w("points", lang), f"{h.get('points_balance') or 0:,}"),
        ],
    )

    p.section(_w("prefs", lang))
    sizes = " / ".join(m.get(k) or "—" for k in ("size_top", "size_bottom", "size_shoe"))
    _pairs(
        p,
        [(_w("sizes", lang), sizes)]
        + [(word("member_field", k, lang), m.get(k) or "") for k in PREF_FIELDS],
    )

    family = m.get("family") or []
    if family:
        p.section(_w("family", lang))
        rows = [
            [word("relation", f.get("relation"), lang), f.get("name") or "", f.get("date") or ""]
            for f in family[:4]
        ]
        p.table(
            [_w("c_relation", lang), _w("c_name", lang), _w("c_date", lang)],
            rows,
            [0.3, 0.35, 0.35],
            left_cols=3,
        )

    p.section(_w("sales", lang))
    sales = [s for s in card.get("purchases", []) if not s.get("return_of")][:6]
    rows = []
    for s in sales:
        items = "、".join(
            " ".join(filter(None, (i.get("category"), i.get("size")))) for i in s["items"]
        )
        paid = format_fen(s["paid_fen"])
        rows.append([s["at"][:10], _cut(items, 26), paid, s.get("clerk_name") or ""])
    if rows:
        p.table(
            [_w("c_date", lang), _w("c_items", lang), _w("c_paid", lang), _w("c_clerk", lang)],
            rows,
            [0.2, 0.5, 0.15, 0.15],
            left_cols=2,
        )
    else:
        p.note(_w("none", lang))

    p.section(_w("contacts", lang))
    contacts = card.get("contacts", [])[:4]
    rows = [
        [
            c["at"][:10],
            word("purpose", c.get("purpose"), lang),
            word("outcome", c.get("outcome"), lang),
            _cut(c.get("note"), 22),
        ]
        for c in contacts
    ]
    if rows:
        p.table(
            [_w("c_date", lang), _w("c_purpose", lang), _w("c_outcome", lang), _w("c_note", lang)],
            rows,
            [0.2, 0.25, 0.2, 0.35],
            left_cols=4,
        )
    else:
        p.note(_w("none", lang))

    p.section(_w("notes", lang))
    while p.y < p.H - MARGIN - 0.1:  # ruled lines to write on, to the bottom margin
        p.y += 0.32
        p.line(p.y, "#cfd8dc", 0.5)
    return p.fig
