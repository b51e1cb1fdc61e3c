"""The store-file and clean-up commands: init (an empty store, never over an existing
file), import into a missing file says how to make one, duplicates, merge, anonymise."""

from __future__ import annotations

import json

import pytest

from app import cli, members, settings
from app.core import SYSTEM
from app.db import open_db


def test_init_makes_an_empty_store_and_refuses_an_existing_file(tmp_path, capsys):
    path = tmp_path / "new" / "store.db"
    assert (
        cli.main(["init", "--db", str(path), "--store-name", "滨江店", "--store-code", "BJ"]) == 0
    )
    db = open_db(path)
    try:
        assert members.count_members(db) == 0
        assert settings.get(db, "store_name") == "滨江店" and settings.get(db, "store_code") == "BJ"
    finally:
        db.close()
    before = path.read_bytes()
    assert cli.main(["init", "--db", str(path)]) != 0
    assert "already exists" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_import_into_a_missing_store_says_to_run_init(tmp_path, capsys):
    data = tmp_path / "m.csv"
    data.write_text("姓名,手机号\n张三,13800000000\n", "utf-8")
    missing = tmp_path / "nowhere.db"
    assert cli.main(["import", "--db", str(missing), "--kind", "members", str(data)]) != 0
    err = capsys.readouterr().err
    assert "init --db" in err and not missing.exists()


@pytest.fixture
def pair_store(tmp_path):
    path = tmp_path / "store.db"
    db = open_db(path)
    a = members.create_member(
        db, actor=SYSTEM, data={"name": "王小明", "phone": "13800001234", "birthday": "1990-05-01"}
    ).created_id
    b = members.create_member(
        db, actor=SYSTEM, data={"name": "王小明", "birthday": "1990-05-01"}
    ).created_id
    numbers = [members.get_member(db, i, actor=SYSTEM, unmask=True)["member_no"] for i in (a, b)]
    db.close()
    return path, numbers


def test_duplicates_lists_the_pair_and_merge_joins_it(pair_store, capsys):
    path, (keep, remove) = pair_store
    assert cli.main(["duplicates", "--db", str(path), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [[m["member_no"] for m in c["members"]] for c in found] == [[keep, remove]]
    assert found[0]["reasons"] == ["name_birthday"]
    assert "****" in found[0]["members"][0]["phone"]
    assert cli.main(["duplicates", "--db", str(path)]) == 0
    assert "同名同生日" in capsys.readouterr().out
    assert cli.main(["merge", "--db", str(path), "--keep", keep, "--remove", remove]) == 0
    assert cli.main(["duplicates", "--db", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1]) == []
    db = open_db(path)
    try:
        assert members.resolve(db, member_no=remove) == members.resolve(db, member_no=keep)
    finally:
        db.close()


def test_anonymise_from_the_command_line(pair_store, capsys):
    path, (number, _other) = pair_store
    assert (
        cli.main(["anonymise", "--db", str(path), "--member", number, "--reason", "本人要求"]) == 0
    )
    db = open_db(path)
    try:
        member = members.get_member(
            db, members.resolve(db, member_no=number), actor=SYSTEM, unmask=True
        )
        assert member["status"] == "anonymised" and member["phone"] is None
    finally:
        db.close()
    assert cli.main(["anonymise", "--db", str(path), "--member", number]) != 0
