"""Merge duplicate…: pick the other card of the same customer, compare both side by
side, confirm (``app.merge.merge_members`` is called by the card)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app import member_form, search
from app.normalize import format_fen, mask_phone
from ui.context import AppContext
from ui.dialogs.member_card.common import _date, _lang
from ui.widgets.member_picker import MemberPicker


class MergeDialog(QDialog):
    """Pick the duplicate, compare both cards side by side, confirm."""

    def __init__(self, ctx: AppContext, keep_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.keep_id = keep_id
        self.setObjectName("mergeDialog")
        self.setWindowTitle(self.tr("Merge duplicate member"))
        self.setMinimumWidth(620)
        intro = QLabel(
            self.tr(
                "Pick the other card of the same customer. Its purchases, contacts, points, "
                "family and tags move to this card, empty fields here are filled from it, "
                "and the other card is deleted. This cannot be undone."
            )
        )
        intro.setWordWrap(True)
        self.picker = MemberPicker(ctx, self, exclude=lambda: {keep_id})
        self.picker.setObjectName("mergePicker")
        self.picker.picked.connect(self._picked)
        self.compare = QGridLayout()
        self.compare.setHorizontalSpacing(24)
        self.compare.setVerticalSpacing(6)
        compare_box = QFrame()
        compare_box.setObjectName("card")
        compare_box.setLayout(self.compare)
        self.buttons = QDialogButtonBox()
        self.merge_button = self.buttons.addButton(
            self.tr("Merge into this card"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.merge_button.setObjectName("primary")
        self.merge_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.picker)
        layout.addWidget(compare_box)
        layout.addWidget(self.buttons)
        self._show_comparison(None)

    def remove_id(self) -> int | None:
        return self.picker.member_id()

    def pick(self, member_id: int) -> None:
        """Choose ``member_id`` as the duplicate (as picking it in the list does)."""
        rows = search.fetch_rows(self.ctx.db, [member_id], actor=self.ctx.actor)
        if member_id in rows and member_id != self.keep_id:
            self.picker.set_member(member_id, MemberPicker.describe(rows[member_id]))
            self._picked(member_id)

    def _picked(self, member_id: int | None) -> None:
        self.merge_button.setEnabled(member_id is not None and member_id != self.keep_id)
        self._show_comparison(member_id)

    def _show_comparison(self, other_id: int | None) -> None:
        while self.compare.count():
            item = self.compare.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()  # deleteLater() is deferred: it would still be painted
                widget.deleteLater()
        ids = [self.keep_id] + ([other_id] if other_id is not None else [])
        rows = search.fetch_rows(self.ctx.db, ids, actor=self.ctx.actor)
        lang = _lang()
        tiers = member_form.tier_names(member_form.tier_choices(self.ctx.db), lang)
        lines: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
            (self.tr("Member no."), lambda r: r["member_no"]),
            (self.tr("Name"), lambda r: r["name"]),
            (self.tr("Phone"), lambda r: mask_phone(r["phone"])),
            (
                self.tr("Birthday"),
                lambda r: member_form.birthday_text(
                    r["birthday"], r["birthday_calendar"], r["birthday_leap"], lang
                ),
            ),
            (self.tr("Tier"), lambda r: tiers.get(r["tier"], r["tier"])),
            (self.tr("Visits"), lambda r: str(r["visits"])),
            (self.tr("Total spend"), lambda r: format_fen(r["total_paid_fen"])),
            (self.tr("Last purchase"), lambda r: _date(r["last_purchase_at"])),
        ]
        heads = [self.tr("Keep (this card)"), self.tr("Merge in and delete")]
        for col, text in enumerate(heads[: len(ids)], start=1):
            head = QLabel(text)
            head.setObjectName("sectionTitle")
            self.compare.addWidget(head, 0, col)
        for line, (caption, getter) in enumerate(lines, start=1):
            cap = QLabel(caption)
            cap.setObjectName("figureCaption")
            self.compare.addWidget(cap, line, 0)
            for col, member_id in enumerate(ids, start=1):
                row = rows.get(member_id)
                self.compare.addWidget(QLabel(getter(row) if row else "—"), line, col)
        if other_id is None:
            hint = QLabel(self.tr("No member picked yet."))
            hint.setObjectName("hint")
            self.compare.addWidget(hint, 1, 2, len(lines), 1)
