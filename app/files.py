"""One way to write a file the user asked for (exports, templates, reports, rejected
rows, the member data report): never in place.

:func:`atomic_file` hands out a temporary name in the same folder; the writer fills it;
:meth:`AtomicFile.commit` flushes it to disk (fsync) and renames it over the final name
(``os.replace``, atomic on Windows and POSIX). A crash, a full disk or an exception
leaves the old file (or none) and no 0-byte or half-written one; the temporary file is
removed on failure, and :func:`sweep` removes those a killed process left (at start-up
and before each write into a folder).

Errors the user can act on become :class:`WriteFailed` with a sentence naming the final
path (a full disk, a missing folder, a file open in Excel), not ``[Errno 28]`` or the
hidden temporary name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

TEMP_MARK = ".vk-partial"
STALE_AFTER_S = 3600  # a temporary file this old belongs to no running writer


class WriteFailed(Exception):
    """The file could not be written; nothing was left behind. ``code`` is an
    ``app.labels.ERRORS`` code, ``params`` fill its message."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        from app.labels import error_text

        return error_text(self.code, lang, **self.params)


class AtomicFile:
    """A file being written: fill ``tmp``, then :meth:`commit` (or leave the ``with``)."""

    def __init__(self, final: Path) -> None:
        self.final = final
        token = f"{os.getpid()}-{secrets.token_hex(3)}"
        # the final suffix last: writers that look at the extension still see it
        self.tmp = final.with_name(f".{final.stem}.{token}{TEMP_MARK}{final.suffix}")
        self.committed = False

    def commit(self) -> None:
        if self.committed:
            return
        with open(self.tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(self.tmp, self.final)
        self.committed = True
        _fsync_folder(self.final.parent)


@contextlib.contextmanager
def atomic_file(final: str | Path) -> Iterator[AtomicFile]:
    """Write ``final`` through a temporary file in its folder (module docstring).

    The file is committed when the block ends without an exception, unless the block
    committed it itself (e.g. inside a database transaction, so that the file and the
    record of it appear together)."""
    final = Path(final)
    folder = final.parent
    if not folder.is_dir():
        raise WriteFailed("folder_missing", path=str(final), folder=str(folder))
    sweep(folder)
    af = AtomicFile(final)
    try:
        yield af
        af.commit()
    except OSError as exc:
        raise _readable(exc, final) from exc
    finally:
        if not af.committed:
            with contextlib.suppress(OSError):
                af.tmp.unlink(missing_ok=True)


def sweep(folder: str | Path, *, older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Remove temporary files of :func:`atomic_file` in ``folder`` older than
    ``older_than_s`` (a younger one may belong to a writer still running)."""
    removed: list[Path] = []
    try:
        candidates = list(Path(folder).glob(f".*{TEMP_MARK}*"))
    except OSError:
        return removed
    now = time.time()
    for path in candidates:
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime >= older_than_s:
                path.unlink()
                removed.append(path)
    return removed


def _readable(exc: OSError, final: Path) -> BaseException:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return WriteFailed("disk_full_writing", path=str(final))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return WriteFailed("no_permission_writing", path=str(final))
    if exc.errno == errno.ENOENT:
        return WriteFailed("folder_missing", path=str(final), folder=str(final.parent))
    return exc


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a folder for it)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


LEGACY_TEMPORARIES = (".*.partial.xlsx",)  # what the writers before atomic_file left


def sweep_store_leftovers(
    db_path: str | Path, backups: str | Path, *, older_than_s: float = STALE_AFTER_S
) -> list[Path]:
    """What a killed or failed run can leave beside the store and its backups: a
    restore's scratch copy (``vipkeeper.db.restoring``, as large as the store) with its
    journals, the journal of a backup's unfinished copy, and temporary files of
    :func:`atomic_file` and of the writers before it. Call it only while holding the
    store's lock (nothing else is restoring or writing then)."""
    db_path, backups = Path(db_path), Path(backups)
    removed: list[Path] = []

    def drop(path: Path) -> None:
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)

    for suffix in ("", "-journal", "-wal", "-shm"):
        scratch = Path(f"{db_path}.restoring{suffix}")
        if scratch.exists():
            drop(scratch)
    now = time.time()
    for folder in (db_path.parent, backups):
        removed += sweep(folder, older_than_s=older_than_s)
        for pattern in LEGACY_TEMPORARIES:
            for path in folder.glob(pattern):
                with contextlib.suppress(OSError):
                    if now - path.stat().st_mtime >= older_than_s:
                        drop(path)
    with contextlib.suppress(OSError):
        for journal in backups.glob("vipkeeper-*.db.partial-journal"):
            partial = journal.with_name(journal.name.removesuffix("-journal"))
            if not partial.exists() or now - journal.stat().st_mtime >= older_than_s:
                drop(journal)
    return removed
