"""Shared pieces: percentages, fonts and markup, atomic writes, the layer rule."""

from __future__ import annotations

import subprocess
import sys

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.forms import fonts
from certdesk.forms.base import page_size_of, percent_text
from certdesk.forms.blocks import plain_text


@pytest.mark.parametrize(
    ("bp", "text"),
    [
        (10000, "100 %"),
        (6667, "66.67 %"),
        (7500, "75 %"),
        (3350, "33.5 %"),
        (0, "0 %"),
        (5, "0.05 %"),
    ],
)
def test_percent_text(bp, text):
    assert percent_text(bp) == text


def test_markup_escapes_user_text():
    assert fonts.markup("Ann <b>& Co") == "Ann &lt;b&gt;&amp; Co"


def test_markup_sends_only_missing_glyphs_to_cjk():
    assert fonts.markup("Łukasz Żółć-Nguyễn") == "Łukasz Żółć-Nguyễn"
    assert fonts.markup("Nguyễn Thị Hương") == "Nguyễn Thị Hương"
    cjk = f'<font name="{fonts.CJK}">'
    assert fonts.markup("山田 太郎") == f"{cjk}山田</font> {cjk}太郎</font>"
    assert fonts.markup("Yamada 山田 <x>") == f"Yamada {cjk}山田</font> &lt;x&gt;"


def test_fonts_are_bundled_with_licences():
    for name in (
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DroidSansFallbackFull.ttf",
        "LICENSE-DejaVu.txt",
        "LICENSE-DroidSansFallback.txt",
    ):
        assert (fonts.FONT_DIR / name).is_file(), name


def test_page_size():
    assert page_size_of("A4") == pytest.approx((595.2756, 841.8898))
    assert page_size_of("letter", wide=True) == (792.0, 612.0)
    with pytest.raises(InvalidInput):
        page_size_of("legal")


def test_plain_text_paragraphs_and_bullets():
    flow = plain_text("First line\nwraps here.\n\nIntro:\n- one\n- two\n  continues")
    texts = [getattr(f, "text", None) for f in flow]
    assert texts[:4] == ["First line wraps here.", "Intro:", "one", "two continues"]


def test_forms_import_neither_qt_nor_sqlite():
    code = (
        "import sys, certdesk.forms.acknowledgment, certdesk.forms.repayment_statement, "
        "certdesk.forms.reports; "
        "bad = [m for m in ('PySide6', 'sqlite3', 'sqlite_utils') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_fonts_register_lazily():
    code = (
        "import sys, certdesk.forms.acknowledgment as a; "
        "from reportlab.pdfbase import pdfmetrics; "
        "sys.exit(1 if 'DejaVuSans' in pdfmetrics.getRegisteredFontNames() else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
