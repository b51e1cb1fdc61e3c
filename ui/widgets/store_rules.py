"""The store's rules on the settings page (店铺规则): the numbers the owner may change —
call-list lead and overdue days, win-back call days, which tiers get festival
greetings, when a customer counts as new, dormant or lost, the pyramid's layers, the
CLV inputs (margin, discount rate, horizon, acquisition cost), when a complaint is
overdue, the win-back window, the backup interval and how many backups are kept —
drawn from ``app.settings.EDITABLE`` (its words, limits and checks are
there, not here). Only the owner (``RULES``) edits; other roles see the card read-only."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import member_form, settings
from app.core import Changes, PermissionDenied, ValidationError
from app.permissions import RULES, allowed
from ui import i18n
from ui.context import AppContext


class StoreRulesCard(QFrame):
    """One form of every editable setting, grouped, with Save."""

    saved = Signal(object)  # app.core.Changes

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("card")
        self.editable = allowed(ctx.actor, RULES)
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.fields: dict[str, QWidget] = {}
        self.tier_boxes: dict[str, dict[str, QCheckBox]] = {}
        self.tier_names: dict[str, tuple[str, str]] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        self.group_labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(6)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        group = None
        for spec in settings.EDITABLE:
            if spec.group != group:
                group = spec.group
                title = QLabel()
                title.setObjectName("formGroup")  # bold: resources/style.qss
                self.group_labels[group] = title
                form.addRow(title)
            field = self._make_field(spec)
            field.setObjectName(f"rule_{spec.key}")
            field.setEnabled(self.editable)
            error = QLabel()
            error.setObjectName("fieldError")
            error.setProperty("error", "true")  # red: resources/style.qss
            error.hide()
            row = QHBoxLayout()
            row.addWidget(field)
            row.addWidget(error, 1)
            label = QLabel()
            self.fields[spec.key] = field
            self.labels[spec.key] = label
            self.errors[spec.key] = error
            form.addRow(label, row)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveRules")
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(self.editable)
        self.message = QLabel()
        self.message.setObjectName("rulesMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.message, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 16, 20, 16)
        box.addWidget(self.heading)
        box.addWidget(self.hint)
        box.addLayout(form)
        box.addLayout(buttons)
        self.load()
        self.retranslate_ui()

    def _make_field(self, spec: settings.Editable) -> QWidget:
        field: QWidget
        if spec.kind in ("int", "yuan"):
            spin = QSpinBox()
            spin.setRange(spec.low, spec.high)
            spin.setMinimumWidth(110)
            spin.setGroupSeparatorShown(spec.kind == "yuan")
            field = spin
        elif spec.kind == "pct":
            dspin = QDoubleSpinBox()
            dspin.setRange(spec.low, spec.high)
            dspin.setDecimals(1)
            dspin.setSuffix(" %")
            dspin.setMinimumWidth(110)
            field = dspin
        elif spec.kind == "tiers":
            field = QWidget()
            row = QHBoxLayout(field)
            row.setContentsMargins(0, 0, 0, 0)
            boxes: dict[str, QCheckBox] = {}
            for code in self._tier_codes():
                box = QCheckBox()
                box.setObjectName(f"rule_{spec.key}_{code}")
                boxes[code] = box
                row.addWidget(box)
            self.tier_boxes[spec.key] = boxes
        else:  # text, days
            line = QLineEdit()
            line.setMaxLength(spec.high if spec.kind == "text" else 40)
            line.setMinimumWidth(220 if spec.kind == "text" else 110)
            field = line
        return field

    def _tier_codes(self) -> list[str]:
        """The tiers, read once (their names are kept for retranslating)."""
        tiers = member_form.tier_choices(self.ctx.db)
        self.tier_names = {t["code"]: (t["name_zh"], t["name_en"]) for t in tiers}
        return list(self.tier_names)

    def load(self) -> None:
        """Show the stored values."""
        for key, value in settings.editable_values(self.ctx.db).items():
            field = self.fields[key]
            if isinstance(field, QSpinBox):
                field.setValue(int(value))
            elif isinstance(field, QDoubleSpinBox):
                field.setValue(float(value))
            elif key in self.tier_boxes:
                for code, box in self.tier_boxes[key].items():
                    box.setChecked(code in value)
            elif isinstance(value, list):
                assert isinstance(field, QLineEdit)
                field.setText(", ".join(str(v) for v in value))
            else:
                assert isinstance(field, QLineEdit)
                field.setText(str(value or ""))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, field in self.fields.items():
            if isinstance(field, QSpinBox | QDoubleSpinBox):
                out[key] = field.value()
            elif key in self.tier_boxes:
                out[key] = [c for c, box in self.tier_boxes[key].items() if box.isChecked()]
            else:
                assert isinstance(field, QLineEdit)
                out[key] = field.text()
        return out

    def save(self) -> bool:
        """Save what changed; every refused field says why beside it, nothing is saved."""
        lang = i18n.current_language()
        for error in self.errors.values():
            error.hide()
        try:
            changes = settings.save_rules(self.ctx.db, actor=self.ctx.actor, values=self.values())
        except ValidationError as exc:
            for e in exc.errors:
                label = self.errors.get(e.field)
                if label is not None:
                    label.setText(e.message(lang))
                    label.show()
            self.message.setText(self.tr("Not saved: see the marked fields."))
            return False
        except PermissionDenied:
            self.message.setText(self.tr("Only the owner may change the store's rules."))
            return False
        self.message.setText(self.tr("Saved.") if changes else self.tr("Nothing changed."))
        if changes:
            self.ctx.notify(changes)
            self.saved.emit(changes)
        return True

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("settings"):
            self.load()

    def retranslate_ui(self) -> None:
        lang = i18n.current_language()
        self.heading.setText(self.tr("Store rules"))
        self.hint.setText(
            self.tr("These numbers apply to everyone; only the owner can change them.")
            if not self.editable
            else self.tr(
                "These numbers apply to everyone at once; each change is logged. Several "
                "win-back days are separated by commas."
            )
        )
        for key, title in self.group_labels.items():
            zh, en = settings.GROUPS[key]
            title.setText(zh if lang == "zh" else en)
        for spec in settings.EDITABLE:
            self.labels[spec.key].setText(spec.label(lang) + ("：" if lang == "zh" else ":"))
        for boxes in self.tier_boxes.values():
            for code, box in boxes.items():
                zh_en = self.tier_names.get(code, (code, code))
                box.setText(zh_en[0] if lang == "zh" else zh_en[1])
        self.save_button.setText(self.tr("Save rules"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
