"""Sign-in and the owner's first account, shown by ui/application.py before the main
window (not in ``--smoke``, which runs as the system user).

* :class:`OwnerSetupDialog` — while ``app.auth.needs_owner``: the owner's name, user
  name and password (twice). For the demo store it keeps the demo owner's account and
  lists the staff accounts, whose password is ``demo``.
* :class:`LoginDialog` — user name and password; a refusal says why in words
  (``app.labels`` ``login_failed``), and the button rests a second after each failure
  (``app.auth`` makes a name wait longer after repeated failures).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app import auth, labels
from app.core import SYSTEM, Actor, ValidationError
from ui import i18n

RETRY_PAUSE_MS = 1000
LAST_USER_KEY = "ui/last_user"  # the sign-in offers the last user name (never a password)
TITLE = "贵宾管家 VIP Keeper"


def _lang() -> str:
    return i18n.current_language()


class LoginDialog(QDialog):
    def __init__(self, db, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.setObjectName("loginDialog")
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(380)
        self.heading = QLabel(self.tr("Sign in"))
        self.heading.setObjectName("pageTitle")
        self.username = QLineEdit(str(QSettings().value(LAST_USER_KEY, "") or ""))
        self.username.setObjectName("loginUsername")
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("formErrors")
        self.message.setWordWrap(True)
        self.message.hide()
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Sign in"))
        self.ok_button.setObjectName("primary")
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password if self.username.text() else self.username).setFocus()

    def try_login(self) -> bool:
        try:
            self.actor = auth.login(
                self.db, username=self.username.text(), password=self.password.text()
            )
        except auth.LoginFailed as exc:
            text = labels.word("login_failed", exc.code, _lang())
            self.message.setText(text.replace("{seconds}", str(exc.wait_s)))
            self.message.show()
            self.adjustSize()  # the dialog grows for the message instead of squashing
            self.password.clear()
            self.password.setFocus()
            self.ok_button.setEnabled(False)
            # the dialog as context: no call after it is gone
            QTimer.singleShot(RETRY_PAUSE_MS, self, lambda: self.ok_button.setEnabled(True))
            return False
        QSettings().setValue(LAST_USER_KEY, self.username.text().strip())
        self.accept()
        return True


class OwnerSetupDialog(QDialog):
    def __init__(self, db, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None  # signed in once the password is set
        self.setObjectName("ownerSetupDialog")
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(460)
        existing = auth.passwordless_owner(db)
        staff = sorted(  # manager, then clerk1, clerk2 … as the accounts are named
            (
                u
                for u in auth.list_users(db)
                if u["username"] in auth.DEMO_STAFF and u["role"] != "owner" and u["has_password"]
            ),
            key=lambda u: (u["role"] != "manager", u["username"]),
        )
        self.heading = QLabel(self.tr("The owner's account"))
        self.heading.setObjectName("pageTitle")
        self.intro = QLabel(
            self.tr(
                "Everyone signs in to VIP Keeper. Choose the owner's name and password: the "
                "owner adds the staff's accounts later (Users page)."
            )
        )
        self.intro.setWordWrap(True)
        self.display_name = QLineEdit(existing["display_name"] if existing else "")
        self.display_name.setObjectName("ownerDisplayName")
        self.username = QLineEdit(existing["username"] if existing else "owner")
        self.username.setObjectName("ownerUsername")
        self.password = QLineEdit()
        self.password.setObjectName("ownerPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName("ownerPasswordAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Owner's name"), self.display_name)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Password again"), self.again)
        self.demo_note = QLabel()
        self.demo_note.setObjectName("demoAccounts")
        self.demo_note.setWordWrap(True)
        if staff:
            lang = _lang()
            accounts = ", ".join(
                f"{u['username']} ({u['display_name']}, {labels.word('role', u['role'], lang)})"
                for u in staff
            )
            self.demo_note.setText(
                self.tr("Demo store: the staff accounts %1 have the password “%2”.")
                .replace("%1", accounts)
                .replace("%2", auth.DEMO_PASSWORD)
                + " "
                + self.tr("Their lock-screen PIN is “%1”.").replace("%1", auth.DEMO_PIN)
            )
        self.demo_note.setVisible(bool(staff))
        self.message = QLabel()
        self.message.setObjectName("formErrors")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("primary")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.demo_note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def save(self) -> bool:
        lang = _lang()
        if self.password.text() != self.again.text():
            self.message.setText(labels.error_text("password_mismatch", lang))
            self.message.show()
            self.adjustSize()  # the dialog grows for the message instead of squashing
            return False
        try:
            auth.setup_owner(
                self.db,
                actor=SYSTEM,
                username=self.username.text(),
                display_name=self.display_name.text(),
                password=self.password.text(),
            )
        except ValidationError as exc:
            names = {
                "username": self.tr("User name"),
                "display_name": self.tr("Owner's name"),
                "password": self.tr("Password"),
            }
            self.message.setText(
                "\n".join(f"{names.get(e.field, e.field)}: {e.message(lang)}" for e in exc.errors)
            )
            self.message.show()
            self.adjustSize()  # the dialog grows for the message instead of squashing
            return False
        QSettings().setValue(LAST_USER_KEY, self.username.text().strip())  # sign in next
        # the owner just chose the password: signed in with it, not asked to type it again
        self.actor = auth.login(
            self.db, username=self.username.text().strip(), password=self.password.text()
        )
        self.accept()
        return True


def ask_owner_setup(db, parent: QWidget | None = None) -> Actor | None:  # type: ignore[no-untyped-def]
    """Show the owner set-up; the owner, signed in, once the account has a password
    (None when the dialog was closed)."""
    dialog = OwnerSetupDialog(db, parent)
    dialog.exec()
    actor = dialog.actor
    dialog.deleteLater()
    return actor if actor is not None and not auth.needs_owner(db) else None


def ask_login(db, parent: QWidget | None = None) -> Actor | None:  # type: ignore[no-untyped-def]
    """Show the sign-in; the signed-in ``Actor``, or None when it was closed."""
    dialog = LoginDialog(db, parent)
    dialog.exec()
    actor = dialog.actor
    dialog.deleteLater()
    return actor


class ChangePasswordDialog(QDialog):
    """The signed-in user changes their own password (the current one first)."""

    def __init__(self, db, actor: Actor, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("Change my password"))
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.again = QLineEdit()
        form = QFormLayout()
        for edit, label in (
            (self.old, self.tr("Current password")),
            (self.new, self.tr("New password")),
            (self.again, self.tr("New password again")),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(label, edit)
        self.message = QLabel()
        self.message.setObjectName("formErrors")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> bool:
        lang = _lang()
        if self.new.text() != self.again.text():
            self.message.setText(labels.error_text("password_mismatch", lang))
            self.message.show()
            self.adjustSize()  # the dialog grows for the message instead of squashing
            return False
        try:
            auth.change_own_password(
                self.db,
                actor=self.actor,
                old_password=self.old.text(),
                new_password=self.new.text(),
            )
        except ValidationError as exc:
            self.message.setText("\n".join(e.message(lang) for e in exc.errors))
            self.message.show()
            self.adjustSize()  # the dialog grows for the message instead of squashing
            return False
        self.accept()
        return True
