"""What every A4 page the app prints shares (the monthly report, the key-customer form):
a borderless A4 printer, and a page drawn as an image fitted into the printable area."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter


def a4_printer() -> QPrinter:
    """A high-resolution printer set to A4 portrait without margins (the pages carry
    their own)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    return printer


def paint_page(painter: QPainter, printer: QPrinter, w: int, h: int, rgba: bytes) -> None:
    """One page's RGBA pixels fitted into the printable area, keeping proportions."""
    image = QImage(rgba, w, h, QImage.Format.Format_RGBA8888)
    target = printer.pageRect(QPrinter.Unit.DevicePixel)
    scale = min(target.width() / w, target.height() / h)
    painter.drawImage(QRectF(0, 0, w * scale, h * scale), image)
