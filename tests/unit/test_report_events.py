"""The monthly report's member events (#19 item 4): events held in the month (a
cancelled one is not), guests invited / accepted / attended, the attendance rate,
the events' cost and what attendees bought within 7 days — beside the month before,
on the service page of the PDF and in the workbook."""

from __future__ import annotations

import datetime as dt

import pytest

from app import report as render
from app import reports
from app.core import SYSTEM
from app.members import create_member
from app.purchases import record_purchase
from app.service import events as ev

TODAY = dt.date(2026, 11, 22)
_PHONES = iter(f"1350000{n:04d}" for n in range(1, 1000))


def _member(db, name):
    data = {"name": name, "phone": next(_PHONES), "consent_channels": "phone"}
    return create_member(db, actor=SYSTEM, data=data).created_id


def _held(db, at, guests, accepted, came, cost_fen=0, name="VIP沙龙"):
    eid = ev.create_event(
        db,
        actor=SYSTEM,
        data={"name": name, "kind": "salon", "starts_at": at, "cost_fen": cost_fen},
    ).created_id
    ev.invite_members(db, event_id=eid, actor=SYSTEM, member_ids=guests)
    inv = {g["member_id"]: g["id"] for g in ev.guest_list(db, eid)}
    for m in accepted:
        ev.record_response(db, invitation_id=inv[m], actor=SYSTEM, response="accepted")
    ev.record_attendance(db, event_id=eid, actor=SYSTEM, attended={inv[m]: True for m in came})
    return eid


def _buy(db, mid, at, yuan):
    record_purchase(
        db,
        actor=SYSTEM,
        member_id=mid,
        at=at,
        items=[{"category": "上衣", "qty": 1, "list_fen": yuan * 100, "paid_fen": yuan * 100}],
    )


@pytest.fixture
def store(db):
    m = [_member(db, n) for n in ("甲", "乙", "丙", "丁", "戊")]
    _held(db, "2026-10-10 19:00", m[:4], m[:3], m[:2], cost_fen=200000, name="秋季新品发布会")
    _held(db, "2026-10-25 15:00", m[2:5], m[2:5], m[4:5], cost_fen=50000)
    cancelled = _held(db, "2026-10-28 15:00", m, [], [], cost_fen=90000, name="取消的活动")
    ev.cancel_event(db, event_id=cancelled, actor=SYSTEM)
    _held(db, "2026-09-12 19:00", m[:2], m[:1], m[:1])
    _buy(db, m[0], "2026-10-12T11:00:00", 1200)  # 2 days after the launch: counted
    _buy(db, m[1], "2026-10-30T11:00:00", 800)  # 20 days after: not
    _buy(db, m[4], "2026-11-01T11:00:00", 600)  # 7 days after the salon: counted
    _buy(db, m[3], "2026-10-11T11:00:00", 999)  # invited, did not come: not
    return db


def test_events_held_with_guests_attendance_and_sales_within_7_days(store):
    s = reports.build(store, "2026-10", today=TODAY)["sections"]["events"]
    f = {k: v["value"] for k, v in s["figures"].items()}
    assert f["events"] == 2  # the cancelled one is not held
    assert (f["invited"], f["accepted"], f["attended"]) == (7, 6, 3)
    assert f["attendance_rate"] == pytest.approx(3 / 7, abs=1e-5)
    assert f["event_cost_fen"] == 250000
    assert (f["event_sales_fen"], f["event_buyers"]) == (180000, 2)
    assert s["figures"]["events"]["previous"] == 1
    assert [e["name"] for e in s["events"]] == ["秋季新品发布会", "VIP沙龙"]


def test_a_store_without_events_says_so(db):
    s = reports.build(db, "2026-10", today=TODAY)["sections"]["events"]
    assert s["available"] is False and s["note"] == "no_events"


def test_the_events_reach_the_pdf_page_and_the_workbook(store, tmp_path):
    import openpyxl

    report = reports.build(store, "2026-10", today=TODAY)
    path = tmp_path / "r.xlsx"
    render.write_xlsx(report, path)
    rows = list(openpyxl.load_workbook(path)["会员活动"].iter_rows(values_only=True))
    figures = {r[0]: r[1] for r in rows}
    assert figures["本月举办的活动"] == 2 and figures["实际出席"] == 3
    assert any(r[0] == "10-10 秋季新品发布会" and r[4] == 1200 for r in rows)
    text = " ".join(
        t.get_text() for fig in render.pages(report, lang="zh") for t in fig.findobj(match=_is_text)
    )
    assert "会员活动" in text and "10-10 秋季新品发布会" in text


def _is_text(artist):
    from matplotlib.text import Text

    return isinstance(artist, Text)
