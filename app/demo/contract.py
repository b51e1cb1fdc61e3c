"""The demo store's public contract: what ``generate`` returns or raises, and its sizes."""

from __future__ import annotations

from dataclasses import dataclass


class Cancelled(Exception):
    """``should_cancel()`` asked to stop; the transaction was rolled back."""


@dataclass(frozen=True)
class DemoSummary:
    members: int
    purchases: int
    items: int
    contacts: int
    complaints: int
    surveys: int
    users: int


HISTORY_DAYS = 4 * 365 + 1  # members joined over the last four years
PURCHASES_PER_MEMBER = 12  # default purchases per member
DORMANT_DAYS = 180  # no purchase for this long: dormant
LOST_DAYS = 365  # … and for this long: some are marked lost
RETURN_SHARE = 0.015  # share of purchases that are returns
STORE_OPEN = 10 * 3600
STORE_CLOSE = 22 * 3600
