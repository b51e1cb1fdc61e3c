"""Charts never cut their labels (issue 20, item 4): every chart the pages draw, built on
the demo store's data and drawn at the sizes the UI gives it, keeps everything it draws
(titles, tick and axis labels, legends, notes) inside the canvas: the figure's tight
bounding box lies within the figure."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from app import analytics, charts, feedback, feedback_charts
from app.db import open_db
from app.plotting import configure_matplotlib, render_rgba

# (width, height) in logical pixels: about the chart area of the analytics and feedback
# pages at 1366 x 768 (a little less, for a narrower splitter) and at 1920 x 1080.
SIZES = ((600, 420), (640, 460), (1100, 700))
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
    for width, height in SIZES:
        fig = builders[key](lang=lang)
        render_rgba(fig, width, height)
        out = _outside(fig)
        if out:
            problems[f"{width}x{height}"] = out
    assert not problems, f"{key} ({lang}) cut: {problems}"
