"""Members (会员): find a member in seconds at the counter and open their card.

One search box (focused on open, results as you type after a 150 ms pause) over a lazy
table of every member (``ui.models.member_table``), a few filters, and the counter's
keys: Ctrl+F search and Ctrl+N new member (from every page: the main window owns them),
Down into the list, Enter opens the card, Ctrl+P record a purchase for the selected
member. Everything is asked of ``app.search``; sorting re-queries it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace

from PySide6.QtCore import QEvent, QItemSelectionModel, QLocale, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import labels, member_form, permissions
from app.core import Changes
from app.search import MemberQuery
from ui import i18n
from ui.context import AppContext
from ui.dialogs import member_card
from ui.dialogs.purchase_dialog import PurchaseDialog
from ui.models.member_table import (
    COL_BIRTHDAY,
    COL_GENDER,
    COL_LAST_PURCHASE,
    COL_MEMBER_NO,
    COL_NAME,
    COL_PHONE,
    COL_SPEND,
    COL_STATUS,
    COL_TIER,
    COL_TYPES,
    COL_VISITS,
    SORT_COLUMNS,
    SORT_KEYS,
    MemberTableModel,
)

log = logging.getLogger(__name__)
# customer types whose filter needs a pass over every purchase (read on the task runner;
# effective / ineffective are SQL over member_stats)
HEAVY_TYPES = ("discount", "frequency", "amount")

SEARCH_DELAY_MS = 150
# A hidden member card is built this long after the page is first shown (idle time),
# so the first card opens as fast as later ones.
CARD_PREPARE_DELAY_MS = 1500
# Tables whose changes can alter what the list shows.
WATCHED = ("members", "member_stats", "purchases", "member_tags", "tiers")
COLUMN_WIDTHS = {
    COL_MEMBER_NO: 100,
    COL_NAME: 90,
    COL_GENDER: 52,
    COL_PHONE: 112,
    COL_TIER: 80,
    COL_STATUS: 62,
    COL_VISITS: 56,
    COL_SPEND: 120,
    COL_LAST_PURCHASE: 108,
    COL_BIRTHDAY: 132,
    COL_TYPES: 150,
}
ROW_HEIGHT = 32


class MembersPage(QWidget):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.setObjectName("page_members")
        self._dirty = False
        self._language_changed = False
        self._card_prepared = False
        self._restoring = False

        self.title = QLabel()
        self.title.setObjectName("pageTitle")

        # search row --------------------------------------------------------------
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("memberSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumHeight(38)
        font = self.search_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.search_edit.setFont(font)
        self.search_edit.installEventFilter(self)
        self.count_label = QLabel()
        self.count_label.setObjectName("memberCount")
        self.new_button = QPushButton()
        self.new_button.setObjectName("newMember")
        self.purchase_button = QPushButton()
        self.purchase_button.setObjectName("recordPurchase")
        self.open_button = QPushButton()
        self.open_button.setObjectName("openCard")

        # filters -----------------------------------------------------------------
        self.tier_combo = QComboBox()
        self.tier_combo.setObjectName("tierFilter")
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusFilter")
        self.tag_combo = QComboBox()
        self.tag_combo.setObjectName("tagFilter")
        self.tag_combo.setMinimumContentsLength(6)
        self.birthday_check = QCheckBox()
        self.birthday_check.setObjectName("birthdayThisMonth")
        self.idle_label = QLabel()
        self.idle_spin = QSpinBox()
        self.idle_spin.setObjectName("noPurchaseDays")
        self.idle_spin.setRange(0, 3650)
        self.idle_spin.setSingleStep(30)
        self.idle_spin.setAccelerated(True)
        self.idle_spin.setMinimumWidth(110)
        self.clear_filters_button = QPushButton()
        self.clear_filters_button.setObjectName("clearFilters")
        # Full phone numbers: managers and owners, on request, logged (app/privacy.py).
        self.full_phones_check = QCheckBox()
        self.full_phones_check.setObjectName("showFullPhones")
        if not permissions.allowed(ctx.actor, permissions.UNMASK):
            self.full_phones_check.hide()
        self.full_phones_check.toggled.connect(self.show_full_phones)
        # Find duplicates…: the review of possible second cards (managers and owners)
        self.duplicates_button = QPushButton()
        self.duplicates_button.setObjectName("findDuplicates")
        self.duplicates_button.clicked.connect(self.find_duplicates)
        self.duplicates_button.setVisible(permissions.allowed(ctx.actor, permissions.MERGE))

        # the table -----------------------------------------------------------------
        self.model = MemberTableModel(
            ctx.db, MemberQuery(), today=today, parent=self, actor=ctx.actor
        )
        self.table = QTableView()
        self.table.setObjectName("memberTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.installEventFilter(self)
        # cell padding: QTableView#memberTable::item in resources/style.qss
        vheader = self.table.verticalHeader()
        vheader.setVisible(False)
        # Fixed heights: the view never measures rows, so it never reads them all.
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for col, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(col, width)
        header.setSortIndicator(COL_MEMBER_NO, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self.table.doubleClicked.connect(
            lambda index: self.open_card(self.model.member_id(index.row()))
        )

        # layout ------------------------------------------------------------------
        for button in (self.open_button, self.purchase_button, self.new_button):
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        for combo in (self.tier_combo, self.status_combo, self.tag_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.count_label)
        top.addSpacing(12)
        top.addWidget(self.open_button)
        top.addWidget(self.purchase_button)
        top.addWidget(self.new_button)
        top.addWidget(self.duplicates_button)  # here, not among the filters: room (#20)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        for widget in (self.tier_combo, self.status_combo, self.tag_combo):
            filters.addWidget(widget)
        filters.addSpacing(8)
        filters.addWidget(self.birthday_check)
        filters.addSpacing(8)
        filters.addWidget(self.idle_label)
        filters.addWidget(self.idle_spin)
        filters.addSpacing(8)
        filters.addWidget(self.clear_filters_button)
        filters.addStretch(1)
        filters.addWidget(self.full_phones_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        # behaviour -----------------------------------------------------------------
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_query)
        self.search_edit.textChanged.connect(lambda _text: self.search_timer.start())
        for combo in (self.tier_combo, self.status_combo, self.tag_combo):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.birthday_check.toggled.connect(self._filters_changed)
        self.idle_spin.valueChanged.connect(self._filters_changed)
        self.clear_filters_button.clicked.connect(self.clear_filters)
        self.new_button.clicked.connect(self.new_member)
        self.purchase_button.clicked.connect(self.record_purchase)
        self.open_button.clicked.connect(lambda: self.open_card(self.selected_member_id()))
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._model_reset)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self._shortcuts = []
        # Ctrl+F (find a member) and Ctrl+N (new member) work from every page: the main
        # window owns them (ui/main_window.py) and calls focus_search / new_member.
        for keys, slot in (("Ctrl+P", self.record_purchase),):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
            self._shortcuts.append(shortcut)

        self._selected_id: int | None = None
        # ids of the customer types read on the task runner, until the data changes
        self._type_ids: dict[str, tuple[int, ...]] = {}
        self._fill_filter_choices()
        self.retranslate_ui()
        self._update_count()
        self._update_buttons()
        self.setFocusProxy(self.search_edit)

    # ------------------------------------------------------------------ query

    def current_query(self) -> MemberQuery:
        """What the search box and filters ask for, in the list's current sort."""
        days = self.idle_spin.value()
        old = self.model.query
        # one combo for the derived state and the effective / ineffective customer types
        state = self.status_combo.currentData() or ""
        code = state[5:] if state.startswith("type:") else None
        return MemberQuery(
            text=self.search_edit.text().strip(),
            tier=self.tier_combo.currentData(),
            status=None if state.startswith("type:") else (state or None),
            tag=self.tag_combo.currentData(),
            birthday_this_month=self.birthday_check.isChecked(),
            no_purchase_days=days or None,
            customer_type=code,
            only_ids=self._type_ids.get(code) if code in HEAVY_TYPES else None,
            sort=old.sort,
            descending=old.descending,
        )

    def apply_query(self) -> None:
        """Run the search and filters now (the debounce timer ends here)."""
        self.search_timer.stop()
        query = self.current_query()
        if query.customer_type in HEAVY_TYPES and query.only_ids is None:
            self._read_type(query.customer_type)  # the list stays as it is meanwhile
            return
        if query != self.model.query:
            self.model.set_query(query)

    def _read_type(self, code: str) -> None:
        """Read which members are of customer type ``code`` on the task runner (a pass
        over every purchase), then list them."""
        as_of = self.today or dt.date.today()

        def work(db, _progress, _cancel) -> list[int]:
            from app.analytics.member_types import members_of_type

            return members_of_type(db, code, as_of=as_of)

        def done(ids: list[int]) -> None:
            self._type_ids[code] = tuple(ids)
            self.apply_query()

        self.ctx.runner.run(
            work, on_done=done, name="member-types", key=("member-types", id(self)), owner=self
        )

    def _filters_changed(self, *_args: object) -> None:
        if not self._restoring:
            self.apply_query()

    def clear_filters(self) -> None:
        self._restoring = True
        try:
            for combo in (self.tier_combo, self.status_combo, self.tag_combo):
                combo.setCurrentIndex(0)
            self.birthday_check.setChecked(False)
            self.idle_spin.setValue(0)
        finally:
            self._restoring = False
        self.apply_query()

    def _sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        if column in SORT_KEYS:
            return
        # Not a sortable column: put the indicator back where the list really is.
        query = self.model.query
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(
            SORT_COLUMNS[query.sort],
            Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder,
        )
        header.blockSignals(False)

    def sort_by(self, sort: str, *, descending: bool = False) -> None:
        """Sort the list as ``MemberQuery.sort`` (what clicking a header does)."""
        self.table.sortByColumn(
            SORT_COLUMNS[sort],
            Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder,
        )

    # ------------------------------------------------------------------ selection

    def selected_member_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.member_id(index.row())

    def select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, COL_NAME)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _remember_selection(self) -> None:
        self._selected_id = self.selected_member_id()

    def _model_reset(self) -> None:
        row = -1 if self._selected_id is None else self.model.row_of(self._selected_id)
        if row >= 0:
            self.select_row(row)
        else:
            self.table.scrollToTop()
        self._update_count()
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        has = self.selected_member_id() is not None
        self.open_button.setEnabled(has)

    def _update_count(self) -> None:
        n = self.model.rowCount()
        number = QLocale().toString(n)
        if n == 1:
            self.count_label.setText(self.tr("1 member"))
        else:
            self.count_label.setText(self.tr("%1 members").replace("%1", number))

    # ------------------------------------------------------------------ actions

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def open_card(self, member_id: int | None) -> member_card.MemberCardDialog | None:
        if member_id is None:
            return None
        row = self.model.row_of(member_id)
        if row >= 0 and not self.model.flags(self.model.index(row, 0)) & Qt.ItemFlag.ItemIsEnabled:
            return None  # a row that could not be read
        return member_card.open_member_card(self.ctx, member_id, parent=self.window())

    def find_duplicates(self) -> QWidget:
        """Open the duplicate review (one window; shown again when open)."""
        import shiboken6

        from ui.dialogs.duplicates_dialog import DuplicatesDialog

        dialog = getattr(self, "_duplicates", None)
        if dialog is None or not shiboken6.isValid(dialog):
            dialog = DuplicatesDialog(self.ctx, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self._duplicates = dialog
        dialog.show()
        dialog.raise_()
        return dialog

    def new_member(self) -> member_card.MemberCardDialog:
        return member_card.open_member_card(self.ctx, None, parent=self.window())

    def record_purchase(self) -> None:
        dialog = PurchaseDialog(self.ctx, member_id=self.selected_member_id(), parent=self.window())
        dialog.exec()  # on Accepted the dialog has already notified the changes

    # ------------------------------------------------------------------ keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search_edit:
                if key == Qt.Key.Key_Down:
                    self.apply_query()  # the list must show what was typed
                    if self.model.rowCount():
                        current = self.table.currentIndex()
                        self.select_row(current.row() if current.isValid() else 0)
                        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.apply_query()
                    if self.model.rowCount() == 1:
                        self.select_row(0)
                    member = self.selected_member_id()
                    if member is not None:
                        self.open_card(member)
                    elif self.model.rowCount():
                        self.select_row(0)
                        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                    return True
                if key == Qt.Key.Key_Escape and self.search_edit.text():
                    self.search_edit.clear()
                    return True
            elif watched is self.table:
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.open_card(self.selected_member_id())
                    return True
                if key == Qt.Key.Key_Up and self.table.currentIndex().row() <= 0:
                    self.focus_search()
                    return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ changes

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("tiers", "member_tags"):
            self._fill_filter_choices()
        if not changes.touches(*WATCHED):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True  # refreshed when shown again

    def refresh(self) -> None:
        self._dirty = False
        self._type_ids.clear()  # purchases or members changed: read the types again
        query = self.current_query()
        if query.customer_type in HEAVY_TYPES:
            self._read_type(query.customer_type)
        else:
            self.model.set_query(replace(query))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._language_changed:
            self._apply_language()
        if self._dirty:
            self.refresh()
        # Once the window is active; tied to the search box, so never after it is gone.
        QTimer.singleShot(0, self.search_edit, self.search_edit.setFocus)
        if not self._card_prepared:
            self._card_prepared = True
            QTimer.singleShot(CARD_PREPARE_DELAY_MS, self, self._prepare_card)

    def _prepare_card(self) -> None:
        if self.isVisible():
            member_card.prepare_spare(self.ctx, self.window())

    # ------------------------------------------------------------------ language

    def _fill_filter_choices(self) -> None:
        lang = i18n.current_language()
        self.gender_words = {c: labels.word("gender", c, lang) for c in labels.choices("gender")}
        self._restoring = True
        try:
            try:
                tiers = member_form.tier_choices(self.ctx.db)
                tags = member_form.tag_choices(self.ctx.db)
            except Exception:
                log.exception("cannot read the tiers and tags for the filters")
                return
            combos = (
                (
                    self.tier_combo,
                    self.tr("All tiers"),
                    [(t["code"], t[f"name_{lang}"]) for t in tiers],
                ),
                (
                    self.status_combo,
                    self.tr("All statuses"),
                    [
                        (c, labels.word("customer_state", c, lang))
                        for c in labels.choices("customer_state")
                    ]
                    + [
                        (f"type:{c}", labels.word("customer_type", c, lang))
                        for c in ("effective", "ineffective", *HEAVY_TYPES)
                    ],
                ),
                (self.tag_combo, self.tr("All tags"), [(t, t) for t in tags]),
            )
            for combo, everything, items in combos:
                current = combo.currentData()
                combo.clear()
                combo.addItem(everything, None)
                for code, text in items:
                    combo.addItem(text, code)
                found = combo.findData(current) if current is not None else 0
                combo.setCurrentIndex(max(found, 0))
        finally:
            self._restoring = False

    def show_full_phones(self, on: bool) -> None:
        """Full phone numbers in the list, masked again when unticked. Each page of
        full numbers read is logged by ``app.search.fetch_rows`` itself (issue #16)."""
        if on and not permissions.allowed(self.ctx.actor, permissions.UNMASK):
            self.full_phones_check.setChecked(False)
            return
        self.model.set_full_phones(on)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Members"))
        self.search_edit.setPlaceholderText(
            self.tr("Name, pinyin initials (zs), member no. or last digits of the phone")
        )
        self.new_button.setText(self.tr("New member"))
        self.new_button.setToolTip("Ctrl+N")
        self.purchase_button.setText(self.tr("Record purchase"))
        self.purchase_button.setToolTip("Ctrl+P")
        self.open_button.setText(self.tr("Open card"))
        self.open_button.setToolTip(self.tr("Enter or double-click"))
        self.birthday_check.setText(self.tr("Birthday this month"))
        self.full_phones_check.setText(self.tr("Show full phone numbers"))
        self.full_phones_check.setToolTip(self.tr("Each time is recorded in the audit log."))
        self.idle_label.setText(self.tr("No purchase for"))
        self.idle_spin.setSpecialValueText(self.tr("any time"))
        self.idle_spin.setSuffix(self.tr(" days"))
        self.clear_filters_button.setText(self.tr("Clear filters"))
        self.duplicates_button.setText(self.tr("Find duplicates…"))
        self._fill_filter_choices()
        self._update_count()
        self._fit_word_columns()

    def _fit_word_columns(self) -> None:
        """Widen the gender, tier and status columns to their longest word in the UI
        language ("Female", "Dormant" are wider than 女, 休眠); never narrower than set."""
        metrics = self.table.fontMetrics()
        words = {
            COL_GENDER: [self.gender_words[c] for c in self.gender_words],
            COL_STATUS: [
                self.status_combo.itemText(i)
                for i in range(1, self.status_combo.count())
                if not str(self.status_combo.itemData(i)).startswith("type:")
            ],
            COL_TIER: [self.tier_combo.itemText(i) for i in range(1, self.tier_combo.count())],
        }
        for col, texts in words.items():
            header = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
            widest = max((metrics.horizontalAdvance(t) for t in [*texts, header]), default=0)
            self.table.setColumnWidth(col, max(COLUMN_WIDTHS[col], widest + 28))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            if self.isVisible():
                self._apply_language()
            else:
                self._language_changed = True  # the labels read the database: when shown
        super().changeEvent(event)

    def _apply_language(self) -> None:
        self._language_changed = False
        self.retranslate_ui()
        self.model.retranslate()


def create(ctx: AppContext) -> QWidget:
    return MembersPage(ctx)
