"""The monthly summary (``app.reports.build``) rendered: A4 pages as matplotlib figures
(the PDF and the printout are the same pages), the PDF (:func:`write_pdf`: the pages'
text and rules through reportlab, their charts drawn by matplotlib; matplotlib's own
``PdfPages`` for anything else), and an .xlsx with one sheet per section. Chinese first
(``lang="zh"``), English second.

Pages (A4 portrait, 210 × 297 mm): 1 the key figures (members, sales, complaints,
satisfaction, points, birthdays), each with last month's value and the change;
2 sales: the 12-month trend, by tier and by pyramid layer; 3 the pyramid and the
lifecycle at the end of both months and the movement between them; 4 follow-up work
per clerk (table and chart), satisfaction by factor, complaints by category; 5 the top
20 members. A section whose data does not exist yet says so in one plain sentence.
Phones are masked (``138****5678``) everywhere (``app.reports`` masks them).

Money is shown in yuan without the ¥ sign (the bundled CJK font has no ¥ glyph; the
column headings say 元). No Qt here: the UI paints :func:`render_rgba` images on its
printer; matplotlib is imported inside the functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from app.labels import word
from app.plotting import BUNDLED_FAMILY, BUNDLED_FONT_FILE, configure_matplotlib

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

A4 = (8.27, 11.69)  # inches
MARGIN = 0.6  # inches, every side
TEXT = "#263238"
MUTED = "#607d8b"
RULE = "#b0bec5"
STRIPE = "#f1f4f6"
NOW = "#1565c0"
BEFORE = "#b0bec5"
GOOD = "#2e7d32"
BAD = "#c62828"

# report words: key -> (Chinese, English)
WORDS: dict[str, tuple[str, str]] = {
    "title": ("月度经营报表", "Monthly summary"),
    "month_of": ("{y}年{m}月", "{y}-{m:02d}"),
    "compared": ("对比上月 {prev}", "compared with {prev}"),
    "partial": ("（本月尚未结束，数据截至 {as_of}）", "(month in progress, data to {as_of})"),
    "made": ("生成于 {at}", "made {at}"),
    "page": ("第 {n} / {total} 页", "page {n} of {total}"),
    "figure": ("指标", "Figure"),
    "this_month": ("本月", "This month"),
    "last_month": ("上月", "Last month"),
    "change": ("变化", "Change"),
    "pp": ("{v} 个百分点", "{v} pp"),
    "yuan": ("元", "yuan"),
    "people": ("人", ""),
    "unknown_clerk": ("未指定", "Not assigned"),
    "no_data": ("本节暂无数据：{why}。", "No data for this section yet: {why}."),
    # notes (why a section has no data)
    "note_no_members": ("还没有会员", "there are no members yet"),
    "note_no_purchases": ("还没有消费记录", "no purchases have been recorded"),
    "note_no_sales_this_month": ("本月没有消费", "nobody bought this month"),
    "note_no_contacts": ("还没有联系记录", "no contacts have been logged"),
    "note_no_complaints": ("还没有登记过投诉", "no complaints have been recorded"),
    "note_no_surveys": ("还没有满意度调查", "no satisfaction surveys have been recorded"),
    "note_points_not_started": ("积分计划尚未开始", "the points programme has not started"),
    "note_no_birthdays": ("会员档案中没有生日", "no member has a birthday on file"),
    "note_no_previous_month": (
        "上月还没有数据，无法比较变动",
        "last month has no data to compare with",
    ),
    # sections
    "s_members": ("会员", "Members"),
    "s_sales": ("销售", "Sales"),
    "s_complaints": ("投诉", "Complaints"),
    "s_satisfaction": ("满意度", "Satisfaction"),
    "s_points": ("积分", "Points"),
    "s_birthdays": ("生日", "Birthdays"),
    "s_trend": ("近12个月销售趋势", "Sales, last 12 months"),
    "s_by_tier": ("按会员等级的销售额", "Sales by tier"),
    "s_by_layer": ("按金字塔层级的销售额", "Sales by pyramid layer"),
    "s_pyramid": ("顾客金字塔（月末）", "Customer pyramid (month end)"),
    "s_lifecycle": ("生命周期（月末）", "Lifecycle (month end)"),
    "s_movement": ("本月变动", "Movement this month"),
    "s_follow_up": ("导购回访工作", "Follow-up work per clerk"),
    "s_factors": ("满意度（按因素）", "Satisfaction by factor"),
    "s_categories": ("投诉类别", "Complaints by category"),
    "s_top": ("本月消费前20名会员", "Top 20 members this month"),
    "s_top_members": ("前20名会员", "Top 20 members"),
    "s_segments": ("金字塔与生命周期", "Pyramid and lifecycle"),
    "s_movement_flows": ("变动明细", "Movement"),
    # figures
    "f_total": ("会员总数", "Members"),
    "f_new": ("新入会", "New members"),
    "f_active": ("本月消费会员", "Active (bought this month)"),
    "f_first_time": ("首次消费会员", "First-time buyers"),
    "f_dormant": ("休眠会员（180天未消费）", "Dormant (no purchase 180 days)"),
    "f_lost": ("流失会员（365天未消费）", "Lost (no purchase 365 days)"),
    "f_total_fen": ("销售额（净额，元）", "Net sales (yuan)"),
    "f_tickets": ("小票数", "Tickets"),
    "f_avg_ticket_fen": ("客单价（元）", "Average ticket (yuan)"),
    "f_repeat_rate": ("回头客比例", "Repeat-purchase rate"),
    "f_top20_share": ("前20%会员贡献销售额占比", "Share of spend from the top 20%"),
    "f_opened": ("新投诉", "Complaints opened"),
    "f_resolved": ("已解决", "Resolved"),
    "f_median_days": ("解决用时中位数（天）", "Median days to resolve"),
    "f_open_at_end": ("月末未解决", "Open at month end"),
    "f_surveys": ("问卷份数", "Surveys"),
    "f_overall": ("总体满意度（1–5）", "Overall satisfaction (1–5)"),
    "f_issued": ("发放积分", "Points issued"),
    "f_redeemed": ("兑换积分", "Points redeemed"),
    "f_expired": ("过期积分", "Points expired"),
    "f_clawed_back": ("退货/调整扣回", "Taken back (returns, adjustments)"),
    "f_outstanding": ("月末未兑积分", "Outstanding points (month end)"),
    "f_liability_fen": ("积分负债（元）", "Points liability (yuan)"),
    "f_next_month": ("下月生日会员（{month}，公历+农历）", "Birthdays in {month} (solar + lunar)"),
    "f_moved_layer": ("换层会员", "Changed layer"),
    "f_up": ("升层", "Moved up"),
    "f_down": ("降层", "Moved down"),
    "f_moved_life": ("生命周期变化", "Changed lifecycle state"),
    "f_new_members": ("新会员（上月末尚未入会）", "New (not members last month)"),
    # columns
    "c_code": ("类别", "Group"),
    "c_tier": ("等级", "Tier"),
    "c_layer": ("层级", "Layer"),
    "c_state": ("状态", "State"),
    "c_clerk": ("导购", "Clerk"),
    "c_due": ("应回访", "Due"),
    "c_done": ("已完成", "Done"),
    "c_overdue": ("逾期", "Overdue"),
    "c_calls": ("联系次数", "Calls"),
    "c_reached": ("联系上", "Reached"),
    "c_rate": ("联系上比例", "Reached rate"),
    "c_flow": ("变动", "Move"),
    "c_members": ("人数", "Members"),
    "c_factor": ("因素", "Factor"),
    "c_satisfaction": ("满意度", "Satisfaction"),
    "c_importance": ("重要性", "Importance"),
    "c_answers": ("答卷", "Answers"),
    "c_category": ("类别", "Category"),
    "c_rank": ("名次", "Rank"),
    "c_member_no": ("会员号", "Member no."),
    "c_name": ("姓名", "Name"),
    "c_phone": ("手机", "Phone"),
    "c_spend": ("本月消费（元）", "Spend (yuan)"),
    "c_prev_spend": ("上月消费（元）", "Last month (yuan)"),
    "c_tickets": ("小票", "Tickets"),
    "follow_up_def": (
        "应回访 = 到期日在本月的售后次日/一周回访和预约回访（生日、节日等任务依当日状态"
        "生成，不计入）；已完成 = 显示期内有结果的联系；逾期 = 已过到期日仍未完成；"
        "联系次数按联系人统计。",
        "Due = post-sale (day 1, day 7) and scheduled follow-ups due this month (birthday, "
        "festival and other tasks depend on the day's state and are left out); done = "
        "cleared by a contact while shown; overdue = past the due day and not done; calls "
        "are counted for the clerk who made them.",
    ),
    "legend_due": ("应回访", "Due"),
    "legend_done": ("已完成", "Done"),
    "legend_overdue": ("逾期", "Overdue"),
    "legend_this": ("本月", "This month"),
    "legend_last": ("上月", "Last month"),
    "trend_sales": ("销售额（万元）", "Net sales (10k yuan)"),
    "trend_sales_yuan": ("销售额（元）", "Net sales (yuan)"),
    "trend_active": ("消费会员（人）", "Members buying"),
}

SUMMARY_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("members", ("total", "new", "active", "first_time", "dormant", "lost")),
    ("sales", ("total_fen", "tickets", "avg_ticket_fen", "repeat_rate", "top20_share")),
    ("complaints", ("opened", "resolved", "median_days", "open_at_end")),
    ("satisfaction", ("surveys", "overall")),
    ("points", ("issued", "redeemed", "expired", "clawed_back", "outstanding", "liability_fen")),
    ("birthdays", ("next_month",)),
)
RATES = {"repeat_rate", "top20_share", "reached_rate"}
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


def w(key: str, lang: str = "zh", **params: Any) -> str:
    pair = WORDS.get(key)
    text = key if pair is None else pair[0] if lang == "zh" else pair[1]
    return text.format(**params) if params else text


def month_title(month: str, lang: str) -> str:
    return w("month_of", lang, y=int(month[:4]), m=int(month[5:]))


# ------------------------------------------------------------------ formatting


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


# ------------------------------------------------------------------ page layout


class _Page:
    """One A4 figure with a cursor moving down (inches from the top)."""

    def __init__(self, report: dict[str, Any], lang: str, heading: str) -> None:
        configure_matplotlib()
        from matplotlib.figure import Figure

        self.fig = Figure(figsize=A4, dpi=100, facecolor="white")
        self.W, self.H = A4
        self.lang = lang
        self.y = MARGIN
        self.report = report
        title = (
            f"{report['store_name']} · {w('title', lang)} · {month_title(report['month'], lang)}"
        )
        self.text(MARGIN, self.y, title, size=9, color=MUTED)
        self.y += 0.3
        self.text(MARGIN, self.y, heading, size=16, color=TEXT)
        self.y += 0.45

    # coordinates: inches from the left / top -> figure fractions
    def fx(self, x: float) -> float:
        return x / self.W

    def fy(self, y: float) -> float:
        return 1 - y / self.H

    def text(
        self, x: float, y: float, s: str, *, size: float = 9.5, ha: str = "left", **kw: Any
    ) -> None:
        kw.setdefault("color", TEXT)
        self.fig.text(self.fx(x), self.fy(y), s, fontsize=size, ha=ha, va="center", **kw)

    def section(self, title: str) -> None:
        self.y += 0.08
        self.text(MARGIN, self.y, title, size=12)
        self.y += 0.15
        self.line(self.y, RULE, 0.8)
        self.y += 0.14

    def line(self, y: float, colour: str, width: float) -> None:
        from matplotlib.lines import Line2D

        self.fig.add_artist(
            Line2D(
                [self.fx(MARGIN), self.fx(self.W - MARGIN)],
                [self.fy(y), self.fy(y)],
                color=colour,
                linewidth=width,
                transform=self.fig.transFigure,
            )
        )

    def note(self, s: str) -> None:
        self.text(MARGIN + 0.1, self.y, s, size=10, color=MUTED)
        self.y += 0.32

    def paragraph(self, s: str, *, size: float = 8, width_chars: int = 60) -> None:
        import textwrap

        lines: list[str] = []
        for part in s.split("\n"):
            # CJK text has no spaces: wrap by characters
            lines += (
                textwrap.wrap(part, width_chars)
                if " " in part
                else [part[i : i + width_chars] for i in range(0, len(part), width_chars)]
            )
        for line in lines:
            self.text(MARGIN, self.y, line, size=size, color=MUTED)
            self.y += size / 72 * 1.45
        self.y += 0.08

    def table(
        self,
        headers: list[str],
        rows: list[list[str]],
        widths: list[float],
        *,
        row_h: float = 0.25,
        size: float = 9,
        colours: list[list[str | None]] | None = None,
        left_cols: int = 1,
    ) -> None:
        """A table across the text width; ``widths`` are fractions; the first column is
        left-aligned, the others right-aligned."""
        span = self.W - 2 * MARGIN
        xs = [MARGIN]
        for f in widths:
            xs.append(xs[-1] + f * span)
        from matplotlib.patches import Rectangle

        def cells(values: list[str], bold: bool, row_colours: list[str | None] | None) -> None:
            for i, v in enumerate(values):
                left = i < left_cols
                x = xs[i] + 0.06 if left else xs[i + 1] - 0.06
                colour = (row_colours[i] if row_colours else None) or (MUTED if bold else TEXT)
                self.text(
                    x,
                    self.y,
                    v,
                    size=size,
                    ha="left" if left else "right",
                    color=colour,
                )

        cells(headers, True, None)
        self.y += row_h * 0.6
        self.line(self.y, RULE, 0.6)
        self.y += row_h * 0.5
        bottom = self.H - MARGIN - 0.1  # above the footer
        for k, r in enumerate(rows):
            if self.y + row_h / 2 > bottom:  # never print over the footer
                self.text(MARGIN + 0.06, self.y, "…", size=size, color=MUTED)
                break
            if k % 2 == 1:
                self.fig.add_artist(
                    Rectangle(
                        (self.fx(MARGIN), self.fy(self.y + row_h / 2)),
                        span / self.W,
                        row_h / self.H,
                        transform=self.fig.transFigure,
                        facecolor=STRIPE,
                        edgecolor="none",
                        zorder=-1,
                    )
                )
            cells(r, False, colours[k] if colours else None)
            self.y += row_h
        self.y += 0.1

    def axes(self, height: float, *, left: float = 0.55, right: float = 0.15) -> Axes:
        ax = self.fig.add_axes(
            (
                self.fx(MARGIN + left),
                self.fy(self.y + height),
                (self.W - 2 * MARGIN - left - right) / self.W,
                height / self.H,
            )
        )
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.spines["left"].set_color(RULE)
        ax.spines["bottom"].set_color(RULE)
        ax.tick_params(colors=MUTED, labelsize=8)
        self.y += height + 0.5  # the x tick labels hang below the axes
        from matplotlib.ticker import FuncFormatter

        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
        return ax


def _integer_axis(axis: Any) -> None:
    """Ticks on whole numbers with thousands separators (counts of people, calls)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))


