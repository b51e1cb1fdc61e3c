"""The analytics page's words in the UI language: its labels (``app.labels`` groups
``analytics_ui`` and ``analytics_more``), a segment's name, and the sentences about the
forecasting models and the period's moves. Text only: no widgets, no database."""

from __future__ import annotations

from typing import Any

from app import labels
from app.analytics import breakdowns
from app.margin_charts import group_name
from ui import i18n

KIND_GROUP = {
    "layer": "pyramid_layer",
    "loyalty_cell": "loyalty_cell",
    "value_cell": "value_cell",
    "lifecycle": "lifecycle",
    "type": "customer_type",
    "strategy": "strategy",
}


def word(key: str, **params: Any) -> str:
    text = labels.word("analytics_ui", key, i18n.current_language())
    return text.format(**params) if params else text


def more_word(key: str, **params: Any) -> str:
    text = labels.word("analytics_more", key, i18n.current_language())
    return text.format(**params) if params else text


def segment_name(kind: str, code: str, lang: str) -> str:
    if kind == "rf":
        return f"R{code[1]} F{code[3]}"
    if kind == "margin":
        return labels.word("margin_ui", code, lang)
    if kind in breakdowns.DIMENSIONS:
        dim = labels.word("margin_ui", f"dim_{kind}", lang).split("（")[0].split(" (")[0]
        return f"{dim} · {group_name(kind, code, lang)}"
    return labels.word(KIND_GROUP.get(kind, kind), code, lang)


def model_sentence(models: dict[str, Any]) -> str:
    """Which model forecasts and why, in plain words."""
    check = models.get("check")
    if not check:
        return more_word("no_check")
    win = check["model"]
    lose = "bgnbd" if win == "pareto_nbd" else "pareto_nbd"
    return more_word(
        "check",
        months=check["months"],
        winner=more_word(win),
        err_win=f"{100 * check[f'error_{win}']:.1f}%",
        err_lose=f"{100 * check[f'error_{lose}']:.1f}%",
    )


def details_text(models: dict[str, Any]) -> str:
    """The fitted parameters (behind the details toggle)."""
    bg, pn, gg = models.get("bgnbd"), models.get("pareto_nbd"), models.get("gamma_gamma")
    if not bg:
        return ""
    dash = "—"
    lines = [
        more_word(
            "details_text",
            r=f"{bg['r']:.3f}",
            alpha=f"{bg['alpha']:.2f}",
            a=f"{bg['a']:.3f}",
            b=f"{bg['b']:.3f}",
            pr=f"{pn['r']:.3f}" if pn else dash,
            palpha=f"{pn['alpha']:.2f}" if pn else dash,
            ps=f"{pn['s']:.3f}" if pn else dash,
            pbeta=f"{pn['beta']:.2f}" if pn else dash,
            p=f"{gg['p']:.2f}" if gg else dash,
            q=f"{gg['q']:.2f}" if gg else dash,
            gamma=f"{gg['gamma']:,.0f}" if gg else dash,
        )
    ]
    check = models.get("check")
    if check:
        lines.append(
            more_word(
                "details_check",
                months=check["months"],
                actual=f"{check['actual']:,.0f}",
                bg=f"{check['forecast_bgnbd']:,.0f}",
                pn=f"{check['forecast_pareto_nbd']:,.0f}",
            )
        )
    return "\n".join(lines)


def flows_text(mv: dict[str, Any], top: int = 6) -> str:
    """The largest moves of each model, as "黄金层 → 钢铁层: 1,234" lines."""
    lang = i18n.current_language()
    lines = []
    for key, group in (("pyramid", "pyramid_layer"), ("lifecycle", "lifecycle")):
        for flow, n in list(mv[key]["flows"].items())[:top]:
            a, b = flow.split("->")
            lines.append(f"{labels.word(group, a, lang)} → {labels.word(group, b, lang)}: {n:,}")
    return "\n".join(lines)
