"""Starting the app: ``--smoke`` (what tests and the bundle run), options, errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.db import open_db
from app.paths import project_root
from ui import application

SMOKE_TIMEOUT = 120


def run_main(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """``python main.py args`` offscreen, with HOME and the XDG folders in ``home`` so
    the real user's data and settings cannot be touched."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        USERPROFILE=str(home),
        APPDATA=str(home / "appdata"),
        LOCALAPPDATA=str(home / "localappdata"),
        XDG_DATA_HOME=str(home / "xdg-data"),
        XDG_CONFIG_HOME=str(home / "xdg-config"),
        XDG_CACHE_HOME=str(home / "xdg-cache"),
        PYTHONIOENCODING="utf-8",
    )
    env.pop("MPLBACKEND", None)
    return subprocess.run(
        [sys.executable, str(project_root() / "main.py"), *args],
        cwd=project_root(),
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=SMOKE_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


def test_smoke_with_a_db_exits_0_and_prints_nothing_alarming(tmp_path: Path):
    db_path = tmp_path / "store.db"
    open_db(db_path).close()
    proc = run_main("--smoke", "--db", str(db_path), home=tmp_path / "home")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr == ""
    assert "smoke test passed" in proc.stdout
    for word in ("Traceback", "Error", "Warning", "QFont", "propagateSizeHints"):
        assert word not in proc.stdout


def test_smoke_without_db_uses_a_temporary_store_and_leaves_the_user_folders_alone(
    tmp_path: Path,
):
    home = tmp_path / "home"
    home.mkdir()
    proc = run_main("--smoke", "--lang", "en", home=home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    left = sorted(p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file())
    # matplotlib/fontconfig caches are not the user's data; nothing of ours is allowed.
    assert not [p for p in left if "vipkeeper" in p.lower() or p.endswith((".db", ".ini"))], left


def test_gui_start_does_not_import_matplotlib(tmp_path: Path):
    # The window as a user first sees it (members page painted); the analytics page
    # imports matplotlib when it is opened, which --smoke does on purpose.
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ui.application import create_application\n"
        "from app.db import open_db\n"
        "from ui.context import AppContext\n"
        "from ui.main_window import MainWindow\n"
        "app = create_application()\n"
        f"path = Path({str(tmp_path / 'store.db')!r})\n"
        "db = open_db(path)\n"
        "w = MainWindow(AppContext(db=db, db_path=path, data_dir=path.parent))\n"
        "w.show(); app.processEvents(); w.grab()\n"
        "assert w.stack.currentWidget() is w.page('members')\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported at start'\n"
        "w.close(); db.close()\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project_root(),
        env=env,
        capture_output=True,
        text=True,
        timeout=SMOKE_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_smoke_in_process_opens_an_existing_store(gui_app, db_path, db, capsys):
    assert application.run(["--smoke", "--db", str(db_path), "--lang", "en"]) == 0
    # --smoke runs as the system user: every page, the owner's three included
    assert "smoke test passed: 11 pages" in capsys.readouterr().out


def test_smoke_fails_with_a_one_line_reason_on_a_file_that_is_not_a_database(
    gui_app, tmp_path, capsys
):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    assert application.run(["--smoke", "--db", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.db" in err and "Traceback" not in err


def test_an_unopenable_store_is_reported_in_a_dialog(gui_app, tmp_path, monkeypatch):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(application, "show_error", lambda t, m: shown.append((t, m)))
    monkeypatch.setattr(application, "data_dir", lambda: tmp_path / "data")
    try:
        assert application.run(["--db", str(bad)]) == 1
    finally:
        from ui import crash

        crash.uninstall()
    ((title, message),) = shown
    assert title == "无法打开店铺数据"
    assert "bad.db" in message


def test_the_store_lives_in_the_data_folder_unless_db_is_given(gui_app, tmp_path, monkeypatch):
    """Normal start with no --db: <data folder>/vipkeeper.db, first-start dialog first."""
    from ui.dialogs import first_start

    monkeypatch.setattr(application, "data_dir", lambda: tmp_path / "data")
    asked: list[bool] = []
    monkeypatch.setattr(first_start, "ask_store_kind", lambda parent=None: asked.append(True))
    try:
        assert application.run([]) == 0  # the dialog was closed: nothing to open
    finally:
        from ui import crash

        crash.uninstall()
    assert asked == [True]
    assert not (tmp_path / "data" / "vipkeeper.db").exists()
    assert (tmp_path / "data" / "vipkeeper.log").exists()


def test_data_folder_comes_from_qstandardpaths(gui_app):
    assert application.data_dir().name == application.APP_NAME


def test_options_are_parsed():
    opts = application.parse_args(["--db", "x.db", "--smoke", "--lang", "EN"])
    assert opts.db == Path("x.db") and opts.smoke and opts.lang == "en"
    assert application.parse_args([]).lang is None
    with pytest.raises(SystemExit):
        application.parse_args(["--lang", "fr"])


def test_smoke_fails_when_a_page_cannot_be_built(gui_app, monkeypatch, capsys):
    from ui import pages

    def broken(ctx):
        raise RuntimeError("page factory broke")

    monkeypatch.setattr(pages, "_PAGES", list(pages._PAGES))
    pages.register(pages.PageSpec("broken", "Broken", "", "", broken))
    assert application.run(["--smoke"]) == 1
    err = capsys.readouterr().err
    assert "RuntimeError: page factory broke" in err
    assert "smoke test failed" in err


def test_smoke_fails_when_the_chinese_translation_is_missing(
    gui_app, monkeypatch, tmp_path, capsys
):
    from ui import i18n

    monkeypatch.setattr(i18n, "QM_FILE", tmp_path / "nowhere" / "vipkeeper_zh_CN.qm")
    assert application.run(["--smoke", "--lang", "zh"]) == 1
    assert "no Chinese translation" in capsys.readouterr().err


def test_every_window_carries_the_program_icon(gui_app):
    """The title bar and the Windows taskbar show the crown (resources/icons/app.png),
    not Qt's default."""
    app = application.create_application()
    icon = app.windowIcon()
    assert not icon.isNull()
    image = icon.pixmap(64, 64).toImage()
    teal = image.pixelColor(6, 32)  # the rounded square's edge colour
    assert (teal.red(), teal.green(), teal.blue()) == (47, 111, 143)


def test_no_display_says_so_instead_of_blaming_a_library():
    """#20: without a display Qt's xcb message blamed xcb-cursor0, which was installed."""
    reason = application.no_display_reason({}, "linux")
    assert "DISPLAY" in reason and "QT_QPA_PLATFORM=offscreen" in reason
    assert application.no_display_reason({"DISPLAY": ":0"}, "linux") == ""
    assert application.no_display_reason({"WAYLAND_DISPLAY": "wayland-0"}, "linux") == ""
    assert application.no_display_reason({"QT_QPA_PLATFORM": "offscreen"}, "linux") == ""
    assert application.no_display_reason({}, "win32") == ""


def test_the_app_started_without_a_display_exits_with_that_sentence(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux sessions can lack a display")
    proc = subprocess.run(
        [sys.executable, str(project_root() / "main.py"), "--db", str(tmp_path / "s.db")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "DISPLAY" in proc.stderr and "xcb" not in proc.stderr
    assert not (tmp_path / "s.db").exists()
