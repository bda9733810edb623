"""Every script printed as written: font per run, right-to-left in visual order, shaping, names
for what no font has. The pages in docs/names/ are these forms, looked at."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from certdesk.forms import fonts
from certdesk.forms.acknowledgment import render_acknowledgment
from certdesk.forms.repayment_statement import render_repayment_statement
from certdesk.forms.samples import acknowledgment, repayment_statement

NAMES = {
    "NotoSansArabic": "فاطمة الزهراء حداد",
    "NotoSansHebrew": "שרה לוי",
    "NotoSansDevanagari": "अनीता शर्मा",
    "NotoSansTamil": "தமிழ்செல்வி",
    "NotoSansThai": "สมชาย ใจดี",
    fonts.CJK: "山田 太郎",
}


@pytest.mark.parametrize(("font", "name"), NAMES.items())
def test_each_script_gets_its_bundled_font(font: str, name: str) -> None:
    used = {p.font for p in fonts.pieces(name) if p.text.strip()}
    assert used == {font}


@pytest.mark.parametrize(
    "name", ["Zoë Ångström-Nguyễn", "Łukasz Żółć", "Ελένη Παπαδοπούλου", "Дмитрий Иванов"]
)
def test_latin_greek_and_cyrillic_stay_in_dejavu(name: str) -> None:
    assert fonts.pieces(name) == (fonts.Piece(None, name),)
    assert fonts.markup(name) == name


def test_right_to_left_runs_come_in_visual_order() -> None:
    # An English sentence with a Hebrew name: the name's words are drawn right to left.
    pieces = fonts.pieces("Agreement for שרה לוי (H-9001)")
    assert [p.text for p in pieces][0] == "Agreement for "
    hebrew = next(p for p in pieces if p.font == "NotoSansHebrew" and p.text.strip())
    assert hebrew.rtl and hebrew.text == "שרה לוי"  # logical: the shaper draws it reversed
    assert pieces[-1].text.endswith("(H-9001)")
    # In a paragraph the words themselves go right to left (each word is shaped on its own).
    assert fonts.markup("שרה לוי") == '<font name="NotoSansHebrew">לוי שרה</font>'
    assert fonts.needs_shaping(fonts.markup("שרה לוי"))
    assert not fonts.needs_shaping(fonts.markup("Zoë Ångström-Nguyễn"))


def test_two_right_to_left_names_keep_their_order_around_latin() -> None:
    text = "שרה and فاطمة"
    pieces = [p for p in fonts.pieces(text) if p.text.strip()]
    assert [p.font for p in pieces] == ["NotoSansHebrew", None, "NotoSansArabic"]


def test_digits_inside_a_right_to_left_name_stay_left_to_right() -> None:
    pieces = fonts.pieces("שרה 2026 לוי")
    assert "".join(p.text for p in pieces if p.font is None).strip() == "2026"


def test_what_no_font_has_prints_as_its_unicode_name() -> None:
    assert fonts.markup("Ana 👩🏽\u200d💼") == "Ana [woman + briefcase]"
    assert fonts.markup("𓀀") == "[egyptian hieroglyph a001]"


def test_a_complex_script_run_is_shaped_on_a_canvas() -> None:
    from reportlab.pdfbase.ttfonts import ShapedStr

    fonts.register_fonts()
    drawn, width = fonts._shaped("अनीता", "NotoSansDevanagari", 10)
    assert isinstance(drawn, ShapedStr) and width > 0
    # The reph and the vowel signs: fewer glyphs than characters once shaped (conjuncts).
    drawn, _ = fonts._shaped("शर्मा", "NotoSansDevanagari", 10)
    assert len(drawn) < len("शर्मा")


@pytest.mark.parametrize("name", [*NAMES.values(), "Zoë Ångström-Nguyễn", "Ana 👩🏽\u200d💼"])
def test_forms_print_every_name(name: str) -> None:
    pdf = render_acknowledgment(replace(acknowledgment(name=name), company_name=f"Acme {name}"))
    statement = render_repayment_statement(replace(repayment_statement(), employee_name=name))
    for data in (pdf, statement):
        reader = PdfReader(io.BytesIO(data))
        used = set()
        for page in reader.pages:
            resources = page.get("/Resources") or {}
            for font in (resources.get("/Font") or {}).values():
                used.add(str(font.get_object().get("/BaseFont")))
        expected = [f for f, n in NAMES.items() if n == name]
        for font in expected:
            assert any(font in u for u in used), (font, used)


def test_the_form_stays_byte_identical_for_the_same_input() -> None:
    content = acknowledgment(name="فاطمة الزهراء حداد")
    assert render_acknowledgment(content) == render_acknowledgment(content)


def test_noto_fonts_are_bundled_with_their_licence() -> None:
    for script in fonts.SCRIPTS:
        for style in ("Regular", "Bold"):
            assert (fonts.FONT_DIR / f"{script.file_stem}-{style}.ttf").is_file()
    licence = (fonts.FONT_DIR / "LICENSE-Noto.txt").read_text()
    assert "SIL Open Font License" in licence and "PERMISSION & CONDITIONS" in licence
