"""The Complaints tab: counts, the median time to resolve, the list with overdue rows
in red; New complaint…, Open…"""

from __future__ import annotations

from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import feedback, labels
from app.normalize import format_fen
from ui.pages.feedback.common import (
    OVERDUE_BG,
    OVERDUE_FG,
    _hours_text,
    _item,
    _lang,
    _table,
    _when,
)


class ComplaintsTab:
    def _build_complaints(self) -> QWidget:
        self.complaint_summary = QLabel()
        self.complaint_summary.setObjectName("complaintSummary")
        self.complaint_summary.setWordWrap(True)
        self.complaint_filter = QComboBox()
        self.complaint_filter.setObjectName("complaintFilter")
        self.complaint_filter.addItem("", "open")
        self.complaint_filter.addItem("", "period")
        self.complaint_filter.currentIndexChanged.connect(lambda _i: self._fill_complaints())
        self.new_complaint_button = QPushButton()
        self.new_complaint_button.setObjectName("newComplaint")
        self.new_complaint_button.clicked.connect(lambda: self.open_complaint(None))
        self.edit_complaint_button = QPushButton()
        self.edit_complaint_button.setObjectName("editComplaint")
        self.edit_complaint_button.clicked.connect(self._edit_selected_complaint)
        self.complaint_table = _table("complaintTable")
        self.complaint_table.setColumnCount(8)
        self.complaint_table.horizontalHeader().setStretchLastSection(False)
        self.complaint_table.doubleClicked.connect(lambda _i: self._edit_selected_complaint())
        self.overdue_hint = QLabel()
        self.overdue_hint.setObjectName("hint")
        self.overdue_hint.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.complaint_filter)
        top.addStretch(1)
        top.addWidget(self.edit_complaint_button)
        top.addWidget(self.new_complaint_button)
        page = QWidget()
        col = QVBoxLayout(page)
        col.addWidget(self.complaint_summary)
        col.addLayout(top)
        col.addWidget(self.complaint_table, 1)
        col.addWidget(self.overdue_hint)
        return page

    def _fill_complaints(self) -> None:
        if self.stats is None:
            return
        lang = _lang()
        st = self.stats
        by_status = "，".join(
            f"{labels.word('complaint_status', k, lang)} {v}" for k, v in st["by_status"].items()
        )
        by_cat = "，".join(
            f"{labels.word('complaint_category', k, lang)} {v}"
            for k, v in st["by_category"].items()
        )
        med = st["median_resolution_hours"]
        self.complaint_summary.setText(
            self.tr("%1 complaints in the period (%2; %3). Median time to resolve: %4. ")
            .replace("%1", f"{st['total']:,}")
            .replace("%2", by_status)
            .replace("%3", by_cat)
            .replace("%4", "—" if med is None else _hours_text(med))
            + self.tr("Overdue now: %1.").replace("%1", str(st["overdue_now"]))
        )
        self.overdue_hint.setText(
            self.tr(
                "Red rows are overdue: still open or in progress more than %1 days after "
                "they were received (the number of days is a setting)."
            ).replace("%1", str(st["overdue_days"]))
        )
        rows = (
            self._complaints_open
            if self.complaint_filter.currentData() == "open"
            else self._complaints_period
        )
        self.complaints = rows
        t = self.complaint_table
        t.setRowCount(len(rows))
        for row, c in enumerate(rows):
            if c["status"] in feedback.OPEN_STATUSES:
                age = self.tr("open %1 days").replace("%1", str(c["age_days"]))
            else:
                age = _hours_text(c["resolution_hours"])
            who = f"{c['name']}（{c['member_no']}）" if c["name"] else "—"
            cells = (
                _item(_when(c["at"]), c["id"]),
                _item(who),
                _item(labels.word("complaint_category", c["category"], lang)),
                _item(c["description"] or ""),
                _item(c["owner_name"] or "—"),
                _item(labels.word("complaint_status", c["status"], lang)),
                _item(age),
                _item(format_fen(c["compensation_fen"]) if c["compensation_fen"] else ""),
            )
            for col, item in enumerate(cells):
                if c["overdue"]:
                    item.setForeground(QBrush(OVERDUE_FG))
                    item.setBackground(QBrush(OVERDUE_BG))
                    item.setToolTip(self.tr("Overdue"))
                t.setItem(row, col, item)
        t.resizeColumnsToContents()
        t.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def open_complaint(self, complaint_id: int | None) -> bool:
        from ui.dialogs.feedback_dialogs import ComplaintDialog

        return self._run(ComplaintDialog(self.ctx, complaint_id, parent=self))

    def _edit_selected_complaint(self) -> None:
        row = self.complaint_table.currentRow()
        if 0 <= row < len(self.complaints):
            self.open_complaint(self.complaints[row]["id"])
        else:
            self.message.setText(self.tr("Choose a complaint first."))

    def _retranslate_complaints(self) -> None:
        self.complaint_filter.setItemText(0, self.tr("Open and in progress"))
        self.complaint_filter.setItemText(1, self.tr("All received in the period"))
        self.new_complaint_button.setText(self.tr("New complaint…"))
        self.edit_complaint_button.setText(self.tr("Open…"))
        self.complaint_table.setHorizontalHeaderLabels(
            [
                self.tr("Received"),
                self.tr("Member"),
                self.tr("Category"),
                self.tr("What happened"),
                self.tr("Handled by"),
                self.tr("Status"),
                self.tr("Open / time to resolve"),
                self.tr("Compensation"),
            ]
        )
