"""Bundled fonts: DejaVu Sans for text, Droid Sans Fallback for CJK, registered lazily.

`markup()` makes user text safe for a Paragraph and routes characters DejaVu lacks to the CJK
font, so every name prints real glyphs. `draw_string()` does the same on a bare canvas.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from certdesk.locations import resources_dir

FONT_DIR = resources_dir() / "fonts"

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
CJK = "DroidSansFallback"

_FAMILY_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
_CJK_FILE = "DroidSansFallbackFull.ttf"

_lock = threading.Lock()
_main_cmap: frozenset[int] | dict[int, int] | None = None
_cjk_cmap: dict[int, int] | None = None

# Characters that never need a fallback (layout whitespace).
_ALWAYS_MAIN = frozenset(map(ord, " \t\n\r\u00a0"))


def _memoise_subsets(font: TTFont) -> None:
    """Cache the font's subset bytes by glyph set: a batch of forms re-subsets the same
    glyphs again and again (the bytes are a pure function of the subset)."""
    make = font.face.makeSubset
    cached = lru_cache(maxsize=64)(lambda key: make(list(key)))
    font.face.makeSubset = lambda subset: cached(tuple(subset))


def register_fonts() -> None:
    """Register the DejaVu family once per process (thread-safe, cheap after the first call)."""
    global _main_cmap
    if _main_cmap is not None:
        return
    with _lock:
        if _main_cmap is not None:
            return
        fonts = {
            name: TTFont(name, str(FONT_DIR / file), asciiReadable=False)
            for name, file in _FAMILY_FILES.items()
        }
        for font in fonts.values():
            _memoise_subsets(font)
            pdfmetrics.registerFont(font)
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        _main_cmap = fonts[REGULAR].face.charToGlyph


def _register_cjk() -> dict[int, int]:
    """Register the CJK fallback on first need (it is a 4 MB font: never at import)."""
    global _cjk_cmap
    if _cjk_cmap is not None:
        return _cjk_cmap
    with _lock:
        if _cjk_cmap is None:
            font = TTFont(CJK, str(FONT_DIR / _CJK_FILE))
            _memoise_subsets(font)
            pdfmetrics.registerFont(font)
            # One face for every style, so <b>/<i> around fallback text still resolves.
            pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)
            _cjk_cmap = font.face.charToGlyph
    return _cjk_cmap


def _needs_fallback(code: int) -> bool:
    """True when DejaVu has no glyph for `code` but the CJK font has one."""
    assert _main_cmap is not None
    if code in _main_cmap or code in _ALWAYS_MAIN:
        return False
    return code in _register_cjk()


def runs(text: str) -> list[tuple[bool, str]]:
    """Split text into (use_fallback, chunk) runs."""
    register_fonts()
    out: list[tuple[bool, str]] = []
    current: list[str] = []
    current_fallback = False
    for ch in text:
        fallback = _needs_fallback(ord(ch))
        if current and fallback != current_fallback:
            out.append((current_fallback, "".join(current)))
            current = []
        current_fallback = fallback
        current.append(ch)
    if current:
        out.append((current_fallback, "".join(current)))
    return out


def escape(text: str) -> str:
    """XML-escape text for a reportlab Paragraph."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=8192)
def markup(text: str) -> str:
    """User text as Paragraph markup: escaped, with runs DejaVu lacks set in the CJK font."""
    text = "".join(ch for ch in str(text) if ch >= " " or ch in "\n\t").replace("\t", " ")
    parts = []
    for fallback, chunk in runs(text):
        safe = escape(chunk)
        parts.append(f'<font name="{CJK}">{safe}</font>' if fallback else safe)
    return "".join(parts)


def string_width(text: str, font: str, size: float) -> float:
    """Width of text drawn with draw_string (fallback runs measured in the CJK font)."""
    return sum(
        pdfmetrics.stringWidth(chunk, CJK if fallback else font, size)
        for fallback, chunk in runs(text)
    )


def draw_string(canv, x: float, y: float, text: str, font: str, size: float, align: str = "left"):
    """Draw one line of user text on a canvas with the CJK fallback; align left|right|center."""
    if align != "left":
        width = string_width(text, font, size)
        x -= width if align == "right" else width / 2
    for fallback, chunk in runs(text):
        name = CJK if fallback else font
        canv.setFont(name, size)
        canv.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, name, size)
