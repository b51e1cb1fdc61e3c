"""The main window: navigation on the left, the current page on the right, the store,
database and member count in the status bar.

Changes flow one way (DESIGN.md): a page calls an action in ``app/``, gets
``app.core.Changes`` back and hands it to ``ctx.notify``; the window emits ``changed``
once, and every open member card and every page built so far gets
``on_changes(changes)`` and decides whether to refresh.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QEvent, QLocale, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from app import labels, members, settings
from app.core import Actor, Changes
from app.paths import resource
from ui import i18n
from ui.context import AppContext
from ui.pages import PageSpec, page_specs
from ui.widgets.screen_fit import fit_to_screen

log = logging.getLogger(__name__)

KEY_ROLE = int(Qt.ItemDataRole.UserRole)
# The product's name is bilingual in both UI languages.
APP_TITLE = "贵宾管家 VIP Keeper"
GEOMETRY_KEY = "ui/main_window_geometry"
LAST_PAGE_KEY = "ui/last_page"


class MainWindow(QMainWindow):
    changed = Signal(object)  # app.core.Changes

    def __init__(
        self,
        ctx: AppContext,
        specs: list[PageSpec] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.notify = self.changed.emit
        # only the pages the signed-in role may use (app/permissions.py)
        self.specs = specs if specs is not None else page_specs(ctx.actor)
        self._pages: dict[str, QWidget] = {}
        self.setObjectName("mainWindow")
        self.setMinimumSize(880, 560)
        # first start: as wide as a 1366 screen allows (the English filters need it),
        # capped by the screen it opens on; later starts restore the saved geometry
        fit_to_screen(self, QSize(1366, 860))

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(188)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._own_specs = specs is None  # pages follow the signed-in role (switch_user)
        self._fill_nav()

        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.store_label = QLabel()
        self.store_label.setObjectName("statusStore")
        self.db_label = QLabel()
        self.db_label.setObjectName("statusDb")
        self.count_label = QLabel()
        self.count_label.setObjectName("statusCount")
        self.user_label = QLabel()
        self.user_label.setObjectName("statusUser")
        # the signed-in user's own password (not for the system user of --smoke/tests)
        self.password_button = QPushButton()
        self.password_button.setObjectName("changeMyPassword")
        self.password_button.setFlat(True)
        self.password_button.clicked.connect(self.change_my_password)
        self.switch_button = QPushButton()
        self.switch_button.setObjectName("switchUser")
        self.switch_button.setFlat(True)
        self.switch_button.clicked.connect(lambda: self.switch_user())
        if ctx.actor.user_id is None:
            self.password_button.hide()
            self.switch_button.hide()
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        status.addWidget(self.store_label)
        status.addWidget(self.db_label, 1)
        status.addPermanentWidget(self.user_label)
        status.addPermanentWidget(self.password_button)
        status.addPermanentWidget(self.switch_button)
        status.addPermanentWidget(self.count_label)
        # sales saved while an import held the store (app/counter_queue.py): shown, and
        # entered by the runner as soon as the lock is free; at start-up too
        from ui.counter_queue import QueueDrainer, QueueLabel

        self.queue_label = QueueLabel(ctx)
        status.addWidget(self.queue_label)
        self.drainer = QueueDrainer(ctx, self)
        self.drainer.kick()

        from ui.store_menu import StoreMenu  # File: new / open / recent store, set-up

        self.store_menu = StoreMenu(self)
        self.changed.connect(self._fan_out)
        self.nav.currentRowChanged.connect(self._row_changed)
        # keys that work on every page: find a member, new member
        self._global_shortcuts = []
        for keys, slot in (("Ctrl+F", self.find_member), ("Ctrl+N", self.new_member)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self._global_shortcuts.append(shortcut)
        # idle auto-lock and quick switching by PIN (ui/lock_screen.py), for people
        # who signed in (not the system user of --smoke and most tests)
        self.locker = None
        if ctx.actor.user_id is not None:
            from ui.lock_screen import Locker

            self.locker = Locker(self, ctx)
            self.locker.unlocked.connect(self._unlocked)
            self.lock_button = QPushButton()
            self.lock_button.setObjectName("lockNow")
            self.lock_button.setFlat(True)
            self.lock_button.clicked.connect(lambda: self.locker and self.locker.lock())
            status.addPermanentWidget(self.lock_button)
            self.pin_button = QPushButton()
            self.pin_button.setObjectName("setMyPin")
            self.pin_button.setFlat(True)
            self.pin_button.clicked.connect(lambda: self.set_my_pin())
            status.addPermanentWidget(self.pin_button)

        self.retranslate_ui()
        self.refresh_status()
        self._restore_state()

    # ------------------------------------------------------------------ pages

    def _fill_nav(self) -> None:
        self.nav.clear()
        for spec in self.specs:
            item = QListWidgetItem()
            item.setData(KEY_ROLE, spec.key)
            icon_path = resource("icons", spec.icon)
            if spec.icon and icon_path.exists():
                item.setIcon(QIcon(str(icon_path)))
            self.nav.addItem(item)

    def switch_user(self, actor: Actor | None = None) -> bool:
        """Another person signs in at this PC (``actor``, or the sign-in dialog): open
        member cards close, the pages are rebuilt for the new role. False when the
        sign-in was closed or a card with unsaved edits stayed open."""
        from ui.dialogs import member_card

        if actor is None:
            from ui.dialogs.login import ask_login

            actor = ask_login(self.ctx.db, self)
            if actor is None:
                return False
        if not member_card.close_all():
            return False
        self.ctx.actor = actor
        for page in self._pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages.clear()
        if self._own_specs:
            self.specs = page_specs(actor)
        self.nav.blockSignals(True)
        self._fill_nav()
        self.nav.blockSignals(False)
        self.password_button.setHidden(actor.user_id is None)
        self.switch_button.setHidden(actor.user_id is None)
        self.retranslate_ui()
        self.refresh_status()
        if self.specs:
            self.nav.setCurrentRow(-1)
            self.show_page(self.specs[0].key)
        return True

    def find_member(self) -> None:
        """Ctrl+F from any page: the members page, cursor in its search box."""
        if any(spec.key == "members" for spec in self.specs):
            page = self.show_page("members")
            page.focus_search()

    def new_member(self) -> None:
        """Ctrl+N from any page: a new member's card, cursor in 姓名."""
        from ui.dialogs import member_card

        if any(spec.key == "members" for spec in self.specs):
            member_card.open_member_card(self.ctx, None, parent=self)

    def set_my_pin(self, pin: str | None = None) -> bool:
        """The signed-in user sets their own PIN for the lock screen."""
        from app import auth
        from app.core import ValidationError
        from ui.pages.users import ask_pin

        pin = ask_pin(self) if pin is None else pin
        if pin is None or self.ctx.actor.user_id is None:
            return False
        try:
            changes = auth.set_pin(
                self.ctx.db, actor=self.ctx.actor, user_id=self.ctx.actor.user_id, pin=pin
            )
        except ValidationError as exc:
            self.statusBar().showMessage(exc.errors[0].message(i18n.current_language()), 8000)
            return False
        self.changed.emit(changes)
        self.statusBar().showMessage(self.tr("PIN set."), 5000)
        return True

    def _unlocked(self, actor: Actor) -> None:
        """The lock screen let someone in: the same person carries on where they were;
        another one takes over through :meth:`switch_user`."""
        if actor.user_id != self.ctx.actor.user_id:
            self.switch_user(actor)

    def page(self, key: str) -> QWidget | None:
        """The page for ``key`` if it has been built (pages are built on first visit)."""
        return self._pages.get(key)

    def built_pages(self) -> dict[str, QWidget]:
        return dict(self._pages)

    def show_page(self, key: str) -> QWidget:
        """Select ``key`` in the navigation, building its page if needed; return it."""
        keys = [s.key for s in self.specs]
        row = keys.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # -> _row_changed builds and shows it
        return self._ensure_page(self.specs[row])

    def _ensure_page(self, spec: PageSpec) -> QWidget:
        page = self._pages.get(spec.key)
        if page is None:
            page = spec.create(self.ctx)
            if not page.objectName():
                page.setObjectName(f"page_{spec.key}")
            self._pages[spec.key] = page
            self.stack.addWidget(page)
        if self.stack.currentWidget() is not page:
            self.stack.setCurrentWidget(page)
        return page

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self.specs):
            self._ensure_page(self.specs[row])

    def start_background_jobs(self) -> None:
        """The store's scheduled work while the app runs (ui/application.py calls this
        once, not in --smoke or tests): loyalty's daily job — points expiry, birthday
        points, the yearly tier review — now and every hour (it acts once a day)."""
        from ui.pages.loyalty import start_daily_jobs

        if getattr(self, "_loyalty_jobs", None) is None:
            self._loyalty_jobs = start_daily_jobs(self.ctx, self)

    # ------------------------------------------------------------------ changes

    def _fan_out(self, changes: Changes) -> None:
        from ui.dialogs import member_card

        if changes.touches("members", "settings"):
            self.refresh_status()
        if changes.touches("counter_queue", "purchases"):  # a queued sale, a restore
            self.queue_label.refresh()
            self.drainer.kick()
        if self.locker is not None and changes.touches("settings"):
            self.locker.settings_changed()
        # Open member cards hear every change whichever pages were built (a card can be
        # opened from the call list, feedback or privacy page before the members page).
        member_card.broadcast(changes)
        for key, page in list(self._pages.items()):
            handler = getattr(page, "on_changes", None)
            if handler is None:
                continue
            try:
                handler(changes)
            except Exception:
                # One broken page must not stop the others from refreshing.
                log.exception("page %s failed to refresh", key)

    def refresh_status(self) -> None:
        db = self.ctx.db
        self._store_name = str(settings.get(db, "store_name") or "")
        self._member_count = members.count_members(db)
        self._update_status_text()

    def _update_status_text(self) -> None:
        self.store_label.setText(self.tr("Store: %1").replace("%1", self._store_name))
        self.db_label.setText(self.tr("Database: %1").replace("%1", str(self.ctx.db_path)))
        self.db_label.setToolTip(str(self.ctx.db_path))
        count = QLocale().toString(self._member_count)
        self.count_label.setText(self.tr("Members: %1").replace("%1", count))
        actor = self.ctx.actor
        role = labels.word("role", actor.role, i18n.current_language())
        self.user_label.setText(
            self.tr("Signed in: %1 (%2)").replace("%1", actor.name).replace("%2", role)
        )
        self.password_button.setText(self.tr("Change my password…"))
        self.switch_button.setText(self.tr("Switch user…"))
        if hasattr(self, "lock_button"):
            self.lock_button.setText(self.tr("Lock"))
        if hasattr(self, "pin_button"):
            self.pin_button.setText(self.tr("My PIN…"))

    def change_my_password(self) -> bool:
        from ui.dialogs.login import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.ctx.db, self.ctx.actor, self)
        done = dialog.exec() == int(QDialog.DialogCode.Accepted)
        dialog.deleteLater()
        return done

    # ------------------------------------------------------------------ language

    def retranslate_ui(self) -> None:
        self.setWindowTitle(APP_TITLE)
        for row, spec in enumerate(self.specs):
            item = self.nav.item(row)
            item.setText(spec.display_title())
            item.setToolTip(spec.display_summary())
        if hasattr(self, "_member_count"):
            self._update_status_text()
        if hasattr(self, "store_menu"):
            self.store_menu.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ------------------------------------------------------------------ state

    def _restore_state(self) -> None:
        store = QSettings()
        geometry = store.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        keys = [s.key for s in self.specs]
        last = store.value(LAST_PAGE_KEY, keys[0] if keys else "")
        if keys:
            self.show_page(last if last in keys else keys[0])

    def closeEvent(self, event: QCloseEvent) -> None:
        store = QSettings()
        store.setValue(GEOMETRY_KEY, self.saveGeometry())
        row = self.nav.currentRow()
        if 0 <= row < len(self.specs):
            store.setValue(LAST_PAGE_KEY, self.specs[row].key)
        super().closeEvent(event)
