"""After anonymising (the member card's privacy menu, the privacy page's retention
list): say which backups still hold the people, and offer to delete them, with a
confirmation. The rules (which backups, who may delete, the audit entry) are
``app.privacy.backups_holding`` and ``app.privacy.purge_backups``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from app import permissions, privacy
from app.core import NotFound, PermissionDenied, ValidationError
from app.paths import backups_dir
from ui.context import AppContext

log = logging.getLogger(__name__)
SHOWN_FILES = 8  # file names listed in the question; more are counted


class BackupPurge(QObject):
    """Holds the translation context; see :func:`offer_backup_purge`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.folder = backups_dir(ctx.db_path)

    def holding(self, member_ids: Iterable[int]) -> dict[int, list[Path]]:
        out = {}
        for mid in member_ids:
            try:
                files = privacy.backups_holding(self.ctx.db, folder=self.folder, member_id=mid)
            except NotFound:
                continue
            if files:
                out[mid] = files
        return out

    def question(self, files: list[Path]) -> str:
        names = "\n".join(f"  {p.name}" for p in files[:SHOWN_FILES])
        if len(files) > SHOWN_FILES:
            names += "\n  " + self.tr("… and %1 more").replace("%1", str(len(files) - SHOWN_FILES))
        return (
            self.tr(
                "%1 backup(s) still hold the anonymised person; restoring one would bring "
                "them back:"
            ).replace("%1", str(len(files)))
            + "\n"
            + names
            + "\n\n"
            + self.tr("Delete these backups now? This cannot be undone.")
        )

    def offer(
        self, member_ids: Iterable[int], ask: Callable[[str], bool] | None = None
    ) -> list[Path]:
        """Ask (``ask(text) -> bool``, a Yes/No box by default) and delete. Returns the
        deleted files ([] when none held them, the user said no, or the role may not)."""
        held = self.holding(list(member_ids))
        if not held:
            return []
        files = sorted({p for fs in held.values() for p in fs}, reverse=True)
        if not permissions.allowed(self.ctx.actor, permissions.DELETE_MEMBER):
            return []
        ask = ask or self._ask
        if not ask(self.question(files)):
            return []
        removed: list[Path] = []
        for mid in held:
            try:
                removed += privacy.purge_backups(
                    self.ctx.db, actor=self.ctx.actor, member_id=mid, folder=self.folder
                )
            except (ValidationError, NotFound, PermissionDenied, OSError) as exc:
                log.warning("backups of member %s not purged: %s", mid, exc)
                QMessageBox.warning(self.parent_widget, self.tr("Delete backups"), str(exc))
                break
        return removed

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(
            self.parent_widget,
            self.tr("Delete backups"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


def offer_backup_purge(
    parent: QWidget | None,
    ctx: AppContext,
    member_ids: Iterable[int],
    ask: Callable[[str], bool] | None = None,
) -> list[Path]:
    """See :class:`BackupPurge`."""
    return BackupPurge(ctx, parent).offer(member_ids, ask)
