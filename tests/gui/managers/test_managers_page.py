"""The Managers page: find, filters, sort, and the detail pane of the selected manager."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from certdesk.core.validation import fold

from ..conftest import MANAGERS


def names(page) -> list[str]:
    return [r.full_name for r in page.model.rows()]


def test_the_list_shows_every_manager_sorted_by_name(window):
    page = window.managers_page
    assert page.model.rowCount() == len(MANAGERS)
    assert names(page) == sorted(names(page), key=fold)
    assert page.shown.text() == f"{len(MANAGERS)} managers"
    assert window.navigation.count_of("managers") == len(MANAGERS)


def test_find_lukasz_shows_only_lukasz_and_selects_him(qtbot, window):
    page = window.managers_page
    page.find.setText("lukasz")  # setText: keyClicks cannot type non-ASCII
    assert names(page) == ["Łukasz Żółć-Nguyễn"]
    assert page.shown.text() == f"1 of {len(MANAGERS)} managers shown"
    assert page.detail.manager.employee_no == "H-9001"
    qtbot.waitUntil(lambda: page.detail.paths_model.rowCount() == 1)
    assert page.detail.paths_model.rows()[0]["cert_code"] == "CCCM"


def test_find_ignores_case_and_accents_both_ways(window):
    page = window.managers_page
    page.find.setText("NGUYEN")
    assert sorted(names(page)) == ["Nguyễn Thị Hương", "Łukasz Żółć-Nguyễn"]
    page.find.setText("山田")
    assert names(page) == ["山田 太郎"]
    page.find.setText("h-9003")
    assert names(page) == ["山田 太郎"]
    page.find.setText("")
    assert len(names(page)) == len(MANAGERS)


def test_typing_ascii_in_the_find_box_filters_as_you_type(qtbot, window):
    page = window.managers_page
    qtbot.keyClicks(page.find, "wrob")
    assert names(page) == ["Agnieszka Wróblewska"]


def test_status_and_site_filters(window):
    page = window.managers_page
    page.status.setCurrentIndex(page.status.findData("departed"))
    assert names(page) == ["Agnieszka Wróblewska"]
    page.status.setCurrentIndex(page.status.findData("active"))
    page.site.setCurrentIndex(page.site.findData("Gdańsk Hub"))
    assert names(page) == ["Łukasz Żółć-Nguyễn"]
    page.find.setText("emily")
    assert names(page) == []
    page.site.setCurrentIndex(0)
    assert names(page) == ["emily johnson"]


def test_site_choices_come_from_the_data(window):
    page = window.managers_page
    sites = [page.site.itemText(i) for i in range(page.site.count())]
    assert sites[0] == "All sites"
    assert sites[1:] == sorted({m[2] for m in MANAGERS}, key=str.casefold)


def test_clicking_a_header_sorts_by_that_column(qtbot, window):
    page = window.managers_page
    header = page.view.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(0) + 5, 5),
    )
    numbers = [r.employee_no for r in page.model.rows()]
    assert numbers == ["H-9001", "H-9002", "H-9003", "H-9004", "H-9005", "H-10000"]
    page.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert names(page) == sorted(names(page), key=fold, reverse=True)


def test_selecting_a_manager_shows_their_paths(qtbot, window):
    page = window.managers_page
    with qtbot.waitSignal(page.detail.paths_loaded):
        page.select_employee("H-9002")
    detail = page.detail
    assert detail.heading.text() == "Nguyễn Thị Hương"
    assert "Buffalo Service Desk" in detail.facts.text()
    # In the order they were planned (no column sorted yet).
    assert [r["cert_code"] for r in detail.paths_model.rows()] == ["QAMC", "CCCS"]
    shown = {
        detail.paths_model.index(row, 0).data(): detail.paths_model.index(row, 2).data()
        for row in range(detail.paths_model.rowCount())
    }
    assert shown == {"QAMC": "enrolled", "CCCS": "completed"}
    assert "company paid 2,990.00" in detail.paths_title.text()
    with qtbot.waitSignal(detail.paths_loaded):
        page.select_employee("H-9003")
    assert detail.paths_model.rowCount() == 0
    assert "No certification paths yet" in detail.paths_title.text()


def test_a_departed_manager_cannot_get_a_new_path(qtbot, window):
    page = window.managers_page
    with qtbot.waitSignal(page.detail.paths_loaded):
        page.select_employee("H-9004")
    assert not page.detail.plan_button.isEnabled()
    assert "has left" in page.detail.facts.text()
