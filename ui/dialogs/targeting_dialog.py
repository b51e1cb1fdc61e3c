"""Target lists (目标名单): pick members by what they bought or prefer and who they are,
count them (on the worker: it reads purchases), save the list, put it on the day's plan
with a purpose, and see each list's result (who bought within 30 days)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import labels, users
from app.core import PermissionDenied, ValidationError
from app.normalize import format_fen
from app.plan import targeting
from ui import i18n
from ui.context import AppContext
from ui.widgets.form_kit import error_label, set_error

RESULT_DAYS = 30
PURPOSES = ("new_arrivals", "promotion", "other")


class TargetingDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = dt.date.today()
        self.setObjectName("targetingDialog")
        self.resize(1100, 640)
        lang = i18n.current_language()
        self.category, self.size, self.colour, self.brand, self.tags = (
            QLineEdit() for _ in range(5)
        )
        self.price_min, self.price_max = QSpinBox(), QSpinBox()
        for spin in (self.price_min, self.price_max):
            spin.setRange(0, 100_000)
            spin.setSuffix(" ¥")
        self.months = QSpinBox()
        self.months.setRange(1, 60)
        self.months.setValue(12)
        self.tier = QComboBox()
        self.tier.addItem("", "")
        for code, names in users.tier_names(ctx.db).items():
            self.tier.addItem(users.tier_name({code: names}, code, lang), code)
        self.layer = QComboBox()
        self.layer.addItem("", "")
        for code in labels.choices("pyramid_layer"):
            self.layer.addItem(labels.word("pyramid_layer", code, lang), code)
        self.birthday = QComboBox()
        self.birthday.addItem("", 0)
        for m in range(1, 13):
            self.birthday.addItem(str(m), m)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        self.preview_button = QPushButton()
        self.preview_button.clicked.connect(self.preview)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("listName")
        self.name_error = error_label()
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)

        self.form = QFormLayout()
        self.form_labels: list[tuple[QLabel, str]] = []
        for widget, text in (
            (self.category, "Category bought:"),
            (self.size, "Size (bought or worn):"),
            (self.colour, "Colour (bought or liked):"),
            (self.brand, "Brand liked:"),
            (self.price_min, "Unit price from:"),
            (self.price_max, "Unit price up to (0 = any):"),
            (self.months, "Bought in the last months:"),
            (self.tier, "Tier:"),
            (self.layer, "Pyramid layer:"),
            (self.tags, "Tags (comma-separated):"),
            (self.birthday, "Birthday month:"),
            (self.name_edit, "List name:"),
        ):
            label = QLabel()
            self.form_labels.append((label, text))
            self.form.addRow(label, widget)
        self.form.addRow("", self.name_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.count_label, 1)

        self.table = QTableWidget(0, 5)
        self.table.setObjectName("targetLists")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.purpose = QComboBox()
        for code in PURPOSES:
            self.purpose.addItem(labels.word("purpose", code, lang), code)
        self.plan_button = QPushButton()
        self.plan_button.clicked.connect(self.put_on_plan)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        plan_row = QHBoxLayout()
        plan_row.addWidget(self.purpose)
        plan_row.addWidget(self.plan_button)
        plan_row.addStretch(1)

        left = QVBoxLayout()
        left.addLayout(self.form)
        left.addLayout(buttons)
        left.addStretch(1)
        right = QVBoxLayout()
        self.lists_title = QLabel()
        self.lists_title.setObjectName("sectionTitle")
        right.addWidget(self.lists_title)
        right.addWidget(self.table, 1)
        right.addLayout(plan_row)
        right.addWidget(self.status)
        body = QHBoxLayout()
        body.addLayout(left, 0)
        body.addLayout(right, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        self.retranslate_ui()
        self.load_lists()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Target lists"))
        texts = (
            self.tr("Category bought:"),
            self.tr("Size (bought or worn):"),
            self.tr("Colour (bought or liked):"),
            self.tr("Brand liked:"),
            self.tr("Unit price from:"),
            self.tr("Unit price up to (0 = any):"),
            self.tr("Bought in the last months:"),
            self.tr("Tier:"),
            self.tr("Pyramid layer:"),
            self.tr("Tags (comma-separated):"),
            self.tr("Birthday month:"),
            self.tr("List name:"),
        )
        for (label, _key), text in zip(self.form_labels, texts, strict=True):
            label.setText(text)
        self.preview_button.setText(self.tr("Count members"))
        self.save_button.setText(self.tr("Save list"))
        self.plan_button.setText(self.tr("Put on today's plan"))
        self.lists_title.setText(self.tr("Saved lists"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("List"),
                self.tr("Purpose"),
                self.tr("Since"),
                self.tr("Members"),
                self.tr("Bought within 30 days"),
            ]
        )

    def criteria(self) -> dict[str, Any]:
        tags = [t.strip() for t in self.tags.text().replace("，", ",").split(",") if t.strip()]
        return {
            "category": self.category.text().strip(),
            "size": self.size.text().strip(),
            "colour": self.colour.text().strip(),
            "brand": self.brand.text().strip(),
            "price_min_fen": self.price_min.value() * 100 or None,
            "price_max_fen": self.price_max.value() * 100 or None,
            "months": self.months.value(),
            "tiers": [self.tier.currentData()] if self.tier.currentData() else [],
            "layers": [self.layer.currentData()] if self.layer.currentData() else [],
            "tags": tags,
            "birthday_month": self.birthday.currentData() or None,
        }

    def preview(self) -> None:
        criteria, today = self.criteria(), self.today

        def work(conn: Any, _p: Any, _c: Any) -> int:
            return len(targeting.find_members(conn, criteria, today=today))

        self.count_label.setText(self.tr("Counting…"))
        self.ctx.runner.run(
            work,
            name="target-count",
            key=("target-count", id(self)),
            owner=self,
            on_done=lambda n: self.count_label.setText(
                self.tr("%1 members match.").replace("%1", f"{n:,}")
            ),
            on_error=lambda exc: self.count_label.setText(str(exc)),
        )

    def save(self) -> bool:
        lang = i18n.current_language()
        set_error(self.name_error, self.name_edit, "")
        try:
            changes = targeting.save_list(
                self.ctx.db,
                actor=self.ctx.actor,
                name=self.name_edit.text(),
                criteria=self.criteria(),
            )
        except ValidationError as exc:
            set_error(
                self.name_error, self.name_edit, "；".join(e.message(lang) for e in exc.errors)
            )
            return False
        except PermissionDenied as exc:
            self.status.setText(str(exc))
            return False
        self.ctx.notify(changes)
        self.load_lists()
        return True

    def load_lists(self) -> None:
        lang = i18n.current_language()
        self.lists = targeting.list_targets(self.ctx.db)
        self.table.setRowCount(len(self.lists))
        for row, t in enumerate(self.lists):
            result = targeting.campaign_result(self.ctx.db, t["id"], days=RESULT_DAYS)
            bought = (
                f"{result['bought']:,} / {result['members']:,}（{format_fen(result['paid_fen'])}）"
                if t["planned_at"]
                else "—"
            )
            cells = (
                t["name"],
                labels.word("purpose", t["purpose"], lang) if t["purpose"] else "—",
                t["due"] or "—",
                f"{len(t['member_ids']):,}" if t["planned_at"] else "—",
                bought,
            )
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if self.lists and self.table.currentRow() < 0:
            self.table.selectRow(len(self.lists) - 1)

    def put_on_plan(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.lists):
            return
        list_id, purpose, today = self.lists[row]["id"], self.purpose.currentData(), self.today
        actor = self.ctx.actor

        def work(conn: Any, _p: Any, _c: Any) -> Any:
            return targeting.put_on_plan(
                conn, actor=actor, list_id=list_id, purpose=purpose, due=today
            )

        self.ctx.runner.run(
            work,
            name="target-plan",
            key=("target-plan", id(self)),
            owner=self,
            changes=lambda changes: changes,
            on_done=lambda _c: (self.load_lists(), self.status.setText(self.tr("On the plan."))),
            on_error=lambda exc: self.status.setText(str(exc)),
        )
