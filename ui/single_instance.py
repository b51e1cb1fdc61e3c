"""One app per database: a ``QLockFile`` beside the database file (``<db>.lock``).

Two copies of the app on one file would each keep their own caches and could each run
the daily jobs; the second one is refused with a message instead. The lock records the
holder's PID, host and application name. Its stale-lock time is 0 (a lock is never
stale because of its age: the app holds it for hours), so a lock is taken over only
when its holder is gone — Qt checks that the PID no longer runs on this host — which is
what a crash, a power cut or a killed process leaves behind. A lock held from another
PC (a database on a network share) is never taken over.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile


def lock_path(db_path: str | Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, as far as the lock file says."""

    pid: int
    host: str
    app: str


def acquire(db_path: str | Path, *, wait_ms: int = 0) -> QLockFile | Holder | None:
    """Take the lock for ``db_path``: the ``QLockFile`` (keep it; ``unlock()`` on exit),
    a :class:`Holder` when another running process has it, or None when the lock file
    cannot be written at all (the caller decides; the app goes on without the lock)."""
    path = lock_path(db_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a folder we cannot write: opening the database will say why
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)
    if lock.tryLock(wait_ms):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        # tryLock already removes a lock whose process is gone; try once more in case the
        # holder quit between its check and ours.
        if lock.removeStaleLockFile() and lock.tryLock(0):
            return lock
        info = lock.getLockInfo()  # PySide6: (pid, host, app); pid 0 when unreadable
        if isinstance(info, tuple) and len(info) == 3:
            return Holder(int(info[0] or 0), str(info[1] or ""), str(info[2] or ""))
        return Holder(0, "", "")
    return None


# ------------------------------------------------------------------ closing


def closing_marker(db_path: str | Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".closing")


@contextlib.contextmanager
def closing(db_path: str | Path) -> Iterator[None]:
    """While the app finishes its close backup it still holds the lock; this marker
    (``<db>.closing``, holding the PID) tells a new start that the holder is leaving,
    so it waits instead of saying "already open"."""
    marker = closing_marker(db_path)
    try:
        marker.write_text(str(os.getpid()), encoding="ascii")
    except OSError:
        marker = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if marker is not None:
            marker.unlink(missing_ok=True)


def holder_is_closing(db_path: str | Path, holder: Holder) -> bool:
    """True when the lock's holder said it is closing (its marker names its PID)."""
    try:
        pid = int(closing_marker(db_path).read_text(encoding="ascii").strip() or 0)
    except (OSError, ValueError):
        return False
    return pid != 0 and pid == holder.pid


def wait_for_closing(
    db_path: str | Path,
    holder: Holder,
    *,
    timeout_ms: int = 600_000,
    step_ms: int = 250,
    tick: Callable[[], None] | None = None,
) -> QLockFile | Holder | None:
    """Wait (up to ``timeout_ms``) for a closing holder to let go, calling ``tick``
    between tries (a window's repaint); then the lock, or who still holds it."""
    waited = 0
    result: QLockFile | Holder | None = holder
    while waited < timeout_ms:
        result = acquire(db_path, wait_ms=step_ms)
        if not isinstance(result, Holder):
            return result
        if not holder_is_closing(db_path, result):
            return result  # another app took it, or the holder stopped closing
        if tick is not None:
            tick()
        waited += step_ms
    return result