def _change_colour(key: str, c: Any) -> str | None:
    """Green for a change the manager wants, red for one to look at; None: neutral."""
    if not c:
        return None
    bad_when_up = {
        "dormant",
        "lost",
        "opened",
        "median_days",
        "open_at_end",
        "overdue",
        "expired",
        "clawed_back",
        "outstanding",
        "liability_fen",
    }
    neutral = {"total", "redeemed", "issued", "surveys", "next_month", "resolved"}
    if key in neutral:
        return None
    up = c > 0
    return (BAD if up else GOOD) if key in bad_when_up else (GOOD if up else BAD)


def _figure_rows(
    figures: dict[str, dict[str, Any]],
    keys: tuple[str, ...],
    section: str,
    report: dict[str, Any],
    lang: str,
) -> tuple[list[list[str]], list[list[str | None]]]:
    rows, colours = [], []
    for k in keys:
        f = figures[k]
        rows.append(
            [
                figure_label(section, k, report, lang),
                value_text(k, f["value"]),
                value_text(k, f["previous"]),
                change_text(k, f["change"], lang),
            ]
        )
        colours.append([None, None, MUTED, _change_colour(k, f["change"])])
    return rows, colours


def _head(lang: str, first: str | None = None) -> list[str]:
    return [
        first or w("figure", lang),
        w("this_month", lang),
        w("last_month", lang),
        w("change", lang),
    ]


