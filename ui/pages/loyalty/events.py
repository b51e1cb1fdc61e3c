"""The loyalty page's Events tab (活动, issue #19, app/service/events.py): the store's
member events newest first with their guest counts; a form to create or edit one (who
is invited: tiers, pyramid layers, a saved target list); and the selected event's
guest list — told when and how, the answer, and an "attended" tick per guest, saved
for all ticked guests at once.

The owner and the manager plan events and invite by rule (``feedback_admin``); every
clerk adds a member by number, marks guests told, records answers and attendance.
Problems show inline under the form or the list, never in pop-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import labels, loyalty, members, permissions
from app.core import Changes, NotFound, ValidationError
from app.normalize import format_fen, parse_money_fen
from app.plan import targeting
from app.service import events
from ui.pages.loyalty.common import (
    RIGHT,
    _errors,
    _heading,
    _lang,
    _message,
    _say,
    _scrolled,
)

LAYERS = ("platinum", "gold", "iron", "lead")
E_DAY, E_NAME, E_KIND, E_INVITED, E_ACCEPTED, E_CAME, E_STATUS = range(7)
G_NO, G_NAME, G_TOLD, G_CHANNEL, G_RESPONSE, G_CAME = range(6)


def _item(text: str, data: Any = None, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if right:
        item.setTextAlignment(RIGHT)
    return item


def _table(name: str, columns: int) -> QTableWidget:
    t = QTableWidget(0, columns)
    t.setObjectName(name)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.setWordWrap(False)
    head = t.horizontalHeader()
    head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return t


class EventsTab(QWidget):
    """``page`` is the loyalty page (its ``ctx`` and ``_notify``)."""

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        self.setObjectName("eventsTab")
        self.may_plan = permissions.allowed(self.ctx.actor, permissions.FEEDBACK_ADMIN)
        self._rows: list[dict[str, Any]] = []
        self._guests: list[dict[str, Any]] = []

        # -- the events
        self.list_title = _heading()
        self.events_table = _table("eventsTable", 7)
        self.events_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.events_table.horizontalHeader().setSectionResizeMode(
            E_NAME, QHeaderView.ResizeMode.Stretch
        )
        self.events_table.itemSelectionChanged.connect(self._selected)
        self.new_button = QPushButton(objectName="eventNew")
        self.new_button.clicked.connect(self.new_event)
        self.cancel_button = QPushButton(objectName="eventCancel")
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.invite_button = QPushButton(objectName="eventInviteRule")
        self.invite_button.clicked.connect(self.invite_by_rule)
        for b in (self.new_button, self.cancel_button, self.invite_button):
            b.setVisible(self.may_plan)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.list_title)
        left.addWidget(self.events_table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.invite_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        left.addLayout(buttons)

        # -- the form
        self.form_title = _heading()
        self.name = QLineEdit(objectName="eventName")
        self.name.setMaxLength(events.NAME_MAX)
        self.kind = QComboBox(objectName="eventKind")
        self.when = QDateTimeEdit(objectName="eventWhen")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.place = QLineEdit(objectName="eventPlace")
        self.capacity = QSpinBox(objectName="eventCapacity")
        self.capacity.setRange(0, 10_000)
        self.cost = QLineEdit(objectName="eventCost")
        self.tier_boxes: dict[str, QCheckBox] = {}
        self.tier_row = QHBoxLayout()
        self.layer_boxes = {code: QCheckBox(objectName=f"layer_{code}") for code in LAYERS}
        layer_row = QHBoxLayout()
        for box in self.layer_boxes.values():
            layer_row.addWidget(box)
        layer_row.addStretch(1)
        self.target = QComboBox(objectName="eventTargetList")
        self.note = QLineEdit(objectName="eventNote")
        self.note.setMaxLength(events.NOTE_MAX)
        self.save_button = QPushButton(objectName="eventSave")
        self.save_button.clicked.connect(self.save)
        self.form_error = _message()
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form_labels = [QLabel() for _ in range(10)]
        for label, field in zip(
            self.form_labels,
            (
                self.name,
                self.kind,
                self.when,
                self.place,
                self.capacity,
                self.cost,
                self.tier_row,
                layer_row,
                self.target,
                self.note,
            ),
            strict=True,
        ):
            self.form.addRow(label, field)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.form_title)
        right.addLayout(self.form)
        right.addWidget(self.form_error)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        right.addLayout(save_row)
        self.form_box = QWidget(objectName="eventForm")
        self.form_box.setLayout(right)
        self.form_box.setVisible(self.may_plan)
        self._editing: int | None = None

        # -- the guest list
        self.guests_title = _heading()
        self.guests_title.setWordWrap(True)
        self.guests_table = _table("guestsTable", 6)
        self.guests_table.horizontalHeader().setSectionResizeMode(
            G_NAME, QHeaderView.ResizeMode.Stretch
        )
        self.member_no = QLineEdit(objectName="guestMemberNo")
        self.member_no.returnPressed.connect(self.add_guest)
        self.add_button = QPushButton(objectName="guestAdd")
        self.add_button.clicked.connect(self.add_guest)
        self.channel = QComboBox(objectName="guestChannel")
        self.told_button = QPushButton(objectName="guestTold")
        self.told_button.clicked.connect(self.mark_told)
        self.accept_button = QPushButton(objectName="guestAccepted")
        self.accept_button.clicked.connect(lambda: self.answer("accepted"))
        self.decline_button = QPushButton(objectName="guestDeclined")
        self.decline_button.clicked.connect(lambda: self.answer("declined"))
        self.attend_button = QPushButton(objectName="guestSaveAttendance")
        self.attend_button.clicked.connect(self.save_attendance)
        self.guest_error = _message()

        events_box = QWidget()
        events_box.setLayout(left)
        guests_box = QWidget()
        guests_layout = QVBoxLayout(guests_box)
        guests_layout.setContentsMargins(0, 0, 0, 0)
        guests_layout.addWidget(self.guests_title)
        guests_layout.addWidget(self.guests_table, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(events_box)
        split.addWidget(guests_box)
        split.setSizes([260, 340])

        # right: the form, then what a clerk does with the selected guests
        actions = QVBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        for group in (
            (self.member_no, self.add_button),
            (self.channel, self.told_button, self.accept_button, self.decline_button),
        ):
            row = QHBoxLayout()
            for w in group:
                row.addWidget(w, 1)
            actions.addLayout(row)
        actions.addWidget(self.attend_button)
        actions.addWidget(self.guest_error)
        self.form_area = form_area = _scrolled(self.form_box)  # scrolls on a short screen
        form_area.setVisible(self.may_plan)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(form_area, 1)
        if not self.may_plan:
            side.addStretch(1)
        side.addLayout(actions)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(16)
        layout.addWidget(split, 3)
        layout.addLayout(side, 2)
        self._fill_choices()
        self.retranslate_ui()

    # ------------------------------------------------------------------ data

    def _fill_choices(self) -> None:
        lang = _lang()
        db = self.ctx.db
        for combo, codes, group in (
            (self.kind, events.KINDS, "event_kind"),
            (self.channel, ("phone", "wechat", "sms", "visit", "mail"), "channel"),
        ):
            current = combo.currentData()
            combo.clear()
            for code in codes:
                combo.addItem(labels.word(group, code, lang), code)
            if current is not None:
                combo.setCurrentIndex(max(0, combo.findData(current)))
        if not self.tier_boxes:
            for t in loyalty.list_tiers(db):
                box = QCheckBox(objectName=f"tier_{t['code']}")
                self.tier_boxes[t["code"]] = box
                self.tier_row.addWidget(box)
            self.tier_row.addStretch(1)
        for t in loyalty.list_tiers(db):
            if t["code"] in self.tier_boxes:
                self.tier_boxes[t["code"]].setText(t["name_zh" if lang == "zh" else "name_en"])
        for code, box in self.layer_boxes.items():
            box.setText(labels.word("pyramid_layer", code, lang))
        current = self.target.currentData()
        self.target.clear()
        self.target.addItem(self.tr("(none)"), None)
        for t in targeting.list_targets(db):
            self.target.addItem(t["name"], t["id"])
        self.target.setCurrentIndex(max(0, self.target.findData(current)))

    def refresh(self) -> None:
        """Reload the events (keeping the selection) and the selected one's guests."""
        keep = self.selected_event()
        self._rows = events.list_events(self.ctx.db)
        lang = _lang()
        t = self.events_table
        t.blockSignals(True)
        t.setRowCount(len(self._rows))
        for i, r in enumerate(self._rows):
            cells = (
                _item(r["starts_at"][:16].replace("T", " "), r["id"]),
                _item(r["name"]),
                _item(labels.word("event_kind", r["kind"], lang)),
                _item(f"{r['invited']:,}", right=True),
                _item(f"{r['accepted']:,}", right=True),
                _item(f"{r['attended']:,}", right=True),
                _item(labels.word("event_status", r["status"], lang)),
            )
            for col, cell in enumerate(cells):
                t.setItem(i, col, cell)
        t.blockSignals(False)
        ids = [r["id"] for r in self._rows]
        if keep in ids:
            t.selectRow(ids.index(keep))
        elif ids:
            t.selectRow(0)
        self._fill_choices()
        self._selected()

    def selected_event(self) -> int | None:
        rows = self.events_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.events_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def _event_row(self) -> dict[str, Any] | None:
        eid = self.selected_event()
        return next((r for r in self._rows if r["id"] == eid), None)

    def _selected(self) -> None:
        row = self._event_row()
        self._guests = [] if row is None else events.guest_list(self.ctx.db, row["id"])
        lang = _lang()
        t = self.guests_table
        t.setRowCount(len(self._guests))
        for i, g in enumerate(self._guests):
            came = _item("", g["id"])
            came.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            came.setCheckState(Qt.CheckState.Checked if g["attended"] else Qt.CheckState.Unchecked)
            cells = (
                _item(g["member_no"], g["id"]),
                _item(g["name"]),
                _item((g["invited_at"] or "")[:10]),
                _item(labels.word("channel", g["channel"], lang) if g["channel"] else ""),
                _item(labels.word("event_response", g["response"], lang)),
                came,
            )
            for col, cell in enumerate(cells):
                t.setItem(i, col, cell)
        live = row is not None and row["status"] == "planned"
        for b in (self.add_button, self.told_button, self.accept_button, self.decline_button):
            b.setEnabled(live)
        self.invite_button.setEnabled(live and bool(row and row["rule"]))
        self.cancel_button.setEnabled(live)
        self.attend_button.setEnabled(bool(self._guests))
        if row is not None and self.may_plan:
            self._load_form(row)
        self._retranslate_titles()

    def _load_form(self, row: dict[str, Any]) -> None:
        self._editing = row["id"]
        self.name.setText(row["name"])
        self.kind.setCurrentIndex(max(0, self.kind.findData(row["kind"])))
        self.when.setDateTime(QDateTime.fromString(row["starts_at"][:16], "yyyy-MM-ddTHH:mm"))
        self.place.setText(row["place"] or "")
        self.capacity.setValue(row["capacity"] or 0)
        self.cost.setText(format_fen(row["cost_fen"], symbol=False) if row["cost_fen"] else "")
        rule = row["rule"]
        for code, box in self.tier_boxes.items():
            box.setChecked(code in rule.get("tiers", []))
        for code, box in self.layer_boxes.items():
            box.setChecked(code in rule.get("layers", []))
        self.target.setCurrentIndex(max(0, self.target.findData(rule.get("list_id"))))
        self.note.setText(row["note"] or "")
        _say(self.form_error, "")

    def new_event(self) -> None:
        """Empty the form for a new event (a week from now, 19:00)."""
        self._editing = None
        self.events_table.clearSelection()
        for w in (self.name, self.place, self.cost, self.note):
            w.clear()
        self.capacity.setValue(0)
        for box in (*self.tier_boxes.values(), *self.layer_boxes.values()):
            box.setChecked(False)
        self.target.setCurrentIndex(0)
        day = dt.date.today() + dt.timedelta(days=7)
        self.when.setDateTime(QDateTime.fromString(f"{day.isoformat()}T19:00", "yyyy-MM-ddTHH:mm"))
        self.name.setFocus()
        self._retranslate_titles()

    def _form_data(self) -> dict[str, Any]:
        rule: dict[str, Any] = {
            "tiers": [c for c, b in self.tier_boxes.items() if b.isChecked()],
            "layers": [c for c, b in self.layer_boxes.items() if b.isChecked()],
        }
        if self.target.currentData() is not None:
            rule["list_id"] = self.target.currentData()
        return {
            "name": self.name.text(),
            "kind": self.kind.currentData(),
            "starts_at": self.when.dateTime().toString("yyyy-MM-dd HH:mm"),
            "place": self.place.text(),
            "capacity": self.capacity.value() or None,
            "cost_fen": parse_money_fen(self.cost.text(), field="cost_fen") or 0,
            "rule": rule,
            "note": self.note.text(),
        }

    def _field_names(self) -> dict[str, str]:
        return {
            "name": self.tr("Name"),
            "kind": self.tr("Kind"),
            "starts_at": self.tr("Date and time"),
            "place": self.tr("Place"),
            "capacity": self.tr("Capacity"),
            "cost_fen": self.tr("Cost ¥"),
            "note": self.tr("Note"),
        }

    def save(self) -> bool:
        """Create the event in the form, or save the changes to the one being edited."""
        db, actor = self.ctx.db, self.ctx.actor
        try:
            data = self._form_data()
            if self._editing is None:
                changes = events.create_event(db, actor=actor, data=data)
                new_id = changes.created_id
            else:
                changes = events.edit_event(db, event_id=self._editing, actor=actor, data=data)
                new_id = self._editing
        except ValidationError as exc:
            _say(self.form_error, _errors(exc, self._field_names()))
            return False
        _say(self.form_error, self.tr("Saved."), ok=True)
        self._done(changes, select=new_id)
        return True

    def _done(self, changes: Changes, select: int | None = None) -> None:
        if select is not None:
            self._rows = []
            self.events_table.clearSelection()
        self.refresh()
        if select is not None:
            ids = [r["id"] for r in self._rows]
            if select in ids:
                self.events_table.selectRow(ids.index(select))
        if changes:
            self.ctx.notify(changes)

    def cancel_selected(self) -> None:
        eid = self.selected_event()
        if eid is None:
            return
        self._done(events.cancel_event(self.ctx.db, event_id=eid, actor=self.ctx.actor), select=eid)

    def invite_by_rule(self) -> int:
        """Put everyone the event's rule picks on its guest list; says how many."""
        eid = self.selected_event()
        if eid is None:
            return 0
        try:
            changes = events.invite_members(
                self.ctx.db, event_id=eid, actor=self.ctx.actor, from_rule=True
            )
        except ValidationError as exc:
            _say(self.guest_error, _errors(exc))
            return 0
        n = changes.created_id or 0
        _say(self.guest_error, self.tr("%n guest(s) added.", "", n), ok=True)
        self._done(changes, select=eid)
        return n

    def add_guest(self) -> bool:
        eid = self.selected_event()
        text = self.member_no.text().strip()
        if eid is None or not text:
            return False
        db = self.ctx.db
        mid = members.resolve(db, member_no=text) or members.resolve(db, phone=text)
        if mid is None:
            _say(self.guest_error, self.tr("No member with number %1.").replace("%1", text))
            return False
        try:
            changes = events.invite_members(
                db, event_id=eid, actor=self.ctx.actor, member_ids=[mid]
            )
        except ValidationError as exc:
            _say(self.guest_error, _errors(exc))
            return False
        if not changes.created_id:
            _say(
                self.guest_error,
                self.tr("Not added: already on the list, or the member may not be contacted."),
            )
            return False
        _say(self.guest_error, "")
        self.member_no.clear()
        self._done(changes, select=eid)
        return True

    def _checked_guests(self) -> list[int]:
        rows = {i.row() for i in self.guests_table.selectionModel().selectedRows()}
        return [self._guests[r]["id"] for r in sorted(rows)]

    def mark_told(self) -> None:
        ids = self._checked_guests()
        if not ids:
            _say(self.guest_error, self.tr("Select guests in the list first."))
            return
        changes = events.mark_invited(
            self.ctx.db,
            invitation_ids=ids,
            actor=self.ctx.actor,
            channel=self.channel.currentData(),
        )
        _say(self.guest_error, "")
        self._done(changes, select=self.selected_event())

    def answer(self, response: str) -> None:
        ids = self._checked_guests()
        if not ids:
            _say(self.guest_error, self.tr("Select guests in the list first."))
            return
        changes = Changes()
        for i in ids:
            try:
                changes = changes | events.record_response(
                    self.ctx.db,
                    invitation_id=i,
                    actor=self.ctx.actor,
                    response=response,
                    channel=self.channel.currentData(),
                )
            except NotFound:
                continue
        _say(self.guest_error, "")
        self._done(changes, select=self.selected_event())

    def save_attendance(self) -> bool:
        """Save every guest's tick in one transaction."""
        eid = self.selected_event()
        if eid is None or not self._guests:
            return False
        ticks = {}
        for r, g in enumerate(self._guests):
            came = self.guests_table.item(r, G_CAME).checkState() == Qt.CheckState.Checked
            if bool(g["attended"]) != came:
                ticks[g["id"]] = came
        if not ticks:
            _say(self.guest_error, self.tr("Nothing changed."), ok=True)
            return False
        changes = events.record_attendance(
            self.ctx.db, event_id=eid, actor=self.ctx.actor, attended=ticks
        )
        _say(self.guest_error, self.tr("Attendance saved."), ok=True)
        self._done(changes, select=eid)
        return True

    # ------------------------------------------------------------------ language

    def _retranslate_titles(self) -> None:
        row = self._event_row()
        self.form_title.setText(
            self.tr("New event")
            if self._editing is None
            else self.tr("Edit: %1").replace("%1", row["name"] if row else "")
        )
        if row is None:
            self.guests_title.setText(self.tr("Guests"))
            return
        sales = events.event_sales(self.ctx.db, row["id"])
        text = self.tr("Guests of %1: %2 invited, %3 accepted, %4 came").replace("%1", row["name"])
        text = text.replace("%2", str(row["invited"])).replace("%3", str(row["accepted"]))
        text = text.replace("%4", str(row["attended"]))
        if row["attended"]:
            text += self.tr("; attendees bought %1 within 7 days").replace(
                "%1", format_fen(sales["paid_fen"])
            )
        self.guests_title.setText(text)

    def retranslate_ui(self) -> None:
        self.list_title.setText(self.tr("Member events"))
        self.events_table.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Event"),
                self.tr("Kind"),
                self.tr("Invited"),
                self.tr("Accepted"),
                self.tr("Came"),
                self.tr("Status"),
            ]
        )
        self.guests_table.setHorizontalHeaderLabels(
            [
                self.tr("Member no."),
                self.tr("Name"),
                self.tr("Told on"),
                self.tr("Channel"),
                self.tr("Answer"),
                self.tr("Came"),
            ]
        )
        for label, text in zip(
            self.form_labels,
            (
                self.tr("Name"),
                self.tr("Kind"),
                self.tr("Date and time"),
                self.tr("Place"),
                self.tr("Capacity"),
                self.tr("Cost ¥"),
                self.tr("Tiers"),
                self.tr("Pyramid layers"),
                self.tr("Target list"),
                self.tr("Note"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.capacity.setSpecialValueText(self.tr("no limit"))
        self.new_button.setText(self.tr("New event"))
        self.invite_button.setText(self.tr("Invite by rule"))
        self.cancel_button.setText(self.tr("Cancel event"))
        self.save_button.setText(self.tr("Save event"))
        self.member_no.setPlaceholderText(self.tr("Member no. or phone"))
        self.add_button.setText(self.tr("Add guest"))
        self.told_button.setText(self.tr("Mark told"))
        self.accept_button.setText(self.tr("Accepted"))
        self.decline_button.setText(self.tr("Declined"))
        self.attend_button.setText(self.tr("Save attendance"))
        hint = self.tr("Select guests in the list, then mark them told or record their answer.")
        for b in (self.told_button, self.accept_button, self.decline_button):
            b.setToolTip(hint)
        self._fill_choices()
        self._retranslate_titles()
