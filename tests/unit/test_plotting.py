"""Matplotlib draws Chinese: no "Glyph ... missing from font(s)" anywhere.

The check has teeth: ``test_the_glyph_check_catches_an_unconfigured_matplotlib`` draws
the same chart with matplotlib's defaults and sees the warning.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from app import plotting
from app.paths import project_root

matplotlib = pytest.importorskip("matplotlib")

LABELS = ["真朋友", "蝴蝶", "藤壶", "陌生人"]
TITLE = "会员忠诚度 × 价值（2026 年 11 月）"


def draw_chart(path: Path) -> list[str]:
    """Draw a bar chart with Chinese labels to PNG (Agg); return glyph warnings."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = Figure(figsize=(6, 4), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.bar(LABELS, [412, 288, 157, -35], color="#2f6f8f")
        ax.set_title(TITLE)
        ax.set_xlabel("客户类型")
        ax.set_ylabel("人数（负数为流失）")
        fig.savefig(path)
    return [
        str(w.message)
        for w in caught
        if "missing from font" in str(w.message) or "Glyph" in str(w.message)
    ]


def test_a_chart_with_chinese_labels_renders_without_missing_glyphs(tmp_path: Path):
    plotting.configure_matplotlib(backend="Agg")
    out = tmp_path / "chart.png"
    assert draw_chart(out) == []
    assert out.stat().st_size > 5_000


def test_the_glyph_check_catches_an_unconfigured_matplotlib(tmp_path: Path):
    """Proof the test above would fail without configure_matplotlib()."""
    with matplotlib.rc_context(matplotlib.rcParamsDefault):
        problems = draw_chart(tmp_path / "boxes.png")
    assert problems, "matplotlib's default font has hanzi? then this test proves nothing"
    assert any("missing from font" in p for p in problems)


def test_the_bundled_font_alone_draws_the_chart(tmp_path: Path):
    """What a machine with no CJK font at all gets: our subset, and no boxes."""
    plotting.configure_matplotlib(backend="Agg")
    with matplotlib.rc_context({"font.family": [plotting.BUNDLED_FAMILY]}):
        assert draw_chart(tmp_path / "bundled.png") == []


def test_configure_sets_the_fallback_list_and_an_ascii_minus():
    plotting.configure_matplotlib()
    rc = matplotlib.rcParams
    assert rc["axes.unicode_minus"] is False
    sans = rc["font.sans-serif"]
    assert sans[: len(plotting.font_families())] == plotting.font_families()
    assert sans.index(plotting.BUNDLED_FAMILY) == len(plotting.CJK_FAMILIES)  # ours last
    assert rc["font.family"][-1] == "sans-serif"
    assert plotting.BUNDLED_FAMILY in plotting.available_families()
    assert rc["font.family"][:-1] == plotting.available_families()


def test_importing_plotting_does_not_import_matplotlib():
    code = "import sys, app.plotting; assert 'matplotlib' not in sys.modules"
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project_root(),
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
