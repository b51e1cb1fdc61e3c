"""The reports page: the month's figures on a worker, the summary view, printing the
same A4 pages (through a PDF printer here), saving PDF and Excel, stale after changes,
English live, and a screenshot."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QProgressDialog

from app.core import Changes
from app.db import open_db
from ui import i18n, warmup
from ui.context import AppContext
from ui.pages import reports as page_module
from ui.pages.reports import ReportsPage, last_months

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def store(_demo_template, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    db = open_db(path)
    yield db, path
    db.close()


@pytest.fixture
def page(gui_app, qtbot, store, tmp_path) -> ReportsPage:
    db, path = store
    ctx = AppContext(db=db, db_path=path, data_dir=tmp_path)
    widget = ReportsPage(ctx, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    return widget


def refreshed(qtbot, page: ReportsPage) -> bool:
    """``refresh()`` starts the build on the task runner; wait until it is delivered."""
    started = page.refresh()
    qtbot.waitUntil(page.ctx.runner.idle, timeout=60_000)
    return started


def tree_text(page: ReportsPage) -> str:
    tree = page.tree
    return "\n".join(
        " | ".join(tree.topLevelItem(i).text(c) for c in range(4))
        for i in range(tree.topLevelItemCount())
    )


def test_months_offered_newest_first_and_last_month_chosen(page):
    assert last_months(TODAY, 3) == ["2026-11", "2026-10", "2026-09"]
    assert page.month() == "2026-10"
    assert page.month_combo.currentText() == "2026年10月"
    assert not page.pdf_button.isEnabled()  # nothing to print before the figures


def test_first_show_makes_the_report_and_fills_the_summary(page, qtbot):
    page.show()
    qtbot.waitUntil(lambda: page.report is not None, timeout=60_000)
    text = tree_text(page)
    assert "会员" in text and "销售额（净额，元）" in text and "导购回访工作" in text
    assert page.report["month"] == "2026-10"
    assert page.pdf_button.isEnabled() and page.preview_button.isEnabled()
    assert "2026年10月" in page.status.text() and "2026年9月" in page.status.text()
    # phones in the summary are masked
    assert "****" in text


def test_the_summary_ranks_the_clerks_as_service_stars(page, qtbot):
    """服务之星 (issue #19): every demo clerk ranked by score, with last month's score."""
    page.show()
    page.resize(1366, 768)
    qtbot.waitUntil(lambda: page.report is not None, timeout=60_000)
    text = tree_text(page)
    assert "服务之星" in text and "新招会员" in text and "收到表扬" in text
    stars = page.report["sections"]["staff"]["clerks"]
    clerks = [c["name"] for c in stars if c["name"] in ("李娜", "张敏", "刘婷", "赵雪")]
    assert len(clerks) == 4
    lines = text.splitlines()
    first = next(i for i, t in enumerate(lines) if t.startswith("服务之星"))
    assert lines[first + 1].strip().startswith(f"1. {stars[0]['name']} | {stars[0]['score']:.1f}")
    page.tree.scrollToItem(page.tree.topLevelItem(first + 4))
    page.grab().save("/tmp/staff_report_page.png")


def test_print_paints_the_same_seven_pages_on_a_pdf_printer(page, qtbot, tmp_path):
    assert refreshed(qtbot, page)
    printer = page.make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(72)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert page.paint_pages(printer) == 7
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "Pages:           7" in info
    assert "595" in info and "842" in info  # A4 in points


def test_print_preview_opens_with_the_pages(page, qtbot, monkeypatch):
    assert refreshed(qtbot, page)
    seen = []

    def fake_exec(dialog):
        seen.append((dialog.objectName(), dialog.width(), dialog.height()))
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    painted = []
    monkeypatch.setattr(page, "paint_pages", lambda printer: painted.append(printer) or 5)
    warmup.when_ready(page.ctx.runner, lambda: None)  # (the app starts it at start-up)
    qtbot.waitUntil(warmup.ready, timeout=60_000)
    page.print_preview()
    # the pages are drawn on the task runner behind a progress bar, then it opens
    labels = [d.labelText() for d in page.findChildren(QProgressDialog, "progressDialog")]
    assert "正在准备打印预览…" in labels
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=60_000)
    name, width, height = seen[0]
    assert name == "reportPreview"
    # sized to the screen it opens on, never taller than its free part
    screen = page.screen().availableGeometry()
    assert width <= screen.width() and height <= screen.height()


