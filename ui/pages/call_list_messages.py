"""The message bar under the day's plan: the words for the selected row's reasons
(app/plan/templates.py) with the channels the member agreed to, "Copy" to the
clipboard, the send list for a bulk SMS/WeChat tool (.xlsx, on the worker), logging it
as sent (``app.contacts.log_sent``, on the worker), and the templates editor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import contacts, labels, permissions
from app.plan import PlanRow
from app.plan.sendlist import SendItem, export_send_list, send_items
from app.plan.templates import Message, Renderer, messages_for_row
from ui import i18n
from ui.context import AppContext


class MessageBar(QFrame):
    """Shows and copies the selected row's messages; makes and logs the send list."""

    def __init__(self, ctx: AppContext, rows: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows = rows  # () -> the plan rows shown on the page
        self.setObjectName("card")
        self.messages: list[Message] = []
        self.sent_items: list[SendItem] = []
        self.text_label = QLabel()
        self.text_label.setObjectName("messageText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("copyMessage")
        self.copy_button.clicked.connect(self.copy)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportSendList")
        self.export_button.clicked.connect(self.choose_file)
        self.sent_button = QPushButton()
        self.sent_button.setObjectName("markSent")
        self.sent_button.setEnabled(False)
        self.sent_button.clicked.connect(self.mark_sent)
        self.templates_button = QPushButton()
        self.templates_button.setObjectName("editTemplates")
        self.templates_button.setVisible(permissions.allowed(ctx.actor, permissions.FEEDBACK_ADMIN))
        self.templates_button.clicked.connect(self.edit_templates)
        self.targets_button = QPushButton()
        self.targets_button.setObjectName("targetLists")
        self.targets_button.setVisible(permissions.allowed(ctx.actor, permissions.FEEDBACK_ADMIN))
        self.targets_button.clicked.connect(self.edit_targets)
        self.note = QLabel()
        self.note.setObjectName("hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.sent_button)
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.targets_button)
        buttons.addWidget(self.templates_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(6)
        layout.addWidget(self.text_label)
        layout.addLayout(buttons)
        self.retranslate_ui()
        self.show_row(None)

    def retranslate_ui(self) -> None:
        self.copy_button.setText(self.tr("Copy message"))
        self.export_button.setText(self.tr("Send list…"))
        self.sent_button.setText(self.tr("Log the send list as sent"))
        self.templates_button.setText(self.tr("Message templates…"))
        self.targets_button.setText(self.tr("Target lists…"))

    def show_row(self, row: PlanRow | None) -> None:
        lang = i18n.current_language()
        self.messages = (
            messages_for_row(Renderer(self.ctx.db, lang), row) if row is not None else []
        )
        self.copy_button.setEnabled(bool(self.messages))
        if row is None:
            self.text_label.setText(self.tr("Select a row to see the message for it."))
            return
        if not self.messages:
            self.text_label.setText(self.tr("No message for these reasons: a conversation."))
            return
        lines = []
        for m in self.messages:
            kind = labels.word("template_kind", m.kind, lang)
            via = "、".join(labels.word("channel", c, lang) for c in m.channels) or self.tr(
                "no SMS/WeChat consent: read it out on the phone"
            )
            lines.append(f"【{kind} · {via}】{m.text}")
        self.text_label.setText("\n".join(lines))

    def copy(self) -> None:
        if self.messages:
            QApplication.clipboard().setText("\n".join(m.text for m in self.messages))
            self.note.setText(self.tr("Copied."))

    # ------------------------------------------------------------------ send list

    def choose_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Send list"), str(Path.home() / "send-list.xlsx"), "Excel (*.xlsx)"
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        rows = list(self.rows())
        actor = self.ctx.actor
        lang = i18n.current_language()

        def work(conn: Any, _p: Any, _c: Any) -> list[SendItem]:
            items = send_items(conn, rows, lang=lang)
            export_send_list(conn, actor=actor, items=items, out=path, lang=lang)
            return items

        self.export_button.setEnabled(False)
        self.ctx.runner.run(
            work,
            name="send-list",
            key=("send-list", id(self)),
            owner=self,
            on_done=lambda items: self._exported(path, items),
            on_error=self._failed,
        )

    def _exported(self, path: Path, items: list[SendItem]) -> None:
        self.export_button.setEnabled(True)
        self.sent_items = items
        self.sent_button.setEnabled(bool(items))
        self.note.setText(
            self.tr("%1 messages written to %2")
            .replace("%1", f"{len(items):,}")
            .replace("%2", path.name)
        )

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        message = exc.message(i18n.current_language()) if hasattr(exc, "message") else str(exc)
        self.note.setText(self.tr("Not done: %1").replace("%1", str(message)))

    def mark_sent(self) -> None:
        items = [i.as_log() for i in self.sent_items]
        actor = self.ctx.actor

        def work(conn: Any, _p: Any, _c: Any) -> Any:
            return contacts.log_sent(conn, actor=actor, messages=items)

        self.sent_button.setEnabled(False)
        self.ctx.runner.run(
            work,
            name="log-sent",
            key=("log-sent", id(self)),
            owner=self,
            changes=lambda changes: changes,
            on_done=lambda _c: self._logged(len(items)),
            on_error=self._failed,
        )

    def _logged(self, n: int) -> None:
        self.sent_items = []
        self.note.setText(self.tr("%1 messages logged as contacts.").replace("%1", f"{n:,}"))

    def edit_templates(self) -> None:
        from ui.dialogs.templates_dialog import TemplatesDialog

        dialog = TemplatesDialog(self.ctx, parent=self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def edit_targets(self) -> None:
        from ui.dialogs.targeting_dialog import TargetingDialog

        dialog = TargetingDialog(self.ctx, parent=self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
