"""Loyalty (积分): the owner's page for the points programme.

* **Overview** — the outstanding points and what they are worth (the store's liability,
  points × the value of one point, which is set here), members holding points, points
  expiring within 30 days, members per tier; the daily job (expiry, birthday points,
  tier review) on demand and "award points for past purchases" (``app.loyalty.backfill``)
  for a store that ran without points — both on a worker thread with progress.
* **Points rules** — spend rate (with the rounding rule stated), a multiplier per tier,
  referral, birthday and visit points, expiry; saved as a *new version* from an
  effective date (``app.loyalty.save_rules``), never changing points already earned. The
  versions so far are listed.
* **Tiers** — names and 12-month spend thresholds, the yearly review date; recompute
  now (upgrades only; downgrades wait for the review).
* **Rewards** — the redemption catalogue (coupon, gift, voucher) with point costs; a
  reward is switched off rather than deleted.

:func:`start_daily_jobs` (for the main window, once at start-up) runs
``app.loyalty.run_daily`` now and hourly on a worker thread — the job acts once a day.

Problems the owner should fix are shown inline under the form, never in pop-ups. The
page reads everything from ``app.loyalty``; ``LoyaltyPage(ctx, today=...)`` pins the
day (tests). It refreshes when shown and, while visible, after changes that concern it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import labels, loyalty, permissions, settings
from app.core import SYSTEM, Changes, PermissionDenied, ValidationError
from app.normalize import format_fen
from ui import i18n
from ui.context import AppContext
from ui.tasks import unhandled

log = logging.getLogger(__name__)

REFRESH_TABLES = (
    "points_ledger",
    "redemptions",
    "rewards",
    "loyalty_rules",
    "tiers",
    "members",
    "settings",
)
EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

STYLE = """
QLabel#figureCaption { color: #616e7c; }
QLabel#figureValue { font-size: 16pt; font-weight: bold; color: #1f2933; }
QLabel#liabilityValue { font-size: 16pt; font-weight: bold; color: #8a5a00; }
QLabel#formError { color: #b3261e; }
QLabel#formOk { color: #2e7d32; }
QLabel#programmeStatus { color: #3e4c59; }
QLabel#programmeNotStarted { background: #fff4e5; color: #8a5a00; border-radius: 4px;
                             padding: 6px 10px; }
"""


def _lang() -> str:
    return i18n.current_language()


def _card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(20, 16, 20, 16)
    layout.setSpacing(10)
    return frame, layout


def _heading() -> QLabel:
    label = QLabel()
    label.setObjectName("sectionTitle")
    return label


def _hint() -> QLabel:
    label = QLabel()
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


def _message() -> QLabel:
    label = QLabel()
    label.setObjectName("formError")
    label.setWordWrap(True)
    label.hide()
    return label


def _say(label: QLabel, text: str, ok: bool = False) -> None:
    label.setObjectName("formOk" if ok else "formError")
    label.style().unpolish(label)
    label.style().polish(label)
    label.setText(text)
    label.setVisible(bool(text))


def _errors(exc: ValidationError, names: dict[str, str] | None = None) -> str:
    """Every problem, each prefixed with the field's name when it has one."""
    lang = _lang()
    parts = []
    for e in exc.errors:
        field = (names or {}).get(e.field.split(".")[0], "")
        parts.append(f"{field}：{e.message(lang)}" if field and lang == "zh" else
                     f"{field}: {e.message(lang)}" if field else e.message(lang))  # fmt: skip
    return ("；" if lang == "zh" else "; ").join(parts)


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


