"""The analytics charts as matplotlib ``Figure`` objects (built with ``Figure()``, never
pyplot, so they work in a Qt canvas, a PNG/PDF report or a test alike), plus a hit
test that maps a click to the layer or cell under it.

Every builder takes an ``app.analytics.Segments`` and ``lang`` ("zh"/"en"), calls
``app.plotting.configure_matplotlib()`` (Chinese fonts) and returns a Figure whose
clickable regions are recorded on it: ``hit_test(fig, ax, x, y)`` with ``x, y`` in
that axes' data coordinates (what a matplotlib mouse event carries as ``xdata``,
``ydata``) returns ``(kind, code)`` — e.g. ``("layer", "gold")``,
``("loyalty_cell", "butterfly")``, ``("rf", "r5f3")``, ``("lifecycle", "dormant")`` —
ready for ``Segments.members_in(kind, code)``, or None.

Charts: :func:`pyramid_chart` (counts and share of spend per layer),
:func:`loyalty_matrix_chart` and :func:`value_matrix_chart` (quadrant charts with the
members' density and the count per cell), :func:`rfm_chart` (R × F counts coloured by
mean M), :func:`lifecycle_chart` (the funnel), :func:`monthly_chart` (sales and active
members). Words come from ``app.labels`` (groups ``chart``, ``pyramid_layer`` …).

No Qt here (app/ never imports it); matplotlib is imported inside the functions, so
importing this module costs nothing until a chart is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from app import analytics as S
from app.analytics.series import month_so_far
from app.labels import word
from app.plotting import configure_matplotlib

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

SIZE = (9.0, 5.6)  # inches; 900 x 560 px at 100 dpi
DPI = 100

LAYER_COLOURS = {
    "platinum": "#9fb3c8",
    "gold": "#e3b448",
    "iron": "#6f8597",
    "lead": "#4d5863",
    "inactive": "#d5d8dc",
}
EXTRA_LAYER_COLOURS = ("#b48ead", "#88c0d0", "#a3be8c", "#d08770")
# one colour per strategy, so a matrix cell and its strategy look alike
STRATEGY_COLOURS = {
    "deep_care": "#2e7d32",
    "deep_acquisition": "#1565c0",
    "deep_mining": "#ef8f00",
    "long_term_nurture": "#78909c",
}
LIFECYCLE_COLOURS = {
    "prospect": "#cfd8dc",
    "new": "#90caf9",
    "repeat": "#42a5f5",
    "loyal": "#1565c0",
    "dormant": "#ffb74d",
    "lost": "#e57373",
}
TEXT = "#263238"
MUTED = "#607d8b"

_REGIONS = "_vip_regions"


# ------------------------------------------------------------------ helpers


def _figure(nrows: int = 1, ncols: int = 1, **kw: Any) -> tuple[Figure, Any]:
    configure_matplotlib()
    from matplotlib.figure import Figure

    fig = Figure(figsize=SIZE, dpi=DPI, facecolor="white")
    axes = fig.subplots(nrows, ncols, **kw)
    setattr(fig, _REGIONS, [])
    return fig, axes


def _region(fig: Figure, ax: Axes, kind: str, code: str, xs: Any, ys: Any) -> None:
    """Record a clickable polygon (data coordinates of ``ax``)."""
    from matplotlib.path import Path

    getattr(fig, _REGIONS).append((ax, kind, code, Path(np.column_stack([xs, ys]))))


def _rect(
    fig: Figure, ax: Axes, kind: str, code: str, x0: float, x1: float, y0: float, y1: float
) -> None:
    _region(fig, ax, kind, code, [x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0])


def hit_test(
    fig: Figure, ax: Axes | None, x: float | None, y: float | None
) -> tuple[str, str] | None:
    """``(kind, code)`` of the region of ``ax`` (any axes when None) containing the
    data point (x, y), or None."""
    if x is None or y is None or not np.isfinite(x) or not np.isfinite(y):
        return None
    for region_ax, kind, code, path in getattr(fig, _REGIONS, []):
        if (ax is None or region_ax is ax) and path.contains_point((x, y)):
            return kind, code
    return None


def regions(fig: Figure) -> list[tuple[str, str]]:
    """Every clickable (kind, code) of a chart, in drawing order."""
    return [(kind, code) for _ax, kind, code, _p in getattr(fig, _REGIONS, [])]


def month_label(month: str, lang: str) -> str:
    """ "2025-12" as the report writes a month: 2025年12月 / 2025-12 (never "25-12")."""
    return word("report", "month_of", lang).format(y=int(month[:4]), m=int(month[5:7]))


def _people(n: int, lang: str) -> str:
    return word("chart", "people", lang).format(n=f"{n:,}")


def _pct(v: float) -> str:
    return f"{100 * v:.1f}%"


def _title(fig: Figure, key: str, lang: str, subtitle: str = "") -> None:
    fig.suptitle(
        word("chart", key, lang), x=0.02, y=0.975, ha="left", va="top", fontsize=14, color=TEXT
    )
    if subtitle:  # a fixed distance under the title, whatever the canvas' height
        from matplotlib.transforms import offset_copy

        below = offset_copy(fig.transFigure, fig=fig, y=-20, units="points")
        fig.text(0.02, 0.975, subtitle, ha="left", va="top", fontsize=10, color=MUTED,
                 transform=below)  # fmt: skip


def _empty(fig: Figure, ax: Axes, lang: str, key: str = "no_data") -> None:
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        word("chart", key, lang),
        ha="center",
        va="center",
        fontsize=13,
        color=MUTED,
        transform=ax.transAxes,
    )


def _layer_colour(code: str, i: int) -> str:
    return LAYER_COLOURS.get(code, EXTRA_LAYER_COLOURS[i % len(EXTRA_LAYER_COLOURS)])


def _style(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color("#b0bec5")
    ax.spines["bottom"].set_color("#b0bec5")
    ax.tick_params(colors=MUTED, labelsize=9)


# ------------------------------------------------------------------ pyramid


def pyramid_chart(seg: S.Segments, *, lang: str = "zh") -> Figure:
    """Left: the pyramid, one band per layer (top layer first) with its members and
    share of 12-month spend, the inactive members in a grey bar below. Right: share of
    customers against share of spend per layer (the 80/20 picture)."""
    fig, (ax, bx) = _figure(1, 2, gridspec_kw={"width_ratios": [1.6, 1]})
    fig.subplots_adjust(left=0.02, right=0.97, top=0.84, bottom=0.1, wspace=0.1)
    counts = seg.counts()["pyramid"]
    codes = list(seg.layer_codes)
    ranked = codes[:-1]  # the pyramid proper; "inactive" last
    share = seg.layer_spend_share
    subtitle = (
        word("chart", "top20", lang).format(share=_pct(seg.top20_share))
        if seg.top20_share is not None
        else ""
    )
    _title(fig, "pyramid", lang, subtitle)

    k = len(ranked)
    band = 1.0 / k
    ax.set_xlim(-1.05, 1.5)  # room right of the narrow tip for its label
    ax.set_ylim(-0.32, 1.02)
    ax.set_axis_off()
    for i, code in enumerate(ranked):  # i = 0 is the top
        top, bottom = 1.0 - i * band, 1.0 - (i + 1) * band
        wt, wb = 0.12 + 0.88 * i / k, 0.12 + 0.88 * (i + 1) / k
        xs = [-wb, wb, wt, -wt, -wb]
        ys = [bottom, bottom, top, top, bottom]
        colour = _layer_colour(code, i)
        ax.fill(xs, ys, color=colour, edgecolor="white", linewidth=2)
        dark = code in ("iron", "lead")
        label = f"{word('pyramid_layer', code, lang)}  {_people(counts[code], lang)}"
        sub = f"{word('chart', 'spend_share', lang)} {_pct(share.get(code, 0.0))}"
        y = (top + bottom) / 2
        colour_text = "white" if dark else TEXT
        if i == 0:  # the tip is narrow: write beside it
            ax.text(wb + 0.04, y + 0.03, label, ha="left", va="center", fontsize=10.5, color=TEXT)
            ax.text(wb + 0.04, y - 0.05, sub, ha="left", va="center", fontsize=9, color=MUTED)
        else:
            ax.text(0, y + 0.025, label, ha="center", va="center", fontsize=10.5, color=colour_text)
            ax.text(0, y - 0.05, sub, ha="center", va="center", fontsize=9, color=colour_text)
        _region(fig, ax, "layer", code, xs, ys)
    # inactive members: a grey bar under the pyramid
    inactive = codes[-1]
    ax.fill(
        [-1, 1, 1, -1, -1],
        [-0.28, -0.28, -0.08, -0.08, -0.28],
        color=LAYER_COLOURS["inactive"],
        edgecolor="white",
    )
    ax.text(
        0,
        -0.18,
        f"{word('pyramid_layer', inactive, lang)}  {_people(counts[inactive], lang)}",
        ha="center",
        va="center",
        fontsize=10.5,
        color=TEXT,
    )
    _rect(fig, ax, "layer", inactive, -1, 1, -0.28, -0.08)

    # right: share of customers vs share of spend
    active = sum(counts[c] for c in ranked)
    if not active:
        _empty(fig, bx, lang)
        return fig
    ys = np.arange(k)[::-1]
    cust = np.array([counts[c] / active if active else 0.0 for c in ranked])
    spend = np.array([share.get(c, 0.0) for c in ranked])
    h = 0.36
    bx.barh(ys + h / 2, cust, height=h, color="#cfd8dc", label=word("chart", "members", lang))
    bars = bx.barh(
        ys - h / 2,
        spend,
        height=h,
        color=[_layer_colour(c, i) for i, c in enumerate(ranked)],
        label=word("chart", "spend_share", lang),
    )
    for y, c, s in zip(ys, cust, spend, strict=True):
        bx.text(c + 0.01, y + h / 2, _pct(c), va="center", fontsize=8.5, color=MUTED)
        bx.text(s + 0.01, y - h / 2, _pct(s), va="center", fontsize=8.5, color=TEXT)
    bx.set_yticks(ys, [word("pyramid_layer", c, lang) for c in ranked])
    bx.set_xlim(0, max(1e-9, float(max(cust.max(initial=0), spend.max(initial=0)))) * 1.25)
    bx.xaxis.set_major_formatter(_percent_formatter())
    # upper right: the top layers' bars are short, the bottom ones long (they met there)
    bx.legend(handles=[bx.containers[0], bars], loc="upper right", frameon=False, fontsize=9)
    _style(bx)
    for y, code in zip(ys, ranked, strict=True):
        _rect(fig, bx, "layer", code, 0, 1e9, y - 0.5, y + 0.5)
    return fig


def _percent_formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{100 * v:.0f}%")


# ------------------------------------------------------------------ matrices


def _matrix(
    seg: S.Segments,
    *,
    lang: str,
    title: str,
    kind: str,
    cells: tuple[str, ...],
    x: np.ndarray,
    y: np.ndarray,
    x_thr: float,
    y_thr: float,
    x_label: str,
    y_label: str,
    x_log: bool,
    y_log: bool,
) -> Figure:
    """A quadrant chart: members' density, threshold lines, the four cells with their
    names, counts and strategies. Cell order: (x high, y high), (x high, y low),
    (x low, y high), (x low, y low)."""
    fig, ax = _figure()
    fig.subplots_adjust(left=0.12, right=0.97, top=0.86, bottom=0.11)  # y label whole at 600 px
    _title(fig, title, lang)
    counts = seg.counts()["loyalty_matrix" if kind == "loyalty_cell" else "value_matrix"]
    if len(x) == 0:
        _empty(fig, ax, lang)
        return fig
    linthresh = 100.0
    lo_x, hi_x = _limits(x, x_log)
    lo_y, hi_y = _limits(y, y_log)

    def edges(lo: float, hi: float, log: bool, n: int = 70) -> np.ndarray:
        if not log:
            return np.linspace(lo, hi, n + 1)
        return _symlog_inverse(
            np.linspace(_symlog(lo, linthresh), _symlog(hi, linthresh), n + 1), linthresh
        )

    ex, ey = edges(lo_x, hi_x, x_log), edges(lo_y, hi_y, y_log)
    hist, _, _ = np.histogram2d(np.clip(x, lo_x, hi_x), np.clip(y, lo_y, hi_y), bins=(ex, ey))
    hist = np.ma.masked_equal(hist.T, 0)
    for log, setter in ((x_log, ax.set_xscale), (y_log, ax.set_yscale)):
        if log:
            setter("symlog", linthresh=linthresh, linscale=0.4)
    # quadrant tints
    quads = {
        cells[0]: (x_thr, hi_x, y_thr, hi_y),
        cells[1]: (x_thr, hi_x, lo_y, y_thr),
        cells[2]: (lo_x, x_thr, y_thr, hi_y),
        cells[3]: (lo_x, x_thr, lo_y, y_thr),
    }
    for code, (x0, x1, y0, y1) in quads.items():
        colour = STRATEGY_COLOURS[S.STRATEGY_OF[code]]
        ax.fill([x0, x1, x1, x0], [y0, y0, y1, y1], color=colour, alpha=0.09, linewidth=0)
    ax.pcolormesh(ex, ey, np.log1p(hist), cmap="Greys", alpha=0.55, shading="flat", rasterized=True)
    ax.axvline(x_thr, color=MUTED, linestyle="--", linewidth=1)
    ax.axhline(y_thr, color=MUTED, linestyle="--", linewidth=1)
    ax.set_xlim(lo_x, hi_x)
    ax.set_ylim(lo_y, hi_y)
    # labels at the middle of each quadrant, in axes coordinates
    fx = _axes_fraction(ax, "x", x_thr)
    fy = _axes_fraction(ax, "y", y_thr)
    spots = {
        cells[0]: ((1 + fx) / 2, (1 + fy) / 2),
        cells[1]: ((1 + fx) / 2, fy / 2),
        cells[2]: (fx / 2, (1 + fy) / 2),
        cells[3]: (fx / 2, fy / 2),
    }
    for code, (sx, sy) in spots.items():
        colour = STRATEGY_COLOURS[S.STRATEGY_OF[code]]
        ax.text(
            sx,
            sy + 0.035,
            word(kind, code, lang),
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=15,
            color=colour,
        )
        ax.text(
            sx,
            sy - 0.04,
            f"{_people(counts[code], lang)} · {word('strategy', S.STRATEGY_OF[code], lang)}",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=9.5,
            color=TEXT,
            bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "none", "alpha": 0.8},
        )
    ax.set_xlabel(x_label, color=TEXT, fontsize=10)
    ax.set_ylabel(y_label, color=TEXT, fontsize=10)
    if x_log:
        ax.xaxis.set_major_formatter(_money_formatter())
    if y_log:
        ax.yaxis.set_major_formatter(_money_formatter())
    _style(ax)
    big = 1e15
    for code, (x0, x1, y0, y1) in quads.items():
        # "high" is strictly above the threshold: the lines belong to the low cells
        _rect(
            fig,
            ax,
            kind,
            code,
            -big if x0 == lo_x else x0,
            big if x1 == hi_x else x1,
            -big if y0 == lo_y else y0,
            big if y1 == hi_y else y1,
        )
    return fig


def _limits(v: np.ndarray, log: bool) -> tuple[float, float]:
    if not log:
        return 0.0, 1.0
    hi = float(np.nanquantile(v, 0.995)) if len(v) else 1.0
    return 0.0, max(hi * 1.3, 1000.0)  # net spend below 0 (returns) is drawn at 0


def _symlog(v: Any, c: float) -> Any:
    v = np.asarray(v, dtype=float)
    return np.sign(v) * np.log10(1 + np.abs(v) / c)


def _symlog_inverse(u: Any, c: float) -> Any:
    return np.sign(u) * c * (10 ** np.abs(u) - 1)


def _axes_fraction(ax: Axes, which: str, value: float) -> float:
    lo, hi = ax.get_xlim() if which == "x" else ax.get_ylim()
    scale = ax.xaxis.get_transform() if which == "x" else ax.yaxis.get_transform()
    a, b, v = scale.transform([lo, hi, value])
    return float(np.clip((v - a) / (b - a), 0.0, 1.0)) if b != a else 0.5


def _thousands_formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{v:,.0f}")


def _money_formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    def fmt(v: float, _pos: int) -> str:
        if abs(v) >= 10_000:
            return f"{v / 10_000:g}万"
        return f"{v:,.0f}"

    return FuncFormatter(fmt)


def loyalty_matrix_chart(seg: S.Segments, *, lang: str = "zh") -> Figure:
    """Loyalty (x, 0–1) × lifetime spend (y, yuan): 知己/藤壶/蝴蝶/过客."""
    c = seg.facts.customer
    return _matrix(
        seg,
        lang=lang,
        title="loyalty_matrix",
        kind="loyalty_cell",
        cells=("true_friend", "barnacle", "butterfly", "stranger"),
        # x = loyalty, y = value: (loyal, valuable) first -> reorder for the helper
        x=seg.loyalty[c],
        y=seg.facts.spend_fen[c] / 100.0,
        x_thr=seg.thresholds.get("loyalty", 0.5),
        y_thr=seg.thresholds.get("value_fen", 0.0) / 100.0,
        x_label=word("chart", "loyalty_axis", lang),
        y_label=word("chart", "value_axis", lang),
        x_log=False,
        y_log=True,
    )


def value_matrix_chart(seg: S.Segments, *, lang: str = "zh") -> Figure:
    """Current value (x, last 12 months) × potential (y, forecast): 明星/现金/问题/瘦狗."""
    c = seg.facts.customer
    days = seg.rules.clv_forecast_days
    if seg.potential_fen is None:
        fig, ax = _figure()
        _title(fig, "value_matrix", lang)
        _empty(fig, ax, lang, "no_forecast")
        return fig
    return _matrix(
        seg,
        lang=lang,
        title="value_matrix",
        kind="value_cell",
        cells=("star", "cash_cow", "question", "dog"),
        x=seg.facts.spend_12m_fen[c] / 100.0,
        y=seg.potential_fen[c] / 100.0,
        x_thr=seg.thresholds.get("current_fen", 0.0) / 100.0,
        y_thr=seg.thresholds.get("potential_fen", 0.0) / 100.0,
        x_label=word("chart", "current_axis", lang),
        y_label=word("chart", "potential_axis", lang).format(days=days),
        x_log=True,
        y_log=True,
    )


# ------------------------------------------------------------------ RFM


def rfm_chart(seg: S.Segments, *, lang: str = "zh") -> Figure:
    """R (rows, 5 = most recent at the top) × F (columns) with the members per cell,
    each cell coloured by its members' mean monetary value."""
    fig, ax = _figure()
    fig.subplots_adjust(left=0.1, right=0.93, top=0.86, bottom=0.11)
    _title(fig, "rfm", lang)
    counts, mean = seg.rf_grid()
    if counts.sum() == 0:
        _empty(fig, ax, lang)
        return fig
    img = ax.imshow(
        np.ma.masked_invalid(mean),
        origin="lower",
        cmap="YlOrRd",
        aspect="auto",
        extent=(0.5, 5.5, 0.5, 5.5),
    )
    bar = fig.colorbar(img, ax=ax, fraction=0.05, pad=0.02)
    bar.set_label(word("chart", "mean_m", lang), color=TEXT, fontsize=9.5)
    bar.ax.yaxis.set_major_formatter(_money_formatter())
    bar.ax.tick_params(labelsize=8.5, colors=MUTED)
    finite = mean[np.isfinite(mean)]
    mid = float(np.nanmedian(finite)) if len(finite) else 0.0
    hi = float(np.nanmax(finite)) if len(finite) else 1.0
    for r in range(5):
        for f in range(5):
            n = int(counts[r, f])
            m = mean[r, f]
            dark = np.isfinite(m) and m > mid + 0.5 * (hi - mid)
            text = _people(n, lang)
            if np.isfinite(m):
                text += f"\n¥{m:,.0f}"
            ax.text(
                f + 1,
                r + 1,
                text,
                ha="center",
                va="center",
                fontsize=9,
                color="white" if dark else TEXT,
            )
            _rect(fig, ax, "rf", f"r{r + 1}f{f + 1}", f + 0.5, f + 1.5, r + 0.5, r + 1.5)
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.set_xlabel(word("chart", "f_axis", lang), color=TEXT, fontsize=10)
    ax.set_ylabel(word("chart", "r_axis", lang), color=TEXT, fontsize=10)
    ax.tick_params(colors=MUTED, labelsize=9, length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return fig


# ------------------------------------------------------------------ lifecycle


def lifecycle_chart(seg: S.Segments, *, lang: str = "zh") -> Figure:
    """The lifecycle funnel: one centred bar per state in the order a customer moves
    (prospect → first purchase → repeat → loyal), then the states of customers being
    lost (dormant → lost) under a divider; width ∝ members, count and share beside it."""
    fig, ax = _figure()
    fig.subplots_adjust(left=0.03, right=0.97, top=0.86, bottom=0.04)
    counts = seg.counts()["lifecycle"]
    total = max(1, sum(counts.values()))
    _title(fig, "lifecycle", lang)
    order = list(S.LIFECYCLE)  # prospect, new, repeat, loyal, dormant, lost
    widest = max(1, max(counts.values()))
    ax.set_xlim(-1.08, 1.75)
    ax.set_ylim(len(order) - 0.1, -0.55)
    ax.set_axis_off()
    cx, half = 0.22, 0.68  # the bars' centre and largest half-width
    for i, code in enumerate(order):
        y = i + (0.35 if i >= 4 else 0.0)  # a gap before the customers being lost
        w = max(0.01, half * counts[code] / widest)
        ax.fill(
            [cx - w, cx + w, cx + w, cx - w],
            [y - 0.36, y - 0.36, y + 0.36, y + 0.36],
            color=LIFECYCLE_COLOURS[code],
            linewidth=0,
        )
        ax.text(
            -1.06, y, word("lifecycle", code, lang), ha="left", va="center", fontsize=11, color=TEXT
        )
        ax.text(
            cx + w + 0.04,
            y,
            f"{_people(counts[code], lang)}  {_pct(counts[code] / total)}",
            ha="left",
            va="center",
            fontsize=10,
            color=TEXT,
        )
        _rect(fig, ax, "lifecycle", code, -1.08, 1.75, y - 0.5, y + 0.5)
    ax.plot([-1.06, 1.7], [3.67, 3.67], color="#cfd8dc", linewidth=1, linestyle="--")
    return fig


# ------------------------------------------------------------------ monthly


def monthly_chart(seg: S.Segments, *, lang: str = "zh") -> Figure:
    """Net sales per month (bars, 10k yuan) and members buying that month (line)."""
    fig, ax = _figure()
    # room under the axis for "2025年12月" at 45 degrees
    fig.subplots_adjust(left=0.08, right=0.93, top=0.86, bottom=0.18)
    _title(fig, "monthly", lang)
    months = seg.monthly
    if not months:
        _empty(fig, ax, lang)
        return fig
    xs = np.arange(len(months))
    sales = np.array([m["sales_fen"] for m in months]) / 1_000_000  # 10k yuan
    active = np.array([m["active_members"] for m in months])
    new = np.array([m["new_customers"] for m in months])
    # The current month is drawn "so far" (本月至今): a pale bar with a dashed edge (a
    # hatch cost ~70 ms of rendering), hollow markers not
    # joined to the lines, and how many of its days have passed, so an unfinished month
    # never looks like a collapse.
    as_of = seg.facts.as_of
    so_far = month_so_far(as_of) if months[-1]["month"] == f"{as_of:%Y-%m}" else None
    part = so_far is not None
    full = len(months) - 1 if part else len(months)
    ax.bar(
        xs[:full], sales[:full], color="#90a4ae", width=0.7, label=word("chart", "sales_axis", lang)
    )
    labels = [month_label(m["month"], lang) for m in months]
    if part:
        ax.bar(
            xs[-1:],
            sales[-1:],
            color="#eceff1",
            edgecolor="#90a4ae",
            linestyle="--",
            linewidth=1.2,
            width=0.7,
            label=word("analytics_more", "so_far", lang),
        )
        labels[-1] = word("analytics_more", "so_far_tick", lang)
    # (no axis titles: the legend names both scales, and a narrow canvas would clip them)
    ax.set_ylim(0, max(1e-9, float(sales.max())) * 1.22)  # room for the legend
    ax.yaxis.set_major_formatter(_thousands_formatter())
    ax.set_xticks(xs, labels, rotation=45, ha="right")
    _style(ax)
    tx = ax.twinx()
    for values, colour, marker, size, width, key in (
        (active, "#1565c0", "o", 3.5, 1.8, "active_axis"),
        (new, "#ef8f00", "s", 3, 1.4, "new_customers"),
    ):
        style = {"color": colour, "marker": marker, "markersize": size, "linewidth": width}
        tx.plot(xs[:full], values[:full], label=word("chart", key, lang), **style)
        if part:  # the month so far: a hollow marker, not joined to the full months
            tx.plot(xs[-1:], values[-1:], linestyle="none", markerfacecolor="white", **style)
    if so_far is not None:
        ax.annotate(
            word("analytics_more", "days_so_far", lang).format(days=so_far[0], of=so_far[1]),
            (xs[-1], sales[-1]),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            color=MUTED,
        )
    tx.set_ylim(0, max(1, int(max(active.max(), new.max()) * 1.22)))
    tx.yaxis.set_major_formatter(_thousands_formatter())
    tx.tick_params(colors=MUTED, labelsize=9)
    for side in ("top",):
        tx.spines[side].set_visible(False)
    handles = [*ax.get_legend_handles_labels()[0], *tx.get_legend_handles_labels()[0]]
    tx.legend(handles=handles, loc="upper left", frameon=False, fontsize=9, ncols=2 if part else 3)
    for i, m in enumerate(months):
        _rect(fig, ax, "month", m["month"], i - 0.5, i + 0.5, -1e12, 1e12)
    return fig


CHARTS: dict[str, Callable[..., Figure]] = {
    "pyramid": pyramid_chart,
    "loyalty_matrix": loyalty_matrix_chart,
    "value_matrix": value_matrix_chart,
    "rfm": rfm_chart,
    "lifecycle": lifecycle_chart,
    "monthly": monthly_chart,
}


def save_png(fig: Figure, path: Any, *, dpi: int = DPI) -> None:
    """Render with Agg (no GUI) to a PNG file or binary stream."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.savefig(path, format="png", dpi=dpi)


def _regions_of(fig: Figure) -> list[tuple[Any, str, str, Any]]:
    """(axes, kind, code, path) of every clickable region (for tests)."""
    return list(getattr(fig, _REGIONS, []))
