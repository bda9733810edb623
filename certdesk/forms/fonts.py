"""Bundled fonts, and user text as it must print: every script, in visual order, shaped.

- DejaVu Sans sets Latin (with every diacritic), Greek, Cyrillic and most symbols.
- Noto Sans Arabic, Hebrew, Devanagari, Tamil and Thai set those scripts; their runs are shaped
  with HarfBuzz (reportlab ≥ 4.1 shapes when uharfbuzz is installed): Arabic letters joined,
  Indic conjuncts, reph and vowel signs placed.
- Droid Sans Fallback sets CJK.
- Right-to-left runs are put in visual order with the Unicode bidi algorithm (python-bidi).
- A character no bundled font has (most emoji) prints as its Unicode name, "[woman + briefcase]",
  never as an empty box.

The font is chosen per run of text (`pieces`). `markup()` makes user text safe for a Paragraph
(escaped, font tags per run, right-to-left words in visual order; `needs_shaping` tells the
caller to shape the paragraph); `draw_string()` does the same on a bare canvas. Fonts are
registered on first need: a form with Latin names only never loads the others.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Script:
    """A bundled Noto font for one script: its name, files and Unicode ranges."""

    name: str  # the registered regular face; "<name>-Bold" is the bold face
    file_stem: str
    ranges: tuple[tuple[int, int], ...]
    rtl: bool = False


SCRIPTS = (
    Script(
        "NotoSansArabic",
        "NotoSansArabic",
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
        rtl=True,
    ),
    Script("NotoSansHebrew", "NotoSansHebrew", ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)), rtl=True),
    Script("NotoSansDevanagari", "NotoSansDevanagari", ((0x0900, 0x097F), (0xA8E0, 0xA8FF))),
    Script("NotoSansTamil", "NotoSansTamil", ((0x0B80, 0x0BFF),)),
    Script("NotoSansThai", "NotoSansThai", ((0x0E00, 0x0E7F),)),
)
SHAPED_FONTS = frozenset(s.name for s in SCRIPTS) | frozenset(f"{s.name}-Bold" for s in SCRIPTS)

_lock = threading.Lock()
_main_cmap: dict[int, int] | None = None
_cjk_cmap: dict[int, int] | None = None
_script_cmaps: dict[str, dict[int, int]] = {}

# Characters that never need a fallback (layout whitespace).
_ALWAYS_MAIN = frozenset(map(ord, " \t\n\r\u00a0"))
# Characters that belong to the character before them (a mark, a joiner, a variation
# selector, a skin tone): they stay in its font, so a cluster is never split between fonts.
_JOINERS = frozenset(map(ord, "\u200c\u200d\u034f")) | frozenset(range(0xFE00, 0xFE10))
_SKIN_TONES = frozenset(range(0x1F3FB, 0x1F400))
NAME = "[name]"  # the pseudo-font of characters printed as their Unicode name


def _memoise_subsets(font: TTFont) -> None:
    """Cache the font's subset bytes by glyph set: a batch of forms re-subsets the same
    glyphs again and again (the bytes are a pure function of the subset)."""
    make = font.face.makeSubset
    cached = lru_cache(maxsize=64)(lambda key: make(list(key)))
    font.face.makeSubset = lambda subset: cached(tuple(subset))


def _never_shaped(font: TTFont) -> None:
    """Leave this font's words as they are in a shaping paragraph.

    A paragraph that holds an Arabic or Indic run is shaped word by word; reportlab skips a
    word whose font gives no HarfBuzz font, and DejaVu (Latin) and the CJK fallback need no
    shaping — with it, HarfBuzz's discretionary ligatures would turn "st" into "ﬆ".
    """

    def no_harfbuzz_font(font_size: float = 10):
        raise AttributeError(f"{font.fontName} is not shaped")

    font.hbFont = no_harfbuzz_font


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
            _never_shaped(font)
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
            _never_shaped(font)
            pdfmetrics.registerFont(font)
            # One face for every style, so <b>/<i> around fallback text still resolves.
            pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)
            _cjk_cmap = font.face.charToGlyph
    return _cjk_cmap


def _register_script(script: Script) -> dict[int, int]:
    """Register a Noto script font (regular and bold) on first need."""
    found = _script_cmaps.get(script.name)
    if found is not None:
        return found
    with _lock:
        if script.name not in _script_cmaps:
            bold_name = f"{script.name}-Bold"
            regular = TTFont(script.name, str(FONT_DIR / f"{script.file_stem}-Regular.ttf"))
            bold = TTFont(bold_name, str(FONT_DIR / f"{script.file_stem}-Bold.ttf"))
            for font in (regular, bold):
                _memoise_subsets(font)
                pdfmetrics.registerFont(font)
            pdfmetrics.registerFontFamily(
                script.name, normal=script.name, bold=bold_name, italic=script.name,
                boldItalic=bold_name,
            )  # fmt: skip
            _script_cmaps[script.name] = regular.face.charToGlyph
    return _script_cmaps[script.name]


def _script_of(code: int) -> Script | None:
    for script in SCRIPTS:
        if any(low <= code <= high for low, high in script.ranges):
            return script
    return None


_font_cache: dict[int, str | None] = {}


def _font_for(code: int) -> str | None:
    """The font that prints `code` (None: the main font), or NAME when no bundled font has it."""
    try:
        return _font_cache[code]
    except KeyError:
        font = _font_cache[code] = _find_font(code)
        return font


def _find_font(code: int) -> str | None:
    assert _main_cmap is not None
    if code in _ALWAYS_MAIN:
        return None
    script = _script_of(code)
    if script is not None and code in _register_script(script):
        return script.name
    if code in _main_cmap:
        return None
    if code in _register_cjk():
        return CJK
    for other in SCRIPTS:  # e.g. a danda or an Arabic comma outside its usual block
        if code in _register_script(other):
            return other.name
    return NAME


_info_cache: dict[int, tuple[str | None, bool, bool]] = {}


def _char_info(code: int) -> tuple[str | None, bool, bool]:
    """(font, attaches to the character before, neutral punctuation or space) of a code point."""
    try:
        return _info_cache[code]
    except KeyError:
        category = unicodedata.category(chr(code))
        info = _info_cache[code] = (
            _font_for(code),
            code in _JOINERS or code in _SKIN_TONES or category[0] == "M",
            category[0] in "PSZ",
        )
        return info


# ---- bidi: logical text to visual order ----------------------------------------------------
_RTL_CLASSES = frozenset(("R", "AL", "AN"))


def _has_rtl(text: str) -> bool:
    return any(not ch.isascii() and unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def _levels(text: str) -> list[int]:
    """The embedding level of every character (Unicode bidi algorithm, paragraph LTR: the
    forms are written in English, a right-to-left name is a run inside them)."""
    if not _has_rtl(text):
        return [0] * len(text)
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    storage["base_level"] = 0
    storage["base_dir"] = "L"
    algorithm.get_embedding_levels(text, storage)
    for index, item in enumerate(storage["chars"]):
        item["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    levels: list[int | None] = [None] * len(text)
    for item in storage["chars"]:
        levels[item["index"]] = item["level"]
    # Characters the algorithm leaves out (joiners): the level of the character before them.
    out, last = [], 0
    for level in levels:
        last = level if level is not None else last
        out.append(last)
    return out


@dataclass(frozen=True)
class Piece:
    """A run of text in one font, in visual position; `text` is in logical order when the run
    is shaped (`shaped`), else already in visual order. `rtl`: a right-to-left run."""

    font: str | None  # None: the main font of the caller (regular or bold DejaVu)
    text: str
    rtl: bool = False

    @property
    def shaped(self) -> bool:
        return self.font in SHAPED_FONTS


def _emoji_name(chunk: str) -> str:
    """Characters no font has, by their Unicode names: "👩🏽‍💼" → "[woman + briefcase]"."""
    names = []
    for ch in chunk:
        code = ord(ch)
        if code in _JOINERS or code in _SKIN_TONES or unicodedata.category(ch) in ("Mn", "Cf"):
            continue
        names.append(unicodedata.name(ch, f"U+{code:04X}").lower())
    return f"[{' + '.join(names)}]" if names else ""


@lru_cache(maxsize=8192)
def pieces(text: str) -> tuple[Piece, ...]:
    """User text as font runs in visual (left-to-right drawing) order."""
    register_fonts()
    text = "".join(ch for ch in str(text) if ch >= " " or ch == "\n").replace("\t", " ")
    if not text:
        return ()
    if max(text) < "\u0590" and all(ord(ch) in _main_cmap for ch in set(text)):
        return (Piece(None, text),)  # Latin, Greek, Cyrillic...: the main font, as it is
    # 1. A font for every character; marks and joiners stay with the character before them,
    #    punctuation stays in a script font that has it (one word, one font, one shaping).
    fonts: list[str | None] = []
    previous: str | None = None
    for ch in text:
        code = ord(ch)
        font, attaches, neutral = _char_info(code)
        if attaches and fonts:
            font = previous
        elif (
            neutral
            and previous in SHAPED_FONTS
            and font != previous
            and code in _script_cmaps.get(previous, {})
        ):
            font = previous
        fonts.append(font)
        previous = font
    # 2. Characters no font has become their names (left to right, main font).
    if NAME in fonts:
        rebuilt, rebuilt_fonts, index = [], [], 0
        while index < len(text):
            if fonts[index] == NAME:
                end = index
                while end < len(text) and fonts[end] == NAME:
                    end += 1
                named = _emoji_name(text[index:end])
                rebuilt.append(named)
                rebuilt_fonts.extend([None] * len(named))
                index = end
            else:
                rebuilt.append(text[index])
                rebuilt_fonts.append(fonts[index])
                index += 1
        text, fonts = "".join(rebuilt), rebuilt_fonts
    # 3. Levels, then runs of one level and one font (spaces join the run they are in).
    levels = _levels(text)
    runs: list[list] = []  # [level, font, chars]
    for ch, font, level in zip(text, fonts, levels, strict=True):
        if (
            runs
            and runs[-1][0] == level
            and (runs[-1][1] == font or (ch == " " and level % 2 == 1))
        ):
            runs[-1][2].append(ch)
            continue
        runs.append([level, font, [ch]])
    # 4. Visual order (rule L2): from the highest level down to the lowest odd one, reverse
    #    every sequence of runs at that level or above.
    if any(level % 2 for level, _, _ in runs):
        highest = max(level for level, _, _ in runs)
        lowest_odd = min(level for level, _, _ in runs if level % 2) or 1
        for level in range(highest, lowest_odd - 1, -1):
            index = 0
            while index < len(runs):
                if runs[index][0] >= level:
                    end = index
                    while end < len(runs) and runs[end][0] >= level:
                        end += 1
                    runs[index:end] = runs[index:end][::-1]
                    index = end
                else:
                    index += 1
    out = []
    for level, font, chars in runs:
        rtl = level % 2 == 1
        chunk = "".join(chars)
        if rtl and font not in SHAPED_FONTS:  # no shaper to reverse it: mirror it here
            chunk = "".join(_mirror(ch) for ch in reversed(chunk))
        out.append(Piece(font, chunk, rtl))
    return tuple(out)


def _mirror(ch: str) -> str:
    if unicodedata.mirrored(ch):
        from bidi.mirror import MIRRORED

        return MIRRORED.get(ch, ch)
    return ch


# ---- Paragraph markup and canvas drawing ---------------------------------------------------


def escape(text: str) -> str:
    """XML-escape text for a reportlab Paragraph."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=8192)
