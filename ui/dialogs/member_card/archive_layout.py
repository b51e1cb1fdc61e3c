"""How the card's Archive tab is laid out: the 顾客档案's fields in groups (basic data,
status and notes, features and preferences, consent, the family table), each under its
label in a box that can show its error. Texts are set in ``ArchiveTab._retranslate_archive``."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from app import labels, members
from ui.dialogs.member_card.common import _lang
from ui.dialogs.member_card.enrolled import EnrolledByCombo
from ui.dialogs.member_card.fields import (
    BASIC_TEXT,
    CONSENT_CHANNELS,
    FAMILY_HEADERS,
    FEATURE_TEXT,
    SIZE_FIELDS,
    FieldBox,
)
from ui.widgets.member_picker import MemberPicker


class ArchiveLayout:
    """Builds the Archive tab's widgets (a mixin of :class:`MemberCardDialog` through
    ``ArchiveTab``; the handlers it connects live there)."""

    def _label(self, key: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"label_{key}")
        self.labels[key] = label
        return label

    def _line(self, key: str, *, max_len: int | None = None) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"field_{key}")
        limit = max_len or members.TEXT_FIELDS.get(key)
        if limit:
            edit.setMaxLength(limit + 20)  # over the limit still reaches the app's check
        edit.textEdited.connect(self._changed)
        self.edits[key] = edit
        return edit

    def _box(self, key: str, editor: QWidget) -> FieldBox:
        box = FieldBox(editor)
        box.setObjectName(f"box_{key}")
        box.link_activated.connect(self._link)
        self.boxes[key] = box
        return box

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        return form

    def _add(self, form: QFormLayout, key: str, editor: QWidget) -> FieldBox:
        box = self._box(key, editor)
        form.addRow(self._label(key), box)
        return box

    def _build_archive(self) -> QWidget:
        # -- basic data
        self.basic_group = QGroupBox()
        basic = self._form()
        self.member_no_edit = self._line("member_no", max_len=40)
        self._add(basic, "member_no", self.member_no_edit)
        self._add(basic, "name", self._line("name", max_len=members.NAME_MAX))
        self.gender_combo = QComboBox()
        self.gender_combo.setObjectName("field_gender")
        self.gender_combo.currentIndexChanged.connect(self._changed)
        self._add(basic, "gender", self.gender_combo)

        self.birthday_edit = self._line("birthday", max_len=20)
        self.birthday_edit.textEdited.connect(self._update_birthday_hint)
        self.calendar_combo = QComboBox()
        self.calendar_combo.setObjectName("field_birthday_calendar")
        self.calendar_combo.currentIndexChanged.connect(self._calendar_changed)
        self.leap_check = QCheckBox()
        self.leap_check.setObjectName("field_birthday_leap")
        self.leap_check.toggled.connect(self._changed)
        self.leap_check.toggled.connect(self._update_birthday_hint)
        self.birthday_hint = QLabel()
        self.birthday_hint.setObjectName("hint")
        # a date picker beside the typed birthday (typing stays the fast way)
        self.birthday_picker = QCalendarWidget()
        self.birthday_picker.setObjectName("birthday_picker")
        self.birthday_picker.setMaximumDate(QDate.currentDate())
        self.birthday_picker.clicked.connect(self._birthday_picked)
        picker_menu = QMenu(self)
        picker_action = QWidgetAction(picker_menu)
        picker_action.setDefaultWidget(self.birthday_picker)
        picker_menu.addAction(picker_action)
        picker_menu.aboutToShow.connect(self._birthday_picker_opens)
        self.birthday_pick_button = QToolButton()
        self.birthday_pick_button.setObjectName("birthday_pick")
        self.birthday_pick_button.setIcon(QIcon("icons:calendar.svg"))
        self.birthday_pick_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.birthday_pick_button.setMenu(picker_menu)
        birthday_row = QWidget()
        row = QHBoxLayout(birthday_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.birthday_edit, 1)
        row.addWidget(self.birthday_pick_button)
        row.addWidget(self.calendar_combo)
        row.addWidget(self.leap_check)
        birthday_row.setFocusProxy(self.birthday_edit)
        birthday_col = QWidget()
        col = QVBoxLayout(birthday_col)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(birthday_row)
        col.addWidget(self.birthday_hint)
        birthday_col.setFocusProxy(self.birthday_edit)
        self._add(basic, "birthday", birthday_col)

        self._add(basic, "phone", self._line("phone", max_len=30))
        for key in BASIC_TEXT:
            self._add(basic, key, self._line(key))
        self.edits["transport"].setCompleter(  # the usual answers, typing stays free
            QCompleter([labels.word("transport", c, _lang()) for c in labels.choices("transport")])
        )
        self.source_combo = QComboBox()
        self.source_combo.setObjectName("field_source")
        self.source_combo.currentIndexChanged.connect(self._changed)
        self._add(basic, "source", self.source_combo)
        self.referrer_picker = MemberPicker(
            self.ctx, exclude=lambda: {self.member_id} if self.member_id else set()
        )
        self.referrer_picker.setObjectName("field_referrer_id")
        self.referrer_picker.picked.connect(self._changed)
        self.referred_label = QLabel()
        self.referred_label.setObjectName("hint")
        self.referred_label.setWordWrap(True)
        self.referred_label.setTextFormat(Qt.TextFormat.RichText)
        self.referred_label.linkActivated.connect(self._link)
        ref_col = QWidget()
        col = QVBoxLayout(ref_col)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(self.referrer_picker)
        col.addWidget(self.referred_label)
        ref_col.setFocusProxy(self.referrer_picker)
        self._add(basic, "referrer_id", ref_col)
        self.basic_group.setLayout(basic)

        # -- state and notes
        self.state_group = QGroupBox()
        state = self._form()
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("field_status")
        self.status_combo.currentIndexChanged.connect(self._changed)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self._add(state, "status", self.status_combo)
        self._add(state, "lost_reason", self._line("lost_reason"))
        self._add(state, "lost_note", self._line("lost_note"))
        self.joined_value = QLabel()
        self.joined_value.setObjectName("valueLabel")
        state.addRow(self._label("joined_on"), self.joined_value)
        self.enrolled_combo = EnrolledByCombo(self.ctx)  # 办卡导购, #19
        self.enrolled_combo.currentIndexChanged.connect(self._changed)
        self._add(state, "enrolled_by", self.enrolled_combo)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("field_note")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(64)
        self.note_edit.textChanged.connect(self._changed)
        self._add(state, "note", self.note_edit)
        self.state_group.setLayout(state)

        # -- features
        self.features_group = QGroupBox()
        features = self._form()
        for key in FEATURE_TEXT[:4]:
            self._add(features, key, self._line(key))
        sizes = QWidget()
        row = QHBoxLayout(sizes)
        row.setContentsMargins(0, 0, 0, 0)
        for key in SIZE_FIELDS:
            label = self._label(key)
            label.setObjectName("hint")
            row.addWidget(label)
            edit = self._line(key)
            edit.setMaximumWidth(80)
            row.addWidget(edit)
        row.addStretch(1)
        sizes.setFocusProxy(self.edits["size_top"])
        self._add(features, "sizes", sizes)
        for key in FEATURE_TEXT[4:]:
            self._add(features, key, self._line(key))
        self.features_group.setLayout(features)

        # -- consent, tags, verification
        self.consent_group = QGroupBox()
        consent = self._form()
        self.consent_checks: dict[str, QCheckBox] = {}
        channels = QWidget()
        row = QHBoxLayout(channels)
        row.setContentsMargins(0, 0, 0, 0)
        for code in CONSENT_CHANNELS:
            check = QCheckBox()
            check.setObjectName(f"consent_{code}")
            check.toggled.connect(self._consent_toggled)
            self.consent_checks[code] = check
            row.addWidget(check)
        row.addStretch(1)
        self._add(consent, "consent_channels", channels)
        consent.addRow(self.privacy.notice)
        self._add(consent, "consent_at", self._line("consent_at", max_len=20))
        self._add(consent, "tags", self._line("tags", max_len=400))
        verified = QWidget()
        row = QHBoxLayout(verified)
        row.setContentsMargins(0, 0, 0, 0)
        self.verified_value = QLabel()
        self.verified_value.setObjectName("valueLabel")
        self.verify_button = QPushButton()
        self.verify_button.setObjectName("markVerified")
        self.verify_button.setAutoDefault(False)
        self.verify_button.clicked.connect(self.mark_verified)
        row.addWidget(self.verified_value)
        row.addWidget(self.verify_button)
        row.addStretch(1)
        self._add(consent, "verified_at", verified)
        self.consent_group.setLayout(consent)

        # -- family
        self.family_group = QGroupBox()
        self.family_table = QTableWidget(0, len(FAMILY_HEADERS))
        self.family_table.setObjectName("familyTable")
        self.family_table.verticalHeader().setVisible(False)
        self.family_table.verticalHeader().setDefaultSectionSize(34)
        self.family_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.family_table.setMinimumHeight(150)
        fheader = self.family_table.horizontalHeader()
        fheader.setStretchLastSection(True)
        for col, width in ((0, 140), (1, 110), (2, 120), (3, 90), (4, 60)):
            self.family_table.setColumnWidth(col, width)
        self.family_table.itemChanged.connect(self._family_item_changed)
        self.add_family_button = QPushButton()
        self.add_family_button.setObjectName("addFamily")
        self.add_family_button.setAutoDefault(False)
        self.add_family_button.clicked.connect(lambda: self.add_family_row())
        self.remove_family_button = QPushButton()
        self.remove_family_button.setObjectName("removeFamily")
        self.remove_family_button.setAutoDefault(False)
        self.remove_family_button.clicked.connect(self.remove_family_row)
        self.family_box = self._box("family", self.family_table)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_family_button)
        buttons.addWidget(self.remove_family_button)
        buttons.addStretch(1)
        family = QVBoxLayout()
        family.addWidget(self.family_box)
        family.addLayout(buttons)
        self.family_group.setLayout(family)

        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(4, 4, 8, 4)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        left = QVBoxLayout()
        left.addWidget(self.basic_group)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.features_group)
        right.addWidget(self.consent_group)
        right.addWidget(self.state_group)
        right.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.addWidget(self.family_group, 1, 0, 1, 2)  # a wide table: the full width
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setObjectName("archiveScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        return scroll
