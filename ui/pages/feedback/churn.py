"""The Churn and win-back tab: the win-back rate, dormant members (to today's calls, or
marked lost) and the members marked lost in the period (back to active)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import analytics as segments
from app import feedback, labels
from app.core import PermissionDenied, ValidationError
from app.normalize import format_fen, mask_phone
from ui.models.readonly_table import ReadOnlyTableModel
from ui.pages.feedback.common import _lang, _view, _when


class DormantModel(ReadOnlyTableModel):
    """The dormant members (thousands on a big store): a row is formatted when the view
    first paints it, instead of ~25,000 table items made on the GUI thread at every
    refresh (0.3 s and more on the 100k store)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.headers: list[str] = [""] * 7  # set by the page in its language
        super().__init__(7, lambda section: self.headers[section], parent)

    def format_row(self, m: dict[str, Any]) -> tuple[str, ...]:
        return (
            m["member_no"],
            m["name"],
            mask_phone(m["phone"]),
            _when(m["last_purchase_at"])[:10],
            str(m["days_since"]),
            format_fen(m["total_paid_fen"]),
            _when(m["last_winback_at"])[:10] or "—",
        )

    def sort_value(self, row: int, column: int) -> Any:
        return self.records[row]["id"] if column == 0 else self.text(row, column)


