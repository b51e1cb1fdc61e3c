"""Message templates (消息模板): the store's words for each kind of message, edited in
Chinese and English; the placeholders are listed, an unknown one is refused inline
naming it (``app.plan.templates.save_template``), and a preview fills them for a
sample member."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import labels, settings
from app.core import PermissionDenied, ValidationError
from app.plan import templates
from ui import i18n
from ui.context import AppContext
from ui.widgets.form_kit import error_label, set_error

SAMPLE = {
    "name": "王芳",
    "title": "女士",
    "tier": "金卡",
    "points": "1,280",
    "reward": "羊绒围巾",
    "store": "",
    "event": "新年贵宾沙龙",  # the event templates (issue #19)
    "event_date": "2026-12-20 15:00",
    "event_place": "二楼贵宾室",
}


class TemplatesDialog(QDialog):
    """A list of the templates on the left, the two texts of the chosen one on the
    right, Save writes it (and says what is wrong next to the text)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("templatesDialog")
        self.resize(1000, 600)
        self.rows: list[dict[str, Any]] = []
        self.list = QListWidget()
        self.list.setObjectName("templateList")
        self.list.setMinimumWidth(230)
        self.list.currentRowChanged.connect(self._show)
        self.help = QLabel()
        self.help.setObjectName("hint")
        self.help.setWordWrap(True)
        self.zh_label, self.en_label = QLabel(), QLabel()
        self.zh_edit, self.en_edit = QPlainTextEdit(), QPlainTextEdit()
        self.zh_edit.setObjectName("textZh")
        self.en_edit.setObjectName("textEn")
        self.zh_error, self.en_error = error_label(), error_label()
        self.preview = QLabel()
        self.preview.setObjectName("templatePreview")
        self.preview.setWordWrap(True)
        self.zh_edit.textChanged.connect(self._preview)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveTemplate")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        self.status.setObjectName("hint")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        right = QVBoxLayout()
        right.addWidget(self.help)
        right.addWidget(self.zh_label)
        right.addWidget(self.zh_edit, 1)
        right.addWidget(self.zh_error)
        right.addWidget(self.en_label)
        right.addWidget(self.en_edit, 1)
        right.addWidget(self.en_error)
        right.addWidget(self.preview)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.status, 1)
        right.addLayout(row)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        self.retranslate_ui()
        self.load()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Message templates"))
        self.help.setText(
            self.tr("Placeholders: %1. They are filled in for each member.").replace(
                "%1", "  ".join("{" + p + "}" for p in templates.PLACEHOLDERS)
            )
        )
        self.zh_label.setText(self.tr("Chinese:"))
        self.en_label.setText(self.tr("English:"))
        self.save_button.setText(self.tr("Save"))

    def load(self) -> None:
        lang = i18n.current_language()
        current = self.list.currentRow()
        self.rows = templates.list_templates(self.ctx.db)
        self.list.blockSignals(True)
        self.list.clear()
        for r in self.rows:
            text = labels.word("template_kind", r["kind"], lang)
            if r["category"]:
                text += f" · {r['category']}"
            self.list.addItem(QListWidgetItem(text))
        self.list.blockSignals(False)
        self.list.setCurrentRow(max(current, 0))
        self._show(self.list.currentRow())

    def _show(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        r = self.rows[index]
        self.zh_edit.setPlainText(r["text_zh"])
        self.en_edit.setPlainText(r["text_en"])
        set_error(self.zh_error, self.zh_edit, "")
        set_error(self.en_error, self.en_edit, "")
        self.status.setText("")

    def _preview(self) -> None:
        values = {**SAMPLE, "store": str(settings.get(self.ctx.db, "store_name") or "")}
        try:
            text = self.zh_edit.toPlainText().format(**values)
        except (KeyError, ValueError, IndexError):
            text = ""
        self.preview.setText(self.tr("Preview: %1").replace("%1", text) if text else "")

    def save(self) -> bool:
        index = self.list.currentRow()
        if not 0 <= index < len(self.rows):
            return False
        r = self.rows[index]
        lang = i18n.current_language()
        set_error(self.zh_error, self.zh_edit, "")
        set_error(self.en_error, self.en_edit, "")
        try:
            changes = templates.save_template(
                self.ctx.db,
                actor=self.ctx.actor,
                kind=r["kind"],
                category=r["category"],
                text_zh=self.zh_edit.toPlainText(),
                text_en=self.en_edit.toPlainText(),
            )
        except ValidationError as exc:
            for e in exc.errors:
                label, edit = (
                    (self.zh_error, self.zh_edit)
                    if e.field == "text_zh"
                    else (self.en_error, self.en_edit)
                )
                set_error(label, edit, e.message(lang))
            return False
        except PermissionDenied as exc:
            self.status.setText(str(exc))
            return False
        self.ctx.notify(changes)
        self.load()
        self.status.setText(self.tr("Saved."))
        return True