# ------------------------------------------------------------------ the pages


def _page_summary(report: dict[str, Any], lang: str) -> Figure:
    r = report
    p = _Page(r, lang, month_title(r["month"], lang) + " " + w("title", lang))
    sub = w("compared", lang, prev=month_title(r["previous_month"], lang))
    if r["partial"]:
        sub += " " + w("partial", lang, as_of=r["as_of"])
    p.text(MARGIN, p.y - 0.12, sub, size=9.5, color=MUTED)
    p.y += 0.15
    for section, keys in SUMMARY_ROWS:
        s = r["sections"][section]
        p.section(w(f"s_{section}", lang))
        if not s["available"]:
            p.note(note_text(s["note"], lang))
            continue
        rows, colours = _figure_rows(s["figures"], keys, section, r, lang)
        p.table(_head(lang), rows, [0.46, 0.18, 0.18, 0.18], colours=colours, row_h=0.2)
    return p.fig


def _bar_pairs(
    ax: Axes,
    labels: list[str],
    now: list[float],
    before: list[float],
    lang: str,
    fmt: Callable[[float], str],
) -> None:
    import numpy as np

    ys = np.arange(len(labels))[::-1]
    h = 0.38
    ax.barh(ys + h / 2, now, height=h, color=NOW, label=w("legend_this", lang))
    ax.barh(ys - h / 2, before, height=h, color=BEFORE, label=w("legend_last", lang))
    top = max([*now, *before, 1e-9])
    for y, a, b in zip(ys, now, before, strict=True):
        ax.text(a + top * 0.01, y + h / 2, fmt(a), va="center", fontsize=7.5, color=TEXT)
        ax.text(b + top * 0.01, y - h / 2, fmt(b), va="center", fontsize=7.5, color=MUTED)
    ax.set_yticks(ys, labels)
    ax.set_xlim(0, top * 1.25)
    _integer_axis(ax.xaxis)
    ax.tick_params(axis="y", labelsize=8.5, colors=TEXT, length=0)
    ax.legend(loc="lower right", frameon=False, fontsize=8)


