"""Printing the redemption voucher (积分兑换凭证) the customer takes away (#20).

The data is ``app.loyalty.voucher.redemption_voucher``; this lays it out as a small
HTML page in a ``QTextDocument`` and prints it on the printer the clerk picks (a receipt
printer, an A6 sheet, or "Microsoft Print to PDF").
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from app import labels
from app.normalize import format_fen
from ui import i18n


def voucher_html(data: dict[str, Any], lang: str) -> str:
    """The voucher as HTML: store, title, then one line per fact."""
    rows = [
        (QCoreApplication.translate("Voucher", "Voucher no."), data["voucher_no"]),
        (QCoreApplication.translate("Voucher", "Time"), data["at"][:16].replace("T", " ")),
        (
            QCoreApplication.translate("Voucher", "Member"),
            f"{data['member_name']}（{data['member_no']}）",
        ),
        (
            QCoreApplication.translate("Voucher", "Reward"),
            f"{data['reward']}（{labels.word('reward_kind', data['kind'], lang)}）",
        ),
        (QCoreApplication.translate("Voucher", "Points used"), f"{data['points']:,}"),
    ]
    if data["value_fen"]:
        rows.append((QCoreApplication.translate("Voucher", "Value"), format_fen(data["value_fen"])))
    rows.append(
        (QCoreApplication.translate("Voucher", "Points balance"), f"{data['balance_after']:,}")
    )
    if data.get("clerk"):
        rows.append((QCoreApplication.translate("Voucher", "Clerk"), data["clerk"]))
    if data.get("note"):
        rows.append((QCoreApplication.translate("Voucher", "Note"), data["note"]))
    body = "".join(
        f"<tr><td style='color:#52606d;padding:2px 12px 2px 0'>{html.escape(k)}</td>"
        f"<td style='padding:2px 0'>{html.escape(str(v))}</td></tr>"
        for k, v in rows
    )
    store = html.escape(data["store_name"] or "")
    title = html.escape(QCoreApplication.translate("Voucher", "Points redemption voucher"))
    keep = html.escape(
        QCoreApplication.translate(
            "Voucher", "Please keep this voucher. Points once redeemed are not returned."
        )
    )
    return (
        f"<div style='text-align:center;font-size:13pt'>{store}</div>"
        f"<div style='text-align:center;font-size:16pt;font-weight:bold;margin:6px 0 10px 0'>"
        f"{title}</div>"
        f"<table style='font-size:11pt'>{body}</table>"
        f"<p style='font-size:9pt;color:#52606d;margin-top:12px'>{keep}</p>"
    )


def print_voucher(data: dict[str, Any], printer: QPrinter) -> None:
    """Lay the voucher out on ``printer``'s page and print it."""
    doc = QTextDocument()  # the application font: its CJK family list (ui/fonts.py)
    doc.setHtml(voucher_html(data, i18n.current_language()))
    doc.setPageSize(printer.pageRect(QPrinter.Unit.Point).size())
    doc.print_(printer)


def ask_and_print(data: dict[str, Any], parent: QWidget | None = None) -> bool:
    """The system's print dialog, then the voucher; False when the clerk cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("Voucher", "Print the voucher"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_voucher(data, printer)
    return True
