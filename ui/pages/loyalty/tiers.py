"""The loyalty page's Tiers tab: names and 12-month spend thresholds, the yearly review
date, and recomputing the tiers now (through the task runner).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import loyalty, settings
from app.core import Changes, PermissionDenied, ValidationError
from ui.pages.loyalty.common import (
    EDITABLE,
    READ_ONLY,
    _card,
    _errors,
    _heading,
    _hint,
    _message,
    _say,
)


class TiersTab:
    """Mixed into :class:`~ui.pages.loyalty.page.LoyaltyPage` (its widgets are the page's)."""

    def _build_tiers(self) -> QWidget:
        page = QWidget()
        card, box = _card()
        self.tiers_heading = _heading()
        self.tiers_hint = _hint()
        self.tiers_table = QTableWidget(0, 5)
        self.tiers_table.setObjectName("tiersTable")
        self.tiers_table.verticalHeader().hide()
        self.tiers_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tiers_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.review_label = QLabel()
        self.review_edit = QLineEdit()
        self.review_edit.setObjectName("reviewDate")
        self.review_edit.setMaximumWidth(90)
        self.review_edit.setPlaceholderText("01-01")
        self.review_hint = _hint()
        row = QHBoxLayout()
        row.addWidget(self.review_label)
        row.addWidget(self.review_edit)
        row.addWidget(self.review_hint, 1)
        self.save_tiers_button = QPushButton()
        self.save_tiers_button.setObjectName("saveTiers")
        self.save_tiers_button.clicked.connect(self.save_tiers)
        self.recompute_button = QPushButton()
        self.recompute_button.setObjectName("recomputeTiers")
        self.recompute_button.clicked.connect(self.recompute_tiers)
        self.tiers_message = _message()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_tiers_button)
        buttons.addWidget(self.recompute_button)
        buttons.addStretch(1)
        box.addWidget(self.tiers_heading)
        box.addWidget(self.tiers_hint)
        box.addWidget(self.tiers_table)
        box.addLayout(row)
        box.addLayout(buttons)
        box.addWidget(self.tiers_message)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 12, 8, 8)
        layout.addWidget(card)
        layout.addStretch(1)
        return page

    def _fill_tiers(self, db: Any, tiers: list[dict[str, Any]]) -> None:
        """The tiers table and the review date (the members per tier come with the
        liability, ``OverviewTab._show_liability``)."""
        self.tiers_table.setRowCount(len(tiers))
        self.tiers_table.setFixedHeight(
            self.tiers_table.horizontalHeader().sizeHint().height()
            + sum(self.tiers_table.rowHeight(r) for r in range(len(tiers)))
            + 2 * self.tiers_table.frameWidth()
        )
        for r, t in enumerate(tiers):
            cells = (
                (t["code"], READ_ONLY),
                (t["name_zh"], EDITABLE),
                (t["name_en"], EDITABLE),
                (f"{t['min_spend_fen'] / 100:.2f}", EDITABLE if r else READ_ONLY),
                ("", READ_ONLY),
            )
            for c, (text, flags) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(flags)
                if c == 4:
                    item.setData(Qt.ItemDataRole.UserRole, t["code"])
                self.tiers_table.setItem(r, c, item)
        self.review_edit.setText(str(settings.get(db, "loyalty_tier_review_date")))

    def save_tiers(self) -> bool:
        rows = []
        errors = []
        for r in range(self.tiers_table.rowCount()):
            code = self.tiers_table.item(r, 0).text()
            text = self.tiers_table.item(r, 3).text().strip().replace(",", "").lstrip("¥")
            try:
                fen = round(float(text) * 100)
            except ValueError:
                errors.append(self.tr("“%1” is not an amount in yuan").replace("%1", text))
                continue
            rows.append(
                {
                    "code": code,
                    "name_zh": self.tiers_table.item(r, 1).text(),
                    "name_en": self.tiers_table.item(r, 2).text(),
                    "min_spend_fen": fen,
                }
            )
        if errors:
            _say(self.tiers_message, "；".join(errors))
            return False
        try:
            changes = loyalty.save_tiers(
                self.ctx.db, actor=self.ctx.actor, tiers=rows, review_date=self.review_edit.text()
            )
        except ValidationError as exc:
            _say(self.tiers_message, _errors(exc))
            return False
        except PermissionDenied:
            _say(self.tiers_message, self.tr("Only the owner may change the tiers."))
            return False
        self._notify(changes)
        _say(
            self.tiers_message,
            self.tr("Saved. Members move up at the next recomputation, down at the review."),
            ok=True,
        )
        return True

    def recompute_tiers(self) -> bool:
        """Recompute the tiers on the worker; the message says how many moved up."""
        actor, today = self.ctx.actor, self.today()

        def done(changes: Changes) -> None:
            self._notify(changes)
            _say(
                self.tiers_message,
                self.tr("%1 members moved up.").replace("%1", f"{len(changes.member_ids):,}"),
                ok=True,
            )

        self._run(
            self.tr("Recomputing tiers…"),
            lambda db, _p: loyalty.recompute_tiers(db, actor=actor, today=today),
            done,
        )
        return True

    def _retranslate_tiers(self) -> None:
        self.tiers_heading.setText(self.tr("Member tiers"))
        self.tiers_hint.setText(
            self.tr(
                "Tiers follow the net spend of the last 12 months. A member moves up as soon "
                "as a purchase reaches the next threshold, and down only at the yearly review "
                "(by the spend of the 12 months before it). The history of every change is kept."
            )
        )
        self.tiers_table.setHorizontalHeaderLabels(
            [
                self.tr("Code"),
                self.tr("Name (Chinese)"),
                self.tr("Name (English)"),
                self.tr("12-month spend from (¥)"),
                self.tr("Members"),
            ]
        )
        self.review_label.setText(self.tr("Yearly review on (MM-DD):"))
        self.review_hint.setText(
            self.tr("downgrades happen on the first day the app runs on or after it")
        )
        self.save_tiers_button.setText(self.tr("Save tiers"))
        self.recompute_button.setText(self.tr("Recompute tiers now"))
