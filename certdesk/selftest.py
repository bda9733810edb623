"""`certdesk --self-test`: does this installation work? The same checks from the virtualenv and
inside the frozen app.

Each check prints one line ("ok   <check>: <what was seen>" or "FAIL <check>: <why>"); the run
stops at the first failure and exits 1 naming it, or exits 0 once all pass. Everything happens
in a temporary folder (database, backups, settings): the user's own files are never touched.

The checks, in order:
  resources   the bundled fonts, icon, policy text and sample CSV are where the locator says
  programs    a program certdesk starts (as it starts the PDF viewer) sees the user's
              environment: no bundle folder in any variable, no bootloader variables
  database    a new database is created and migrated to the latest schema, and it checks clean
  window      the main window is built on it, painted, and its managers list loaded
  form        one acknowledgment rendered with the bundled fonts (Latin, Polish, Vietnamese and
              CJK glyphs), the same bytes twice, the fonts embedded
  pdf view    the form loads in QtPdf (QPdfDocument) with the page count the renderer wrote,
              its text reads back, page 1 renders with ink on it, a QPdfView shows it
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

EXIT_OK, EXIT_FAILED = 0, 1
WATCHDOG_SECONDS = 120  # a check that hangs (a dialog nobody answers) fails the run instead
SAMPLE_NAME = "Łukasz Żółć-Nguyễn 山田 太郎"
RESOURCE_FILES = (
    "fonts/DejaVuSans.ttf",
    "fonts/DejaVuSans-Bold.ttf",
    "fonts/DejaVuSans-Oblique.ttf",
    "fonts/DejaVuSans-BoldOblique.ttf",
    "fonts/DroidSansFallbackFull.ttf",
    "icons/certdesk.png",
    "policy/default-policy.txt",
    "sample/managers.csv",
)


class CheckFailed(Exception):
    """A check saw something wrong; the message says what."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


# ---- the checks ------------------------------------------------------------------------------


def check_resources() -> str:
    from certdesk.locations import resources_dir

    root = resources_dir()
    missing = [name for name in RESOURCE_FILES if not (root / name).is_file()]
    _require(not missing, f"missing from {root}: {', '.join(missing)}")
    return f"{len(RESOURCE_FILES)} files in {root}"


def check_programs(root: Path) -> str:
    from certdesk.external import bundle_dir, start_program

    record = root / "child-environment.txt"
    if sys.platform == "win32":
        command = ["cmd", "/d", "/c", f'set > "{record}"']
    else:
        command = ["/bin/sh", "-c", 'env > "$0"', str(record)]
    code = start_program(command).wait(timeout=30)
    _require(code == 0, f"{command[0]} exited with {code}")
    lines = record.read_text(encoding="utf-8", errors="replace").splitlines()
    names = {line.split("=", 1)[0] for line in lines if "=" in line}
    bundle = bundle_dir()
    leaks = sorted(
        line.split("=", 1)[0]
        for line in lines
        if "=" in line
        and (line.startswith("_PYI_") or (bundle is not None and str(bundle) in line))
    )
    _require(not leaks, f"the program saw the bundle in {', '.join(leaks)}")
    where = f"bundle {bundle} kept out" if bundle else "not frozen: environment passed as is"
    return f"{len(names)} variables, {where}"


def check_database(db_path: Path) -> str:
    from certdesk.services.settings import update_settings
    from certdesk.store import open_store
    from certdesk.store.database import check_file
    from certdesk.store.schema import latest_version

    _require(not db_path.exists(), f"{db_path} exists before the test")
    store = open_store(db_path)
    try:
        version = store.schema_version()
        _require(version == latest_version(), f"schema {version}, expected {latest_version()}")
        # A company name, as after the first-run set-up, so the window opens straight away.
        update_settings(store, {"company_name": "certdesk self-test"})
    finally:
        store.close()
    check_file(db_path)
    return f"created and migrated to schema {version}, integrity ok"


def check_window(db_path: Path) -> str:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from certdesk.gui.app import create_window

    app = QApplication.instance()
    assert app is not None
    window = create_window(db_path)
    loop = QEventLoop()
    seen: dict[str, object] = {}
    window.first_painted.connect(lambda: seen.setdefault("painted", True))
    window.managers_page.count_changed.connect(lambda n: seen.setdefault("managers", n))
    window.managers_page.loaded.connect(loop.quit)
    window.ops.failed.connect(lambda message: (seen.setdefault("failed", message), loop.quit()))
    QTimer.singleShot(60_000, loop.quit)
    started = time.perf_counter()
    window.show()
    loop.exec()
    elapsed = time.perf_counter() - started
    try:
        _require("failed" not in seen, f"the window reported: {seen.get('failed')}")
        _require(seen.get("painted") is True, "the window was never painted")
        _require("managers" in seen, "the managers list never loaded")
        image = window.grab().toImage()
        _require(image.width() > 0 and image.height() > 0, "the window grabbed as an empty image")
        title = window.windowTitle()
        _require(db_path.name in title, f"title {title!r} does not name {db_path.name}")
    finally:
        window.close()
        window.ops.shutdown()
        window.deleteLater()
    return (
        f"{app.platformName()} platform, {image.width()}×{image.height()}, "
        f"list of {seen['managers']} managers loaded in {elapsed:.2f} s"
    )


