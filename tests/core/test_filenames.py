"""safe_file_name: a hostile employee name still gives one plain file in the chosen folder."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certdesk.core.filenames import MAX_NAME_BYTES, safe_file_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Łukasz Żółć-Nguyễn", "Łukasz Żółć-Nguyễn.pdf"),
        ("山田 太郎", "山田 太郎.pdf"),
        ("../../etc/passwd", "_.._etc_passwd.pdf"),  # one name, not a way up
        ("..\\..\\Windows\\win.ini", "_.._Windows_win.ini.pdf"),
        ("/absolute/path", "_absolute_path.pdf"),
        (".hidden", "hidden.pdf"),
        ("...", "unnamed.pdf"),
        ("", "unnamed.pdf"),
        ("   ", "unnamed.pdf"),
        ("a\x00b\nc\td\x1b[31m", "ab c d[31m.pdf"),
        ("Invoice\u202efdp.exe", "Invoicefdp.exe.pdf"),  # right-to-left override removed
        ("CON", "_CON.pdf"),
        ("con.txt", "_con.txt.pdf"),
        ("LPT1", "_LPT1.pdf"),
        ("COM9 ", "_COM9.pdf"),
        ("CONSOLE", "CONSOLE.pdf"),  # only the exact device names are reserved
        ('a<b>c:d"e|f?g*h', "a_b_c_d_e_f_g_h.pdf"),
        ("trailing dots...", "trailing dots.pdf"),
        ("tab\tand\u00a0nbsp", "tab and nbsp.pdf"),
    ],
)
def test_hostile_names(text: str, expected: str) -> None:
    assert safe_file_name(text, ".pdf") == expected


def test_decomposed_input_is_composed_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hương")
    assert decomposed != "Nguyễn Thị Hương"
    assert safe_file_name(decomposed, ".pdf") == "Nguyễn Thị Hương.pdf"


def test_length_is_capped_in_characters_and_bytes() -> None:
    assert safe_file_name("x" * 500, ".pdf") == "x" * 76 + ".pdf"
    assert len(safe_file_name("x" * 500, ".pdf", max_len=20)) == 20
    # 4-byte characters: the byte limit of file systems binds before the character cap.
    wide = safe_file_name("𠀀" * 200, ".pdf", max_len=200)
    assert len(wide.encode("utf-8")) <= MAX_NAME_BYTES
    assert wide.endswith(".pdf") and wide.startswith("𠀀")


def test_a_cap_never_leaves_a_trailing_dot_or_space() -> None:
    name = safe_file_name("a" * 75 + " .b", ".pdf")
    assert not name[:-4].endswith((" ", "."))


@pytest.mark.parametrize("suffix", ["/x", ".p/df", "..", ". pdf", ".pdf\n"])
def test_suffix_must_be_plain(suffix: str) -> None:
    with pytest.raises(ValueError):
        safe_file_name("name", suffix)


@given(st.text(max_size=300))
def test_any_text_gives_one_plain_name(text: str) -> None:
    name = safe_file_name(text, ".csv")
    stem = name[: -len(".csv")]
    assert name.endswith(".csv") and stem
    assert "/" not in name and "\\" not in name
    assert not name.startswith(".")
    assert not stem.endswith((" ", "."))
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp") for c in name)
    assert len(name) <= 80 and len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert Path(name).name == name and Path(name).parent == Path(".")
    assert unicodedata.normalize("NFC", name) == name


def test_a_written_file_lands_in_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    for hostile in ("../escape", "..", "sub/../../x", "\x00", "CON"):
        target = folder / safe_file_name(hostile, ".pdf")
        target.write_bytes(b"%PDF-")
        assert target.resolve().parent == folder.resolve()
    assert not (tmp_path / "escape.pdf").exists()
