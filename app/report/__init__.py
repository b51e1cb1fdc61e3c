"""The monthly summary (``app.reports.build``) rendered: A4 pages as matplotlib figures
(the PDF and the printout are the same pages), the PDF (:func:`write_pdf`: the pages'
text and rules through reportlab, their charts drawn by matplotlib; matplotlib's own
``PdfPages`` for anything else), and an .xlsx with one sheet per section. Chinese first
(``lang="zh"``), English second.

Pages (A4 portrait, 210 × 297 mm): 1 the key figures (members, sales, complaints,
satisfaction, points, birthdays), each with last month's value and the change;
2 sales: the 12-month trend, by tier and by pyramid layer; 3 the pyramid and the
lifecycle at the end of both months and the movement between them; 4 follow-up work
per clerk (table and chart), satisfaction by factor, complaints by category; 5 the top
20 members. A section whose data does not exist yet says so in one plain sentence.
Phones are masked (``138****5678``) everywhere (``app.reports`` masks them).

Money is shown in yuan without the ¥ sign (the bundled CJK font has no ¥ glyph; the
column headings say 元). No Qt here: the UI paints :func:`render_rgba` images on its
printer; matplotlib is imported inside the functions.

Where things are: ``words`` (the report's own words, :func:`w`), ``format`` (figures as
text), ``layout`` (an A4 page with a cursor, colours, footer), ``paper`` (the five
pages, :func:`pages`, :func:`render_rgba`), ``pdf`` (:func:`write_pdf`, the reportlab
writer and matplotlib's), ``fonts`` (the PDF's fonts in reportlab), ``xlsx``
(:func:`write_xlsx`).
"""

from __future__ import annotations

from app.report.format import (
    SUMMARY_ROWS,
    change_text,
    figure_label,
    money,
    month_title,
    note_text,
    value_text,
)
from app.report.layout import A4
from app.report.paper import pages, render_rgba
from app.report.pdf import write_pages_fast, write_pdf
from app.report.words import WORDS, w
from app.report.xlsx import write_xlsx

__all__ = [
    "A4",
    "SUMMARY_ROWS",
    "WORDS",
    "change_text",
    "figure_label",
    "money",
    "month_title",
    "note_text",
    "pages",
    "render_rgba",
    "value_text",
    "w",
    "write_pages_fast",
    "write_pdf",
    "write_xlsx",
]
