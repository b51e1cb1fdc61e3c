"""The card's Purchases and Contacts tabs: tickets with their lines and returns (a Return
button on the newest sales), and the contact log."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app import counter_queue, labels
from app.normalize import format_fen
from ui.dialogs.member_card.common import _date, _lang, _t, _time
from ui.models.readonly_table import ReadOnlyTableModel

RETURN_BUTTONS = 50  # sales with their own Return button (the newest)
USER_ROLE = int(Qt.ItemDataRole.UserRole)
# Brushes made once (a QColor would be converted to a brush on every call).
RED = QBrush(QColor("#b3261e"))
MUTED = QBrush(QColor("#7b8794"))
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

P_AT, P_TICKET, P_WHAT, P_LIST, P_PAID, P_DISCOUNT, P_RETURNED, P_CLERK, P_ACTION = range(9)
PURCHASE_HEADERS = (
    QT_TRANSLATE_NOOP("MemberCard", "Date"),
    QT_TRANSLATE_NOOP("MemberCard", "Ticket"),
    QT_TRANSLATE_NOOP("MemberCard", "Items"),
    QT_TRANSLATE_NOOP("MemberCard", "List price"),
    QT_TRANSLATE_NOOP("MemberCard", "Paid"),
    QT_TRANSLATE_NOOP("MemberCard", "Price"),
    QT_TRANSLATE_NOOP("MemberCard", "Returned"),
    QT_TRANSLATE_NOOP("MemberCard", "Clerk"),
    "",
)
C_NOTE = 5  # the contact log's note column
CONTACT_HEADERS = (
    QT_TRANSLATE_NOOP("MemberCard", "Time"),
    QT_TRANSLATE_NOOP("MemberCard", "Channel"),
    QT_TRANSLATE_NOOP("MemberCard", "Purpose"),
    QT_TRANSLATE_NOOP("MemberCard", "Outcome"),
    QT_TRANSLATE_NOOP("MemberCard", "Clerk"),
    QT_TRANSLATE_NOOP("MemberCard", "Note"),
    QT_TRANSLATE_NOOP("MemberCard", "Next follow-up"),
)

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_RIGHT_COLUMNS = (P_LIST, P_PAID, P_RETURNED)
_TOP = 0  # internal id of a ticket row; a line row carries its ticket's row + 1


Entry = tuple[tuple[str, ...], QBrush | None]  # a row's texts and its colour


class PurchaseModel(QAbstractItemModel):
    """Tickets (newest first) with their lines as children, each ticket formatted the
    first time a view asks for it.

    A model rather than QTreeWidget items: a regular with 800 tickets costs the list
    app/ returned, not thousands of item objects and setter calls.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tickets: list[dict[str, Any]] = []
        self._format: Callable[[dict[str, Any], dict[int, str]], tuple[Entry, list[Entry]]]
        self._format = lambda p, t: ((("",) * len(PURCHASE_HEADERS), None), [])
        self._ticket_nos: dict[int, str] = {}
        self._done: dict[int, tuple[Entry, list[Entry]]] = {}

    def set_purchases(
        self,
        purchases: list[dict[str, Any]],
        format_ticket: Callable[[dict[str, Any], dict[int, str]], tuple[Entry, list[Entry]]],
    ) -> None:
        self.beginResetModel()
        self.tickets = purchases
        self._format = format_ticket
        self._ticket_nos = {p["id"]: p.get("ticket_no") or f"#{p['id']}" for p in purchases}
        self._done = {}
        self.endResetModel()

    def _entry(self, row: int) -> tuple[Entry, list[Entry]]:
        done = self._done.get(row)
        if done is None:
            done = self._done[row] = self._format(self.tickets[row], self._ticket_nos)
        return done

    def purchase_id(self, row: int) -> int:
        return int(self.tickets[row]["id"])

    def is_return(self, row: int) -> bool:
        return self.tickets[row]["return_of"] is not None

    def returnable(self, row: int) -> bool:
        p = self.tickets[row]
        if p["return_of"] is not None:
            return False
        return sum(int(i["qty"]) - int(i.get("returned_qty") or 0) for i in p["items"]) > 0

    def text(self, row: int, column: int, line: int | None = None) -> str:
        """What a cell shows (ticket ``row``; its ``line`` when given)."""
        ticket, lines = self._entry(row)
        return (ticket if line is None else lines[line])[0][column]

    def index(
        self,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        if not parent.isValid():
            if 0 <= row < len(self.tickets) and 0 <= column < len(PURCHASE_HEADERS):
                return self.createIndex(row, column, _TOP)
            return QModelIndex()
        if parent.internalId() != _TOP:
            return QModelIndex()
        ticket = parent.row()
        if 0 <= row < len(self.tickets[ticket]["items"]) and 0 <= column < len(PURCHASE_HEADERS):
            return self.createIndex(row, column, ticket + 1)
        return QModelIndex()

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, _TOP)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.tickets)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self.tickets[parent.row()]["items"])
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(PURCHASE_HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        ticket = int(index.internalId())
        texts, brush = (
            self._entry(index.row())[0]
            if ticket == _TOP
            else self._entry(ticket - 1)[1][index.row()]
        )
        column = index.column()
        if role == _DISPLAY:
            return texts[column]
        if role == _ALIGN:
            return RIGHT if column in _RIGHT_COLUMNS else None
        if role == _FOREGROUND:
            return brush
        if role == USER_ROLE and ticket == _TOP:
            return self.tickets[index.row()]["id"]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and int(role) == _DISPLAY:
            return _t(PURCHASE_HEADERS[section])
        return None


class ContactModel(ReadOnlyTableModel):
    """The contact log, newest first, formatted once (rows of display texts)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(len(CONTACT_HEADERS), lambda section: _t(CONTACT_HEADERS[section]), parent)

    def cell_data(self, row: int, column: int, role: int) -> Any:
        if role == _TOOLTIP and column == C_NOTE:
            return self.text(row, column) or None
        return None


class HistoryTabs:
    """The Purchases and Contacts tabs of :class:`MemberCardDialog` (a mixin: the card
    owns the widgets, the member and the actions the buttons call)."""

    def _build_purchases(self) -> QWidget:
        page = QWidget()
        self.purchase_model = PurchaseModel(self)
        self.purchase_tree = QTreeView()
        self.purchase_tree.setObjectName("purchaseTree")
        self.purchase_tree.setModel(self.purchase_model)
        self.purchase_tree.setAlternatingRowColors(True)
        self.purchase_tree.setUniformRowHeights(True)
        self.purchase_tree.setRootIsDecorated(True)
        self.purchase_tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.purchase_tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.purchase_tree.header()
        header.setStretchLastSection(False)
        for col, width in (
            (P_AT, 140),
            (P_TICKET, 128),
            (P_WHAT, 240),
            (P_LIST, 92),
            (P_PAID, 92),
            (P_DISCOUNT, 72),
            (P_RETURNED, 80),
            (P_CLERK, 64),
            (P_ACTION, 76),
        ):
            self.purchase_tree.setColumnWidth(col, width)
        header.setSectionResizeMode(P_WHAT, QHeaderView.ResizeMode.Stretch)
        self.purchases_hint = QLabel()
        self.purchases_hint.setObjectName("hint")
        self.purchase_button = QPushButton()
        self.purchase_button.setObjectName("tabRecordPurchase")
        self.purchase_button.setAutoDefault(False)
        self.purchase_button.clicked.connect(self.record_purchase)
        self.return_selected_button = QPushButton()
        self.return_selected_button.setObjectName("returnSelected")
        self.return_selected_button.setAutoDefault(False)
        self.return_selected_button.clicked.connect(self.return_selected)
        self.purchase_tree.activated.connect(self._ticket_activated)
        top = QHBoxLayout()
        top.addWidget(self.purchases_hint, 1)
        top.addWidget(self.return_selected_button)
        top.addWidget(self.purchase_button)
        # sales saved to the counter queue during a long import (app/counter_queue.py)
        self.pending_sales = QLabel()
        self.pending_sales.setObjectName("pendingSales")
        self.pending_sales.setWordWrap(True)
        self.pending_sales.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.pending_sales.linkActivated.connect(lambda _link: self.open_refused_sales())
        self.pending_sales.hide()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 8, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.pending_sales)
        layout.addWidget(self.purchase_tree, 1)
        return page

    def _build_contacts(self) -> QWidget:
        page = QWidget()
        self.contact_model = ContactModel(self)
        self.contact_table = QTableView()
        self.contact_table.setObjectName("contactTable")
        self.contact_table.setModel(self.contact_model)
        self.contact_table.verticalHeader().setVisible(False)
        self.contact_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.contact_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contact_table.setAlternatingRowColors(True)
        self.contact_table.setWordWrap(True)
        for col, width in ((0, 140), (1, 80), (2, 120), (3, 90), (4, 70), (5, 300)):
            self.contact_table.setColumnWidth(col, width)
        self.contact_table.horizontalHeader().setStretchLastSection(True)
        self.contact_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.contacts_hint = QLabel()
        self.contacts_hint.setObjectName("hint")
        self.contact_button = QPushButton()
        self.contact_button.setObjectName("logContact")
        self.contact_button.setAutoDefault(False)
        self.contact_button.clicked.connect(self.log_contact)
        top = QHBoxLayout()
        top.addWidget(self.contacts_hint, 1)
        top.addWidget(self.contact_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 8, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.contact_table, 1)
        return page

    def _ticket_formatter(
        self,
    ) -> Callable[[dict[str, Any], dict[int, str]], tuple[Entry, list[Entry]]]:
        """Formats one ticket and its lines for the purchase model (words looked up once
        per fill, not once per ticket)."""
        returned_word = self.tr("%1 returned")
        return_of = self.tr("Return of %1, %2 piece(s)")
        pieces = self.tr("%1 piece(s)")
        discount, full = self.tr("discount"), self.tr("full")

        def format_ticket(p: dict[str, Any], ticket_nos: dict[int, str]) -> tuple[Entry, list]:
            is_return = p["return_of"] is not None
            qty = sum(abs(int(it["qty"])) for it in p["items"])
            if is_return:
                original = ticket_nos.get(p["return_of"], f"#{p['return_of']}")
                what = return_of.replace("%1", original).replace("%2", str(qty))
                price = ""
            else:
                what = pieces.replace("%1", str(qty))
                price = discount if p["is_discounted"] else full
            row = (
                (
                    _time(p["at"]),
                    p.get("ticket_no") or "",
                    what,
                    format_fen(p["total_fen"]),
                    format_fen(p["paid_fen"]),
                    price,
                    format_fen(p["returned_fen"]) if p.get("returned_fen") else "",
                    p.get("clerk_name") or "",
                    "",
                ),
                RED if is_return else None,
            )
            lines: list[Entry] = []
            for it in p["items"]:
                desc = " · ".join(
                    str(x) for x in (it["category"], it["sku"], it["size"], it["colour"]) if x
                )
                back = it.get("returned_qty") if not is_return else 0
                lines.append(
                    (
                        (
                            "",
                            "",
                            f"{desc}  ×{abs(int(it['qty']))}",
                            format_fen(it["list_fen"]),
                            format_fen(it["paid_fen"]),
                            "",
                            returned_word.replace("%1", str(back)) if back else "",
                            "",
                            "",
                        ),
                        RED if is_return or back else MUTED,
                    )
                )
            return row, lines

        return format_ticket

    def _fill_purchases(self) -> None:
        purchases = self.card["purchases"] if self.card else []
        model = self.purchase_model
        model.set_purchases(purchases, self._ticket_formatter())
        tree = self.purchase_tree
        for row in range(min(3, model.rowCount())):
            tree.expand(model.index(row, 0))  # before the buttons: one layout pass
        # A Return button on each of the newest sales (a return ticket cannot be returned
        # again). Older tickets — goods rarely come back after months — are returned
        # with "Return selected ticket" (Ctrl+R): a regular with 800 tickets would
        # otherwise cost 800 widgets and half a second.
        sales = 0
        for row in range(model.rowCount()):
            if model.is_return(row):
                continue
            sales += 1
            if sales > RETURN_BUTTONS:
                break
            button = QPushButton(self.tr("Return"))
            button.setAutoDefault(False)
            button.setEnabled(model.returnable(row))
            pid = model.purchase_id(row)
            button.clicked.connect(lambda _c=False, pid=pid: self.return_purchase(pid))
            tree.setIndexWidget(model.index(row, P_ACTION), button)
        if self.card:
            head = self.card["header"]
            self.purchases_hint.setText(
                self.tr("%1 tickets · total %2 · last 12 months %3")
                .replace("%1", str(len(purchases)))
                .replace("%2", format_fen(head["total_paid_fen"] or 0))
                .replace("%3", format_fen(head["spend_12m_fen"] or 0))
            )
        else:
            self.purchases_hint.setText("")
        self._fill_pending()

    def _fill_pending(self) -> None:
        """The member's sales still in the counter queue: saved, not yet in the history
        above (or refused when entered, with the reason)."""
        queue = counter_queue.queue_path(self.ctx.db_path)
        sales = counter_queue.pending(queue, member_id=self.member_id) if self.card else []
        lines = []
        for sale in sales:
            text = self.tr("Pending: %1 · %2 · saved, to be entered when the import ends")
            if sale["errors"]:
                reason = "；".join(e.message(_lang()) for e in sale["errors"])
                text = self.tr("Pending: %1 · %2 · could not be entered: %3").replace("%3", reason)
            lines.append(
                text.replace("%1", _time(sale["at"])).replace("%2", format_fen(sale["paid_fen"]))
            )
        if any(sale["errors"] for sale in sales):  # a link to the list, 丢弃… there
            link = html.escape(self.tr("Show / discard…"))
            self.pending_sales.setTextFormat(Qt.TextFormat.RichText)
            self.pending_sales.setText(
                "<br>".join(html.escape(line) for line in lines) + f' <a href="refused">{link}</a>'
            )
        else:
            self.pending_sales.setTextFormat(Qt.TextFormat.PlainText)
            self.pending_sales.setText("\n".join(lines))
        self.pending_sales.setVisible(bool(lines))

    def open_refused_sales(self) -> QWidget:
        """The member's refused queued sales (``ui/dialogs/queued_sales.py``)."""
        from ui.dialogs.queued_sales import QueuedSalesDialog

        dialog = QueuedSalesDialog(self.ctx, self, member_id=self.member_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def selected_ticket_row(self) -> int | None:
        index = self.purchase_tree.currentIndex()
        if not index.isValid():
            return None
        parent = index.parent()
        return parent.row() if parent.isValid() else index.row()

    def return_selected(self) -> bool:
        """Return goods of the selected ticket (any age; Ctrl+R)."""
        row = self.selected_ticket_row()
        if row is None or not self.purchase_model.returnable(row):
            self.show_message(self.tr("Select a sale with goods left to return."))
            return False
        return self.return_purchase(self.purchase_model.purchase_id(row))

    def _ticket_activated(self, index: QModelIndex) -> None:
        if index.column() == P_ACTION:
            self.return_selected()

    def return_button(self, row: int) -> QPushButton | None:
        """The Return button of ticket ``row`` (None for a return ticket)."""
        widget = self.purchase_tree.indexWidget(self.purchase_model.index(row, P_ACTION))
        return widget if isinstance(widget, QPushButton) else None

    def _fill_contacts(self) -> None:
        contacts = self.card["contacts"] if self.card else []
        lang = _lang()
        self.contact_model.set_records(
            [
                (
                    _time(c["at"]),
                    labels.word("channel", c["channel"], lang),
                    labels.word("purpose", c["purpose"], lang),
                    labels.word("outcome", c["outcome"], lang),
                    c.get("clerk_name") or "",
                    c.get("note") or "",
                    _date(c.get("next_follow_up")),
                )
                for c in contacts
            ]
        )
        if self.card:
            notes = self.card["member"].get("contact_notes")
            hint = self.tr("%1 contacts").replace("%1", str(len(contacts)))
            if notes:
                hint += " · " + notes
            self.contacts_hint.setText(hint)
        else:
            self.contacts_hint.setText("")

    def _retranslate_history(self) -> None:
        self.purchase_button.setText(self.tr("Record purchase"))
        self.purchase_button.setToolTip("Ctrl+P")
        self.return_selected_button.setText(self.tr("Return selected ticket…"))
        self.return_selected_button.setToolTip("Ctrl+R")
        self.contact_button.setText(self.tr("Log contact"))
        self.contact_button.setToolTip("Ctrl+L")
