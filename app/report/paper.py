"""The report's five A4 pages as matplotlib figures (the PDF and the printout are the
same pages): 1 the key figures, each with last month's value and the change; 2 sales:
the 12-month trend, by tier and by pyramid layer; 3 the pyramid and the lifecycle at
the end of both months and the movement between them; 4 follow-up work per clerk
(table and chart), satisfaction by factor, complaints by category; 5 the top 20
members. A section whose data does not exist yet says so in one plain sentence.
:func:`render_rgba` draws a page at a printer's resolution for the UI to paint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.labels import word
from app.plotting import BUNDLED_FAMILY, configure_matplotlib
from app.report.format import (
    SUMMARY_ROWS,
    TOP_MEMBER_COLUMNS,
    change_text,
    code_label,
    event_rows,
    money,
    month_title,
    note_text,
    value_text,
)
from app.report.layout import (
    BAD,
    BEFORE,
    GOOD,
    MARGIN,
    MUTED,
    NOW,
    RULE,
    TEXT,
    Page,
    figure_rows,
    footer,
    head,
    integer_axis,
)
from app.report.words import w

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def _page_summary(report: dict[str, Any], lang: str) -> Figure:
    r = report
    p = Page(r, lang, month_title(r["month"], lang) + " " + w("title", lang))
    sub = w("compared", lang, prev=month_title(r["previous_month"], lang))
    if r["partial"]:
        sub += " " + w("partial", lang, as_of=r["as_of"])
    p.text(MARGIN, p.y - 0.12, sub, size=9.5, color=MUTED)
    p.y += 0.15
    for section, keys in SUMMARY_ROWS:
        if section not in SERVICE_PAGE and section != "staff":  # staff: a page of its own
            _summary_rows(p, r, section, keys, lang)
    return p.fig


# Summary sections drawn on a page of their own (page 1 is full): service records (#19).
SERVICE_PAGE = ("gifts", "archive", "events")


def _summary_rows(p: Page, r: dict[str, Any], section: str, keys: Any, lang: str) -> None:
    s = r["sections"][section]
    p.section(w(f"s_{section}", lang))
    if not s["available"]:
        p.note(note_text(s["note"], lang))
        return
    rows, colours = figure_rows(s["figures"], keys, section, r, lang)
    p.table(head(lang), rows, [0.46, 0.18, 0.18, 0.18], colours=colours, row_h=0.2)


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
    integer_axis(ax.xaxis)
    ax.tick_params(axis="y", labelsize=8.5, colors=TEXT, length=0)
    ax.legend(loc="lower right", frameon=False, fontsize=8)


def _rows_table(
    p: Page,
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
    p.table(head(lang, first), body, [0.46, 0.18, 0.18, 0.18], row_h=0.23)


def _page_sales(report: dict[str, Any], lang: str, tiers: dict[str, Any] | None) -> Figure:
    import numpy as np

    s = report["sections"]["sales"]
    p = Page(report, lang, w("s_sales", lang))
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
        ax.set_xticks(
            xs,
            [month_title(m["month"], lang) for m in months],
            fontsize=7,
            rotation=30,
            ha="right",
            rotation_mode="anchor",
        )
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
        integer_axis(tx.yaxis)
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


def _page_service(report: dict[str, Any], lang: str, tiers: dict[str, Any] | None) -> Figure:
    """Service records (issue #19): gifts, gift cost per tier, archive freshness, member
    events and a row per event of the month."""
    p = Page(report, lang, w("s_service", lang))
    for section, keys in SUMMARY_ROWS:
        if section in SERVICE_PAGE:
            _summary_rows(p, report, section, keys, lang)
            g = report["sections"][section]
            if section == "gifts" and g["available"] and g["by_tier"]:
                p.section(w("s_gifts_by_tier", lang))
                _rows_table(p, g["by_tier"], "tier", "cost_fen", w("c_tier", lang), tiers)
            if section == "events" and g["available"] and g["events"]:
                p.section(w("s_events_list", lang))
                p.table(*event_rows(g["events"], lang), [0.34, 0.14, 0.14, 0.14, 0.24], row_h=0.2)
    return p.fig


def _page_staff(report: dict[str, Any], lang: str) -> Figure:
    """Staff (issue #19): enrolments, praise and suggestions, and the service-star
    ranking (服务之星) per clerk (app/reports/staff.py)."""
    p = Page(report, lang, w("s_stars", lang))
    keys = dict(SUMMARY_ROWS)["staff"]
    _summary_rows(p, report, "staff", keys, lang)
    s = report["sections"]["staff"]
    if not s["available"]:
        return p.fig
    if s["about"]:
        p.section(w("s_praise_about", lang))
        _rows_table(p, s["about"], "praise_about", "n", w("c_about", lang))
    p.section(w("s_stars", lang))
    hdr = [
        w(k, lang)
        for k in (
            "c_rank", "c_clerk", "c_score", "c_enrolled", "c_on_time", "c_survey", "c_praise",
            "c_service_complaints", "c_sales",
        )
    ]  # fmt: skip
    body = [
        [
            str(c["rank"]),
            c["name"] or w("unknown_clerk", lang),
            f"{c['score']:.1f}",
            f"{c['enrolled']:,}",
            f"{c['calls_on_time']:,}",
            "—" if c["survey"] is None else f"{c['survey']:.2f}",
            f"{c['praise']:,}",
            f"{c['complaints']:,}",
            value_text("sales_fen", c["sales_fen"]),
        ]
        for c in s["clerks"]
    ]
    widths = [0.07, 0.15, 0.09, 0.11, 0.11, 0.1, 0.09, 0.12, 0.16]
    p.table(hdr, body, widths, row_h=0.23, left_cols=2)
    p.paragraph(w("stars_def", lang), size=7.5, width_chars=60 if lang == "zh" else 110)
    return p.fig


def _page_segments(report: dict[str, Any], lang: str) -> Figure:
    s = report["sections"]["segments"]
    p = Page(report, lang, w("s_segments", lang))
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
    p.table(head(lang), rows, [0.46, 0.18, 0.18, 0.18], row_h=0.23)
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
    p = Page(report, lang, w("s_follow_up", lang))
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
                    v += f" ({change_text(k, ch, lang)})"
                cells.append(v)
            body.append(cells)
        hdr = [w("c_clerk", lang)] + [
            w(f"c_{k}", lang) for k in ("due", "done", "overdue", "calls", "reached", "rate")
        ]
        # the rate column carries "(+0.9 个百分点)": the widest cells
        p.table(hdr, body, [0.09, 0.13, 0.14, 0.13, 0.14, 0.15, 0.22], size=7.5, row_h=0.24)
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
            integer_axis(ax.yaxis)
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
    p = Page(report, lang, w("s_top", lang))
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
            _page_service(report, lang, tiers),
            _page_staff(report, lang),
        ]
        made = report.get("made_at") or dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        for n, fig in enumerate(figs, start=1):
            footer(fig, w("made", lang, at=made), w("page", lang, n=n, total=len(figs)))
    return figs


def render_rgba(fig: Figure, dpi: float) -> tuple[int, int, bytes]:
    """A page drawn at ``dpi`` (a printer's resolution): ``(width, height, RGBA bytes)``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    w_, h_ = canvas.get_width_height()
    return w_, h_, bytes(canvas.buffer_rgba())
