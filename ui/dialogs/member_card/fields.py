"""The archive's fields: their labels and placeholders (English source, translated in
the MemberCard context), the family table's columns, and the editor-with-error box
each field sits in."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

ERROR_CELL = QBrush(QColor("#fde2e1"))
NO_BRUSH = QBrush()

# Archive fields: key -> label (English source, translated in the MemberCard context).
LABELS: dict[str, str] = {
    "member_no": QT_TRANSLATE_NOOP("MemberCard", "Member no."),
    "name": QT_TRANSLATE_NOOP("MemberCard", "Name *"),
    "gender": QT_TRANSLATE_NOOP("MemberCard", "Gender"),
    "birthday": QT_TRANSLATE_NOOP("MemberCard", "Birthday"),
    "phone": QT_TRANSLATE_NOOP("MemberCard", "Mobile phone"),
    "address": QT_TRANSLATE_NOOP("MemberCard", "Address"),
    "email": QT_TRANSLATE_NOOP("MemberCard", "E-mail"),
    "wechat": QT_TRANSLATE_NOOP("MemberCard", "WeChat"),
    "occupation": QT_TRANSLATE_NOOP("MemberCard", "Occupation"),
    "income_band": QT_TRANSLATE_NOOP("MemberCard", "Income band"),
    "education": QT_TRANSLATE_NOOP("MemberCard", "Education"),
    "hobbies": QT_TRANSLATE_NOOP("MemberCard", "Hobbies"),
    "employer": QT_TRANSLATE_NOOP("MemberCard", "Employer"),
    "transport": QT_TRANSLATE_NOOP("MemberCard", "Transport"),
    "source": QT_TRANSLATE_NOOP("MemberCard", "How they came"),
    "referrer_id": QT_TRANSLATE_NOOP("MemberCard", "Referred by"),
    "status": QT_TRANSLATE_NOOP("MemberCard", "Status"),
    "lost_reason": QT_TRANSLATE_NOOP("MemberCard", "Reason lost"),
    "lost_note": QT_TRANSLATE_NOOP("MemberCard", "Note on leaving"),
    "joined_on": QT_TRANSLATE_NOOP("MemberCard", "Member since"),
    "enrolled_by": QT_TRANSLATE_NOOP("MemberCard", "Enrolled by"),
    "note": QT_TRANSLATE_NOOP("MemberCard", "Note"),
    "temperament": QT_TRANSLATE_NOOP("MemberCard", "Temperament"),
    "appearance": QT_TRANSLATE_NOOP("MemberCard", "Appearance"),
    "personality": QT_TRANSLATE_NOOP("MemberCard", "Personality"),
    "service_style": QT_TRANSLATE_NOOP("MemberCard", "Preferred service"),
    "sizes": QT_TRANSLATE_NOOP("MemberCard", "Sizes"),
    "size_top": QT_TRANSLATE_NOOP("MemberCard", "Top"),
    "size_bottom": QT_TRANSLATE_NOOP("MemberCard", "Bottom"),
    "size_shoe": QT_TRANSLATE_NOOP("MemberCard", "Shoes"),
    "preferred_styles": QT_TRANSLATE_NOOP("MemberCard", "Preferred styles"),
    "preferred_colours": QT_TRANSLATE_NOOP("MemberCard", "Preferred colours"),
    "preferred_brands": QT_TRANSLATE_NOOP("MemberCard", "Preferred brands"),
    "contact_notes": QT_TRANSLATE_NOOP("MemberCard", "Contact notes"),
    "consent_channels": QT_TRANSLATE_NOOP("MemberCard", "May contact by"),
    "consent_at": QT_TRANSLATE_NOOP("MemberCard", "Consent given on"),
    "tags": QT_TRANSLATE_NOOP("MemberCard", "Tags"),
    "verified_at": QT_TRANSLATE_NOOP("MemberCard", "Data verified"),
    "family": QT_TRANSLATE_NOOP("MemberCard", "Family"),
}
PLACEHOLDERS: dict[str, str] = {
    "member_no": QT_TRANSLATE_NOOP("MemberCard", "given on saving"),
    "birthday": QT_TRANSLATE_NOOP("MemberCard", "1990-08-15, 19900815, 8月15日, 农历八月十五"),
    "phone": QT_TRANSLATE_NOOP("MemberCard", "11-digit mobile number"),
    "income_band": QT_TRANSLATE_NOOP("MemberCard", "e.g. 10k–20k a month"),
    "contact_notes": QT_TRANSLATE_NOOP("MemberCard", "e.g. no calls before 10 am"),
    "tags": QT_TRANSLATE_NOOP("MemberCard", "comma-separated, e.g. regular, gift buyer"),
    "consent_at": "YYYY-MM-DD",
    "service_style": QT_TRANSLATE_NOOP("MemberCard", "e.g. leave her to browse"),
    "transport": QT_TRANSLATE_NOOP("MemberCard", "e.g. by car, public transport, on foot"),
}
BASIC_TEXT = (
    "address", "email", "wechat", "occupation", "employer", "income_band", "education",
    "hobbies", "transport",
)  # fmt: skip
FEATURE_TEXT = (
    "temperament",
    "appearance",
    "personality",
    "service_style",
    "preferred_styles",
    "preferred_colours",
    "preferred_brands",
    "contact_notes",
)
SIZE_FIELDS = ("size_top", "size_bottom", "size_shoe")
CONSENT_CHANNELS = ("phone", "sms", "wechat", "mail")

FAM_RELATION, FAM_NAME, FAM_DATE, FAM_CALENDAR, FAM_LEAP, FAM_NOTE = range(6)
FAMILY_HEADERS = (
    QT_TRANSLATE_NOOP("MemberCard", "Relation"),
    QT_TRANSLATE_NOOP("MemberCard", "Name"),
    QT_TRANSLATE_NOOP("MemberCard", "Date"),
    QT_TRANSLATE_NOOP("MemberCard", "Calendar"),
    QT_TRANSLATE_NOOP("MemberCard", "Leap"),
    QT_TRANSLATE_NOOP("MemberCard", "Note"),
)
FAMILY_FIELDS = {"relation": FAM_RELATION, "date": FAM_DATE, "calendar": FAM_CALENDAR}


def _mark(widget: QWidget, invalid: bool) -> None:
    """Outline ``widget`` in red (the ``invalid`` property is styled in style.qss; text,
    as in the purchase dialog, so one selector serves both)."""
    value = "true" if invalid else ""
    if (widget.property("invalid") or "") == value:
        return
    widget.setProperty("invalid", value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FieldBox(QWidget):
    """An editor with its error text under it (hidden while the field is fine)."""

    link_activated = Signal(str)

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.RichText)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.error.linkActivated.connect(self.link_activated)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.error)

    def set_error(self, rich_text: str, highlight: QWidget | None = None) -> None:
        self.error.setText(rich_text)
        self.error.setVisible(bool(rich_text))
        _mark(highlight or self._focus_target(), bool(rich_text))

    def clear_error(self, highlight: QWidget | None = None) -> None:
        self.set_error("", highlight)

    def _focus_target(self) -> QWidget:
        return self.editor.focusProxy() or self.editor
