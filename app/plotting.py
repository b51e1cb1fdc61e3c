"""Matplotlib set up to draw Chinese: the font fallback list and the bundled font.

Out of the box matplotlib draws every hanzi as an empty box (DejaVu Sans has none) and
warns "Glyph ... missing from font(s)". ``configure_matplotlib()`` fixes that for the
whole process: the same platform families the Qt UI uses (``ui/fonts.py``; a test keeps
the two lists equal), then the OFL subset of Noto Sans CJK SC shipped in
``resources/fonts`` as the last resort, and an ASCII minus sign (the Unicode one, U+2212,
is missing from most CJK fonts).

This module imports matplotlib only inside its functions: importing it costs ~0.6 s,
which must not land before the first paint, so the GUI imports this module only when a
chart page opens. It has no Qt import (``app/`` never has).
"""

from __future__ import annotations

from typing import Any

from app.paths import resource

# System fonts first, by platform (the first installed wins); ui/fonts.py uses this list.
CJK_FAMILIES: tuple[str, ...] = (
    # Windows
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "SimHei",
    "SimSun",
    # macOS
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    # Linux
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)
BUNDLED_FONT_FILE = "VIPKeeperSansSC-Regular.ttf"
BUNDLED_FAMILY = "VIP Keeper Sans SC"

_configured = False


def font_families() -> list[str]:
    """The sans-serif list handed to matplotlib: system CJK fonts, then ours."""
    return [*CJK_FAMILIES, BUNDLED_FAMILY]


def configure_matplotlib(*, backend: str | None = None) -> None:
    """Make matplotlib render Chinese; idempotent, about 2 ms after the first call.

    ``backend`` (e.g. ``"Agg"`` for PNG/PDF in reports and tests, ``"QtAgg"`` for chart
    pages) is passed to ``matplotlib.use`` when given.
    """
    global _configured
    import matplotlib

    if backend is not None:
        matplotlib.use(backend)
    if _configured:
        return
    from matplotlib import font_manager

    path = resource("fonts", BUNDLED_FONT_FILE)
    if path.exists():
        font_manager.fontManager.addfont(str(path))
    rc: dict[str, Any] = {
        # A list of concrete families makes matplotlib fall back glyph by glyph (3.6+);
        # the generic "sans-serif" alone would pick one font and box what it lacks. Only
        # installed families go in, so matplotlib logs no "font family not found".
        "font.family": [*available_families(), "sans-serif"],
        "font.sans-serif": [*font_families(), *matplotlib.rcParamsDefault["font.sans-serif"]],
        "axes.unicode_minus": False,
        # PDF/PS: embed TrueType outlines (Type 42), which keeps CJK text searchable.
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
    }
    matplotlib.rcParams.update(rc)
    _configured = True


def available_families() -> list[str]:
    """The families of ``font_families()`` that matplotlib can actually find here."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    return [f for f in font_families() if f in known]


def render_rgba(fig: Any, width: int, height: int, ratio: float = 1.0) -> dict[str, Any]:
    """Draw ``fig`` with Agg at ``width`` × ``height`` logical pixels (× ``ratio`` device
    pixels) and return the pixels and what a click needs, without touching Qt: a GUI can
    run this off its own thread and show the result as an image.

    Returns ``{"rgba": bytes, "width": w, "height": h, "ratio": ratio, "axes": [...]}``
    where ``w``/``h`` are device pixels and each axes entry is ``(axes, (x0, y0, x1,
    y1), inverse)``: its box in display pixels (origin bottom left, as matplotlib
    counts) and a frozen display → data transform, so a click can be mapped while the
    figure is drawn again elsewhere."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    base_dpi = 100.0
    fig.set_dpi(base_dpi * ratio)
    fig.set_size_inches(max(width, 1) / base_dpi, max(height, 1) / base_dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    buffer = canvas.buffer_rgba()
    h, w = buffer.shape[0], buffer.shape[1]
    axes = [
        (ax, tuple(float(v) for v in ax.bbox.extents), ax.transData.inverted().frozen())
        for ax in fig.axes
    ]
    return {"rgba": bytes(buffer), "width": w, "height": h, "ratio": ratio, "axes": axes}
