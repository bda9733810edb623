"""What the window remembers between sessions (QSettings): its size and place, splitter
positions, the folders last used for saving and opening, and the recent databases.

These are the coordinator's preferences on this computer, not data: they live in Qt's user
settings file, never in the database. CERTDESK_PREFERENCES names another file (tests use one
per test so nothing leaks between them).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths
from PySide6.QtWidgets import QSplitter

ENV = "CERTDESK_PREFERENCES"
MAX_RECENT = 8


def settings() -> QSettings:
    """The preferences store (an INI file in the user's configuration folder)."""
    override = os.environ.get(ENV)
    if override:
        return QSettings(override, QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "certdesk", "certdesk")


# ---- folders --------------------------------------------------------------------------------
def folder(kind: str) -> Path:
    """The folder last used for `kind` ("save", "open", "database"), else Documents or home."""
    stored = settings().value(f"folders/{kind}", "", type=str)
    if stored and Path(stored).is_dir():
        return Path(stored)
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def remember_folder(kind: str, path: Path) -> None:
    """Remember the folder of `path` (a file) or `path` itself (a folder) for `kind`."""
    where = path if path.is_dir() else path.parent
    settings().setValue(f"folders/{kind}", str(where))


# ---- recent databases -----------------------------------------------------------------------
def recent_databases() -> list[Path]:
    """The databases opened most recently, newest first (those that still exist)."""
    stored = settings().value("recent/databases", [], type=list) or []
    return [Path(p) for p in stored if p and Path(p).exists()][:MAX_RECENT]


def add_recent_database(path: Path) -> None:
    path = Path(path).resolve()
    kept = [p for p in recent_databases() if p.resolve() != path]
    settings().setValue("recent/databases", [str(p) for p in [path, *kept][:MAX_RECENT]])


# ---- window and splitters -------------------------------------------------------------------
def window_geometry() -> QByteArray | None:
    value = settings().value("window/geometry")
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def save_window_geometry(geometry: QByteArray) -> None:
    settings().setValue("window/geometry", geometry)


def restore_splitter(name: str, splitter: QSplitter) -> None:
    value = settings().value(f"splitters/{name}")
    if isinstance(value, QByteArray) and not value.isEmpty():
        splitter.restoreState(value)


def save_splitter(name: str, splitter: QSplitter) -> None:
    settings().setValue(f"splitters/{name}", splitter.saveState())
