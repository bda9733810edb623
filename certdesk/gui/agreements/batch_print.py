"""Print or save several issued agreements as one PDF: made on the worker with progress and
Cancel, then shown in the preview (Print… and Save as… there)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from certdesk.core.errors import InvalidInput
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.document_preview import DocumentPreview, _fitting_size
from certdesk.gui.widgets.messages import show_problem
from certdesk.services.agreements.batch import BatchCancelled, combined_forms
from certdesk.services.settings import get_settings

if TYPE_CHECKING:
    from certdesk.gui.widgets.document_preview import DocumentPreview
    from certdesk.store import Store


class _Progress(QObject):
    """Lives on the GUI thread; the worker's emits arrive queued."""

    step = Signal(int, int)


class BatchPrint(QObject):
    """One batch: progress while the forms are put together, then the preview."""

    finished = Signal(object)  # the DocumentPreview, or None (cancelled or refused)
    status_message = Signal(str)

    def __init__(self, parent: QWidget, ops: Ops, agreement_nos: list[str]) -> None:
        super().__init__(parent)
        self._parent, self._ops = parent, ops
        self.agreement_nos = list(agreement_nos)
        self._cancel = threading.Event()
        self._progress = _Progress()
        self.preview: DocumentPreview | None = None
        total = len(self.agreement_nos)
        self.dialog = QProgressDialog(
            f"Putting {total} agreement forms together…", "Cancel", 0, total, parent
        )
        self.dialog.setWindowTitle("Print or save agreements")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self._progress.step.connect(self._stepped)

    def start(self) -> None:
        numbers, cancel, progress = self.agreement_nos, self._cancel, self._progress

        def make(store: Store) -> tuple[bytes, str]:

            data = combined_forms(
                store, numbers, progress=progress.step.emit, cancelled=cancel.is_set
            )
            return data, get_settings(store).page_size

        self.dialog.show()
        self._ops.run_op(make, self._made, self._failed)

    def cancel(self) -> None:
        self._cancel.set()

    def _stepped(self, done: int, total: int) -> None:
        if not self._cancel.is_set():
            self.dialog.setValue(done)
            self.dialog.setLabelText(f"Put together {done} of {total} agreement forms…")

    def _close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()

    def _made(self, result: tuple[bytes, str]) -> None:

        self._close()
        data, size = result
        total = len(self.agreement_nos)
        preview = DocumentPreview(
            self._ops,
            f"{total} agreement forms",
            f"Agreement forms ({total}).pdf",
            data,
            page_size=size,
            parent=self._parent,
        )
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.resize(_fitting_size(self._parent))
        preview.open()
        self.preview = preview
        self.finished.emit(preview)

    def _failed(self, exc: InvalidInput) -> None:
        self._close()

        if isinstance(exc, BatchCancelled):
            self.status_message.emit("Cancelled: nothing was printed or saved")
        else:
            show_problem(self._parent, "The agreements were not put together", exc.message)
        self.finished.emit(None)
