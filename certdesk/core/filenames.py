"""File names built from user text (employee names, agreement numbers) that are safe to write.

An employee called "../../etc/x", "CON", "\u202eFDP.exe" or a 300-character name must still give
one plain file name in the folder the user chose: no path separators, no control or format
characters, no leading dots (hidden files), nothing Windows refuses, and short enough for every
file system (255 bytes is the common limit; names are capped well below it).
"""

from __future__ import annotations

import re
import unicodedata

# Characters Windows refuses in a name, plus both path separators.
_FORBIDDEN = set('<>:"/\\|?*')
# Device names Windows reserves whatever the extension ("CON.pdf" cannot be created).
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    "CONIN$",
    "CONOUT$",
    *(f"COM{i}" for i in range(10)),
    *(f"LPT{i}" for i in range(10)),
    *(f"COM{c}" for c in "¹²³"),
    *(f"LPT{c}" for c in "¹²³"),
}
_SUFFIX = re.compile(r"(\.[A-Za-z0-9]{1,10})*")
MAX_NAME_BYTES = 240  # below the 255-byte limit of ext4, APFS and NTFS, with room for a temp prefix


def _clean_char(ch: str) -> str:
    if ch in _FORBIDDEN:
        return "_"
    category = unicodedata.category(ch)
    # Cc: control characters (newline, tab, NUL...); Cf: invisible format characters such as
    # the right-to-left override that makes "fdp.exe" look like "exe.pdf"; Zl/Zp: line breaks.
    if category in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
        return " " if category in ("Zl", "Zp") or ch in "\t\n\r\v\f" else ""
    if category.startswith("Z"):
        return " "  # every kind of space becomes a plain space
    return ch


def _cap(stem: str, max_chars: int, max_bytes: int) -> str:
    stem = stem[:max_chars]
    while len(stem.encode("utf-8")) > max_bytes:
        stem = stem[:-1]
    return stem


def safe_file_name(text: str, suffix: str = "", max_len: int = 80) -> str:
    """A single safe file name from `text` plus `suffix` (e.g. ".pdf"), at most `max_len` chars.

    The suffix is the program's own (".pdf", ".csv") and must be plain letters and digits.
    """
    if not _SUFFIX.fullmatch(suffix):
        raise ValueError(f"not a plain file suffix: {suffix!r}")
    if max_len <= len(suffix):
        raise ValueError("max_len leaves no room for a name")
    name = unicodedata.normalize("NFC", text or "")
    name = "".join(_clean_char(ch) for ch in name)
    name = re.sub(r"\s+", " ", name)
    name = re.sub(r"_{2,}", "_", name)
    # Leading dots hide a file (and ".." is the parent folder); trailing dots and spaces are
    # silently dropped by Windows, which would change the name under our feet.
    name = name.strip(" .")
    stem_limit = max_len - len(suffix)
    name = _cap(name, stem_limit, MAX_NAME_BYTES - len(suffix.encode())).rstrip(" .")
    if not name or set(name) <= {"_", "-"}:
        name = "unnamed"
    if name.split(".")[0].rstrip(" ").upper() in _RESERVED:
        name = _cap("_" + name, stem_limit, MAX_NAME_BYTES - len(suffix.encode())).rstrip(" .")
    return name + suffix
