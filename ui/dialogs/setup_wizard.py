"""The first-run wizard (开店向导, #20): a new, empty store is set up in four short
pages — the store (name, code, member-number prefix), the tiers' thresholds, the
points programme's start (the rules live on the 积分 page, which opens afterwards if
asked), and where backups also go (a USB stick). One action saves it all
(``app.setup.complete_setup``); a refused field sends the owner back to its page with
the message under the field.

Shown after the owner first signs in to an empty store (``app.setup.needs_setup``),
and from File → Store set-up wizard at any time.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app import loyalty, settings, setup
from app.core import FieldError, ValidationError
from app.normalize import format_fen, parse_money_fen
from ui import i18n
from ui.context import AppContext
from ui.widgets.form_kit import error_label, set_error


class SetupWizard(QWizard):
    """Four pages; ``accept()`` saves through ``app.setup.complete_setup``."""

    PAGE_STORE, PAGE_TIERS, PAGE_POINTS, PAGE_BACKUP = range(4)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("setupWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setWindowTitle(self.tr("Set up your store"))
        self.resize(640, 480)
        self.errors: dict[str, tuple[QLabel, QWidget | None]] = {}
        self.open_points_rules = False
        self.setPage(self.PAGE_STORE, self._store_page())
        self.setPage(self.PAGE_TIERS, self._tiers_page())
        self.setPage(self.PAGE_POINTS, self._points_page())
        self.setPage(self.PAGE_BACKUP, self._backup_page())

    # ------------------------------------------------------------------ pages

    def _field(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        err = error_label()
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(widget)
        col.addWidget(err)
        form.addRow(label, box)
        self.errors[key] = (err, widget)

    def _store_page(self) -> QWizardPage:
        page = QWizardPage()
        page.setTitle(self.tr("Your store"))
        page.setSubTitle(
            self.tr("The name is printed on reports and vouchers; the code identifies the "
                    "store to head office; new member numbers start with the prefix.")
        )  # fmt: skip
        form = QFormLayout(page)
        db = self.ctx.db
        self.name_edit = QLineEdit(str(settings.get(db, "store_name") or ""))
        self.name_edit.setObjectName("setupStoreName")
        self.code_edit = QLineEdit(str(settings.get(db, "store_code") or ""))
        self.code_edit.setObjectName("setupStoreCode")
        self.prefix_edit = QLineEdit(str(settings.get(db, "member_no_prefix") or ""))
        self.prefix_edit.setObjectName("setupPrefix")
        self.prefix_edit.setMaxLength(6)
        self._field(form, "store_name", self.tr("Store name"), self.name_edit)
        self._field(form, "store_code", self.tr("Store code"), self.code_edit)
        self._field(form, "member_no_prefix", self.tr("Member number prefix"), self.prefix_edit)
        self.name_edit.textEdited.connect(lambda: self._clear("store_name"))
        return page

    def _tiers_page(self) -> QWizardPage:
        page = QWizardPage()
        page.setTitle(self.tr("Member tiers"))
        page.setSubTitle(
            self.tr("A member moves up a tier when the last 12 months' spend reaches its "
                    "threshold. The lowest tier starts at ¥0.")
        )  # fmt: skip
        layout = QVBoxLayout(page)
        self.tiers = loyalty.list_tiers(self.ctx.db)
        lang = i18n.current_language()
        self.tier_table = QTableWidget(len(self.tiers), 2)
        self.tier_table.setObjectName("setupTiers")
        self.tier_table.setHorizontalHeaderLabels([self.tr("Tier"), self.tr("From spend (¥)")])
        self.tier_table.verticalHeader().hide()
        self.tier_table.horizontalHeader().setStretchLastSection(True)
        for row, tier in enumerate(self.tiers):
            name = QTableWidgetItem(tier["name_zh"] if lang == "zh" else tier["name_en"])
            self.tier_table.setItem(row, 0, name)
            spend = QTableWidgetItem(format_fen(tier["min_spend_fen"], symbol=False))
            spend.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if row == 0:
                spend.setFlags(Qt.ItemFlag.ItemIsEnabled)  # always ¥0
            self.tier_table.setItem(row, 1, spend)
        layout.addWidget(self.tier_table)
        self.tiers_error = error_label()
        layout.addWidget(self.tiers_error)
        self.errors["tiers"] = (self.tiers_error, self.tier_table)
        return page

    def _points_page(self) -> QWizardPage:
        page = QWizardPage()
        page.setTitle(self.tr("Points programme"))
        page.setSubTitle(
            self.tr("Members earn points on what they pay and redeem them for rewards. "
                    "The rules (points per yuan, expiry, birthday and referral points) and "
                    "the day history starts earning are set on the Points page.")
        )  # fmt: skip
        layout = QVBoxLayout(page)
        self.points_now = QRadioButton(self.tr("Open the Points page after this wizard"))
        self.points_now.setObjectName("setupPointsNow")
        self.points_later = QRadioButton(self.tr("Later: the store runs without points"))
        self.points_later.setChecked(not loyalty.started(self.ctx.db))
        self.points_now.setChecked(not self.points_later.isChecked())
        layout.addWidget(self.points_now)
        layout.addWidget(self.points_later)
        layout.addStretch(1)
        return page

    def _backup_page(self) -> QWizardPage:
        page = QWizardPage()
        page.setTitle(self.tr("Backups"))
        page.setSubTitle(
            self.tr("The app backs the store up while it runs and when it closes, beside "
                    "the database. A second copy on a USB stick survives a broken PC.")
        )  # fmt: skip
        form = QFormLayout(page)
        self.folder_edit = QLineEdit(str(settings.get(self.ctx.db, "backup_copy_folder") or ""))
        self.folder_edit.setObjectName("setupBackupFolder")
        self.folder_edit.setPlaceholderText(self.tr("e.g. E:\\backups (empty: no second copy)"))
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self._choose_folder)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.folder_edit, 1)
        line.addWidget(choose)
        self._field(form, "backup_copy_folder", self.tr("Second copy in"), row)
        self.hours_spin = QSpinBox()
        self.hours_spin.setRange(1, 48)
        self.hours_spin.setValue(int(settings.get(self.ctx.db, "backup_interval_hours") or 4))
        self.hours_spin.setSuffix(self.tr(" h"))
        self._field(form, "backup_interval_hours", self.tr("Back up every"), self.hours_spin)
        return page

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for a second copy"))
        if folder:
            self.folder_edit.setText(folder)

    # ------------------------------------------------------------------ saving

    def _clear(self, key: str) -> None:
        label, widget = self.errors[key]
        set_error(label, widget, "")

    def tier_rows(self) -> list[dict[str, Any]] | list[FieldError]:
        """The tiers as typed, or the cells that are not amounts."""
        rows: list[dict[str, Any]] = []
        problems: list[FieldError] = []
        lang = i18n.current_language()
        for row, tier in enumerate(self.tiers):
            name = (self.tier_table.item(row, 0).text() or "").strip()
            text = self.tier_table.item(row, 1).text()
            try:
                fen = parse_money_fen(text, field=f"tiers[{row}].min_spend_fen")
            except ValidationError as exc:
                problems.extend(exc.errors)
                continue
            names = {"name_zh": name} if lang == "zh" else {"name_en": name}
            rows.append({**tier, **names, "min_spend_fen": fen or 0})
        return problems or rows

    def values(self) -> dict[str, Any]:
        return {
            "store": {
                "store_name": self.name_edit.text(),
                "store_code": self.code_edit.text(),
                "member_no_prefix": self.prefix_edit.text(),
            },
            "backup": {
                "backup_copy_folder": self.folder_edit.text(),
                "backup_interval_hours": self.hours_spin.value(),
            },
        }

    def save(self) -> bool:
        """Save everything; on a refusal show each message under its field and go to
        the first page with one. True when saved."""
        for key in self.errors:
            self._clear(key)
        tiers = self.tier_rows()
        errors: list[FieldError] = [t for t in tiers if isinstance(t, FieldError)]
        if not errors:
            try:
                changes = setup.complete_setup(
                    self.ctx.db, actor=self.ctx.actor, tiers=tiers, **self.values()
                )
            except ValidationError as exc:
                errors = list(exc.errors)
            else:
                self.open_points_rules = self.points_now.isChecked()
                self.ctx.notify(changes)
                return True
        self.show_errors(errors)
        return False

    def show_errors(self, errors: list[FieldError]) -> None:
        lang = i18n.current_language()
        first_page = None
        tier_lines = []
        for err in errors:
            if err.field.startswith("tiers"):
                tier_lines.append(err.message(lang))
                first_page = self.PAGE_TIERS if first_page is None else first_page
                continue
            label, widget = self.errors.get(err.field, (self.tiers_error, None))
            set_error(label, widget, err.message(lang))
            page = self.PAGE_BACKUP if err.field.startswith("backup") else self.PAGE_STORE
            first_page = page if first_page is None else min(first_page, page)
        if tier_lines:
            set_error(self.tiers_error, self.tier_table, "；".join(tier_lines))
        if first_page is not None:
            while self.currentId() > first_page:
                self.back()

    def accept(self) -> None:
        if self.save():
            super().accept()