def render_sample_form() -> bytes:
    """The self-test's acknowledgment: fixed content, so its bytes are the same everywhere."""
    from certdesk.forms import samples
    from certdesk.forms.acknowledgment import render_acknowledgment

    return render_acknowledgment(samples.acknowledgment(name=SAMPLE_NAME))


def page_count_written(pdf: bytes) -> int:
    """The page count in the PDF's page tree (its root holds the largest count)."""
    counts = [
        int(count.group(1))
        for node in re.finditer(
            rb"<<((?:(?!<<|>>).)*?/Type\s*/Pages\b(?:(?!<<|>>).)*)>>", pdf, re.S
        )
        if (count := re.search(rb"/Count\s+(\d+)", node.group(1)))
    ]
    _require(bool(counts), "no page tree in the PDF")
    return max(counts)


def check_form(pdf_path: Path) -> str:
    from certdesk.forms import fonts

    first = render_sample_form()
    second = render_sample_form()
    _require(first.startswith(b"%PDF-") and b"%%EOF" in first[-32:], "not a complete PDF")
    _require(first == second, "two renders of the same content differ")
    for font in (fonts.REGULAR, fonts.BOLD, fonts.CJK):
        _require(f"+{font}".encode() in first, f"font {font} is not embedded")
    _require(b"/FontFile2" in first, "no embedded TrueType font program")
    pdf_path.write_bytes(first)
    digest = hashlib.sha256(first).hexdigest()
    return f"{len(first):,} bytes, {page_count_written(first)} pages, sha256 {digest}"


def check_pdf_view(pdf_path: Path) -> str:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImage
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    document = QPdfDocument()
    error = document.load(str(pdf_path))
    _require(error == QPdfDocument.Error.None_, f"QPdfDocument could not load it: {error.name}")
    expected = page_count_written(pdf_path.read_bytes())
    pages = document.pageCount()
    _require(pages == expected, f"QtPdf counts {pages} pages, the renderer wrote {expected}")
    text = document.getAllText(0).text()
    for word in SAMPLE_NAME.split():
        _require(word in text, f"page 1's text does not read back {word!r}")
    size = document.pagePointSize(0).toSize()
    image = document.render(0, QSize(size.width(), size.height()))
    _require(not image.isNull(), "page 1 did not render")
    gray = bytes(image.convertToFormat(QImage.Format.Format_Grayscale8).constBits())
    ink = len(gray) - len(gray.translate(None, bytes(range(160, 256))))
    _require(ink > len(gray) // 200, "page 1 renders blank")
    view = QPdfView()
    view.setPageMode(QPdfView.PageMode.MultiPage)
    view.setDocument(document)
    view.resize(700, 900)
    _require(view.document() is document, "the PDF view did not take the document")
    view.deleteLater()
    return f"{pages} pages, page 1 {size.width()}×{size.height()} pt with ink, text reads back"


# ---- running them ----------------------------------------------------------------------------


@contextlib.contextmanager
def _private_folders(root: Path) -> Iterator[None]:
    """Data, settings and cache under `root` for the run (Linux reads these variables)."""
    names = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")
    saved = {name: os.environ.get(name) for name in names}
    for name in names:
        folder = root / name.lower()
        folder.mkdir()
        os.environ[name] = str(folder)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _watchdog(out: Callable[[str], None]) -> threading.Timer:
    def expire() -> None:
        out(f"FAIL self-test: no answer within {WATCHDOG_SECONDS} s (a check hangs)")
        os._exit(EXIT_FAILED)

    timer = threading.Timer(WATCHDOG_SECONDS, expire)
    timer.daemon = True
    return timer


def run_self_test(out: Callable[[str], None] = print) -> int:
    """Run every check, printing one line each; returns the exit code."""
    if not os.environ.get("QT_QPA_PLATFORM") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform != "linux"
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen: build the window offscreen
    frozen = "frozen app" if getattr(sys, "frozen", False) else "Python " + sys.version.split()[0]
    out(f"certdesk self-test ({frozen}, {sys.executable})")
    watchdog = _watchdog(out)
    watchdog.start()
    try:
        with tempfile.TemporaryDirectory(prefix="certdesk-self-test-") as tmp:
            root = Path(tmp)
            with _private_folders(root):
                from PySide6.QtCore import QSettings
                from PySide6.QtWidgets import QApplication

                for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
                    QSettings.setPath(fmt, QSettings.Scope.UserScope, str(root / "settings"))
                app = QApplication.instance() or QApplication(sys.argv[:1])
                app.setApplicationName("certdesk")
                db_path = root / "data" / "self-test.certdesk.db"
                db_path.parent.mkdir()
                pdf_path = root / "acknowledgment.pdf"
                checks: list[tuple[str, Callable[[], str]]] = [
                    ("resources", check_resources),
                    ("programs", lambda: check_programs(root)),
                    ("database", lambda: check_database(db_path)),
                    ("window", lambda: check_window(db_path)),
                    ("form", lambda: check_form(pdf_path)),
                    ("pdf view", lambda: check_pdf_view(pdf_path)),
                ]
                for name, check in checks:
                    try:
                        detail = check()
                    except Exception as exc:  # any failure is reported by the check's name
                        message = str(exc) if isinstance(exc, CheckFailed) else repr(exc)
                        out(f"FAIL {name}: {message}")
                        out(f"self-test failed: {name}")
                        return EXIT_FAILED
                    out(f"ok   {name}: {detail}")
    finally:
        watchdog.cancel()
    out(f"self-test passed: {len(checks)} checks")
    return EXIT_OK
