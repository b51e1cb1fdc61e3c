"""The fonts of the report's PDF in reportlab: the bundled font (a TrueType subset of
Noto Sans CJK SC) and matplotlib's DejaVu Sans for the few signs it lacks, registered
once per process through reportlab's public ``pdfmetrics``/``TTFont``, with the metrics
the fast writer needs to place text where matplotlib puts it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.plotting import BUNDLED_FONT_FILE

_RL_FONTS: dict[str, Any] = {}


def reportlab_fonts() -> dict[str, Any] | None:
    """The bundled font and matplotlib's DejaVu Sans (for the few signs the bundled font
    lacks, as the pages' font family has it) registered with reportlab once, with the
    bundled font's typographic ascender and descender (em units) that matplotlib
    centres a line of text with. None without reportlab."""
    if _RL_FONTS:
        return _RL_FONTS
    try:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
    except ImportError:
        return None
    import matplotlib
    from fontTools.ttLib import TTFont as FontFile

    from app.paths import resource

    bundled = resource("fonts", BUNDLED_FONT_FILE)
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    main, fallback = TTFont("VKSansSC", str(bundled)), TTFont("VKDejaVu", str(dejavu))
    pdfmetrics.registerFont(main)
    pdfmetrics.registerFont(fallback)
    with FontFile(str(bundled), lazy=True) as info:
        em = info["head"].unitsPerEm
        asc, desc = info["OS/2"].sTypoAscender / em, -info["OS/2"].sTypoDescender / em
    _RL_FONTS.update(
        main="VKSansSC",
        fallback="VKDejaVu",
        covered=set(main.face.charToGlyph),
        ascent=asc,
        descent=desc,
    )
    return _RL_FONTS
