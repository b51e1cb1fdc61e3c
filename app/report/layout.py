"""The pages' layout: an A4 figure with a cursor moving down (:class:`Page`: text,
section headings, rules, tables, axes), the colours, the table of figures with last
month and the change, and the footer. matplotlib is imported inside the functions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.plotting import configure_matplotlib
from app.report.format import change_text, figure_label, month_title, value_text
from app.report.words import w

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


class Page:
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


def integer_axis(axis: Any) -> None:
    """Ticks on whole numbers with thousands separators (counts of people, calls)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))


def change_colour(key: str, c: Any) -> str | None:
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


def figure_rows(
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
        colours.append([None, None, MUTED, change_colour(k, f["change"])])
    return rows, colours


def head(lang: str, first: str | None = None) -> list[str]:
    return [
        first or w("figure", lang),
        w("this_month", lang),
        w("last_month", lang),
        w("change", lang),
    ]


def footer(fig: Figure, left: str, right: str) -> None:
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
