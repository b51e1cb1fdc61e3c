"""Chinese renders everywhere: system CJK fonts first, the bundled subset last."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontMetrics

from app import plotting
from app.paths import project_root, resource
from ui import fonts

# Characters people have in their names that are outside GB2312 (but in GBK).
NAME_CHARS = "堃喆玥昇赟淼琦璟镕"


def gb2312_hanzi() -> str:
    chars = []
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.append(bytes([lead, trail]).decode("gb2312"))
    return "".join(chars)


def test_the_bundled_font_is_an_ofl_licensed_file_under_8_mb():
    path = resource("fonts", fonts.BUNDLED_FONT_FILE)
    assert path.exists()
    assert path.stat().st_size < 8_000_000
    licence = resource("fonts", "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert resource("fonts", "make_subset.py").exists()


def test_the_bundled_font_registers_and_covers_gb2312_names_and_punctuation(gui_app):
    assert fonts.BUNDLED_FAMILY in fonts.register_bundled_font()
    metrics = QFontMetrics(QFont(fonts.BUNDLED_FAMILY))
    hanzi = gb2312_hanzi()
    assert len(hanzi) == 6763
    text = hanzi + NAME_CHARS + "，。：；！？（）《》【】“”…—、￥ABCabc0123456789¥·"
    missing = [c for c in text if not metrics.inFontUcs4(ord(c))]
    assert missing == []


def test_the_application_font_lists_system_cjk_fonts_first_and_the_bundled_one_last(gui_app):
    families = gui_app.font().families()
    assert families[-1] == fonts.BUNDLED_FAMILY
    assert all(f in fonts.CJK_FAMILIES for f in families[:-1])
    assert gui_app.font().pointSizeF() == fonts.BASE_POINT_SIZE


def test_qt_and_matplotlib_use_the_same_font_list():
    assert plotting.CJK_FAMILIES == fonts.CJK_FAMILIES
    assert plotting.BUNDLED_FAMILY == fonts.BUNDLED_FAMILY
    assert plotting.BUNDLED_FONT_FILE == fonts.BUNDLED_FONT_FILE


LAYOUT_SCRIPT = r"""
import sys
from PySide6.QtGui import QTextLayout
from ui.application import create_application
app = create_application()
layout = QTextLayout("贵宾管家：王芳，会员 2,000 名", app.font())
layout.beginLayout(); layout.createLine(); layout.endLayout()
for run in layout.glyphRuns():
    assert 0 not in run.glyphIndexes(), "a box (.notdef) in " + run.rawFont().familyName()
    print(run.rawFont().familyName())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses a fontconfig file")
def test_a_machine_without_any_cjk_font_renders_chinese_with_the_bundled_font(tmp_path: Path):
    """A fontconfig setup with only DejaVu (no CJK font at all), like a bare Linux box."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not dejavu.is_dir():
        pytest.skip("DejaVu fonts not installed")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{dejavu}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FONTCONFIG_FILE=str(conf))
    proc = subprocess.run(
        [sys.executable, "-c", LAYOUT_SCRIPT],
        cwd=project_root(),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    families = set(proc.stdout.split("\n")) - {""}
    assert fonts.BUNDLED_FAMILY in families


def test_chinese_text_in_the_ui_uses_real_glyphs_on_this_machine(gui_app):
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout("会员今日回访分析积分反馈报表导入导出设置", gui_app.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    assert runs
    for run in runs:
        assert 0 not in run.glyphIndexes(), run.rawFont().familyName()