class LoyaltyPage(QWidget):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._today = today
        self._dirty = True
        self.setObjectName("page_loyalty")
        self.setStyleSheet(STYLE)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.status = QLabel()
        self.status.setObjectName("programmeStatus")
        self.status.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("loyaltyTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(_scrolled(self._build_overview()), "")
        self.tabs.addTab(_scrolled(self._build_rules()), "")
        self.tabs.addTab(_scrolled(self._build_tiers()), "")
        self.tabs.addTab(_scrolled(self._build_rewards()), "")
        # rules, tiers and rewards are the owner's to change (app/permissions.py RULES)
        may_rules = permissions.allowed(ctx.actor, permissions.RULES)
        for i in (1, 2, 3):
            self.tabs.setTabVisible(i, may_rules)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)

        self.retranslate_ui()
        self.refresh()

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # ------------------------------------------------------------------ building

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

    def _spin(self, name: str, maximum: int = 1_000_000, suffix: str = "") -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(0, maximum)
        spin.setMinimumWidth(110)
        if suffix:
            spin.setSuffix(suffix)
        return spin

    def _build_rules(self) -> QWidget:
        page = QWidget()
        card, box = _card()
        self.rules_heading = _heading()
        self.rules_hint = _hint()
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.rule_labels: dict[str, QLabel] = {}

        def add(key: str, field: QWidget | QHBoxLayout) -> None:
            label = QLabel()
            self.rule_labels[key] = label
            form.addRow(label, field)

        self.yuan_per_point = QDoubleSpinBox()
        self.yuan_per_point.setObjectName("yuanPerPoint")
        self.yuan_per_point.setRange(0.01, 1_000_000)
        self.yuan_per_point.setDecimals(2)
        self.yuan_per_point.setPrefix("¥")
        self.yuan_per_point.setMinimumWidth(110)
        self.yuan_per_point_after = QLabel()
        self.yuan_per_point_before = QLabel()
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.yuan_per_point_before)
        row.addWidget(self.yuan_per_point)
        row.addWidget(self.yuan_per_point_after)
        row.addStretch(1)
        add("spend", row)
        self.rounding_hint = _hint()
        form.addRow(QLabel(), self.rounding_hint)

        self.multiplier_grid = QGridLayout()
        self.multiplier_grid.setHorizontalSpacing(12)
        self.multiplier_spins: dict[str, QSpinBox] = {}
        self.multiplier_labels: dict[str, QLabel] = {}
        for i, t in enumerate(loyalty.list_tiers(self.ctx.db)):
            label = QLabel()
            spin = self._spin(f"multiplier_{t['code']}", 1000, " %")
            spin.setMinimumWidth(90)
            self.multiplier_labels[t["code"]] = label
            self.multiplier_spins[t["code"]] = spin
            self.multiplier_grid.addWidget(label, 0, i)
            self.multiplier_grid.addWidget(spin, 1, i)
        self.multiplier_grid.setColumnStretch(len(self.multiplier_spins), 1)
        add("multipliers", self.multiplier_grid)

        self.referral_spin = self._spin("referralPoints")
        self.birthday_spin = self._spin("birthdayPoints")
        self.visit_spin = self._spin("visitPoints")
        for key, spin in (
            ("referral", self.referral_spin),
            ("birthday", self.birthday_spin),
            ("visit", self.visit_spin),
        ):
            row = QHBoxLayout()
            row.setSpacing(10)
            row.addWidget(spin)
            hint = _hint()
            setattr(self, f"{key}_after", hint)
            row.addWidget(hint, 1)
            add(key, row)

        self.expiry_combo = QComboBox()
        self.expiry_combo.setObjectName("expiryMode")
        self.expiry_combo.addItem("", "months")
        self.expiry_combo.addItem("", "never")
        self.expiry_months = self._spin("expiryMonths", 240)
        self.expiry_months.setMinimum(1)
        self.expiry_combo.currentIndexChanged.connect(
            lambda _i: self.expiry_months.setEnabled(self.expiry_combo.currentData() == "months")
        )
        self.expiry_after = _hint()
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.expiry_combo)
        row.addWidget(self.expiry_months)
        row.addWidget(self.expiry_after, 1)
        add("expiry", row)

        self.effective_edit = QDateEdit()
        self.effective_edit.setObjectName("effectiveFrom")
        self.effective_edit.setCalendarPopup(True)
        self.effective_edit.setDisplayFormat("yyyy-MM-dd")
        self.effective_edit.setMinimumWidth(130)
        self.effective_hint = _hint()
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.effective_edit)
        row.addWidget(self.effective_hint, 1)
        add("effective", row)
        self.rule_note = QLineEdit()
        self.rule_note.setObjectName("ruleNote")
        add("note", self.rule_note)

        self.save_rules_button = QPushButton()
        self.save_rules_button.setObjectName("saveRules")
        self.save_rules_button.clicked.connect(self.save_rules)
        self.rules_message = _message()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_rules_button)
        buttons.addStretch(1)
        box.addWidget(self.rules_heading)
        box.addWidget(self.rules_hint)
        box.addLayout(form)
        box.addLayout(buttons)
        box.addWidget(self.rules_message)

        versions_card, versions_box = _card()
        self.versions_heading = _heading()
        self.versions = QTableWidget(0, 5)
        self.versions.setObjectName("ruleVersions")
        self.versions.verticalHeader().hide()
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.horizontalHeader().setStretchLastSection(True)
        self.versions.setMinimumHeight(150)
        versions_box.addWidget(self.versions_heading)
        versions_box.addWidget(self.versions)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 12, 8, 8)
        layout.setSpacing(14)
        layout.addWidget(card)
        layout.addWidget(versions_card)
        layout.addStretch(1)
        return page

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

    def _build_rewards(self) -> QWidget:
        page = QWidget()
        card, box = _card()
        self.rewards_heading = _heading()
        self.rewards_hint = _hint()
        self.rewards_table = QTableWidget(0, 6)
        self.rewards_table.setObjectName("rewardsTable")
        self.rewards_table.verticalHeader().hide()
        self.rewards_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rewards_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rewards_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rewards_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.rewards_table.setMinimumHeight(180)
        self.rewards_table.itemSelectionChanged.connect(self._reward_selected)

        self.reward_editor_heading = _heading()
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.reward_name = QLineEdit()
        self.reward_name.setObjectName("rewardName")
        self.reward_name.setMinimumWidth(320)
        self.reward_kind = QComboBox()
        self.reward_kind.setObjectName("rewardKind")
        for code in loyalty.REWARD_KINDS:
            self.reward_kind.addItem("", code)
        self.reward_cost = self._spin("rewardCost", loyalty.MAX_POINTS)
        self.reward_value = QDoubleSpinBox()
        self.reward_value.setObjectName("rewardValue")
        self.reward_value.setRange(0, 1_000_000)
        self.reward_value.setDecimals(2)
        self.reward_value.setPrefix("¥")
        self.reward_value.setMinimumWidth(110)
        self.reward_kind.setMinimumWidth(110)
        self.reward_active = QCheckBox()
        self.reward_active.setObjectName("rewardActive")
        self.reward_active.setChecked(True)
        self.reward_form_labels = [QLabel() for _ in range(5)]
        for label, field in zip(
            self.reward_form_labels,
            (self.reward_name, self.reward_kind, self.reward_cost, self.reward_value,
             self.reward_active),
            strict=True,
        ):  # fmt: skip
            form.addRow(label, field)
        self.add_reward_button = QPushButton()
        self.add_reward_button.setObjectName("addReward")
        self.add_reward_button.clicked.connect(lambda: self.save_reward(new=True))
        self.update_reward_button = QPushButton()
        self.update_reward_button.setObjectName("updateReward")
        self.update_reward_button.setEnabled(False)
        self.update_reward_button.clicked.connect(lambda: self.save_reward(new=False))
        self.rewards_message = _message()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_reward_button)
        buttons.addWidget(self.update_reward_button)
        buttons.addStretch(1)
        box.addWidget(self.rewards_heading)
        box.addWidget(self.rewards_hint)
        box.addWidget(self.rewards_table)
        box.addWidget(self.reward_editor_heading)
        box.addLayout(form)
        box.addLayout(buttons)
        box.addWidget(self.rewards_message)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 12, 8, 8)
        layout.addWidget(card)
        layout.addStretch(1)
        return page

    # ------------------------------------------------------------------ content

    def refresh(self) -> None:
        """Reload every tab from the database."""
        with contextlib.suppress(sqlite3.ProgrammingError):  # closed under a closing window
            self._refresh()

    def _refresh(self) -> None:
        self._dirty = False
        db, today, lang = self.ctx.db, self.today(), _lang()
        versions = loyalty.rule_versions(db)
        current = loyalty.rules_at(db, today)
        upcoming = [v for v in versions if v["effective_from"] > today.isoformat()]
        if current is not None:
            since = next(v for v in versions if v["effective_from"] <= today.isoformat())
            self.status.setObjectName("programmeStatus")
            text = self.tr("The points programme runs under the rules in force since %1.")
            text = text.replace("%1", since["effective_from"])
            if upcoming:
                text += " " + self.tr("The next version applies from %1.").replace(
                    "%1", upcoming[-1]["effective_from"]
                )
            self.status.setText(text)
        else:
            self.status.setObjectName("programmeNotStarted")
            self.status.setText(
                self.tr(
                    "The points programme has not started: set the rules on the Points rules "
                    "tab and save them — points are awarded from their effective date."
                )
            )
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

        # overview
        liab = loyalty.liability(db, today=today)
        self.figures["points"][1].setText(f"{liab['points']:,}")
        self.figures["value"][1].setText(format_fen(liab["value_fen"]))
        self.figures["members"][1].setText(f"{liab['members']:,}")
        self.figures["expiring"][1].setText(f"{liab['expiring_points']:,}")
        self.point_value_spin.setValue(liab["point_value_fen"] / 100)
        tiers = loyalty.list_tiers(db)
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
                f"{liab['tiers'].get(t['code'], 0):,}",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.tier_counts.setItem(r, c, item)

        # rules: the newest version (or the defaults) in the form
        rules = versions[0]["rules"] if versions else loyalty.default_rules(db)
        self._show_rules(rules)
        self.effective_edit.setDate(QDate(today.year, today.month, today.day))
        self.versions.setRowCount(len(versions))
        for r, v in enumerate(versions):
            cells = (
                v["effective_from"],
                self._rules_summary(v["rules"]),
                (v["created_at"] or "")[:16].replace("T", " "),
                v["user_name"] or self.tr("system"),
                v["note"] or "",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if (
                    current is not None
                    and v["rules"] == current
                    and r
                    == versions.index(
                        next(x for x in versions if x["effective_from"] <= today.isoformat())
                    )
                ):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.versions.setItem(r, c, item)
        self.versions.resizeColumnsToContents()

        # tiers
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
                (f"{liab['tiers'].get(t['code'], 0):,}", READ_ONLY),
            )
            for c, (text, flags) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(flags)
                self.tiers_table.setItem(r, c, item)
        self.review_edit.setText(str(settings.get(db, "loyalty_tier_review_date")))

        # rewards
        self._rewards = loyalty.list_rewards(db)
        self.rewards_table.setRowCount(len(self._rewards))
        for r, w in enumerate(self._rewards):
            cells = (
                w["name"],
                labels.word("reward_kind", w["kind"], lang),
                f"{w['cost_points']:,}",
                format_fen(w["value_fen"]),
                self.tr("on") if w["active"] else self.tr("off"),
                f"{w['redeemed']:,}",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not w["active"]:
                    item.setForeground(Qt.GlobalColor.gray)
                self.rewards_table.setItem(r, c, item)
        self._reward_selected()

    def _show_rules(self, rules: loyalty.Rules) -> None:
        self.yuan_per_point.setValue(rules.fen_per_point / 100)
        for code, spin in self.multiplier_spins.items():
            spin.setValue(rules.multiplier(code))
        self.referral_spin.setValue(rules.referral_points)
        self.birthday_spin.setValue(rules.birthday_points)
        self.visit_spin.setValue(rules.visit_points)
        never = rules.expiry_months is None
        self.expiry_combo.setCurrentIndex(1 if never else 0)
        self.expiry_months.setValue(rules.expiry_months or 24)
        self.expiry_months.setEnabled(not never)

    def _rules_summary(self, rules: loyalty.Rules) -> str:
        expiry = (
            self.tr("never expire")
            if rules.expiry_months is None
            else self.tr("expire after %1 months").replace("%1", str(rules.expiry_months))
        )
        return (
            self.tr("¥%1 per point; referral %2, birthday %3, visit %4; %5")
            .replace("%1", f"{rules.fen_per_point / 100:g}")
            .replace("%2", str(rules.referral_points))
            .replace("%3", str(rules.birthday_points))
            .replace("%4", str(rules.visit_points))
            .replace("%5", expiry)
        )

    def rules_from_form(self) -> dict[str, Any]:
        return {
            "fen_per_point": round(self.yuan_per_point.value() * 100),
            "multipliers_pct": {c: s.value() for c, s in self.multiplier_spins.items()},
            "referral_points": self.referral_spin.value(),
            "birthday_points": self.birthday_spin.value(),
            "visit_points": self.visit_spin.value(),
            "expiry_months": None
            if self.expiry_combo.currentData() == "never"
            else self.expiry_months.value(),
        }

    # ------------------------------------------------------------------ actions

    def _notify(self, changes: Changes) -> None:
        self.refresh()
        if changes:
            self.ctx.notify(changes)

    def _rule_field_names(self) -> dict[str, str]:
        return {k: label.text().rstrip("：:") for k, label in self.rule_labels.items()} | {
            "effective_from": self.rule_labels["effective"].text().rstrip("：:"),
            "fen_per_point": self.rule_labels["spend"].text().rstrip("：:"),
            "multipliers_pct": self.rule_labels["multipliers"].text().rstrip("：:"),
            "referral_points": self.rule_labels["referral"].text().rstrip("：:"),
            "birthday_points": self.rule_labels["birthday"].text().rstrip("：:"),
            "visit_points": self.rule_labels["visit"].text().rstrip("：:"),
            "expiry_months": self.rule_labels["expiry"].text().rstrip("：:"),
        }

    def save_rules(self) -> bool:
        qd = self.effective_edit.date()
        effective = dt.date(qd.year(), qd.month(), qd.day())
        try:
            changes = loyalty.save_rules(
                self.ctx.db,
                actor=self.ctx.actor,
                rules=self.rules_from_form(),
                effective_from=effective,
                note=self.rule_note.text(),
                today=self.today(),
            )
        except ValidationError as exc:
            _say(self.rules_message, _errors(exc, self._rule_field_names()))
            return False
        except PermissionDenied:
            _say(self.rules_message, self.tr("Only the owner may change the rules."))
            return False
        self.rule_note.clear()
        self._notify(changes)
        _say(
            self.rules_message,
            self.tr(
                "Saved: the new rules apply from %1; points already earned stay as they are."
            ).replace("%1", effective.isoformat()),
            ok=True,
        )
        return True

    def save_point_value(self) -> bool:
        fen = round(self.point_value_spin.value() * 100)
        changes = settings.set_many(
            self.ctx.db, actor=self.ctx.actor, values={"loyalty_point_value_fen": fen}
        )
        self._notify(changes)
        _say(self.point_value_message, self.tr("Saved."), ok=True)
        return True

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

    def _run(
        self,
        label: str,
        work: Any,
        on_done: Any,
        on_error: Any = None,
    ) -> None:
        """``work(db, on_progress)`` through the task runner (its own connection),
        behind a progress dialog; ``on_done(changes)`` on the GUI thread."""
        self.ctx.runner.run(
            lambda db, on_progress, _should_cancel: work(db, on_progress),
            name="loyalty",
            owner=self,
            progress=label,
            parent=self,
            on_done=on_done,
            on_error=on_error,
        )

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
            _say(
                self.jobs_message,
                self.tr("Past purchases have their points now.")
                if changes
                else self.tr("Every purchase already had its points."),
                ok=True,
            )

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

    def _reward_selected(self) -> None:
        rows = {i.row() for i in self.rewards_table.selectedItems()}
        row = next(iter(rows), None)
        self.update_reward_button.setEnabled(row is not None)
        if row is None or row >= len(self._rewards):
            return
        w = self._rewards[row]
        self.reward_name.setText(w["name"])
        self.reward_kind.setCurrentIndex(self.reward_kind.findData(w["kind"]))
        self.reward_cost.setValue(w["cost_points"])
        self.reward_value.setValue(w["value_fen"] / 100)
        self.reward_active.setChecked(bool(w["active"]))

    def save_reward(self, *, new: bool) -> bool:
        reward_id = None
        if not new:
            rows = {i.row() for i in self.rewards_table.selectedItems()}
            if not rows:
                return False
            reward_id = self._rewards[min(rows)]["id"]
        data = {
            "name": self.reward_name.text(),
            "kind": self.reward_kind.currentData(),
            "cost_points": self.reward_cost.value(),
            "value_fen": round(self.reward_value.value() * 100),
            "active": self.reward_active.isChecked(),
        }
        names = {
            "name": self.reward_form_labels[0].text().rstrip("：:"),
            "kind": self.reward_form_labels[1].text().rstrip("：:"),
            "cost_points": self.reward_form_labels[2].text().rstrip("：:"),
            "value_fen": self.reward_form_labels[3].text().rstrip("：:"),
        }
        try:
            changes = loyalty.save_reward(
                self.ctx.db, actor=self.ctx.actor, data=data, reward_id=reward_id
            )
        except ValidationError as exc:
            _say(self.rewards_message, _errors(exc, names))
            return False
        except PermissionDenied:
            _say(self.rewards_message, self.tr("Only the owner may change the catalogue."))
            return False
        self._notify(changes)
        _say(self.rewards_message, self.tr("Saved."), ok=True)
        return True

    # ------------------------------------------------------------------ Qt

    def on_changes(self, changes: Changes) -> None:
        if not changes.touches(*REFRESH_TABLES):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event: Any) -> None:
        if self._dirty:
            self.refresh()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            with contextlib.suppress(sqlite3.ProgrammingError):  # closed under a closing window
                self.retranslate_ui()
                self.refresh()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Loyalty programme"))
        for i, text in enumerate(
            (self.tr("Overview"), self.tr("Points rules"), self.tr("Tiers"), self.tr("Rewards"))
        ):
            self.tabs.setTabText(i, text)
        # overview
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
        # rules
        self.rules_heading.setText(self.tr("Points rules"))
        self.rules_hint.setText(
            self.tr(
                "The same rules for every clerk. Saving makes a new version that applies "
                "from its effective date: points already earned keep their amount and their "
                "expiry date."
            )
        )
        for key, text in (
            ("spend", self.tr("Spend points:")),
            ("multipliers", self.tr("Tier multiplier:")),
            ("referral", self.tr("Referral points:")),
            ("birthday", self.tr("Birthday points:")),
            ("visit", self.tr("Visit points:")),
            ("expiry", self.tr("Points expire:")),
            ("effective", self.tr("Effective from:")),
            ("note", self.tr("Note:")),
        ):
            self.rule_labels[key].setText(text)
        self.yuan_per_point_before.setText(self.tr("every"))
        self.yuan_per_point_after.setText(self.tr("paid earns 1 point"))
        self.rounding_hint.setText(
            self.tr(
                "Per ticket, on the amount paid: points = paid ÷ amount per point × tier "
                "multiplier, rounded down once (¥95 at 125% with ¥10 per point: 11 points)."
            )
        )
        lang = _lang()
        for t in loyalty.list_tiers(self.ctx.db):
            if t["code"] in self.multiplier_labels:
                self.multiplier_labels[t["code"]].setText(
                    t["name_zh"] if lang == "zh" else t["name_en"]
                )
        self.referral_after.setText(
            self.tr("to the referrer, once, when the new member first buys")
        )
        self.birthday_after.setText(self.tr("once a year, on the birthday"))
        self.visit_after.setText(self.tr("at most once a day, no purchase needed"))
        self.expiry_combo.setItemText(0, self.tr("after (months)"))
        self.expiry_combo.setItemText(1, self.tr("never"))
        self.expiry_after.setText(
            self.tr("at the end of that month; the oldest points are used first")
        )
        self.effective_hint.setText(self.tr("today or later"))
        self.rule_note.setPlaceholderText(self.tr("why the rules change (optional)"))
        self.save_rules_button.setText(self.tr("Save as a new version"))
        self.versions_heading.setText(self.tr("Rule versions"))
        self.versions.setHorizontalHeaderLabels(
            [
                self.tr("Effective from"),
                self.tr("Rules"),
                self.tr("Saved"),
                self.tr("By"),
                self.tr("Note"),
            ]
        )
        # tiers
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
        # rewards
        self.rewards_heading.setText(self.tr("Rewards catalogue"))
        self.rewards_hint.setText(
            self.tr(
                "What members can redeem their points for. A reward that is no longer "
                "offered is switched off, not deleted (redemptions refer to it)."
            )
        )
        self.rewards_table.setHorizontalHeaderLabels(
            [
                self.tr("Reward"),
                self.tr("Kind"),
                self.tr("Points"),
                self.tr("Value"),
                self.tr("Offered"),
                self.tr("Redeemed"),
            ]
        )
        self.reward_editor_heading.setText(self.tr("Add or change a reward"))
        for label, text in zip(
            self.reward_form_labels,
            (
                self.tr("Name:"),
                self.tr("Kind:"),
                self.tr("Points needed:"),
                self.tr("Value:"),
                self.tr("Offered:"),
            ),
            strict=True,
        ):
            label.setText(text)
        for i, code in enumerate(loyalty.REWARD_KINDS):
            self.reward_kind.setItemText(i, labels.word("reward_kind", code, lang))
        self.reward_name.setPlaceholderText(self.tr("e.g. ¥20 off coupon, scarf, ¥100 voucher"))
        self.add_reward_button.setText(self.tr("Add as new reward"))
        self.update_reward_button.setText(self.tr("Save changes to the selected reward"))


