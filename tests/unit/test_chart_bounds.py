"""Charts never cut their labels (issue 20, item 4): every chart the pages draw, built on
the demo store's data and drawn at the sizes the UI gives it, keeps everything it draws
(titles, tick and axis labels, legends, notes) inside the canvas: the figure's tight
bounding box lies within the figure."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from app import analytics, charts, feedback
from app.db import open_db
from app.feedback import charts as feedback_charts
from app.plotting import configure_matplotlib, render_rgba

# (width, height) in logical pixels: about the chart area of the analytics and feedback
# pages at 1366 x 768 (a little less, for a narrower splitter) and at 1920 x 1080.
SIZES = ((600, 420), (640, 460), (1100, 700))
# the feedback page's churn tab shares its width with the dormant list: ~490 x 560 there
NARROW = {"feedback.lost": ((480, 540),), "feedback.trend": ((480, 540),)}
TODAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def demo(tmp_path_factory, request):
    template = request.getfixturevalue("_demo_template")
    path = tmp_path_factory.mktemp("charts") / "demo.db"
    shutil.copy(template, path)
    db = open_db(path)
    yield db
    db.close()


@pytest.fixture(scope="module")
def builders(demo):
    configure_matplotlib()
    seg = analytics.analyze(demo, as_of=TODAY)
    start, end = TODAY - dt.timedelta(days=364), TODAY
    quad = feedback.importance_satisfaction(demo, start, end)
    trend = feedback.satisfaction_trend(demo, start, end)
    lost = feedback.lost_reasons(demo, start, end)
    built = {
        f"analytics.{key}": (lambda f=f, lang="zh": f(seg, lang=lang))
        for key, f in charts.CHARTS.items()
    }
    built["feedback.quadrant"] = lambda lang="zh": feedback_charts.quadrant_chart(quad, lang=lang)
    built["feedback.trend"] = lambda lang="zh": feedback_charts.trend_chart(trend, lang=lang)
    built["feedback.lost"] = lambda lang="zh": feedback_charts.lost_chart(lost, lang=lang)
    return built


def _outside(fig) -> list[str]:
    """What sticks out of the canvas, as 'left 12 px' etc. (1 px of rounding allowed)."""
    renderer = fig.canvas.get_renderer()
    tight = fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans)
    box = fig.bbox
    out = []
    if tight.x0 < box.x0 - 1:
        out.append(f"left {box.x0 - tight.x0:.0f} px")
    if tight.y0 < box.y0 - 1:
        out.append(f"bottom {box.y0 - tight.y0:.0f} px")
    if tight.x1 > box.x1 + 1:
        out.append(f"right {tight.x1 - box.x1:.0f} px")
    if tight.y1 > box.y1 + 1:
        out.append(f"top {tight.y1 - box.y1:.0f} px")
    return out


CHART_KEYS = [f"analytics.{k}" for k in charts.CHARTS] + [
    "feedback.quadrant",
    "feedback.trend",
    "feedback.lost",
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("key", CHART_KEYS)
def test_every_chart_keeps_its_labels_inside_the_canvas_at_the_ui_sizes(builders, key, lang):
    problems = {}
    for width, height in SIZES + NARROW.get(key, ()):
        fig = builders[key](lang=lang)
        render_rgba(fig, width, height)
        out = _outside(fig)
        if out:
            problems[f"{width}x{height}"] = out
    assert not problems, f"{key} ({lang}) cut: {problems}"


def _texts(fig) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def test_months_read_as_the_report_writes_them_and_points_are_in_chinese(demo, builders):
    """Months read "2025年12月" (never "25-12") in the charts and the report, and the
    Chinese report says 个百分点, never "pp" (it did on page 4)."""
    import re

    from app import report, reports

    monthly = _texts(builders["analytics.monthly"](lang="zh"))
    assert any(re.fullmatch(r"20\d\d年\d{1,2}月", t) for t in monthly), monthly
    short = re.compile(r"\d\d-\d\d")
    month = (TODAY.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    pages = report.pages(reports.build(demo, month, today=TODAY), lang="zh")
    texts = [t for fig in pages for t in _texts(fig)]
    assert not [t for t in texts if re.search(r"\bpp\b", t)]
    assert not [t for t in texts if short.fullmatch(t)]
    assert any(re.fullmatch(r"20\d\d年\d{1,2}月", t) for t in _texts(pages[1]))
    assert any("个百分点" in t for t in _texts(pages[3]))
    for key in ("feedback.trend", "feedback.lost"):
        assert not [t for t in _texts(builders[key](lang="zh")) if re.fullmatch(r"20\d\d-\d\d", t)]
