"""The UI's language: Simplified Chinese first, English second.

Source strings are English, wrapped in ``tr()`` / ``QCoreApplication.translate``; the
Chinese lives in ``resources/translations/vipkeeper_zh_CN.ts`` and is compiled to the
``.qm`` beside it (both are committed). Qt's own strings (standard buttons, context
menus) come from ``qtbase_zh_CN.qm`` in Qt's translations folder.

Updating the translations after changing UI strings::

    .venv/bin/pyside6-lupdate $(find ui -name '*.py') \\
        -ts resources/translations/vipkeeper_zh_CN.ts -no-obsolete
    # translate every new entry (Qt Linguist: .venv/bin/pyside6-linguist), then
    .venv/bin/python -m ui.i18n          # recompiles the .qm

``tests/gui/test_i18n.py`` fails when an entry is unfinished or the committed ``.qm`` is
older than the ``.ts``.

The ``.ts`` holds the UI's own chrome (menus, buttons, headings). The store's words —
codes such as purposes, channels, segments, audit actions and summaries — are not Qt
strings: ``app/`` is Qt-free and the CLI, Excel files and reports need them too, so
they live in ``app/labels/`` and a page shows them with
``labels.word(group, code, current_language())``.

The choice is remembered in ``QSettings`` (``ui/language``); switching applies live:
installing a translator makes Qt send every widget a ``LanguageChange`` event, and each
widget re-reads its strings in ``retranslate_ui()``.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from app.paths import resource

log = logging.getLogger(__name__)

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
SETTINGS_KEY = "ui/language"
# How each language names itself in the switch: never translated.
NATIVE_NAMES = {"zh": "中文", "en": "English"}

TS_FILE = resource("translations", "vipkeeper_zh_CN.ts")
QM_FILE = resource("translations", "vipkeeper_zh_CN.qm")

_state: dict[str, object] = {"lang": DEFAULT_LANGUAGE, "translators": [], "missing": []}


def normalize(lang: object) -> str | None:
    """``"zh"``/``"en"`` from user input such as ``zh_CN``, ``ZH``, ``en-US``; else None."""
    text = str(lang or "").strip().lower().replace("-", "_")
    for code in LANGUAGES:
        if text == code or text.startswith(code + "_"):
            return code
    return None


def saved_language() -> str:
    """The language chosen on the settings page (Chinese when nothing was chosen)."""
    return normalize(QSettings().value(SETTINGS_KEY, DEFAULT_LANGUAGE)) or DEFAULT_LANGUAGE


def save_language(lang: str) -> None:
    code = normalize(lang)
    if code is None:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    settings = QSettings()
    settings.setValue(SETTINGS_KEY, code)
    settings.sync()


def current_language() -> str:
    """The language the UI shows now: ``"zh"`` or ``"en"`` (for ``app.labels.word``)."""
    return str(_state["lang"])


def install_translators(lang: str) -> str:
    """Make ``lang`` the UI language now; return it. Replaces earlier translators.

    Missing ``.qm`` files are logged and skipped: the UI then shows English, which is
    better than not starting.
    """
    app = QCoreApplication.instance()
    code = normalize(lang) or DEFAULT_LANGUAGE
    old: list[QTranslator] = _state["translators"]  # type: ignore[assignment]
    for tr in old:
        if app is not None:
            app.removeTranslator(tr)
    new: list[QTranslator] = []
    missing: list[str] = []
    if code == "zh":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name, folder in (("qtbase_zh_CN", qt_dir), ("vipkeeper_zh_CN", str(QM_FILE.parent))):
            tr = QTranslator(app)
            if tr.load(name, folder):
                new.append(tr)
            else:
                missing.append(name)
                log.warning("translation %s not found in %s", name, folder)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    _state["lang"] = code
    _state["translators"] = new
    _state["missing"] = missing
    if app is not None:
        for tr in new:
            app.installTranslator(tr)
    return code


def missing_translations() -> list[str]:
    """Translation files the current language wanted but could not load."""
    return list(_state["missing"])  # type: ignore[call-overload]


# ------------------------------------------------------------------ maintaining the .qm


def lrelease_executable() -> str:
    """Qt's ``lrelease``: the copy inside the PySide6 wheel, else one on PATH."""
    import PySide6

    here = Path(PySide6.__file__).parent
    for name in ("lrelease", "lrelease.exe"):
        if (here / name).exists():
            return str(here / name)
    for name in ("pyside6-lrelease", "lrelease"):
        found = shutil.which(name)
        if found:
            return found
    raise FileNotFoundError("lrelease not found (install PySide6 or Qt's linguist tools)")


