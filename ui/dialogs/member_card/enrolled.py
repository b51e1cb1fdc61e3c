"""The 办卡导购 picker of the card's Archive tab (issue #19): who enrolled the member.
Active staff, clerks first (``app.users.list_staff``), plus the stored clerk even when
the account is no longer active, and "—" for unknown. A new card starts at the signed-in
user, who is the one enrolling the customer at the counter."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from app import users


class EnrolledByCombo(QComboBox):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("field_enrolled_by")
        self._ctx = ctx  # its actor changes when another clerk switches in by PIN

    def fill(self, stored: int | None, *, new: bool) -> None:
        """The staff list with ``stored`` chosen (a new card: the signed-in user)."""
        self.blockSignals(True)
        self.clear()
        self.addItem("—", None)
        staff = users.list_staff(self._ctx.db, active_only=False)
        for u in staff:
            if u["active"] or u["id"] == stored:
                self.addItem(u["display_name"], u["id"])
        wanted = self._ctx.actor.user_id if new else stored
        i = self.findData(wanted) if wanted is not None else 0
        self.setCurrentIndex(max(i, 0))
        self.blockSignals(False)

    def current_id(self) -> int | None:
        value = self.currentData()
        return int(value) if value is not None else None
