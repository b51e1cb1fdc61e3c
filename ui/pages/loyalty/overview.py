"""The loyalty page's Overview tab: the outstanding points and what they are worth, members
per tier, the value of one point, and the jobs run on demand (through the task runner).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import loyalty, settings
from app.core import Changes, PermissionDenied, ValidationError
from app.normalize import format_fen
from ui.pages.loyalty.common import (
    _card,
    _errors,
    _heading,
    _hint,
    _message,
    _say,
)
from ui.tasks import unhandled


class OverviewTab:
    """Mixed into :class:`~ui.pages.loyalty.page.LoyaltyPage` (its widgets are the page's)."""

    def _build_overview(self) -> QWidget:
        page = QWidget()
        card, box = _card()
        self.liability_heading = _heading()
        self.figures: dict[str, tuple[QLabel, QLabel]] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(40)
        grid.setVerticalSpacing(4)
        for col, key in enumerate(("points", "value", "members", "expiring")):
            cap = QLabel()
            cap.setObjectName("figureCaption")
            val = QLabel("—")
            val.setObjectName("liabilityValue" if key == "value" else "figureValue")
            val.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(cap, 0, col)
            grid.addWidget(val, 1, col)
            self.figures[key] = (cap, val)
        grid.setColumnStretch(4, 1)
        self.point_value_label = QLabel()
        self.point_value_spin = QDoubleSpinBox()
        self.point_value_spin.setObjectName("pointValue")
        self.point_value_spin.setRange(0, 10_000)
        self.point_value_spin.setDecimals(2)
        self.point_value_spin.setPrefix("¥")
        self.point_value_button = QPushButton()
        self.point_value_button.clicked.connect(self.save_point_value)
        self.point_value_message = _message()
        row = QHBoxLayout()
        row.addWidget(self.point_value_label)
        row.addWidget(self.point_value_spin)
        row.addWidget(self.point_value_button)
        row.addStretch(1)
        self.liability_hint = _hint()
        box.addWidget(self.liability_heading)
        box.addLayout(grid)
        box.addWidget(self.liability_hint)
        box.addLayout(row)
        box.addWidget(self.point_value_message)

        tier_card, tier_box = _card()
        self.tier_counts_heading = _heading()
        self.tier_counts = QTableWidget(0, 3)
        self.tier_counts.setObjectName("tierCounts")
        self.tier_counts.verticalHeader().hide()
        self.tier_counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tier_counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tier_counts.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tier_box.addWidget(self.tier_counts_heading)
        tier_box.addWidget(self.tier_counts)

        jobs_card, jobs_box = _card()
        self.jobs_heading = _heading()
        self.jobs_hint = _hint()
        self.run_daily_button = QPushButton()
        self.run_daily_button.setObjectName("runDaily")
        self.run_daily_button.clicked.connect(self.run_daily)
        self.backfill_button = QPushButton()
        self.backfill_button.setObjectName("backfill")
        self.backfill_button.clicked.connect(self.backfill)
        self.jobs_message = _message()
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_daily_button)
        buttons.addWidget(self.backfill_button)
        buttons.addStretch(1)
        jobs_box.addWidget(self.jobs_heading)
        jobs_box.addWidget(self.jobs_hint)
        jobs_box.addLayout(buttons)
        jobs_box.addWidget(self.jobs_message)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 12, 8, 8)
        layout.setSpacing(14)
        layout.addWidget(card)
        layout.addWidget(tier_card)
        layout.addWidget(jobs_card)
        layout.addStretch(1)
        return page

    def _fill_overview(self, db: Any, tiers: list[dict[str, Any]], lang: str) -> None:
        """The value of one point and the tiers; their figures come with the liability."""
        self.point_value_spin.setValue(int(settings.get(db, "loyalty_point_value_fen")) / 100)
        self.tier_counts.setRowCount(len(tiers))
        self.tier_counts.setFixedHeight(
            self.tier_counts.horizontalHeader().sizeHint().height()
            + sum(self.tier_counts.rowHeight(r) for r in range(len(tiers)))
            + 2 * self.tier_counts.frameWidth()
        )
        for r, t in enumerate(tiers):
            name = t["name_zh"] if lang == "zh" else t["name_en"]
            cells = (
                name,
                self.tr("from %1").replace("%1", format_fen(t["min_spend_fen"])),
                "",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setData(Qt.ItemDataRole.UserRole, t["code"])
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.tier_counts.setItem(r, c, item)

    def _show_liability(self, liab: dict[str, Any]) -> None:
        """The outstanding points (read by the task runner: a sum over the whole ledger)
        and the members per tier, here and on the Tiers tab; kept for a tab built later."""
        self._liability = liab
        tables = []
        if self.built("overview"):
            self.figures["points"][1].setText(f"{liab['points']:,}")
            self.figures["value"][1].setText(format_fen(liab["value_fen"]))
            self.figures["members"][1].setText(f"{liab['members']:,}")
            self.figures["expiring"][1].setText(f"{liab['expiring_points']:,}")
            tables.append((self.tier_counts, 2))
        if self.built("tiers"):
            tables.append((self.tiers_table, 4))
        for table, col in tables:
            for r in range(table.rowCount()):
                item = table.item(r, col)
                if item is not None:
                    code = item.data(Qt.ItemDataRole.UserRole)
                    item.setText(f"{liab['tiers'].get(code, 0):,}")

    def save_point_value(self) -> bool:
        fen = round(self.point_value_spin.value() * 100)
        changes = settings.set_many(
            self.ctx.db, actor=self.ctx.actor, values={"loyalty_point_value_fen": fen}
        )
        self._notify(changes)
        _say(self.point_value_message, self.tr("Saved."), ok=True)
        return True

    def run_daily(self) -> bool:
        actor, today = self.ctx.actor, self.today()

        def done(changes: Changes) -> None:
            self._notify(changes)
            _say(
                self.jobs_message,
                self.tr("Done: %1 members changed.").replace("%1", f"{len(changes.member_ids):,}"),
                ok=True,
            )

        self._run(
            self.tr("Expiring points, birthday points, tier review…"),
            lambda db, _p: loyalty.run_daily(db, actor=actor, today=today, force=True),
            done,
        )
        return True

    def backfill(self) -> bool:
        actor, today = self.ctx.actor, self.today()

        def done(changes: Changes) -> None:
            self._notify(changes)
            _say(self.jobs_message, self._backfill_said(changes), ok=True)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                _say(self.jobs_message, _errors(exc))
            elif isinstance(exc, PermissionDenied):
                _say(self.jobs_message, self.tr("Only the owner may do this."))
            else:
                unhandled(exc)

        self._run(
            self.tr("Awarding points for past purchases…"),
            lambda db, progress: loyalty.backfill(
                db, actor=actor, today=today, on_progress=progress
            ),
            done,
            failed,
        )
        return True

    def _backfill_said(self, changes: Changes) -> str:
        """What the backfill did, in numbers (app.loyalty.BackfillChanges)."""
        sales = getattr(changes, "sales", 0)
        points = getattr(changes, "points", 0)
        since = getattr(changes, "since", None)
        before = getattr(changes, "not_covered", 0)
        day = since.isoformat() if since else ""
        if sales or points:
            text = (
                self.tr("Awarded %1 points for %2 past sales (from %3).")
                .replace("%1", f"{points:,}")
                .replace("%2", f"{sales:,}")
            )
        elif before:
            text = self.tr(
                "No new points: the rules apply from %3, and every sale since then already "
                "had its points."
            )
        else:
            text = self.tr("Every purchase already had its points.")
        if before:
            text += " " + self.tr("%1 sales before %3 earn nothing.").replace("%1", f"{before:,}")
        return text.replace("%3", day)

    def _retranslate_overview(self) -> None:
        self.liability_heading.setText(self.tr("Outstanding points"))
        for key, text in (
            ("points", self.tr("Points not yet used")),
            ("value", self.tr("Worth to members (liability)")),
            ("members", self.tr("Members holding points")),
            ("expiring", self.tr("Expiring within 30 days")),
        ):
            self.figures[key][0].setText(text)
        self.liability_hint.setText(
            self.tr(
                "Points are a debt of the store until they are used or expire: liability = "
                "points not yet used × the value of one point."
            )
        )
        self.point_value_label.setText(self.tr("One point is worth"))
        self.point_value_button.setText(self.tr("Save"))
        self.tier_counts_heading.setText(self.tr("Members per tier"))
        self.tier_counts.setHorizontalHeaderLabels(
            [self.tr("Tier"), self.tr("12-month spend"), self.tr("Members")]
        )
        self.jobs_heading.setText(self.tr("Jobs"))
        self.jobs_hint.setText(
            self.tr(
                "Expiry, birthday points and the tier review run by themselves at start-up "
                "and once a day; run them now after changing the rules. Awarding points for "
                "past purchases gives a store that ran without points its ledger (by the rules "
                "in force on each purchase's date; run it once)."
            )
        )
        self.run_daily_button.setText(self.tr("Run expiry and tier review now"))
        self.backfill_button.setText(self.tr("Award points for past purchases…"))