def _rows_table(
    p: _Page,
    rows: list[dict[str, Any]],
    group: str,
    key: str,
    first: str,
    tiers: dict[str, Any] | None = None,
) -> None:
    lang = p.lang
    body = [
        [
            code_label(group, x["code"], lang, tiers),
            value_text(key, x["value"]),
            value_text(key, x["previous"]),
            change_text(key, x["change"], lang),
        ]
        for x in rows
    ]
    p.table(_head(lang, first), body, [0.46, 0.18, 0.18, 0.18], row_h=0.23)


def _page_sales(report: dict[str, Any], lang: str, tiers: dict[str, Any] | None) -> Figure:
    import numpy as np

    s = report["sections"]["sales"]
    p = _Page(report, lang, w("s_sales", lang))
    p.section(w("s_trend", lang))
    trend = report["sections"]["trend"]
    if not trend["available"]:
        p.note(note_text(trend["note"], lang))
    else:
        months = trend["months"]
        ax = p.axes(3.0, left=0.45, right=0.5)
        xs = np.arange(len(months))
        fen = np.array([m["sales_fen"] for m in months])
        # 10k yuan for a real store; yuan while the sums are small (a new store)
        big = float(np.abs(fen).max(initial=0)) >= 10_000_000
        sales = fen / (1_000_000 if big else 100)
        colours = [BEFORE] * len(months)
        colours[-1] = NOW
        ax.bar(
            xs,
            sales,
            color=colours,
            width=0.65,
            label=w("trend_sales" if big else "trend_sales_yuan", lang),
        )
        ax.set_xticks(xs, [m["month"][2:] for m in months], fontsize=8)
        ax.set_ylim(0, max(1e-9, float(sales.max(initial=0))) * 1.25)
        for x, v in zip(xs, sales, strict=True):
            text = f"{v:,.1f}" if big else f"{v:,.0f}"
            ax.text(x, v, text, ha="center", va="bottom", fontsize=7, color=MUTED)
        tx = ax.twinx()
        active = [m["active_members"] for m in months]
        tx.plot(
            xs,
            active,
            color="#ef8f00",
            marker="o",
            markersize=3,
            linewidth=1.5,
            label=w("trend_active", lang),
        )
        tx.set_ylim(0, max(1, max(active)) * 1.25)
        _integer_axis(tx.yaxis)
        tx.tick_params(colors=MUTED, labelsize=8)
        for side in ("top", "left", "bottom"):  # the first axes draws those (grey)
            tx.spines[side].set_visible(False)
        tx.spines["right"].set_color(RULE)
        handles = [*ax.get_legend_handles_labels()[0], *tx.get_legend_handles_labels()[0]]
        tx.legend(handles=handles, loc="upper left", frameon=False, fontsize=8, ncols=2)
    p.section(w("s_by_tier", lang))
    if not s["available"]:
        p.note(note_text(s["note"], lang))
    else:
        _rows_table(p, s["by_tier"], "tier", "total_fen", w("c_tier", lang), tiers)
    p.section(w("s_by_layer", lang))
    if not s["available"]:
        p.note(note_text(s["note"], lang))
    else:
        _rows_table(p, s["by_layer"], "pyramid_layer", "total_fen", w("c_layer", lang))
    return p.fig


def _page_segments(report: dict[str, Any], lang: str) -> Figure:
    s = report["sections"]["segments"]
    p = _Page(report, lang, w("s_segments", lang))
    if not s["available"]:
        p.note(note_text(s["note"], lang))
        return p.fig
    for key, group, title in (
        ("pyramid", "pyramid_layer", "s_pyramid"),
        ("lifecycle", "lifecycle", "s_lifecycle"),
    ):
        p.section(w(title, lang))
        rows = s[key]
        ax = p.axes(0.26 * len(rows) + 0.3, left=0.9, right=0.2)
        _bar_pairs(
            ax,
            [word(group, x["code"], lang) for x in rows],
            [x["value"] for x in rows],
            [x["previous"] for x in rows],
            lang,
            lambda v: f"{int(v):,}",
        )
    p.section(w("s_movement", lang))
    if s["movement_note"]:
        p.note(note_text(s["movement_note"], lang))
        return p.fig
    mv, mp = s["movement"], s["movement_previous"]
    rows = [
        [
            w("f_new_members", lang),
            f"{mv['new_members']:,}",
            f"{mp['new_members']:,}",
            change_text("n", mv["new_members"] - mp["new_members"], lang),
        ],
    ]
    for label, a, b in (
        ("f_moved_layer", mv["pyramid"]["moved"], mp["pyramid"]["moved"]),
        ("f_up", mv["pyramid"]["up"], mp["pyramid"]["up"]),
        ("f_down", mv["pyramid"]["down"], mp["pyramid"]["down"]),
        ("f_moved_life", mv["lifecycle"]["moved"], mp["lifecycle"]["moved"]),
    ):
        rows.append([w(label, lang), f"{a:,}", f"{b:,}", change_text("n", a - b, lang)])
    p.table(_head(lang), rows, [0.46, 0.18, 0.18, 0.18], row_h=0.23)
    # the largest flows, both models side by side
    flows = []
    for key, group in (("pyramid", "pyramid_layer"), ("lifecycle", "lifecycle")):
        for k, n in list(mv[key]["flows"].items())[:5]:
            a, b = k.split("->")
            flows.append([f"{word(group, a, lang)} → {word(group, b, lang)}", f"{n:,}"])
    if flows:
        p.section(w("s_movement_flows", lang))
        half = (len(flows) + 1) // 2
        left, right = flows[:half], flows[half:]
        right += [["", ""]] * (len(left) - len(right))
        body = [[a[0], a[1], b[0], b[1]] for a, b in zip(left, right, strict=True)]
        hdr = [w("c_flow", lang), w("c_members", lang), w("c_flow", lang), w("c_members", lang)]
        p.table(hdr, body, [0.34, 0.14, 0.38, 0.14], row_h=0.23, size=8.5)
    return p.fig


