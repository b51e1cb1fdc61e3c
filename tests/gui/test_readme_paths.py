"""The README's data-folder table says where Qt really puts the store
(QStandardPaths.AppDataLocation with the application's names)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from ui import application

README = Path(__file__).resolve().parents[2] / "README.md"


def _rows() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    return dict(re.findall(r"^\| (Windows|Linux|macOS)\s*\| `([^`]+)` \|$", text, re.M))


def test_the_readme_names_the_data_folder_qt_uses(gui_app, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    QStandardPaths.setTestModeEnabled(False)
    try:
        folder = application.data_dir()
    finally:
        QStandardPaths.setTestModeEnabled(True)
    tail = folder.relative_to(tmp_path / ".local" / "share").parts
    rows = _rows()
    assert rows["Linux"] == "~/.local/share/" + "/".join(tail) + "/"
    assert rows["Windows"] == "%APPDATA%\\" + "\\".join(tail) + "\\"
    assert rows["macOS"] == "~/Library/Application Support/" + "/".join(tail) + "/"
