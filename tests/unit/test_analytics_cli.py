"""``python main.py analyze``: JSON with the model parameters, counts per segment and
the 80/20 figure; an xlsx with one row per member; one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import analytics as segments
from app import cli
from app.paths import project_root


@pytest.fixture
def demo_path(_demo_template, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    return path


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_analyze_json_has_parameters_counts_and_the_80_20_figure(demo_path, capsys):
    code, out, err = run_cli(capsys, "analyze", "--db", str(demo_path), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data["params"]) == {"r", "alpha", "a", "b", "p", "q", "gamma"}
    assert all(v > 0 for v in data["params"].values())
    assert data["models"]["bgnbd"]["alpha_unit"] == "day"
    assert set(data["counts"]) >= {
        "pyramid",
        "loyalty_matrix",
        "value_matrix",
        "lifecycle",
        "customer_types",
        "strategies",
    }
    assert sum(data["counts"]["pyramid"].values()) == data["members"] == 300
    assert sum(data["counts"]["loyalty_matrix"].values()) == data["customers"]
    assert 0 < data["top20_share"] < 1
    assert data["movement"]["since"] < data["as_of"]


def test_analyze_as_of_a_past_date_ignores_later_purchases(demo_path, capsys):
    code, out, _ = run_cli(
        capsys, "analyze", "--db", str(demo_path), "--json", "--as-of", "2000-01-01"
    )
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2000-01-01" and data["customers"] == 0
    assert data["models"]["bgnbd"] is None and "params" not in data


def test_analyze_xlsx_has_one_row_per_member(demo_path, tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    out_file = tmp_path / "members.xlsx"
    code, out, err = run_cli(capsys, "analyze", "--db", str(demo_path), "--xlsx", str(out_file))
    assert code == 0, err
    assert "wrote 300 members" in out
    ws = openpyxl.load_workbook(out_file, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 301
    header = rows[0]
    for col in (
        "R分",
        "F分",
        "M分",
        "金字塔层",
        "客户矩阵",
        "价值矩阵",
        "生命周期",
        "仍活跃概率",
        "客户终身价值CLV(元)",
    ):
        assert col in header
    p_alive = header.index("仍活跃概率")
    # a prospect (never bought) has no scores: its row ends early, trailing cells empty
    alive = [r[p_alive] for r in rows[1:] if len(r) > p_alive and r[p_alive] is not None]
    assert alive and all(0 <= a <= 1 for a in alive)


def test_analyze_text_output_uses_chinese_words(demo_path, capsys):
    code, out, _ = run_cli(capsys, "analyze", "--db", str(demo_path))
    assert code == 0
    assert "黄金层" in out and "知己" in out and "BG/NBD" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "{missing}"], "no such file"),
        (["--db", "{db}", "--xlsx", "{tmp}/out.csv"], "must end in .xlsx"),
    ],
)
def test_analyze_errors_are_one_line(demo_path, tmp_path, capsys, args, message):
    args = [a.format(missing=tmp_path / "nope.db", db=demo_path, tmp=tmp_path) for a in args]
    code, _, err = run_cli(capsys, "analyze", *args)
    assert code == 1
    assert message in err and err.count("\n") == 1


def test_a_bad_date_is_refused_by_the_parser(demo_path, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["analyze", "--db", str(demo_path), "--as-of", "2026-02-30"])
    assert exc.value.code == 2
    assert "not a date" in capsys.readouterr().err


def test_main_py_runs_analyze_and_info_stays_light(demo_path):
    proc = subprocess.run(
        [sys.executable, "main.py", "analyze", "--db", str(demo_path), "--json"],
        cwd=project_root(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["members"] == 300
    code = (
        "import sys; import app.cli.analytics; from app import cli; "
        "assert 'analyze' in cli.COMMANDS; assert 'numpy' not in sys.modules, 'too heavy'"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=project_root(), capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr


def test_summary_params_match_the_fitted_models(demo_db):
    seg = segments.analyze(demo_db)
    s = segments.summary(seg)
    assert s["params"]["r"] == pytest.approx(seg.forecast.bgnbd.r, rel=1e-5)
    assert s["params"]["gamma"] == pytest.approx(seg.forecast.gamma_gamma.gamma, rel=1e-5)


def _fresh_python(code: str, db: Path) -> subprocess.CompletedProcess[str]:
    """``code`` run by a fresh interpreter in the project folder, with ``db`` as its
    argument; it must exit 0."""
    proc = subprocess.run(
        [sys.executable, "-c", code, str(db)],
        cwd=project_root(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def test_analyze_json_imports_no_gui_excel_or_chart_library(demo_path):
    """A fresh ``main.py analyze --json`` loads only what the analysis needs (issue #17,
    8a: its interpreter start and imports count against the goal): no Qt, no Excel
    reader or writer library, no matplotlib, pandas or pypinyin."""
    code = (
        "import contextlib, io, sys\n"
        "import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    rc = main.main(['analyze', '--db', sys.argv[1], '--json'])\n"
        "heavy = {'PySide6', 'openpyxl', 'python_calamine', 'matplotlib', 'pandas', 'pypinyin'}\n"
        "loaded = {m.split('.')[0] for m in sys.modules}\n"
        "print(rc, len(out.getvalue()) > 0, sorted(heavy & loaded))\n"
    )
    proc = _fresh_python(code, demo_path)
    assert proc.stdout.split() == ["0", "True", "[]"], proc.stdout


def test_analyze_imports_everything_on_the_main_thread_while_the_fetch_runs(demo_path):
    """``analyze`` starts fetching the purchases (app.purchase_fetch, a thread of its
    own) before it imports the analysis: that thread and the cost-sum thread import
    nothing, so no package is ever imported on two threads at once (which can raise
    _DeadlockError). Every import of the run is watched."""
    code = (
        "import contextlib, io, sys, threading\n"
        "elsewhere = []\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if threading.current_thread() is not threading.main_thread():\n"
        "            elsewhere.append((threading.current_thread().name, name))\n"
        "sys.meta_path.insert(0, Watch())\n"
        "import main\n"
        "from app import purchase_fetch\n"
        "started = []\n"
        "real = purchase_fetch.PurchaseFetch.start\n"
        "def start(self, *a, **k):\n"
        "    started.append('app.analytics' in sys.modules)\n"
        "    return real(self, *a, **k)\n"
        "purchase_fetch.PurchaseFetch.start = start\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    rc = main.main(['analyze', '--db', sys.argv[1], '--json'])\n"
        "print(rc, started, elsewhere)\n"
    )
    proc = _fresh_python(code, demo_path)
    assert proc.stdout.strip() == "0 [False] []", proc.stdout
