"""#16 leftovers in the importer: .ods files whose repeated rows and columns
(``table:number-rows-repeated`` / ``-columns-repeated``) claim a huge sheet are refused
from their real extent before python-calamine lays the sheet out (an 844-byte file made
it take 42 s and 4 GB), within 2 s and 300 MB; quantities beyond 10,000 pieces a row
are refused per row in the dry run. The hostile files are generated here."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.core import SYSTEM
from app.excel import FileRefused, hostile
from app.excel.importer import import_file, plan_import

ROOT = Path(__file__).resolve().parents[2]
_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
_HEAD = (
    "<table:table-row>"
    '<table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell>'
    '<table:table-cell office:value-type="string"><text:p>手机号</text:p></table:table-cell>'
    "</table:table-row>"
)


def _cell(text: str, repeat: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{rep}>'
        f"<text:p>{text}</text:p></table:table-cell>"
    )


def _ods(path: Path, body: str) -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {_NS} office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="会员">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            "</manifest:manifest>",
        )
    return path


HOSTILE = {
    # one filled cell repeated 1,000 columns, that row repeated 30,000 times: 30 M cells
    "block": (
        f'<table:table-row table:number-rows-repeated="30000">{_cell("x", 1000)}</table:table-row>',
        "sheet_too_large",
    ),
    # empty rows repeated five million times, then one cell
    "far": (
        '<table:table-row table:number-rows-repeated="5000000"><table:table-cell/>'
        f"</table:table-row><table:table-row>{_cell('x')}</table:table-row>",
        "too_many_rows",
    ),
    # a filled row a billion times
    "rows": (
        f'<table:table-row table:number-rows-repeated="1000000000">{_cell("x")}</table:table-row>',
        "too_many_rows",
    ),
    # one cell 16 million columns wide
    "cols": (f"<table:table-row>{_cell('x', 16_000_000)}</table:table-row>", "sheet_too_large"),
}

_PROBE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from app.db import open_db
from app.excel import FileRefused
from app.excel.importer import plan_import
db = open_db({db!r})
started = time.perf_counter()
try:
    plan_import(db, {file!r}, kind="members")
    out = {{"refused": None}}
except FileRefused as exc:
    out = {{"refused": exc.code, "message": exc.message("zh")}}
out["seconds"] = time.perf_counter() - started
# VmHWM is this program's own peak; ru_maxrss would also count the forked test runner's
# pages from before exec (300+ MB late in a full run), which are not this reader's
try:
    with open("/proc/self/status") as fh:
        hwm = next(line for line in fh if line.startswith("VmHWM:"))
    out["peak_mb"] = int(hwm.split()[1]) / 1024
except (OSError, StopIteration):
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out, ensure_ascii=False))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_ods_is_refused_by_its_real_extent_within_2_s_and_300_mb(tmp_path, name):
    body, code = HOSTILE[name]
    f = _ods(tmp_path / f"{name}.ods", _HEAD + body)
    assert f.stat().st_size < 2000
    from app.db import open_db

    open_db(tmp_path / "s.db").close()

    def limit() -> None:  # a reader that allocated by the file's claims dies here
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))

    out = subprocess.run(
        [
            sys.executable,
            "-c",
            _PROBE.format(root=str(ROOT), db=str(tmp_path / "s.db"), file=str(f)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout)
    assert got["refused"] == code
    assert f.name in got["message"]
    # the interpreter, sqlite-utils and the app's modules take ~100 MB of their own
    assert got["peak_mb"] < 300


def test_measure_ods_counts_only_cells_with_content():
    import io

    from app.excel import extent

    # LibreOffice ends every sheet with ~1 M empty rows of 1,024 empty cells
    body = (
        _HEAD + f"<table:table-row>{_cell('王芳')}<table:table-cell/>{_cell('13800000001')}"
        "</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048573">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    content = (
        f'<?xml version="1.0"?><office:document-content {_NS}><office:body><office:spreadsheet>'
        f'<table:table table:name="A">{body}</table:table></office:spreadsheet></office:body>'
        "</office:document-content>"
    ).encode()
    [(name, found)] = extent.measure_ods(io.BytesIO(content))
    assert name == "A"
    assert (found.rows, found.columns, found.cells) == (2, 3, 4)


def test_a_real_ods_with_libreoffice_trailing_rows_still_imports(db, tmp_path):
    body = (
        _HEAD + f"<table:table-row>{_cell('王芳')}{_cell('13800000001')}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048573">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    f = _ods(tmp_path / "ok.ods", body)
    assert hostile.check(f) == "ods"
    plan, result = import_file(db, path=f, kind="members", actor=SYSTEM)
    assert plan.counts["new"] == 1 and result is not None


def test_quantities_beyond_ten_thousand_pieces_are_refused_per_row(db, tmp_path):
    members = tmp_path / "m.csv"
    members.write_text("姓名,手机号\n王芳,13800000001\n", encoding="utf-8")
    import_file(db, path=members, kind="members", actor=SYSTEM)
    f = tmp_path / "p.csv"
    f.write_text(
        "手机号,小票号,消费日期,款号,数量,单价\n"
        "13800000001,T1,2024-01-01,A1,10000,1\n"
        "13800000001,T2,2024-01-01,A1,10001,1\n"
        "13800000001,T3,2024-01-01,A1,100000000000000000000000,0.01\n",
        encoding="utf-8",
    )
    plan = plan_import(db, f, kind="purchases")
    got = {(r.row, r.column, r.code) for r in plan.rejections}
    assert got == {(3, "数量", "qty_too_large"), (4, "数量", "qty_too_large")}
    assert plan.counts["new"] == 1
    assert "10,000" in plan.rejections[0].reason("zh")


def test_the_refusal_names_the_file_in_both_languages(tmp_path):
    body, _ = HOSTILE["block"]
    f = _ods(tmp_path / "大文件.ods", _HEAD + body)
    with pytest.raises(FileRefused) as exc:
        hostile.check(f)
    assert "大文件.ods" in exc.value.message("zh") and "大文件.ods" in exc.value.message("en")
    assert "会员" in exc.value.message("zh")  # the sheet's name
