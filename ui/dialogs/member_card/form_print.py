"""Printing the key-customer form (重点顾客档案表, issue #19 item 8) from the card: the
A4 page of ``app.report.customer_form`` drawn at the printer's resolution and painted
like the monthly report's pages (ui/pages/reports.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from app import settings
from app.report.customer_form import key_customer_form
from app.report.paper import render_rgba
from ui.widgets.printing import a4_printer, paint_page

MAX_DPI = 300  # a form of text and lines: sharp at 300, and a 10 MB image at most


def paint_form(printer: QPrinter, card: dict[str, Any], db: Any, lang: str, today: dt.date) -> bool:
    """Lay out ``card``'s form and paint it on ``printer``; False if it cannot print."""
    fig = key_customer_form(
        card, store_name=str(settings.get(db, "store_name") or ""), lang=lang, today=today
    )
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        paint_page(painter, printer, *render_rgba(fig, dpi))
    finally:
        painter.end()
    return True


def ask_and_print(
    parent: QWidget, card: dict[str, Any], db: Any, lang: str, today: dt.date
) -> bool:
    """The system's print dialog (a printer, or "Microsoft Print to PDF"), then the form."""
    printer = a4_printer()
    name = card["member"]["member_no"]
    printer.setDocName(f"重点顾客档案表 {name}" if lang == "zh" else f"Key customer {name}")
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return paint_form(printer, card, db, lang, today)