def _page_follow_up(report: dict[str, Any], lang: str) -> Figure:
    import numpy as np

    s = report["sections"]["follow_up"]
    p = _Page(report, lang, w("s_follow_up", lang))
    if not s["available"]:
        p.note(note_text(s["note"], lang))
    else:
        clerks = s["clerks"]

        def name(c: dict[str, Any]) -> str:
            return c["name"] or w("unknown_clerk", lang)

        keys = ("due", "done", "overdue", "calls", "reached", "reached_rate")
        body = []
        for c in [*clerks, {"name": None, **s["total"], "_total": True}]:
            label = ("合计" if lang == "zh" else "Total") if c.get("_total") else name(c)
            cells = [label]
            for k in keys:
                f = c[k]
                v = value_text(k, f["value"])
                ch = f["change"]
                if ch not in (None, 0):
                    v += f" ({change_text(k, ch, lang).replace(' 个百分点', 'pp')})"
                cells.append(v)
            body.append(cells)
        hdr = [w("c_clerk", lang)] + [
            w(f"c_{k}", lang) for k in ("due", "done", "overdue", "calls", "reached", "rate")
        ]
        p.table(hdr, body, [0.13, 0.16, 0.16, 0.14, 0.14, 0.13, 0.14], size=7.5, row_h=0.24)
        p.paragraph(w("follow_up_def", lang), size=7.5, width_chars=62 if lang == "zh" else 120)
        if clerks:
            ax = p.axes(2.3, left=0.45, right=0.15)
            xs = np.arange(len(clerks))
            bw = 0.26
            for i, (k, colour) in enumerate((("due", BEFORE), ("done", GOOD), ("overdue", BAD))):
                vals = [c[k]["value"] or 0 for c in clerks]
                ax.bar(
                    xs + (i - 1) * bw, vals, width=bw, color=colour, label=w(f"legend_{k}", lang)
                )
            ax.set_xticks(xs, [name(c) for c in clerks], fontsize=8.5)
            ax.legend(loc="upper right", frameon=False, fontsize=8, ncols=3)
            top = max([c["due"]["value"] or 0 for c in clerks] + [1])
            ax.set_ylim(0, top * 1.25)
            _integer_axis(ax.yaxis)
    sat = report["sections"]["satisfaction"]
    p.section(w("s_factors", lang))
    if not sat["available"]:
        p.note(note_text(sat["note"], lang))
    elif not sat["factors"]:
        p.note("—")
    else:
        body = [
            [
                word("survey_factor", f["factor"], lang),
                value_text("satisfaction", f["satisfaction"]["value"]),
                value_text("satisfaction", f["satisfaction"]["previous"]),
                value_text("importance", f["importance"]["value"]),
                f"{f['answers']:,}",
            ]
            for f in sat["factors"]
        ]
        hdr = [
            w("c_factor", lang),
            w("c_satisfaction", lang),
            w("last_month", lang),
            w("c_importance", lang),
            w("c_answers", lang),
        ]
        p.table(hdr, body, [0.32, 0.17, 0.19, 0.16, 0.16], row_h=0.23)
    comp = report["sections"]["complaints"]
    p.section(w("s_categories", lang))
    if not comp["available"]:
        p.note(note_text(comp["note"], lang))
    elif not comp["by_category"]:
        p.note("—")
    else:
        _rows_table(p, comp["by_category"], "complaint_category", "opened", w("c_category", lang))
    return p.fig


def _page_top(report: dict[str, Any], lang: str, tiers: dict[str, Any] | None) -> Figure:
    s = report["sections"]["top_members"]
    p = _Page(report, lang, w("s_top", lang))
    if not s["available"]:
        p.note(note_text(s["note"], lang))
        return p.fig
    body = [
        [
            str(x["rank"]),
            x["member_no"],
            x["name"],
            x["phone"],
            code_label("tier", x["tier"], lang, tiers),
            word("pyramid_layer", x["layer"], lang) if x["layer"] else "",
            money(x["spend_fen"]),
            money(x["previous_fen"]),
            f"{x['tickets']:,}",
        ]
        for x in s["rows"]
    ]
    hdr = [w(k, lang) for k in TOP_MEMBER_COLUMNS]
    widths = [0.06, 0.12, 0.1, 0.13, 0.08, 0.09, 0.16, 0.16, 0.1]
    p.table(hdr, body, widths, size=8, row_h=0.3, left_cols=6)
    return p.fig


def pages(
    report: dict[str, Any], *, lang: str = "zh", tiers: dict[str, Any] | None = None
) -> list[Figure]:
    """The report's A4 pages as matplotlib figures (also what is printed). ``tiers``
    (``app.users.tier_names``) names tiers the store's way; default: the report's own
    ``tiers``, else the codes.

    The pages use the bundled font (a TrueType subset of Noto Sans CJK SC, the same on
    every PC; DejaVu Sans for the few Latin signs it lacks): embedding it in a PDF
    takes a third of the time of a system CJK collection, whose CFF outlines also make
    some PDF readers complain."""
    configure_matplotlib()
    import matplotlib

    tiers = tiers if tiers is not None else report.get("tiers")
    with matplotlib.rc_context({"font.family": [BUNDLED_FAMILY, "DejaVu Sans"]}):
        figs = [
            _page_summary(report, lang),
            _page_sales(report, lang, tiers),
            _page_segments(report, lang),
            _page_follow_up(report, lang),
            _page_top(report, lang, tiers),
        ]
        made = report.get("made_at") or dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        for n, fig in enumerate(figs, start=1):
            _footer(fig, w("made", lang, at=made), w("page", lang, n=n, total=len(figs)))
    return figs


def _footer(fig: Figure, left: str, right: str) -> None:
    from matplotlib.lines import Line2D

    W, H = A4
    y = 1 - (H - MARGIN + 0.2) / H
    fig.add_artist(
        Line2D(
            [MARGIN / W, 1 - MARGIN / W],
            [y + 0.15 / H] * 2,
            color=RULE,
            linewidth=0.5,
            transform=fig.transFigure,
        )
    )
    fig.text(MARGIN / W, y, left, fontsize=8, color=MUTED, va="center")
    fig.text(1 - MARGIN / W, y, right, fontsize=8, color=MUTED, va="center", ha="right")


def write_pdf(
    report: dict[str, Any],
    path: str | Path | IO[bytes],
    *,
    lang: str = "zh",
    tiers: dict[str, Any] | None = None,
    fast: bool = True,
) -> int:
    """Write the pages to a PDF (fonts embedded, text searchable); returns pages.

    The same pages print preview and print show (:func:`pages`), written by
    :func:`write_pages_fast` when every page is made of what it understands, else by
    matplotlib's own PDF backend (``fast=False`` forces that)."""
    figs = pages(report, lang=lang, tiers=tiers)
    meta = {
        "Title": f"{report['store_name']} {w('title', lang)} {report['month']}",
        "Creator": "VIP Keeper",
    }
    if fast and write_pages_fast(figs, path, meta):
        return len(figs)
    from matplotlib.backends.backend_pdf import PdfPages

    _install_quick_subset()
    with PdfPages(path if hasattr(path, "write") else str(path), metadata=meta) as pdf:
        for fig in figs:
            pdf.savefig(fig)
    return len(figs)


