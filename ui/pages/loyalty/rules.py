"""The loyalty page's Points rules tab: the form for a new version of the rules from an
effective date, and the versions so far.

The first version asks from which day history earns points: the first purchase on
record (the default) or a day chosen; after saving, the Overview tab's backfill awards
those sales. Every later version says, before it is saved, that it does not rewrite
history (points already earned keep their amount and expiry; app.loyalty refuses a
past date once points exist).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import loyalty
from app.core import PermissionDenied, ValidationError
from ui.pages.loyalty.common import (
    _card,
    _errors,
    _heading,
    _hint,
    _lang,
    _message,
    _say,
)


class RulesTab:
    """Mixed into :class:`~ui.pages.loyalty.page.LoyaltyPage` (its widgets are the page's)."""

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
        # the first version only: from which day do past sales earn points?
        self.history_first = QRadioButton()
        self.history_first.setObjectName("historyFromFirstPurchase")
        self.history_chosen = QRadioButton()
        self.history_chosen.setObjectName("historyFromChosenDay")
        self.history_group = QButtonGroup(page)
        self.history_group.addButton(self.history_first)
        self.history_group.addButton(self.history_chosen)
        self.history_first.toggled.connect(lambda _on: self._history_mode_changed())
        self._history_day: dt.date | None = None
        history_row = QHBoxLayout()
        history_row.setSpacing(16)
        history_row.addWidget(self.history_first)
        history_row.addWidget(self.history_chosen)
        history_row.addStretch(1)
        self.history_row = QWidget()
        self.history_row.setLayout(history_row)
        history_row.setContentsMargins(0, 0, 0, 0)
        add("history", self.history_row)
        self.effective_edit.dateChanged.connect(lambda _d: self._show_history_notice())
        self.rule_note = QLineEdit()
        self.rule_note.setObjectName("ruleNote")
        add("note", self.rule_note)

        self.save_rules_button = QPushButton()
        self.save_rules_button.setObjectName("saveRules")
        self.save_rules_button.clicked.connect(self.save_rules)
        self.rules_message = _message()
        self.history_notice = _hint()
        self.history_notice.setObjectName("historyNotice")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_rules_button)
        buttons.addStretch(1)
        box.addWidget(self.rules_heading)
        box.addWidget(self.rules_hint)
        box.addLayout(form)
        box.addWidget(self.history_notice)
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

    def _fill_rules(
        self, db: Any, versions: list[dict[str, Any]], current: Any, today: dt.date
    ) -> None:
        """The newest version (or the defaults) in the form, and the versions."""
        rules = versions[0]["rules"] if versions else loyalty.default_rules(db)
        self._show_rules(rules)
        self._first_version = not versions
        self._history_day = loyalty.history_start(db) if not versions else None
        start = self._history_day if self._history_day is not None else today
        self.effective_edit.setDate(QDate(start.year, start.month, start.day))
        has_history = self._history_day is not None and self._history_day < today
        self.history_row.setVisible(has_history)
        self.rule_labels["history"].setVisible(has_history)
        self.history_first.setChecked(True)
        self._history_mode_changed()
        self._history_texts()
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

    def _history_mode_changed(self) -> None:
        """The first version: "the first purchase on record" fixes the date to it."""
        first = self._history_day
        fixed = not self.history_row.isHidden() and self.history_first.isChecked()
        if fixed and first is not None:
            self.effective_edit.setDate(QDate(first.year, first.month, first.day))
        self.effective_edit.setEnabled(not fixed)
        self._show_history_notice()

    def _history_texts(self) -> None:
        first = self._history_day.isoformat() if self._history_day else ""
        self.history_first.setText(
            self.tr("the first purchase on record (%1)").replace("%1", first)
        )
        self.history_chosen.setText(self.tr("a day I choose (above)"))
        self._show_history_notice()

    def _effective_day(self) -> dt.date:
        qd = self.effective_edit.date()
        return dt.date(qd.year(), qd.month(), qd.day())

    def _show_history_notice(self) -> None:
        """What saving will do to history, said before saving."""
        day = self._effective_day().isoformat()
        if getattr(self, "_first_version", True):
            if self._history_day is not None and self._effective_day() <= self.today():
                text = self.tr(
                    "Sales from %1 on earn points by these rules. After saving, award them "
                    "with “Award points for past purchases” on the Overview tab; sales before "
                    "%1 earn nothing."
                )
            else:
                text = self.tr("Sales from %1 on earn points by these rules.")
        else:
            text = self.tr(
                "A new version does not rewrite history: points already earned keep their "
                "amount and expiry date, and these rules apply to sales from %1 on (today "
                "or later)."
            )
        self.history_notice.setText(text.replace("%1", day))

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
        effective = self._effective_day()
        first_version = getattr(self, "_first_version", False)
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
        if first_version and effective < self.today():
            text = self.tr(
                "Saved: sales from %1 on earn points by these rules. Award the past ones with "
                "“Award points for past purchases” on the Overview tab."
            )
        else:
            text = self.tr(
                "Saved: the new rules apply from %1; points already earned stay as they are."
            )
        _say(self.rules_message, text.replace("%1", effective.isoformat()), ok=True)
        return True

    def _retranslate_rules(self) -> None:
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
            ("history", self.tr("Past sales earn from:")),
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
        self.effective_hint.setText(
            self.tr("the first version may start in the past; later ones today or later")
        )
        self._history_texts()
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
