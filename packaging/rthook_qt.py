"""certdesk's runtime hook for PySide6, in place of PyInstaller's pyi_rth_pyside6.

It runs before the app on every start, so it imports nothing from Qt (the standard hook imports
QtCore: --help 3x slower and 30 MiB more). PySide6's wheels make their Qt relocatable themselves,
so Qt needs one thing from us: its plugins from the bundle, not from a QT_PLUGIN_PATH the user
may have for another Qt. The user's value is kept as QT_PLUGIN_PATH_ORIG (the convention of
PyInstaller's bootloader for LD_LIBRARY_PATH), and certdesk.external puts it back for every
program the app starts. No QML paths: certdesk has no QML.
"""


def _certdesk_qt_hook():
    import os
    import sys

    qt = os.path.join(sys._MEIPASS, "PySide6") if os.name == "nt" else None
    qt = qt or os.path.join(sys._MEIPASS, "PySide6", "Qt")
    plugins = os.path.join(qt, "plugins")
    if "QT_PLUGIN_PATH" in os.environ:
        os.environ["QT_PLUGIN_PATH_ORIG"] = os.environ["QT_PLUGIN_PATH"]
    os.environ["QT_PLUGIN_PATH"] = plugins


_certdesk_qt_hook()
del _certdesk_qt_hook