class DailyJobs(QObject):
    """The loyalty programme's start-up and daily job (``app.loyalty.run_daily``: expiry,
    birthday points, the tier review) off the GUI thread: once now, then every
    ``interval_ms`` (the job itself acts once a day), each run through the task runner
    (its own connection); what changed reaches ``ctx.notify`` on the GUI thread."""

    done = Signal(object)  # app.core.Changes, after ctx.notify had them

    KEY = "loyalty-daily"

    def __init__(
        self, ctx: AppContext, parent: QObject | None = None, *, interval_ms: int = 3_600_000
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run)
        self.timer.start()
        QTimer.singleShot(0, self.run)

    def run(self) -> None:
        if self.ctx.runner.running(self.KEY):
            return
        self.ctx.runner.run(
            self._work,
            name="loyalty-daily",
            key=self.KEY,
            owner=self,
            changes=lambda changes: changes,
            on_done=self.done.emit,
        )

    def wait(self, timeout: float | None = None) -> None:
        """Join the running job's thread (tests)."""
        self.ctx.runner.wait(timeout)

    @staticmethod
    def _work(db: Any, _progress: Any, _cancel: Any) -> Changes:
        try:
            return loyalty.run_daily(db, actor=SYSTEM)  # a scheduled job
        except Exception:  # logged; the next run tries again
            log.exception("the loyalty daily job failed")
            return Changes()


def start_daily_jobs(ctx: AppContext, parent: QObject | None = None) -> DailyJobs:
    """Run the loyalty daily job now and keep running it (the main window calls this
    once at start-up)."""
    return DailyJobs(ctx, parent)


def create(ctx: AppContext) -> QWidget:
    return LoyaltyPage(ctx)
