"""app.charts: every chart draws (Agg, PNG) without a missing glyph, in both languages
and with the bundled font alone; the hit test maps clicks to the right layer/cell."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import warnings

import numpy as np
import pytest

from app import analytics as segments
from app import charts, plotting
from app.paths import project_root

matplotlib = pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def seg(_demo_template, tmp_path_factory):
    import shutil

    from app.db import open_db

    path = tmp_path_factory.mktemp("charts") / "demo.db"
    shutil.copy(_demo_template, path)
    db = open_db(path)
    try:
        yield segments.analyze(db)
    finally:
        db.close()


def render(fig) -> tuple[bytes, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        buf = io.BytesIO()
        charts.save_png(fig, buf)
    problems = [
        str(w.message) for w in caught if "Glyph" in str(w.message) or "missing" in str(w.message)
    ]
    return buf.getvalue(), problems


@pytest.mark.parametrize("name", list(charts.CHARTS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_chart_draws_without_missing_glyphs(seg, name, lang, caplog):
    with caplog.at_level(logging.WARNING, logger="matplotlib"):
        fig = charts.CHARTS[name](seg, lang=lang)
        png, problems = render(fig)
    assert problems == []
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    assert fig.get_size_inches().tolist() == list(charts.SIZE)


@pytest.mark.parametrize("name", list(charts.CHARTS))
def test_the_bundled_font_alone_has_every_glyph(seg, name):
    """A machine without any CJK font: our subset must cover every word we draw."""
    plotting.configure_matplotlib()
    with matplotlib.rc_context({"font.family": [plotting.BUNDLED_FAMILY]}):
        _, problems = render(charts.CHARTS[name](seg, lang="zh"))
    assert problems == []


def test_every_chart_word_is_covered_by_the_bundled_font():
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from app.labels import WORDS

    plotting.configure_matplotlib()
    path = font_manager.findfont(plotting.BUNDLED_FAMILY, fallback_to_default=False)
    cmap = FT2Font(path).get_charmap()
    groups = (
        "chart",
        "pyramid_layer",
        "loyalty_cell",
        "value_cell",
        "lifecycle",
        "strategy",
        "customer_type",
        "analytics_ui",
    )
    text = "".join(zh for g in groups for zh, _en in WORDS[g].values()) + "¥·×→人万"
    missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmap})
    assert missing == []


def _centre(path) -> tuple[float, float]:
    v = path.vertices
    x0, x1 = np.clip([v[:, 0].min(), v[:, 0].max()], -1e6, 1e6)
    y0, y1 = np.clip([v[:, 1].min(), v[:, 1].max()], -1e6, 1e6)
    return (x0 + x1) / 2, (y0 + y1) / 2


def test_pyramid_hit_test_finds_every_layer(seg):
    fig = charts.pyramid_chart(seg)
    ax = fig.axes[0]
    found = set()
    for region_ax, kind, code, path in charts._regions_of(fig):
        if region_ax is ax:
            x, y = _centre(path)
            assert charts.hit_test(fig, ax, x, y) == (kind, code)
            found.add(code)
    assert found == set(seg.layer_codes)
    assert charts.hit_test(fig, ax, -1.04, 1.0) is None  # beside the tip
    assert charts.hit_test(fig, ax, None, None) is None


def test_matrix_hit_test_follows_the_thresholds(seg):
    fig = charts.loyalty_matrix_chart(seg)
    ax = fig.axes[0]
    thr_l = seg.thresholds["loyalty"]
    thr_v = seg.thresholds["value_fen"] / 100
    assert charts.hit_test(fig, ax, thr_l + 0.01, thr_v * 2) == ("loyalty_cell", "true_friend")
    assert charts.hit_test(fig, ax, thr_l + 0.01, thr_v / 2) == ("loyalty_cell", "barnacle")
    assert charts.hit_test(fig, ax, thr_l - 0.01, thr_v * 2) == ("loyalty_cell", "butterfly")
    assert charts.hit_test(fig, ax, thr_l - 0.01, thr_v / 2) == ("loyalty_cell", "stranger")
    fig = charts.value_matrix_chart(seg)
    ax = fig.axes[0]
    c, p = seg.thresholds["current_fen"] / 100, seg.thresholds["potential_fen"] / 100
    assert charts.hit_test(fig, ax, c * 3, p * 3) == ("value_cell", "star")
    assert charts.hit_test(fig, ax, c * 3, p / 3) == ("value_cell", "cash_cow")
    assert charts.hit_test(fig, ax, c / 3, p * 3) == ("value_cell", "question")
    assert charts.hit_test(fig, ax, c / 3, p / 3) == ("value_cell", "dog")


def test_rfm_cells_and_counts_agree_with_the_segments(seg):
    fig = charts.rfm_chart(seg)
    ax = fig.axes[0]
    assert charts.hit_test(fig, ax, 5.0, 1.2) == ("rf", "r1f5")
    counts, _ = seg.rf_grid()
    assert len(seg.members_in("rf", "r1f5")) == counts[0, 4]
    assert sum(
        len(seg.members_in("rf", f"r{r}f{f}")) for r in range(1, 6) for f in range(1, 6)
    ) == int(seg.facts.customer.sum())


def test_lifecycle_and_monthly_regions(seg):
    fig = charts.lifecycle_chart(seg)
    assert {code for kind, code in charts.regions(fig)} == set(segments.LIFECYCLE)
    fig = charts.monthly_chart(seg)
    assert [code for _k, code in charts.regions(fig)] == [m["month"] for m in seg.monthly]


def test_charts_of_an_empty_store_say_so(db):
    seg = segments.analyze(db)
    for name, build in charts.CHARTS.items():
        png, problems = render(build(seg))
        assert problems == [] and len(png) > 5_000, name


def test_importing_charts_does_not_import_matplotlib():
    code = "import sys, app.charts; assert 'matplotlib' not in sys.modules"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=project_root(), capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
