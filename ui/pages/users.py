"""Users (用户, the owner's page): staff accounts and their roles — add a user, reset a
password, change a role, deactivate or reactivate. Every rule (who may, the last
owner, password length) is in ``app/auth.py``; problems show inline under the list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import auth, labels
from app.core import ROLES, Changes, NotFound, PermissionDenied, ValidationError
from ui import i18n
from ui.context import AppContext

COL_NAME, COL_USERNAME, COL_ROLE, COL_STATE, COL_LAST = range(5)
ID_ROLE = int(Qt.ItemDataRole.UserRole)


def _lang() -> str:
    return i18n.current_language()


class UserDialog(QDialog):
    """Add a user (``user`` None) or set a password (``password_only``)."""

    def __init__(self, parent: QWidget | None = None, *, password_only: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("userDialog")
        self.display_name = QLineEdit()
        self.username = QLineEdit()
        self.role_combo = QComboBox()
        for role in reversed(ROLES):  # clerk first: the usual new account
            self.role_combo.addItem(labels.word("role", role, _lang()), role)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("formErrors")
        self.message.setWordWrap(True)
        self.message.hide()
        form = QFormLayout()
        if not password_only:
            form.addRow(self.tr("Name"), self.display_name)
            form.addRow(self.tr("User name"), self.username)
            form.addRow(self.tr("Role"), self.role_combo)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Password again"), self.again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setWindowTitle(self.tr("Set password") if password_only else self.tr("Add user"))

    def _check(self) -> None:
        if self.password.text() != self.again.text():
            self.message.setText(labels.error_text("password_mismatch", _lang()))
            self.message.show()
            return
        self.accept()


class UsersPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("page_users")
        self.users: list[dict[str, Any]] = []
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("usersTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton()
        self.add_button.setObjectName("addUser")
        self.add_button.clicked.connect(lambda: self.add_user())
        self.password_button = QPushButton()
        self.password_button.setObjectName("resetPassword")
        self.password_button.clicked.connect(lambda: self.reset_password())
        self.pin_button = QPushButton()
        self.pin_button.setObjectName("setPin")
        self.pin_button.clicked.connect(lambda: self.set_pin())
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("userRole")
        self.role_button = QPushButton()
        self.role_button.setObjectName("changeRole")
        self.role_button.clicked.connect(lambda: self.change_role())
        self.active_button = QPushButton()
        self.active_button.setObjectName("toggleActive")
        self.active_button.clicked.connect(lambda: self.toggle_active())
        self.message = QLabel()
        self.message.setObjectName("formErrors")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QHBoxLayout()
        for w in (
            self.add_button,
            self.password_button,
            self.pin_button,
            self.role_combo,
            self.role_button,
            self.active_button,
        ):
            buttons.addWidget(w)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.retranslate_ui()
        self.refresh()

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        lang = _lang()
        self.users = auth.list_users(self.ctx.db)
        self.table.setRowCount(len(self.users))
        for row, u in enumerate(self.users):
            state = self.tr("active") if u["active"] else self.tr("deactivated")
            if not u["has_password"]:
                state += " · " + self.tr("no password")
            cells = (
                u["display_name"],
                u["username"],
                labels.word("role", u["role"], lang),
                state,
                (u["last_login_at"] or "").replace("T", " "),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, u["id"])
                self.table.setItem(row, col, item)
        self._update_buttons()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return int(self.table.item(rows[0].row(), 0).data(ID_ROLE))

    def select_user(self, user_id: int) -> None:
        for row, u in enumerate(self.users):
            if u["id"] == user_id:
                self.table.selectRow(row)
                return

    def _selected(self) -> dict[str, Any] | None:
        uid = self.selected_id()
        return next((u for u in self.users if u["id"] == uid), None)

    def _update_buttons(self) -> None:
        user = self._selected()
        for w in (
            self.password_button,
            self.pin_button,
            self.role_button,
            self.active_button,
            self.role_combo,
        ):
            w.setEnabled(user is not None)
        if user is not None:
            self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(user["role"])))
        self.active_button.setText(
            self.tr("Reactivate") if user and not user["active"] else self.tr("Deactivate")
        )

    # ------------------------------------------------------------------ actions

    def _run(self, action) -> bool:  # type: ignore[no-untyped-def]
        self.message.hide()
        try:
            changes: Changes = action()
        except ValidationError as exc:
            self.message.setText("\n".join(e.message(_lang()) for e in exc.errors))
            self.message.show()
            return False
        except (PermissionDenied, NotFound) as exc:
            self.message.setText(str(exc))
            self.message.show()
            return False
        self.refresh()
        if changes.created_id is not None:
            self.select_user(changes.created_id)
        self.ctx.notify(changes)
        return True

    def add_user(
        self,
        username: str | None = None,
        display_name: str = "",
        role: str = "clerk",
        password: str = "",
    ) -> bool:
        if username is None:
            dialog = UserDialog(self)
            if dialog.exec() != int(QDialog.DialogCode.Accepted):
                return False
            username, display_name = dialog.username.text(), dialog.display_name.text()
            role, password = str(dialog.role_combo.currentData()), dialog.password.text()
        return self._run(
            lambda: auth.add_user(
                self.ctx.db,
                actor=self.ctx.actor,
                username=username,
                display_name=display_name,
                role=role,
                password=password,
            )
        )

    def reset_password(self, password: str | None = None) -> bool:
        uid = self.selected_id()
        if uid is None:
            return False
        if password is None:
            dialog = UserDialog(self, password_only=True)
            if dialog.exec() != int(QDialog.DialogCode.Accepted):
                return False
            password = dialog.password.text()
        return self._run(
            lambda: auth.reset_password(
                self.ctx.db, actor=self.ctx.actor, user_id=uid, password=password
            )
        )

    def set_pin(self, pin: str | None = None) -> bool:
        """The selected user's PIN for the lock screen (4–6 digits)."""
        uid = self.selected_id()
        if uid is None:
            return False
        if pin is None:
            pin = ask_pin(self)
            if pin is None:
                return False
        return self._run(
            lambda: auth.set_pin(self.ctx.db, actor=self.ctx.actor, user_id=uid, pin=pin)
        )

    def change_role(self, role: str | None = None) -> bool:
        uid = self.selected_id()
        if uid is None:
            return False
        role = role or str(self.role_combo.currentData())
        return self._run(
            lambda: auth.update_user(self.ctx.db, actor=self.ctx.actor, user_id=uid, role=role)
        )

    def toggle_active(self) -> bool:
        user = self._selected()
        if user is None:
            return False
        ok = self._run(
            lambda: auth.set_active(
                self.ctx.db, actor=self.ctx.actor, user_id=user["id"], active=not user["active"]
            )
        )
        if ok:
            self.select_user(user["id"])
        return ok

    # ------------------------------------------------------------------ Qt

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("users"):
            self.refresh()

    def retranslate_ui(self) -> None:
        lang = _lang()
        self.title.setText(self.tr("Users"))
        self.hint.setText(
            self.tr(
                "Clerks see masked phone numbers and serve members; managers also import, "
                "see reports and may show a full phone number (logged); the owner also "
                "exports, deletes or anonymises members, sets the rules and manages users."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("User name"),
                self.tr("Role"),
                self.tr("State"),
                self.tr("Last sign-in"),
            ]
        )
        self.add_button.setText(self.tr("Add user…"))
        self.password_button.setText(self.tr("Reset password…"))
        self.pin_button.setText(self.tr("Set PIN…"))
        self.role_button.setText(self.tr("Change role"))
        current = self.role_combo.currentData()
        self.role_combo.clear()
        for role in ROLES:
            self.role_combo.addItem(labels.word("role", role, lang), role)
        if current:
            self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(current)))
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        # texts only: the database may be gone when a test's language switch arrives
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "title"):
            self.retranslate_ui()
        super().changeEvent(event)


def ask_pin(parent: QWidget | None) -> str | None:
    """A PIN typed into a small masked box, or None when cancelled."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    pin, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("UsersPage", "Set PIN…"),
        QCoreApplication.translate("UsersPage", "A PIN of 4 to 6 digits, for the lock screen:"),
        QLineEdit.EchoMode.Password,
    )
    return pin if ok else None


def create(ctx: AppContext) -> QWidget:
    return UsersPage(ctx)
