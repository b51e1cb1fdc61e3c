"""The member list's table model: lazy, by id, with an LRU page cache.

The model holds the ordered list of matching member ids from
:func:`app.search.member_ids` (100k ints) and nothing else up front. Rows are read
256 at a time, by id (:func:`app.search.fetch_rows` — never ``OFFSET``), when the view
first asks for one of them; at most ``MAX_PAGES`` pages stay cached, least recently
used first out. Display strings are formatted once per page, so ``data()`` is a couple
of lookups (PERF-NOTES.md: roles compared as cached ints, not enum members).

Sorting never happens in Python: :meth:`sort` re-runs the query with
``MemberQuery.sort``. A row that cannot be read (deleted since the query ran, or a
database error) is shown disabled with a note, never raised into the view.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import sqlite_utils
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from app import labels, member_form, search
from app.analytics import member_types
from app.core import Actor
from app.normalize import format_fen
from ui import i18n

log = logging.getLogger(__name__)

PAGE_SIZE = 256
MAX_PAGES = 40  # ~10k rows of display strings: a few MiB

COL_MEMBER_NO = 0
COL_NAME = 1
COL_GENDER = 2
COL_PHONE = 3
COL_TIER = 4
COL_STATUS = 5
COL_VISITS = 6
COL_SPEND = 7
COL_LAST_PURCHASE = 8
COL_BIRTHDAY = 9
COL_TYPES = 10  # customer types (app.analytics.member_types), read per page
COLUMN_COUNT = 11

# Columns the list can be sorted by, and the MemberQuery.sort each one means.
SORT_KEYS: dict[int, str] = {
    COL_MEMBER_NO: "member_no",
    COL_NAME: "name",
    COL_TIER: "tier",
    COL_LAST_PURCHASE: "last_purchase",
    COL_SPEND: "total_spend",
    COL_VISITS: "visits",
    COL_GENDER: "gender",
    COL_PHONE: "phone",
    COL_BIRTHDAY: "birthday",
    COL_STATUS: "status",
}
SORT_COLUMNS: dict[str, int] = {v: k for k, v in SORT_KEYS.items()}

# Roles as plain ints: comparing against an enum member costs ~3 µs in PySide6 6.12.
DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
ALIGN_ROLE = int(Qt.ItemDataRole.TextAlignmentRole)
FOREGROUND_ROLE = int(Qt.ItemDataRole.ForegroundRole)
SORT_ROLE = int(Qt.ItemDataRole.UserRole)  # the raw value of the cell
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the member id
ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # the whole fetched row (dict)
LOADED_ROLE = int(Qt.ItemDataRole.UserRole) + 3  # False for a row that failed to load

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ALIGN = tuple(_RIGHT if c in (COL_VISITS, COL_SPEND) else _LEFT for c in range(COLUMN_COUNT))
_ENABLED = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
_DISABLED = Qt.ItemFlag.NoItemFlags
_FAILED_COLOUR = QColor("#9aa5b1")
_RAW_KEYS = (
    "member_no",
    "name",
    "gender",
    "phone",
    "tier",
    "status",
    "visits",
    "total_paid_fen",
    "last_purchase_at",
    "birthday",
    "customer_types",
)

_HEADERS = (
    QT_TRANSLATE_NOOP("MemberTableModel", "Member no."),
    QT_TRANSLATE_NOOP("MemberTableModel", "Name"),
    QT_TRANSLATE_NOOP("MemberTableModel", "Gender"),
    QT_TRANSLATE_NOOP("MemberTableModel", "Phone"),
    QT_TRANSLATE_NOOP("MemberTableModel", "Tier"),
    QT_TRANSLATE_NOOP("MemberTableModel", "Status"),
    QT_TRANSLATE_NOOP("MemberTableModel", "Visits"),
    QT_TRANSLATE_NOOP("MemberTableModel", "Total spend"),
    QT_TRANSLATE_NOOP("MemberTableModel", "Last purchase"),
    QT_TRANSLATE_NOOP("MemberTableModel", "Birthday"),
    QT_TRANSLATE_NOOP("MemberTableModel", "Customer type"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("MemberTableModel", text)


class _Row:
    """One member as the list shows it: the raw row and its display strings."""

    __slots__ = ("member_id", "raw", "texts")

    def __init__(self, member_id: int, raw: dict[str, Any] | None, texts: tuple[str, ...]):
        self.member_id = member_id
        self.raw = raw
        self.texts = texts


class MemberTableModel(QAbstractTableModel):
    """Members matching a :class:`app.search.MemberQuery`, lazily, in query order.

    ``pages_fetched`` counts :func:`app.search.fetch_rows` calls since the model was
    made (tests and the benchmark read it); ``cached_pages()`` what is cached now.
    """

    def __init__(
        self,
        db: sqlite_utils.Database,
        query: search.MemberQuery | None = None,
        *,
        today: dt.date | None = None,
        parent: Any = None,
        actor: Actor | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        # whose list: phones come from app.search masked unless this user may unmask
        self.actor = actor or Actor(user_id=None, name="", role="clerk")
        self.today = today
        self._query = query or search.MemberQuery()
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[_Row]] = OrderedDict()
        self._last_page_no = -1
        self._last_page: list[_Row] = []
        self.pages_fetched = 0
        self._tiers: dict[str, str] = {}
        self._lang = ""
        # Phones are masked (138****5678) unless the page switched them to full after
        # app.privacy.log_phones_shown (manager, owner): set_full_phones.
        self.full_phones = False
        self._load_words()
        self._ids = self._query_ids(self._query)

    def set_full_phones(self, on: bool) -> None:
        """Show full phone numbers (True) or masked ones; re-formats the cached rows.
        The caller checks the permission and logs it (app.privacy)."""
        if on == self.full_phones:
            return
        self.beginResetModel()
        self.full_phones = on
        self._drop_cache()
        self.endResetModel()

    # ------------------------------------------------------------------ query

    @property
    def query(self) -> search.MemberQuery:
        return self._query

    def set_query(self, query: search.MemberQuery) -> None:
        """Show ``query``'s members (re-runs the id query, drops the page cache)."""
        ids = self._query_ids(query)
        self.beginResetModel()
        self._query = query
        self._ids = ids
        self._drop_cache()
        self.endResetModel()

    def refresh(self) -> None:
        """Re-run the current query (after members or purchases changed)."""
        self._load_words()
        self.set_query(self._query)

    def retranslate(self) -> None:
        """Re-format cached rows in the current UI language."""
        self.beginResetModel()
        self._load_words()
        self._drop_cache()
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)

    def _query_ids(self, query: search.MemberQuery) -> list[int]:
        try:
            return search.member_ids(self.db, query, today=self.today)
        except Exception:
            # A query that cannot run leaves an empty list, never a broken page.
            log.exception("member query failed: %r", query)
            return []

    def _load_words(self) -> None:
        self._lang = i18n.current_language()
        try:
            self._tiers = member_form.tier_names(member_form.tier_choices(self.db), self._lang)
        except Exception:
            log.exception("cannot read the tiers")
            self._tiers = {}

    def _drop_cache(self) -> None:
        self._pages.clear()
        self._last_page_no = -1
        self._last_page = []

    # ------------------------------------------------------------------ ids

    def member_ids(self) -> Sequence[int]:
        """The ids shown, in display order (do not modify)."""
        return self._ids

    def member_id(self, row: int) -> int | None:
        if 0 <= row < len(self._ids):
            return self._ids[row]
        return None

    def row_of(self, member_id: int) -> int:
        """The row showing ``member_id``, or -1 (a linear scan: fine for one lookup)."""
        try:
            return self._ids.index(member_id)
        except ValueError:
            return -1

    def cached_pages(self) -> list[int]:
        return list(self._pages)

    # ------------------------------------------------------------------ pages

    def _page(self, page_no: int) -> list[_Row]:
        if page_no == self._last_page_no:
            return self._last_page
        page = self._pages.get(page_no)
        if page is None:
            page = self._load_page(page_no)
            self._pages[page_no] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        self._last_page_no = page_no
        self._last_page = page
        return page

    def _load_page(self, page_no: int) -> list[_Row]:
        ids = self._ids[page_no * PAGE_SIZE : (page_no + 1) * PAGE_SIZE]
        self.pages_fetched += 1
        try:
            rows = search.fetch_rows(
                self.db, ids, actor=self.actor, unmask=self.full_phones, today=self.today
            )
            types = member_types.types_for(self.db, list(rows), as_of=self.today or dt.date.today())
            for member_id, row in rows.items():
                row["customer_types"] = types.get(member_id, [])
        except Exception:
            log.exception("cannot read members %s…", ids[:3])
            rows = {}
        failed = self._failed_texts()
        return [
            _Row(i, rows[i], self._texts(rows[i])) if i in rows else _Row(i, None, failed)
            for i in ids
        ]

    def _failed_texts(self) -> tuple[str, ...]:
        texts = [""] * COLUMN_COUNT
        texts[COL_NAME] = QCoreApplication.translate("MemberTableModel", "(could not be read)")
        return tuple(texts)

    def _texts(self, r: dict[str, Any]) -> tuple[str, ...]:
        lang = self._lang
        last = r["last_purchase_at"]
        tier = r["tier"]
        return (
            r["member_no"] or "",
            r["name"] or "",
            labels.word("gender", r["gender"], lang),
            r["phone"] or "",  # masked by app.search unless full phones were chosen
            self._tiers.get(tier, tier or ""),
            labels.word("customer_state", r["status"], lang),
            str(r["visits"] or 0),
            format_fen(r["total_paid_fen"] or 0),
            last[:10] if last else "",
            member_form.birthday_text(
                r["birthday"], r["birthday_calendar"], r["birthday_leap"], lang
            ),
            ("、" if lang == "zh" else ", ").join(
                labels.word("customer_type", t, lang) for t in r.get("customer_types") or []
            ),
        )

    # ------------------------------------------------------------------ Qt model API

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY_ROLE) -> Any:
        r = index.row()
        row = self._page(r >> 8)[r & 0xFF]  # PAGE_SIZE == 256
        if role == DISPLAY_ROLE:
            return row.texts[index.column()]
        if role == ALIGN_ROLE:
            return _ALIGN[index.column()]
        if role == ID_ROLE:
            return row.member_id
        if row.raw is None:
            if role == FOREGROUND_ROLE:
                return _FAILED_COLOUR
            if role == LOADED_ROLE:
                return False
            return None
        if role == SORT_ROLE:
            return row.raw[_RAW_KEYS[index.column()]]
        if role == ROW_ROLE:
            return row.raw
        if role == LOADED_ROLE:
            return True
        if role == TOOLTIP_ROLE and index.column() == COL_BIRTHDAY:
            return member_form.lunar_birthday_text(
                row.raw["birthday"], row.raw["birthday_calendar"], row.raw["birthday_leap"],
                self._lang,
            ) or None  # fmt: skip
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return _DISABLED
        r = index.row()
        return _ENABLED if self._page(r >> 8)[r & 0xFF].raw is not None else _DISABLED

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        role = int(role)
        if role == DISPLAY_ROLE:
            return _tr(_HEADERS[section]) if 0 <= section < COLUMN_COUNT else None
        if role == ALIGN_ROLE:
            return _ALIGN[section] if 0 <= section < COLUMN_COUNT else None
        if role == TOOLTIP_ROLE and section not in SORT_KEYS:
            return QCoreApplication.translate("MemberTableModel", "This column cannot be sorted")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in the order of ``column`` (columns not in ``SORT_KEYS`` are ignored)."""
        key = SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self._query.sort and descending == self._query.descending:
            return
        # Every row may now show another member: a reset, not a layout change (the
        # page keeps the selection by member id).
        self.set_query(replace(self._query, sort=key, descending=descending))
