"""Settings (设置): the UI language, where the data is kept, the database's version."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app import __version__, backup, settings
from app.core import Changes
from app.db import schema_version
from app.paths import backups_dir
from app.permissions import allowed
from ui import i18n
from ui.context import AppContext
from ui.tasks import unhandled
from ui.widgets.form_kit import set_style_flag
from ui.widgets.store_rules import StoreRulesCard


def _value_label() -> QLabel:
    label = QLabel()
    label.setObjectName("valueLabel")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("page_settings")

        self.title = QLabel()
        self.title.setObjectName("pageTitle")

        # Language --------------------------------------------------------------
        self.language_heading = QLabel()
        self.language_heading.setObjectName("sectionTitle")
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("languageCombo")
        for code in i18n.LANGUAGES:
            # Each language is named in itself, so anyone can find their own.
            self.language_combo.addItem(i18n.NATIVE_NAMES[code], code)
        self.language_combo.setCurrentIndex(i18n.LANGUAGES.index(i18n.current_language()))
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        self.language_combo.setMinimumWidth(160)
        self.language_hint = QLabel()
        self.language_hint.setObjectName("hint")
        self.language_hint.setWordWrap(True)
        self.language_label = QLabel()

        lang_card = QFrame()
        lang_card.setObjectName("card")
        lang_form = QFormLayout()
        lang_form.setHorizontalSpacing(16)
        lang_form.setVerticalSpacing(10)
        lang_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        lang_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        lang_form.addRow(self.language_label, self.language_combo)
        lang_layout = QVBoxLayout(lang_card)
        lang_layout.setContentsMargins(20, 16, 20, 16)
        lang_layout.addWidget(self.language_heading)
        lang_layout.addLayout(lang_form)
        lang_layout.addWidget(self.language_hint)

        # Data ------------------------------------------------------------------
        self.data_heading = QLabel()
        self.data_heading.setObjectName("sectionTitle")
        self.data_dir_value = _value_label()
        self.db_file_value = _value_label()
        self.schema_value = _value_label()
        self.log_file_value = _value_label()
        self.version_value = _value_label()
        self.data_dir_label = QLabel()
        self.db_file_label = QLabel()
        self.schema_label = QLabel()
        self.log_file_label = QLabel()
        self.version_label = QLabel()
        self.open_folder_button = QPushButton()
        self.open_folder_button.setObjectName("openDataFolder")
        self.open_folder_button.clicked.connect(self._open_data_folder)

        data_card = QFrame()
        data_card.setObjectName("card")
        data_form = QFormLayout()
        data_form.setHorizontalSpacing(16)
        data_form.setVerticalSpacing(10)
        data_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        data_form.addRow(self.data_dir_label, self.data_dir_value)
        data_form.addRow(self.db_file_label, self.db_file_value)
        data_form.addRow(self.schema_label, self.schema_value)
        data_form.addRow(self.log_file_label, self.log_file_value)
        data_form.addRow(self.version_label, self.version_value)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        data_layout = QVBoxLayout(data_card)
        data_layout.setContentsMargins(20, 16, 20, 16)
        data_layout.addWidget(self.data_heading)
        data_layout.addLayout(data_form)
        data_layout.addSpacing(6)
        data_layout.addLayout(buttons)

        # The store's rules (43 fields, below the first screen) are built just after the
        # page's first show, not in it: building everything held the GUI thread over the
        # 100 ms stall goal on a big store (issue #14, bench_gui_stalls).
        self.rules_card: StoreRulesCard | None = None
        self.rules_holder = QWidget()
        self.rules_holder.setObjectName("rulesHolder")
        holder = QVBoxLayout(self.rules_holder)
        holder.setContentsMargins(0, 0, 0, 0)

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 12, 0)
        inner.setSpacing(16)
        inner.addWidget(lang_card)
        inner.addWidget(data_card)
        inner.addWidget(self._backup_card())
        inner.addWidget(self.rules_holder)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)

        self.refresh()
        self.retranslate_ui()

    # ------------------------------------------------------------------ content

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.rules_card is None:
            QTimer.singleShot(0, self, self.build_rules_card)  # once this show is painted

    def build_rules_card(self) -> StoreRulesCard:
        """The store's rules card, built (and filled, by itself) on first need."""
        if self.rules_card is None:
            self.rules_card = StoreRulesCard(self.ctx)
            self.rules_card.saved.connect(self.on_changes)
            self.rules_holder.layout().addWidget(self.rules_card)
            self.rules_card.show()  # now, not when the layout's queued show comes
        return self.rules_card

    def refresh(self) -> None:
        self.data_dir_value.setText(str(self.ctx.data_dir))
        self.db_file_value.setText(str(self.ctx.db_path))
        name = schema_version(self.ctx.db) or ""
        number = name[1:4].lstrip("0") if name[:1] == "m" and name[1:4].isdigit() else ""
        # the version's number for people; its migration's name for whoever supports them
        self.schema_value.setText(number or name or "—")
        self.schema_value.setToolTip(name)
        self.log_file_value.setText(str(self.ctx.log_file or "—"))
        self.version_value.setText(__version__)
        self._backup_numbers = [
            str(settings.get(self.ctx.db, key))
            for key in (
                "backup_interval_hours",
                "backup_keep_daily",
                "backup_keep_weekly",
                "backup_keep_monthly",
            )
        ]

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Settings"))
        self.language_heading.setText(self.tr("Language"))
        self.language_label.setText(self.tr("Display language:"))
        self.language_hint.setText(
            self.tr("The change applies at once and is remembered for the next start.")
        )
        self.data_heading.setText(self.tr("Data"))
        self.data_dir_label.setText(self.tr("Data folder:"))
        self.db_file_label.setText(self.tr("Database file:"))
        self.schema_label.setText(self.tr("Schema version:"))
        self.log_file_label.setText(self.tr("Log file:"))
        self.version_label.setText(self.tr("VIP Keeper version:"))
        self.open_folder_button.setText(self.tr("Open data folder"))
        self.backup_heading.setText(self.tr("Backups"))
        self.backup_dir_label.setText(self.tr("Backup folder:"))
        self.last_backup_label.setText(self.tr("Latest backup:"))
        numbers = self._backup_numbers  # read in refresh(): retranslating reads no database
        self.backup_hint.setText(
            self.tr(
                "A backup is made every %1 hours while the app runs, when it closes, and "
                "before every import and restore. Old backups are thinned out: one a day "
                "for %2 days, one a week for %3 weeks, one a month for %4 months."
            )
            .replace("%1", numbers[0])
            .replace("%2", numbers[1])
            .replace("%3", numbers[2])
            .replace("%4", numbers[3])
        )
        self.backup_now_button.setText(self.tr("Back up now"))
        self.restore_button.setText(self.tr("Restore a backup…"))
        self._refresh_backups()

    def on_changes(self, changes: object) -> None:
        self.refresh()
        if isinstance(changes, Changes):
            if self.rules_card is not None:  # one built later reads the store then
                self.rules_card.on_changes(changes)
            if changes.touches("settings"):
                self.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ actions

    def _language_chosen(self, index: int) -> None:
        code = self.language_combo.itemData(index)
        if not code or code == i18n.current_language():
            return
        i18n.save_language(code)
        i18n.install_translators(code)

    # ------------------------------------------------------------------ backups

    def _backup_card(self) -> QFrame:
        self.backup_heading = QLabel()
        self.backup_heading.setObjectName("sectionTitle")
        self.backup_dir_label = QLabel()
        self.backup_dir_value = _value_label()
        self.last_backup_label = QLabel()
        self.last_backup_value = _value_label()
        self.last_backup_value.setObjectName("lastBackupValue")
        self.backup_hint = QLabel()
        self.backup_hint.setObjectName("hint")
        self.backup_hint.setWordWrap(True)
        self.backup_message = QLabel()
        self.backup_message.setObjectName("backupMessage")
        self.backup_message.setWordWrap(True)
        self.backup_now_button = QPushButton()
        self.backup_now_button.setObjectName("backupNowButton")
        self.backup_now_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("openRestoreDialog")
        self.restore_button.clicked.connect(self.open_restore_dialog)
        for button, perm in ((self.backup_now_button, "backup"), (self.restore_button, "restore")):
            button.setEnabled(allowed(self.ctx.actor, perm))
        card = QFrame()
        card.setObjectName("card")
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.addRow(self.backup_dir_label, self.backup_dir_value)
        form.addRow(self.last_backup_label, self.last_backup_value)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_now_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        box = QVBoxLayout(card)
        box.setContentsMargins(20, 16, 20, 16)
        box.addWidget(self.backup_heading)
        box.addLayout(form)
        box.addWidget(self.backup_hint)
        box.addLayout(buttons)
        box.addWidget(self.backup_message)
        return card

    def _refresh_backups(self) -> None:
        folder = backups_dir(self.ctx.db_path)
        self.backup_dir_value.setText(str(folder))
        newest = backup.list_backups(folder, counts=False)
        if newest:
            from ui.dialogs.restore_dialog import reason_text

            self.last_backup_value.setText(
                f"{newest[0].at:%Y-%m-%d %H:%M} · {reason_text(newest[0].reason)}"
            )
        else:
            self.last_backup_value.setText(self.tr("none yet"))

    def back_up_now(self) -> bool:
        """A backup through the task runner; the message below says how it went."""
        actor = self.ctx.actor
        folder = backups_dir(self.ctx.db_path)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, Exception):
                unhandled(exc)
                return
            # disk full, no permission, folder not writable…
            self.backup_message.setText(self.tr("No backup was made: %1").replace("%1", str(exc)))
            set_style_flag(self.backup_message, "error", True)  # red: resources/style.qss

        def done(result: backup.BackupResult) -> None:
            set_style_flag(self.backup_message, "error", False)
            if result.check != "ok":
                self.backup_message.setText(
                    self.tr(
                        "Backup saved as %1, but the database failed its check: consider "
                        "restoring an older backup."
                    ).replace("%1", result.path.name)
                )
                set_style_flag(self.backup_message, "error", True)
            else:
                text = self.tr("Backup saved as %1.").replace("%1", result.path.name)
                if result.copy is not None:
                    text += " " + self.tr("A copy is in %1.").replace("%1", str(result.copy.parent))
                elif result.copy_error:
                    why = result.copy_error.message(i18n.current_language())
                    text += " " + self.tr("No second copy: %1.").replace("%1", why)
                self.backup_message.setText(text)
            self._refresh_backups()
            self.ctx.notify(result.changes)

        self.ctx.runner.run(
            lambda db, _progress, _cancel: backup.back_up(db, dest_dir=folder, actor=actor),
            name="backup-now",
            owner=self,
            progress=self.tr("Backing up…"),
            parent=self,
            on_done=done,
            on_error=failed,
        )
        return True

    def open_restore_dialog(self) -> None:
        from ui.dialogs.restore_dialog import RestoreDialog

        RestoreDialog(self.ctx, self).exec()
        self._refresh_backups()

    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.data_dir)))


def create(ctx: AppContext) -> QWidget:
    return SettingsPage(ctx)
