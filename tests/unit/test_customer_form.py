"""The key-customer form (重点顾客档案表, #19 item 8): one A4 page in the report's style
with the archive, the spending, preferences, family dates, recent sales and contacts."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import SYSTEM
from app.member_card import member_card
from app.report.customer_form import key_customer_form
from app.report.layout import A4


def _texts(fig) -> str:
    return "\n".join(t.get_text() for t in fig.texts)


@pytest.fixture
def busiest(demo_db) -> int:
    return demo_db.execute(
        "SELECT member_id FROM member_stats ORDER BY visits DESC LIMIT 1"
    ).fetchone()[0]


def test_the_form_is_one_a4_page_with_the_members_archive(demo_db, busiest):
    today = dt.date.today()
    card = member_card(demo_db, busiest, actor=SYSTEM, today=today)
    fig = key_customer_form(card, store_name="丽人服饰", lang="zh", today=today)
    assert tuple(round(v, 2) for v in fig.get_size_inches()) == A4
    text = _texts(fig)
    m = card["member"]
    for wanted in ("重点顾客档案表", "丽人服饰", m["name"], m["member_no"], "累计消费", "最近消费"):
        assert wanted in text, wanted
    recent = card["purchases"][0]
    assert recent["at"][:10] in text  # the newest sale is listed
    assert "****" in text or not m.get("phone")  # the phone as the card shows it: masked


def test_the_form_stays_inside_the_page(demo_db, busiest):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    today = dt.date.today()
    card = member_card(demo_db, busiest, actor=SYSTEM, today=today)
    fig = key_customer_form(card, store_name="店", lang="zh", today=today)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    page = fig.bbox
    for t in fig.texts:
        box = t.get_window_extent(renderer)
        assert box.x0 >= page.x0 - 1 and box.x1 <= page.x1 + 1, t.get_text()
        assert box.y0 >= page.y0 - 1 and box.y1 <= page.y1 + 1, t.get_text()


def test_english_words(demo_db, busiest):
    today = dt.date.today()
    card = member_card(demo_db, busiest, actor=SYSTEM, today=today)
    text = _texts(key_customer_form(card, store_name="Shop", lang="en", today=today))
    assert "Key customer form" in text and "Total spend" in text
