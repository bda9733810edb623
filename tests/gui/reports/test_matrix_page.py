"""The Matrix page: loaded off the GUI thread, coloured cells, filters, click-through."""

from __future__ import annotations

from PySide6.QtCore import Qt

from certdesk.core.matrix import CellState
from certdesk.gui.reports.matrix_page import BACKGROUNDS, MatrixModel


def open_matrix(qtbot, window):
    page = window.page("matrix")
    with qtbot.waitSignal(page.loaded, timeout=10000):
        window.show_page("matrix")
    return page


def test_matrix_shows_cells_and_filters(qtbot, window, qtmodeltester):
    page = open_matrix(qtbot, window)
    model: MatrixModel = page.model
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
               for c in range(model.columnCount())]  # fmt: skip
    assert headers == ["No.", "Name", "Site", "CCCM", "CCCS", "QAMC", "SWMP"]
    numbers = [r.employee_no for r in model.rows()]
    assert "H-9004" not in numbers  # departed: not on the matrix
    row = numbers.index("H-9002")
    cccs = model.index(row, headers.index("CCCS"))
    assert cccs.data().startswith("due in")  # expires within 30 days
    assert cccs.data(Qt.ItemDataRole.BackgroundRole) == BACKGROUNDS[CellState.RENEWAL_DUE]
    assert model.index(row, headers.index("QAMC")).data() == "in progress"
    page.state.setCurrentIndex(page.state.findData(CellState.RENEWAL_DUE))
    assert [r.employee_no for r in model.rows()] == ["H-9002"]
    page.state.setCurrentIndex(0)
    page.site.setCurrentIndex(page.site.findData("Gdańsk Hub"))
    assert [r.employee_no for r in model.rows()] == ["H-9001"]
    assert page.readiness.text().startswith("Readiness: no role requires")


def test_double_click_opens_the_path(qtbot, window):
    page = open_matrix(qtbot, window)
    model = page.model
    row = [r.employee_no for r in model.rows()].index("H-9002")
    detail = window.managers_page.detail
    with qtbot.waitSignal(detail.paths_loaded, timeout=5000):
        page._open(model.index(row, 4))  # CCCS
    qtbot.waitUntil(lambda: (detail.selected_path() or {}).get("cert_code") == "CCCS")
    assert window.pages.currentWidget() is window.managers_page
