"""The report as an .xlsx workbook: one sheet per section, written by
``app.excel.xlsxstream``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.labels import word
from app.report.format import (
    SUMMARY_ROWS,
    TOP_MEMBER_COLUMNS,
    code_label,
    event_rows,
    figure_label,
    note_text,
)
from app.report.words import w


def write_xlsx(
    report: dict[str, Any],
    path: str | Path,
    *,
    lang: str = "zh",
    tiers: dict[str, Any] | None = None,
) -> int:
    """One sheet per section (figures with last month and the change; money in yuan,
    rates as fractions). Phones masked. Returns the number of sheets. Written through
    :func:`app.files.atomic_file`."""
    from app.excel.xlsxstream import Workbook
    from app.files import atomic_file

    with atomic_file(Path(path)) as af:
        book = Workbook(af.tmp)
        try:
            sheets = _fill(book, report, lang, tiers)
            book.close()
        except BaseException:
            book.abort()
            raise
    return sheets


def _fill(book: Any, report: dict[str, Any], lang: str, tiers: dict[str, Any] | None) -> int:
    tiers = tiers if tiers is not None else report.get("tiers")
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
        subs = {"sales": (("by_tier", "tier"), ("by_layer", "pyramid_layer"))}
        subs["gifts"] = (("by_tier", "tier"),)  # gift cost per tier (issue #19)
        if section in subs:
            for sub, group in subs[section]:
                sh.write([""], ["text"])
                sh.write([w(f"s_{section}_{sub}", lang)], ["head"])
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
        if section == "events" and s["events"]:  # one row per event (issue #19)
            heads, rows = event_rows(s["events"], lang)
            sh.write([""], ["text"])
            sh.write([w("s_events_list", lang)], ["head"])
            sh.write(heads, ["head"] * len(heads))
            for e, row in zip(s["events"], rows, strict=True):
                sh.write(
                    [row[0], e["invited"], e["accepted"], e["attended"], e["sales_fen"]],
                    ["text", "default", "default", "default", "money"],
                )
        if section == "staff":  # the service-star ranking (issue #19)
            _stars(sh, s, lang)
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
    return sheets


STAR_COLUMNS = (
    ("c_rank", "int", "rank"),
    ("c_clerk", "text", "name"),
    ("c_score", "default", "score"),
    ("c_enrolled", "int", "enrolled"),
    ("c_on_time", "int", "calls_on_time"),
    ("c_survey", "default", "survey"),
    ("c_praise", "int", "praise"),
    ("c_service_complaints", "int", "complaints"),
    ("c_sales", "money", "sales_fen"),
)


def _stars(sh: Any, s: dict[str, Any], lang: str) -> None:
    """服务之星: one row per clerk, best first, below the staff figures."""
    sh.write([""], ["text"])
    sh.write([w("s_stars", lang)], ["head"])
    sh.write([w(c, lang) for c, _k, _f in STAR_COLUMNS], ["head"] * len(STAR_COLUMNS))
    for c in s["clerks"]:
        vals = [c[f] for _c, _k, f in STAR_COLUMNS]
        vals[1] = vals[1] or w("unknown_clerk", lang)
        sh.write(vals, [k for _c, k, _f in STAR_COLUMNS])
    sh.write([w("stars_def", lang)], ["wrap"])
