"""app.feedback.charts: the quadrant, trend and lost-reason charts draw (Agg, PNG)
without a missing glyph in both languages and with the bundled font alone, on the demo
store and on an empty period; the quadrant chart puts each factor where its means are."""

from __future__ import annotations

import datetime as dt
import io
import logging
import warnings

import pytest

from app import feedback, plotting
from app.feedback import charts as feedback_charts

matplotlib = pytest.importorskip("matplotlib")
TODAY = dt.date.today()


@pytest.fixture(scope="module")
def data(_demo_template, tmp_path_factory):
    import shutil

    from app.db import open_db

    path = tmp_path_factory.mktemp("fbcharts") / "demo.db"
    shutil.copy(_demo_template, path)
    db = open_db(path)
    try:
        start = TODAY - dt.timedelta(days=3 * 365)
        yield {
            "quadrant": feedback.importance_satisfaction(db, start, TODAY),
            "trend": feedback.satisfaction_trend(db, start, TODAY),
            "lost": feedback.lost_reasons(db, start, TODAY),
        }
    finally:
        db.close()


CHARTS = {
    "quadrant": feedback_charts.quadrant_chart,
    "trend": feedback_charts.trend_chart,
    "lost": feedback_charts.lost_chart,
}
EMPTY = {
    "quadrant": {
        "surveys": 0,
        "axes": {"importance": None, "satisfaction": None},
        "overall_mean": None,
        "factors": [],
    },
    "trend": {"months": [], "factors": {}, "overall": [], "surveys": []},
    "lost": {"counts": {}, "months": [], "by_month": {}, "total": 0},
}


def render(fig) -> tuple[bytes, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        buf = io.BytesIO()
        feedback_charts.save_png(fig, buf)
    problems = [
        str(w.message) for w in caught if "Glyph" in str(w.message) or "missing" in str(w.message)
    ]
    return buf.getvalue(), problems


@pytest.mark.parametrize("name", list(CHARTS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_chart_draws_without_missing_glyphs(data, name, lang, caplog):
    assert data[name] != EMPTY[name]  # the demo store has surveys and lost members
    with caplog.at_level(logging.WARNING, logger="matplotlib"):
        png, problems = render(CHARTS[name](data[name], lang=lang))
    assert problems == []
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000


@pytest.mark.parametrize("name", list(CHARTS))
def test_the_bundled_font_alone_has_every_glyph(data, name):
    plotting.configure_matplotlib()
    with matplotlib.rc_context({"font.family": [plotting.BUNDLED_FAMILY]}):
        _, problems = render(CHARTS[name](data[name], lang="zh"))
        _, empty_problems = render(CHARTS[name](EMPTY[name], lang="zh"))
    assert problems == [] and empty_problems == []


def test_every_feedback_word_is_covered_by_the_bundled_font():
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from app.labels import WORDS

    plotting.configure_matplotlib()
    path = font_manager.findfont(plotting.BUNDLED_FAMILY, fallback_to_default=False)
    cmap = FT2Font(path).get_charmap()
    groups = ("feedback_chart", "survey_factor", "quadrant", "lost_reason", "complaint_category")
    text = "".join(zh for g in groups for zh, _en in WORDS[g].values()) + "×·–"
    assert sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmap}) == []


def test_the_quadrant_chart_puts_points_at_the_means_and_the_axes_at_the_overall_means():
    quad = {
        "surveys": 2,
        "axes": {"importance": 3.0, "satisfaction": 3.5},
        "overall_mean": 4.0,
        "factors": [
            {
                "factor": "quality",
                "importance": 5.0,
                "satisfaction": 2.0,
                "n": 2,
                "quadrant": "improve",
            },
            {
                "factor": "price",
                "importance": 1.0,
                "satisfaction": 5.0,
                "n": 2,
                "quadrant": "bonus",
            },
        ],
    }
    fig = feedback_charts.quadrant_chart(quad, lang="zh")
    ax = fig.axes[0]
    from matplotlib.collections import PathCollection

    points = [tuple(c.get_offsets()[0]) for c in ax.collections if isinstance(c, PathCollection)]
    assert points == [(2.0, 5.0), (5.0, 1.0)]
    lines = {(tuple(line.get_xdata()), tuple(line.get_ydata())) for line in ax.get_lines()}
    assert ((3.5, 3.5), (0, 1)) in lines  # the satisfaction axis (axvline)
    assert ((0, 1), (3.0, 3.0)) in lines  # the importance axis (axhline)
    texts = {t.get_text() for t in ax.texts}
    assert {"急需改进", "继续保持", "不占优先", "锦上添花"} <= texts