def test_the_print_preview_paints_the_pages_drawn_on_the_runner(page, qtbot, monkeypatch):
    import threading

    assert refreshed(qtbot, page)
    real = page_module.R.render_rgba
    threads = []

    def render(fig, dpi):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(fig, dpi)

    monkeypatch.setattr(page_module.R, "render_rgba", render)
    painted = []

    def fake_exec(dialog):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(page.ctx.data_dir / "preview.pdf"))
        painted.append(page.paint_pages(printer))  # what the preview paints
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    page.print_preview()
    qtbot.waitUntil(lambda: bool(painted), timeout=120_000)
    assert painted == [7]  # seven A4 pages (6: service records, 7: service stars, #19)
    assert threads == [False] * 7  # every page drawn once, on the runner's thread
    assert page._drawn is None  # dropped once the preview closed


def test_save_pdf_and_excel_through_the_file_dialog(page, qtbot, tmp_path, monkeypatch):
    assert refreshed(qtbot, page)
    target = tmp_path / "月报"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    pdf = page.save_pdf()
    qtbot.waitUntil(page.ctx.runner.idle, timeout=60_000)  # written on the runner
    assert pdf == tmp_path / "月报.pdf" and page.saved == pdf and pdf.stat().st_size > 10_000
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "月度经营报表" in text
    xlsx = page.save_xlsx()
    assert xlsx == tmp_path / "月报.xlsx" and xlsx.exists()
    assert str(xlsx) in page.status.text()


def test_a_cancelled_file_dialog_writes_nothing(page, qtbot, monkeypatch):
    assert refreshed(qtbot, page)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert page.save_pdf() is None and page.save_xlsx() is None


def test_changes_make_the_figures_stale(page, qtbot):
    assert refreshed(qtbot, page)
    page.on_changes(Changes.of({"audit_log"}))
    assert page.stale is False
    page.on_changes(Changes.of({"purchases"}))
    assert page.stale is True
    assert "刷新" in page.status.text()


def test_a_failed_report_is_shown_inline(page, qtbot, monkeypatch):
    def boom(*a, **k):
        raise ValueError("disk on fire")

    monkeypatch.setattr(page_module.reports, "build", boom)  # on the worker
    assert refreshed(qtbot, page)
    assert page.report is None
    assert "disk on fire" in page.status.text()


def test_switching_to_english_rewrites_the_page_and_summary(page, qtbot):
    assert refreshed(qtbot, page)
    page.show()  # a shown page gets the LanguageChange event
    i18n.install_translators("en")
    try:
        qtbot.waitUntil(lambda: page.preview_button.text() == "Print preview")
        assert page.month_combo.currentText() == "2026-10"
        assert "Net sales (yuan)" in tree_text(page)
    finally:
        i18n.install_translators("zh")
    qtbot.waitUntil(lambda: page.preview_button.text() == "打印预览")
    assert "销售额（净额，元）" in tree_text(page)


def test_screenshot_of_the_page(page, qtbot, tmp_path):
    assert refreshed(qtbot, page)
    page.show()
    out = tmp_path / "reports_page.png"
    assert page.grab().save(str(out))
    shutil.copy(out, "/tmp/reports_page.png") if shutil.os.environ.get("KEEP_SHOTS") else None
    assert out.stat().st_size > 10_000


def test_print_paints_after_the_print_dialog_is_accepted(page, qtbot, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog

    assert refreshed(qtbot, page)
    painted = []
    monkeypatch.setattr(page, "paint_pages", lambda printer: painted.append(printer) or 5)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: int(QPrintDialog.DialogCode.Rejected))
    page.print_report()
    assert painted == []
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: int(QPrintDialog.DialogCode.Accepted))
    page.print_report()
    assert len(painted) == 1 and painted[0].pageLayout().pageSize().id().name == "A4"
    assert page.status.text() == "已发送到打印机。"
