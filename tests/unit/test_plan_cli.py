"""``calls`` and ``messages`` on the command line: the same rows as app.plan."""

from __future__ import annotations

import datetime as dt
import json

from app import cli, plan
from app.core import SYSTEM
from app.members import create_member

TODAY = dt.date(2026, 6, 10)


def test_calls_prints_the_same_rows_as_the_plan_for_all_or_one_clerk(db, db_path, clerk, capsys):
    bday = f"1990-{TODAY:%m-%d}"
    create_member(
        db, actor=SYSTEM, data={"name": "张三", "birthday": bday, "consent_channels": ["sms"]}
    )
    expected = plan.plan_json(plan.daily_plan(db, today=TODAY))
    assert cli.main(["calls", "--db", str(db_path), "--date", TODAY.isoformat(), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["member_no"] for r in data["rows"]] == [r["member_no"] for r in expected] != []
    assert data["counts"] == {"today": 1, "later": 0, "done": 0}
    assert cli.main(["calls", "--db", str(db_path), "--date", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "1 today, 0 later, 0 done" in out and "张三  会员生日  [小李]" in out
    argv = ["calls", "--db", str(db_path), "--date", TODAY.isoformat(), "--json"]
    assert cli.main([*argv, "--clerk", "clerk1"]) == 0
    # no clerk known for 张三: the only clerk takes the member
    assert [r["name"] for r in json.loads(capsys.readouterr().out)["rows"]] == ["张三"]
    assert cli.main([*argv, "--clerk", "none"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == []
    assert cli.main(["calls", "--db", str(db_path), "--clerk", "nobody"]) == 1
    assert "no user named 'nobody'" in capsys.readouterr().err


def test_messages_prints_greetings_with_their_text_for_consenting_members(db, db_path, capsys):
    bday = f"1990-{TODAY:%m-%d}"
    create_member(
        db,
        actor=SYSTEM,
        data={
            "name": "张三",
            "phone": "13812345678",
            "birthday": bday,
            "consent_channels": ["sms"],
        },
    )
    create_member(
        db, actor=SYSTEM, data={"name": "李四", "birthday": bday, "consent_channels": ["phone"]}
    )
    assert cli.main(["messages", "--db", str(db_path), "--date", TODAY.isoformat(), "--json"]) == 0
    (m,) = json.loads(capsys.readouterr().out)["messages"]
    assert (m["name"], m["phone"], m["channel"], m["reason"]) == (
        "张三",
        "138****5678",
        "sms",
        "birthday",
    )
    assert m["text"].startswith("张三") and "生日快乐" in m["text"]
