"""What the frozen app carries: Qt plugins and libraries filtered after PyInstaller's analysis.

PyInstaller has no switch for Qt plugins: its PySide6 hooks collect every plugin of a category
and every library those plugins link (the virtual keyboard pulls QtQml and QtQuick, the GTK3
theme pulls GTK, cairo and pango from the build machine). Here:

1. Qt plugins are kept only from KEEP_PLUGINS (what certdesk's window, forms, PDF view and
   printing use); Qt's translations go (certdesk speaks English).
2. Every other shared library is kept only if something kept still needs it: the reachability
   from the Python extension modules, the kept plugins and the Python library, through each
   ELF file's DT_NEEDED entries (read with readelf).
3. LEFT_TO_SYSTEM names libraries that are not bundled on purpose: CUPS (every desktop with a
   printer has its own, matched to its print server; without it printing offers PDF only), and
   the C++ runtime (libstdc++, libgcc_s: a newer system's GL driver, loaded into the process,
   needs the system's newer one; PySide6's wheels need only an old one).
4. check_dependencies() then verifies that no kept file needs one that was dropped; the build
   stops with the list if one does.

Used by certdesk.spec with PyInstaller's TOC entries: (destination, source, typecode).
Pure Python plus readelf (binutils, which PyInstaller's strip step needs anyway).
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
import subprocess
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

Entry = tuple[str, str, str]

QT_PLUGINS = "PySide6/Qt/plugins/"
KEEP_PLUGINS = (
    "platforms/libqxcb.so",  # X11 and XWayland desktops
    "platforms/libqoffscreen.so",  # the self-test and headless runs
    "platforms/libqminimal.so",
    "xcbglintegrations/*",  # the xcb platform asks for them at start
    "platforminputcontexts/libcomposeplatforminputcontextplugin.so",  # dead keys: é, ł, ż
    "platforminputcontexts/libibusplatforminputcontextplugin.so",  # IBus: CJK and Vietnamese input
    "imageformats/libqjpeg.so",  # scanned signed copies (PNG is built into QtGui)
    "printsupport/libcupsprintersupport.so",  # printing forms (QtPrintSupport)
)
DROP_DATA = ("PySide6/Qt/translations/*",)
LEFT_TO_SYSTEM = ("libcups.so.*", "libstdc++.so.*", "libgcc_s.so.*")
SHARED_LIBRARY = re.compile(r"\.so(\.\d+)*$")


def is_shared_library(dest: str) -> bool:
    return bool(SHARED_LIBRARY.search(PurePosixPath(dest).name))


def keep_plugin(dest: str) -> bool:
    if not dest.startswith(QT_PLUGINS):
        return True
    inside = dest[len(QT_PLUGINS) :]
    return any(fnmatch.fnmatch(inside, pattern) for pattern in KEEP_PLUGINS)


def readelf_needed(path: str) -> list[str]:
    """The DT_NEEDED names of an ELF file ([] for anything readelf cannot read)."""
    done = subprocess.run(
        ["readelf", "-d", "--wide", path], capture_output=True, text=True, check=False
    )
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", done.stdout)


def _base(dest: str) -> str:
    return PurePosixPath(dest).name


def filter_collection(
    binaries: Iterable[Entry],
    datas: Iterable[Entry],
    needed: Callable[[str], list[str]] = readelf_needed,
) -> tuple[list[Entry], list[Entry], list[Entry]]:
    """(kept binaries, kept datas, dropped entries): plugins and translations as configured,
    then every library nothing kept needs."""
    binaries, datas = list(binaries), list(datas)
    dropped: list[Entry] = []
    candidates: list[Entry] = []
    for entry in binaries:
        if entry[2] == "SYMLINK":
            candidates.append(entry)  # kept or dropped with its target, below
        elif not keep_plugin(entry[0]) or any(
            fnmatch.fnmatch(_base(entry[0]), p) for p in LEFT_TO_SYSTEM
        ):
            dropped.append(entry)
        else:
            candidates.append(entry)
    kept_datas = [
        e for e in datas if not any(fnmatch.fnmatch(e[0], pattern) for pattern in DROP_DATA)
    ]
    dropped += [e for e in datas if e not in kept_datas]

    # Reachability: roots are extension modules, kept plugins, the Python library and
    # anything that is not a shared library; libraries are found by their file name.
    by_name: dict[str, list[Entry]] = {}
    for entry in candidates:
        by_name.setdefault(_base(entry[0]), []).append(entry)
    roots = [
        e
        for e in candidates
        if e[2] == "SYMLINK"
        or e[2] == "EXTENSION"
        or e[0].startswith(QT_PLUGINS)
        or _base(e[0]).startswith("libpython")
        or not is_shared_library(e[0])
    ]
    reached: set[Entry] = set()
    queue = list(roots)
    while queue:
        entry = queue.pop()
        if entry in reached:
            continue
        reached.add(entry)
        if entry[2] == "SYMLINK":
            continue
        for name in needed(entry[1]):
            queue.extend(by_name.get(name, []))
    kept = [e for e in candidates if e in reached]
    dropped += [e for e in candidates if e not in reached]

    # Links PyInstaller adds beside the executable (libQt6Core.so.6 -> PySide6/Qt/lib/...)
    # go with what they point to.
    present = {e[0] for e in kept + kept_datas if e[2] != "SYMLINK"}

    def link_ok(entry: Entry) -> bool:
        if entry[2] != "SYMLINK":
            return True
        target = posixpath.normpath(posixpath.join(posixpath.dirname(entry[0]), entry[1]))
        return target in present

    dropped += [e for e in kept + kept_datas if not link_ok(e)]
    kept = [e for e in kept if link_ok(e)]
    kept_datas = [e for e in kept_datas if link_ok(e)]
    return kept, kept_datas, dropped


def check_dependencies(
    kept: Iterable[Entry],
    dropped: Iterable[Entry],
    needed: Callable[[str], list[str]] = readelf_needed,
) -> list[str]:
    """Problems: a kept file that needs a library that was dropped (empty list: all good)."""
    kept = list(kept)
    kept_names = {_base(e[0]) for e in kept}
    dropped_names = {
        _base(e[0])
        for e in dropped
        if is_shared_library(e[0])
        and not any(fnmatch.fnmatch(_base(e[0]), p) for p in LEFT_TO_SYSTEM)
    } - kept_names
    problems = []
    for entry in kept:
        if entry[2] == "SYMLINK":
            continue
        for name in needed(entry[1]):
            if name in dropped_names:
                problems.append(f"{entry[0]} needs {name}, which was dropped")
    return problems
