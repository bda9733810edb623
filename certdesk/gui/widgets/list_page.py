"""Pieces of the list pages (Managers, Paths, Agreements): the find box, a filter combo, and
the "how many are shown" text."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox, QLineEdit

from certdesk.core.words import plural


def find_box(placeholder: str, *, clear_button: bool = True) -> QLineEdit:
    """A find box; `clear_button=False` leaves the clear button (it loads an icon) for later."""
    find = QLineEdit()
    find.setPlaceholderText(placeholder)
    if clear_button:
        find.setClearButtonEnabled(True)
    return find


def choice_combo(choices: Iterable[tuple[str, str]]) -> QComboBox:
    """A combo of (label, value) choices; `currentData()` is the chosen value."""
    combo = QComboBox()
    for label, value in choices:
        combo.addItem(label, value)
    return combo


def shown_text(shown: int, total: int, noun: str, empty: str, one: str = "") -> str:
    """ "1,204 managers", "1 agreement", "3 of 1,204 managers shown", or `empty` when there
    are none. `noun` is the plural; `one` the singular (default: `noun` without its "s")."""
    if total == 0:
        return empty
    if shown == total:
        return plural(total, one or noun.removesuffix("s"), noun)
    return f"{shown:,} of {plural(total, one or noun.removesuffix('s'), noun)} shown"
