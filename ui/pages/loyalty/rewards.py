"""The loyalty page's Rewards tab: the redemption catalogue with point costs; a reward is
switched off rather than deleted.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
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

from app import labels, loyalty
from app.core import PermissionDenied, ValidationError
from app.normalize import format_fen
from ui.pages.loyalty.common import (
    _card,
    _errors,
    _heading,
    _hint,
    _lang,
    _message,
    _say,
)


class RewardsTab:
    """Mixed into :class:`~ui.pages.loyalty.page.LoyaltyPage` (its widgets are the page's)."""

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

    def _fill_rewards(self, db: Any, lang: str) -> None:
        """The catalogue."""
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

    def _retranslate_rewards(self) -> None:
        lang = _lang()
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
