"""app.reports / app.report / ``python main.py report``: every figure of the
monthly summary on a small hand-built store whose numbers are worked out by hand
(October 2026 against September 2026), the A4 PDF turned back into text and page
images, the .xlsx, and sections that say plainly when their data does not exist yet."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app import cli, contacts, loyalty, lunar, members, purchases, reports
from app import report as render
from app.core import SYSTEM, Actor

TODAY = dt.date(2026, 11, 22)
PHONE = "13812345678"


def approx(x: float):
    return pytest.approx(x, abs=1e-5)  # rates are rounded to 6 decimals


def _user(db, username: str, name: str, role: str = "clerk") -> int:
    cur = db.execute(
        "INSERT INTO users (username, display_name, role, created_at) "
        "VALUES (?, ?, ?, '2024-01-01T09:00:00')",
        [username, name, role],
    )
    return int(cur.lastrowid)


def _member(db, **data) -> int:
    return members.create_member(db, actor=SYSTEM, data=data).created_id


def _sale(db, member_id: int, at: str, yuan: int, clerk: int, qty: int = 1) -> int:
    return purchases.record_purchase(
        db,
        actor=SYSTEM,
        member_id=member_id,
        clerk_id=clerk,
        at=at,
        items=[{"category": "上衣", "qty": qty, "list_fen": yuan * 100, "paid_fen": yuan * 100}],
    ).created_id


def _contact(db, member_id, at, clerk, purpose, outcome, follow_up=None):
    contacts.log_contact(
        db,
        actor=SYSTEM,
        member_id=member_id,
        clerk_id=clerk,
        at=at,
        channel="phone",
        purpose=purpose,
        outcome=outcome,
        next_follow_up=follow_up,
    )


@pytest.fixture
def store(db):
    """Five members, two clerks; the figures below are worked out in each test."""
    owner = _user(db, "boss", "老板", "owner")
    a = _user(db, "a", "小李")
    b = _user(db, "b", "小王")
    boss = Actor(owner, "老板", "owner")
    # the points programme from 1 January 2026 (ledger empty, so it may start in the
    # past); ¥10 a point, points valid to the end of the next month
    loyalty.save_rules(
        db,
        actor=boss,
        rules={**loyalty.Rules().__dict__, "expiry_months": 1},
        effective_from="2026-01-01",
        today=TODAY,
    )
    reward = loyalty.save_reward(
        db, actor=boss, data={"name": "50元券", "kind": "coupon", "cost_points": 50}
    ).created_id
    _y, m, d, leap = lunar.solar_to_lunar(dt.date(2026, 11, 15))
    m1 = _member(db, name="张三", phone=PHONE, birthday="1980-11-05", joined_on="2025-01-10")
    m2 = _member(
        db,
        name="李四",
        phone="13900001111",
        birthday=f"--{m:02d}-{d:02d}",
        birthday_calendar="lunar",
        birthday_leap=int(leap),
        joined_on="2026-09-05",
    )
    m3 = _member(db, name="王五", birthday="1990-10-20", joined_on="2026-10-03")
    m4 = _member(db, name="赵六", joined_on="2024-01-01")
    m5 = _member(db, name="钱七", joined_on="2025-06-01")

    _sale(db, m1, "2025-02-01T10:00:00", 100, a)  # before the programme: no points
    _sale(db, m4, "2025-03-01T10:00:00", 50, a)
    _sale(db, m5, "2026-04-10T10:00:00", 80, a)  # 8 points, expire 1 June
    _sale(db, m1, "2026-08-20T10:00:00", 150, a)  # 15 points, expire 1 October
    _sale(db, m2, "2026-09-06T11:00:00", 200, b)  # 20 points
    _sale(db, m1, "2026-09-10T12:00:00", 300, a)  # 30 points
    _sale(db, m3, "2026-10-03T15:00:00", 1000, a)  # 100 points
    _sale(db, m1, "2026-10-05T10:00:00", 500, a)  # 50 points
    m2_oct = _sale(db, m2, "2026-10-12T16:00:00", 200, b, qty=2)  # 40 points
    _sale(db, m1, "2026-10-20T17:00:00", 200, b)  # 20 points
    item = purchases.get_purchase(db, m2_oct)["items"][0]["id"]
    purchases.record_return(  # ¥200 back, 20 points taken back
        db,
        actor=SYSTEM,
        purchase_id=m2_oct,
        lines=[{"item_id": item, "qty": 1}],
        clerk_id=b,
        at="2026-10-15T10:00:00",
    )
    loyalty.redeem(db, actor=SYSTEM, member_id=m3, reward_id=reward, at="2026-10-25T15:00:00")
    # M1 became gold on 6 October (the tier history the loyalty job writes)
    db.execute(
        "INSERT INTO tier_history (member_id, at, from_tier, to_tier, reason) "
        "VALUES (?, '2026-10-06T00:00:00', 'normal', 'gold', 'manual')",
        [m1],
    )
    db.execute("UPDATE members SET tier = 'gold' WHERE id = ?", [m1])

    # contacts (see test_follow_up_per_clerk)
    _contact(db, m2, "2026-09-07T10:00:00", b, "post_sale_day1", "reached")
    _contact(db, m1, "2026-10-06T10:00:00", a, "post_sale_day1", "reached")
    _contact(db, m3, "2026-10-04T10:00:00", a, "post_sale_day1", "no_answer")
    _contact(db, m3, "2026-10-05T10:00:00", a, "post_sale_day1", "reached")
    _contact(db, m1, "2026-10-22T10:00:00", b, "post_sale_day1", "reached")
    _contact(db, m2, "2026-10-20T10:00:00", b, "post_sale_day7", "declined")
    _contact(db, m1, "2026-10-15T10:00:00", a, "satisfaction", "reached", "2026-10-28")
    _contact(db, m1, "2026-10-29T10:00:00", a, "scheduled", "reached")
    _contact(db, m2, "2026-10-13T10:00:00", b, "post_sale_day1", "no_answer")

    # complaints and surveys (tables of m001; app/feedback/ writes them in the app)
    for at, resolved, cat, status in (
        ("2026-09-20T10:00:00", "2026-10-02T10:00:00", "quality", "resolved"),
        ("2026-10-05T09:00:00", "2026-10-07T09:00:00", "service", "resolved"),
        ("2026-10-10T09:00:00", "2026-10-11T21:00:00", "service", "closed"),
        ("2026-10-30T09:00:00", None, "quality", "open"),
    ):
        db.execute(
            "INSERT INTO complaints (member_id, at, category, description, status, "
            "resolved_at) VALUES (?, ?, ?, '质量问题', ?, ?)",
            [m1, at, cat, status, resolved],
        )
    for mid, at, overall, scores in (
        (m1, "2026-10-08T10:00:00", 4, [("quality", 5, 4), ("service", 3, 5)]),
        (m2, "2026-10-18T10:00:00", 5, [("quality", 4, 5)]),
        (m1, "2026-09-15T10:00:00", 3, [("service", 2, 4)]),
    ):
        sid = db.execute(
            "INSERT INTO surveys (member_id, at, overall) VALUES (?, ?, ?)", [mid, at, overall]
        ).lastrowid
        for factor, sat, imp in scores:
            db.execute(
                "INSERT INTO survey_scores (survey_id, factor, satisfaction, importance) "
                "VALUES (?, ?, ?, ?)",
                [sid, factor, sat, imp],
            )
    db.conn.commit()
    return {"a": a, "b": b, "m1": m1, "m2": m2, "m3": m3, "m4": m4, "m5": m5}


@pytest.fixture
def report(db, store):
    loyalty.expire_points(db, actor=SYSTEM, today=TODAY)
    return reports.build(db, "2026-10", today=TODAY)


def fig(section: dict, key: str) -> tuple:
    f = section["figures"][key]
    return f["value"], f["previous"], f["change"]


def rows(items: list[dict]) -> dict:
    return {x["code"]: (x["value"], x["previous"]) for x in items}


def test_report_is_plain_json_with_both_months(report):
    assert json.loads(json.dumps(report)) == report
    assert report["month"] == "2026-10" and report["previous_month"] == "2026-09"
    assert report["partial"] is False and report["as_of"] == "2026-10-31"
    assert set(report["sections"]) == set(reports.SECTIONS)


def test_members_new_active_dormant_lost(report):
    s = report["sections"]["members"]
    assert s["available"]
    assert fig(s, "total") == (5, 4, 1)  # 王五 joined in October
    assert fig(s, "new") == (1, 1, 0)  # 王五; 李四 in September
    assert fig(s, "active") == (3, 2, 1)  # 张三 李四 王五; 张三 李四
    assert fig(s, "first_time") == (1, 1, 0)  # 王五; 李四
    # 钱七's last purchase (10 April) is 204 days before 31 October, 173 before 30 Sep
    assert fig(s, "dormant") == (1, 0, 1)
    assert fig(s, "lost") == (1, 1, 0)  # 赵六 (March 2025)


def test_sales_total_ticket_repeat_rate_and_top_20_percent(report):
    s = report["sections"]["sales"]
    # October: 1000 + 500 + 400 + 200 paid, 200 refunded; September: 200 + 300
    assert fig(s, "total_fen") == (190000, 50000, 140000)
    assert fig(s, "tickets") == (4, 2, 2)  # the return is not a ticket
    assert fig(s, "avg_ticket_fen") == (52500, 25000, 27500)
    # buyers who had bought before the month: 张三 李四 of 3; 张三 of 2
    v, p, c = fig(s, "repeat_rate")
    assert (v, p) == (approx(2 / 3), 0.5) and c == approx(2 / 3 - 0.5)
    # top 20% of 3 buyers = 1 (王五 1000 of 1900); of 2 = 1 (张三 300 of 500)
    v, p, _ = fig(s, "top20_share")
    assert v == approx(1000 / 1900) and p == approx(0.6)


def test_sales_by_tier_held_at_month_end_and_by_pyramid_layer(report):
    s = report["sections"]["sales"]
    # 张三 gold from 6 October (700 in October), normal at the end of September
    assert rows(s["by_tier"]) == {
        "diamond": (0, 0),
        "gold": (70000, 0),
        "silver": (0, 0),
        "normal": (120000, 50000),
    }
    # 12-month spend at 31 October: 张三 1150, 王五 1000 (iron: ranks 1-2 of 4 > top
    # 20%), 李四 400, 钱七 80 (lead); at 30 September: 张三 450 iron, 李四 200 lead
    by_layer = rows(s["by_layer"])
    assert by_layer["iron"] == (170000, 30000)
    assert by_layer["lead"] == (20000, 20000)
    assert by_layer["platinum"] == by_layer["gold"] == (0, 0)


def test_top_members_ranked_by_the_months_spend_with_masked_phones(report):
    top = report["sections"]["top_members"]["rows"]
    assert [(r["name"], r["spend_fen"], r["tickets"]) for r in top] == [
        ("王五", 100000, 1),
        ("张三", 70000, 2),
        ("李四", 20000, 1),
    ]
    assert top[1]["phone"] == "138****5678" and top[1]["tier"] == "gold"
    assert top[1]["previous_fen"] == 30000 and top[0]["layer"] == "iron"
    assert PHONE not in json.dumps(report)


def test_pyramid_and_lifecycle_movement_since_last_month(report):
    s = report["sections"]["segments"]
    assert rows(s["pyramid"]) == {
        "platinum": (0, 0),
        "gold": (0, 0),
        "iron": (2, 1),
        "lead": (2, 2),
        "inactive": (1, 1),
    }
    # 张三: repeat -> loyal (4 purchase days in 12 months, a customer for > 1 year);
    # 李四: new -> repeat; 钱七: new -> dormant; 王五 joined (new)
    assert rows(s["lifecycle"]) == {
        "prospect": (0, 0),
        "new": (1, 2),
        "repeat": (1, 1),
        "loyal": (1, 0),
        "dormant": (1, 0),
        "lost": (1, 1),
    }
    mv = s["movement"]
    assert mv["new_members"] == 1
    assert mv["lifecycle"]["moved"] == 3
    assert mv["lifecycle"]["flows"] == {"new->dormant": 1, "new->repeat": 1, "repeat->loyal": 1}
    assert mv["pyramid"] == {"moved": 0, "flows": {}, "up": 0, "down": 0}
    # September against August: 李四 joined, nobody moved
    assert s["movement_previous"]["new_members"] == 1
    assert s["movement_previous"]["lifecycle"]["moved"] == 0


def test_follow_up_per_clerk(report, store):
    s = report["sections"]["follow_up"]
    by = {c["clerk_id"]: c for c in s["clerks"]}

    def vals(c, key):
        return c[key]["value"], c[key]["previous"]

    a, b = by[store["a"]], by[store["b"]]
    assert a["name"] == "小李"
    # 小李: post-sale day 1 and day 7 of 张三 (5 Oct) and 王五 (3 Oct), and the
    # follow-up of 28 Oct he scheduled; done: 张三 day 1, 王五 day 1 (after one
    # unanswered try), the follow-up; September: 张三's two calls, not made
    assert vals(a, "due") == (5, 2)
    assert vals(a, "done") == (3, 0)
    assert vals(a, "overdue") == (2, 2)
    assert vals(a, "calls") == (5, 0)
    assert vals(a, "reached") == (4, 0)
    assert a["reached_rate"]["value"] == approx(0.8)
    assert a["reached_rate"]["previous"] is None
    # 小王: 张三 (20 Oct) day 1 done on day 2 (within the 3 days shown), day 7 not; 李四
    # (12 Oct) day 1 only an unanswered try, day 7 declined (counts as done)
    assert vals(b, "due") == (4, 2)
    assert vals(b, "done") == (2, 1)
    assert vals(b, "overdue") == (2, 1)
    assert vals(b, "calls") == (3, 1)
    assert b["reached_rate"]["value"] == approx(1 / 3)
    total = s["total"]
    assert total["due"]["value"] == 9 and total["done"]["value"] == 5
    assert total["calls"]["value"] == 8 and total["reached"]["value"] == 5


def test_follow_up_not_yet_due_is_not_overdue(db, store):
    data = reports.build(db, "2026-10", today=dt.date(2026, 10, 12))
    a = {c["clerk_id"]: c for c in data["sections"]["follow_up"]["clerks"]}[store["a"]]
    # on 12 October only 王五's day-7 call (due 10 Oct) is overdue; 张三's is due today
    assert a["overdue"]["value"] == 1
    assert data["partial"] is True


def test_complaints_opened_resolved_median_days(report):
    s = report["sections"]["complaints"]
    assert fig(s, "opened") == (3, 1, 2)
    assert fig(s, "resolved") == (3, 0, 3)
    # 12, 2 and 1.5 days; nothing resolved in September
    assert fig(s, "median_days") == (2.0, None, None)
    assert fig(s, "open_at_end") == (1, 1, 0)
    assert rows(s["by_category"]) == {"quality": (1, 1), "service": (2, 0)}


def test_satisfaction_averages(report):
    s = report["sections"]["satisfaction"]
    assert fig(s, "surveys") == (2, 1, 1)
    assert fig(s, "overall") == (4.5, 3.0, 1.5)
    f = {x["factor"]: x for x in s["factors"]}
    assert f["quality"]["satisfaction"]["value"] == 4.5
    assert f["quality"]["importance"]["value"] == 4.5 and f["quality"]["answers"] == 2
    assert f["service"]["satisfaction"] == {"value": 3.0, "previous": 2.0, "change": 1.0}


def test_points_issued_redeemed_expired_and_liability(report):
    s = report["sections"]["points"]
    assert s["available"]
    assert fig(s, "issued") == (210, 50, 160)  # 100 + 50 + 40 + 20; 20 + 30
    assert fig(s, "redeemed") == (50, 0, 50)
    assert fig(s, "expired") == (15, 0, 15)  # 张三's August points, on 1 October
    assert fig(s, "clawed_back") == (20, 0, 20)  # 李四's return
    # 283 earned − 8 − 15 expired − 20 − 50 = 190; September: 45 + 20 (钱七's 8 gone)
    assert fig(s, "outstanding") == (190, 65, 125)
    assert fig(s, "liability_fen") == (19000, 6500, 12500)


def test_outstanding_points_do_not_wait_for_the_expiry_job(db, store):
    before = reports.build(db, "2026-10", today=TODAY)["sections"]["points"]
    loyalty.expire_points(db, actor=SYSTEM, today=TODAY)
    after = reports.build(db, "2026-10", today=TODAY)["sections"]["points"]
    assert fig(before, "outstanding") == fig(after, "outstanding") == (190, 65, 125)
    assert fig(before, "expired")[0] == 0 and fig(after, "expired")[0] == 15


def test_next_months_birthdays_solar_and_lunar(report):
    s = report["sections"]["birthdays"]
    assert s["month"] == "2026-11"
    # November: 张三 (solar 5 Nov) and 李四 (lunar, falls on 15 Nov); October: 王五
    assert fig(s, "next_month") == (2, 1, 1)


def test_trend_has_twelve_months_ending_with_the_report_month(report):
    months = report["sections"]["trend"]["months"]
    assert len(months) == 12 and months[-1]["month"] == "2026-10"
    assert months[-1]["sales_fen"] == 190000 and months[-2]["sales_fen"] == 50000
    assert months[-3] == {
        "month": "2026-08",
        "sales_fen": 15000,
        "active_members": 1,
        "new_customers": 0,
    }


def test_an_empty_store_says_plainly_that_each_section_has_no_data(db):
    data = reports.build(db, "2026-10", today=TODAY)
    for name in reports.SECTIONS:
        assert data["sections"][name]["available"] is False, name
        assert data["sections"][name]["note"], name
    assert data["sections"]["complaints"]["note"] == "no_complaints"
    assert data["sections"]["points"]["note"] == "points_not_started"


def test_bad_and_future_months_are_refused(db):
    with pytest.raises(reports.ReportError, match="YYYY-MM"):
        reports.build(db, "2026-13", today=TODAY)
    with pytest.raises(reports.ReportError, match="not begun"):
        reports.build(db, "2026-12", today=TODAY)


def test_building_a_report_writes_nothing(db, store):
    loyalty.refresh_stale(db)
    db.conn.commit()
    before = db.execute("SELECT total_changes()").fetchone()[0]
    reports.build(db, "2026-10", today=TODAY)
    assert db.execute("SELECT total_changes()").fetchone()[0] == before
    assert not db.conn.in_transaction


# ------------------------------------------------------------------ rendering


def _pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) not installed",
)


@needs_poppler
def test_pdf_is_seven_a4_pages_in_chinese_with_masked_phones(report, tmp_path):
    import warnings

    pdf = tmp_path / "report.pdf"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert render.write_pdf(report, pdf) == 7
    assert not [w for w in caught if "Glyph" in str(w.message)]
    text = _pdftotext(pdf)
    for expected in (
        "2026年10月 月度经营报表",
        "对比上月 2026年9月",
        "销售额（净额，元）",
        "1,900.00",  # October's net sales
        "+1,400.00",
        "回头客比例",
        "66.7%",
        "导购回访工作",
        "小李",
        "顾客金字塔",
        "重复购买 → 忠诚",
        "本月消费前20名会员",
        "138****5678",
        "下月生日会员（2026年11月，公历+农历）",
        "积分负债（元）",
        "190.00",
        "金卡",  # the store's name for the tier
    ):
        assert expected in text, expected
    assert "第7/7页" in text.replace(" ", "")  # the footer
    assert PHONE not in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "595.44 x 841.68 pts" in info  # A4
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "p")], check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == 7 and all(p.stat().st_size > 5000 for p in pngs)
    if os.environ.get("KEEP_SHOTS"):  # for a person to look at the pages
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), "/tmp/report_test"], check=True)


@needs_poppler
def test_pdf_of_an_empty_store_says_so_in_each_section(db, tmp_path):
    data = reports.build(db, "2026-10", today=TODAY)
    pdf = tmp_path / "empty.pdf"
    render.write_pdf(data, pdf)
    text = _pdftotext(pdf)
    assert "本节暂无数据：还没有登记过投诉。" in text
    assert "本节暂无数据：积分计划尚未开始。" in text
    assert "本节暂无数据：还没有消费记录。" in text


def test_english_pages_and_rgba_render_at_a_printers_resolution(report):
    figs = render.pages(report, lang="en")
    texts = "\n".join(t.get_text() for f in figs for t in f.texts)
    assert "Monthly summary" in texts and "Net sales (yuan)" in texts
    w, h, data = render.render_rgba(figs[0], 50)
    assert (w, h) == (int(8.27 * 50), int(11.69 * 50)) and len(data) == w * h * 4


def test_xlsx_has_one_sheet_per_section_with_masked_phones(report, tmp_path):
    import openpyxl

    path = tmp_path / "report.xlsx"
    assert render.write_xlsx(report, path) == 14
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "会员",
        "销售",
        "投诉",
        "满意度",
        "积分",
        "生日",
        "赠礼",
        "档案新鲜度",
        "会员活动",
        "导购与表扬",
        "金字塔与生命周期",
        "导购回访工作",
        "前20名会员",
        "近12个月销售趋势",
    ]
    sales = {r[0]: r[1:4] for r in book["销售"].iter_rows(values_only=True)}
    assert sales["销售额（净额，元）"] == (1900, 500, 1400)
    assert sales["金卡"] == (700, None, 700) or sales["金卡"] == (700, 0, 700)
    top = list(book["前20名会员"].iter_rows(values_only=True))
    assert top[2][2:4] == ("张三", "138****5678")
    all_text = json.dumps(
        [[c for c in r] for ws in book for r in ws.iter_rows(values_only=True)],
        ensure_ascii=False,
        default=str,
    )
    assert PHONE not in all_text


# ------------------------------------------------------------------ command line


def test_report_command_json_pdf_and_xlsx(db, store, db_path, tmp_path, capsys):
    db.conn.commit()
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    code = cli.main(
        [
            "report",
            "--db",
            str(db_path),
            "--month",
            "2026-10",
            "--json",
            "--pdf",
            str(pdf),
            "--xlsx",
            str(xlsx),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert data["sections"]["sales"]["figures"]["total_fen"]["value"] == 190000
    assert data["files"]["pdf"]["pages"] == 7 and pdf.stat().st_size > 10_000
    assert data["files"]["xlsx"]["sheets"] == 14 and xlsx.exists()


def test_report_command_prints_figures_and_fails_in_one_line(db, store, db_path, capsys):
    db.conn.commit()
    assert cli.main(["report", "--db", str(db_path), "--month", "2026-10"]) == 0
    out = capsys.readouterr().out
    assert "销售额（净额，元）: 1,900.00" in out and "+1,400.00" in out
    assert cli.main(["report", "--db", str(db_path), "--month", "2099-01"]) == 1
    assert capsys.readouterr().err.strip() == "error: 2099-01 has not begun yet"
    assert cli.main(["report", "--db", str(db_path), "--month", "2026-10", "--pdf", "x.txt"]) == 1
    assert "must end in .pdf" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["report", "--db", str(db_path), "--month", "October"])


def test_seconds_parse_fast_and_slow_shapes_alike():
    fast = reports._seconds("2026-10-05T10:00:01,1970-01-02T00:00:00", 2)
    slow = reports._seconds("2026-10-05T10:00:01.5,1970-01-02T00:00:00", 2)
    expected = int((dt.datetime(2026, 10, 5, 10, 0, 1) - dt.datetime(1970, 1, 1)).total_seconds())
    assert fast.tolist() == slow.tolist() == [expected, 86400]


def test_inside_a_transaction_the_report_sees_its_uncommitted_rows(db, store):
    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), db.atomic():
        _member(db, name="孙八", joined_on="2026-10-09")
        assert db.conn.in_transaction
        data = reports.build(db, "2026-10", today=TODAY)
        raise Rollback
    assert fig(data["sections"]["members"], "new")[0] == 2
    assert fig(reports.build(db, "2026-10", today=TODAY)["sections"]["members"], "new")[0] == 1


def test_a_month_without_sales_says_so_in_the_top_members(db, store):
    data = reports.build(db, "2026-07", today=TODAY)
    top = data["sections"]["top_members"]
    assert top["available"] is False and top["note"] == "no_sales_this_month"
    assert data["sections"]["sales"]["figures"]["total_fen"]["value"] == 0


def test_a_clerk_idle_last_month_shows_zeros_not_blanks(db, store):
    boss = db.execute("SELECT id FROM users WHERE username = 'boss'").fetchone()[0]
    _contact(db, store["m4"], "2026-10-10T10:00:00", boss, "promotion", "reached")
    data = reports.build(db, "2026-10", today=TODAY)
    row = {c["clerk_id"]: c for c in data["sections"]["follow_up"]["clerks"]}[boss]
    assert row["calls"] == {"value": 1, "previous": 0, "change": 1}
    assert row["due"] == {"value": 0, "previous": 0, "change": 0}
    assert row["reached_rate"] == {"value": 1.0, "previous": None, "change": None}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """The 2,000-member demo shop (four years of sales up to TODAY) plus the rare rows
    the report's reader treats specially: zero-amount sales and returns, and a member
    whose only purchase long ago is a zero-amount return."""
    from app import demo
    from app.db import open_db

    path = tmp_path_factory.mktemp("demo2000") / "demo.db"
    db = open_db(path)
    demo.generate(db, members=2000, seed=11, today=TODAY)
    ids = [r[0] for r in db.execute("SELECT id FROM members ORDER BY id LIMIT 3")]
    some = db.execute("SELECT MIN(id) FROM purchases").fetchone()[0]

    def row(member: int, at: str, paid: int, return_of: int | None = None) -> int:
        return db.execute(
            "INSERT INTO purchases (member_id, at, total_fen, paid_fen, return_of, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [member, at, abs(paid), paid, return_of, at],
        ).lastrowid

    zero = row(ids[0], "2023-03-03T10:00:00", 0)  # an old zero-amount sale, its return
    row(ids[0], "2023-03-03T11:00:00", 0, zero)
    row(ids[0], "2023-05-01T10:00:00", 0, some)  # a lone zero-amount return: no purchase
    row(ids[1], "2026-09-09T10:00:00", 0, some)  # the same in the detail months
    new = _member(db, name="零", joined_on="2023-01-01")
    row(new, "2023-06-01T10:00:00", 0, some)  # only a zero-amount return, long ago
    db.conn.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    yield db
    db.close()


@pytest.mark.parametrize(
    "month", ["2022-11", "2023-06", "2023-12", "2024-02", "2025-03", "2026-10", "2026-11"]
)
def test_recent_rows_and_stand_ins_give_the_figures_of_every_row(demo_store, month, monkeypatch):
    """The report reads the last ~15 months in detail and older purchases as per-member
    first and last days: every figure equals the one made from all the rows."""
    from app.analytics import rows

    fast = reports.build(demo_store, month, today=TODAY)
    with monkeypatch.context() as m:  # amounts too large to pack: the plain query
        m.setattr(rows, "_PACKED_SQL", rows._PACKED_SQL.replace("ABS(paid_fen)", "1 << 50"))
        plain = reports.build(demo_store, month, today=TODAY)
    every_row = rows.load_rows

    def read_every_row(db, *, as_of, since, **kw):
        return every_row(db, as_of=as_of, **kw)

    monkeypatch.setattr(rows, "load_rows", read_every_row)
    full = reports.build(demo_store, month, today=TODAY)
    for data in (fast, plain, full):
        data.pop("made_at")
    assert fast["sections"] == full["sections"]
    assert fast == plain == full
    assert full["sections"]["sales"]["figures"]["total_fen"]["value"] != 0


@pytest.mark.parametrize("month", ["2023-06", "2024-02", "2026-08", "2026-10", "2026-11"])
def test_month_end_facts_are_those_of_compute_facts(demo_store, month):
    """The report's light month-end facts (running sums at searchsorted bounds) equal
    app.analytics.compute_facts on the same rows, stand-ins included."""
    import numpy as np

    from app import analytics as segments

    first = reports.parse_month(month)
    since = reports.add_months(first, -14)
    last = reports.add_months(first, 1) - dt.timedelta(days=1)
    pur = reports._Purchases(demo_store, since, last, None)
    for end in (
        last,
        first - dt.timedelta(days=1),
        reports.add_months(first, -1) - dt.timedelta(days=1),
    ):
        light = pur.facts_at(end)
        full = segments.compute_facts(pur.rows, pur.members, end)
        for name in (
            "member_ids",
            "customer",
            "recency_days",
            "tenure_days",
            "days",
            "days_12m",
            "spend_12m_fen",
        ):
            assert np.array_equal(getattr(light, name), getattr(full, name)), (end, name)
        rules = segments.Rules.load(demo_store)
        assert np.array_equal(
            segments.lifecycle_states(light, rules), segments.lifecycle_states(full, rules)
        )


def _private_imports(path: Path, libraries: tuple[str, ...]) -> list[str]:
    """``lib._private`` modules or ``_names`` imported from ``libraries`` in one file."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            pairs = [(a.name, a.name.split(".")[-1]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            pairs = [(node.module, a.name) for a in node.names]
        else:
            continue
        for module, name in pairs:
            parts = [*module.split("."), name]
            if parts[0] in libraries and any(x.startswith("_") for x in parts[1:]):
                found.append(f"{path.name}:{node.lineno}: {module} {name}")
    return found


