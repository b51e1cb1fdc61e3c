"""The card's Archive tab: every field of the 顾客档案 filled and edited in place, what
the form sends to ``app.members`` and every ``FieldError`` shown under its field. Its
widgets are built in ``archive_layout.py``, the family table's rows in
``archive_family.py``."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QScrollArea, QWidget

from app import labels, member_form, members
from app.core import FieldError, ValidationError, now
from app.lunar import next_occurrence
from app.normalize import birthday_calendar_hint, parse_birthday, parse_date, split_birthday
from ui.dialogs.member_card.archive_family import FamilyTable
from ui.dialogs.member_card.archive_layout import ArchiveLayout
from ui.dialogs.member_card.common import _date, _lang, _t
from ui.dialogs.member_card.fields import (
    BASIC_TEXT,
    ERROR_CELL,
    FAM_DATE,
    FAM_NAME,
    FAM_NOTE,
    FAMILY_FIELDS,
    FAMILY_HEADERS,
    FEATURE_TEXT,
    LABELS,
    NO_BRUSH,
    PLACEHOLDERS,
    SIZE_FIELDS,
)
from ui.widgets.member_picker import MemberPicker


class ArchiveTab(ArchiveLayout, FamilyTable):
    """The Archive tab of :class:`MemberCardDialog` (a mixin: the card owns the member,
    the dirty flag and saving)."""

    # ------------------------------------------------------------------ filling

    def _fill_combo(self, combo: QComboBox, items: list[tuple[str | None, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for code, text in items:
            combo.addItem(text, code)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _fill_choice_combos(self) -> None:
        lang = _lang()
        self._fill_combo(
            self.gender_combo,
            [(None, "—")] + [(c, labels.word("gender", c, lang)) for c in labels.choices("gender")],
        )
        self._fill_combo(
            self.calendar_combo,
            [(c, labels.word("calendar", c, lang)) for c in labels.choices("calendar")],
        )
        self._fill_combo(
            self.source_combo,
            [(None, "—")] + [(c, labels.word("source", c, lang)) for c in labels.choices("source")],
        )
        current = self.card["member"]["status"] if self.card else "active"
        statuses = [
            c
            for c in labels.choices("status")
            if c not in ("anonymised", "dormant") or current == c
        ]  # dormant is derived (app/state.py)
        self._fill_combo(self.status_combo, [(c, labels.word("status", c, lang)) for c in statuses])

    def _set_combo(self, combo: QComboBox, code: str | None) -> None:
        index = combo.findData(code)
        combo.setCurrentIndex(index if index >= 0 else 0)

    def _fill_form(self) -> None:
        self._loading = True
        try:
            self._clear_errors()
            self._fill_choice_combos()
            m: dict[str, Any] = self.card["member"] if self.card else {}
            new = self.card is None
            self.member_no_edit.setText(m.get("member_no") or "")
            self.member_no_edit.setReadOnly(not new)
            self.edits["name"].setText(m.get("name") or "")
            self._set_combo(self.gender_combo, m.get("gender"))
            self.birthday_edit.setText(m.get("birthday") or "")
            self._set_combo(self.calendar_combo, m.get("birthday_calendar") or "solar")
            self.leap_check.setChecked(bool(m.get("birthday_leap")))
            self.edits["phone"].setText(self.privacy.phone_text(m.get("phone")))
            for key in (*BASIC_TEXT, *FEATURE_TEXT, *SIZE_FIELDS, "lost_reason", "lost_note"):
                self.edits[key].setText(m.get(key) or "")
            if m.get("lost_reason"):  # a code (app.feedback.mark_lost): shown by its label
                self.edits["lost_reason"].setText(
                    labels.word("lost_reason", m["lost_reason"], _lang())
                )
            self._set_combo(self.source_combo, m.get("source"))
            ref = self.card["referrer"] if self.card else None
            self.referrer_picker.set_member(
                ref["id"] if ref else None, MemberPicker.describe(ref) if ref else ""
            )
            self._set_combo(self.status_combo, m.get("status") or "active")
            self.joined_value.setText(m.get("joined_on") or self.tr("today, on saving"))
            self.enrolled_combo.fill(m.get("enrolled_by"), new=new)
            self.note_edit.setPlainText(m.get("note") or "")
            chans = set(filter(None, (m.get("consent_channels") or "").split(",")))
            for code, check in self.consent_checks.items():
                check.setChecked(code in chans)
            self._consent_at = m.get("consent_at")
            self.edits["consent_at"].setText(_date(self._consent_at))
            self.privacy.update_notice(bool(chans))
            self.edits["tags"].setText(", ".join(m.get("tags") or []))
            self._verified_at = m.get("verified_at")
            self._show_verified()
            self.family_table.setRowCount(0)
            for row in m.get("family") or []:
                self.add_family_row(row)
            self._fill_referred()
        finally:
            self._loading = False
        self._calendar_changed()
        self._status_changed()
        self._set_dirty(False)

    def _fill_referred(self) -> None:
        referred = self.card["referred"] if self.card else []
        if not referred:
            self.referred_label.hide()
            return
        links = "、".join(
            f'<a href="member:{r["id"]}">{html.escape(r["name"])}</a>' for r in referred[:8]
        )
        more = "…" if len(referred) > 8 else ""
        self.referred_label.setText(
            html.escape(self.tr("Brought %1 member(s):").replace("%1", str(len(referred))))
            + " "
            + links
            + more
        )
        self.referred_label.show()

    def _show_verified(self) -> None:
        self.verified_value.setText(_date(self._verified_at) or self.tr("never"))

    # ------------------------------------------------------------------ editing

    def _calendar_changed(self, *_args: object) -> None:
        lunar = self.calendar_combo.currentData() == "lunar"
        self.leap_check.setEnabled(lunar)
        if not lunar and self.leap_check.isChecked():
            self.leap_check.setChecked(False)
        self._update_birthday_hint()
        self._changed()

    def _status_changed(self, *_args: object) -> None:
        lost = self.status_combo.currentData() == "lost"
        for key in ("lost_reason", "lost_note"):
            self.edits[key].setEnabled(lost)
        stored = self.card["member"].get("status") if self.card else None
        if lost and not self._loading and self.member_id is not None and stored != "lost":
            self._ask_lost_reason(stored or "active")

    def _ask_lost_reason(self, stored: str) -> None:
        """Choosing "lost" asks why (app.feedback.mark_lost saves status and reason at
        once); closing the question puts the status back."""
        from ui.dialogs.feedback_dialogs import LostReasonDialog

        dialog = LostReasonDialog(self.ctx, int(self.member_id), self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        member = (
            members.get_member(self.ctx.db, int(self.member_id), actor=self.ctx.actor)
            if accepted
            else None
        )
        was_loading, self._loading = self._loading, True
        try:
            if member is None:
                self._set_combo(self.status_combo, stored)
                return
            if self.card is not None:
                self.card["member"].update(
                    status=member["status"],
                    lost_reason=member["lost_reason"],
                    lost_note=member["lost_note"],
                )
                self.card["header"]["status"] = member["status"]
            self._set_combo(self.status_combo, member["status"])
            self.edits["lost_reason"].setText(
                labels.word("lost_reason", member["lost_reason"], _lang())
                if member["lost_reason"]
                else ""
            )
            self.edits["lost_note"].setText(member["lost_note"] or "")
        finally:
            self._loading = was_loading
        self._fill_header()

    def _birthday_picker_opens(self) -> None:
        """The picker opens on the typed birthday, else thirty years back (a likely
        customer's birth year) rather than today."""
        text = self.birthday_edit.text().strip()
        shown = QDate.currentDate().addYears(-30)
        if text and (self.calendar_combo.currentData() or "solar") == "solar":
            try:
                stored = parse_birthday(text)
            except ValidationError:
                stored = None
            if stored and not stored.startswith("--"):
                shown = QDate.fromString(stored, "yyyy-MM-dd")
        self.birthday_picker.setSelectedDate(shown)

    def _birthday_picked(self, date: QDate) -> None:
        self._set_combo(self.calendar_combo, "solar")
        self.birthday_edit.setText(date.toString("yyyy-MM-dd"))
        self.birthday_pick_button.menu().close()
        self._update_birthday_hint()
        self._changed()

    def _update_birthday_hint(self, *_args: object) -> None:
        """What the typed birthday is read as, under the field: ``农历八月十五 →
        2027-09-15`` for a lunar one, ``→ 1990-05-01`` / ``→ --05-01`` when a solar one
        was typed another way (``19900501``, ``5月1日``). Text that says 农历 switches
        the calendar (and 闰 the leap month) to match, as saving will."""
        text = self.birthday_edit.text().strip()
        said = birthday_calendar_hint(text) if text else None
        if said is not None and not self._loading:
            was_loading, self._loading = self._loading, True
            try:
                self._set_combo(self.calendar_combo, said[0])
                self.leap_check.setEnabled(True)
                self.leap_check.setChecked(said[1])
            finally:
                self._loading = was_loading
        calendar = self.calendar_combo.currentData() or "solar"
        hint = ""
        if text and calendar == "solar":
            try:
                stored = parse_birthday(text)
            except ValidationError:
                stored = None
            if stored and stored != text:
                hint = f"→ {stored}"
        if text and calendar == "lunar":
            leap = self.leap_check.isChecked()
            try:
                stored = parse_birthday(text, calendar="lunar", leap=leap)
            except ValidationError:
                stored = None
            if stored:
                _y, month, day = split_birthday(stored)
                nxt = next_occurrence(
                    month, day, calendar="lunar", leap=leap, on_or_after=self._today()
                )
                hint = f"{member_form.lunar_md_text(month, day, leap, _lang())} → {nxt.isoformat()}"
        self.birthday_hint.setText(hint)
        self.birthday_hint.setVisible(bool(hint))

    def _consent_toggled(self, checked: bool) -> None:
        if self._loading:
            return
        if checked and not self.edits["consent_at"].text().strip():
            self.edits["consent_at"].setText(self._today().isoformat())
        self.privacy.update_notice(any(c.isChecked() for c in self.consent_checks.values()))
        self._changed()

    def mark_verified(self) -> None:
        """The clerk has just gone through the data with the customer: record today
        (saved at once for an existing member)."""
        self._verified_at = now()
        self._show_verified()
        self._set_dirty(True)
        if self.card is not None:
            self.save()

    def collect(self) -> dict[str, Any]:
        """The form as ``app.members`` data (every field; unchanged ones stay equal)."""
        data: dict[str, Any] = {
            "name": self.edits["name"].text(),
            "phone": self.privacy.phone_value(self.edits["phone"].text().strip() or None),
            "gender": self.gender_combo.currentData(),
            "birthday": self.birthday_edit.text().strip() or None,
            "birthday_calendar": self.calendar_combo.currentData() or "solar",
            "birthday_leap": self.leap_check.isChecked(),
            "source": self.source_combo.currentData(),
            "referrer_id": self.referrer_picker.member_id(),
            "enrolled_by": self.enrolled_combo.current_id(),
            "status": self.status_combo.currentData(),
            "note": self.note_edit.toPlainText(),
            "consent_channels": [
                c for c, check in self.consent_checks.items() if check.isChecked()
            ],
            "tags": self.edits["tags"].text(),
        }
        if data["phone"] and "*" in data["phone"] and data["phone"] == self.privacy.stored_phone:
            del data["phone"]  # the masked number came back unchanged: keep the stored one
        for key in (*BASIC_TEXT, *FEATURE_TEXT, *SIZE_FIELDS, "lost_reason", "lost_note"):
            data[key] = self.edits[key].text()
        if self.card is None and self.member_no_edit.text().strip():
            data["member_no"] = self.member_no_edit.text().strip()
        stored = (self.card["member"]["consent_channels"] if self.card else "") or ""
        chosen = ",".join(data["consent_channels"])
        if chosen and chosen != stored:  # a new consent: the notice the customer saw
            data["consent_notice_version"] = self.privacy.notice_version()
        original = self.card["member"]["verified_at"] if self.card else None
        if self._verified_at != original:
            data["verified_at"] = self._verified_at
        data["family"], self._family_rows = self._collect_family()
        return data

    def _consent_value(self, errors: list[FieldError]) -> str | None:
        """The consent date to send: the stored one when unchanged (it carries the time),
        else the typed date checked by ``app.normalize.parse_date``."""
        text = self.edits["consent_at"].text().strip()
        if not text:
            return None
        if self._consent_at and text == _date(self._consent_at):
            return self._consent_at
        try:
            parsed = parse_date(text, field="consent_at")
        except ValidationError as exc:
            errors.extend(exc.errors)
            return None
        return parsed.isoformat() if parsed else None

    def _clear_errors(self) -> None:
        for key, box in self.boxes.items():
            if key == "family":
                box.clear_error(self.family_table)
            else:
                box.clear_error()
        for row in range(self.family_table.rowCount()):
            for col in (FAM_NAME, FAM_DATE, FAM_NOTE):
                item = self.family_table.item(row, col)
                if item is not None:
                    item.setBackground(NO_BRUSH)
        self.form_errors.hide()
        self.message.hide()

    def _error_html(self, error: FieldError) -> str:
        text = html.escape(error.message(_lang()))
        if error.code == "phone_duplicate" and error.params.get("member_id"):
            p = error.params
            link = (
                self.tr("Open %1 %2")
                .replace("%1", str(p.get("member_no") or ""))
                .replace("%2", str(p.get("name") or ""))
            )
            text += f' &nbsp;<a href="member:{int(str(p["member_id"]))}">{html.escape(link)}</a>'
        return text

    def _show_errors(self, errors: list[FieldError]) -> None:
        by_box: dict[str, list[str]] = {}
        unplaced: list[str] = []
        family_cells: list[tuple[int, int]] = []
        lang = _lang()
        for error in errors:
            key = error.field
            if key.startswith("family["):
                index_text, _, sub = key[len("family[") :].partition("]")
                sub = sub.lstrip(".")
                try:
                    index = int(index_text)
                    row = self._family_rows[index]
                except (ValueError, IndexError):
                    row = -1
                label = _t(FAMILY_HEADERS[FAMILY_FIELDS[sub]]) if sub in FAMILY_FIELDS else sub
                prefix = self.tr("Row %1").replace("%1", str(row + 1)) if row >= 0 else ""
                by_box.setdefault("family", []).append(
                    html.escape(f"{prefix} {label}: {error.message(lang)}".strip())
                )
                if row >= 0 and sub in FAMILY_FIELDS:
                    family_cells.append((row, FAMILY_FIELDS[sub]))
                continue
            if key in ("birthday_calendar", "birthday_leap"):
                key = "birthday"
            if key in SIZE_FIELDS:
                key = "sizes"
            if key in self.boxes:
                by_box.setdefault(key, []).append(self._error_html(error))
            else:
                unplaced.append(html.escape(f"{key}: {error.message(lang)}"))
        first: QWidget | None = None
        for key, texts in by_box.items():
            box = self.boxes[key]
            if key == "family":
                box.set_error("<br>".join(texts), self.family_table)
            else:
                box.set_error("<br>".join(texts))
            first = first or box
        for row, col in family_cells:
            item = self.family_table.item(row, col)
            if item is not None:
                item.setBackground(ERROR_CELL)
        n = len(by_box) + len(unplaced)
        summary = (
            self.tr("1 field needs attention; nothing was saved.")
            if n == 1
            else self.tr("%1 fields need attention; nothing was saved.").replace("%1", str(n))
        )
        if unplaced:
            summary += "<br>" + "<br>".join(unplaced)
        self.form_errors.setText(summary)
        self.form_errors.show()
        self.saved_note.hide()
        self.tabs.setCurrentWidget(self.archive_tab)
        if first is not None:
            scroll = self.archive_tab
            if isinstance(scroll, QScrollArea):
                scroll.ensureWidgetVisible(first)
            target = first.editor.focusProxy() or first.editor
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def field_error(self, key: str) -> str:
        """The error text shown under ``key`` (empty when fine). For tests and tools."""
        box = self.boxes[key]
        return box.error.text() if not box.error.isHidden() else ""

    def _retranslate_archive(self) -> None:
        for key, label in self.labels.items():
            label.setText(_t(LABELS[key]))
        for key, text in PLACEHOLDERS.items():
            if key in self.edits:
                self.edits[key].setPlaceholderText(_t(text))
        self.basic_group.setTitle(self.tr("Basic data"))
        self.state_group.setTitle(self.tr("Status and notes"))
        self.features_group.setTitle(self.tr("Features and preferences"))
        self.consent_group.setTitle(self.tr("Consent, tags, verification"))
        self.family_group.setTitle(self.tr("Family and anniversaries"))
        self.leap_check.setText(self.tr("Leap month"))
        self.birthday_pick_button.setToolTip(self.tr("Pick the date on a calendar"))
        self.leap_check.setToolTip(self.tr("The birthday is in a leap month (闰月)"))
        for code, check in self.consent_checks.items():
            check.setText(labels.word("channel", code, _lang()))
        self.verify_button.setText(self.tr("Mark verified today"))
        self.add_family_button.setText(self.tr("Add family member"))
        self.remove_family_button.setText(self.tr("Remove selected"))
        self.family_table.setHorizontalHeaderLabels([_t(h) for h in FAMILY_HEADERS])
