"""The page shown for every feature that is not built yet: it says so plainly, in the
UI language, and says what the page will do."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui.pages import PageSpec


class PlaceholderPage(QWidget):
    """A calm notice card: the page's name, "not built yet", and its summary."""

    def __init__(self, spec: PageSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"page_{spec.key}")
        self.setProperty("placeholder", True)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.notice = QLabel()
        self.notice.setObjectName("placeholderNotice")
        self.notice.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("placeholderSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        card = QFrame()
        card.setObjectName("card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 22)
        inner.setSpacing(10)
        inner.addWidget(self.notice)
        inner.addWidget(self.summary)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        layout.addWidget(self.title)
        layout.addWidget(card)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        # Explicit context: tr() in a shared base class would use the subclass's name.
        self.title.setText(self.spec.display_title())
        self.notice.setText(
            QCoreApplication.translate("PlaceholderPage", "This page is not built yet.")
        )
        self.summary.setText(
            QCoreApplication.translate("PlaceholderPage", "What it will do: {summary}").format(
                summary=self.spec.display_summary()
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
