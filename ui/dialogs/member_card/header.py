"""The card's header: name, member no., tier, status, open complaints, tags and the
figures (total spend, visits, last purchase, points, next birthday)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from app import labels, member_form, permissions
from app.normalize import format_fen
from ui.dialogs.member_card.common import _date, _lang
from ui.dialogs.member_privacy import MemberPrivacy


class CardHeader:
    """The header of :class:`MemberCardDialog` (a mixin: the card owns the widgets)."""

    def _build_header(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("card")
        self.name_label = QLabel()
        self.name_label.setObjectName("cardName")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.member_no_label = QLabel()
        self.member_no_label.setObjectName("cardMemberNo")
        self.member_no_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tier_label = QLabel()
        self.tier_label.setObjectName("tierChip")
        self.status_label = QLabel()
        self.status_label.setObjectName("statusChip")
        self.complaint_label = QLabel()
        self.complaint_label.setObjectName("complaintFlag")
        self.tags_label = QLabel()
        self.tags_label.setObjectName("tagsLine")
        self.types_label = QLabel()
        self.types_label.setObjectName("typesLine")
        self.header_purchase_button = QPushButton()
        self.header_purchase_button.setObjectName("cardRecordPurchase")
        self.header_purchase_button.setAutoDefault(False)
        self.header_purchase_button.clicked.connect(self.record_purchase)
        self.form_button = QPushButton()  # the key-customer form (重点顾客档案表), A4
        self.form_button.setObjectName("printCustomerForm")
        self.form_button.setAutoDefault(False)
        self.form_button.clicked.connect(lambda: self.print_customer_form())
        self.merge_button = QPushButton()
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.setAutoDefault(False)
        self.merge_button.clicked.connect(self.merge_duplicate)
        if not permissions.allowed(self.ctx.actor, permissions.MERGE):
            self.merge_button.hide()
        # masked phone, view log, data report, delete/anonymise (ui/dialogs/member_privacy)
        self.privacy = MemberPrivacy(self.ctx, self)
        self.privacy.phone_revealed.connect(self._phone_revealed)
        self.privacy.changed.connect(self._privacy_changed)

        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.name_label)
        top.addWidget(self.member_no_label)
        top.addWidget(self.tier_label)
        top.addWidget(self.status_label)
        top.addWidget(self.complaint_label)
        top.addStretch(1)
        top.addWidget(self.header_purchase_button)
        top.addWidget(self.form_button)
        top.addWidget(self.merge_button)
        top.addWidget(self.privacy.button)

        self.figures: dict[str, tuple[QLabel, QLabel]] = {}
        figures = QHBoxLayout()
        figures.setSpacing(28)
        for key in ("total", "margin", "visits", "last", "points", "birthday"):
            caption = QLabel()
            caption.setObjectName("figureCaption")
            value = QLabel()
            value.setObjectName("figureValue")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName("figureValue")
            col = QVBoxLayout()
            col.setSpacing(0)
            col.addWidget(caption)
            col.addWidget(value)
            figures.addLayout(col)
            self.figures[key] = (caption, value)
        figures.addStretch(1)

        layout = QVBoxLayout(frame)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.tags_label)
        layout.addWidget(self.types_label)
        layout.addLayout(figures)
        return frame

    def _fill_header(self) -> None:
        lang = _lang()
        card = self.card
        if card is None:
            self.setWindowTitle(self.tr("New member"))
            self.name_label.setText(self.tr("New member"))
            for widget in (self.member_no_label, self.tier_label, self.status_label):
                widget.hide()
            self.complaint_label.hide()
            self.tags_label.hide()
            self.types_label.hide()
            for _caption, value in self.figures.values():
                value.setText("—")
            return
        head, member = card["header"], card["member"]
        self.setWindowTitle(
            self.tr("Member card — %1 %2")
            .replace("%1", head["name"])
            .replace("%2", head["member_no"])
        )
        self.name_label.setText(head["name"])
        self.member_no_label.setText(head["member_no"])
        self.member_no_label.show()
        tier = head["tier_name_zh"] if lang == "zh" else head["tier_name_en"]
        self.tier_label.setText(tier or head["tier"])
        self.tier_label.show()
        self.status_label.setText(labels.word("customer_state", head["status"], lang))
        self.status_label.setVisible(head["status"] != "active")
        n = int(card["open_complaints"] or 0)
        self.complaint_label.setText(
            self.tr("⚠ 1 open complaint")
            if n == 1
            else self.tr("⚠ %1 open complaints").replace("%1", str(n))
        )
        self.complaint_label.setVisible(n > 0)
        if n > 0 and self.member_id is not None:  # what they are, from app.feedback
            from app import feedback

            self.complaint_label.setToolTip(
                "\n".join(
                    f"{c['at'][:10]} {labels.word('complaint_category', c['category'], lang)}："
                    f"{c['description']}"
                    for c in feedback.open_complaints(self.ctx.db, self.member_id)
                )
            )
        types = head.get("customer_types") or []
        sep = "、" if lang == "zh" else ", "
        self.types_label.setText(
            self.tr("Customer type: %1").replace(
                "%1", sep.join(labels.word("customer_type", t, lang) for t in types)
            )
        )
        self.types_label.setVisible(bool(types))
        tags = member["tags"]
        self.tags_label.setText("  ·  ".join(tags))
        self.tags_label.setVisible(bool(tags))
        self.figures["total"][1].setText(format_fen(head["total_paid_fen"] or 0))
        self._fill_margin(head)
        self.figures["visits"][1].setText(str(head["visits"] or 0))
        last = _date(head["last_purchase_at"])
        days = head["days_since_purchase"]
        if last and days is not None:
            last = self.tr("%1 (%2 days ago)").replace("%1", last).replace("%2", str(days))
        self.figures["last"][1].setText(last or self.tr("never"))
        self.figures["points"][1].setText(self._points_text(head))
        self.figures["birthday"][1].setText(self._next_birthday_text(member, head))

    def _fill_margin(self, head: dict[str, Any]) -> None:
        """毛利 beside the spend: paid − cost where the cost is known, the rest at the
        margin rate (app/analytics/margin.py); how much of it is known, in brackets."""
        caption, value = self.figures["margin"]
        margin = head.get("margin_fen")
        caption.setText(self.tr("Gross margin"))
        if margin is None:
            value.setText("—")
            value.setToolTip("")
            return
        known = float(head.get("margin_known_share") or 0.0)
        if known < 0.995:  # in the caption: the figures' row has no width to spare
            caption.setText(
                self.tr("Gross margin (cost known: %1)").replace("%1", f"{100 * known:.0f}%")
            )
        value.setText(format_fen(margin))
        rate = f"{100 * float(head.get('margin_rate') or 0):.0f}%"
        value.setToolTip(
            (
                self.tr("Paid minus the items' cost; the member's own margin rate: %1")
                if head.get("margin_own_rate")
                else self.tr(
                    "Paid minus the items' cost where it is known; the rest at the store's "
                    "margin rate of %1"
                )
            ).replace("%1", rate)
        )

    def _points_text(self, head: dict[str, Any]) -> str:
        text = f"{int(head['points_balance'] or 0):,}"
        expiring = int(head.get("points_expiring") or 0)
        if expiring > 0 and head.get("points_next_expiry"):
            text += (  # the space belongs to the language: none before "（"
                self.tr(" (%1 expire from %2)")
                .replace("%1", f"{expiring:,}")
                .replace("%2", str(head["points_next_expiry"])[:10])
            )
        return text

    def _next_birthday_text(self, member: dict[str, Any], head: dict[str, Any]) -> str:
        nxt = head.get("next_birthday")
        if nxt is None:
            return "—"
        solar = nxt.isoformat()
        lunar = member_form.lunar_birthday_text(
            member["birthday"], member["birthday_calendar"], member["birthday_leap"], _lang()
        )
        text = f"{lunar} → {solar}" if lunar else solar
        days = head.get("days_to_birthday")
        if days == 0:
            return text + " " + self.tr("(today!)")
        if days is not None and days <= 30:
            return text + " " + self.tr("(in %1 days)").replace("%1", str(days))
        return text

    def print_customer_form(self, printer: Any = None) -> bool:
        """Print this member's key-customer form (on ``printer``, else the one the
        person picks); the card as shown, phone masked as on screen."""
        from ui.dialogs.member_card import form_print

        if not self.card:  # a new member: nothing to print yet
            return False
        today = self._today()
        if printer is not None:
            return form_print.paint_form(printer, self.card, self.ctx.db, _lang(), today)
        return form_print.ask_and_print(self, self.card, self.ctx.db, _lang(), today)

    def _retranslate_header(self) -> None:
        self.header_purchase_button.setText(self.tr("Record purchase"))
        self.header_purchase_button.setToolTip("Ctrl+P")
        self.merge_button.setText(self.tr("Merge duplicate…"))
        self.form_button.setText(self.tr("Print form…"))
        self.form_button.setToolTip(self.tr("The key-customer form: one A4 page for the folder"))
        self.figures["total"][0].setText(self.tr("Total spend"))
        self.figures["margin"][0].setText(self.tr("Gross margin"))
        self.figures["visits"][0].setText(self.tr("Visits"))
        self.figures["last"][0].setText(self.tr("Last purchase"))
        self.figures["points"][0].setText(self.tr("Points"))
        self.figures["birthday"][0].setText(self.tr("Next birthday"))
