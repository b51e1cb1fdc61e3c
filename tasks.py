"""VIP Keeper's one entry for set-up, tests and builds. Standard library only; Linux and Windows.

    python3 tasks.py start [APP ARGS]     install what is missing, then open the app
    python3 tasks.py test [PYTEST ARGS]   install what is missing, then ruff check + pytest
    python3 tasks.py bundle               build dist/VIPKeeper with PyInstaller and smoke-test it
    py tasks.py installer                 (Windows) the bundle, then Inno Setup's installer
    python3 tasks.py bench                run every tests/bench/bench_*.py and print its figures
    python3 tasks.py lint                 ruff check + ruff format --check

"What is missing" is (a) on Debian/Ubuntu as root, the system libraries Qt 6 needs, a CJK
font and poppler-utils (only the ones dpkg does not list as installed; not root: the apt
command is printed instead), and (b) the virtual environment ``.venv`` with this project
installed in editable mode, reinstalled only when pyproject.toml has changed since the last
install (a stamp file inside ``.venv`` records its hash), so a second run starts at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP_NAME = ".vipkeeper-install.json"
MIN_PYTHON = (3, 11)
BUNDLE_NAME = "VIPKeeper"

# Debian packages the app and its tests need at run time. PySide6's wheels carry Qt itself
# but not the X11/GL/font libraries it links against. The list was made from `readelf -d`
# (NEEDED) of PySide6's libQt6{Core,Gui,Widgets,OpenGL,XcbQpa}.so and its platforms/
# (offscreen, xcb), xcbglintegrations/ and imageformats/ plugins, mapped to packages with
# `dpkg -S`, and checked against Qt's "Qt for X11 Requirements" page; most of them are already
# on a new machine, and only the missing ones are installed.
QT_RUNTIME_PACKAGES: tuple[str, ...] = (
    "libegl1",
    "libgl1",
    "libglib2.0-0",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libx11-6",
    "libx11-xcb1",
    "libxext6",
    "libxrender1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-glx0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
    "libsm6",
    "libice6",
)
APP_SYSTEM_PACKAGES: tuple[str, ...] = (
    "fonts-noto-cjk",  # Chinese text in the GUI, screenshots and reports
)
TEST_SYSTEM_PACKAGES: tuple[str, ...] = (
    "poppler-utils",  # pdftotext / pdftoppm, used by the report tests
)
EXTRA_SYSTEM_PACKAGES: tuple[str, ...] = APP_SYSTEM_PACKAGES + TEST_SYSTEM_PACKAGES
SYSTEM_PACKAGES: tuple[str, ...] = QT_RUNTIME_PACKAGES + EXTRA_SYSTEM_PACKAGES
# What `start` needs: the app's run-time only (no test tools: the venv stays ~3x smaller).
START_SYSTEM_PACKAGES: tuple[str, ...] = QT_RUNTIME_PACKAGES + APP_SYSTEM_PACKAGES
START_EXTRAS: tuple[str, ...] = ()
TEST_EXTRAS: tuple[str, ...] = ("test",)


# --------------------------------------------------------------------------- output


def say(message: str) -> None:
    """A short progress line on stderr."""
    sys.stdout.flush()
    print(f"tasks.py: {message}", file=sys.stderr, flush=True)


def run(cmd: Sequence[str | os.PathLike[str]], **kwargs) -> int:
    """Run a command (an argument list, never a shell string) and return its exit code."""
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        return subprocess.run([str(c) for c in cmd], check=False, **kwargs).returncode
    except FileNotFoundError as exc:
        say(f"cannot run {cmd[0]}: {exc}")
        return 127


# --------------------------------------------------------------------------- (a) Debian packages


def missing_packages(wanted: Iterable[str], statuses: Mapping[str, str]) -> list[str]:
    """The packages of ``wanted`` that dpkg does not report as installed, in order.

    ``statuses`` maps a package name to its dpkg ``${Status}`` ("install ok installed");
    a name that is absent, or whose status does not end in "installed", is missing
    ("deinstall ok config-files", "install ok half-installed", "unknown ok not-installed").
    """
    missing: list[str] = []
    for name in wanted:
        words = statuses.get(name, "").split()
        installed = bool(words) and words[0] in ("install", "hold") and words[-1] == "installed"
        if not installed and name not in missing:
            missing.append(name)
    return missing


def parse_dpkg_query(output: str) -> dict[str, str]:
    """Parse ``dpkg-query -W -f='${Package}\\t${Status}\\n'`` output into {name: status}."""
    statuses: dict[str, str] = {}
    for line in output.splitlines():
        name, sep, status = line.partition("\t")
        if sep and name:
            name = name.split(":", 1)[0]  # a multi-arch name, "libfoo:amd64"
            # keep an "installed" status if another architecture's copy is not installed
            if not statuses.get(name, "").endswith(" installed"):
                statuses[name] = status.strip()
    return statuses


def dpkg_statuses(names: Sequence[str]) -> dict[str, str]:
    """Ask dpkg-query once for the status of every name (unknown names are just absent)."""
    proc = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package}\t${Status}\n", *names],
        capture_output=True,
        text=True,
        check=False,
    )
    return parse_dpkg_query(proc.stdout)


def apt_commands(missing: Sequence[str]) -> list[list[str]]:
    """The apt-get commands that install ``missing`` (nothing when nothing is missing)."""
    if not missing:
        return []
    wait = "DPkg::Lock::Timeout=300"  # wait for another apt/dpkg run instead of failing
    return [
        ["apt-get", "-qq", "-o", wait, "update"],
        ["apt-get", "-q", "-o", wait, "install", "-y", "--no-install-recommends", *missing],
    ]


def is_root() -> bool:
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def ensure_system_packages(
    wanted: Sequence[str] = SYSTEM_PACKAGES,
    status_fn: Callable[[Sequence[str]], Mapping[str, str]] = dpkg_statuses,
) -> bool:
    """Install the missing Debian packages (Linux with apt-get only). True unless apt failed."""
    if not sys.platform.startswith("linux"):
        return True
    if not (shutil.which("apt-get") and shutil.which("dpkg-query")):
        return True  # not a Debian-family system: the libraries are the user's to provide
    missing = missing_packages(wanted, status_fn(wanted))
    if not missing:
        return True
    commands = apt_commands(missing)
    if not is_root():
        say("these Debian packages are missing; install them with:")
        for cmd in commands:
            print("    sudo " + " ".join(cmd), file=sys.stderr, flush=True)
        return True
    say(f"installing Debian packages: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in commands:
        rc = run(cmd, env=env, stdin=subprocess.DEVNULL)
        if rc != 0:
            say(f"'{' '.join(cmd)}' failed (exit {rc}); going on without them")
            return False
    return True


# --------------------------------------------------------------------------- (b) the venv


def venv_python(venv: Path = VENV, windows: bool | None = None) -> Path:
    if windows is None:
        windows = os.name == "nt"
    return venv / "Scripts" / "python.exe" if windows else venv / "bin" / "python"


def venv_usable(venv: Path = VENV) -> bool:
    """The venv's python runs and is at least MIN_PYTHON."""
    python = venv_python(venv)
    if not python.exists():
        return False
    check = f"import sys; sys.exit(0 if sys.version_info >= {MIN_PYTHON!r} else 1)"
    try:
        proc = subprocess.run([str(python), "-c", check], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


def base_python() -> str:
    """An interpreter of at least MIN_PYTHON to create the venv with."""
    if sys.version_info >= MIN_PYTHON:
        return sys.executable
    for name in ("python3.13", "python3.12", "python3.11"):
        found = shutil.which(name)
        if found:
            return found
    wanted = ".".join(map(str, MIN_PYTHON))
    raise SystemExit(f"tasks.py: Python {wanted} or newer is needed to create .venv")


def ensure_venv(venv: Path = VENV) -> Path:
    """Create (or recreate) the venv when missing or unusable; return its python."""
    if venv_usable(venv):
        return venv_python(venv)
    if venv.exists():
        say(f"recreating {venv.name} (its python is missing or older than 3.11)")
        shutil.rmtree(venv)
    else:
        say(f"creating the virtual environment {venv.name}")
    rc = run([base_python(), "-m", "venv", str(venv)])
    if rc != 0 or not venv_python(venv).exists():
        raise SystemExit(
            "tasks.py: could not create .venv "
            "(on Debian/Ubuntu with the system Python: apt-get install python3-venv)"
        )
    return venv_python(venv)


def install_key(pyproject: bytes) -> str:
    return hashlib.sha256(pyproject).hexdigest()


def read_stamp(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def extras_to_install(stamp: Mapping, key: str, extras: Iterable[str]) -> list[str] | None:
    """None when the stamp shows ``extras`` installed from this pyproject (``key``);
    otherwise the extras to install now: the asked ones, plus those installed before
    when pyproject is unchanged (so ``bundle`` then ``test`` does not reinstall)."""
    wanted = set(extras)
    if stamp.get("key") == key:
        done = set(stamp.get("extras", ()))
        if wanted <= done:
            return None
        wanted |= done
    return sorted(wanted)


def ensure_python_packages(extras: Sequence[str], venv: Path = VENV, root: Path = ROOT) -> Path:
    """Create the venv if needed and ``pip install -e .[extras]`` when pyproject changed."""
    python = ensure_venv(venv)
    stamp_path = venv / STAMP_NAME
    key = install_key((root / "pyproject.toml").read_bytes())
    todo = extras_to_install(read_stamp(stamp_path), key, extras)
    if todo is None:
        return python
    target = f".[{','.join(todo)}]" if todo else "."
    say(f"installing Python packages: pip install -e {target} (the first time takes minutes)")
    started = time.monotonic()
    rc = run(
        [python, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target],
        cwd=root,
    )
    if rc != 0:
        stamp_path.unlink(missing_ok=True)
        raise SystemExit(f"tasks.py: pip install failed (exit {rc})")
    stamp_path.write_text(json.dumps({"key": key, "extras": todo}), encoding="utf-8")
    say(f"Python packages installed in {time.monotonic() - started:.0f} s")
    return python


def prepare(extras: Sequence[str] = TEST_EXTRAS, system: Sequence[str] = SYSTEM_PACKAGES) -> Path:
    ensure_system_packages(system)
    return ensure_python_packages(extras)


def venv_env(python: Path, headless: bool) -> dict[str, str]:
    """The environment for commands run in the venv (its scripts first on PATH)."""
    env = dict(os.environ)
    bindir = str(python.parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env["VIRTUAL_ENV"] = str(python.parent.parent)
    env.pop("PYTHONHOME", None)
    if headless:
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env["MPLBACKEND"] = "Agg"
    return env


# --------------------------------------------------------------------------- tasks


def summarize_test_run(ruff_rc: int, pytest_rc: int) -> tuple[int, list[str]]:
    """The test task's exit code and what to say about failures."""
    problems: list[str] = []
    if ruff_rc != 0:
        problems.append(f"ruff check found problems (exit {ruff_rc})")
    if pytest_rc == 5:
        problems.append("pytest collected no tests (exit 5): counted as a failure")
    elif pytest_rc != 0:
        problems.append(f"pytest failed (exit {pytest_rc})")
    return (1 if problems else 0), problems


def task_test(args: list[str]) -> int:
    python = prepare()
    env = venv_env(python, headless=True)
    say("ruff check .")
    ruff_rc = run([python, "-m", "ruff", "check", "."], cwd=ROOT, env=env)
    if ruff_rc != 0:
        say(f"ruff check failed (exit {ruff_rc}); running pytest all the same")
    pytest_rc = run([python, "-m", "pytest", *args], cwd=ROOT, env=env)
    code, problems = summarize_test_run(ruff_rc, pytest_rc)
    for problem in problems:
        say(problem)
    return code


def task_start(args: list[str]) -> int:
    python = prepare(START_EXTRAS, START_SYSTEM_PACKAGES)
    env = venv_env(python, headless=False)
    if (
        sys.platform.startswith("linux")
        and not env.get("DISPLAY")
        and not env.get("WAYLAND_DISPLAY")
        and "QT_QPA_PLATFORM" not in env
        and _opens_gui(args)
    ):
        say(
            "no display found (DISPLAY is not set); for a headless check use "
            "QT_QPA_PLATFORM=offscreen python3 tasks.py start --smoke"
        )
    try:
        return run([python, ROOT / "main.py", *args], cwd=ROOT, env=env)
    except KeyboardInterrupt:
        return 130


def _opens_gui(args: list[str]) -> bool:
    """Roughly: no command, only GUI options (``--smoke``, ``--db``, ``--lang``)."""
    return not args or (args[0].startswith("-") and args[0] not in ("-h", "--help", "--version"))


def bundle_dir(root: Path = ROOT) -> Path:
    return root / "dist" / BUNDLE_NAME


def bundle_executable(root: Path = ROOT, windows: bool | None = None) -> Path:
    if windows is None:
        windows = os.name == "nt"
    return bundle_dir(root) / (BUNDLE_NAME + (".exe" if windows else ""))


def bundle_stamp(root: Path = ROOT) -> Path:
    """Records when the last successful build started (its inputs were read after that)."""
    return root / "build" / f"{BUNDLE_NAME}.built.json"


def bundle_inputs(root: Path = ROOT) -> list[Path]:
    """What a bundle is built from, folders included (a new or removed file changes its
    folder's mtime): when one changed after the last build started, rebuild."""
    paths = [root / "main.py", root / "pyinstaller.spec", root / "pyproject.toml"]
    for folder in ("app", "ui", "resources"):
        base = root / folder
        if base.is_dir():
            paths.append(base)
            paths.extend(p for p in base.rglob("*") if "__pycache__" not in p.parts)
    return [p for p in paths if p.exists()]


def bundle_is_fresh(root: Path = ROOT) -> bool:
    """dist/VIPKeeper exists and no input changed since its build started."""
    if not bundle_executable(root).exists():
        return False
    started = read_stamp(bundle_stamp(root)).get("started")
    if not isinstance(started, int | float):
        return False
    return all(p.stat().st_mtime < started for p in bundle_inputs(root))


def build_bundle(python: Path, args: Sequence[str] = (), root: Path = ROOT, **kwargs) -> int:
    """Run PyInstaller on pyinstaller.spec; on success record the start time."""
    stamp = bundle_stamp(root)
    stamp.unlink(missing_ok=True)
    started = time.time()
    cmd = [python, "-m", "PyInstaller", "--noconfirm", *args, "pyinstaller.spec"]
    rc = run(cmd, cwd=root, **kwargs)
    if rc == 0:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(json.dumps({"started": started}), encoding="utf-8")
    return rc


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def smoke_bundle(root: Path = ROOT, timeout: float = 180) -> int:
    exe = bundle_executable(root)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["MPLBACKEND"] = "Agg"
    say(f"smoke test: {exe.relative_to(root)} --smoke")
    try:
        return run([exe, "--smoke"], cwd=root, env=env, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        say(f"the bundle did not exit within {timeout:.0f} s")
        return 124


def task_bundle(args: list[str]) -> int:
    python = prepare(("test", "bundle"))
    env = venv_env(python, headless=True)
    say("building the bundle with PyInstaller (pyinstaller.spec)")
    started = time.monotonic()
    rc = build_bundle(python, args, env=env)
    elapsed = time.monotonic() - started
    if rc != 0:
        say(f"PyInstaller failed (exit {rc}) after {elapsed:.0f} s")
        return rc
    size_mb = dir_size(bundle_dir()) / 2**20
    say(f"built {bundle_dir().relative_to(ROOT)} in {elapsed:.0f} s: {size_mb:.0f} MiB")
    rc = smoke_bundle()
    say("smoke test passed" if rc == 0 else f"smoke test FAILED (exit {rc})")
    if rc == 0:
        companion = companion_executable()
        rc = run([companion, "--help"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        say(f"{companion.name} --help: " + ("prints" if rc == 0 else f"FAILED (exit {rc})"))
    return rc


def companion_executable(root: Path = ROOT, windows: bool | None = None) -> Path:
    """The console companion beside the app in the bundle (pyinstaller.spec): on Windows
    the app is windowed and prints nothing, so commands run through this one."""
    windows = sys.platform == "win32" if windows is None else windows
    return bundle_dir(root) / (BUNDLE_NAME + "-cli" + (".exe" if windows else ""))


def iscc_candidates(env: Mapping[str, str] | None = None) -> list[Path]:
    """Where Inno Setup 6's command-line compiler usually is: on PATH, or installed for
    all users or for this user."""
    env = os.environ if env is None else env
    found = shutil.which("ISCC") or shutil.which("iscc")
    places = [Path(found)] if found else []
    for var in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        base = env.get(var)
        if base:
            sub = ("Programs", "Inno Setup 6") if var == "LOCALAPPDATA" else ("Inno Setup 6",)
            places.append(Path(base).joinpath(*sub, "ISCC.exe"))
    return places


def project_version(root: Path = ROOT) -> str:
    import tomllib

    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def task_installer(args: list[str]) -> int:
    if sys.platform != "win32":
        say("the installer (installer.iss, Inno Setup) is built on Windows: py tasks.py installer")
        return 2
    iscc = next((p for p in iscc_candidates() if p.is_file()), None)
    if iscc is None:
        say("Inno Setup 6 is not installed (ISCC.exe not found): https://jrsoftware.org/isdl.php")
        return 2
    if not bundle_is_fresh():
        rc = task_bundle([])
        if rc != 0:
            return rc
    version = project_version()
    say(f"building the installer with {iscc}")
    return run([iscc, f"/DAppVersion={version}", *args, ROOT / "installer.iss"], cwd=ROOT)


def task_bench(args: list[str]) -> int:
    python = prepare()
    env = venv_env(python, headless=True)
    scripts = sorted((ROOT / "tests" / "bench").glob("bench_*.py"))
    if not scripts:
        say("no benchmarks (tests/bench/bench_*.py) yet")
        return 0
    failed: list[str] = []
    for script in scripts:
        print(f"== {script.relative_to(ROOT).as_posix()}", flush=True)
        started = time.monotonic()
        rc = run([python, script, *args], cwd=ROOT, env=env)
        print(f"== {script.name}: exit {rc}, {time.monotonic() - started:.1f} s", flush=True)
        if rc != 0:
            failed.append(script.name)
    if failed:
        say(f"benchmarks that failed: {', '.join(failed)}")
        return 1
    return 0


def task_lint(args: list[str]) -> int:
    python = prepare()
    env = venv_env(python, headless=True)
    check = run([python, "-m", "ruff", "check", *(args or ["."])], cwd=ROOT, env=env)
    fmt = run([python, "-m", "ruff", "format", "--check", *(args or ["."])], cwd=ROOT, env=env)
    return 0 if check == 0 and fmt == 0 else 1


TASKS: dict[str, Callable[[list[str]], int]] = {
    "start": task_start,
    "test": task_test,
    "bundle": task_bundle,
    "installer": task_installer,
    "bench": task_bench,
    "lint": task_lint,
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help") or argv[0] not in TASKS:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        if argv and argv[0] not in ("-h", "--help", "help"):
            say(f"unknown task {argv[0]!r}")
            return 2
        return 0
    return TASKS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main())
