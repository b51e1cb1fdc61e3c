"""tasks.py, the one set-up entry: its pure parts (no installs, no network, no Qt)."""

from __future__ import annotations

import json
import os
import shlex
import sys
import tomllib
from pathlib import Path

import pytest

import tasks

ROOT = Path(tasks.__file__).resolve().parent


# --------------------------------------------------------------------------- Debian packages


def test_missing_packages_keeps_only_the_not_installed_ones_in_order():
    statuses = {
        "libegl1": "install ok installed",
        "libxcb-icccm4": "unknown ok not-installed",
        "libsm6": "deinstall ok config-files",
        "libice6": "install ok half-installed",
        "poppler-utils": "hold ok installed",
    }
    wanted = ["libxcb-icccm4", "libegl1", "fonts-noto-cjk", "libsm6", "libice6", "poppler-utils"]
    assert tasks.missing_packages(wanted, statuses) == [
        "libxcb-icccm4",
        "fonts-noto-cjk",
        "libsm6",
        "libice6",
    ]


def test_missing_packages_nothing_missing_means_no_apt_command():
    statuses = {name: "install ok installed" for name in tasks.SYSTEM_PACKAGES}
    assert tasks.missing_packages(tasks.SYSTEM_PACKAGES, statuses) == []
    assert tasks.apt_commands([]) == []


def test_parse_dpkg_query_output_with_multiarch_names():
    out = (
        "libegl1:amd64\tinstall ok installed\n"
        "libxcb-icccm4\tunknown ok not-installed\n"
        "libgl1:i386\tdeinstall ok config-files\n"
        "libgl1:amd64\tinstall ok installed\n"
        "garbage line\n"
    )
    assert tasks.parse_dpkg_query(out) == {
        "libegl1": "install ok installed",
        "libxcb-icccm4": "unknown ok not-installed",
        "libgl1": "install ok installed",
    }


def test_apt_commands_update_then_install_only_the_missing():
    update, install = tasks.apt_commands(["libxcb-icccm4", "poppler-utils"])
    assert update[0] == "apt-get" and update[-1] == "update"
    assert install[0] == "apt-get" and "install" in install
    assert install[install.index("install") + 1 :] == [
        "-y",
        "--no-install-recommends",
        "libxcb-icccm4",
        "poppler-utils",
    ]


def test_system_package_list_covers_qt_xcb_font_and_poppler():
    wanted = set(tasks.SYSTEM_PACKAGES)
    for name in (
        "libxcb-cursor0",
        "libxcb-icccm4",
        "libxcb-keysyms1",
        "libxkbcommon-x11-0",
        "libegl1",
        "libgl1",
        "libfontconfig1",
        "fonts-noto-cjk",
        "poppler-utils",
    ):
        assert name in wanted
    assert len(wanted) == len(tasks.SYSTEM_PACKAGES), "no duplicates"


def test_ensure_system_packages_does_nothing_when_all_installed(monkeypatch):
    monkeypatch.setattr(tasks.sys, "platform", "linux")
    monkeypatch.setattr(tasks.shutil, "which", lambda name: f"/usr/bin/{name}")
    calls = []
    monkeypatch.setattr(tasks, "run", lambda cmd, **kw: calls.append(cmd) or 0)
    installed = lambda names: {n: "install ok installed" for n in names}  # noqa: E731
    assert tasks.ensure_system_packages(("libegl1", "poppler-utils"), installed)
    assert calls == []


