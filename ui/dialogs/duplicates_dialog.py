"""Find duplicates (重复会员): the candidate pairs of app/duplicates.py, each with why it
was proposed; the selected pair side by side, to merge (through the card's merge dialog
and app.merge) or to mark as different customers (app.duplicates.dismiss).

Finding runs through the task runner (one grouped query per rule, off the GUI thread);
merging and dismissing are single quick actions on ``ctx.db``, like the member card's."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import duplicates, labels, merge, permissions
from app.core import Changes, NotFound, ValidationError
from ui import i18n
from ui.context import AppContext
from ui.models.readonly_table import ReadOnlyTableModel

CONTEXT = "DuplicatesDialog"
P_WHY, P_A, P_B = range(3)
HEADERS = (
    QT_TRANSLATE_NOOP("DuplicatesDialog", "Why"),
    QT_TRANSLATE_NOOP("DuplicatesDialog", "Card 1"),
    QT_TRANSLATE_NOOP("DuplicatesDialog", "Card 2"),
)
FIELDS = (
    ("member_no", QT_TRANSLATE_NOOP("DuplicatesDialog", "Member no.")),
    ("name", QT_TRANSLATE_NOOP("DuplicatesDialog", "Name")),
    ("phone", QT_TRANSLATE_NOOP("DuplicatesDialog", "Phone")),
    ("birthday", QT_TRANSLATE_NOOP("DuplicatesDialog", "Birthday")),
    ("address", QT_TRANSLATE_NOOP("DuplicatesDialog", "Address")),
    ("joined_on", QT_TRANSLATE_NOOP("DuplicatesDialog", "Member since")),
    ("visits", QT_TRANSLATE_NOOP("DuplicatesDialog", "Visits")),
)


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _who(m: dict[str, Any]) -> str:
    return f"{m['member_no']}  {m['name']}"


class PairsModel(ReadOnlyTableModel):
    """Rows are ``app.duplicates.Candidate``s."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(HEADERS), lambda s: _t(HEADERS[s]), parent)

    def format_row(self, record: Any) -> list[str]:
        lang = i18n.current_language()
        why = "、" if lang == "zh" else ", "
        a, b = record.members
        return [
            why.join(labels.word("duplicate_reason", r, lang) for r in record.reasons),
            _who(a),
            _who(b),
        ]


