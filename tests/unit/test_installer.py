"""The Windows delivery's promises, checked on any system: the Inno Setup script installs
per user, makes a Start-menu entry, installs what the bundle holds and never names the
data folder (so neither uninstall nor upgrade can touch the store); the program icon has
every size Windows asks for; tasks.py finds the compiler and the console companion."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

import tasks

ROOT = tasks.ROOT
ISS = ROOT / "installer.iss"


def sections(text: str) -> dict[str, list[str]]:
    """``{section: [lines]}`` of an .iss file, comments and preprocessor lines left out,
    ``{#Name}`` replaced by what ``#define Name "…"`` says."""
    defines = dict(re.findall(r'^\s*#define\s+(\w+)\s+"([^"]*)"', text, re.MULTILINE))
    out: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = re.sub(r"\{#(\w+)\}", lambda m: defines.get(m.group(1), m.group(0)), raw.strip())
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        head = re.fullmatch(r"\[(\w+)\]", line)
        if head:
            current = head.group(1).lower()
            out.setdefault(current, [])
        else:
            out.setdefault(current, []).append(line)
    return out


@pytest.fixture(scope="module")
def iss() -> dict[str, list[str]]:
    return sections(ISS.read_text(encoding="utf-8"))


def setup_value(iss: dict[str, list[str]], key: str) -> str | None:
    for line in iss["setup"]:
        name, _, value = line.partition("=")
        if name.strip().lower() == key.lower():
            return value.strip()
    return None


def test_installs_per_user_without_administrator_rights(iss):
    assert setup_value(iss, "PrivilegesRequired") == "lowest"
    assert setup_value(iss, "DefaultDirName").startswith("{autopf}")  # %LOCALAPPDATA%\Programs


def test_makes_a_start_menu_entry_for_the_app(iss):
    entries = [line for line in iss["icons"] if line.startswith('Name: "{autoprograms}')]
    assert entries and all("VIPKeeper.exe" in line for line in entries)


def test_never_names_the_data_folder_and_deletes_nothing_of_its_own(iss):
    assert "uninstalldelete" not in iss and "installdelete" not in iss
    body = " ".join(line for lines in iss.values() for line in lines).lower()
    for data_place in ("{userappdata}", "{localappdata}", "{commonappdata}", "%appdata%"):
        assert data_place not in body, data_place


def test_installs_the_bundle_folder_the_spec_builds(iss):
    sources = [line for line in iss["files"] if line.startswith("Source:")]
    bundle = tasks.bundle_dir(ROOT).relative_to(ROOT)
    assert any(f'"{bundle.as_posix().replace("/", chr(92))}\\*"' in line for line in sources)
    spec = (ROOT / "pyinstaller.spec").read_text(encoding="utf-8")
    assert 'NAME = "VIPKeeper"' in spec and 'name=NAME + "-cli"' in spec
    assert tasks.companion_executable(ROOT, windows=True).name == "VIPKeeper-cli.exe"


def test_the_icon_has_every_size_windows_uses(iss):
    icon = ROOT / setup_value(iss, "SetupIconFile").replace("\\", "/")
    assert icon.is_file()
    with Image.open(icon) as ico:
        sizes = ico.info["sizes"]
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(sizes)
    with Image.open(ROOT / "resources" / "icons" / "app.png") as png:
        assert png.size == (256, 256) and png.mode == "RGBA"


def test_iscc_is_looked_for_where_inno_setup_installs_it(tmp_path):
    env = {"ProgramFiles(x86)": str(tmp_path / "pf86"), "LOCALAPPDATA": str(tmp_path / "local")}
    places = [p for p in tasks.iscc_candidates(env) if str(tmp_path) in str(p)]
    assert Path(tmp_path, "pf86", "Inno Setup 6", "ISCC.exe") in places
    assert Path(tmp_path, "local", "Programs", "Inno Setup 6", "ISCC.exe") in places


def test_the_installer_task_says_where_it_runs(capsys):
    if tasks.sys.platform == "win32":
        pytest.skip("on Windows the task builds for real")
    assert tasks.main(["installer"]) == 2
    assert "Windows" in capsys.readouterr().err + capsys.readouterr().out


def test_version_comes_from_pyproject():
    import app

    assert tasks.project_version() == app.__version__
