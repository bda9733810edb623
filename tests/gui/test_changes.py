"""Writes say what they changed and pages reload only for what they show: signing on the
Agreements page reloads that page (and marks the hidden pages that show agreements stale),
never the Catalog, Policies or Team matrix pages. A write by another program reloads all."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from certdesk.core.changes import EVERYTHING, Changes, Kind
from certdesk.gui.agreements.actions import SignDialog

from .agreement_setup import add_drafts, name_the_company, open_db

PAGES = ("dashboard", "paths", "matrix", "catalog", "policies", "reports", "agreements")


@pytest.fixture
def db_path(db_path: Path) -> Path:
    """The window tests' database with H-9001's agreement issued (ready to sign)."""
    from certdesk.services.agreements.issuing import issue_agreement

    numbers = add_drafts(db_path)
    name_the_company(db_path)
    store = open_db(db_path)
    try:
        issue_agreement(store, numbers["H-9001"], accept_warnings=True)
    finally:
        store.close()
    return db_path


def issued_number(db_path: Path) -> str:
    with sqlite3.connect(db_path) as conn:
        row = conn.execute("SELECT agreement_no FROM agreements WHERE status = 'issued'")
        number = row.fetchone()[0]
    conn.close()
    return number


LAZY = ("dashboard", "matrix", "catalog", "policies", "reports")


def page_of(window, key: str):
    if key == "managers":
        return window.managers_page
    if key == "paths":
        return window.paths_page
    if key == "agreements":
        return window.agreements_page
    return window.page(key)


@pytest.fixture
def loads(qtbot, window) -> Counter:
    """Every page built and loaded once, Agreements left on screen; then each page's reloads
    are counted by its key."""
    for key in PAGES:
        with qtbot.waitSignal(page_of(window, key).loaded, timeout=10_000):
            window.show_page(key)
    counted: Counter = Counter()
    pages = {key: page_of(window, key) for key in ("managers", *PAGES)}
    for key, page in pages.items():

        def counting(real=page.reload, key=key) -> None:
            counted[key] += 1
            real()

        page.reload = counting
    window.counted_pages = pages
    return counted


def test_signing_reloads_the_agreements_page_and_no_page_that_does_not_show_agreements(
    qtbot, window, loads: Counter, db_path: Path
) -> None:
    page = window.agreements_page
    number = issued_number(db_path)
    detail = page.detail
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        assert page.select_agreement(number)
    qtbot.waitUntil(lambda: not detail.buttons["sign"].isHidden())
    qtbot.mouseClick(detail.buttons["sign"], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, SignDialog)
    dialog.on.setDate(QDate.currentDate())
    qtbot.waitUntil(lambda: dialog.field_visible("warnings"))
    dialog.accept_warnings.setChecked(True)
    with qtbot.waitSignal(window.ops.changed, timeout=10_000) as changed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert changed.args[0].kinds == {Kind.AGREEMENTS}
    qtbot.waitUntil(
        lambda: page.model.find(lambda r: r.status != "issued" and r.agreement_no == number) >= 0,
        timeout=10_000,
    )

    assert loads == Counter({"agreements": 1})  # the one page on screen, once
    pages = window.counted_pages
    # Hidden pages that show agreements reload when next shown; the others are left alone.
    assert {name for name, p in pages.items() if p.is_stale} == {"managers", "dashboard"}
    with qtbot.waitSignal(pages["dashboard"].loaded, timeout=10_000):
        window.show_page("dashboard")
    window.show_page("catalog")
    window.show_page("policies")
    assert loads == Counter({"agreements": 1, "dashboard": 1})


def test_issuing_changes_the_policies_page_too(qtbot, window, loads: Counter) -> None:
    from certdesk.gui.agreements.issue import ISSUE_CHANGES

    assert ISSUE_CHANGES.touches(window.counted_pages["policies"].shows)  # "in use" changes
    assert not ISSUE_CHANGES.touches(window.counted_pages["catalog"].shows)


def test_a_write_by_another_program_reloads_everything(qtbot, window, loads: Counter) -> None:
    window._data_version = 5
    with qtbot.waitSignal(window.outside_change, timeout=10_000):
        window._outside_checked(6)  # what the timer hears after the command line wrote
    pages = window.counted_pages
    assert loads == Counter({"agreements": 1})  # on screen: reloaded now
    assert {key for key, p in pages.items() if p.is_stale} == set(pages) - {"agreements"}


def test_changes_say_kinds_and_ids() -> None:
    sign = Changes.of(ids=[(Kind.AGREEMENTS, "TA-2026-0001")])
    assert sign.kinds == {Kind.AGREEMENTS}
    assert sign.ids_of(Kind.AGREEMENTS) == {"TA-2026-0001"}
    both = sign | Changes.of(Kind.POLICIES)
    assert both.touches({Kind.POLICIES}) and both.touches({Kind.AGREEMENTS, Kind.CATALOG})
    assert not both.touches({Kind.CATALOG, Kind.SETTINGS})
    assert EVERYTHING.kinds == set(Kind) and not Changes()


def test_a_result_that_carries_changes_adds_them() -> None:
    from dataclasses import dataclass

    from certdesk.gui.operations.runner import _changes

    @dataclass
    class Result:
        changes: Changes

    carried = Result(Changes.of(ids=[(Kind.MANAGERS, "H-1")]))
    assert _changes(False, carried) is None
    assert _changes(True, None) == EVERYTHING
    assert _changes(Changes.of(Kind.PATHS), carried).kinds == {Kind.PATHS, Kind.MANAGERS}
    assert _changes(lambda moved: Changes() if not moved else EVERYTHING, 0) == Changes()
