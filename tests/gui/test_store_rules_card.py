"""The store rules card on the settings page: the owner edits and saves; a refused
value is marked beside its field and nothing is saved; other roles only read."""

from __future__ import annotations

from app import settings
from app.core import Actor
from ui.context import AppContext
from ui.widgets.store_rules import StoreRulesCard


def card_for(qtbot, db, db_path, tmp_path, role: str) -> StoreRulesCard:
    notified: list = []
    ctx = AppContext(
        db=db,
        db_path=db_path,
        data_dir=tmp_path,
        actor=Actor(None, role, role),
        notify=notified.append,
    )
    card = StoreRulesCard(ctx)
    card.notified = notified  # type: ignore[attr-defined]
    qtbot.addWidget(card)
    card.show()
    return card


def test_the_owner_changes_a_rule_and_it_is_saved(gui_app, qtbot, db, db_path, tmp_path):
    card = card_for(qtbot, db, db_path, tmp_path, "owner")
    assert card.heading.text() == "店铺规则"
    assert card.labels["feedback_complaint_overdue_days"].text() == "投诉超过几天未解决算超期："
    assert card.fields["feedback_complaint_overdue_days"].value() == 3
    card.fields["feedback_complaint_overdue_days"].setValue(7)
    assert card.save()
    assert settings.get(db, "feedback_complaint_overdue_days") == 7
    assert card.message.text() == "已保存。"
    assert card.notified and card.notified[-1].touches("settings")


def test_a_refused_value_is_marked_and_nothing_is_saved(gui_app, qtbot, db, db_path, tmp_path):
    card = card_for(qtbot, db, db_path, tmp_path, "owner")
    card.fields["lifecycle_dormant_days"].setValue(400)
    card.fields["lifecycle_lost_days"].setValue(365)
    assert not card.save()
    assert card.errors["lifecycle_lost_days"].isVisible()
    assert card.errors["lifecycle_lost_days"].text() == "流失天数应大于休眠天数"
    assert settings.get(db, "lifecycle_dormant_days") == 180


def test_a_clerk_sees_the_rules_but_cannot_change_them(gui_app, qtbot, db, db_path, tmp_path):
    card = card_for(qtbot, db, db_path, tmp_path, "clerk")
    assert not card.save_button.isVisible()
    assert not card.fields["store_name"].isEnabled()
    assert card.fields["store_name"].text() == settings.get(db, "store_name")


def test_pyramid_clv_festival_tiers_and_win_back_days_are_edited_on_the_card(
    gui_app, qtbot, db, db_path, tmp_path
):
    card = card_for(qtbot, db, db_path, tmp_path, "owner")
    assert card.fields["clv_discount_rate"].value() == 12.0
    assert card.fields["calllist_dormant_days"].text() == "180, 365"
    boxes = card.tier_boxes["calllist_festival_tiers"]
    assert {c for c, b in boxes.items() if b.isChecked()} == {"gold", "diamond"}
    card.fields["clv_acquisition_cost_fen"].setValue(3000)
    card.fields["segments_pyramid_layers:gold"].setValue(24)
    card.fields["calllist_dormant_days"].setText("200，400")
    boxes["silver"].setChecked(True)
    assert card.save()
    assert settings.get(db, "clv_acquisition_cost_fen") == 300000
    assert ["gold", 0.24] in settings.get(db, "segments_pyramid_layers")
    assert settings.get(db, "calllist_dormant_days") == [200, 400]
    assert "silver" in settings.get(db, "calllist_festival_tiers")
    # the layers together must stay below 100%: said beside the last layer, nothing saved
    card.fields["segments_pyramid_layers:iron"].setValue(90)
    assert not card.save()
    assert card.errors["segments_pyramid_layers:iron"].text().startswith("各层比例之和应小于")
    assert ["iron", 0.3] in settings.get(db, "segments_pyramid_layers")


def test_archive_freshness_months_are_edited_with_the_customer_rules(
    gui_app, qtbot, db, db_path, tmp_path
):
    card = card_for(qtbot, db, db_path, tmp_path, "owner")
    assert card.labels["archive_fresh_months"].text() == "档案几个月未核实需再核实："
    field = card.fields["archive_fresh_months"]
    assert field.value() == 12 and (field.minimum(), field.maximum()) == (1, 60)
    field.setValue(18)
    assert card.save()
    assert settings.get(db, "archive_fresh_months") == 18
    card.resize(1366, 768)
    card.grab().save("/tmp/cards_store_rules.png")
