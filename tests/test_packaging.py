"""The frozen app's build pieces that run without PyInstaller: the Qt filter and the runtime hook.

`make test` never builds a package; these check the logic `make package` relies on.
"""

from __future__ import annotations

import importlib.util
import os
import runpy
import sys
from pathlib import Path

import pytest

from certdesk import external

PACKAGING = Path(__file__).resolve().parent.parent / "packaging"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle_filter = _load("bundle_filter")

QT = "PySide6/Qt/"
NEEDS = {  # source file -> DT_NEEDED
    "QtWidgets.so": ["libQt6Widgets.so.6", "libpyside6.so"],
    "libQt6Widgets.so.6": ["libQt6Gui.so.6"],
    "libQt6Gui.so.6": ["libQt6Core.so.6", "libstdc++.so.6"],
    "libqxcb.so": ["libQt6XcbQpa.so.6", "libQt6Gui.so.6"],
    "libQt6XcbQpa.so.6": ["libQt6Gui.so.6", "libxcb-cursor.so.0"],
    "libqtvirtualkeyboardplugin.so": ["libQt6VirtualKeyboard.so.6", "libQt6Qml.so.6"],
    "libQt6VirtualKeyboard.so.6": ["libQt6Quick.so.6", "libQt6Qml.so.6"],
    "libqgtk3.so": ["libgtk-3.so.0"],
    "libgtk-3.so.0": ["libcairo.so.2"],
    "libcupsprintersupport.so": ["libcups.so.2", "libQt6PrintSupport.so.6"],
}


def needed(src: str) -> list[str]:
    return NEEDS.get(Path(src).name, [])


def lib(dest: str) -> tuple[str, str, str]:
    return (dest, "/src/" + Path(dest).name, "BINARY")


BINARIES = [
    ("PySide6/QtWidgets.abi3.so", "/src/QtWidgets.so", "EXTENSION"),
    lib("libpython3.11.so.1.0"),
    lib("libpyside6.so"),
    lib(QT + "lib/libQt6Widgets.so.6"),
    lib(QT + "lib/libQt6Gui.so.6"),
    lib(QT + "lib/libQt6Core.so.6"),
    lib(QT + "lib/libQt6XcbQpa.so.6"),
    lib(QT + "lib/libQt6PrintSupport.so.6"),
    lib(QT + "lib/libQt6VirtualKeyboard.so.6"),
    lib(QT + "lib/libQt6Quick.so.6"),
    lib(QT + "lib/libQt6Qml.so.6"),
    lib(QT + "plugins/platforms/libqxcb.so"),
    lib(QT + "plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so"),
    lib(QT + "plugins/platformthemes/libqgtk3.so"),
    lib(QT + "plugins/printsupport/libcupsprintersupport.so"),
    lib("libxcb-cursor.so.0"),
    lib("libgtk-3.so.0"),
    lib("libcairo.so.2"),
    lib("libcups.so.2"),
    lib("libstdc++.so.6"),
    ("libQt6Gui.so.6", QT + "lib/libQt6Gui.so.6", "SYMLINK"),
    ("libQt6Qml.so.6", QT + "lib/libQt6Qml.so.6", "SYMLINK"),
]
DATAS = [
    ("certdesk/resources/fonts/DejaVuSans.ttf", "/src/DejaVuSans.ttf", "DATA"),
    (QT + "translations/qtbase_de.qm", "/src/qtbase_de.qm", "DATA"),
]


@pytest.fixture(scope="module")
def filtered():
    kept, datas, dropped = bundle_filter.filter_collection(BINARIES, DATAS, needed)
    return {e[0] for e in kept}, {e[0] for e in datas}, {e[0] for e in dropped}, kept, dropped


def test_only_the_plugins_certdesk_uses_are_kept(filtered):
    kept, _, dropped, *_ = filtered
    assert QT + "plugins/platforms/libqxcb.so" in kept
    assert QT + "plugins/printsupport/libcupsprintersupport.so" in kept
    assert QT + "plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so" in dropped
    assert QT + "plugins/platformthemes/libqgtk3.so" in dropped


def test_libraries_only_dropped_plugins_needed_go_with_them(filtered):
    kept, _, dropped, *_ = filtered
    for gone in ("libQt6VirtualKeyboard.so.6", "libQt6Quick.so.6", "libQt6Qml.so.6"):
        assert QT + "lib/" + gone in dropped
    assert {"libgtk-3.so.0", "libcairo.so.2"} <= dropped
    for needed_lib in ("libQt6Widgets.so.6", "libQt6Gui.so.6", "libQt6XcbQpa.so.6"):
        assert QT + "lib/" + needed_lib in kept
    assert "libxcb-cursor.so.0" in kept
    assert "libpython3.11.so.1.0" in kept


def test_links_follow_their_target(filtered):
    kept, _, dropped, *_ = filtered
    assert "libQt6Gui.so.6" in kept  # the link beside the executable
    assert "libQt6Qml.so.6" in dropped


def test_translations_go_resources_stay(filtered):
    _, datas, dropped, *_ = filtered
    assert "certdesk/resources/fonts/DejaVuSans.ttf" in datas
    assert QT + "translations/qtbase_de.qm" in dropped


def test_system_libraries_are_left_to_the_system_and_pass_the_check(filtered):
    kept, _, dropped, kept_entries, dropped_entries = filtered
    assert {"libcups.so.2", "libstdc++.so.6"} <= dropped
    assert bundle_filter.check_dependencies(kept_entries, dropped_entries, needed) == []


def test_the_check_names_a_kept_file_that_needs_a_dropped_one(filtered):
    *_, kept_entries, dropped_entries = filtered
    broken = [*kept_entries, lib(QT + "lib/libQt6QuickWidgets.so.6")]
    needs = dict(NEEDS, **{"libQt6QuickWidgets.so.6": ["libQt6Quick.so.6"]})
    problems = bundle_filter.check_dependencies(
        broken, dropped_entries, lambda src: needs.get(Path(src).name, [])
    )
    assert problems == [
        f"{QT}lib/libQt6QuickWidgets.so.6 needs libQt6Quick.so.6, which was dropped"
    ]


def test_the_runtime_hook_sets_the_plugin_path_and_keeps_the_users(monkeypatch, tmp_path):
    """The hook as the frozen app runs it, then what a program certdesk starts receives."""
    bundle = tmp_path / "_internal"
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("QT_PLUGIN_PATH", "/usr/lib/x86_64-linux-gnu/qt6/plugins")
    monkeypatch.delenv("QT_PLUGIN_PATH_ORIG", raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", str(bundle))  # the bootloader's, the user had none
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG", raising=False)
    imported_before = set(sys.modules)
    runpy.run_path(str(PACKAGING / "rthook_qt.py"))
    assert os.environ["QT_PLUGIN_PATH"] == str(bundle / "PySide6" / "Qt" / "plugins")
    assert not {m for m in set(sys.modules) - imported_before if m.startswith("PySide6")}
    child = external.child_environment()
    assert child["QT_PLUGIN_PATH"] == "/usr/lib/x86_64-linux-gnu/qt6/plugins"
    assert "LD_LIBRARY_PATH" not in child
    assert not [value for value in child.values() if str(bundle) in value]