class LostModel(ReadOnlyTableModel):
    """The members marked lost in the period (thousands in a year on a big store)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.headers: list[str] = [""] * 5  # set by the page in its language
        super().__init__(5, lambda section: self.headers[section], parent)

    def format_row(self, m: dict[str, Any]) -> tuple[str, ...]:
        return (
            m["member_no"],
            m["name"],
            _when(m["status_changed_at"])[:10],
            labels.word("lost_reason", m["lost_reason"], _lang()),
            m["lost_note"] or "",
        )


class ChurnTab:
    def _build_churn(self) -> QWidget:
        self.winback_label = QLabel()
        self.winback_label.setObjectName("winbackRate")
        self.winback_label.setWordWrap(True)
        self.dormant_heading = QLabel()
        self.dormant_heading.setObjectName("sectionTitle")
        self.dormant_model = DormantModel(self)
        self.dormant_table = _view("dormantTable", self.dormant_model)
        self.dormant_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.winback_button = QPushButton()
        self.winback_button.setObjectName("addWinbackTasks")
        self.winback_button.clicked.connect(self.add_winback_tasks)
        self.lost_button = QPushButton()
        self.lost_button.setObjectName("markLost")
        self.lost_button.clicked.connect(self._mark_selected_lost)
        buttons = QHBoxLayout()
        buttons.addWidget(self.winback_button)
        buttons.addWidget(self.lost_button)
        buttons.addStretch(1)
        dormant = QWidget()
        dcol = QVBoxLayout(dormant)
        dcol.setContentsMargins(0, 4, 0, 0)
        dcol.addWidget(self.dormant_heading)
        dcol.addWidget(self.dormant_table, 1)
        dcol.addLayout(buttons)
        # members marked lost in the period, with their reason; one can come back
        self.lost_model = LostModel(self)
        self.lost_table = _view("lostTable", self.lost_model)
        self.reactivate_button = QPushButton()
        self.reactivate_button.setObjectName("reactivate")
        self.reactivate_button.clicked.connect(self._reactivate_selected)
        lost = QWidget()
        lcol = QVBoxLayout(lost)
        lcol.setContentsMargins(0, 4, 0, 0)
        lcol.addWidget(self.lost_table, 1)
        back = QHBoxLayout()
        back.addWidget(self.reactivate_button)
        back.addStretch(1)
        lcol.addLayout(back)
        self.churn_lists = QTabWidget()
        self.churn_lists.setObjectName("churnLists")
        self.churn_lists.addTab(dormant, "")
        self.churn_lists.addTab(lost, "")
        left = QWidget()
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 8, 0)
        col.addWidget(self.winback_label)
        col.addWidget(self.churn_lists, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self._chart_holder("lost"))
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([700, 560])
        splitter.setChildrenCollapsible(False)
        return splitter

    def _fill_churn(self) -> None:
        if self.winback is None:
            return
        w = self.winback
        rate = "—" if w["rate"] is None else f"{100 * w['rate']:.1f}%"
        self.winback_label.setText(
            self.tr(
                "Win-back rate %1: %2 of %3 dormant members reached by a win-back call in "
                "the period bought within %4 days (%5 still within the %4 days)."
            )
            .replace("%1", rate)
            .replace("%2", str(w["won"]))
            .replace("%3", str(w["called"] - w["pending"]))
            .replace("%4", str(w["window_days"]))
            .replace("%5", str(w["pending"]))
        )
        self.dormant_heading.setText(
            self.tr("Dormant members (no purchase for %1 days): %2")
            .replace("%1", str(w["dormant_days"]))
            .replace("%2", f"{self.dormant_total:,}")
        )
        if self.dormant_total > len(self.dormant):
            self.dormant_heading.setText(
                self.dormant_heading.text()
                + self.tr(" (the %1 with the highest spend are listed)").replace(
                    "%1", f"{len(self.dormant):,}"
                )
            )
        self.dormant_model.set_records(self.dormant)
        self.dormant_table.resizeColumnsToContents()
        self.lost_model.set_records(self.lost_list)
        self.lost_table.resizeColumnsToContents()

    def selected_dormant_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.dormant_table.selectionModel().selectedRows()})
        return [self.dormant[r]["id"] for r in rows if r < len(self.dormant)]

    def add_winback_tasks(self) -> int:
        """Put the selected dormant members on today's call list (purpose win-back)."""
        ids = self.selected_dormant_ids()
        if not ids:
            self.message.setText(self.tr("Choose members in the list first."))
            return 0
        try:
            changes = segments.add_campaign_tasks(
                self.ctx.db,
                actor=self.ctx.actor,
                member_ids=ids,
                purpose="winback",
                due=self.today(),
                note=self.tr("Dormant members (feedback page)"),
            )
        except ValidationError as exc:
            self.message.setText("; ".join(e.message(_lang()) for e in exc.errors))
            return 0
        n = len(changes.member_ids)
        if n:
            self.ctx.notify(changes)
            self.message.setText(
                self.tr("%1 members added to today's calls.").replace("%1", str(n))
            )
        else:
            self.message.setText(self.tr("These members are already on today's calls."))
        return n

    def _mark_selected_lost(self) -> None:
        ids = self.selected_dormant_ids()
        if len(ids) != 1:
            self.message.setText(self.tr("Choose one member to mark as lost."))
            return
        self.mark_lost(ids[0])

    def _reactivate_selected(self) -> None:
        row = self.lost_table.currentIndex().row()
        if not 0 <= row < len(self.lost_list):
            self.message.setText(self.tr("Choose a member first."))
            return
        self.reactivate(self.lost_list[row]["id"])

    def reactivate(self, member_id: int) -> bool:
        """Return a lost member to active (they came back)."""
        try:
            changes = feedback.reactivate(self.ctx.db, member_id=member_id, actor=self.ctx.actor)
        except ValidationError as exc:
            self.message.setText("; ".join(e.message(_lang()) for e in exc.errors))
            return False
        except PermissionDenied:
            self.message.setText(self.tr("Your role may not do this."))
            return False
        self.ctx.notify(changes)
        self.message.setText(self.tr("The member is active again."))
        self.refresh()
        return True

    def mark_lost(self, member_id: int) -> bool:
        from ui.dialogs.feedback_dialogs import LostReasonDialog

        return self._run(LostReasonDialog(self.ctx, member_id, parent=self))

    def _retranslate_churn(self) -> None:
        self.dormant_model.headers = [
            self.tr("Member no."),
            self.tr("Name"),
            self.tr("Phone"),
            self.tr("Last purchase"),
            self.tr("Days"),
            self.tr("Total spend"),
            self.tr("Last win-back call"),
        ]
        self.dormant_model.retranslate()
        self.churn_lists.setTabText(0, self.tr("Dormant"))
        self.churn_lists.setTabText(1, self.tr("Marked lost in the period"))
        self.lost_model.headers = [
            self.tr("Member no."),
            self.tr("Name"),
            self.tr("Marked lost"),
            self.tr("Reason"),
            self.tr("Note"),
        ]
        self.lost_model.retranslate()
        self.reactivate_button.setText(self.tr("Back to active"))
        self.winback_button.setText(self.tr("Add to today's calls (win-back)"))
        self.lost_button.setText(self.tr("Mark as lost…"))
