"""The window's pages, in navigation order: one registry of titles, shortcuts and builders.

A page's module is imported when the page is first built (`build_page`), never at start-up:
the window paints before sqlite-utils and the services load, and a page nobody opens costs
nothing. Managers is built first, as the window opens on it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from certdesk.gui.operations.runner import Ops


@dataclass(frozen=True)
class PageEntry:
    title: str  # in the navigation
    menu_text: str  # in View, with its & accelerator
    shortcut: str
    factory: str  # "module:Class"; the class takes the op runner


PAGES: dict[str, PageEntry] = {
    "dashboard": PageEntry(
        "Dashboard", "&Dashboard", "Ctrl+1", "certdesk.gui.dashboard.page:DashboardPage"
    ),
    "managers": PageEntry(
        "Managers", "&Managers", "Ctrl+2", "certdesk.gui.managers.page:ManagersPage"
    ),
    "paths": PageEntry("Paths", "&Paths", "Ctrl+3", "certdesk.gui.paths.page:PathsPage"),
    "agreements": PageEntry(
        "Agreements", "&Agreements", "Ctrl+4", "certdesk.gui.agreements.page:AgreementsPage"
    ),
    "matrix": PageEntry(
        "Matrix", "&Team matrix", "Ctrl+5", "certdesk.gui.reports.matrix_page:MatrixPage"
    ),
    "catalog": PageEntry("Catalog", "&Catalog", "Ctrl+6", "certdesk.gui.catalog.page:CatalogPage"),
    "policies": PageEntry(
        "Policies", "P&olicies", "Ctrl+7", "certdesk.gui.policies.page:PoliciesPage"
    ),
    "reports": PageEntry("Reports", "&Reports", "Ctrl+8", "certdesk.gui.reports.page:ReportsPage"),
}


def build_page(key: str, ops: Ops) -> QWidget:
    """A new page for `key`, its module imported now."""
    module_name, _, class_name = PAGES[key].factory.partition(":")
    page_class = getattr(importlib.import_module(module_name), class_name)
    return page_class(ops)
