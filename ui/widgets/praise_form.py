"""Praise and suggestions on screen (表扬与建议, issue #19): the table model and the
"add" line shared by the member card's tab and the feedback page's tab. The rules and
the writing are ``app.service.praise``; this holds widgets only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app import labels, users
from app.core import Changes, ValidationError
from app.service import praise
from ui import i18n
from ui.models.readonly_table import ReadOnlyTableModel

C_AT, C_MEMBER, C_KIND, C_ABOUT, C_CLERK, C_TEXT, C_BY = range(7)
_HEADERS = (
    QT_TRANSLATE_NOOP("PraiseForm", "Time"),
    QT_TRANSLATE_NOOP("PraiseForm", "Member"),
    QT_TRANSLATE_NOOP("PraiseForm", "Kind"),
    QT_TRANSLATE_NOOP("PraiseForm", "About"),
    QT_TRANSLATE_NOOP("PraiseForm", "Clerk praised"),
    QT_TRANSLATE_NOOP("PraiseForm", "Text"),
    QT_TRANSLATE_NOOP("PraiseForm", "Recorded by"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("PraiseForm", text)


def _lang() -> str:
    return i18n.current_language()


class PraiseModel(ReadOnlyTableModel):
    """Rows are ``app.service.praise`` dicts, newest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(len(_HEADERS), lambda s: _tr(_HEADERS[s]), parent)

    def format_row(self, r: Any) -> list[str]:
        lang = _lang()
        member = f"{r['member_no']} {r['member_name']}" if r["member_no"] else "—"
        return [
            r["at"].replace("T", " ")[:16],
            member,
            labels.word("praise_kind", r["kind"], lang),
            labels.word("praise_about", r["about"], lang),
            r["clerk_name"] or "",
            r["text"],
            r["recorded_by_name"] or "",
        ]

    def sort_value(self, row: int, column: int) -> Any:
        rec = self.records[row]
        if column == C_AT:
            return (rec["at"], rec["id"])
        return self.text(row, column)

    def cell_data(self, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == C_TEXT:
            return self.records[row]["text"]
        return None


class PraiseForm(QWidget):
    """One line to write a praise or suggestion down: kind, subject, the clerk praised
    (optional), the words, and a button. ``member_id()`` says whose it is (None: a
    passer-by's); ``on_saved(changes)`` is called after it is recorded."""

    def __init__(
        self,
        ctx: Any,
        member_id: Callable[[], int | None],
        on_saved: Callable[[Changes], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._member_id = member_id
        self._on_saved = on_saved
        self.kind = QComboBox()
        self.kind.setObjectName("praiseKind")
        self.about = QComboBox()
        self.about.setObjectName("praiseAbout")
        self.clerk = QComboBox()
        self.clerk.setObjectName("praiseClerk")
        self.text = QLineEdit()
        self.text.setObjectName("praiseText")
        self.text.setMaxLength(praise.TEXT_MAX + 20)
        self.text.returnPressed.connect(self.save)
        self.button = QPushButton()
        self.button.setObjectName("praiseAdd")
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.save)
        self.error = QLabel()
        self.error.setObjectName("praiseError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.labels = [QLabel() for _ in range(4)]
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for label, widget, stretch in zip(
            self.labels, (self.kind, self.about, self.clerk, self.text), (0, 0, 0, 1), strict=True
        ):
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget, stretch)
        row.addWidget(self.button)
        self.refresh_staff()  # not on a language change: no reads there
        self.retranslate_ui()

    def _fill(self, combo: QComboBox, items: list[tuple[Any, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for code, text in items:
            combo.addItem(text, code)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def refresh_staff(self) -> None:
        staff = users.list_staff(self.ctx.db)
        self._fill(self.clerk, [(None, "—")] + [(u["id"], u["display_name"]) for u in staff])

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def save(self) -> bool:
        """Record what is typed; errors are shown under the line, nothing is written."""
        try:
            changes = praise.record_praise(
                self.ctx.db,
                actor=self.ctx.actor,
                member_id=self._member_id(),
                kind=self.kind.currentData(),
                about=self.about.currentData(),
                text=self.text.text(),
                clerk_id=self.clerk.currentData(),
            )
        except ValidationError as exc:
            names = {
                "text": self.tr("Text"),
                "member_id": self.tr("Member"),
                "clerk_id": self.tr("Clerk praised"),
            }
            self._show_error(
                self.tr("Not recorded: %1").replace(
                    "%1",
                    "; ".join(
                        (names[e.field] + ": " if e.field in names else "") + e.message(_lang())
                        for e in exc.errors
                    ),
                )
            )
            return False
        self._show_error("")
        self.text.clear()
        self._on_saved(changes)
        return True

    def retranslate_ui(self) -> None:
        lang = _lang()
        self._fill(self.kind, [(c, labels.word("praise_kind", c, lang)) for c in praise.KINDS])
        self._fill(self.about, [(c, labels.word("praise_about", c, lang)) for c in praise.ABOUT])
        for label, text in zip(
            self.labels,
            (self.tr("Kind"), self.tr("About"), self.tr("Clerk praised"), self.tr("Text")),
            strict=True,
        ):
            label.setText(text)
        self.text.setPlaceholderText(self.tr("what the customer said, in their words"))
        self.button.setText(self.tr("Write down"))
