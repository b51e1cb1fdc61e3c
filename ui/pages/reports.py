"""Reports (报表): the monthly summary for the manager — pick a month, read the figures
with last month's value and the change, then print preview, print, save as PDF or save
as Excel.

The figures come from ``app.reports.build`` (on a worker thread with its own
connection, behind a progress dialog with Cancel); the pages and files from
``app.report``. Printing paints the very pages the PDF holds: each A4 page
(a matplotlib figure) is drawn at the printer's resolution (at most 300 dpi) and
painted on the printer's page, so preview, paper and PDF agree. No SQL and no rules
here. The summary's words come from ``app.report`` in the UI language; the
page's own chrome is translated through ``tr()``.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import report as R
from app import reports
from app.analytics import Cancelled
from app.core import Changes
from app.files import WriteFailed
from ui import i18n, warmup
from ui.context import AppContext
from ui.tasks import unhandled
from ui.widgets.printing import a4_printer, paint_page

log = logging.getLogger(__name__)

# Tables whose change makes the shown figures stale.
WATCHED = (
    "purchases",
    "members",
    "contacts",
    "complaints",
    "surveys",
    "points_ledger",
    "tier_history",
    "settings",
    "praise",  # issue #19: praise counts for the service stars
)
MONTHS_OFFERED = 36
MAX_PRINT_DPI = 300


def last_months(today: dt.date, n: int = MONTHS_OFFERED) -> list[str]:
    """``YYYY-MM`` of this month and the ``n - 1`` before it, newest first."""
    first = today.replace(day=1)
    return [reports.month_text(reports.add_months(first, -k)) for k in range(n)]


class ReportsPage(QWidget):
    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("page_reports")
        self.today = today or dt.date.today()
        self.report: dict[str, Any] | None = None
        self.stale = True
        self.saved: Path | None = None  # the last PDF written (it is written on the runner)
        self._pages_cache: tuple[str, list[Any]] | None = None
        # pages drawn on the runner for the open print preview: (dpi, [(w, h, rgba)])
        self._drawn: tuple[float, list[tuple[int, int, bytes]]] | None = None

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.month_label = QLabel()
        self.month_combo = QComboBox()
        self.month_combo.setObjectName("reportMonth")
        for m in last_months(self.today):
            self.month_combo.addItem(m, m)
        # the last complete month is what a manager prints
        self.month_combo.setCurrentIndex(1)
        self.month_combo.currentIndexChanged.connect(self._month_changed)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("refreshReport")
        self.refresh_button.clicked.connect(lambda: self.refresh())

        self.preview_button = QPushButton()
        self.preview_button.setObjectName("printPreview")
        self.preview_button.clicked.connect(self.print_preview)
        self.print_button = QPushButton()
        self.print_button.setObjectName("printReport")
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button = QPushButton()
        self.pdf_button.setObjectName("savePdf")
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.xlsx_button = QPushButton()
        self.xlsx_button.setObjectName("saveXlsx")
        self.xlsx_button.clicked.connect(lambda: self.save_xlsx())

        self.status = QLabel()
        self.status.setObjectName("inlineMessage")
        self.status.setWordWrap(True)

        self.tree = QTreeWidget()
        self.tree.setObjectName("reportSummary")
        self.tree.setColumnCount(4)
        self.tree.setRootIsDecorated(False)
        self.tree.header().setStretchLastSection(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            self.tree.header().setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)

        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.month_label)
        header.addWidget(self.month_combo)
        header.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        for b in (self.preview_button, self.print_button, self.pdf_button, self.xlsx_button):
            actions.addWidget(b)
        actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        self._set_actions_enabled(False)
        self.retranslate_ui()

    # ------------------------------------------------------------------ figures

    def month(self) -> str:
        return str(self.month_combo.currentData())

    def lang(self) -> str:
        return i18n.current_language()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stale:
            # (bound to the page: dropped if the page is gone before the timer fires)
            QTimer.singleShot(0, self, self._refresh_if_shown)

    def _month_changed(self) -> None:
        self.stale = True
        if self.isVisible():
            QTimer.singleShot(0, self, self._refresh_if_shown)

    def _refresh_if_shown(self) -> None:
        if self.isVisible() and self.stale:
            self.refresh()

    def refresh(self) -> bool:
        """Build the chosen month's report through the task runner; it shows when done
        (True: the build started)."""
        month, today = self.month(), self.today

        def work(db: Any, on_progress: Any, should_cancel: Any) -> dict[str, Any]:
            return reports.build(
                db, month, today=today, on_progress=on_progress, should_cancel=should_cancel
            )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, Cancelled):
                self.status.setText(self.tr("Cancelled."))
            elif isinstance(exc, Exception):  # shown inline; the log has the traceback
                log.error("report failed", exc_info=exc)
                self.status.setText(
                    self.tr("The report could not be made: %1").replace("%1", str(exc))
                )
            else:
                unhandled(exc)

        self.ctx.runner.run(
            work,
            name="report",
            key=("report", id(self)),
            owner=self,
            progress=self.tr("Making the monthly summary…"),
            parent=self,
            on_done=self.show_report,
            on_error=failed,
        )
        return True

    def show_report(self, data: dict[str, Any]) -> None:
        self.report = data
        self.stale = False
        self._pages_cache = None
        self._fill_tree()
        self._set_actions_enabled(True)
        self.status.setText(
            self.tr("Figures of %1, compared with %2.")
            .replace("%1", R.month_title(data["month"], self.lang()))
            .replace("%2", R.month_title(data["previous_month"], self.lang()))
            + ("  " + R.w("partial", self.lang(), as_of=data["as_of"]) if data["partial"] else "")
        )

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*WATCHED):
            self.stale = True
            if self.report is not None:
                self.status.setText(
                    self.tr("The data changed since these figures were made; refresh to update.")
                )

    def _fill_tree(self) -> None:
        """The summary: one bold row per section, then its figures (words from
        app.report in the UI language)."""
        self.tree.clear()
        data = self.report
        if data is None:
            return
        lang = self.lang()
        bold = self.tree.font()
        bold.setBold(True)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

        def section(title: str) -> None:
            item = QTreeWidgetItem([title, "", "", ""])
            item.setFont(0, bold)
            item.setFirstColumnSpanned(False)
            self.tree.addTopLevelItem(item)

        def line(cells: list[str]) -> None:
            item = QTreeWidgetItem(["    " + cells[0], *cells[1:]])
            for c in (1, 2, 3):
                item.setTextAlignment(c, right)
            self.tree.addTopLevelItem(item)

        for name, keys in R.SUMMARY_ROWS:
            s = data["sections"][name]
            section(R.w(f"s_{name}", lang))
            if not s["available"]:
                line([R.note_text(s["note"], lang), "", "", ""])
                continue
            for k in keys:
                f = s["figures"][k]
                line(
                    [
                        R.figure_label(name, k, data, lang),
                        R.value_text(k, f["value"]),
                        R.value_text(k, f["previous"]),
                        R.change_text(k, f["change"], lang),
                    ]
                )
        fu = data["sections"]["follow_up"]
        section(R.w("s_follow_up", lang))
        if not fu["available"]:
            line([R.note_text(fu["note"], lang), "", "", ""])
        else:
            for c in fu["clerks"]:
                name = c["name"] or R.w("unknown_clerk", lang)
                done, due = c["done"]["value"], c["due"]["value"]
                line(
                    [
                        f"{name}: {R.w('c_done', lang)} / {R.w('c_due', lang)}",
                        f"{done:,} / {due:,}",
                        f"{c['done']['previous']:,} / {c['due']['previous']:,}",
                        R.change_text("n", done - c["done"]["previous"], lang),
                    ]
                )
        st = data["sections"]["staff"]  # 服务之星 (issue #19): score, last month's, change
        if st["available"]:
            section(f"{R.w('s_stars', lang)} ({R.w('c_score', lang)})")
            for c in st["clerks"]:
                was = c["previous_score"]
                line(
                    [
                        f"{c['rank']}. {c['name'] or R.w('unknown_clerk', lang)}",
                        f"{c['score']:.1f}",
                        "—" if was is None else f"{was:.1f}",
                        "—" if was is None else f"{c['score'] - was:+.1f}",
                    ]
                )
        top = data["sections"]["top_members"]
        section(R.w("s_top", lang))
        if not top["available"]:
            line([R.note_text(top["note"], lang), "", "", ""])
        for x in top["rows"][:5]:
            line(
                [
                    f"{x['rank']}. {x['name']}  {x['member_no']}  {x['phone']}",
                    R.money(x["spend_fen"]),
                    R.money(x["previous_fen"]),
                    R.change_text("spend_fen", x["spend_fen"] - x["previous_fen"], lang),
                ]
            )

    def _set_actions_enabled(self, on: bool) -> None:
        for b in (self.preview_button, self.print_button, self.pdf_button, self.xlsx_button):
            b.setEnabled(on)

    # ------------------------------------------------------------------ printing

    def pages(self) -> list[Any]:
        """The A4 pages (matplotlib figures) of the shown report, in the UI language."""
        assert self.report is not None
        key = f"{self.report['month']}:{self.lang()}:{id(self.report)}"
        if self._pages_cache is None or self._pages_cache[0] != key:
            self._pages_cache = (key, R.pages(self.report, lang=self.lang()))
        return self._pages_cache[1]

    def make_printer(self) -> QPrinter:
        printer = a4_printer()
        printer.setDocName(f"{R.w('title', self.lang())} {self.month()}")
        return printer

    def paint_pages(self, printer: QPrinter) -> int:
        """Paint every page on ``printer`` (what preview, print and a PDF printer
        show); returns the number of pages."""
        figs = self.pages()
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        try:
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            drawn = self._drawn[1] if self._drawn is not None and self._drawn[0] == dpi else None
            for i, fig in enumerate(figs):
                if i:
                    printer.newPage()
                # drawn on the runner for the preview, else here (print, PDF printer)
                w, h, data = drawn[i] if drawn is not None else R.render_rgba(fig, dpi)
                paint_page(painter, printer, w, h, data)
        finally:
            painter.end()
        return len(figs)

    def print_preview(self) -> None:
        """Draw the pages on the task runner behind a progress bar (building and drawing
        five A4 pages at the printer's resolution froze the window for ~1.5 s), then open
        the preview, sized to the screen it opens on, painting the drawn pages."""
        if self.report is None:
            return
        if not warmup.ready():  # matplotlib is being imported on the runner: not here
            warmup.when_ready(self.ctx.runner, self.print_preview, owner=self)
            return
        printer = self.make_printer()
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        report, lang = self.report, self.lang()

        def work(_db: Any, on_progress: Any, should_cancel: Any) -> list[tuple[int, int, bytes]]:
            figs = R.pages(report, lang=lang)
            drawn = []
            for i, fig in enumerate(figs):
                if should_cancel():
                    raise Cancelled("print preview cancelled")
                on_progress(i, len(figs))
                drawn.append(R.render_rgba(fig, dpi))
            on_progress(len(figs), len(figs))
            return drawn

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, Cancelled):
                unhandled(exc)

        self.ctx.runner.run(
            work,
            name="print-preview",
            key=("print-preview", id(self)),
            owner=self,
            with_db=False,
            threaded=self.ctx.runner.threaded_for(),
            progress=self.tr("Preparing the print preview…"),
            parent=self,
            on_done=lambda drawn: self._open_preview(printer, dpi, drawn),
            on_error=failed,
        )

    def _open_preview(
        self, printer: QPrinter, dpi: float, drawn: list[tuple[int, int, bytes]]
    ) -> None:
        self._drawn = (dpi, drawn)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setObjectName("reportPreview")
        dialog.setWindowTitle(self.tr("Print preview"))
        dialog.paintRequested.connect(self.paint_pages)
        # A4 upright, as tall as the screen allows (its available part: no taskbar)
        screen = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        height = min(1000, screen.height() - 40)
        width = min(max(720, int(height * 0.8)), screen.width() - 40)
        dialog.resize(width, height)
        dialog.move(
            screen.x() + (screen.width() - width) // 2, screen.y() + (screen.height() - height) // 2
        )
        try:
            dialog.exec()
        finally:
            self._drawn = None  # ~35 MB a page at 300 dpi: kept only while it is open
            dialog.deleteLater()

    def print_report(self) -> None:
        if self.report is None:
            return
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == int(QPrintDialog.DialogCode.Accepted):
            self.paint_pages(printer)
            from app import privacy  # printouts are audited (README "Users, roles and privacy")

            self.ctx.notify(
                privacy.record_print(
                    self.ctx.db, actor=self.ctx.actor, entity="report", summary=self.month()
                )
            )
            self.status.setText(self.tr("Sent to the printer."))

    # ------------------------------------------------------------------ files

    def _ask_path(self, title: str, suffix: str, filter_text: str) -> Path | None:
        suggested = str(self.ctx.data_dir / f"{R.w('title', self.lang())}-{self.month()}{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, filter_text)
        if not path:
            return None
        p = Path(path)
        return p if p.suffix.lower() == suffix else p.with_name(p.name + suffix)

    def save_pdf(self, path: Path | None = None) -> Path | None:
        if self.report is None:
            return None
        path = path or self._ask_path(
            self.tr("Save the report as PDF"), ".pdf", self.tr("PDF files (*.pdf)")
        )
        if path is None:
            return None
        data, lang = self.report, self.lang()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, WriteFailed):  # names the file in the user's words
                self.status.setText(exc.message(i18n.current_language()))
                return
            if not isinstance(exc, OSError):
                unhandled(exc)
                return
            self.status.setText(
                self.tr("Could not write %1: %2").replace("%1", str(path)).replace("%2", str(exc))
            )

        def done(_result: Any) -> None:
            self.status.setText(self.tr("Saved %1").replace("%1", str(path)))
            self.saved = path

        self.saved = None
        self.ctx.runner.run(
            lambda _db, _p, _c: R.write_pdf(data, path, lang=lang),
            name="report-pdf",
            owner=self,
            with_db=False,
            progress=self.tr("Writing the PDF…"),
            parent=self,
            on_done=done,
            on_error=failed,
        )
        return path

    def save_xlsx(self, path: Path | None = None) -> Path | None:
        if self.report is None:
            return None
        path = path or self._ask_path(
            self.tr("Save the report as Excel"), ".xlsx", self.tr("Excel files (*.xlsx)")
        )
        if path is None:
            return None
        try:
            R.write_xlsx(self.report, path, lang=self.lang())
        except OSError as exc:
            self.status.setText(
                self.tr("Could not write %1: %2").replace("%1", str(path)).replace("%2", str(exc))
            )
            return None
        self.status.setText(self.tr("Saved %1").replace("%1", str(path)))
        return path

    # ------------------------------------------------------------------ words

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Monthly summary"))
        self.month_label.setText(self.tr("Month"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.preview_button.setText(self.tr("Print preview"))
        self.print_button.setText(self.tr("Print"))
        self.pdf_button.setText(self.tr("Save PDF"))
        self.xlsx_button.setText(self.tr("Save Excel"))
        self.tree.setHeaderLabels(
            [self.tr("Figure"), self.tr("This month"), self.tr("Last month"), self.tr("Change")]
        )
        lang = self.lang()
        for i in range(self.month_combo.count()):
            self.month_combo.setItemText(i, R.month_title(self.month_combo.itemData(i), lang))
        if self.report is not None:
            self._pages_cache = None
            self._fill_tree()
        elif not self.status.text():
            self.status.setText(self.tr("Pick a month; the figures are made when the page opens."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "tree"):
            self.retranslate_ui()
        super().changeEvent(event)


def create(ctx: AppContext) -> QWidget:
    return ReportsPage(ctx)
