"""Privacy (隐私, the owner's page): the consent notice customers are shown (text and
version, stored in settings; the member card shows it when a channel is ticked), the
retention period, and the members inactive for that long — listed, never removed by
themselves: the owner ticks them and confirms, then they are anonymised
(``app.privacy.anonymise_members``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import privacy, settings
from app.core import Changes, PermissionDenied, ValidationError
from ui.context import AppContext

ID_ROLE = int(Qt.ItemDataRole.UserRole)


class PrivacyPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("page_privacy")
        self.candidates: list[dict[str, Any]] = []
        self.title = QLabel()
        self.title.setObjectName("pageTitle")

        # -- notice and retention period
        self.notice_heading = QLabel()
        self.notice_heading.setObjectName("sectionTitle")
        self.version_edit = QLineEdit()
        self.version_edit.setObjectName("noticeVersion")
        self.version_edit.setMaxLength(20)
        self.notice_edit = QPlainTextEdit()
        self.notice_edit.setObjectName("noticeText")
        self.notice_edit.setMaximumHeight(110)
        self.years_spin = QSpinBox()
        self.years_spin.setObjectName("retentionYears")
        self.years_spin.setRange(1, 30)
        self.save_button = QPushButton()
        self.save_button.setObjectName("savePrivacy")
        self.save_button.clicked.connect(lambda: self.save_settings())
        self.version_label, self.notice_label, self.years_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.version_label, self.version_edit)
        form.addRow(self.notice_label, self.notice_edit)
        form.addRow(self.years_label, self.years_spin)
        card = QFrame()
        card.setObjectName("card")
        card_layout = QVBoxLayout(card)
        card_layout.addWidget(self.notice_heading)
        card_layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        card_layout.addLayout(row)

        # -- retention list
        self.retention_heading = QLabel()
        self.retention_heading.setObjectName("sectionTitle")
        self.retention_hint = QLabel()
        self.retention_hint.setObjectName("hint")
        self.retention_hint.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("retentionTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.anonymise_button = QPushButton()
        self.anonymise_button.setObjectName("anonymiseSelected")
        self.anonymise_button.clicked.connect(lambda: self.anonymise_selected())
        self.message = QLabel()
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.anonymise_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(card)
        layout.addWidget(self.retention_heading)
        layout.addWidget(self.retention_hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.retranslate_ui()
        self.load_settings()
        self.refresh()

    # ------------------------------------------------------------------ settings

    def load_settings(self) -> None:
        notice = privacy.consent_notice(self.ctx.db)
        self.version_edit.setText(notice["version"])
        self.notice_edit.setPlainText(notice["text"])
        self.years_spin.setValue(int(settings.get(self.ctx.db, "retention_inactive_years") or 3))

    def save_settings(self) -> bool:
        values = {
            "privacy_notice_version": self.version_edit.text().strip(),
            "privacy_notice_text": self.notice_edit.toPlainText().strip(),
            "retention_inactive_years": self.years_spin.value(),
        }
        if not values["privacy_notice_version"] or not values["privacy_notice_text"]:
            self.message.setText(self.tr("The notice needs a version and a text."))
            return False
        try:
            changes = settings.set_many(self.ctx.db, actor=self.ctx.actor, values=values)
        except PermissionDenied as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText(self.tr("Saved."))
        self.ctx.notify(changes)
        self.refresh()
        return True

    # ------------------------------------------------------------------ retention

    def refresh(self) -> None:
        """Read the retention list on the task runner (a scan of every member's last
        activity: ~0.3 s on a 100,000-member store); a newer refresh drops an older one."""
        actor = self.ctx.actor

        def work(db: Any, _progress: Any, _cancel: Any) -> list[dict[str, Any]]:
            try:
                return privacy.retention_candidates(db, actor=actor)
            except PermissionDenied:
                return []

        self.ctx.runner.run(
            work, name="retention", key=("privacy", id(self)), owner=self, on_done=self._fill
        )

    def _fill(self, candidates: list[dict[str, Any]]) -> None:
        self.candidates = candidates
        self.table.setRowCount(len(self.candidates))
        for r, c in enumerate(self.candidates):
            for col, text in enumerate((c["member_no"], c["name"], c["last_activity"])):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, c["id"])
                self.table.setItem(r, col, item)
        self.anonymise_button.setEnabled(bool(self.candidates))
        self._heading()

    def _heading(self) -> None:
        self.retention_heading.setText(
            self.tr("Inactive for %1 years or more: %2")
            .replace("%1", str(self.years_spin.value()))
            .replace("%2", f"{len(self.candidates):,}")
        )

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [int(self.table.item(r, 0).data(ID_ROLE)) for r in rows]

    def anonymise_selected(self, *, confirmed: bool = False) -> Changes | None:
        ids = self.selected_ids()
        if not ids:
            self.message.setText(self.tr("Select the members to anonymise first."))
            return None
        if not confirmed:
            answer = QMessageBox.question(
                self,
                self.tr("Anonymise members"),
                self.tr(
                    "Anonymise %1 member(s)? Names become 已匿名 and phone, birthday, "
                    "family, tags and notes are cleared for good; purchases stay for the "
                    "statistics."
                ).replace("%1", str(len(ids))),
            )
            confirmed = answer == QMessageBox.StandardButton.Yes
        if not confirmed:
            return None
        try:
            changes = privacy.anonymise_members(
                self.ctx.db, actor=self.ctx.actor, member_ids=ids, reason="retention"
            )
        except (ValidationError, PermissionDenied) as exc:
            self.message.setText(str(exc))
            return None
        self.message.setText(self.tr("%1 member(s) anonymised.").replace("%1", str(len(ids))))
        from ui.dialogs.backup_purge import offer_backup_purge

        purged = offer_backup_purge(self, self.ctx, ids)
        if purged:
            self.message.setText(
                self.message.text()
                + " "
                + self.tr("%1 backup(s) holding them deleted.").replace("%1", str(len(purged)))
            )
        self.ctx.notify(changes)
        self.refresh()
        return changes

    # ------------------------------------------------------------------ Qt

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("members", "purchases", "contacts"):
            self.refresh()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Privacy"))
        self.notice_heading.setText(self.tr("Consent notice and retention"))
        self.version_label.setText(self.tr("Notice version"))
        self.notice_label.setText(self.tr("Notice text"))
        self.years_label.setText(self.tr("Anonymise after (years without activity)"))
        self.save_button.setText(self.tr("Save"))
        self.retention_hint.setText(
            self.tr(
                "Members with no purchase, contact or change for that long. Nothing is "
                "removed by itself: select members and anonymise them."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Member no."), self.tr("Name"), self.tr("Last activity")]
        )
        self.anonymise_button.setText(self.tr("Anonymise selected…"))
        if hasattr(self, "candidates"):
            self._heading()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "title"):
            self.retranslate_ui()
        super().changeEvent(event)


def create(ctx: AppContext) -> QWidget:
    return PrivacyPage(ctx)
