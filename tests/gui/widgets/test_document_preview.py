"""The in-window preview: pages and page count, zoom, Print… at the Settings page size, images."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.gui.widgets.document_preview import DocumentPreview

from ..agreement_setup import add_example_agreement
from ..agreements.test_agreements_page import select
from ..conftest import query


def three_page_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    for number in (1, 2, 3):
        pdf.drawString(72, 720, f"Page {number}: Łukasz Żółć")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def png_bytes() -> bytes:
    image = QImage(300, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_a_pdf_reports_its_pages_zooms_and_prints_at_the_settings_size(qtbot, window, tmp_path):
    dialog = DocumentPreview(
        window.ops, "Test", "three.pdf", three_page_pdf(), page_size="letter", parent=window
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_count == 3
    assert dialog.page_label.text() == "Page 1 of 3"
    assert dialog.zoom_label.text() == "fit width"
    dialog.zoom_in_once()
    assert dialog.zoom_label.text().endswith("%")
    dialog.whole()
    assert dialog.zoom_label.text() == "whole page"

    printer = dialog.make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(dialog.printed) as printed:
        dialog.print_to(printer)
    assert printed.args == [3]
    pages = PdfReader(tmp_path / "printed.pdf").pages
    assert len(pages) == 3
    # Letter from Settings, although the document itself is A4.
    assert (round(pages[0].mediabox.width), round(pages[0].mediabox.height)) == (612, 792)


def test_an_image_shows_in_the_same_viewer(qtbot, window):
    dialog = DocumentPreview(
        window.ops, "Scan", "scan.png", png_bytes(), mime="image/png", parent=window
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_count == 1
    assert dialog.page_label.text() == "Image, 300 × 200 px"
    assert dialog.stack.currentWidget() is dialog.image_area
    assert dialog.print_button.isEnabled()


def test_bytes_that_are_no_pdf_say_so_and_can_still_be_saved(qtbot, window):
    dialog = DocumentPreview(window.ops, "Bad", "bad.pdf", b"%PDF-1.4 not really", parent=window)
    qtbot.addWidget(dialog)
    assert dialog.page_count == 0
    assert "bad.pdf is not a PDF that can be shown" in dialog.problem.text()
    assert not dialog.print_button.isEnabled() and dialog.save_button.isEnabled()


@pytest.fixture
def db_path(db_path: Path) -> Path:
    add_example_agreement(db_path)
    return db_path


def test_the_stored_form_opens_in_the_preview_with_its_page_count(
    qtbot, window, db_path, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    [(number, content)] = query(
        db_path,
        "SELECT a.agreement_no, d.content FROM documents d"
        " JOIN agreements a ON a.id = d.agreement_id WHERE d.kind = 'acknowledgment'",
    )
    with qtbot.waitSignal(window.agreements_page.loaded, timeout=5000):
        window.show_page("agreements")
    detail = select(qtbot, window.agreements_page, number)
    view = detail.documents.view_buttons[0]  # the form (the commitment-start notice follows)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.preview_dialog is not None, timeout=5000)
    dialog = detail.preview_dialog
    expected = len(PdfReader(io.BytesIO(content)).pages)
    assert expected >= 2 and dialog.page_count == expected
    assert dialog.page_label.text() == f"Page 1 of {expected}"
    assert number in dialog.windowTitle()

    target = tmp_path / "copy.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save_as()
    assert target.read_bytes() == content  # byte for byte, never re-rendered


def test_several_issued_agreements_print_as_one_pdf_with_cancel(qtbot, window, db_path):
    import threading

    from certdesk.services.agreements import drafting, issuing
    from certdesk.services.paths import lifecycle as paths
    from certdesk.store import open_store

    store = open_store(db_path)  # a second issued agreement, for Łukasz (before the window reads)
    try:
        pid = paths.paths_of_manager(store, "H-9001")[0]["id"]
        paths.add_cost(store, pid, kind="tuition", amount="900.00", paid_on="2026-02-02")
        second = drafting.draft_agreement(
            store, parse_draft_request(pid, months=12, schedule="prorated")
        )
        issuing.issue_agreement(store, second.agreement.agreement_no, accept_warnings=True)
    finally:
        store.close()
    forms = dict(
        query(
            db_path,
            "SELECT a.agreement_no, d.content FROM documents d"
            " JOIN agreements a ON a.id = d.agreement_id WHERE d.kind = 'acknowledgment'",
        )
    )
    assert len(forms) == 2
    page = window.agreements_page
    with qtbot.waitSignal(page.loaded, timeout=5000):
        window.show_page("agreements")
    assert not page.batch_button.isEnabled()
    page.view.selectAll()
    assert page.selected_forms() and set(page.selected_forms()) == set(forms)
    assert page.batch_button.text() == "Print or save 2 selected…"

    held = threading.Event()
    window.ops.run_op(lambda store: held.wait(5))  # the worker is busy: Cancel comes first
    page.print_selected()
    from PySide6.QtWidgets import QPushButton

    [cancel] = page.batch.dialog.findChildren(QPushButton)
    assert cancel.text() == "Cancel"
    cancel.click()
    with qtbot.waitSignal(page.status_message, timeout=5000) as said:
        held.set()
    assert said.args == ["Cancelled: nothing was printed or saved"]
    assert page.batch.preview is None

    with qtbot.waitSignal(page.batch_button.clicked):
        qtbot.mouseClick(page.batch_button, Qt.MouseButton.LeftButton)
    batch = page.batch
    qtbot.waitUntil(lambda: batch.preview is not None, timeout=10_000)
    expected = sum(len(PdfReader(io.BytesIO(f)).pages) for f in forms.values())
    assert batch.preview.page_count == expected
    assert batch.preview.windowTitle() == "2 agreement forms"


def test_a_scan_dropped_on_the_agreement_is_attached_and_shows_as_an_image(
    qtbot, window, db_path, tmp_path
):
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    [(number,)] = query(db_path, "SELECT agreement_no FROM agreements")
    with qtbot.waitSignal(window.agreements_page.loaded, timeout=5000):
        window.show_page("agreements")
    detail = select(qtbot, window.agreements_page, number)
    scan = tmp_path / "signed scan.png"
    scan.write_bytes(png_bytes())
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(scan))])
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(QPoint(5, 5), actions, data, Qt.MouseButton.LeftButton, Qt.NoModifier)
    detail.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPoint(5, 5), actions, data, Qt.MouseButton.LeftButton, Qt.NoModifier)
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        detail.dropEvent(drop)
    assert [d.kind for d in detail.detail.documents] == [
        "acknowledgment",
        "commitment_notice",
        "signed_copy",
    ]
    detail.documents.view_buttons[2].click()
    qtbot.waitUntil(lambda: detail.preview_dialog is not None, timeout=5000)
    assert detail.preview_dialog.page_count == 1
    assert detail.preview_dialog.mime == "image/png"

    text = tmp_path / "notes.txt"
    text.write_text("not a scan")
    data.setUrls([QUrl.fromLocalFile(str(text))])
    refused = QDragEnterEvent(QPoint(5, 5), actions, data, Qt.MouseButton.LeftButton, Qt.NoModifier)
    detail.dragEnterEvent(refused)
    assert not refused.isAccepted()
