"""The feedback charts as matplotlib ``Figure`` objects (``Figure()``, never pyplot, so
they work in a Qt canvas, a PNG report or a test alike), from the data of
``app.feedback``:

* :func:`quadrant_chart` — importance × satisfaction: satisfaction across, importance
  up, the axes crossing at the overall means, the four quadrants tinted and named
  (急需改进 top left, 继续保持 top right, 不占优先 bottom left, 锦上添花 bottom right),
  each factor a point at its means, coloured by its quadrant;
* :func:`trend_chart` — mean satisfaction per factor and the overall rating by month;
* :func:`lost_chart` — members marked lost per month, stacked by reason.

Words come from ``app.labels`` (groups ``feedback_chart``, ``survey_factor``,
``quadrant``, ``lost_reason``). No Qt here; matplotlib is imported inside the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.labels import word
from app.plotting import configure_matplotlib

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

SIZE = (9.0, 5.6)
DPI = 100
TEXT = "#263238"
MUTED = "#607d8b"
QUADRANT_COLOURS = {
    "improve": "#d84315",
    "keep": "#2e7d32",
    "low_priority": "#78909c",
    "bonus": "#1565c0",
}
QUADRANT_TINTS = {
    "improve": "#fdecea",
    "keep": "#e8f5e9",
    "low_priority": "#f2f4f5",
    "bonus": "#e3f2fd",
}
SERIES = ("#1565c0", "#ef8f00", "#2e7d32", "#8e24aa", "#00838f", "#c62828", "#6d4c41")
LOST_COLOURS = {
    "quality_unstable": "#c62828",
    "no_novelty": "#ef8f00",
    "poor_service": "#8e24aa",
    "competitor": "#1565c0",
    "price": "#00838f",
    "moved_away": "#78909c",
    "other": "#bdbdbd",
}


def _figure() -> tuple[Figure, Axes]:
    configure_matplotlib()
    from matplotlib.figure import Figure

    fig = Figure(figsize=SIZE, dpi=DPI, facecolor="white")
    ax = fig.subplots()
    return fig, ax


def _style(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#b0bec5")
    ax.tick_params(colors=MUTED, labelsize=9)


def _empty(fig: Figure, ax: Axes, title: str, lang: str) -> Figure:
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        word("feedback_chart", "no_data", lang),
        ha="center",
        va="center",
        fontsize=13,
        color=MUTED,
        transform=ax.transAxes,
    )
    fig.suptitle(title, fontsize=13, color=TEXT)
    return fig


def _month_ticks(ax: Axes, months: list[str], lang: str = "zh") -> None:
    """Month labels (2025年12月 / 2025-12), every n-th when there are many (at most ~18)."""
    step = max(1, -(-len(months) // 18))
    ticks = list(range(0, len(months), step))
    ax.set_xticks(ticks)
    ax.set_xticklabels(
        [
            word("report", "month_of", lang).format(y=int(months[i][:4]), m=int(months[i][5:7]))
            for i in ticks
        ],
        rotation=45 if len(ticks) > 8 else 0,
        ha="right" if len(ticks) > 8 else "center",
    )


def factor_name(code: str, lang: str) -> str:
    """A factor's label (an owner's own factor is its own label)."""
    return word("survey_factor", code, lang)


def _limits(values: list[float], axis: float) -> tuple[float, float]:
    lo, hi = min([*values, axis]), max([*values, axis])
    pad = max(0.25, (hi - lo) * 0.2)
    return max(1.0, lo - pad), min(5.0, hi + pad)


def quadrant_chart(data: dict[str, Any], *, lang: str = "zh") -> Figure:
    """``data`` is ``app.feedback.importance_satisfaction(...)``."""
    fig, ax = _figure()
    title = word("feedback_chart", "quadrant_title", lang)
    factors = data["factors"]
    axes = data["axes"]
    if not factors or axes["importance"] is None:
        return _empty(fig, ax, title, lang)
    ax_s, ax_i = axes["satisfaction"], axes["importance"]
    xs = [f["satisfaction"] for f in factors]
    ys = [f["importance"] for f in factors]
    x0, x1 = _limits(xs, ax_s)
    y0, y1 = _limits(ys, ax_i)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    # the quadrants: tint and name in the outer corner
    cells = (
        ("improve", x0, ax_s, ax_i, y1, (0.02, 0.97), "left", "top"),
        ("keep", ax_s, x1, ax_i, y1, (0.98, 0.97), "right", "top"),
        ("low_priority", x0, ax_s, y0, ax_i, (0.02, 0.03), "left", "bottom"),
        ("bonus", ax_s, x1, y0, ax_i, (0.98, 0.03), "right", "bottom"),
    )
    for code, a, b, c, d, (tx, ty), ha, va in cells:
        ax.fill_between([a, b], c, d, color=QUADRANT_TINTS[code], zorder=0, linewidth=0)
        ax.text(
            tx,
            ty,
            word("quadrant", code, lang),
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=14,
            color=QUADRANT_COLOURS[code],
            alpha=0.8,
        )
    ax.axvline(ax_s, color="#90a4ae", linestyle="--", linewidth=1, zorder=1)
    ax.axhline(ax_i, color="#90a4ae", linestyle="--", linewidth=1, zorder=1)
    mean = word("feedback_chart", "mean_line", lang)
    ax.annotate(
        mean.format(value=f"{ax_s:.2f}"),
        (ax_s, y0),
        xytext=(4, 4),
        textcoords="offset points",
        fontsize=8,
        color=MUTED,
    )
    ax.annotate(
        mean.format(value=f"{ax_i:.2f}"),
        (x0, ax_i),
        xytext=(4, 4),
        textcoords="offset points",
        fontsize=8,
        color=MUTED,
    )
    for f in factors:
        colour = QUADRANT_COLOURS[f["quadrant"]]
        ax.scatter(
            [f["satisfaction"]],
            [f["importance"]],
            s=90,
            color=colour,
            edgecolor="white",
            linewidth=1.5,
            zorder=3,
        )
        # points in the right third are labelled on their left, so the label stays inside
        right = f["satisfaction"] > x0 + (x1 - x0) * 0.62
        ax.annotate(
            f"{factor_name(f['factor'], lang)}  ({f['satisfaction']:.2f}, {f['importance']:.2f})",
            (f["satisfaction"], f["importance"]),
            xytext=(-8, 6) if right else (8, 6),
            textcoords="offset points",
            ha="right" if right else "left",
            fontsize=10,
            color=TEXT,
            zorder=4,
        )
    _style(ax)
    ax.set_xlabel(word("feedback_chart", "satisfaction_axis", lang), color=TEXT)
    ax.set_ylabel(word("feedback_chart", "importance_axis", lang), color=TEXT)
    subtitle = word("feedback_chart", "surveys_n", lang).format(n=f"{data['surveys']:,}")
    fig.suptitle(f"{title}  ·  {subtitle}", fontsize=13, color=TEXT)
    # laid out again at every draw, at the size it is drawn (a page's chart is resized)
    fig.set_layout_engine("tight")
    return fig


def trend_chart(trend: dict[str, Any], *, lang: str = "zh") -> Figure:
    """``trend`` is ``app.feedback.satisfaction_trend(...)``."""
    fig, ax = _figure()
    title = word("feedback_chart", "trend_title", lang)
    months = trend["months"]
    if not months:
        return _empty(fig, ax, title, lang)
    x = list(range(len(months)))
    for i, (factor, values) in enumerate(trend["factors"].items()):
        points = [(xi, v) for xi, v in zip(x, values, strict=True) if v is not None]
        ax.plot(
            [p[0] for p in points],
            [p[1] for p in points],
            marker="o",
            markersize=4,
            linewidth=1.6,
            color=SERIES[i % len(SERIES)],
            label=factor_name(factor, lang),
        )
    overall = [(xi, v) for xi, v in zip(x, trend["overall"], strict=True) if v is not None]
    if overall:
        ax.plot(
            [p[0] for p in overall],
            [p[1] for p in overall],
            color=TEXT,
            linewidth=2.6,
            linestyle="--",
            label=word("feedback_chart", "overall", lang),
        )
    _month_ticks(ax, months, lang)
    ax.set_ylim(1, 5.2)
    ax.set_ylabel(word("feedback_chart", "satisfaction_axis", lang), color=TEXT)
    ax.grid(axis="y", color="#eceff1")
    _style(ax)
    ax.legend(loc="lower left", fontsize=9, ncols=3, frameon=False)
    fig.suptitle(title, fontsize=13, color=TEXT)
    # laid out again at every draw, at the size it is drawn (a page's chart is resized)
    fig.set_layout_engine("tight")
    return fig


def lost_chart(lost: dict[str, Any], *, lang: str = "zh") -> Figure:
    """``lost`` is ``app.feedback.lost_reasons(...)``."""
    fig, ax = _figure()
    title = word("feedback_chart", "lost_title", lang)
    months = lost["months"]
    if not months or not lost["total"]:
        return _empty(fig, ax, title, lang)
    x = list(range(len(months)))
    bottom = [0] * len(months)
    for code, values in lost["by_month"].items():
        if not any(values):
            continue
        ax.bar(
            x,
            values,
            bottom=bottom,
            color=LOST_COLOURS.get(code, "#bdbdbd"),
            label=f"{word('lost_reason', code, lang)} ({lost['counts'][code]})",
            width=0.7,
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    _month_ticks(ax, months, lang)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(word("feedback_chart", "members_axis", lang), color=TEXT)
    ax.grid(axis="y", color="#eceff1")
    ax.set_axisbelow(True)
    _style(ax)
    # above the bars, under the title: it stays whole however narrow the canvas is
    # two columns: whole even at the ~480 px the churn tab gives it at 1366 x 768
    ax.legend(loc="lower left", fontsize=9, frameon=False, bbox_to_anchor=(0, 1.0), ncols=2)
    fig.suptitle(title, fontsize=13, color=TEXT)
    # laid out again at every draw, at the size it is drawn (a page's chart is resized)
    fig.set_layout_engine("tight")
    return fig


def save_png(fig: Figure, path: Any, *, dpi: int = DPI) -> None:
    """Write ``fig`` as PNG (a path or a binary file object)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.savefig(path, format="png", dpi=dpi, facecolor="white")
