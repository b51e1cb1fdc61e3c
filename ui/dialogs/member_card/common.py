"""What every part of the member card shares: its translation context and how it
writes dates and times."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui import i18n

CONTEXT = "MemberCard"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text) if text else ""


def _lang() -> str:
    return i18n.current_language()


def _date(value: str | None) -> str:
    return value[:10] if value else ""


def _time(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else ""


STYLE = """
QLabel#fieldError { color: #b3261e; }
QLabel#formErrors { color: #b3261e; font-weight: bold; }
QLabel#savedNote { color: #2e7d32; font-weight: bold; }
QLabel#cardMessage { color: #8a5a00; }
QLabel#cardName { font-size: 19pt; font-weight: bold; color: #1f2933; }
QLabel#cardMemberNo { font-size: 12pt; color: #3e4c59; }
QLabel#tierChip { background: #e1eef4; color: #1d4f66; border-radius: 4px; padding: 2px 10px;
                  font-weight: bold; }
QLabel#statusChip { background: #fff4e5; color: #8a5a00; border-radius: 4px; padding: 2px 10px; }
QLabel#complaintFlag { background: #fdecea; color: #b3261e; border-radius: 4px;
                       padding: 2px 10px; font-weight: bold; }
QLabel#figureCaption { color: #616e7c; }
QLabel#figureValue { font-size: 13pt; font-weight: bold; color: #1f2933; }
QLabel#tagsLine { color: #3e4c59; }
QLabel#hint { color: #616e7c; }
QLineEdit, QPlainTextEdit {
    background: #ffffff; border: 1px solid #cbd2d9; border-radius: 5px; padding: 4px 6px;
}
QLineEdit:focus, QPlainTextEdit:focus { border-color: #2f6f8f; }
QLineEdit:read-only { background: #f0f2f5; color: #3e4c59; }
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"],
QTableWidget[invalid="true"] { border: 2px solid #d64545; background: #fff5f5; }
QGroupBox { font-weight: bold; border: 1px solid #e4e7eb; border-radius: 8px;
            margin-top: 14px; padding: 14px 10px 8px 10px; background: #ffffff; }
QGroupBox::title { subcontrol-origin: margin; left: 12px; padding: 0 4px; color: #323f4b; }
QGroupBox QLabel { font-weight: normal; }
QGroupBox QCheckBox { font-weight: normal; }
QPushButton#primary { background: #2f6f8f; color: #ffffff; border-color: #2f6f8f;
                      font-weight: bold; }
QPushButton#primary:hover { background: #285f7a; }
QPushButton#primary:disabled { background: #9fbccb; border-color: #9fbccb; }
"""
