"""Starting the GUI: ``run(args)`` is what ``python main.py [options]`` calls.

Options::

    --db PATH     the store's database file (default: vipkeeper.db in the data folder)
    --lang zh|en  the UI language for this run (default: the one chosen in Settings)
    --smoke       open the main window and every page, process events, exit 0 — used by
                  tests and the bundle; with no --db it uses a new temporary store, and
                  settings go to a temporary folder, so the user's data is never touched

Start-up order matters: application names before anything asks QStandardPaths or
QSettings; fonts and translators before the first widget; the crash hook before the
database opens; matplotlib not at all (``ui/warmup.py`` imports it on the task runner
once the window shows).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDir,
    QEventLoop,
    QMessageLogContext,
    QSettings,
    QStandardPaths,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from app import __version__
from app.db import DatabaseError, open_db
from app.files import sweep_store_leftovers
from app.paths import DB_FILE_NAME, backups_dir, resource
from ui import backup_jobs, crash, fonts, i18n, single_instance

log = logging.getLogger(__name__)

ORG_NAME = "VIPKeeper"
ORG_DOMAIN = "vipkeeper.local"
APP_NAME = "VIPKeeper"


def parse_args(args: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python main.py", description="VIP Keeper (贵宾管家): open the app."
    )
    parser.add_argument("--db", type=Path, help="the store's database file")
    parser.add_argument(
        "--lang", type=i18n.normalize, choices=i18n.LANGUAGES, help="UI language: zh or en"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="open the window, process events, exit 0"
    )
    return parser.parse_args(args)


def set_application_names() -> None:
    """Names QStandardPaths and QSettings build their paths from."""
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setOrganizationDomain(ORG_DOMAIN)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)


def data_dir() -> Path:
    """The user's data folder, e.g. ``%APPDATA%/VIPKeeper/VIPKeeper`` on Windows,
    ``~/.local/share/VIPKeeper/VIPKeeper`` on Linux."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location)


def _light_palette() -> QPalette:
    # A fixed light palette: the stylesheet is designed for it, and a dark system theme
    # would otherwise mix dark native parts with light styled ones.
    p = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#f5f6f8",
        QPalette.ColorRole.WindowText: "#1f2933",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f7f9fb",
        QPalette.ColorRole.Text: "#1f2933",
        QPalette.ColorRole.Button: "#ffffff",
        QPalette.ColorRole.ButtonText: "#1f2933",
        QPalette.ColorRole.Highlight: "#2f6f8f",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: "#1f2933",
        QPalette.ColorRole.PlaceholderText: "#7b8794",
        QPalette.ColorRole.Link: "#2f6f8f",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#9aa5b1"))
    return p


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    # Qt's own warnings (fonts, platform plugin quirks) go to the log file, not stderr.
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }.get(kind, logging.WARNING)
    logging.getLogger("qt").log(level, "%s", message)


def create_application() -> QApplication:
    """The QApplication (reused if one exists, as under pytest-qt), named, styled, with
    the CJK font list as its font. Translators are installed separately."""
    set_application_names()
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication([sys.argv[0] if sys.argv else "vipkeeper"])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    app.setPalette(_light_palette())
    fonts.apply_application_font(app)
    QDir.addSearchPath("icons", str(resource("icons")))  # url(icons:x.svg) in the QSS
    app.setWindowIcon(QIcon(str(resource("icons", "app.png"))))  # every window's title bar
    qss = resource("style.qss")
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    return app


def show_error(title: str, text: str) -> None:
    """A modal error box for problems at start (replaced in tests)."""
    QMessageBox.critical(None, title, text)


