"""Translations: complete, compiled, current, and really loading Chinese."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from app.paths import project_root
from ui import i18n


def test_no_translation_is_unfinished_or_empty():
    assert i18n.TS_FILE.exists()
    assert i18n.unfinished_messages() == []


def test_committed_qm_is_up_to_date_with_the_ts(tmp_path: Path):
    fresh = i18n.compile_qm(i18n.TS_FILE, tmp_path / "fresh.qm")
    assert i18n.QM_FILE.exists(), "run: .venv/bin/python -m ui.i18n"
    assert fresh.read_bytes() == i18n.QM_FILE.read_bytes(), (
        "the .qm is stale: run .venv/bin/python -m ui.i18n"
    )


def test_every_ui_string_is_in_the_ts(tmp_path: Path):
    """lupdate over ui/ adds no new (hence unfinished) entry to a copy of the .ts."""
    import PySide6

    here = Path(PySide6.__file__).parent
    lupdate = next(
        (str(here / n) for n in ("lupdate", "lupdate.exe") if (here / n).exists()),
        shutil.which("pyside6-lupdate"),
    )
    if lupdate is None:
        pytest.skip("lupdate not found")
    copy = i18n.TS_FILE.parent / "_check_copy.ts"  # same folder: same relative locations
    shutil.copy(i18n.TS_FILE, copy)
    try:
        sources = sorted(str(p) for p in (project_root() / "ui").rglob("*.py"))
        result = subprocess.run(
            [lupdate, *sources, "-ts", str(copy), "-no-obsolete"],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert i18n.unfinished_messages(copy) == [], "run lupdate and translate the new strings"
    finally:
        copy.unlink(missing_ok=True)


def test_a_real_chinese_string_loads_through_qtranslator(qapp):
    translator = QTranslator()
    assert translator.load(str(i18n.QM_FILE))
    assert translator.translate("Pages", "Members") == "会员"
    assert translator.translate("PlaceholderPage", "This page is not built yet.") == (
        "此页面尚未完成。"
    )


def test_installed_translators_switch_the_whole_ui(qapp):
    assert i18n.install_translators("zh") == "zh"
    assert QCoreApplication.translate("Pages", "Today's calls") == "今日回访"
    assert i18n.install_translators("en") == "en"
    assert QCoreApplication.translate("Pages", "Today's calls") == "Today's calls"
    i18n.install_translators("zh")


def test_qt_own_strings_come_in_chinese_when_qtbase_translation_exists(qapp):
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not (folder / "qtbase_zh_CN.qm").exists():
        pytest.skip("this Qt has no qtbase_zh_CN.qm")
    i18n.install_translators("zh")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_unfinished_entries_are_detected(tmp_path: Path):
    ts = tmp_path / "x.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="zh_CN">'
        "<context><name>C</name>"
        "<message><source>Done</source><translation>完成</translation></message>"
        '<message><source>Todo</source><translation type="unfinished"></translation></message>'
        "<message><source>Empty</source><translation></translation></message>"
        "</context></TS>",
        encoding="utf-8",
    )
    assert i18n.unfinished_messages(ts) == ["Todo", "Empty"]