# ------------------------------------------------------------------ fast PDF

CHART_DPI = 200  # charts in the fast PDF: a printer's resolution
_RL_FONTS: dict[str, Any] = {}


def _reportlab_fonts() -> dict[str, Any] | None:
    """The bundled font and matplotlib's DejaVu Sans (for the few signs the bundled font
    lacks, as the pages' font family has it) registered with reportlab once, with the
    bundled font's typographic ascender and descender (em units) that matplotlib
    centres a line of text with. None without reportlab."""
    if _RL_FONTS:
        return _RL_FONTS
    try:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
    except ImportError:
        return None
    import matplotlib
    from fontTools.ttLib import TTFont as FontFile

    from app.paths import resource

    bundled = resource("fonts", BUNDLED_FONT_FILE)
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    main, fallback = TTFont("VKSansSC", str(bundled)), TTFont("VKDejaVu", str(dejavu))
    pdfmetrics.registerFont(main)
    pdfmetrics.registerFont(fallback)
    with FontFile(str(bundled), lazy=True) as info:
        em = info["head"].unitsPerEm
        asc, desc = info["OS/2"].sTypoAscender / em, -info["OS/2"].sTypoDescender / em
    _RL_FONTS.update(
        main="VKSansSC",
        fallback="VKDejaVu",
        covered=set(main.face.charToGlyph),
        ascent=asc,
        descent=desc,
    )
    return _RL_FONTS


def _simple_page(fig: Figure) -> bool:
    """True when the fast writer draws everything outside the charts exactly as
    matplotlib would: one-line, unrotated, centred-vertically text in the pages' font,
    straight lines and filled rectangles, all placed in figure coordinates."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    family = [BUNDLED_FAMILY, "DejaVu Sans"]
    for t in fig.texts:
        text = t.get_text()
        if (
            "\n" in text
            or "$" in text
            or t.get_rotation() != 0
            or t.get_va() != "center"
            or t.get_ha() not in ("left", "right", "center")
            or t.get_fontfamily() != family
            or t.get_fontstyle() != "normal"
            or t.get_bbox_patch() is not None
            or t.get_transform() is not fig.transFigure
        ):
            return False
    for a in fig.artists:
        placed = a.get_data_transform() if isinstance(a, Rectangle) else a.get_transform()
        if placed is not fig.transFigure:
            return False
        if isinstance(a, Line2D):
            if a.get_linestyle() != "-" or a.get_marker() not in (None, "None", ""):
                return False
        elif not isinstance(a, Rectangle) or a.get_angle() != 0:
            return False
    return not (fig.patches or fig.lines or fig.images or fig.legends or fig.subfigs)


def write_pages_fast(figs: list[Figure], path: str | Path | IO[bytes], meta: dict) -> bool:
    """The pages as a PDF through reportlab: the pages' text, lines and table stripes
    drawn as PDF text and vectors, each page's charts drawn once by matplotlib (Agg,
    :data:`CHART_DPI`) and placed as images. About 600 strings take reportlab ~0.04 s
    where matplotlib's PDF backend spends ~1 s laying each out twice; the charts' one
    draw per page is what the time goes on. Returns False (nothing written) when
    reportlab is missing or a page holds something this writer does not draw."""
    fonts = _reportlab_fonts()
    if fonts is None or not all(_simple_page(f) for f in figs):
        return False
    from reportlab.pdfgen.canvas import Canvas

    width_in, height_in = figs[0].get_size_inches()
    size = (width_in * 72, height_in * 72)
    out: Any = path if hasattr(path, "write") else str(path)
    c = Canvas(
        out,
        pagesize=size,
        pageCompression=1,
        initialFontName=fonts["main"],  # else an unembedded Helvetica is named
        initialFontSize=9,
    )
    c.setTitle(meta.get("Title", ""))
    c.setCreator(meta.get("Creator", ""))
    for fig in figs:
        width_in, height_in = fig.get_size_inches()
        size = (width_in * 72, height_in * 72)
        c.setPageSize(size)
        _draw_page(c, fig, size, fonts)
        c.showPage()
    c.save()
    return True


def _draw_page(c: Any, fig: Figure, size: tuple[float, float], fonts: dict[str, Any]) -> None:
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pw, ph = size
    items: list[tuple[float, int, Any]] = [
        (a.get_zorder(), i, a) for i, a in enumerate([*fig.artists, *fig.texts])
    ]
    charts = _chart_images(fig) if fig.axes else []
    items += [(0.0, -1, img) for img in charts]  # axes draw at zorder 0, before lines
    main, fallback, covered = fonts["main"], fonts["fallback"], fonts["covered"]
    centre = (fonts["ascent"] - fonts["descent"]) / 2
    for _z, _i, a in sorted(items, key=lambda it: (it[0], it[1])):
        if isinstance(a, tuple):  # a chart: (x, y, w, h) in points, PIL image
            (x, y, w_, h_), image = a
            c.drawImage(image, x, y, w_, h_)
            continue
        if not a.get_visible():
            continue
        if isinstance(a, Line2D):
            r, g, b, alpha = to_rgba(a.get_color(), a.get_alpha())
            c.setStrokeColorRGB(r, g, b, alpha)
            c.setLineWidth(a.get_linewidth())
            c.setLineCap(2)  # matplotlib's "projecting" cap
            xs, ys = a.get_xdata(), a.get_ydata()
            for k in range(len(xs) - 1):
                c.line(xs[k] * pw, ys[k] * ph, xs[k + 1] * pw, ys[k + 1] * ph)
            continue
        if not hasattr(a, "get_text"):  # a Rectangle (table stripes)
            r, g, b, alpha = a.get_facecolor()
            c.setFillColorRGB(r, g, b, alpha)
            c.rect(a.get_x() * pw, a.get_y() * ph, a.get_width() * pw, a.get_height() * ph, 0, 1)
            continue
        text = a.get_text()
        if not text:
            continue
        fs = a.get_fontsize()
        runs: list[tuple[str, str]] = []
        for ch in text:
            font = main if ord(ch) in covered else fallback
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + ch)
            else:
                runs.append((font, ch))
        widths = [stringWidth(t, f, fs) for f, t in runs]
        fx, fy = a.get_position()
        x = fx * pw - {"left": 0.0, "right": 1.0, "center": 0.5}[a.get_ha()] * sum(widths)
        y = fy * ph - centre * fs
        r, g, b, alpha = to_rgba(a.get_color(), a.get_alpha())
        c.setFillColorRGB(r, g, b, alpha)
        for (font, t), wd in zip(runs, widths, strict=True):
            c.setFont(font, fs)
            c.drawString(x, y, t)
            x += wd


def _chart_images(fig: Figure) -> list[tuple[tuple[float, float, float, float], Any]]:
    """The page's charts drawn once without the page's own text and lines, cut out
    (overlapping charts — a twin axis — together) on the page's white:
    ``((x, y, width, height) in points, image)``. Opaque on purpose: Agg's
    anti-aliased edges against a transparent background came out dark in the PDF. The
    page's own text and lines are drawn over the images (zorder), and its table stripes
    never lie under a chart."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    own = [a for a in [*fig.texts, *fig.artists] if a.get_visible()]
    dpi = fig.get_dpi()
    try:
        for a in own:
            a.set_visible(False)
        fig.set_dpi(CHART_DPI)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        pixels = np.asarray(canvas.buffer_rgba())
        boxes = [list(ax.get_tightbbox(renderer).extents) for ax in fig.axes if ax.get_visible()]
    finally:
        for a in own:
            a.set_visible(True)
        fig.set_dpi(dpi)
    merged: list[list[float]] = []
    for box in boxes:  # union of overlapping boxes
        for m in merged:
            if box[0] <= m[2] and m[0] <= box[2] and box[1] <= m[3] and m[1] <= box[3]:
                m[:] = [min(m[0], box[0]), min(m[1], box[1]), max(m[2], box[2]), max(m[3], box[3])]
                break
        else:
            merged.append(box)
    height, width = pixels.shape[:2]
    out = []
    scale = 72 / CHART_DPI
    for x0, y0, x1, y1 in merged:
        left, right = max(int(np.floor(x0)), 0), min(int(np.ceil(x1)), width)
        bottom, top = max(int(np.floor(y0)), 0), min(int(np.ceil(y1)), height)
        if right <= left or top <= bottom:
            continue
        crop = pixels[height - top : height - bottom, left:right]
        image = ImageReader(Image.fromarray(np.ascontiguousarray(crop[:, :, :3]), "RGB"))
        box = (left * scale, bottom * scale, (right - left) * scale, (top - bottom) * scale)
        out.append((box, image))
    return out


