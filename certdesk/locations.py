"""Where certdesk keeps its files by default."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "certdesk"


def user_data_dir() -> Path:
    """The per-user data folder (XDG on Linux, Application Support on macOS, AppData on Windows)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def default_database() -> Path:
    """The database the window opens when no --db is given."""
    return user_data_dir() / "certdesk.db"


def database_path(chosen: str | Path | None) -> Path:
    """The database to use: the one chosen (--db), else the default in the user data folder.

    The default's folder is created (private to the user) on first use, so a first start with
    no database works in the frozen app and from a checkout alike; a chosen path is used as
    given (a missing folder there is the user's mistake, and the store says so).
    """
    if chosen:
        return Path(chosen)
    path = default_database()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def resources_dir() -> Path:
    """The bundled resources folder (fonts, sample CSV, default policy text).

    The one place that knows where resources are: inside the package, so the same path holds
    in a checkout, an installed wheel and the frozen app (PyInstaller keeps the package layout).
    """
    return Path(__file__).resolve().parent / "resources"