def test_the_report_reaches_its_font_libraries_only_through_public_modules(tmp_path):
    """No private matplotlib / fontTools / reportlab module or name is imported (the
    report used to patch ``matplotlib.backends._backend_pdf_ps``); the scan sees one."""
    from app.paths import project_root

    libraries = ("matplotlib", "fontTools", "reportlab", "PIL")
    app_dir = project_root() / "app"
    files = [*sorted((app_dir / "report").glob("*.py")), app_dir / "plotting.py"]
    assert len(files) > 5
    assert [f for path in files for f in _private_imports(path, libraries)] == []
    sample = tmp_path / "m.py"
    sample.write_text(
        "from matplotlib.backends import _backend_pdf_ps as p\n"
        "import matplotlib._api\nfrom matplotlib.font_manager import fontManager\n",
        encoding="utf-8",
    )
    assert len(_private_imports(sample, libraries)) == 2


@needs_poppler
def test_matplotlibs_writer_embeds_a_subset_of_the_bundled_font_its_own_way(report, tmp_path):
    """The fallback writer (``fast=False``, or a page the fast writer does not draw)
    embeds the bundled font through matplotlib's own subsetting: searchable text, the
    font embedded as a subset far smaller than the 22,463-glyph file."""
    from app.paths import resource
    from app.plotting import BUNDLED_FONT_FILE

    pdf = tmp_path / "slow.pdf"
    assert render.write_pdf(report, pdf, fast=False) == 7
    assert "Matplotlib" in _producer(pdf)
    assert "2026年10月 月度经营报表" in _pdftotext(pdf)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    bundled = [line for line in fonts.splitlines() if "VIPKeeperSansSC" in line]
    assert bundled and all(" yes yes " in line for line in bundled)  # embedded, subset
    full = resource("fonts", BUNDLED_FONT_FILE).stat().st_size
    assert pdf.stat().st_size < full / 4


