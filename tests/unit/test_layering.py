"""``app/`` never imports Qt: the core runs (and is tested) without a display, and the
CLI stays light. Checked twice: statically (every import statement in app/) and by
importing every module of app/ in a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from app.paths import project_root

APP = project_root() / "app"
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2", "qtpy")


def app_modules() -> list[Path]:
    return sorted(p for p in APP.rglob("*.py") if "__pycache__" not in p.parts)


def imported_names(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", ""))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append((node.lineno, node.args[0].value))
    return names


def test_no_module_in_app_imports_qt():
    offenders = [
        f"{path.relative_to(project_root())}:{line}: {name}"
        for path in app_modules()
        for line, name in imported_names(path)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert offenders == [], "app/ must not import Qt:\n" + "\n".join(offenders)


def test_the_scan_sees_every_kind_of_import(tmp_path: Path):
    sample = tmp_path / "m.py"
    sample.write_text(
        "import PySide6.QtCore\nfrom shiboken6 import isValid\n"
        "import importlib\nimportlib.import_module('PyQt6')\n",
        encoding="utf-8",
    )
    assert [n for _, n in imported_names(sample)] == [
        "PySide6.QtCore",
        "shiboken6",
        "importlib",
        "PyQt6",
    ]


def test_importing_all_of_app_loads_no_qt():
    modules = [
        ".".join(p.relative_to(project_root()).with_suffix("").parts).removesuffix(".__init__")
        for p in app_modules()
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "assert not bad, bad\n"
        "print(len(" + repr(modules) + "))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project_root(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "app.cli" in modules and "app.members" in modules
