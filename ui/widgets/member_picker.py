"""MemberPicker: find a member as you type and pick one (the card's "Referred by", the
merge dialog, the complaint and survey dialogs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from app import search
from app.normalize import mask_phone
from ui.context import AppContext

SEARCH_DELAY_MS = 150
USER_ROLE = int(Qt.ItemDataRole.UserRole)


class MemberPicker(QWidget):
    """Find a member as you type (``app.search.search``) and pick one.

    ``picked(member_id or None)`` fires when a member is chosen or the choice is
    cleared by editing the text. Down opens the list; Enter takes the highlighted one.
    """

    picked = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        exclude: Callable[[], set[int]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._exclude = exclude or set
        self._member_id: int | None = None
        self._results: list[dict[str, Any]] = []
        self.edit = QLineEdit()
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(
            QCoreApplication.translate("MemberPicker", "type a name, initials or phone digits")
        )
        self.list_model = QStandardItemModel(self)
        self.completer = QCompleter(self.list_model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(10)
        self.completer.setWidget(self.edit)
        self.completer.activated[QModelIndex].connect(self._activated)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.search_now)
        self.edit.textEdited.connect(self._edited)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def member_id(self) -> int | None:
        return self._member_id

    def results(self) -> list[dict[str, Any]]:
        return list(self._results)

    @staticmethod
    def describe(row: dict[str, Any]) -> str:
        parts = [row.get("member_no") or "", row.get("name") or ""]
        if row.get("phone"):
            parts.append(mask_phone(row["phone"]))
        return "  ".join(p for p in parts if p)

    def set_member(self, member_id: int | None, text: str = "") -> None:
        """Show ``member_id`` as chosen (no signal)."""
        self._member_id = member_id
        self.edit.setText(text if member_id is not None else "")

    def _edited(self, _text: str) -> None:
        if self._member_id is not None:
            self._member_id = None
            self.picked.emit(None)
        self.timer.start()

    def search_now(self) -> None:
        self.timer.stop()
        text = self.edit.text().strip()
        excluded = self._exclude()
        rows = search.search(self.ctx.db, text, actor=self.ctx.actor, limit=12) if text else []
        self._results = [r for r in rows if r["id"] not in excluded][:10]
        self.list_model.clear()
        for row in self._results:
            item = QStandardItem(self.describe(row))
            item.setData(row["id"], USER_ROLE)
            self.list_model.appendRow(item)
        if self._results and self.edit.hasFocus():
            self.completer.complete()
        elif not self._results:
            self.completer.popup().hide()

    def choose_row(self, row: int) -> None:
        """Pick the ``row``-th result (what clicking it in the list does)."""
        if 0 <= row < len(self._results):
            chosen = self._results[row]
            self._member_id = int(chosen["id"])
            self.edit.setText(self.describe(chosen))
            self.completer.popup().hide()
            self.picked.emit(self._member_id)

    def _activated(self, index: QModelIndex) -> None:
        member_id = index.data(USER_ROLE)
        for row, result in enumerate(self._results):
            if result["id"] == member_id:
                # After QCompleter has put the item's text in: ours wins.
                QTimer.singleShot(0, lambda row=row: self.choose_row(row))
                return
