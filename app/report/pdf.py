"""The report's PDF: :func:`write_pdf` writes the pages through reportlab
(:func:`write_pages_fast`: the pages' text and rules as PDF text and vectors, their
charts drawn by matplotlib and placed as images), and through matplotlib's own
``PdfPages`` any page that writer does not draw (or all of them with ``fast=False``).
Both embed the fonts through the libraries' public APIs: reportlab subsets what it
registered (``app.report.fonts``), matplotlib subsets the bundled font itself."""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from app.files import atomic_file
from app.plotting import BUNDLED_FAMILY
from app.report.fonts import reportlab_fonts
from app.report.paper import pages
from app.report.words import w

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def write_pdf(
    report: dict[str, Any],
    path: str | Path | IO[bytes],
    *,
    lang: str = "zh",
    tiers: dict[str, Any] | None = None,
    fast: bool = True,
) -> int:
    """Write the pages to a PDF (fonts embedded, text searchable); returns pages.

    The same pages print preview and print show (:func:`pages`), written by
    :func:`write_pages_fast` when every page is made of what it understands, else by
    matplotlib's own PDF backend (``fast=False`` forces that). A path is written through
    :func:`app.files.atomic_file` (never a half-written PDF)."""
    if not hasattr(path, "write"):
        with atomic_file(Path(path)) as af, open(af.tmp, "wb") as out:
            return write_pdf(report, out, lang=lang, tiers=tiers, fast=fast)
    figs = pages(report, lang=lang, tiers=tiers)
    meta = {
        "Title": f"{report['store_name']} {w('title', lang)} {report['month']}",
        "Creator": "VIP Keeper",
    }
    if fast and write_pages_fast(figs, path, meta):
        return len(figs)
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(path if hasattr(path, "write") else str(path), metadata=meta) as pdf:
        for fig in figs:
            pdf.savefig(fig)
    return len(figs)


CHART_DPI = 200  # charts in the fast PDF: a printer's resolution