_quick_subset_installed = False


def _install_quick_subset() -> None:
    """Embed the bundled font in PDFs in half the time (0.3-0.45 s -> 0.12-0.16 s per
    PDF on the bench machine, where the report PDF spent about a quarter of its time).

    matplotlib subsets a Type 42 font with fontTools, which for the bundled 22,463-glyph
    font spends most of its time on things a PDF does not use: decompiling the GSUB/GPOS
    tables to follow layout features, and naming every glyph from the cmap. A PDF draws
    the glyphs matplotlib already laid out (with the full font) through a CIDToGIDMap and
    extracts text through its own ToUnicode map; only the outlines, metrics and the
    glyph-index map matter, and those are the same (tests/unit/test_reports.py compares
    them). So for the bundled font only, the subset drops the layout tables and names
    the glyphs by number; other fonts, and any failure, take matplotlib's own path.
    Patches matplotlib's private ``_backend_pdf_ps.get_glyphs_subset`` once per process;
    without it (another matplotlib) nothing changes."""
    global _quick_subset_installed
    if _quick_subset_installed:
        return
    _quick_subset_installed = True
    try:
        from fontTools import subset
        from matplotlib.backends import _backend_pdf_ps as pdfps

        original = pdfps.get_glyphs_subset
        results = pdfps.SubsetResults
    except (ImportError, AttributeError):
        return
    from app.paths import resource

    bundled = resource("fonts", BUNDLED_FONT_FILE).resolve()

    def get_glyphs_subset(fontfile: Any, glyphs: Any) -> Any:
        path = getattr(fontfile, "path", fontfile)
        try:
            if Path(str(path)).resolve() != bundled:
                return original(fontfile, glyphs)
            return quick_subset(str(path), glyphs)
        except Exception:  # any surprise: matplotlib's own way
            return original(fontfile, glyphs)

    def quick_subset(path: str, glyphs: Any) -> Any:
        options = subset.Options(glyph_names=False, recommended_glyphs=True)
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "FFTM", "meta"]
        font = subset.load_font(path, options, lazy=True)
        try:
            n = font["maxp"].numGlyphs
            font.setGlyphOrder([".notdef", *(f"g{i}" for i in range(1, n))])
            subsetter = subset.Subsetter(options=options)
            subsetter.populate(gids=glyphs)
            subsetter.subset(font)
        except BaseException:
            font.close()
            raise
        return results(font, subsetter.glyph_index_map)._as_cm()

    get_glyphs_subset.matplotlib_own = original  # type: ignore[attr-defined]
    pdfps.get_glyphs_subset = get_glyphs_subset


