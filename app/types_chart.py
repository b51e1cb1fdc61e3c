"""The customer-types chart of the analytics page (issue #17): effective vs
ineffective customers, and how many are discount-, frequency- and amount-type, as
horizontal bars; each bar is clickable (kind ``type``) and drills down to its members
(``Segments.members_in("type", code)``). Its own module so the chart registry
(app/charts.py) stays as it is; it uses that module's drawing helpers."""

from __future__ import annotations

from typing import Any

from app import analytics as S
from app.charts import MUTED, TEXT, _figure, _pct, _people, _rect, _style, _title
from app.labels import word

TYPE_COLOURS = {
    "effective": "#43a047",
    "ineffective": "#b0bec5",
    "discount": "#fb8c00",
    "frequency": "#1e88e5",
    "amount": "#8e24aa",
}


def customer_types_chart(seg: S.Segments, *, lang: str = "zh") -> Any:
    """Top: effective / ineffective customers (they add up to the customers). Below a
    divider: the three buying habits (a customer can have several, or none); each bar's
    share is of the customers."""
    fig, ax = _figure()
    fig.subplots_adjust(left=0.2, right=0.9, top=0.84, bottom=0.1)
    counts = seg.counts()["customer_types"]
    customers = max(1, int(seg.facts.customer.sum()))
    _title(fig, "customer_types", lang, word("chart", "customer_types_note", lang))
    order = list(S.CUSTOMER_TYPES)
    ys = [0, 1, 2.5, 3.5, 4.5]
    widest = max(1, max(counts.values()))
    for y, code in zip(ys, order, strict=True):
        n = counts[code]
        ax.barh(y, n, height=0.7, color=TYPE_COLOURS[code])
        ax.text(
            n + widest * 0.01,
            y,
            f"{_people(n, lang)}  {_pct(n / customers)}",
            va="center",
            fontsize=10,
            color=TEXT,
        )
        _rect(fig, ax, "type", code, -widest, widest * 1.3, y - 0.5, y + 0.5)
    ax.axhline(1.75, color="#cfd8dc", linewidth=1, linestyle="--")
    ax.set_yticks(ys, [word("customer_type", c, lang) for c in order])
    ax.set_ylim(5.2, -0.7)
    ax.set_xlim(0, widest * 1.3)
    ax.set_xlabel(word("chart", "members", lang), color=MUTED)
    _style(ax)
    ax.tick_params(axis="y", labelsize=11, colors=TEXT)
    return fig
