"""What every page needs from the running app, in one small object.

Pages get an ``AppContext`` instead of the main window, so a page can be built and
tested on its own. ``notify(changes)`` hands an action's ``app.core.Changes`` to the
main window, which fans it out to every page (``on_changes``) with one signal.
``runner`` (``ui/tasks.py``) runs work off the GUI thread; the application shuts it
down on quit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from app.core import SYSTEM, Actor, Changes
from ui.tasks import TaskRunner


def _ignore(changes: Changes) -> None:
    return None


@dataclass
class AppContext:
    db: sqlite_utils.Database
    db_path: Path
    data_dir: Path
    log_file: Path | None = None
    # The signed-in user (ui/application.py signs in before the main window); the
    # system user in --smoke and in tests that build pages directly.
    actor: Actor = SYSTEM
    notify: Callable[[Changes], None] = field(default=_ignore)
    runner: TaskRunner = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # notify is looked up when a job finishes: the main window sets it after this.
        self.runner = TaskRunner(self.db_path, self.db, notify=lambda c: self.notify(c))
