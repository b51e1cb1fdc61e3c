"""The member card (会员卡片): one member's header figures, archive, purchases and
contacts, in a non-modal window the clerk keeps open beside the list.

* Header: name, member no., tier, total spend, visits, last purchase, points, next
  birthday (a lunar one as ``农历八月十五 → 2027-09-15``), open complaints.
* Tabs: Archive (every field of the 顾客档案, edited in place, saved with Ctrl+S),
  Purchases (tickets with their lines and returns; a Return button per ticket) and
  Contacts (the contact log; Log contact).
* Saving calls ``app.members.create_member``/``update_member``; every ``FieldError``
  is shown in red under its field, which is outlined (nothing is written while any
  field is wrong — the app guarantees it). A duplicate phone links to the member who
  has it.
* A new member is the same card, empty; after the first save it is that member's card.
* Merge duplicate…: pick the other card, compare both side by side, confirm; the other
  card's history moves here (``app.merge.merge_members``, keep = this card).

When a purchase, return or contact dialog opened from the card is accepted, it has
already notified the changes. Open cards hear about changes through :func:`broadcast`,
which the main window calls for every change whichever pages were built, and reload
what they show; unsaved edits in the archive are kept.

Modules: ``registry`` (open cards, the spare card, open/close/broadcast), ``dialog``
(the window), ``header``, ``archive`` (+ ``fields``), ``history`` (purchases and
contacts tabs), ``merge``; ``common`` holds the shared context and date formats.
"""

from ui.dialogs.member_card.dialog import MemberCardDialog
from ui.dialogs.member_card.fields import (
    FAM_CALENDAR,
    FAM_DATE,
    FAM_LEAP,
    FAM_NAME,
    FAM_NOTE,
    FAM_RELATION,
)
from ui.dialogs.member_card.merge import MergeDialog
from ui.dialogs.member_card.registry import (
    broadcast,
    close_all,
    open_cards,
    open_member_card,
    prepare_spare,
)

__all__ = [
    "FAM_CALENDAR",
    "FAM_DATE",
    "FAM_LEAP",
    "FAM_NAME",
    "FAM_NOTE",
    "FAM_RELATION",
    "MemberCardDialog",
    "MergeDialog",
    "broadcast",
    "close_all",
    "open_cards",
    "open_member_card",
    "prepare_spare",
]
