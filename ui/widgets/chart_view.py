"""A matplotlib chart drawn off the GUI thread and shown as an image.

A ``FigureCanvasQTAgg`` lays out and draws its figure on the GUI thread at every first
show and resize: 0.1–0.3 s per chart on a shop's PC, a stall the user feels
(tests/bench/bench_gui_stalls.py). ``ChartView`` instead hands the figure's building
and drawing to the task runner (``app.plotting.render_rgba``, Agg, no Qt) and paints the
finished pixels; a resize asks for a new drawing after a short pause and meanwhile
scales the last one. Until the first drawing arrives it shows a short placeholder.

A left click is mapped to the axes under it and that axes' data coordinates with the
frozen transforms that came with the drawing, and emitted as ``clicked(axes, x, y)``.

The view is used only after ``ui.warmup`` is ready (matplotlib imported), so the GUI
thread never imports matplotlib itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QWidget

from ui.tasks import TaskRunner

RESIZE_PAUSE_MS = 150


class ChartView(QWidget):
    """Shows the figure ``build()`` makes (called on the task runner's worker)."""

    clicked = Signal(object, float, float)  # axes, x and y in its data coordinates
    rendered = Signal()  # a new drawing is shown

    def __init__(
        self,
        runner: TaskRunner,
        build: Callable[[], Any],
        parent: QWidget | None = None,
        *,
        name: str = "chart",
        threaded: bool = True,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._build = build
        self._name = name
        self._threaded = threaded  # False: drawn at once on the GUI thread (tests)
        self.figure: Any = None  # built on the worker with the first drawing
        self.image: QImage | None = None
        self._drawn_size: QSize | None = None  # logical size of the shown drawing
        self._asked_size: QSize | None = None  # logical size of the drawing on its way
        self._axes: list[tuple[Any, tuple[float, float, float, float], Any]] = []
        self._ratio = 1.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RESIZE_PAUSE_MS)
        self._timer.timeout.connect(self.render)
        self.setMinimumSize(360, 260)
        self.setSizePolicy(self.sizePolicy().Policy.Expanding, self.sizePolicy().Policy.Expanding)

    # ------------------------------------------------------------------ drawing

    def render(self) -> bool:
        """Ask the runner for a drawing at the current size (True when one was asked)."""
        size = self.size()
        if not self.isVisible() or size.width() < 10 or size.height() < 10:
            return False
        if size == self._drawn_size or size == self._asked_size:
            return False
        self._asked_size = QSize(size)
        w, h = size.width(), size.height()
        asked = QSize(size)
        ratio = float(self.devicePixelRatioF())
        fig, build = self.figure, self._build

        def work(_db: Any, _progress: Any, _cancel: Any) -> tuple[Any, dict[str, Any]]:
            from app.plotting import render_rgba  # imported by the warm-up already

            figure = fig if fig is not None else build()
            return figure, render_rgba(figure, w, h, ratio)

        self.runner.run(
            work,
            name=self._name,
            key=("chart", id(self)),
            owner=self,
            with_db=False,
            threaded=self.runner.threaded_for(self._threaded),
            on_done=lambda result: self._show(asked, *result),
        )
        return True

    def _show(self, size: QSize, figure: Any, drawing: dict[str, Any]) -> None:
        self.figure = figure
        image = QImage(
            drawing["rgba"],
            drawing["width"],
            drawing["height"],
            4 * drawing["width"],
            QImage.Format.Format_RGBA8888,
        ).copy()  # owns its pixels (the bytes may go)
        image.setDevicePixelRatio(drawing["ratio"])
        self.image = image
        self._ratio = drawing["ratio"]
        self._axes = drawing["axes"]
        self._drawn_size = size
        self._asked_size = None
        self.update()
        self.rendered.emit()
        if self.size() != size:  # resized while it was drawn
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.image is None:
            QTimer.singleShot(0, self, self.render)
        elif self.size() != self._drawn_size:
            self._timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.image is None and self._asked_size is None:
            QTimer.singleShot(0, self, self.render)
        else:
            self._timer.start()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if self.image is None:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Drawing the chart…")
            )
            return
        if self._drawn_size == self.size():
            painter.drawImage(QPointF(0, 0), self.image)
        else:  # a resize is being drawn: the last drawing, stretched meanwhile
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.rect(), self.image)

    # ------------------------------------------------------------------ clicks

    def to_data(self, x: float, y: float) -> tuple[Any, float, float] | None:
        """The axes under widget point (x, y) and the point in its data coordinates."""
        if self.image is None or self._drawn_size is None:
            return None
        # widget pixels -> the drawing's display pixels (origin bottom left)
        sx = self._drawn_size.width() / max(self.width(), 1)
        sy = self._drawn_size.height() / max(self.height(), 1)
        dx = x * sx * self._ratio
        dy = (self._drawn_size.height() - y * sy) * self._ratio
        for ax, (x0, y0, x1, y1), inverse in reversed(self._axes):
            if x0 <= dx <= x1 and y0 <= dy <= y1:
                xd, yd = inverse.transform((dx, dy))
                return ax, float(xd), float(yd)
        return None

    def to_widget(self, ax: Any, x: float, y: float) -> QPointF:
        """Where data point (x, y) of ``ax`` shows in the widget (tests click there)."""
        index = [a for a, _b, _i in self._axes].index(ax)
        _ax, _box, inverse = self._axes[index]
        dx, dy = inverse.inverted().transform((x, y))
        assert self._drawn_size is not None
        return QPointF(dx / self._ratio, self._drawn_size.height() - dy / self._ratio)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            hit = self.to_data(event.position().x(), event.position().y())
            if hit is not None:
                self.clicked.emit(*hit)
        super().mousePressEvent(event)