def open_store(
    db_path: Path,
    *,
    ask_first_start: bool,
    on_open: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> None:
    """Open the store and hand it to ``on_open``: the database, or None when the user
    closed the first-start dialog. An existing file (or ``ask_first_start=False``) opens
    at once, before this returns (``DatabaseError`` is raised). A missing one is made
    first (ui/dialogs/first_start.py: empty, or the demo on the task runner while the
    event loop runs), asking again after a cancelled demo; ``on_error`` gets a failure
    to make it.
    """
    if not ask_first_start or db_path.exists():
        on_open(open_db(db_path))
        return
    from ui.dialogs import first_start

    def ask() -> None:
        kind = first_start.ask_store_kind()
        if kind is None:
            on_open(None)
        else:
            first_start.make_store(db_path, kind, on_done=made, on_error=on_error)

    def made(ok: bool) -> None:
        if not ok:  # the demo was cancelled: ask again
            ask()
            return
        try:
            db = open_db(db_path)
        except BaseException as exc:
            on_error(exc)
        else:
            on_open(db)

    ask()


def sign_in(db):  # type: ignore[no-untyped-def]
    """The owner's first account when the store has none with a password yet (the owner
    is then signed in: #20, the password was asked twice), else the sign-in. The
    signed-in ``Actor``, or None when a dialog was closed."""
    from app import auth
    from ui.dialogs import login

    if auth.needs_owner(db):  # the owner sets a password and is signed in with it
        return login.ask_owner_setup(db)
    return login.ask_login(db)


def no_display_reason(env: Mapping[str, str] | None = None, platform: str | None = None) -> str:
    """Why a window cannot open here, in one sentence; empty when it can (or may).

    On Linux without ``DISPLAY``/``WAYLAND_DISPLAY`` Qt's xcb plugin fails and its
    message blames a library (``xcb-cursor0``) that is installed; this says what is
    really missing before Qt tries. Windows and macOS always have a display."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return ""
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return ""
    return (
        "VIP Keeper needs a desktop to open its window, and this session has none "
        "(neither DISPLAY nor WAYLAND_DISPLAY is set). Start it from the desktop, or "
        "for a check without a screen set QT_QPA_PLATFORM=offscreen. The command line "
        "works without a desktop: python main.py --help."
    )


def run(args: list[str]) -> int:
    """Start the GUI with ``args`` (the command line without the program name)."""
    started = time.perf_counter()
    opts = parse_args(args)
    reason = no_display_reason()
    if reason and QApplication.instance() is None:
        print(reason, file=sys.stderr)
        return 2
    app = create_application()

    if not opts.smoke:
        return _run(app, opts, data_dir(), started)
    with tempfile.TemporaryDirectory(prefix="vipkeeper-smoke-") as tmp:
        folder = Path(tmp)
        # Settings (language, window geometry) go to the temporary folder too.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings")
        )
        try:
            return _run(app, opts, folder, started)
        finally:
            qInstallMessageHandler(None)
            crash.uninstall()  # closes the log file, so the folder can go


def _run(app: QApplication, opts: argparse.Namespace, folder: Path, started: float) -> int:
    db_path = Path(opts.db) if opts.db else folder / DB_FILE_NAME
    log_file = crash.install(folder, interactive=not opts.smoke)
    qInstallMessageHandler(_qt_message)
    lang = i18n.install_translators(opts.lang or i18n.saved_language())
    log.info(
        "VIP Keeper %s starting: db=%s lang=%s smoke=%s", __version__, db_path, lang, opts.smoke
    )

    # One app per database (ui/single_instance.py), taken before the file is opened.
    lock = single_instance.acquire(db_path)
    if isinstance(lock, single_instance.Holder) and single_instance.holder_is_closing(
        db_path, lock
    ):
        lock = _wait_for_closing_holder(db_path, lock, quiet=opts.smoke)
    if isinstance(lock, single_instance.Holder):
        reason = QCoreApplication.translate(
            "Application",
            "This store is already open in another VIP Keeper (process {pid} on {host}). "
            "Switch to that window, or close it first.",
        ).format(pid=lock.pid, host=lock.host or "?")
        log.error("refused: %s is locked by process %s on %s", db_path, lock.pid, lock.host)
        if opts.smoke:
            print(f"error: {reason}", file=sys.stderr)
        else:
            show_error(QCoreApplication.translate("Application", "Already open"), reason)
        return 1
    if lock is None:
        log.warning("cannot write %s; going on unlocked", single_instance.lock_path(db_path))
    else:  # ours alone now: clear what a killed run left (a restore's 450 MB scratch copy…)
        for path in sweep_store_leftovers(db_path, backups_dir(db_path)):
            log.info("removed a leftover of an interrupted run: %s", path)
    try:
        return _run_store(app, opts, folder, db_path, log_file, started)
    finally:
        if lock is not None:
            lock.unlock()


def _wait_for_closing_holder(
    db_path: Path, holder: single_instance.Holder, *, quiet: bool
) -> object:
    """The app that had this store is finishing its close backup: wait for it in a
    small window (instead of saying "already open"), then go on."""
    log.info("process %s is closing %s (its close backup): waiting", holder.pid, db_path)
    window = None
    if not quiet:
        window = QProgressDialog()
        window.setWindowTitle(QCoreApplication.translate("Application", "VIP Keeper"))
        window.setLabelText(
            QCoreApplication.translate(
                "Application",
                "The store is still being backed up after it was last closed. "
                "It opens as soon as the backup is done…",
            )
        )
        window.setCancelButton(None)
        window.setRange(0, 0)
        window.setMinimumDuration(0)
        window.show()

    def tick() -> None:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    try:
        return single_instance.wait_for_closing(db_path, holder, tick=tick)
    finally:
        if window is not None:
            window.close()
            window.deleteLater()


def _run_store(
    app: QApplication,
    opts: argparse.Namespace,
    folder: Path,
    db_path: Path,
    log_file: Path | None,
    started: float,
) -> int:
    if not opts.smoke and not db_path.exists():
        return _first_start(app, opts, folder, db_path, log_file, started)
    try:
        db = open_db(db_path)
    except DatabaseError as exc:
        log.error("cannot open the database: %s", exc)
        # With backups at hand, a damaged file can be restored right here.
        offer = None if opts.smoke else backup_jobs.offer_restore_on_open_failure(db_path, str(exc))
        if offer:
            return _run_store(app, opts, folder, db_path, log_file, started)  # restored
        if opts.smoke:
            print(f"error: {exc}", file=sys.stderr)
        elif offer is None:  # no backups: nothing to offer
            _cannot_open(exc)
        return 1
    session = _Session(db)
    try:
        code = _start_session(app, opts, folder, db_path, log_file, started, session)
        if code is None:
            code = app.exec()
            session.close_normally()
        return code
    finally:
        session.end(app)


def _cannot_open(exc: BaseException) -> None:
    show_error(
        QCoreApplication.translate("Application", "Cannot open the store"),
        QCoreApplication.translate(
            "Application", "The database file could not be opened:\n{reason}"
        ).format(reason=exc),
    )


def _first_start(
    app: QApplication,
    opts: argparse.Namespace,
    folder: Path,
    db_path: Path,
    log_file: Path | None,
    started: float,
) -> int:
    """No store yet: everything runs inside ``app.exec()``, the one event loop. The
    first-start dialog asks empty or demo, the demo is made on the task runner, and the
    start (sign-in, main window) goes on from its callback; closing a dialog ends the
    loop with 0, a failure with 1."""
    session = _Session(None)
    # Between the demo's progress dialog and the main window no window is shown: the
    # loop must not end there (restored once the main window is up).
    app.setQuitOnLastWindowClosed(False)

    def opened(db: Any) -> None:
        if db is None:  # the first-start dialog was closed: nothing to open
            app.exit(0)
            return
        session.db = db
        try:
            code = _start_session(app, opts, folder, db_path, log_file, started, session)
        except Exception:
            log.exception("the start after the first start failed")
            crash.handle(*sys.exc_info())  # type: ignore[arg-type]
            app.exit(1)
            return
        app.setQuitOnLastWindowClosed(True)
        if code is not None:
            app.exit(code)

    def failed(exc: BaseException) -> None:
        log.error("cannot make the store: %s", exc)
        _cannot_open(exc)
        app.exit(1)

    def begin() -> None:
        try:
            open_store(db_path, ask_first_start=True, on_open=opened, on_error=failed)
        except Exception as exc:  # making the empty file failed
            failed(exc)

    QTimer.singleShot(0, begin)
    try:
        code = app.exec()
        session.close_normally()
        return code
    finally:
        app.setQuitOnLastWindowClosed(True)
        session.end(app)


class _Session:
    """What a run holds once the store is open, for the close: the database, the
    context, the main window and the backup scheduler (None until made)."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.ctx: Any = None
        self.window: Any = None
        self.scheduler: Any = None

    def close_normally(self) -> None:
        """After the event loop ended: every other job is asked to stop and awaited
        before the close's backup and before the database closes; what they deliver
        afterwards is dropped."""
        if self.scheduler is None:
            return
        self.scheduler.stop()
        self.ctx.runner.shutdown()
        backup_jobs.back_up_on_close(self.ctx)

    def end(self, app: QApplication) -> None:
        try:
            if self.ctx is not None:
                self.ctx.runner.shutdown()
            if self.window is not None:
                self.window.close()
                self.window.deleteLater()
                app.processEvents()
        finally:
            if self.db is not None:
                self.db.close()


def _start_session(
    app: QApplication,
    opts: argparse.Namespace,
    folder: Path,
    db_path: Path,
    log_file: Path | None,
    started: float,
    session: _Session,
) -> int | None:
    """Sign in and show the main window with its background jobs; None when the event
    loop should now run, else the exit code (sign-in closed: 0; --smoke: its result)."""
    from app.core import SYSTEM
    from ui import warmup
    from ui.context import AppContext
    from ui.dialogs import member_card
    from ui.main_window import MainWindow

    db = session.db
    # --smoke runs as the system user; people sign in (app/auth.py).
    actor = SYSTEM if opts.smoke else sign_in(db)
    if actor is None:
        return 0
    ctx = session.ctx = AppContext(
        db=db, db_path=db_path.resolve(), data_dir=folder, log_file=log_file, actor=actor
    )
    window = session.window = MainWindow(ctx)
    window.show()
    log.info("main window shown in %.0f ms", (time.perf_counter() - started) * 1000)
    if opts.smoke:
        if backup_jobs.quick_check(ctx) != "ok":
            print("warning: the database failed its quick check", file=sys.stderr)
        return _smoke(app, window, started)
    window.start_background_jobs()
    _after_start(window, ctx)
    # scipy and matplotlib imported on the runner, never on the GUI thread; then
    # a hidden member card built ahead, whichever page the window opened on
    warmup.start(ctx.runner)
    warmup.when_ready(ctx.runner, lambda: member_card.prepare_spare(ctx, window), owner=window)
    # quick_check in the background (a big file takes seconds), routine backups
    # every few hours, one on close (app/backup.py has the rules).
    backup_jobs.check_in_background(ctx, window)
    session.scheduler = backup_jobs.BackupScheduler(ctx, window)
    return None


def _after_start(window, ctx) -> None:  # type: ignore[no-untyped-def]
    """Remember the store in File → Recent stores; a new, empty store opens the set-up
    wizard for the owner (app/setup.py)."""
    from app import permissions, setup
    from ui.store_menu import remember_store

    remember_store(ctx.db_path)
    if setup.needs_setup(ctx.db) and permissions.allowed(ctx.actor, permissions.RULES):
        QTimer.singleShot(0, window.store_menu.run_wizard)


def _smoke(app: QApplication, window, started: float) -> int:  # type: ignore[no-untyped-def]
    """Visit every page, process events, report; non-zero if anything raised."""
    try:
        app.processEvents()
        for spec in window.specs:
            window.show_page(spec.key)
            app.processEvents()
        window.show_page(window.specs[0].key)
        app.processEvents()
    except Exception:
        crash.handle(*sys.exc_info())  # type: ignore[arg-type]
    problems = []
    if crash.error_count():
        problems.append(f"{crash.error_count()} unhandled exception(s)")
    # A bundle that lost its resources must fail here, not at a customer's counter.
    if "vipkeeper_zh_CN" in i18n.missing_translations():
        problems.append(f"no Chinese translation ({i18n.QM_FILE})")
    if not fonts.register_bundled_font():
        problems.append(f"bundled font missing ({fonts.BUNDLED_FONT_FILE})")
    if problems:
        print("smoke test failed: " + "; ".join(problems), file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"smoke test passed: {len(window.specs)} pages in {elapsed:.2f} s")
    return 0
