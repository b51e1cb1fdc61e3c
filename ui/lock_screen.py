"""Idle auto-lock and quick clerk switching (issue #20 item 8).

* :class:`IdleWatcher` — an application-wide event filter: any key, click, wheel or
  mouse move restarts a timer of ``auto_lock_minutes`` (settings; 0 = never); when it
  runs out, ``idle`` is emitted and the main window locks.
* :class:`LockScreen` — a window covering the main window, application-modal (shown,
  never ``exec()``-ed: no nested event loop), over any open dialog. The people at the
  counter pick their name and type their PIN (``app.auth.switch_by_pin``) — or their
  password when they have no PIN yet (``app.auth.login``). ``unlocked(actor)``.

Open dialogs are not closed while locked: they are made transparent and disabled, and
come back as they were, unsaved edits included (a different clerk switching in then
goes through ``MainWindow.switch_user``, which asks before closing an edited card).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import auth, labels, settings
from app.core import Actor, NotFound, ValidationError
from ui import i18n

log = logging.getLogger(__name__)

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
USER_ROLE = int(Qt.ItemDataRole.UserRole)


class IdleWatcher(QObject):
    """Emits ``idle`` after ``minutes`` without keyboard or mouse input anywhere in the
    application (0 minutes: never)."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.minutes = 0
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = max(0, int(minutes or 0))
        self.restart()

    def restart(self) -> None:
        if self.minutes:
            self.timer.start(self.minutes * 60_000)
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.minutes:
            self.timer.start()  # same interval, from now
        return False

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockScreen(QWidget):
    """The lock screen; ``unlocked(actor)`` when someone signs back in."""

    unlocked = Signal(object)

    def __init__(self, db, current: Actor, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.db = db
        self.current = current
        self.setObjectName("lockScreen")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setStyleSheet(
            "#lockScreen { background: #26323f; }"
            "#lockCard { background: #ffffff; border-radius: 10px; }"
            "#lockCard QLabel#formErrors { color: #c62828; }"
        )
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.user_combo = QComboBox()
        self.user_combo.setObjectName("lockUser")
        self.user_combo.currentIndexChanged.connect(self._user_changed)
        self.secret = QLineEdit()
        self.secret.setObjectName("lockSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setMinimumHeight(32)
        self.user_combo.setMinimumHeight(32)
        self.secret.returnPressed.connect(self.try_unlock)
        self.secret_label = QLabel()
        self.message = QLabel()
        self.message.setObjectName("formErrors")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(36)  # the card keeps its size when a message shows
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("lockUnlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)

        form = QFormLayout()
        self.user_label = QLabel()
        form.addRow(self.user_label, self.user_combo)
        form.addRow(self.secret_label, self.secret)
        card = QFrame()
        card.setObjectName("lockCard")
        card.setFixedWidth(420)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        inner.addWidget(self.heading)
        inner.addWidget(self.hint)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addWidget(self.unlock_button)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.users: list[dict] = []
        self.reload_users()
        self.retranslate_ui()

    # ------------------------------------------------------------------ people

    def reload_users(self) -> None:
        self.users = auth.switch_list(self.db)
        self.user_combo.blockSignals(True)
        self.user_combo.clear()
        lang = i18n.current_language()
        for u in self.users:
            role = labels.word("role", u["role"], lang)
            self.user_combo.addItem(f"{u['display_name']}（{role}）", u["id"])
        ids = [u["id"] for u in self.users]
        if self.current.user_id in ids:
            self.user_combo.setCurrentIndex(ids.index(self.current.user_id))
        self.user_combo.blockSignals(False)
        self._user_changed()

    def chosen(self) -> dict | None:
        i = self.user_combo.currentIndex()
        return self.users[i] if 0 <= i < len(self.users) else None

    def _user_changed(self, *_args: object) -> None:
        self.message.clear()
        self.secret.clear()
        self._label_secret()

    def _label_secret(self) -> None:
        user = self.chosen()
        pin = bool(user and user["has_pin"])
        self.secret_label.setText(self.tr("PIN") if pin else self.tr("Password"))
        self.secret.setMaxLength(6 if pin else 128)

    # ------------------------------------------------------------------ unlock

    def try_unlock(self) -> Actor | None:
        user = self.chosen()
        if user is None:
            return None
        typed = self.secret.text()
        try:
            if user["has_pin"]:
                actor = auth.switch_by_pin(
                    self.db, from_actor=self.current, user_id=user["id"], pin=typed
                )
            else:
                actor = auth.login(self.db, username=user["username"], password=typed)
        except auth.LoginFailed as exc:
            text = labels.word("login_failed", exc.code, i18n.current_language())
            self.message.setText(text.replace("{seconds}", str(exc.wait_s)))
            self.secret.selectAll()
            return None
        except (NotFound, ValidationError) as exc:
            self.message.setText(str(exc))
            return None
        self.secret.clear()
        self.message.clear()
        self.unlocked.emit(actor)
        return actor

    # ------------------------------------------------------------------ Qt

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Locked"))
        self.hint.setText(
            self.tr(
                "The screen locked itself after a while without use. Pick your name and "
                "type your PIN to carry on, or to take over the counter."
            )
        )
        self.user_label.setText(self.tr("Who"))
        self.unlock_button.setText(self.tr("Unlock"))
        self._label_secret()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "heading"):
            self.retranslate_ui()
        super().changeEvent(event)


class Locker(QObject):
    """Locks ``window`` (hides the other windows' contents, shows the lock screen) and
    unlocks it. ``unlocked(actor)`` once someone has signed back in."""

    unlocked = Signal(object)

    def __init__(self, window: QWidget, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.screen: LockScreen | None = None
        self._hidden: list[tuple[QWidget, float, bool]] = []
        self.watcher = IdleWatcher(self._minutes(), self)
        self.watcher.idle.connect(self.lock_idle)

    def _minutes(self) -> int:
        try:
            return int(settings.get(self.ctx.db, "auto_lock_minutes") or 0)
        except (TypeError, ValueError):
            return 0

    def settings_changed(self) -> None:
        self.watcher.set_minutes(self._minutes())

    @property
    def locked(self) -> bool:
        return self.screen is not None

    def lock_idle(self) -> None:
        if self.locked or self.ctx.actor.user_id is None:
            return
        try:
            self.ctx.notify(
                auth.record_lock(self.ctx.db, actor=self.ctx.actor, minutes=self.watcher.minutes)
            )
        except Exception:  # the lock itself matters more than its log line
            log.exception("lock not recorded")
        self.lock()

    def lock(self) -> LockScreen:
        if self.screen is not None:
            return self.screen
        self.watcher.timer.stop()
        for w in QApplication.topLevelWidgets():
            if w is not self.window and w.isVisible():
                self._hidden.append((w, w.windowOpacity(), w.isEnabled()))
                w.setWindowOpacity(0.0)
                w.setEnabled(False)
        screen = LockScreen(self.ctx.db, self.ctx.actor, self.window)  # goes with it
        screen.unlocked.connect(self._unlocked)
        screen.setGeometry(self.window.frameGeometry())
        screen.show()
        screen.raise_()
        screen.activateWindow()
        screen.secret.setFocus()
        self.screen = screen
        return screen

    def _unlocked(self, actor: Actor) -> None:
        if self.screen is not None:
            self.screen.hide()
            self.screen.deleteLater()
            self.screen = None
        for w, opacity, enabled in self._hidden:
            try:
                w.setWindowOpacity(opacity)
                w.setEnabled(enabled)
            except RuntimeError:  # closed meanwhile
                pass
        self._hidden.clear()
        self.watcher.restart()
        self.unlocked.emit(actor)
