"""The member card window: header, tabs and buttons put together, loading the member,
saving the archive, the purchase/return/contact/merge actions, hearing changes and being
reused for the next member (see ``registry``)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QSize,
    Qt,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import members, merge
from app.core import Changes, FieldError, NotFound, ValidationError
from app.member_card import member_card
from ui.context import AppContext
from ui.dialogs.contact_dialog import ContactDialog
from ui.dialogs.member_card import registry
from ui.dialogs.member_card.alterations_tab import AlterationsTab
from ui.dialogs.member_card.archive import ArchiveTab
from ui.dialogs.member_card.cards_tab import CardsTab
from ui.dialogs.member_card.changes_tab import ChangesTab
from ui.dialogs.member_card.common import _lang
from ui.dialogs.member_card.events_tab import MemberEventsTab
from ui.dialogs.member_card.fields import FieldBox
from ui.dialogs.member_card.gifts_tab import GiftsTab
from ui.dialogs.member_card.header import CardHeader
from ui.dialogs.member_card.history import HistoryTabs
from ui.dialogs.member_card.merge import MergeDialog
from ui.dialogs.member_card.praise_tab import PraiseTab
from ui.dialogs.purchase_dialog import PurchaseDialog
from ui.dialogs.return_dialog import ReturnDialog
from ui.widgets.points_tab import PointsTab
from ui.widgets.screen_fit import fit_to_screen

log = logging.getLogger(__name__)

# Where the screen has room (1920×1080): wide enough for the history's columns and
# tall enough for ten sales; on 1366×768 the card takes the screen's height instead.
PREFERRED_SIZE = QSize(1180, 860)


class MemberCardDialog(CardHeader, ArchiveTab, HistoryTabs, QDialog):
    """One member's card (``member_id`` None: a new member)."""

    def __init__(
        self,
        ctx: AppContext,
        member_id: int | None = None,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id = member_id
        self.today = today
        self.card: dict[str, Any] | None = None
        self._loading = False
        self._dirty = False
        self._gone = False
        self._last_changes: Changes | None = None
        self._verified_at: str | None = None
        self._consent_at: str | None = None
        self._family_rows: list[int] = []  # table row of each family entry sent
        self.setObjectName("memberCard")
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setSizeGripEnabled(True)
        self.setMinimumSize(820, 600)
        fit_to_screen(self, PREFERRED_SIZE)  # 1366×768 with a taskbar: the screen's height

        self.labels: dict[str, QLabel] = {}
        self.boxes: dict[str, FieldBox] = {}
        self.edits: dict[str, QLineEdit] = {}

        header = self._build_header()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("cardTabs")
        self.tabs.setDocumentMode(True)
        self.archive_tab = self._build_archive()
        self.purchases_tab = self._build_purchases()
        self.contacts_tab = self._build_contacts()
        self.tabs.addTab(self.archive_tab, "")
        self.tabs.addTab(self.purchases_tab, "")
        self.tabs.addTab(self.contacts_tab, "")
        self.points_tab = PointsTab(ctx, None, self)  # follows this card's member and day
        self.points_tab.changed.connect(self._points_changed)
        self.tabs.addTab(self.points_tab, "")
        self.changes_tab = ChangesTab(self)  # 顾客变动卡: the archive's history
        self.tabs.addTab(self.changes_tab, "")
        self.gifts_tab = GiftsTab(self)  # 赠礼 (issue #19)
        self.tabs.addTab(self.gifts_tab, "")
        self.alterations_tab = AlterationsTab(self)  # 修改/送衣 (issue #19)
        self.tabs.addTab(self.alterations_tab, "")
        self.cards_tab = CardsTab(self)  # 会员卡 (issue #19)
        self.tabs.addTab(self.cards_tab, "")
        self.events_tab = MemberEventsTab(self)  # 活动邀请 (issue #19)
        self.tabs.addTab(self.events_tab, "")
        self.praise_tab = PraiseTab(self)  # 表扬与建议 (issue #19)
        self.tabs.addTab(self.praise_tab, "")

        self.form_errors = QLabel()
        self.form_errors.setObjectName("formErrors")
        self.form_errors.setWordWrap(True)
        self.form_errors.hide()
        self.saved_note = QLabel()
        self.saved_note.setObjectName("savedNote")
        self.saved_note.hide()
        self.message = QLabel()
        self.message.setObjectName("cardMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.save_button = QPushButton()
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton()
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.form_errors, 1)
        bottom.addWidget(self.message, 1)
        bottom.addStretch(1)
        bottom.addWidget(self.saved_note)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        self.save_button.setMinimumWidth(120)
        self.close_button.setMinimumWidth(100)
        self._bottom = bottom

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        for keys, slot in (
            ("Ctrl+S", self.save),
            ("Ctrl+P", self.record_purchase),
            ("Ctrl+L", self.log_contact),
            ("Ctrl+R", self.return_selected),
            ("Ctrl+1", lambda: self.tabs.setCurrentIndex(0)),
            ("Ctrl+2", lambda: self.tabs.setCurrentIndex(1)),
            ("Ctrl+3", lambda: self.tabs.setCurrentIndex(2)),
            ("Ctrl+4", lambda: self.tabs.setCurrentIndex(3)),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

        # Styled by the application's style.qss (the #memberCard rules), loaded once.
        self.retranslate_ui()
        self.load()
        registry.register(self)
        self.finished.connect(self._finished)
        self._initial_focus()

    def _initial_focus(self) -> None:
        """A new card (Ctrl+N) starts with the cursor in 姓名, ready to type; an
        existing member's card on its tabs (Ctrl+1…4 and the arrows move between them)."""
        if self.member_id is None:
            self.edits["name"].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.tabs.setFocus()

    # ------------------------------------------------------------------ loading

    def _today(self) -> dt.date:
        return self.today or dt.date.today()

    def load(self) -> None:
        """Read the member again and show it (the archive only when not being edited)."""
        if self.member_id is None:
            self.card = None
        else:
            try:
                self.card = member_card(
                    self.ctx.db, self.member_id, actor=self.ctx.actor, today=self._today()
                )
            except NotFound:
                self._member_gone()
                return
        self.privacy.member_loaded(self.member_id, self.card["member"] if self.card else None)
        self._fill_header()
        if not self._dirty:
            self._fill_form()
        self._fill_purchases()
        self._fill_contacts()
        self.changes_tab.fill(self.ctx.db, None if self.card is None else self.member_id)
        self.gifts_tab.fill()
        self.alterations_tab.fill()
        self.cards_tab.fill()
        self.events_tab.fill()
        self.praise_tab.fill()
        self._update_enabled()
        self.retranslate_tabs()

    def _member_gone(self) -> None:
        self._gone = True
        self.card = None
        self.show_message(
            self.tr("This member no longer exists (merged into another card or deleted).")
        )
        for widget in (self.tabs, self.save_button, self.header_purchase_button):
            widget.setEnabled(False)
        self.merge_button.setEnabled(False)

    def _update_enabled(self) -> None:
        exists = self.card is not None and not self._gone
        self.tabs.setTabEnabled(1, exists)
        self.tabs.setTabEnabled(2, exists)
        self.tabs.setTabEnabled(4, exists)
        for widget in (
            self.header_purchase_button,
            self.merge_button,
            self.contact_button,
            self.form_button,
        ):
            widget.setEnabled(exists)
        self.purchase_button.setEnabled(exists)

    # ------------------------------------------------------------------ editing

    # ------------------------------------------------------------------ editing

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        if dirty:
            self.saved_note.hide()
        self.save_button.setEnabled(not self._gone and (dirty or self.card is None))

    def is_dirty(self) -> bool:
        return self._dirty

    def save(self) -> bool:
        """Validate and write the archive; show every problem inline. True if saved."""
        if self._gone:
            return False
        self._clear_errors()
        data = self.collect()
        pre: list[FieldError] = []
        data["consent_at"] = self._consent_value(pre)
        if pre:
            # Checked here because app.members stores the consent date as given.
            self._show_errors(pre)
            return False
        try:
            if self.member_id is None:
                changes = members.create_member(self.ctx.db, actor=self.ctx.actor, data=data)
                self.member_id = changes.created_id
            else:
                changes = members.update_member(
                    self.ctx.db, actor=self.ctx.actor, member_id=self.member_id, data=data
                )
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return False
        except NotFound:
            self._member_gone()
            return False
        self._set_dirty(False)
        self.load()
        self._notify(changes)
        self.saved_note.setText(self.tr("Saved"))
        self.saved_note.show()
        return True

    def _notify(self, changes: Changes) -> None:
        self._last_changes = changes
        self.ctx.notify(changes)

    # ------------------------------------------------------------------ links and messages

    def _link(self, href: str) -> None:
        if href.startswith("member:"):
            registry.open_member_card(self.ctx, int(href.split(":", 1)[1]), self.parentWidget())

    # ------------------------------------------------------------------ actions

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _run_dialog(self, cls: type[QDialog], *args: Any, **kwargs: Any) -> bool:
        dialog = cls(self.ctx, *args, parent=self, **kwargs)
        accepted = dialog.exec() == int(QDialog.DialogCode.Accepted)
        if accepted:
            self.load()  # the dialog has notified the changes already
        return accepted

    def record_purchase(self) -> bool:
        if self.member_id is None or self._gone:
            return False
        return self._run_dialog(PurchaseDialog, member_id=self.member_id)

    def return_purchase(self, purchase_id: int) -> bool:
        return self._run_dialog(ReturnDialog, purchase_id)

    def log_contact(self) -> bool:
        if self.member_id is None or self._gone:
            return False
        return self._run_dialog(ContactDialog, self.member_id)

    def merge_duplicate(self) -> bool:
        """Pick the duplicate, compare, confirm, merge it into this card."""
        if self.member_id is None or self._gone:
            return False
        dialog = MergeDialog(self.ctx, self.member_id, self)
        if dialog.exec() != int(QDialog.DialogCode.Accepted) or dialog.remove_id() is None:
            return False
        return self.merge_with(int(dialog.remove_id() or 0))

    def merge_with(self, remove_id: int) -> bool:
        assert self.member_id is not None
        try:
            changes = merge.merge_members(
                self.ctx.db, actor=self.ctx.actor, keep_id=self.member_id, remove_id=remove_id
            )
        except (ValidationError, NotFound) as exc:
            errors = exc.errors if isinstance(exc, ValidationError) else []
            text = "; ".join(e.message(_lang()) for e in errors) or str(exc)
            self.show_message(self.tr("Not merged: %1").replace("%1", text))
            return False
        self._set_dirty(False)
        self.load()
        self._notify(changes)
        self.show_message(self.tr("Merged: the other card's history is now on this card."))
        return True

    # ------------------------------------------------------------------ changes

    def on_changes(self, changes: Changes) -> None:
        if self.member_id is not None and self.points_tab.isVisible():
            self.points_tab.on_changes(changes)
        if changes is self._last_changes or self.member_id is None:
            return
        if self.member_id in changes.member_ids or changes.touches("tiers", "users"):
            self.load()

    def _points_changed(self, changes: Changes) -> None:
        """A redemption, adjustment or visit on the points tab: the header's balance."""
        if self.member_id is not None and not self._gone:
            self.load()

    def _phone_revealed(self, phone: str) -> None:
        self.edits["phone"].setText(phone)

    def _privacy_changed(self, changes: Changes) -> None:
        """The owner deleted or anonymised this member."""
        self._set_dirty(False)
        self.load()
        self._notify(changes)

    def _finished(self, _result: int) -> None:
        self.privacy.forget()
        registry.closed(self)

    def reuse(self, member_id: int | None, *, today: dt.date | None = None) -> None:
        """Show another member (None: a new one) in this closed card."""
        self.member_id = member_id
        self.today = today
        self.card = None
        self._dirty = False
        self._gone = False
        self._last_changes = None
        self.saved_note.hide()
        self.tabs.setEnabled(True)
        self.tabs.setCurrentIndex(0)
        self.archive_tab.verticalScrollBar().setValue(0)
        if self._lang != _lang():
            self.retranslate_ui()
        self.load()
        registry.register(self)
        self._initial_focus()

    def reject(self) -> None:
        """Close (Esc); unsaved edits are saved, dropped or kept on the user's word."""
        if self._dirty and not self._gone:
            answer = QMessageBox.question(
                self,
                self.tr("Unsaved changes"),
                self.tr("Save the changes to this member before closing?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Save:
                if not self.save():
                    return
            elif answer != QMessageBox.StandardButton.Discard:
                return  # Cancel, or the box was closed
        super().reject()

    def discard_and_close(self) -> None:
        self._dirty = False
        super().reject()

    # ------------------------------------------------------------------ language

    def retranslate_tabs(self) -> None:
        n_p = len(self.card["purchases"]) if self.card else 0
        n_c = len(self.card["contacts"]) if self.card else 0
        self.tabs.setTabText(0, self.tr("Archive"))
        self.tabs.setTabText(1, self.tr("Purchases (%1)").replace("%1", str(n_p)))
        self.tabs.setTabText(2, self.tr("Contacts (%1)").replace("%1", str(n_c)))
        self.tabs.setTabText(3, self.tr("Points"))
        n_h = self.changes_tab.count()
        self.tabs.setTabText(4, self.tr("Changes (%1)").replace("%1", str(n_h)))

    def retranslate_ui(self) -> None:
        self._lang = _lang()
        self.privacy.retranslate_ui()
        self._retranslate_archive()
        self._retranslate_header()
        self._retranslate_history()
        self.changes_tab.retranslate_ui()
        self.gifts_tab.retranslate_ui()
        self.alterations_tab.retranslate_ui()
        self.cards_tab.retranslate_ui()
        self.events_tab.retranslate_ui()
        self.praise_tab.retranslate_ui()
        self.save_button.setText(self.tr("Save"))
        self.save_button.setToolTip("Ctrl+S")
        self.close_button.setText(self.tr("Close"))
        self.close_button.setToolTip("Esc")
        self.retranslate_tabs()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.isVisible():
            # Words from app.labels and the tiers table come in through load().
            self.retranslate_ui()
            self._fill_choice_combos()
            self.load()
        super().changeEvent(event)
