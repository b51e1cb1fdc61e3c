"""The fonts of the report's PDF in reportlab: the bundled font (a TrueType subset of
Noto Sans CJK SC) and matplotlib's DejaVu Sans for the few signs it lacks, registered
once per process through reportlab's public ``pdfmetrics``/``TTFont``, with the metrics
the fast writer needs to place text where matplotlib puts it; and a quicker subset of
the bundled font for matplotlib's own PDF writer (:func:`install_quick_subset`)."""

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


_quick_subset_installed = False


def install_quick_subset() -> None:
    """Embed the bundled font in PDFs in half the time (0.3-0.45 s -> 0.12-0.16 s per
    PDF on the bench machine, where the report PDF spent about a quarter of its time).

    matplotlib subsets a Type 42 font with fontTools, which for the bundled 22,463-glyph
    font spends most of its time on things a PDF does not use: decompiling the GSUB/GPOS
    tables to follow layout features, and naming every glyph from the cmap. A PDF draws
    the glyphs matplotlib already laid out (with the full font) through a CIDToGIDMap and
    extracts text through its own ToUnicode map; only the outlines, metrics and the
    glyph-index map matter, and those are the same (tests/unit/test_reports.py compares
    them). So for the bundled font only, the subset drops the layout tables and names
    the glyphs by number; other fonts, and any failure, take matplotlib's own path.
    Patches matplotlib's private ``_backend_pdf_ps.get_glyphs_subset`` once per process;
    without it (another matplotlib) nothing changes."""
    global _quick_subset_installed
    if _quick_subset_installed:
        return
    _quick_subset_installed = True
    try:
        from fontTools import subset
        from matplotlib.backends import _backend_pdf_ps as pdfps

        original = pdfps.get_glyphs_subset
        results = pdfps.SubsetResults
    except (ImportError, AttributeError):
        return
    from app.paths import resource

    bundled = resource("fonts", BUNDLED_FONT_FILE).resolve()

    def get_glyphs_subset(fontfile: Any, glyphs: Any) -> Any:
        path = getattr(fontfile, "path", fontfile)
        try:
            if Path(str(path)).resolve() != bundled:
                return original(fontfile, glyphs)
            return quick_subset(str(path), glyphs)
        except Exception:  # any surprise: matplotlib's own way
            return original(fontfile, glyphs)

    def quick_subset(path: str, glyphs: Any) -> Any:
        options = subset.Options(glyph_names=False, recommended_glyphs=True)
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "FFTM", "meta"]
        font = subset.load_font(path, options, lazy=True)
        try:
            n = font["maxp"].numGlyphs
            font.setGlyphOrder([".notdef", *(f"g{i}" for i in range(1, n))])
            subsetter = subset.Subsetter(options=options)
            subsetter.populate(gids=glyphs)
            subsetter.subset(font)
        except BaseException:
            font.close()
            raise
        return results(font, subsetter.glyph_index_map)._as_cm()

    get_glyphs_subset.matplotlib_own = original  # type: ignore[attr-defined]
    pdfps.get_glyphs_subset = get_glyphs_subset