def _gray_pages(pdf: Path, folder: Path, tag: str) -> list:
    import numpy as np
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(folder / tag)], check=True)
    return [np.asarray(Image.open(p), float) for p in sorted(folder.glob(f"{tag}-*.pgm"))]


def _producer(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout


@needs_poppler
def test_fast_pdf_looks_like_matplotlibs_own(report, tmp_path):
    """The fast writer (reportlab text, charts drawn once by matplotlib) puts every string
    where matplotlib's PDF backend puts it: pages without charts agree to a fraction of
    a grey level at 40 dpi (a line of text 0.07 em off already gives > 1), pages with
    charts differ only by the charts' rasterising."""
    import numpy as np

    fast, slow = tmp_path / "fast.pdf", tmp_path / "slow.pdf"
    assert render.write_pdf(report, fast) == 7
    assert render.write_pdf(report, slow, fast=False) == 7
    assert "ReportLab" in _producer(fast) and "Matplotlib" in _producer(slow)
    fonts = subprocess.run(["pdffonts", str(fast)], capture_output=True, text=True).stdout
    assert "VIPKeeperSansSC" in fonts
    assert all(" yes yes " in line for line in fonts.splitlines()[2:])  # all embedded
    charts = [bool(f.axes) for f in render.pages(report)]
    assert any(charts) and not all(charts)
    for has_charts, a, b in zip(
        charts, _gray_pages(fast, tmp_path, "f"), _gray_pages(slow, tmp_path, "s"), strict=True
    ):
        assert a.shape == b.shape
        assert float(np.abs(a - b).mean()) < (3.0 if has_charts else 0.5)


@needs_poppler
def test_fast_pdf_draws_signs_the_bundled_font_lacks_with_dejavu(tmp_path):
    from matplotlib.figure import Figure

    from app.plotting import BUNDLED_FAMILY

    fonts = render.fonts.reportlab_fonts()
    assert fonts is not None and ord("✓") not in fonts["covered"]
    fig = Figure(figsize=render.A4)
    with __import__("matplotlib").rc_context({"font.family": [BUNDLED_FAMILY, "DejaVu Sans"]}):
        fig.text(0.1, 0.5, "已回访 ✓ 3 次", fontsize=12, va="center")
    pdf = tmp_path / "signs.pdf"
    assert render.write_pages_fast([fig], pdf, {"Title": "t"})
    assert "已回访 ✓ 3 次" in _pdftotext(pdf)
    fonts_used = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts_used and "VIPKeeperSansSC" in fonts_used


@needs_poppler
def test_a_page_the_fast_writer_does_not_know_goes_to_matplotlibs_writer(
    report, tmp_path, monkeypatch
):
    real = render.pages

    def with_rotated_text(*args, **kwargs):
        figs = real(*args, **kwargs)
        figs[2].text(0.5, 0.5, "草稿", rotation=45, va="center")
        return figs

    monkeypatch.setattr(render.pdf, "pages", with_rotated_text)
    pdf = tmp_path / "r.pdf"
    assert render.write_pdf(report, pdf) == 7
    assert "Matplotlib" in _producer(pdf)
    assert "2026年10月 月度经营报表" in _pdftotext(pdf)