class DuplicatesDialog(QDialog):
    """The review list and the selected pair side by side."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("duplicatesDialog")
        self.resize(1100, 680)
        self.setMinimumSize(820, 560)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.model = PairsModel(self)
        self.table = QTableView()
        self.table.setObjectName("duplicatePairs")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(P_WHY, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(P_A, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(P_B, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_pair())

        self.compare = QGridLayout()
        self.compare.setHorizontalSpacing(24)
        self.compare.setVerticalSpacing(4)
        self.captions: list[QLabel] = []
        self.values: list[list[QLabel]] = []
        self.heads = [QLabel(), QLabel()]
        for col, head_label in enumerate(self.heads, start=1):
            head_label.setObjectName("sectionTitle")
            self.compare.addWidget(head_label, 0, col)
        for line, _field in enumerate(FIELDS, start=1):
            cap = QLabel()
            cap.setObjectName("figureCaption")
            self.captions.append(cap)
            self.compare.addWidget(cap, line, 0)
            row = [QLabel(), QLabel()]
            for col, value in enumerate(row, start=1):
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.compare.addWidget(value, line, col)
            self.values.append(row)
        self.compare.setColumnStretch(1, 1)
        self.compare.setColumnStretch(2, 1)
        box = QFrame()
        box.setObjectName("card")
        box.setLayout(self.compare)

        self.keep_a = QPushButton()
        self.keep_a.setObjectName("keepFirst")
        self.keep_a.clicked.connect(lambda: self.merge_pair(keep_first=True))
        self.keep_b = QPushButton()
        self.keep_b.setObjectName("keepSecond")
        self.keep_b.clicked.connect(lambda: self.merge_pair(keep_first=False))
        self.dismiss_button = QPushButton()
        self.dismiss_button.setObjectName("notDuplicates")
        self.dismiss_button.clicked.connect(self.dismiss_pair)
        self.message = QLabel()
        self.message.setObjectName("cardMessage")
        self.message.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.keep_a)
        actions.addWidget(self.keep_b)
        actions.addWidget(self.dismiss_button)
        actions.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(box)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._merge_dialog: QDialog | None = None
        self.retranslate_ui()
        self.reload()

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        """Find the pairs again (off the GUI thread)."""
        self.ctx.runner.run(
            lambda db, _p, _c: duplicates.find(db),
            on_done=self._loaded,
            name="duplicates",
            key=("duplicates", id(self)),
            owner=self,
        )

    def _loaded(self, pairs: list[duplicates.Candidate]) -> None:
        self.model.set_records(pairs)
        if pairs:
            self.table.selectRow(0)
        self._show_pair()
        self._update_count()

    def pair(self) -> duplicates.Candidate | None:
        row = self.table.currentIndex().row()
        return self.model.records[row] if 0 <= row < len(self.model.records) else None

    def _show_pair(self) -> None:
        pair = self.pair()
        allowed = permissions.allowed(self.ctx.actor, permissions.MERGE)
        for button in (self.keep_a, self.keep_b, self.dismiss_button):
            button.setEnabled(pair is not None and allowed)
        members = pair.members if pair else [{}, {}]
        for line, (key, _caption) in enumerate(FIELDS):
            for col in range(2):
                value = members[col].get(key)
                self.values[line][col].setText("" if value in (None, "") else str(value))

    # ------------------------------------------------------------------ actions

    def merge_pair(self, *, keep_first: bool) -> None:
        """Compare and confirm in the card's merge dialog, then merge."""
        from ui.dialogs.member_card.merge import MergeDialog

        pair = self.pair()
        if pair is None:
            return
        keep, remove = (pair.a_id, pair.b_id) if keep_first else (pair.b_id, pair.a_id)
        dialog = MergeDialog(self.ctx, keep, self)
        dialog.pick(remove)
        dialog.finished.connect(lambda result: self._merge_decided(result, keep, remove))
        self._merge_dialog = dialog
        dialog.open()

    def _merge_decided(self, result: int, keep: int, remove: int) -> None:
        self._merge_dialog = None
        if result != int(QDialog.DialogCode.Accepted):
            return
        self.merge_now(keep, remove)

    def merge_now(self, keep: int, remove: int) -> bool:
        try:
            changes = merge.merge_members(
                self.ctx.db, actor=self.ctx.actor, keep_id=keep, remove_id=remove
            )
        except (ValidationError, NotFound) as exc:
            self._failed(exc)
            return False
        self.ctx.notify(changes)
        self.message.setText(self.tr("Merged."))
        self.reload()
        return True

    def dismiss_pair(self) -> bool:
        pair = self.pair()
        if pair is None:
            return False
        try:
            changes: Changes = duplicates.dismiss(
                self.ctx.db, actor=self.ctx.actor, a_id=pair.a_id, b_id=pair.b_id
            )
        except (ValidationError, NotFound) as exc:
            self._failed(exc)
            return False
        self.ctx.notify(changes)
        self.message.setText(self.tr("Marked as different customers; not proposed again."))
        self.reload()
        return True

    def _failed(self, exc: Exception) -> None:
        lang = i18n.current_language()
        errors = exc.errors if isinstance(exc, ValidationError) else []
        text = "; ".join(e.message(lang) for e in errors) or str(exc)
        self.message.setText(self.tr("Not done: %1").replace("%1", text))

    # ------------------------------------------------------------------ language

    def _update_count(self) -> None:
        n = len(self.model.records)
        intro = self.tr("Cards that may be one customer. Compare, then merge or mark as different.")
        count = self.tr("Pairs: %1").replace("%1", str(n)) if n else self.tr("No duplicates found.")
        self.intro.setText(f"{intro}  {count}")

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Find duplicates"))
        self.heads[0].setText(self.tr("Card 1"))
        self.heads[1].setText(self.tr("Card 2"))
        for cap, (_key, caption) in zip(self.captions, FIELDS, strict=True):
            cap.setText(_t(caption))
        self.keep_a.setText(self.tr("Keep card 1, merge card 2 in"))
        self.keep_b.setText(self.tr("Keep card 2, merge card 1 in"))
        self.dismiss_button.setText(self.tr("Not the same customer"))
        self.model.retranslate()
        self._update_count()
