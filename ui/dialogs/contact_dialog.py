"""Log a call, message or visit (联系记录):
``ContactDialog(ctx, member_id, purpose=None, purchase_id=None, parent=None)``.

Shows who is being called (name, member no., masked phone, tier, the "don't call
before 10am" notes, consented channels) and the last three contacts, then asks channel,
purpose, outcome, note, the next follow-up date (optional; +1 day / +7 days), clerk and
time. Ctrl+Enter saves through ``app.contacts.log_contact`` and ``ctx.notify``;
``exec()`` then returns Accepted. From the call list the purpose and the purchase come
pre-filled, so logging the task's call takes it off the list.

The outcome starts at "reached" — the common case, so a completed call is one
Ctrl+Enter; the purpose starts empty when not given, so it is always chosen.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import contacts, labels, members, permissions, privacy, purchases, users
from app.core import Changes, FieldError, NotFound, PermissionDenied, ValidationError
from app.normalize import format_fen, mask_phone
from ui.context import AppContext
from ui.widgets.form_kit import (
    DIALOG_QSS,
    ClerkCombo,
    add_save_shortcuts,
    error_label,
    field_with_error,
    is_ctrl_enter,
    lang,
    set_error,
)
from ui.widgets.screen_fit import fit_to_screen

HISTORY_SHOWN = 3
DEFAULT_OUTCOME = "reached"
DEFAULT_CHANNEL = "phone"


def _code_combo(group: str, name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for code in labels.choices(group):
        combo.addItem(labels.word(group, code, lang()), code)
    return combo


def _select(combo: QComboBox, code: str | None) -> None:
    combo.setCurrentIndex(combo.findData(code) if code is not None else -1)


class ContactDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        member_id: int,
        purpose: str | None = None,
        purchase_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id = member_id
        self.purchase_id = purchase_id
        self.changes: Changes | None = None
        self.contact_id: int | None = None
        self.setObjectName("contactDialog")
        self.setStyleSheet(DIALOG_QSS)
        self.setMinimumWidth(620)
        fit_to_screen(self, QSize(680, 640))  # capped by the screen it opens on (1366×768)

        # who (read once: retranslating must not touch the database) ---------------
        self.member = members.get_member(ctx.db, member_id, actor=ctx.actor)
        self.tiers = users.tier_names(ctx.db)
        self.recent = contacts.contact_history(ctx.db, member_id)[:HISTORY_SHOWN]
        self.purchase: dict[str, Any] | None = None
        if purchase_id is not None:
            try:
                self.purchase = purchases.get_purchase(ctx.db, purchase_id)
            except NotFound:
                self.purchase = None
        self.banner = QLabel()
        self.banner.setObjectName("memberBanner")
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # the full number, for the one member being called: logged (app.privacy)
        self.full_phone: str | None = None
        self.show_number_button = QPushButton()
        self.show_number_button.setObjectName("showNumberButton")
        self.show_number_button.setAutoDefault(False)
        self.show_number_button.clicked.connect(self.show_number)
        self.show_number_button.setVisible(
            bool(self.member and self.member.get("phone"))
            and permissions.allowed(ctx.actor, permissions.DIAL)
        )
        self.notes = QLabel()
        self.notes.setObjectName("memberNotes")
        self.notes.setWordWrap(True)
        self.consent = QLabel()
        self.consent.setObjectName("hint")
        self.consent.setWordWrap(True)
        self.purchase_info = QLabel()
        self.purchase_info.setObjectName("hint")
        self.purchase_info.setWordWrap(True)
        self.history_heading = QLabel()
        self.history_heading.setObjectName("sectionTitle")
        self.history = QLabel()
        self.history.setObjectName("contactHistory")
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.member_error = error_label()

        # what ----------------------------------------------------------------------
        self.channel_combo = _code_combo("channel", "channelCombo")
        _select(self.channel_combo, DEFAULT_CHANNEL)
        self.purpose_combo = _code_combo("purpose", "purposeCombo")
        _select(self.purpose_combo, purpose)
        self.outcome_combo = _code_combo("outcome", "outcomeCombo")
        _select(self.outcome_combo, DEFAULT_OUTCOME)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(64)
        self.follow_check = QCheckBox()
        self.follow_check.setObjectName("followUpCheck")
        self.follow_edit = QDateEdit(QDate.currentDate().addDays(7))
        self.follow_edit.setObjectName("followUpEdit")
        self.follow_edit.setDisplayFormat("yyyy-MM-dd")
        self.follow_edit.setCalendarPopup(True)
        self.follow_edit.setEnabled(False)
        self.follow_check.toggled.connect(self.follow_edit.setEnabled)
        self.plus1_button = QPushButton()
        self.plus1_button.setObjectName("followUpPlus1")
        self.plus7_button = QPushButton()
        self.plus7_button.setObjectName("followUpPlus7")
        for button, days in ((self.plus1_button, 1), (self.plus7_button, 7)):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, d=days: self.follow_up_in(d))
        self.clerk_combo = ClerkCombo(ctx.db, ctx.actor)
        self.at_edit = QDateTimeEdit(QDateTime.currentDateTime())
        self.at_edit.setObjectName("atEdit")
        self.at_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at_edit.setCalendarPopup(True)

        follow_row = QWidget()
        follow_layout = QHBoxLayout(follow_row)
        follow_layout.setContentsMargins(0, 0, 0, 0)
        follow_layout.addWidget(self.follow_check)
        follow_layout.addWidget(self.follow_edit)
        follow_layout.addWidget(self.plus1_button)
        follow_layout.addWidget(self.plus7_button)
        follow_layout.addStretch(1)

        self.field_errors: dict[str, tuple[QLabel, QWidget]] = {
            "channel": (error_label(), self.channel_combo),
            "purpose": (error_label(), self.purpose_combo),
            "outcome": (error_label(), self.outcome_combo),
            "note": (error_label(), self.note_edit),
            "next_follow_up": (error_label(), self.follow_edit),
            "clerk_id": (error_label(), self.clerk_combo),
            "at": (error_label(), self.at_edit),
        }
        self.form_labels = {key: QLabel() for key in self.field_errors}
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(6)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for key, (err, widget) in self.field_errors.items():
            shown = follow_row if key == "next_follow_up" else widget
            form.addRow(self.form_labels[key], field_with_error(shown, err))

        self.save_button = QPushButton()
        self.save_button.setObjectName("saveButton")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.keys_hint = QLabel()
        self.keys_hint.setObjectName("keysHint")
        add_save_shortcuts(self, self.save)

        card = QFrame()
        card.setObjectName("card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(16, 12, 16, 12)
        inner.setSpacing(6)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.show_number_button)
        inner.addLayout(banner_row)
        inner.addWidget(self.notes)
        inner.addWidget(self.consent)
        inner.addWidget(self.purchase_info)
        inner.addWidget(self.history_heading)
        inner.addWidget(self.history)
        bottom = QHBoxLayout()
        bottom.addWidget(self.keys_hint, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(card)
        layout.addWidget(self.member_error)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(bottom)

        chain: list[QWidget] = [
            self.channel_combo,
            self.purpose_combo,
            self.outcome_combo,
            self.note_edit,
            self.follow_check,
            self.follow_edit,
            self.plus1_button,
            self.plus7_button,
            self.clerk_combo,
            self.at_edit,
            self.save_button,
            self.cancel_button,
        ]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

        self.retranslate_ui()
        # Start where the clerk's decision is: the purpose when it is not given yet,
        # else the outcome (the channel is nearly always the phone).
        (self.outcome_combo if purpose else self.purpose_combo).setFocus()

    # ------------------------------------------------------------------ content

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Log a contact"))
        self.show_number_button.setText(self.tr("Show number"))
        self.show_number_button.setToolTip(
            self.tr("Show the full phone number to call this member (the store's log notes it)")
        )
        names = {
            "channel": self.tr("Channel:"),
            "purpose": self.tr("Purpose:"),
            "outcome": self.tr("Outcome:"),
            "note": self.tr("Note:"),
            "next_follow_up": self.tr("Next follow-up:"),
            "clerk_id": self.tr("Clerk:"),
            "at": self.tr("Time:"),
        }
        for key, text in names.items():
            self.form_labels[key].setText(text)
        lg = lang()
        for combo, group in (
            (self.channel_combo, "channel"),
            (self.purpose_combo, "purpose"),
            (self.outcome_combo, "outcome"),
        ):
            for i in range(combo.count()):
                combo.setItemText(i, labels.word(group, combo.itemData(i), lg))
        self.purpose_combo.setPlaceholderText(self.tr("— choose the purpose —"))
        self.note_edit.setPlaceholderText(self.tr("What was said, what the member wants…"))
        self.follow_check.setText(self.tr("Call again on"))
        self.plus1_button.setText(self.tr("+1 day"))
        self.plus7_button.setText(self.tr("+7 days"))
        self.history_heading.setText(self.tr("Last contacts"))
        self.keys_hint.setText(self.tr("Tab next field · Ctrl+Enter save"))
        self.save_button.setText(self.tr("Save (Ctrl+Enter)"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._fill_member()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def show_number(self) -> None:
        """Reveal the member's full number to dial it (logged as an unmask)."""
        if self.member is None:
            return
        try:
            self.full_phone = privacy.phone_to_call(
                self.ctx.db,
                actor=self.ctx.actor,
                member_id=self.member_id,
                purpose=self.purpose_combo.currentData(),
            )
        except (PermissionDenied, NotFound):
            return
        self.show_number_button.hide()
        self._fill_member()

    def _fill_member(self) -> None:
        lg = lang()
        m = self.member
        if m is None:
            self.banner.setText("")
            set_error(self.member_error, None, labels.error_text("member_missing", lg))
            self.save_button.setEnabled(False)
            for w in (self.notes, self.consent, self.purchase_info):
                w.hide()
            return
        tier = users.tier_name(self.tiers, m.get("tier"), lg)
        phone = self.full_phone or mask_phone(m.get("phone"))
        parts = [m["name"], m["member_no"], phone, tier]
        self.banner.setText("  ·  ".join(p for p in parts if p))
        notes = (m.get("contact_notes") or "").strip()
        self.notes.setText(notes)
        self.notes.setVisible(bool(notes))
        channels = [c for c in (m.get("consent_channels") or "").split(",") if c]
        if channels:
            text = self.tr("Agreed to be contacted by: %1").replace(
                "%1", "、".join(labels.word("channel", c, lg) for c in channels)
            )
        else:
            text = self.tr("No consent to marketing contact recorded (service calls only).")
        self.consent.setText(text)
        p = self.purchase
        self.purchase_info.setVisible(p is not None)
        if p is not None:
            pieces = sum(it["qty"] for it in p["items"])
            what = "、".join(dict.fromkeys(it["category"] for it in p["items"] if it["category"]))
            text = self.tr("About the purchase of %1: %2, %3 piece(s) %4")
            for i, value in enumerate(
                (
                    str(p["at"])[:10],
                    format_fen(p["paid_fen"]),
                    str(pieces),
                    ((f"（{what}）" if lg == "zh" else f" ({what})") if what else ""),
                ),
                start=1,
            ):
                text = text.replace(f"%{i}", value)
            self.purchase_info.setText(text.strip())
        self.history.setText(self._history_text())

    def _history_text(self) -> str:
        lg = lang()
        rows = self.recent
        if not rows:
            return self.tr("No contact recorded yet.")
        lines = []
        for c in rows:
            parts = [
                str(c["at"]).replace("T", " ")[:16],
                labels.word("channel", c["channel"], lg),
                labels.word("purpose", c["purpose"], lg),
                labels.word("outcome", c["outcome"], lg),
                c["clerk_name"] or "",
            ]
            line = " · ".join(p for p in parts if p)
            if c["note"]:
                line += f" — {c['note']}"
            lines.append(line)
        return "\n".join(lines)

    # ------------------------------------------------------------------ actions

    def follow_up_in(self, days: int) -> None:
        """Tick "call again" for ``days`` after the contact's day."""
        self.follow_check.setChecked(True)
        self.follow_edit.setDate(self.at_edit.date().addDays(days))

    def values(self) -> dict[str, Any]:
        stamp = self.at_edit.dateTime().toPython()
        assert isinstance(stamp, dt.datetime)
        follow = self.follow_edit.date().toPython() if self.follow_check.isChecked() else None
        return {
            "channel": self.channel_combo.currentData() or "",
            "purpose": self.purpose_combo.currentData() or "",
            "outcome": self.outcome_combo.currentData() or "",
            "note": self.note_edit.toPlainText().strip() or None,
            "next_follow_up": follow,
            "clerk_id": self.clerk_combo.current_id(),
            "at": stamp.replace(microsecond=0),
            "purchase_id": self.purchase_id,
        }

    def clear_errors(self) -> None:
        set_error(self.member_error, None, "")
        for label, widget in self.field_errors.values():
            set_error(label, widget, "")

    def show_errors(self, errors: list[FieldError]) -> None:
        lg = lang()
        by_field: dict[str, list[str]] = {}
        for err in errors:
            message = err.message(lg)
            if err.code == "choice_invalid" and not err.params.get("value"):
                message = self.tr("Choose one.")
            by_field.setdefault(err.field, []).append(message)
        first: QWidget | None = None
        for key, messages in by_field.items():
            if key in self.field_errors:
                label, widget = self.field_errors[key]
                set_error(label, widget, "；".join(messages))
                first = first or widget
            else:  # member_id, purchase_id
                set_error(self.member_error, None, "；".join(messages))
        if first is not None:
            first.setFocus()

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.clear_errors()
        try:
            changes = contacts.log_contact(
                self.ctx.db, actor=self.ctx.actor, member_id=self.member_id, **self.values()
            )
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self.clerk_combo.remember()
        self.changes = changes
        self.contact_id = changes.created_id
        self.ctx.notify(changes)
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not is_ctrl_enter(event):
            return
        super().keyPressEvent(event)
