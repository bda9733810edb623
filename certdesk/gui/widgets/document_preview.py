"""The in-window preview of every PDF certdesk makes or keeps, and of attached scans.

A PDF shows through QtPdf (QPdfView: every page, zoom, "page x of y"); a PNG or JPEG scan
shows in the same window as an image. Print… opens the system's print dialog with the page
size from Settings (Letter or A4) and prints the pages as shown; Save as… writes the bytes
exactly as they are (a stored form is never re-rendered).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from certdesk.core.errors import InvalidInput
from certdesk.gui.operations.runner import Ops
from certdesk.services.settings import get_settings

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from certdesk.store import Store

PDF_MIME = "application/pdf"
ZOOM_STEP = 1.25
PRINT_DPI = 300  # sharp on paper, and a page image stays ~30 MB at most


def page_size_of(setting: str) -> QPageSize:
    """Settings' page size ("letter" or "a4") as Qt's."""
    return QPageSize(QPageSize.PageSizeId.A4 if setting == "a4" else QPageSize.PageSizeId.Letter)


class DocumentPreview(QDialog):
    """One document in a window: pages and zoom, Print… and Save as…."""

    printed = Signal(int)  # pages sent to the printer
    saved = Signal(object)  # the Path written by Save as…

    def __init__(
        self,
        ops: Ops,
        title: str,
        file_name: str,
        data: bytes,
        *,
        mime: str = PDF_MIME,
        page_size: str = "letter",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._ops = ops
        self.file_name = file_name
        self.data = data
        self.mime = mime
        self.page_size = page_size
        self.print_dialog = None  # the QPrintDialog while open (tests answer it)
        self._zoom = 1.0
        self._image = QImage()

        self.stack = QStackedWidget()
        self.pdf = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.image_label = QLabel()
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_area = QScrollArea()
        self.image_area.setWidget(self.image_label)
        self.image_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.image_area)

        self.page_label = QLabel()
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.zoom_out = self._tool("−", "Zoom out (Ctrl+-)", self.zoom_out_once, "Ctrl+-")
        self.zoom_in = self._tool("+", "Zoom in (Ctrl++)", self.zoom_in_once, "Ctrl++")
        self.fit_width = self._tool("Fit width", "The page as wide as the window", self.fit)
        self.fit_page = self._tool("Whole page", "One whole page in the window", self.whole)
        self.zoom_label = QLabel()
        self.print_button = QPushButton("Print…")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.clicked.connect(self.open_print_dialog)
        self.save_button = QPushButton("Save as…")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.clicked.connect(self.save_as)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        close.setDefault(True)

        bar = QHBoxLayout()
        bar.addWidget(self.page_label)
        bar.addSpacing(16)
        for widget in (self.zoom_out, self.zoom_label, self.zoom_in, self.fit_width):
            bar.addWidget(widget)
        bar.addWidget(self.fit_page)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bar)
        self._load()
        self.view.pageNavigator().currentPageChanged.connect(self._show_page_number)
        self.view.zoomFactorChanged.connect(lambda _: self._show_zoom())

    def _tool(self, text: str, tip: str, slot: Callable[[], None], key: str = "") -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        if key:
            button.setShortcut(QKeySequence(key))
        return button

    # ---- loading ------------------------------------------------------------------------
    @property
    def is_pdf(self) -> bool:
        return self.mime == PDF_MIME

    def _load(self) -> None:
        if self.is_pdf:
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(self.data))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.pdf.load(self._buffer)
            if self.pdf.status() != QPdfDocument.Status.Ready or self.pdf.pageCount() == 0:
                self._cannot_show(f"{self.file_name} is not a PDF that can be shown")
            self.stack.setCurrentWidget(self.view)
        else:
            self._image = QImage.fromData(self.data)
            if self._image.isNull():
                self._cannot_show(f"{self.file_name} is not an image that can be shown")
            self.stack.setCurrentWidget(self.image_area)
            self._show_image()
        self._show_page_number(0)
        self._show_zoom()

    def _cannot_show(self, text: str) -> None:
        self.problem.setText(text + "; Save as… still writes it exactly as stored.")
        self.problem.setVisible(True)
        self.print_button.setEnabled(False)

    @property
    def page_count(self) -> int:
        """Pages in the document (an image is one page; 0 if it cannot be read)."""
        if self.is_pdf:
            return self.pdf.pageCount()
        return 0 if self._image.isNull() else 1

    def _show_page_number(self, page: int) -> None:
        count = self.page_count
        if count == 0:
            self.page_label.setText("Nothing to show")
        elif self.is_pdf:
            self.page_label.setText(f"Page {page + 1} of {count}")
        else:
            self.page_label.setText(f"Image, {self._image.width()} × {self._image.height()} px")

    # ---- zoom ---------------------------------------------------------------------------
    def _show_zoom(self) -> None:
        if self.is_pdf:
            if self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth:
                self.zoom_label.setText("fit width")
            elif self.view.zoomMode() == QPdfView.ZoomMode.FitInView:
                self.zoom_label.setText("whole page")
            else:
                self.zoom_label.setText(f"{round(self.view.zoomFactor() * 100)} %")
        else:
            self.zoom_label.setText(f"{round(self._zoom * 100)} %")

    def _set_factor(self, factor: float) -> None:
        factor = max(0.1, min(factor, 8.0))
        if self.is_pdf:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(factor)
        else:
            self._zoom = factor
            self._show_image()
        self._show_zoom()

    def _current_factor(self) -> float:
        if not self.is_pdf:
            return self._zoom
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom:
            return self.view.zoomFactor()
        # Fit modes: start from the factor that shows the first page at the window's width.
        points = self.pdf.pagePointSize(0)
        width = points.width() * self.logicalDpiX() / 72 if points.width() else 1
        return max(0.1, (self.view.viewport().width() - 24) / width)

    def zoom_in_once(self) -> None:
        self._set_factor(self._current_factor() * ZOOM_STEP)

    def zoom_out_once(self) -> None:
        self._set_factor(self._current_factor() / ZOOM_STEP)

    def fit(self) -> None:
        if self.is_pdf:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        else:
            width = self._image.width() or 1
            self._zoom = max(0.05, (self.image_area.viewport().width() - 4) / width)
            self._show_image()
        self._show_zoom()

    def whole(self) -> None:
        if self.is_pdf:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            area = self.image_area.viewport().size()
            width, height = self._image.width() or 1, self._image.height() or 1
            self._zoom = max(0.05, min(area.width() / width, area.height() / height))
            self._show_image()
        self._show_zoom()

    def _show_image(self) -> None:
        if self._image.isNull():
            return
        size = self._image.size() * self._zoom
        self.image_label.setPixmap(
            QPixmap.fromImage(
                self._image.scaled(
                    size,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        )
        self.image_label.resize(self.image_label.pixmap().size())

    # ---- printing -----------------------------------------------------------------------
    def make_printer(self) -> QPrinter:
        """A printer set to the page size from Settings, portrait."""
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(PRINT_DPI)
        printer.setPageSize(page_size_of(self.page_size))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        printer.setDocName(self.file_name)
        return printer

    def open_print_dialog(self) -> None:
        """Print…: the system's print dialog (page size from Settings), then print."""
        from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog

        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"Print {self.file_name}")
        if self.page_count > 1:
            dialog.setMinMax(1, self.page_count)
            dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.accepted.connect(lambda: self.print_to(printer))
        dialog.finished.connect(lambda _: setattr(self, "print_dialog", None))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.print_dialog = dialog
        dialog.open()

    def print_to(self, printer: QPrinter) -> int:
        """Paint every page (or the range chosen) on `printer`; returns the pages printed."""
        from PySide6.QtPrintSupport import QPrinter

        first, last = 1, self.page_count
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage():
            first, last = printer.fromPage(), min(printer.toPage() or last, last)
        painter = QPainter()
        if self.page_count == 0 or not painter.begin(printer):
            return 0
        self.setCursor(Qt.CursorShape.WaitCursor)
        printed = 0
        try:
            area = printer.pageLayout().paintRectPixels(printer.resolution())
            for number in range(first, last + 1):
                if printed:
                    printer.newPage()
                image = self._page_image(number - 1, area.size(), printer.resolution())
                painter.drawImage(_centered(image.size(), area.size()), image)
                printed += 1
        finally:
            painter.end()
            self.unsetCursor()
        self.printed.emit(printed)
        return printed

    def _page_image(self, index: int, area: QSize, dpi: int) -> QImage:
        """One page as an image fitting `area` (device pixels), its proportions kept."""
        if not self.is_pdf:
            return self._image.scaled(
                area, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        points = self.pdf.pagePointSize(index)
        natural = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        return self.pdf.render(index, natural.scaled(area, Qt.AspectRatioMode.KeepAspectRatio))

    # ---- saving -------------------------------------------------------------------------
    def save_as(self) -> None:
        """Save as…: the bytes exactly as shown (the stored form, never re-rendered)."""
        # Here, not at the top: agreements.files opens this preview (one would import the other).
        from certdesk.gui.agreements.files import save_document

        data = self.data
        save_document(
            self,
            self._ops,
            f"Save {self.file_name}",
            self.file_name,
            lambda _store: data,
            self.saved.emit,
        )


def _centered(size: QSize, area: QSize) -> QRect:
    return QRect(
        QPoint((area.width() - size.width()) // 2, (area.height() - size.height()) // 2), size
    )


def preview(
    parent: QWidget,
    ops: Ops,
    title: str,
    file_name: str,
    fetch: Callable[[Store], bytes | tuple[bytes, str]],
    shown: Callable[[DocumentPreview], None] | None = None,
    failed: Callable[[InvalidInput], None] | None = None,
) -> None:
    """Fetch a document's bytes on the worker (with the page size from Settings), then show
    it in a DocumentPreview. `fetch` returns the bytes, or (bytes, mime) for a scan; a refusal
    goes to `failed` (default: a message box)."""
    from certdesk.gui.widgets.messages import show_problem

    def load(store: Store) -> tuple[bytes, str, str]:

        got = fetch(store)
        data, mime = got if isinstance(got, tuple) else (got, PDF_MIME)
        return data, mime, get_settings(store).page_size

    def show(result: tuple[bytes, str, str]) -> None:
        data, mime, size = result
        dialog = DocumentPreview(
            ops, title, file_name, data, mime=mime, page_size=size, parent=parent
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resize(_fitting_size(parent))
        dialog.open()
        if shown is not None:
            shown(dialog)

    ops.run_op(
        load, show, failed or (lambda exc: show_problem(parent, "Cannot show it", exc.message))
    )


def _fitting_size(parent: QWidget) -> QSize:
    """Most of the screen: a page is tall, and laptops are not."""
    screen = parent.screen().availableGeometry() if parent.screen() else QRect(0, 0, 1366, 768)
    return QSize(min(900, screen.width() - 80), max(480, screen.height() - 80))
