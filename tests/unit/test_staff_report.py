"""Who enrolled a member (办卡导购) and the service stars per clerk (服务之星, issue #19):
the member's enrolling clerk defaults to the clerk at the form, the monthly report's
ranking is computed from facts with the weights the owner set, and the PDF has its page.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app import reports, settings
from app.core import SYSTEM, Actor, ValidationError
from app.members import create_member, get_member, update_member
from app.purchases import record_purchase
from app.service import praise

TODAY = dt.date(2026, 11, 20)


def _user(db, name: str, role: str = "clerk") -> Actor:
    cur = db.execute(
        "INSERT INTO users (username, display_name, role, created_at) "
        "VALUES (?, ?, ?, '2026-01-01T09:00:00')",
        [name, name, role],
    )
    db.conn.commit()
    return Actor(user_id=cur.lastrowid, name=name, role=role)


def test_a_member_made_at_the_form_is_enrolled_by_the_clerk_at_it(db, clerk):
    mid = create_member(db, actor=clerk, data={"name": "王芳"}).created_id
    assert get_member(db, mid, actor=SYSTEM)["enrolled_by"] == clerk.user_id
    other = _user(db, "小张")
    picked = create_member(db, actor=clerk, data={"name": "李娜", "enrolled_by": other.user_id})
    assert get_member(db, picked.created_id, actor=SYSTEM)["enrolled_by"] == other.user_id
    unknown = create_member(db, actor=clerk, data={"name": "赵敏", "enrolled_by": None})
    assert get_member(db, unknown.created_id, actor=SYSTEM)["enrolled_by"] is None
    imported = create_member(db, actor=clerk, data={"name": "钱多"}, via="import")
    assert get_member(db, imported.created_id, actor=SYSTEM)["enrolled_by"] is None


def test_enrolled_by_must_be_a_user_and_can_be_changed(db, clerk):
    mid = create_member(db, actor=SYSTEM, data={"name": "王芳"}).created_id
    with pytest.raises(ValidationError) as err:
        update_member(db, actor=SYSTEM, member_id=mid, data={"enrolled_by": 4242})
    assert err.value.for_field("enrolled_by")[0].code == "clerk_missing"
    update_member(db, actor=SYSTEM, member_id=mid, data={"enrolled_by": str(clerk.user_id)})
    assert get_member(db, mid, actor=SYSTEM)["enrolled_by"] == clerk.user_id


@pytest.fixture
def staff_store(db):
    """Two clerks in October 2026: 小李 enrolls three members, sells more and is praised
    twice; 小张 enrolls one, sells less and gets a service complaint."""
    li, zhang = _user(db, "小李"), _user(db, "小张")
    item = {"category": "top", "qty": 1, "list_fen": 50000, "paid_fen": 50000}
    mids = []
    for name, who in (("甲", li), ("乙", li), ("丙", li), ("丁", zhang)):
        mid = create_member(
            db, actor=who, data={"name": name, "joined_on": "2026-10-05"}
        ).created_id
        mids.append(mid)
    record_purchase(db, actor=li, member_id=mids[0], items=[item, item], at="2026-10-06T11:00")
    record_purchase(db, actor=zhang, member_id=mids[3], items=[item], at="2026-10-07T11:00")
    for day in ("2026-10-08T10:00:00", "2026-10-09T10:00:00"):
        praise.record_praise(
            db,
            actor=SYSTEM,
            kind="praise",
            about="service",
            text="耐心",
            at=day,
            clerk_id=li.user_id,
        )
    praise.record_praise(
        db, actor=SYSTEM, kind="suggestion", about="environment", text="镜子", at="2026-10-10"
    )
    db.execute(
        "INSERT INTO complaints (member_id, at, category, description) "
        "VALUES (?, '2026-10-12T15:00:00', 'service', '态度冷淡')",
        [mids[3]],
    )
    db.execute(
        "INSERT INTO surveys (member_id, at, overall) VALUES (?, '2026-10-15T10:00:00', 5)",
        [mids[0]],
    )
    db.conn.commit()
    return li, zhang


def test_the_monthly_report_ranks_clerks_from_facts(db, staff_store):
    s = reports.build(db, "2026-10", today=TODAY)["sections"]["staff"]
    assert s["available"]
    rows = {c["name"]: c for c in s["clerks"]}
    assert [c["name"] for c in s["clerks"]] == ["小李", "小张"]
    assert rows["小李"]["rank"] == 1
    assert (rows["小李"]["enrolled"], rows["小李"]["praise"], rows["小李"]["sales_fen"]) == (
        3,
        2,
        100000,
    )
    assert (rows["小张"]["enrolled"], rows["小张"]["complaints"], rows["小张"]["sales_fen"]) == (
        1,
        1,
        50000,
    )
    assert rows["小李"]["survey"] == 5.0 and rows["小张"]["survey"] is None
    assert rows["小李"]["score"] > rows["小张"]["score"]
    assert s["figures"]["enrolled"]["value"] == 4
    assert s["figures"]["praise"]["value"] == 2 and s["figures"]["suggestions"]["value"] == 1
    assert {a["code"]: a["value"] for a in s["about"]} == {"service": 2, "environment": 1}


def test_the_weights_in_the_settings_change_the_ranking(db, staff_store):
    # only sales count, and 小张 makes a big sale: he is the star
    item = {"category": "coat", "qty": 1, "list_fen": 900000, "paid_fen": 900000}
    mid = db.execute("SELECT id FROM members WHERE name = '丁'").fetchone()[0]
    record_purchase(db, actor=staff_store[1], member_id=mid, items=[item], at="2026-10-20T11:00")
    zero = {f"star_weight_{f}": 0 for f in settings.STAR_FACTS}
    settings.set_many(db, actor=SYSTEM, values={**zero, "star_weight_sales": 5})
    s = reports.build(db, "2026-10", today=TODAY)["sections"]["staff"]
    assert [c["name"] for c in s["clerks"]] == ["小张", "小李"]
    assert s["clerks"][0]["score"] == 100.0
    assert s["weights"]["sales"] == 5 and s["weights"]["praise"] == 0


def test_the_pdf_has_a_service_star_page(db, staff_store, tmp_path):
    from app.report.paper import pages
    from app.report.pdf import write_pdf

    data = reports.build(db, "2026-10", today=TODAY)
    out = tmp_path / "r.pdf"
    assert write_pdf(data, out, lang="zh") == 7 and out.stat().st_size > 10_000
    page = pages(data, lang="zh")[6]
    text = [t.get_text() for t in page.findobj(lambda a: hasattr(a, "get_text"))]
    assert "服务之星" in text and "小李" in text and "小张" in text
    assert text.index("小李") < text.index("小张")  # ranked


def test_the_workbook_has_the_staff_sheet_with_the_ranking(db, staff_store, tmp_path):
    import openpyxl

    from app.report.xlsx import write_xlsx

    path = tmp_path / "r.xlsx"
    write_xlsx(reports.build(db, "2026-10", today=TODAY), path)
    rows = list(openpyxl.load_workbook(path)["导购与表扬"].iter_rows(values_only=True))
    first = [r[0] for r in rows]
    assert "服务之星" in first
    ranking = rows[first.index("服务之星") + 2 : first.index("服务之星") + 4]
    assert [(r[0], r[1], r[3]) for r in ranking] == [(1, "小李", 3), (2, "小张", 1)]
