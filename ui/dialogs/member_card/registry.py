"""The cards open now and the spare one: open a member's card (raising the one already
open), close them all, tell them all what changed.

One closed card is kept (hidden) and refilled for the next member: building the window
is most of the cost of opening a card, and the counter opens one after another.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import QWidget

from app.core import Changes
from ui.context import AppContext

if TYPE_CHECKING:
    from ui.dialogs.member_card.dialog import MemberCardDialog

log = logging.getLogger(__name__)

_cards: list[MemberCardDialog] = []
_spare: list[MemberCardDialog] = []


def register(card: MemberCardDialog) -> None:
    """``card`` shows a member now (called by the card when built or reused)."""
    _cards.append(card)


def closed(card: MemberCardDialog) -> None:
    """``card`` was closed: kept hidden as the spare, or deleted when there is one."""
    if card in _cards:
        _cards.remove(card)
    if not _spare:
        _spare.append(card)  # hidden, refilled by the next open_member_card
    else:
        card.deleteLater()


def open_cards() -> list[MemberCardDialog]:
    """The cards open now (a card deleted with its parent window drops out)."""
    _cards[:] = [card for card in _cards if shiboken6.isValid(card)]
    return list(_cards)


def open_member_card(
    ctx: AppContext,
    member_id: int | None,
    parent: QWidget | None = None,
    *,
    today: dt.date | None = None,
) -> MemberCardDialog:
    """Show the card of ``member_id`` (a new, empty card for None), raising the one
    already open for that member instead of opening a second."""
    from ui.dialogs.member_card.dialog import MemberCardDialog  # the card registers here

    if member_id is not None:
        for card in open_cards():
            if card.member_id == member_id:
                card.show()
                card.raise_()
                card.activateWindow()
                return card
    card = _take_spare(ctx, parent)
    if card is not None:
        card.reuse(member_id, today=today)
    else:
        card = MemberCardDialog(ctx, member_id, parent, today=today)
    card.show()
    card.raise_()
    card.activateWindow()
    return card


def prepare_spare(ctx: AppContext, parent: QWidget | None = None) -> None:
    """Build a hidden card ahead of time (the members page does this once it is idle),
    so the first card of the day opens as fast as the ones after it."""
    from ui.dialogs.member_card.dialog import MemberCardDialog  # the card registers here

    if any(shiboken6.isValid(c) and c.ctx is ctx for c in _spare):
        return
    card = MemberCardDialog(ctx, None, parent)
    card.ensurePolished()
    card.adjustSize()
    _cards.remove(card)
    _spare.append(card)


def _take_spare(ctx: AppContext, parent: QWidget | None) -> MemberCardDialog | None:
    while _spare:
        card = _spare.pop()
        if shiboken6.isValid(card) and card.ctx is ctx and card.parentWidget() is parent:
            return card
        if shiboken6.isValid(card):
            card.deleteLater()  # another store or window: not reusable
    return None


def close_all() -> bool:
    """Close every open card (unsaved edits asked about, as on Esc) and drop the spare,
    e.g. before another user signs in (a card keeps its user's permissions). False when
    a card stayed open (the user chose Cancel)."""
    for card in open_cards():
        card.reject()
    while _spare:
        card = _spare.pop()
        if shiboken6.isValid(card):
            card.deleteLater()
    return not open_cards()


def broadcast(changes: Changes) -> None:
    """Tell every open card what changed (they reload if it concerns them)."""
    for card in open_cards():
        try:
            card.on_changes(changes)
        except Exception:
            log.exception("member card failed to refresh")