def render_rgba(fig: Figure, dpi: float) -> tuple[int, int, bytes]:
    """A page drawn at ``dpi`` (a printer's resolution): ``(width, height, RGBA bytes)``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    w_, h_ = canvas.get_width_height()
    return w_, h_, bytes(canvas.buffer_rgba())


# ------------------------------------------------------------------ Excel


def write_xlsx(
    report: dict[str, Any],
    path: str | Path,
    *,
    lang: str = "zh",
    tiers: dict[str, Any] | None = None,
) -> int:
    """One sheet per section (figures with last month and the change; money in yuan,
    rates as fractions). Phones masked. Returns the number of sheets."""
    from app.excel.xlsxstream import Workbook

    tiers = tiers if tiers is not None else report.get("tiers")
    book = Workbook(path)
    r = report
    head = [w("figure", lang), w("this_month", lang), w("last_month", lang), w("change", lang)]

    def kind(key: str) -> str:
        return "money" if key.endswith("_fen") else "default"

    def fig_rows(sheet: Any, figures: dict[str, Any], keys: tuple[str, ...], section: str) -> None:
        for k in keys:
            f = figures[k]
            sheet.write(
                [figure_label(section, k, r, lang), f["value"], f["previous"], f["change"]],
                ["text", kind(k), kind(k), kind(k)],
            )

    def note(sheet: Any, s: dict[str, Any]) -> bool:
        if s["available"]:
            return False
        sheet.write([note_text(s["note"], lang)], ["text"])
        return True

    sheets = 0
    for section, keys in SUMMARY_ROWS:
        s = r["sections"][section]
        sh = book.add_sheet(w(f"s_{section}", lang), head, [34, 16, 16, 16])
        sheets += 1
        if note(sh, s):
            continue
        fig_rows(sh, s["figures"], keys, section)
        if section == "sales":
            for sub, group in (
                ("by_tier", "tier"),
                ("by_layer", "pyramid_layer"),
            ):
                sh.write([""], ["text"])
                sh.write([w(f"s_{sub}", lang)], ["head"])
                for x in s[sub]:
                    sh.write(
                        [
                            code_label(group, x["code"], lang, tiers),
                            x["value"],
                            x["previous"],
                            x["change"],
                        ],
                        ["text", "money", "money", "money"],
                    )
        if section == "complaints":
            sh.write([""], ["text"])
            sh.write([w("s_categories", lang)], ["head"])
            for x in s["by_category"]:
                sh.write(
                    [
                        word("complaint_category", x["code"], lang),
                        x["value"],
                        x["previous"],
                        x["change"],
                    ],
                    ["text", "int", "int", "int"],
                )
        if section == "satisfaction":
            sh.write([""], ["text"])
            sh.write(
                [
                    w("c_factor", lang),
                    w("c_satisfaction", lang),
                    w("last_month", lang),
                    w("change", lang),
                    w("c_importance", lang),
                    w("c_answers", lang),
                ],
                ["head"] * 6,
            )
            for f in s["factors"]:
                sf = f["satisfaction"]
                sh.write(
                    [
                        word("survey_factor", f["factor"], lang),
                        sf["value"],
                        sf["previous"],
                        sf["change"],
                        f["importance"]["value"],
                        f["answers"],
                    ],
                    ["text", "default", "default", "default", "default", "int"],
                )
    # pyramid and lifecycle
    s = r["sections"]["segments"]
    sh = book.add_sheet(w("s_segments", lang), [w("c_code", lang), *head[1:]], [34, 16, 16, 16])
    sheets += 1
    if not note(sh, s):
        for key, group, title in (
            ("pyramid", "pyramid_layer", "s_pyramid"),
            ("lifecycle", "lifecycle", "s_lifecycle"),
        ):
            sh.write([w(title, lang)], ["head"])
            for x in s[key]:
                sh.write(
                    [word(group, x["code"], lang), x["value"], x["previous"], x["change"]],
                    ["text", "int", "int", "int"],
                )
        sh.write([w("s_movement", lang)], ["head"])
        mv, mp = s["movement"], s["movement_previous"]
        for label, a, b in (
            ("f_new_members", mv["new_members"], mp["new_members"]),
            ("f_moved_layer", mv["pyramid"]["moved"], mp["pyramid"]["moved"]),
            ("f_up", mv["pyramid"]["up"], mp["pyramid"]["up"]),
            ("f_down", mv["pyramid"]["down"], mp["pyramid"]["down"]),
            ("f_moved_life", mv["lifecycle"]["moved"], mp["lifecycle"]["moved"]),
        ):
            sh.write([w(label, lang), a, b, a - b], ["text", "int", "int", "int"])
        for key, group in (("pyramid", "pyramid_layer"), ("lifecycle", "lifecycle")):
            for k, n in mv[key]["flows"].items():
                a, b = k.split("->")
                sh.write([f"{word(group, a, lang)} → {word(group, b, lang)}", n], ["text", "int"])
    # follow-up
    s = r["sections"]["follow_up"]
    keys = ("due", "done", "overdue", "calls", "reached", "reached_rate")
    cols = [w("c_clerk", lang)]
    for k in keys:
        label = w("c_rate" if k == "reached_rate" else f"c_{k}", lang)
        cols += [label, f"{label}·{w('last_month', lang)}"]
    sh = book.add_sheet(w("s_follow_up", lang), cols, [14] + [11] * (len(cols) - 1))
    sheets += 1
    if not note(sh, s):
        for c in [*s["clerks"], {"name": "合计" if lang == "zh" else "Total", **s["total"]}]:
            vals: list[Any] = [c.get("name") or w("unknown_clerk", lang)]
            for k in keys:
                vals += [c[k]["value"], c[k]["previous"]]
            sh.write(vals, ["text"] + ["default"] * (len(vals) - 1))
        sh.write([w("follow_up_def", lang)], ["wrap"])
    # top members
    s = r["sections"]["top_members"]
    cols = [w(k, lang) for k in TOP_MEMBER_COLUMNS]
    sh = book.add_sheet(w("s_top_members", lang), cols, [6, 14, 12, 14, 10, 10, 14, 14, 8])
    sheets += 1
    if not note(sh, s):
        for x in s["rows"]:
            sh.write(
                [
                    x["rank"],
                    x["member_no"],
                    x["name"],
                    x["phone"],
                    code_label("tier", x["tier"], lang, tiers),
                    word("pyramid_layer", x["layer"], lang) if x["layer"] else "",
                    x["spend_fen"],
                    x["previous_fen"],
                    x["tickets"],
                ],
                ["int", "text", "text", "text", "text", "text", "money", "money", "int"],
            )
    # trend
    s = r["sections"]["trend"]
    sh = book.add_sheet(
        w("s_trend", lang),
        [
            "月份" if lang == "zh" else "Month",
            w("f_total_fen", lang),
            w("trend_active", lang),
            w("f_first_time", lang),
        ],
        [10, 18, 16, 16],
    )
    sheets += 1
    if not note(sh, s):
        for m in s["months"]:
            sh.write(
                [m["month"], m["sales_fen"], m["active_members"], m["new_customers"]],
                ["text", "money", "int", "int"],
            )
    book.close()
    return sheets
