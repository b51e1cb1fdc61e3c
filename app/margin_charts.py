"""The analytics page's margin and breakdown charts (issue #19 items 6, 7), drawn like
app/charts.py's (``Figure()``, never pyplot; clickable regions for ``hit_test``):

* :func:`margin_chart` — 哪些客户对毛利额贡献较大: the members ranked by gross margin
  (app/analytics/margin.py), the cumulative share of the margin against the share of
  members (a Pareto curve) with the top 20% marked; the top 20% is clickable (kind
  ``margin``, code ``top``) and the drill-down lists them.
* :func:`breakdown_chart` — one dimension of app/analytics/breakdowns.py: each group's
  members and share of the margin as horizontal bars; each group is clickable (kind =
  the dimension, code = the group).

Words come from ``app.labels`` (groups ``margin_ui`` and ``age_band``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from app.analytics import breakdowns as B
from app.charts import MUTED, TEXT, _figure, _people, _rect, _style
from app.labels import word

MARGIN_COLOUR = "#2e7d32"
TOP_COLOUR = "#e3b448"
MEMBERS_COLOUR = "#90a4ae"


def _w(key: str, lang: str) -> str:
    return word("margin_ui", key, lang)


def group_name(dim: str, code: str, lang: str) -> str:
    """A group's name: the store's own word (an occupation, an area) as typed, an age
    band or "unknown"/"other" in ``lang``."""
    if code.startswith("~"):
        return _w(code[1:], lang)
    if dim == "age_band":
        return word("age_band", code, lang)
    return code


def _title(fig: Any, text: str, subtitle: str = "") -> None:
    fig.suptitle(text, x=0.02, y=0.975, ha="left", va="top", fontsize=14, color=TEXT)
    if subtitle:
        from matplotlib.transforms import offset_copy

        below = offset_copy(fig.transFigure, fig=fig, y=-20, units="points")
        fig.text(0.02, 0.975, subtitle, ha="left", va="top", fontsize=10, color=MUTED,
                 transform=below)  # fmt: skip


def margin_chart(seg: Any, *, lang: str = "zh") -> Any:
    """The Pareto curve of the members' gross margin (see the module text)."""
    fig, ax = _figure()
    fig.subplots_adjust(left=0.1, right=0.95, top=0.76, bottom=0.12)
    m = seg.margins
    values = np.sort(m.margin_fen[m.margin_fen > 0])[::-1] if m is not None else np.zeros(0)
    total = float(values.sum())
    if not len(values) or total <= 0:
        _title(fig, _w("margin_title", lang))
        ax.set_axis_off()
        ax.text(0.5, 0.5, word("chart", "no_data", lang), ha="center", va="center",
                fontsize=13, color=MUTED, transform=ax.transAxes)  # fmt: skip
        return fig
    n = len(values)
    x = np.arange(0, n + 1) / n * 100
    y = np.concatenate(([0.0], np.cumsum(values) / total * 100))
    k = max(1, int(np.ceil(n * 0.2)))
    share = float(values[:k].sum() / total)
    known = float(m.known_paid_fen.sum()) / max(1.0, float(m.spend_fen[m.spend_fen > 0].sum()))
    _title(
        fig,
        _w("margin_title", lang),
        _w("margin_note", lang).format(
            share=f"{100 * share:.1f}%",
            total=f"¥{round(total / 100):,}",
            known=f"{100 * min(known, 1.0):.0f}%",
        ),
    )
    top_x = k / n * 100
    ax.fill_between(x[: k + 1], 0, y[: k + 1], color=TOP_COLOUR, alpha=0.35, linewidth=0)
    ax.plot(x, y, color=MARGIN_COLOUR, linewidth=2)
    ax.plot([0, 100], [0, 100], color="#cfd8dc", linewidth=1, linestyle="--")
    ax.axvline(top_x, color=TOP_COLOUR, linewidth=1.2)
    ax.text(top_x + 1.5, y[k] - 6, _w("top20_label", lang).format(
        share=f"{100 * share:.0f}%", n=_people(k, lang)), ha="left", va="top",
        fontsize=10.5, color=TEXT)  # fmt: skip
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 104)
    ax.set_xlabel(_w("members_axis", lang), color=MUTED)
    ax.set_ylabel(_w("margin_axis", lang), color=MUTED)
    _style(ax)
    _rect(fig, ax, "margin", "top", 0, top_x, 0, 104)
    return fig


def breakdown_chart(seg: Any, dim: str, *, lang: str = "zh") -> Any:
    """Members (left) and share of the margin (right) per group of ``dim``."""
    rows = B.table(seg, dim)
    fig, (left, right) = _figure(1, 2, sharey=True)
    fig.subplots_adjust(left=0.16, right=0.95, top=0.8, bottom=0.15, wspace=0.08)
    _title(fig, _w(f"dim_{dim}", lang), _w("breakdown_note", lang))
    if not rows:
        for ax in (left, right):
            ax.set_axis_off()
        return fig
    ys = np.arange(len(rows))
    names = [group_name(dim, r["code"], lang) for r in rows]
    members = [r["members"] for r in rows]
    shares = [100 * r["margin_share"] for r in rows]
    left.barh(ys, members, height=0.7, color=MEMBERS_COLOUR)
    right.barh(ys, shares, height=0.7, color=MARGIN_COLOUR)
    widest, most = max(1, max(members)), max(1.0, max(shares))
    for y, n, s in zip(ys, members, shares, strict=True):
        left.text(n + widest * 0.02, y, f"{n:,}", va="center", fontsize=9, color=TEXT)
        right.text(s + most * 0.02, y, f"{s:.1f}%", va="center", fontsize=9, color=TEXT)
    left.set_yticks(ys, names)
    left.set_ylim(len(rows) - 0.5, -0.6)
    left.set_xlim(0, widest * 1.25)
    right.set_xlim(0, most * 1.25)
    left.set_xlabel(_w("members_count", lang), color=MUTED)
    right.set_xlabel(_w("margin_share_axis", lang), color=MUTED)
    for ax in (left, right):
        _style(ax)
    left.tick_params(axis="y", labelsize=10, colors=TEXT)
    for y, r in zip(ys, rows, strict=True):
        _rect(fig, left, dim, r["code"], -widest, widest * 1.25, y - 0.5, y + 0.5)
        _rect(fig, right, dim, r["code"], -most, most * 1.25, y - 0.5, y + 0.5)
    return fig