def test_ensure_system_packages_as_root_installs_only_missing(monkeypatch):
    monkeypatch.setattr(tasks.sys, "platform", "linux")
    monkeypatch.setattr(tasks.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(tasks, "is_root", lambda: True)
    calls = []
    monkeypatch.setattr(tasks, "run", lambda cmd, **kw: calls.append(list(cmd)) or 0)
    status = lambda names: {"libegl1": "install ok installed"}  # noqa: E731
    assert tasks.ensure_system_packages(("libegl1", "poppler-utils"), status)
    assert calls == tasks.apt_commands(["poppler-utils"])


def test_ensure_system_packages_not_root_prints_the_command(monkeypatch, capsys):
    monkeypatch.setattr(tasks.sys, "platform", "linux")
    monkeypatch.setattr(tasks.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(tasks, "is_root", lambda: False)
    monkeypatch.setattr(tasks, "run", lambda cmd, **kw: pytest.fail("must not run apt-get"))
    assert tasks.ensure_system_packages(("poppler-utils",), lambda names: {})
    err = capsys.readouterr().err
    assert "install -y --no-install-recommends poppler-utils" in err
    assert "sudo apt-get" in err


def test_ensure_system_packages_skips_off_linux(monkeypatch):
    monkeypatch.setattr(tasks.sys, "platform", "win32")
    never = lambda names: pytest.fail("must not ask dpkg")  # noqa: E731
    assert tasks.ensure_system_packages(("poppler-utils",), never)


# --------------------------------------------------------------------------- venv and stamp


def test_venv_python_path_per_platform(tmp_path):
    assert tasks.venv_python(tmp_path, windows=False) == tmp_path / "bin" / "python"
    assert tasks.venv_python(tmp_path, windows=True) == tmp_path / "Scripts" / "python.exe"


def test_stamp_unchanged_pyproject_and_extras_installed_means_no_install():
    key = tasks.install_key(b"[project]\nname='x'\n")
    stamp = {"key": key, "extras": ["bundle", "test"]}
    assert tasks.extras_to_install(stamp, key, ["test"]) is None
    assert tasks.extras_to_install(stamp, key, ["test", "bundle"]) is None


def test_stamp_changed_pyproject_means_install_the_asked_extras():
    old = tasks.install_key(b"old")
    new = tasks.install_key(b"new")
    assert old != new
    stamp = {"key": old, "extras": ["bundle", "test"]}
    assert tasks.extras_to_install(stamp, new, ["test"]) == ["test"]
    assert tasks.extras_to_install({}, new, ["test"]) == ["test"]


def test_stamp_new_extra_keeps_the_ones_installed_before():
    key = tasks.install_key(b"same")
    stamp = {"key": key, "extras": ["test"]}
    assert tasks.extras_to_install(stamp, key, ["bundle"]) == ["bundle", "test"]


def test_read_stamp_tolerates_missing_or_broken_files(tmp_path):
    path = tmp_path / "stamp.json"
    assert tasks.read_stamp(path) == {}
    path.write_text("{not json", encoding="utf-8")
    assert tasks.read_stamp(path) == {}
    path.write_text(json.dumps({"key": "k", "extras": ["test"]}), encoding="utf-8")
    assert tasks.read_stamp(path) == {"key": "k", "extras": ["test"]}


def test_ensure_python_packages_installs_once_then_only_after_pyproject_changes(
    monkeypatch, tmp_path
):
    venv = tmp_path / ".venv"
    venv.mkdir()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    python = tasks.venv_python(venv)
    monkeypatch.setattr(tasks, "ensure_venv", lambda v: python)
    pips = []
    monkeypatch.setattr(tasks, "run", lambda cmd, **kw: pips.append(list(cmd)) or 0)

    tasks.ensure_python_packages(["test"], venv=venv, root=tmp_path)
    assert len(pips) == 1 and pips[0][-2:] == ["-e", ".[test]"]
    tasks.ensure_python_packages(["test"], venv=venv, root=tmp_path)
    assert len(pips) == 1, "second run with an unchanged pyproject installs nothing"

    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'y'\n", encoding="utf-8")
    tasks.ensure_python_packages(["test"], venv=venv, root=tmp_path)
    assert len(pips) == 2


def test_failed_pip_install_leaves_no_stamp(monkeypatch, tmp_path):
    venv = tmp_path / ".venv"
    venv.mkdir()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    monkeypatch.setattr(tasks, "ensure_venv", lambda v: tasks.venv_python(v))
    monkeypatch.setattr(tasks, "run", lambda cmd, **kw: 1)
    with pytest.raises(SystemExit):
        tasks.ensure_python_packages(["test"], venv=venv, root=tmp_path)
    assert not (venv / tasks.STAMP_NAME).exists()


def test_venv_env_sets_headless_qt_unless_already_set(monkeypatch, tmp_path):
    python = tasks.venv_python(tmp_path)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    env = tasks.venv_env(python, headless=True)
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert env["MPLBACKEND"] == "Agg"
    assert env["PATH"].split(os.pathsep)[0] == str(python.parent)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert tasks.venv_env(python, headless=True)["QT_QPA_PLATFORM"] == "xcb"
    monkeypatch.delenv("MPLBACKEND", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    gui_env = tasks.venv_env(python, headless=False)
    assert "MPLBACKEND" not in gui_env and "QT_QPA_PLATFORM" not in gui_env


# --------------------------------------------------------------------------- test outcome


@pytest.mark.parametrize(
    ("ruff_rc", "pytest_rc", "code"),
    [(0, 0, 0), (1, 0, 1), (0, 1, 1), (0, 5, 1), (1, 5, 1), (0, 2, 1)],
)
def test_test_task_fails_if_either_fails_and_on_no_tests(ruff_rc, pytest_rc, code):
    got, problems = tasks.summarize_test_run(ruff_rc, pytest_rc)
    assert got == code
    assert bool(problems) == bool(code)
    if pytest_rc == 5:
        assert any("no tests" in p for p in problems)


def test_unknown_task_is_an_error(capsys):
    assert tasks.main(["frobnicate"]) == 2
    assert tasks.main([]) == 0
    assert "python3 tasks.py test" in capsys.readouterr().err


# --------------------------------------------------------------------------- bundle freshness


def _touch(path: Path, mtime: float, root: Path | None = None) -> None:
    """Write ``path`` and give it and its new folders (up to ``root``) the time ``mtime``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    os.utime(path, (mtime, mtime))
    folder = path.parent
    while root is not None and folder != root and root in folder.parents:
        os.utime(folder, (mtime, mtime))
        folder = folder.parent


def _built(root: Path, started: float) -> None:
    _touch(tasks.bundle_executable(root), started + 60)
    stamp = tasks.bundle_stamp(root)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps({"started": started}), encoding="utf-8")


def test_bundle_is_fresh_only_when_no_input_changed_since_the_build_started(tmp_path):
    _touch(tmp_path / "main.py", 1000, tmp_path)
    _touch(tmp_path / "app" / "db.py", 1000, tmp_path)
    _touch(tmp_path / "resources" / "fonts" / "f.ttf", 1000, tmp_path)
    assert not tasks.bundle_is_fresh(tmp_path), "no bundle yet"
    _touch(tasks.bundle_executable(tmp_path), 2000)
    assert not tasks.bundle_is_fresh(tmp_path), "a bundle without a build stamp"
    _built(tmp_path, 2000)
    assert tasks.bundle_is_fresh(tmp_path)
    # a file added while the build ran (after it started) makes the bundle stale, even
    # though the executable was written later still
    _touch(tmp_path / "resources" / "icons" / "new.svg", 2030, tmp_path)
    assert not tasks.bundle_is_fresh(tmp_path)


def test_bundle_is_stale_when_a_file_is_removed(tmp_path):
    _touch(tmp_path / "main.py", 1000, tmp_path)
    _touch(tmp_path / "ui" / "old.py", 1000, tmp_path)
    _built(tmp_path, 2000)
    assert tasks.bundle_is_fresh(tmp_path)
    (tmp_path / "ui" / "old.py").unlink()  # the folder's mtime becomes now
    assert not tasks.bundle_is_fresh(tmp_path)


def test_build_bundle_records_the_start_only_on_success(monkeypatch, tmp_path):
    monkeypatch.setattr(tasks, "run", lambda cmd, **kw: 1)
    assert tasks.build_bundle(Path("python"), root=tmp_path) == 1
    assert not tasks.bundle_stamp(tmp_path).exists()
    monkeypatch.setattr(tasks, "run", lambda cmd, **kw: 0)
    assert tasks.build_bundle(Path("python"), root=tmp_path) == 0
    assert tasks.read_stamp(tasks.bundle_stamp(tmp_path))["started"] > 0


def test_bundle_executable_name(tmp_path):
    assert tasks.bundle_executable(tmp_path, windows=False) == tmp_path / "dist/VIPKeeper/VIPKeeper"
    assert tasks.bundle_executable(tmp_path, windows=True).name == "VIPKeeper.exe"


# --------------------------------------------------------------------------- the repo's files


def _commands(script: Path) -> list[str]:
    lines = []
    for raw in script.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        lines.append(line)
    return lines


def test_ci_runs_exactly_the_readme_test_command():
    script = ROOT / ".ci" / "run"
    lines = _commands(script)
    assert lines[0] == "set -euo pipefail"
    rest = [line for line in lines[1:] if not line.startswith("cd ")]
    assert [shlex.split(line) for line in rest] == [["python3", "tasks.py", "test"]]
    if sys.platform != "win32":
        assert os.access(script, os.X_OK), ".ci/run must be executable"


def test_readme_gives_the_two_commands():
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md not written yet")
    text = readme.read_text(encoding="utf-8")
    assert "python3 tasks.py start" in text
    assert "python3 tasks.py test" in text


def test_pyproject_keeps_slow_tests_out_by_default_and_the_extras():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_opts = data["tool"]["pytest"]["ini_options"]
    assert "-m 'not slow'" in pytest_opts["addopts"]
    assert any(m.startswith("slow:") for m in pytest_opts["markers"])
    extras = data["project"]["optional-dependencies"]
    test_names = {spec.split("<")[0].split(">")[0].split("=")[0].strip() for spec in extras["test"]}
    assert {"pytest", "pytest-qt", "hypothesis", "ruff"} <= test_names
    assert any(spec.startswith("pyinstaller") for spec in extras["bundle"])


def test_tasks_py_uses_only_the_standard_library():
    import ast

    tree = ast.parse((ROOT / "tasks.py").read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    assert names <= set(sys.stdlib_module_names) | {"__future__"}, names


def test_start_installs_only_what_the_app_needs_and_test_the_test_tools(monkeypatch):
    asked: list[tuple[tuple[str, ...], tuple[str, ...]]] = []

    def fake_prepare(extras=tasks.TEST_EXTRAS, system=tasks.SYSTEM_PACKAGES):
        asked.append((tuple(extras), tuple(system)))
        return Path(sys.executable)

    monkeypatch.setattr(tasks, "prepare", fake_prepare)
    monkeypatch.setattr(tasks, "run", lambda *a, **k: 0)
    assert tasks.task_start(["--smoke"]) == 0
    assert tasks.task_test([]) == 0
    (start_extras, start_system), (test_extras, test_system) = asked
    assert start_extras == () and "test" in test_extras
    assert "poppler-utils" not in start_system and "poppler-utils" in test_system
    assert "fonts-noto-cjk" in start_system and "libxcb-cursor0" in start_system
