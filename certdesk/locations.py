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


def resources_dir() -> Path:
    """The bundled resources folder (fonts, sample CSV, default policy text).

    The one place that knows where resources are: inside the package, so the same path holds
    in a checkout, an installed wheel and the frozen app (PyInstaller keeps the package layout).
    """
    return Path(__file__).resolve().parent / "resources"
