"""Settings (设置): the UI language, where the data is kept, the database's version."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.db import schema_version
from ui import i18n
from ui.context import AppContext


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

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        layout.addWidget(self.title)
        layout.addWidget(lang_card)
        layout.addWidget(data_card)
        layout.addStretch(1)

        self.refresh()
        self.retranslate_ui()

    # ------------------------------------------------------------------ content

    def refresh(self) -> None:
        self.data_dir_value.setText(str(self.ctx.data_dir))
        self.db_file_value.setText(str(self.ctx.db_path))
        self.schema_value.setText(schema_version(self.ctx.db) or "—")
        self.log_file_value.setText(str(self.ctx.log_file or "—"))
        self.version_value.setText(__version__)

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

    def on_changes(self, changes: object) -> None:
        self.refresh()

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

    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.data_dir)))


def create(ctx: AppContext) -> QWidget:
    return SettingsPage(ctx)
