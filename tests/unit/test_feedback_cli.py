"""``python main.py feedback``: JSON with each factor's quadrant, complaint counts and
the median time to resolve, lost reasons and the win-back rate; human-readable text;
one-line errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app import cli, feedback
from app.members import create_member

TODAY = dt.date.today()


def at(days: int, hour: int = 10) -> str:
    return dt.datetime.combine(TODAY - dt.timedelta(days=days), dt.time(hour)).isoformat()


@pytest.fixture
def store(db, db_path, actor):
    m = create_member(db, actor=actor, data={"name": "李琳"}).created_id
    feedback.record_survey(
        db,
        actor=actor,
        member_id=m,
        at=at(5),
        overall=3,
        scores={"quality": (2, 5), "service": (5, 5), "store_image": (2, 1), "price": (5, 1)},
    )
    for hours in (4, 20):
        cid = feedback.register_complaint(
            db, actor=actor, member_id=m, category="service", description="慢", at=at(10)
        ).created_id
        resolved = dt.datetime.fromisoformat(at(10)) + dt.timedelta(hours=hours)
        feedback.update_complaint(
            db,
            complaint_id=cid,
            data={"status": "resolved", "resolution": "致歉", "resolved_at": resolved.isoformat()},
            actor=actor,
        )
    feedback.register_complaint(
        db, actor=actor, member_id=m, category="price", description="贵", at=at(6)
    )
    gone = create_member(db, actor=actor, data={"name": "王芳"}).created_id
    feedback.mark_lost(db, member_id=gone, reason="no_novelty", note=None, actor=actor)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db_path


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_feedback_json_reports_quadrants_complaints_lost_reasons_and_winback(store, capsys):
    code, out, err = run_cli(
        capsys,
        "feedback",
        "--db",
        str(store),
        "--from",
        (TODAY - dt.timedelta(days=30)).isoformat(),
        "--to",
        TODAY.isoformat(),
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["surveys"] == 1 and data["overall_mean"] == 3.0
    assert data["axes"] == {"importance": 3.0, "satisfaction": 3.5}
    assert {f["factor"]: f["quadrant"] for f in data["factors"]} == {
        "quality": "improve",
        "service": "keep",
        "store_image": "low_priority",
        "price": "bonus",
    }
    c = data["complaints"]
    assert c["total"] == 3 and c["resolved"] == 2
    assert c["by_status"] == {"open": 1, "in_progress": 0, "resolved": 2, "closed": 0}
    assert c["by_category"]["service"] == 2 and c["by_category"]["price"] == 1
    assert c["median_resolution_hours"] == 12.0
    assert c["overdue_now"] == 1
    assert data["lost_reasons"]["no_novelty"] == 1 and sum(data["lost_reasons"].values()) == 1
    assert data["winback"]["called"] == 0 and data["winback"]["rate"] is None


def test_a_period_without_data_reports_zeros(store, capsys):
    code, out, _ = run_cli(
        capsys,
        "feedback",
        "--db",
        str(store),
        "--from",
        "2001-01-01",
        "--to",
        "2001-12-31",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["factors"] == [] and data["complaints"]["total"] == 0
    assert data["complaints"]["median_resolution_hours"] is None


def test_feedback_text_names_quadrants_and_the_median_in_chinese(store, capsys):
    code, out, _ = run_cli(capsys, "feedback", "--db", str(store))
    assert code == 0
    assert "急需改进 (improve)" in out and "锦上添花 (bonus)" in out
    assert "median time to resolve: 12.0 h" in out
    assert "款式缺乏新意 1" in out


def test_bad_arguments_fail_with_one_line(tmp_path, store, capsys):
    code, _, err = run_cli(capsys, "feedback", "--db", str(tmp_path / "none.db"))
    assert code != 0 and "no such file" in err
    code, _, err = run_cli(
        capsys, "feedback", "--db", str(store), "--from", "2026-02-01", "--to", "2026-01-01"
    )
    assert code != 0 and "after" in err
