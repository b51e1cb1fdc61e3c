"""The member card's privacy controls, kept beside the card so it stays readable:

* the phone field shows ``138****5678`` unless the user may unmask and chose
  "Show full phone" (``app.privacy.reveal_phone`` logs it); a masked value sent back
  unchanged keeps the stored number, a newly typed one replaces it;
* opening a member's card writes a ``view`` entry (once per member shown);
* a "Privacy" menu: show full phone (manager, owner), member data report and
  delete/anonymise (owner);
* the consent notice (settings ``privacy_notice_text``/``_version``) shown under the
  channels while one is ticked; a new consent records the notice's version.

All rules are in ``app/privacy.py`` and ``app/permissions.py``; this only asks
``permissions.allowed`` to hide what the role cannot do.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QToolButton,
    QWidget,
)

from app import counter_queue, permissions, privacy
from app.core import Changes, NotFound, PermissionDenied, ValidationError
from app.db import DatabaseBusy
from app.normalize import mask_phone
from ui import i18n
from ui.context import AppContext

log = logging.getLogger(__name__)


class MemberPrivacy(QObject):
    """Owned by a member card (``parent``); ``changed`` carries the Changes of a
    delete or anonymise (the card closes or reloads, the pages refresh)."""

    changed = Signal(object)
    phone_revealed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.card_widget = parent
        self.member_id: int | None = None
        self.revealed = False
        self._viewed: int | None = None
        self._stored_phone: str | None = None
        actor = ctx.actor
        self.may_unmask = permissions.allowed(actor, permissions.UNMASK)
        self.may_delete = permissions.allowed(actor, permissions.DELETE_MEMBER)
        self.may_report = permissions.allowed(actor, permissions.MEMBER_REPORT)

        self.button = QToolButton()
        self.button.setObjectName("privacyButton")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.show_phone_action = self.menu.addAction("")
        self.show_phone_action.setObjectName("showPhoneAction")
        self.show_phone_action.triggered.connect(self.reveal)
        self.report_action = self.menu.addAction("")
        self.report_action.triggered.connect(lambda: self.write_report())
        self.anonymise_action = self.menu.addAction("")
        self.anonymise_action.triggered.connect(lambda: self.anonymise())
        self.delete_action = self.menu.addAction("")
        self.delete_action.triggered.connect(lambda: self.delete())
        self.show_phone_action.setVisible(self.may_unmask)
        self.report_action.setVisible(self.may_report)
        self.anonymise_action.setVisible(self.may_delete)
        self.delete_action.setVisible(self.may_delete)
        self.button.setMenu(self.menu)
        if not (self.may_unmask or self.may_delete or self.may_report):
            self.button.hide()  # never setVisible(True) before it has a parent

        self.notice = QLabel()
        self.notice.setObjectName("consentNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.retranslate_ui()

    # ------------------------------------------------------------------ member

    def member_loaded(self, member_id: int | None, member: dict[str, Any] | None) -> None:
        """The card shows ``member_id`` now: log the view (once per member shown)."""
        if member_id != self.member_id:
            self.revealed = False
        self.member_id = member_id
        self._stored_phone = (member or {}).get("phone")
        exists = member_id is not None
        anonymised = (member or {}).get("status") == "anonymised"
        self.button.setEnabled(exists)
        self.show_phone_action.setEnabled(exists and bool(self._stored_phone))
        self.anonymise_action.setEnabled(exists and not anonymised)
        self.delete_action.setEnabled(exists)
        if exists and self._viewed != member_id:
            self._viewed = member_id
            try:
                # a long import holds the store: the card opens at once and the view is
                # recorded by the runner when the lock is free (issue #16 item 3)
                with counter_queue.busy_wait(self.ctx.db, counter_queue.WAIT_MS):
                    privacy.record_view(self.ctx.db, actor=self.ctx.actor, member_id=member_id)
            except (NotFound, PermissionDenied):
                log.warning("view of member %s not recorded", member_id)
            except DatabaseBusy:
                self._record_view_later(member_id)

    def _record_view_later(self, member_id: int) -> None:
        actor = self.ctx.actor

        def work(db: Any, _progress: object, _cancel: object) -> Changes:
            return privacy.record_view(db, actor=actor, member_id=member_id)

        self.ctx.runner.run(
            work,
            name="record-view",
            on_error=lambda exc: log.warning("view of member %s not recorded: %s", member_id, exc),
        )

    def forget(self) -> None:
        """The card was closed: the next opening is another view."""
        self._viewed = None
        self.revealed = False

    @property
    def stored_phone(self) -> str | None:
        """The phone as the card read it (masked unless revealed)."""
        return self._stored_phone

    def phone_text(self, phone: str | None) -> str:
        """What the phone field shows."""
        if self.revealed:
            return phone or ""
        return mask_phone(phone)

    def phone_value(self, text: str | None) -> str | None:
        """What to save for the phone field's text: the stored number when the masked
        text came back unchanged."""
        if (
            text
            and self._stored_phone
            and not self.revealed
            and text == mask_phone(self._stored_phone)
        ):
            return self._stored_phone
        return text

    def reveal(self) -> None:
        if self.member_id is None:
            return
        try:
            phone = privacy.reveal_phone(
                self.ctx.db, actor=self.ctx.actor, member_id=self.member_id
            )
        except (NotFound, PermissionDenied) as exc:
            log.warning("cannot show phone: %s", exc)
            return
        self.revealed = True
        self.phone_revealed.emit(phone)

    # ------------------------------------------------------------------ consent notice

    def update_notice(self, any_channel: bool) -> None:
        if any_channel:
            notice = privacy.consent_notice(self.ctx.db)
            self.notice.setText(
                self.tr("Notice shown to the customer (version %1): %2")
                .replace("%1", notice["version"])
                .replace("%2", notice["text"])
            )
        self.notice.setVisible(any_channel)

    def notice_version(self) -> str:
        return privacy.consent_notice(self.ctx.db)["version"]

    # ------------------------------------------------------------------ owner actions

    def write_report(self, out: Path | None = None) -> Path | None:
        if self.member_id is None:
            return None
        if out is None:
            name, _ = QFileDialog.getSaveFileName(
                self.card_widget,
                self.tr("Member data report"),
                str(Path(self.ctx.data_dir) / f"member-{self.member_id}.xlsx"),
                "Excel (*.xlsx)",
            )
            if not name:
                return None
            out = Path(name)
        try:
            return privacy.member_report(
                self.ctx.db,
                actor=self.ctx.actor,
                member_id=self.member_id,
                out=out,
                lang=i18n.current_language(),
            )
        except (NotFound, PermissionDenied, OSError) as exc:
            QMessageBox.warning(self.card_widget, self.tr("Member data report"), str(exc))
            return None

    def _confirm(self, title: str, text: str) -> tuple[bool, str]:
        reason, ok = QInputDialog.getText(self.card_widget, title, text)
        return ok, reason

    def anonymise(self, *, confirmed: bool = False, reason: str = "") -> Changes | None:
        if self.member_id is None:
            return None
        if not confirmed:
            confirmed, reason = self._confirm(
                self.tr("Anonymise member"),
                self.tr(
                    "The name becomes 已匿名; phone, birthday, family, tags and notes are "
                    "cleared for good. Purchases stay for the statistics. Reason (the "
                    "customer's request, …):"
                ),
            )
        if not confirmed:
            return None
        try:
            changes = privacy.anonymise_member(
                self.ctx.db, actor=self.ctx.actor, member_id=self.member_id, reason=reason
            )
        except (ValidationError, NotFound, PermissionDenied) as exc:
            QMessageBox.warning(self.card_widget, self.tr("Anonymise member"), str(exc))
            return None
        from ui.dialogs.backup_purge import offer_backup_purge

        offer_backup_purge(self.card_widget, self.ctx, [self.member_id])
        self.changed.emit(changes)
        return changes

    def delete(self, *, confirmed: bool = False, reason: str = "") -> Changes | None:
        if self.member_id is None:
            return None
        if not confirmed:
            confirmed, reason = self._confirm(
                self.tr("Delete member"),
                self.tr(
                    "Only a member without purchases, contacts or points can be deleted; "
                    "anyone else is anonymised. Reason:"
                ),
            )
        if not confirmed:
            return None
        try:
            changes = privacy.delete_member(
                self.ctx.db, actor=self.ctx.actor, member_id=self.member_id, reason=reason
            )
        except ValidationError as exc:
            QMessageBox.warning(
                self.card_widget,
                self.tr("Delete member"),
                exc.errors[0].message(i18n.current_language()),
            )
            return None
        except (NotFound, PermissionDenied) as exc:
            QMessageBox.warning(self.card_widget, self.tr("Delete member"), str(exc))
            return None
        self.changed.emit(changes)
        return changes

    def retranslate_ui(self) -> None:
        self.button.setText(self.tr("Privacy"))
        self.show_phone_action.setText(self.tr("Show full phone number"))
        self.report_action.setText(self.tr("Member data report…"))
        self.anonymise_action.setText(self.tr("Anonymise…"))
        self.delete_action.setText(self.tr("Delete…"))
