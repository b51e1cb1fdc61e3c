"""Where things are on disk, the same from source and from a PyInstaller bundle.

Resources (translations, fonts, icons, stylesheet) live in ``resources/`` beside
``main.py``; in a frozen bundle PyInstaller unpacks them under ``sys._MEIPASS``. The
user's data folder comes from Qt (QStandardPaths) in the GUI; ``ui/`` passes it in, so
this module stays Qt-free.
"""

from __future__ import annotations

import sys
from pathlib import Path

DB_FILE_NAME = "vipkeeper.db"


def project_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource(*parts: str) -> Path:
    """A file under ``resources/``: ``resource("fonts", "x.otf")``."""
    return project_root().joinpath("resources", *parts)


BACKUPS_DIR_NAME = "backups"


def backups_dir(db_path: str | Path) -> Path:
    """Where the backups of the database at ``db_path`` go: a ``backups`` folder beside
    the file (in the data folder for the usual ``vipkeeper.db``)."""
    return Path(db_path).resolve().parent / BACKUPS_DIR_NAME
