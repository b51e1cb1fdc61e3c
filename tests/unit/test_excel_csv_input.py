"""Odd and broken CSV files end in a message naming the file (and the line), never in a
raw codec or csv error; BOMs of every kind are understood, and a huge line is refused
without reading the file into memory twice."""

from __future__ import annotations

import codecs
import tracemalloc

import pytest

from app.excel import FileRefused
from app.excel.importer import plan_import
from app.excel.readers import MAX_CSV_FIELD_CHARS, read_table


def header_score(cells: list[str]) -> int:
    return sum(1 for c in cells if c in ("姓名", "手机号"))


def test_a_utf16_file_cut_in_half_names_the_file_not_the_codec(tmp_path):
    f = tmp_path / "会员.csv"
    f.write_bytes(b"\xff\xfe\x41\x00\x42\x00\x43")  # 7 bytes: the last character cut
    with pytest.raises(FileRefused) as exc:
        read_table(f, score_header=header_score)
    assert exc.value.code == "text_broken"
    assert "会员.csv" in exc.value.message("zh") and "UTF-16" in exc.value.message("zh")
    assert "codec" not in exc.value.message("en")


def test_a_field_over_the_limit_is_refused_with_its_line(tmp_path):
    f = tmp_path / "big.csv"
    f.write_text(
        '姓名,手机号\n张三,13800000000\n李四,"' + "长" * (MAX_CSV_FIELD_CHARS + 10) + '"\n',
        "utf-8",
    )
    with pytest.raises(FileRefused) as exc:
        read_table(f, score_header=header_score)
    assert exc.value.code == "csv_field_too_large"
    assert exc.value.params["row"] == 3
    assert "big.csv 第 3 行" in exc.value.message("zh")


def test_a_huge_single_line_is_refused_fast_without_holding_the_file(tmp_path):
    f = tmp_path / "one-line.csv"
    with f.open("w", encoding="utf-8") as fh:
        fh.write("姓名,手机号\n")
        for _ in range(40):
            fh.write("x" * (1024 * 1024))  # 40 MB on one line
    tracemalloc.start()
    try:  # how fast: tests/bench/bench_excel.py; here the memory it holds
        with pytest.raises(FileRefused) as exc:
            read_table(f, score_header=header_score)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert exc.value.code == "csv_field_too_large"
    assert peak < 20 * 1024 * 1024  # the whole file would be 40 MB, decoded 2-4x that


def test_two_byte_order_marks_do_not_hide_the_first_header(db, tmp_path):
    f = tmp_path / "twice.csv"
    f.write_bytes(codecs.BOM_UTF8 * 2 + "姓名,手机号\n张三,13800000000\n".encode())
    table = read_table(f, score_header=header_score)
    assert table.headers == ["姓名", "手机号"]
    plan = plan_import(db, f, kind="members")
    assert plan.counts.get("new") == 1 and not plan.rejections


@pytest.mark.parametrize("encoding", ["utf-32", "utf-16"])
def test_unicode_text_with_a_bom_is_read(tmp_path, encoding):
    f = tmp_path / f"{encoding}.csv"
    f.write_bytes("姓名\t手机号\r\n张三\t13800000000\r\n".encode(encoding))  # writes a BOM
    table = read_table(f, score_header=header_score)
    assert table.headers == ["姓名", "手机号"]
    assert table.rows == [["张三", "13800000000"]]


def test_a_gbk_file_is_still_read_after_utf8_fails_midway(tmp_path):
    f = tmp_path / "pos.csv"
    body = "姓名,手机号\n" + "王五,13900000000\n" * 3000 + "赵六,13900000001\n"
    f.write_bytes(body.encode("gb18030"))
    table = read_table(f, score_header=header_score)
    assert table.encoding == "gb18030" and len(table.rows) == 3001
    assert table.rows[-1] == ["赵六", "13900000001"]


def test_nothing_is_written_when_a_csv_is_refused(db, tmp_path):
    f = tmp_path / "broken.csv"
    f.write_text('姓名,手机号\n张三,"' + "x" * (MAX_CSV_FIELD_CHARS + 1) + "\n", "utf-8")
    before = db.execute("select count(*) from members").fetchone()[0]
    with pytest.raises(FileRefused):
        plan_import(db, f, kind="members")
    assert db.execute("select count(*) from members").fetchone()[0] == before
