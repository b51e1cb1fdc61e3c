"""A worksheet's real extent is measured before any reader lays it out: a tiny file with
one cell far from A1 (and a small ``<dimension>``) is refused in milliseconds, naming
the file and the sheet, instead of a reader allocating gigabytes and killing the app."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.excel import FileRefused, hostile
from app.excel.extent import Extent, measure

ROOT = Path(__file__).resolve().parents[2]


def extent_of(xml: bytes, chunk: int = 1 << 20) -> Extent:
    return measure(io.BytesIO(xml), chunk=chunk)


def far_cell_workbook(path: Path, far: str, *, dimension: str = "A1:B2") -> Path:
    """A real .xlsx (openpyxl) with a header, one member, and one cell at ``far``; its
    ``<dimension>`` then rewritten to claim a small sheet, as in the reported file."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "会员"
    ws.append(["姓名", "手机号"])
    ws.append(["张三", "13800001234"])
    ws[far] = "x"
    plain = path.with_suffix(".plain.xlsx")
    wb.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b"<dimension ref=")
                end = data.index(b"/>", start)
                data = data[:start] + f'<dimension ref="{dimension}"'.encode() + data[end:]
            dst.writestr(info, data)
    plain.unlink()
    return path


# ------------------------------------------------------------------ measuring


def test_explicit_references_give_the_highest_row_and_column():
    xml = (
        b'<worksheet><dimension ref="A1"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="20000"><c r="XFD20000" t="s"><v>0</v></c></row></sheetData></worksheet>'
    )
    assert extent_of(xml) == Extent(rows=20000, columns=16384, cells=2)


def test_a_far_cell_written_first_still_counts():
    xml = b'<sheetData><row r="2"><c r="CV290000"/><c r="A2"/></row></sheetData>'
    found = extent_of(xml)
    assert (found.rows, found.columns) == (290000, 100)


def test_cells_and_rows_without_references_are_bounded_not_missed():
    # three implicit cells in a row without r, then row 5 with B5 and one implicit cell:
    # a reader may place them at A1..C1 and B5, C5; the bound may be larger, never less.
    xml = b'<sheetData><row><c/><c/><c/></row><row r="5"><c r="B5"/><c/></row></sheetData>'
    found = extent_of(xml)
    assert found.cells == 5
    assert found.rows >= 5 and found.columns >= 3


def test_namespace_prefixed_tags_count_start_tags_only():
    xml = (
        b"<x:sheetData><x:row><x:c><x:v>1</x:v></x:c><x:c/><x:c/></x:row>"
        b"<x:row><x:c/></x:row></x:sheetData>"
    )
    assert extent_of(xml) == Extent(rows=2, columns=3, cells=4)


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 11, 16, 33, 64])
def test_the_result_does_not_depend_on_where_chunks_are_cut(chunk):
    xml = (
        b'<sheetData><row r="3" spans="1:2"><c r="B3"/><c r="AA12"/></row>'
        b'<row r="7"><c r="C7"/></row><x:row><x:c/><x:c/></x:row></sheetData>'
    )
    assert extent_of(xml, chunk) == extent_of(xml)


def test_a_reference_longer_than_any_real_one_is_beyond_every_limit():
    found = extent_of(b'<sheetData><row r="1"><c r="A123456789"/></row></sheetData>')
    assert found.rows > 1_048_576


# ------------------------------------------------------------------ refusing


@pytest.mark.parametrize("far", ["XFD20000", "CV290000", "ZZ20000"])
def test_a_tiny_file_with_a_far_cell_is_refused_naming_the_file_and_sheet(tmp_path, far):
    path = far_cell_workbook(tmp_path / "会员.xlsx", far)
    assert path.stat().st_size < 10_000
    with pytest.raises(FileRefused) as exc:
        hostile.check(path)
    assert exc.value.code in ("sheet_too_large", "too_many_rows")
    if exc.value.code == "sheet_too_large":
        assert "会员.xlsx" in exc.value.message("zh") and "“会员”" in exc.value.message("zh")
        assert "会员.xlsx" in exc.value.message("en")


def test_a_real_wide_and_dense_sheet_is_accepted(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(300):
        ws.append([f"{r}-{c}" for c in range(60)])
    wb.save(tmp_path / "wide.xlsx")
    assert hostile.check(tmp_path / "wide.xlsx") == "xlsx"


def test_reading_the_reported_file_is_refused_without_a_large_allocation(tmp_path):
    """The whole read (what the import does), in a child process limited to 1.5 GB of
    address space: before the measure, the reader tried to allocate ~12 GB and the
    process died (exit 134); now it is a refusal within 2 s."""
    path = far_cell_workbook(tmp_path / "bad.xlsx", "XFD20000")
    script = textwrap.dedent(
        f"""
        import json, resource, sys, time
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
        sys.path.insert(0, {str(ROOT)!r})
        from app.excel import FileRefused
        from app.excel.readers import read_table
        started = time.perf_counter()
        try:
            read_table({str(path)!r}, score_header=lambda cells: len(cells))
            print(json.dumps({{"code": None}}))
        except FileRefused as exc:
            print(json.dumps({{"code": exc.code, "s": time.perf_counter() - started}}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == "sheet_too_large"