def compile_qm(ts: Path = TS_FILE, qm: Path = QM_FILE) -> Path:
    """Compile ``ts`` into ``qm`` with lrelease (entries marked unfinished are left out,
    which is why a test insists there are none)."""
    qm.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [lrelease_executable(), "-silent", str(ts), "-qm", str(qm)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not qm.exists():
        raise RuntimeError(f"lrelease failed on {ts}: {result.stderr or result.stdout}")
    return qm


def unfinished_messages(ts: Path = TS_FILE) -> list[str]:
    """Source texts whose translation is missing, empty or marked unfinished."""
    root = ET.parse(ts).getroot()
    missing: list[str] = []
    for message in root.iter("message"):
        source = message.findtext("source", default="")
        translation = message.find("translation")
        if translation is None:
            missing.append(source)
            continue
        kind = translation.get("type")
        if kind in ("obsolete", "vanished"):
            continue
        forms = translation.findall("numerusform")
        texts = [f.text or "" for f in forms] if forms else [translation.text or ""]
        if kind == "unfinished" or not all(t.strip() for t in texts):
            missing.append(source)
    return missing


def lupdate_executable() -> str:
    """Qt's ``lupdate`` from the PySide6 wheel (``pyside6-lupdate`` on PATH otherwise)."""
    import PySide6

    here = Path(PySide6.__file__).parent
    for name in ("lupdate", "lupdate.exe"):
        if (here / name).exists():
            return str(here / name)
    found = shutil.which("pyside6-lupdate")
    if found:
        return found
    raise FileNotFoundError("lupdate not found (install PySide6 or Qt's linguist tools)")


def update_ts(ts: Path = TS_FILE) -> None:
    """Re-scan ``ui/`` for ``tr()`` strings into ``ts`` (new entries come in unfinished,
    gone ones are dropped)."""
    ui_dir = Path(__file__).resolve().parent
    sources = sorted(str(p) for p in ui_dir.rglob("*.py"))
    result = subprocess.run(
        [lupdate_executable(), *sources, "-ts", str(ts), "-no-obsolete", "-silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"lupdate failed: {result.stderr or result.stdout}")


def fill_ts(translations: dict[str, dict[str, str]], ts: Path = TS_FILE) -> int:
    """Write ``{context: {source: chinese}}`` into ``ts`` for the entries that are
    unfinished or empty (a finished translation is left alone). Returns how many were
    filled. Entries not in ``ts`` (run :func:`update_ts` first) are ignored."""
    tree = ET.parse(ts)
    filled = 0
    for context in tree.getroot().iter("context"):
        wanted = translations.get(context.findtext("name", default=""), {})
        if not wanted:
            continue
        for message in context.iter("message"):
            zh = wanted.get(message.findtext("source", default=""))
            if not zh:
                continue
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            forms = translation.findall("numerusform")
            texts = [f.text or "" for f in forms] if forms else [translation.text or ""]
            if translation.get("type") != "unfinished" and all(t.strip() for t in texts):
                continue
            translation.attrib.pop("type", None)
            if message.get("numerus") == "yes":
                for form in forms:
                    translation.remove(form)
                ET.SubElement(translation, "numerusform").text = zh
            else:
                translation.text = zh
            filled += 1
    if not filled:
        return 0
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
        encoding="utf-8",
    )
    return filled


def _main(argv: list[str]) -> int:
    """``python -m ui.i18n`` compiles the .qm; ``update`` runs lupdate first;
    ``fill FILE.json ...`` writes ``{context: {source: chinese}}`` files into the .ts,
    then compiles. Each step runs under a lock file, so two people (or helpers) updating
    at once do not overwrite each other's entries."""
    import json

    from PySide6.QtCore import QLockFile

    lock = QLockFile(str(TS_FILE.with_suffix(".lock")))
    lock.setStaleLockTime(120_000)
    if not lock.tryLock(120_000):
        print("translations are locked by another update", file=sys.stderr)
        return 2
    try:
        if argv[:1] == ["update"]:
            update_ts()
        elif argv[:1] == ["fill"]:
            update_ts()
            for name in argv[1:]:
                count = fill_ts(json.loads(Path(name).read_text(encoding="utf-8")))
                print(f"{name}: {count} filled")
            update_ts()  # back to lupdate's own layout, so diffs stay small
        unfinished = unfinished_messages()
        for text in unfinished:
            print(f"unfinished: {text!r}", file=sys.stderr)
        print(compile_qm())
        return 1 if unfinished else 0
    finally:
        lock.unlock()


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