def markup(text: str) -> str:
    """User text as Paragraph markup: escaped, each run in its font, right-to-left runs in
    visual word order (a shaping paragraph shapes each word; see `needs_shaping`)."""
    parts = []
    for piece in pieces(text):
        chunk = piece.text
        if piece.rtl and piece.shaped:
            # The paragraph shapes word by word (each comes out right to left): the words
            # themselves go right to left here.
            chunk = " ".join(reversed(chunk.split(" ")))
        safe = escape(chunk)
        parts.append(f'<font name="{piece.font}">{safe}</font>' if piece.font else safe)
    return "".join(parts)


def needs_shaping(safe_markup: str) -> bool:
    """True when markup holds a run of a script that must be shaped (Arabic, Indic, Thai...)."""
    return 'name="NotoSans' in safe_markup


def _face(piece_font: str | None, main: str) -> str:
    if piece_font is None:
        return main
    if piece_font in SHAPED_FONTS and main in (BOLD, BOLD_ITALIC):
        return f"{piece_font}-Bold" if not piece_font.endswith("-Bold") else piece_font
    return piece_font


def _shaped(chunk: str, font: str, size: float):
    """(text to draw, width): a shaped run when its font needs shaping and HarfBuzz is here."""
    if font in SHAPED_FONTS:
        from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr

        shaped = shapeStr(chunk, font, size, force=True)
        if isinstance(shaped, ShapedStr):
            width = sum(d.x_advance for d in shaped.__shapeData__) * size / 1000
            return shaped, width
        return shaped, pdfmetrics.stringWidth(shaped, font, size)
    return chunk, pdfmetrics.stringWidth(chunk, font, size)


def draw_string(canv, x: float, y: float, text: str, font: str, size: float, align: str = "left"):
    """Draw one line of user text on a canvas, every run in its font; align left|right|center."""
    drawn = [
        (_face(p.font, font), *_shaped(p.text, _face(p.font, font), size)) for p in pieces(text)
    ]
    if align != "left":
        width = sum(w for _, _, w in drawn)
        x -= width if align == "right" else width / 2
    for name, chunk, width in drawn:
        canv.setFont(name, size)
        canv.drawString(x, y, chunk)
        x += width


def runs(text: str) -> list[tuple[bool, str]]:
    """(not in the main font, chunk) runs in visual order (kept for callers of the old API)."""
    return [(p.font is not None, p.text) for p in pieces(text)]