def _simple_page(fig: Figure) -> bool:
    """True when the fast writer draws everything outside the charts exactly as
    matplotlib would: one-line, unrotated, centred-vertically text in the pages' font,
    straight lines and filled rectangles, all placed in figure coordinates."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    family = [BUNDLED_FAMILY, "DejaVu Sans"]
    for t in fig.texts:
        text = t.get_text()
        if (
            "\n" in text
            or "$" in text
            or t.get_rotation() != 0
            or t.get_va() != "center"
            or t.get_ha() not in ("left", "right", "center")
            or t.get_fontfamily() != family
            or t.get_fontstyle() != "normal"
            or t.get_bbox_patch() is not None
            or t.get_transform() is not fig.transFigure
        ):
            return False
    for a in fig.artists:
        placed = a.get_data_transform() if isinstance(a, Rectangle) else a.get_transform()
        if placed is not fig.transFigure:
            return False
        if isinstance(a, Line2D):
            if a.get_linestyle() != "-" or a.get_marker() not in (None, "None", ""):
                return False
        elif not isinstance(a, Rectangle) or a.get_angle() != 0:
            return False
    return not (fig.patches or fig.lines or fig.images or fig.legends or fig.subfigs)


def write_pages_fast(figs: list[Figure], path: str | Path | IO[bytes], meta: dict) -> bool:
    """The pages as a PDF through reportlab: the pages' text, lines and table stripes
    drawn as PDF text and vectors, each page's charts drawn once by matplotlib (Agg,
    :data:`CHART_DPI`) and placed as images. About 600 strings take reportlab ~0.04 s
    where matplotlib's PDF backend spends ~1 s laying each out twice; the charts' one
    draw per page is what the time goes on. Returns False (nothing written) when
    reportlab is missing or a page holds something this writer does not draw."""
    fonts = reportlab_fonts()
    if fonts is None or not all(_simple_page(f) for f in figs):
        return False
    from reportlab.pdfgen.canvas import Canvas

    width_in, height_in = figs[0].get_size_inches()
    size = (width_in * 72, height_in * 72)
    out: Any = path if hasattr(path, "write") else str(path)
    c = Canvas(
        out,
        pagesize=size,
        pageCompression=1,
        initialFontName=fonts["main"],  # else an unembedded Helvetica is named
        initialFontSize=9,
    )
    c.setTitle(meta.get("Title", ""))
    c.setCreator(meta.get("Creator", ""))
    for fig in figs:
        width_in, height_in = fig.get_size_inches()
        size = (width_in * 72, height_in * 72)
        c.setPageSize(size)
        _draw_page(c, fig, size, fonts)
        c.showPage()
    c.save()
    return True


def _draw_page(c: Any, fig: Figure, size: tuple[float, float], fonts: dict[str, Any]) -> None:
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pw, ph = size
    items: list[tuple[float, int, Any]] = [
        (a.get_zorder(), i, a) for i, a in enumerate([*fig.artists, *fig.texts])
    ]
    charts = _chart_images(fig) if fig.axes else []
    items += [(0.0, -1, img) for img in charts]  # axes draw at zorder 0, before lines
    main, fallback, covered = fonts["main"], fonts["fallback"], fonts["covered"]
    centre = (fonts["ascent"] - fonts["descent"]) / 2
    for _z, _i, a in sorted(items, key=lambda it: (it[0], it[1])):
        if isinstance(a, tuple):  # a chart: (x, y, w, h) in points, PIL image
            (x, y, w_, h_), image = a
            c.drawImage(image, x, y, w_, h_)
            continue
        if not a.get_visible():
            continue
        if isinstance(a, Line2D):
            r, g, b, alpha = to_rgba(a.get_color(), a.get_alpha())
            c.setStrokeColorRGB(r, g, b, alpha)
            c.setLineWidth(a.get_linewidth())
            c.setLineCap(2)  # matplotlib's "projecting" cap
            xs, ys = a.get_xdata(), a.get_ydata()
            for k in range(len(xs) - 1):
                c.line(xs[k] * pw, ys[k] * ph, xs[k + 1] * pw, ys[k + 1] * ph)
            continue
        if not hasattr(a, "get_text"):  # a Rectangle (table stripes)
            r, g, b, alpha = a.get_facecolor()
            c.setFillColorRGB(r, g, b, alpha)
            c.rect(a.get_x() * pw, a.get_y() * ph, a.get_width() * pw, a.get_height() * ph, 0, 1)
            continue
        text = a.get_text()
        if not text:
            continue
        fs = a.get_fontsize()
        runs: list[tuple[str, str]] = []
        for ch in text:
            font = main if ord(ch) in covered else fallback
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + ch)
            else:
                runs.append((font, ch))
        widths = [stringWidth(t, f, fs) for f, t in runs]
        fx, fy = a.get_position()
        x = fx * pw - {"left": 0.0, "right": 1.0, "center": 0.5}[a.get_ha()] * sum(widths)
        y = fy * ph - centre * fs
        r, g, b, alpha = to_rgba(a.get_color(), a.get_alpha())
        c.setFillColorRGB(r, g, b, alpha)
        for (font, t), wd in zip(runs, widths, strict=True):
            c.setFont(font, fs)
            c.drawString(x, y, t)
            x += wd


def _chart_images(fig: Figure) -> list[tuple[tuple[float, float, float, float], Any]]:
    """The page's charts drawn once without the page's own text and lines, cut out
    (overlapping charts — a twin axis — together) on the page's white:
    ``((x, y, width, height) in points, image)``. Opaque on purpose: Agg's
    anti-aliased edges against a transparent background came out dark in the PDF. The
    page's own text and lines are drawn over the images (zorder), and its table stripes
    never lie under a chart."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    own = [a for a in [*fig.texts, *fig.artists] if a.get_visible()]
    dpi = fig.get_dpi()
    try:
        for a in own:
            a.set_visible(False)
        fig.set_dpi(CHART_DPI)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        pixels = np.asarray(canvas.buffer_rgba())
        boxes = [list(ax.get_tightbbox(renderer).extents) for ax in fig.axes if ax.get_visible()]
    finally:
        for a in own:
            a.set_visible(True)
        fig.set_dpi(dpi)
    merged: list[list[float]] = []
    for box in boxes:  # union of overlapping boxes
        for m in merged:
            if box[0] <= m[2] and m[0] <= box[2] and box[1] <= m[3] and m[1] <= box[3]:
                m[:] = [min(m[0], box[0]), min(m[1], box[1]), max(m[2], box[2]), max(m[3], box[3])]
                break
        else:
            merged.append(box)
    height, width = pixels.shape[:2]
    out = []
    scale = 72 / CHART_DPI
    for x0, y0, x1, y1 in merged:
        left, right = max(int(np.floor(x0)), 0), min(int(np.ceil(x1)), width)
        bottom, top = max(int(np.floor(y0)), 0), min(int(np.ceil(y1)), height)
        if right <= left or top <= bottom:
            continue
        crop = pixels[height - top : height - bottom, left:right]
        image = ImageReader(Image.fromarray(np.ascontiguousarray(crop[:, :, :3]), "RGB"))
        box = (left * scale, bottom * scale, (right - left) * scale, (top - bottom) * scale)
        out.append((box, image))
    return out
