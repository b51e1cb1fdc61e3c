"""What the loyalty page's tabs share: the tables that make it refresh, item flags, its
stylesheet and the small widget helpers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core import ValidationError
from ui import i18n

REFRESH_TABLES = (
    "points_ledger",
    "redemptions",
    "rewards",
    "loyalty_rules",
    "tiers",
    "members",
    "settings",
    "events",
    "event_invitations",
)
EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _lang() -> str:
    return i18n.current_language()


def _card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(20, 16, 20, 16)
    layout.setSpacing(10)
    return frame, layout


def _heading() -> QLabel:
    label = QLabel()
    label.setObjectName("sectionTitle")
    return label


def _hint() -> QLabel:
    label = QLabel()
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


def _message() -> QLabel:
    label = QLabel()
    label.setObjectName("formError")
    label.setWordWrap(True)
    label.hide()
    return label


def _say(label: QLabel, text: str, ok: bool = False) -> None:
    label.setObjectName("formOk" if ok else "formError")
    label.style().unpolish(label)
    label.style().polish(label)
    label.setText(text)
    label.setVisible(bool(text))


def _errors(exc: ValidationError, names: dict[str, str] | None = None) -> str:
    """Every problem, each prefixed with the field's name when it has one."""
    lang = _lang()
    parts = []
    for e in exc.errors:
        field = (names or {}).get(e.field.split(".")[0], "")
        parts.append(f"{field}：{e.message(lang)}" if field and lang == "zh" else
                     f"{field}: {e.message(lang)}" if field else e.message(lang))  # fmt: skip
    return ("；" if lang == "zh" else "; ").join(parts)


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area
