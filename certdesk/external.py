"""Starting programs outside certdesk (the PDF viewer, the file manager) with the user's environment.

In the frozen app (PyInstaller) certdesk runs with variables that point into its bundle: the
bootloader sets LD_LIBRARY_PATH and keeps the user's value as LD_LIBRARY_PATH_ORIG, and
certdesk's runtime hook (packaging/rthook_qt.py) sets QT_PLUGIN_PATH the same way. A viewer
started with that environment would load the bundle's glib, libstdc++ and Qt plugins instead of
its own. `child_environment()` gives back what the user had; `open_path()` opens a file or folder
with the system's default program through it. Every program certdesk starts goes through here.

Pure Python (no Qt), so it works the same from the window, the command line and the tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

# Variables the bundle sets for itself; a saved original is named NAME + ORIGINAL_SUFFIX.
BUNDLE_VARIABLES = (
    "LD_LIBRARY_PATH",
    "QT_PLUGIN_PATH",
    "QML2_IMPORT_PATH",
    "QT_QPA_PLATFORM_PLUGIN_PATH",
    "DYLD_LIBRARY_PATH",
    "DYLD_FRAMEWORK_PATH",
)
# Lists of folders where a bundle entry may have been prepended to the user's own.
PATH_LISTS = ("PATH", "XDG_DATA_DIRS")
ORIGINAL_SUFFIX = "_ORIG"
# The bootloader's own bookkeeping: a child that is itself a frozen program must not inherit it.
BOOTLOADER_PREFIXES = ("_PYI_", "_MEIPASS")


def bundle_dir() -> Path | None:
    """The frozen app's bundle folder (PyInstaller's sys._MEIPASS), None when not frozen."""
    if not getattr(sys, "frozen", False):
        return None
    meipass = getattr(sys, "_MEIPASS", None)
    return Path(meipass) if meipass else Path(sys.executable).resolve().parent


def _inside(entry: str, bundle: Path) -> bool:
    try:
        return Path(entry).resolve().is_relative_to(bundle.resolve())
    except (OSError, ValueError):
        return False


def _without_bundle(value: str, bundle: Path) -> str:
    return os.pathsep.join(e for e in value.split(os.pathsep) if e and not _inside(e, bundle))


def child_environment(
    environ: Mapping[str, str] | None = None, bundle: Path | None = None
) -> dict[str, str]:
    """The environment a program started by certdesk should get: the user's own.

    Saved originals (NAME_ORIG) are put back, a variable the user did not have is removed,
    bundle folders are taken out of PATH-like lists. Outside the frozen app (no bundle and no
    saved originals) this is a plain copy of the environment.
    """
    env = dict(os.environ if environ is None else environ)
    if bundle is None:
        bundle = bundle_dir()
    for name in BUNDLE_VARIABLES:
        saved = env.pop(name + ORIGINAL_SUFFIX, None)
        if saved is not None:
            if saved:
                env[name] = saved
            else:
                env.pop(name, None)
        elif bundle is not None and name in env:
            kept = _without_bundle(env[name], bundle)
            if kept:
                env[name] = kept
            else:
                del env[name]
    if bundle is not None:
        for name in PATH_LISTS:
            if name in env:
                env[name] = _without_bundle(env[name], bundle)
        for name in list(env):
            if name.startswith(BOOTLOADER_PREFIXES):
                del env[name]
    return env


def start_program(args: list[str]) -> subprocess.Popen:
    """Start an outside program with the user's environment, detached from certdesk's
    terminal and session; it is reaped in the background. Raises OSError if it cannot start."""
    process = subprocess.Popen(
        args,
        env=child_environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=sys.platform != "win32",
        close_fds=True,
    )
    threading.Thread(target=process.wait, name="reap-child", daemon=True).start()
    return process


_environ_lock = threading.Lock()


def _start_with_shell(path: str) -> None:
    """Windows: the shell's association for the file, started with the user's environment
    (ShellExecute gives the child certdesk's own, so it is swapped for the call)."""
    with _environ_lock:
        saved = dict(os.environ)
        try:
            os.environ.clear()
            os.environ.update(child_environment(saved))
            os.startfile(path)  # type: ignore[attr-defined]
        finally:
            os.environ.clear()
            os.environ.update(saved)


def open_path(path: Path | str) -> bool:
    """Open a file or folder with the system's default program; False if none can be started."""
    path = str(path)
    try:
        if sys.platform == "win32":
            _start_with_shell(path)
        elif sys.platform == "darwin":
            start_program(["open", path])
        else:
            start_program(["xdg-open", path])
    except OSError:
        return False
    return True
