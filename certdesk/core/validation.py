"""Validation of typed-in or imported fields into domain records."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from certdesk.core.dates import parse_optional_date
from certdesk.core.errors import InvalidInput
from certdesk.core.models import Employee
from certdesk.core.states import normalize_work_state

MANAGER_FIELDS = (
    "employee_no",
    "full_name",
    "email",
    "job_title",
    "site",
    "work_state",
    "hire_date",
)
_EMPLOYEE_NO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # exactly Unicode category Cc, found in C


_JOINERS = frozenset("\u200c\u200d")  # zero-width non-joiner and joiner


def _joins_letters(text: str, index: int) -> bool:
    """True when the joiner at `index` sits between two non-ASCII letters, marks or symbols:
    there it shapes a script (Devanagari, Persian...) or builds an emoji (👩🏽‍💼)."""
    if index == 0 or index == len(text) - 1:
        return False
    before, after = text[index - 1], text[index + 1]
    return all(not ch.isascii() and unicodedata.category(ch)[0] in "LMS" for ch in (before, after))


def remove_invisible(text: str) -> str:
    """The text without zero-width and other invisible format characters (Unicode Cf).

    A zero-width space, a byte-order mark, a soft hyphen or a direction mark pasted into a name
    makes "john doe" miss "john\u200b doe" and prints as nothing (or a box). The zero-width
    joiner and non-joiner are kept only between two letters of a script that uses them (or
    inside an emoji sequence), where they change what is printed.
    """
    if text.isascii():
        return text
    return "".join(
        ch
        for i, ch in enumerate(text)
        if unicodedata.category(ch) != "Cf" or (ch in _JOINERS and _joins_letters(text, i))
    )


def clean_text(value: object, field: str, *, max_len: int = 200, required: bool = False) -> str:
    """Trim, NFC-normalise and check a one-line text value (any Unicode, no control characters).

    Invisible format characters are removed first (remove_invisible).
    """
    text = unicodedata.normalize("NFC", str(value if value is not None else ""))
    text = remove_invisible(text).strip()
    if required and not text:
        raise InvalidInput(field, "is required and cannot be empty")
    if len(text) > max_len:
        raise InvalidInput(field, f"is {len(text)} characters long; at most {max_len} are allowed")
    if _CONTROL.search(text):
        raise InvalidInput(field, "contains a control character (tab, line break or similar)")
    return text


def parse_record_number(value: object, field: str, what: str) -> int:
    """A record number (a path, a cost line...) given as an int or typed as ASCII digits.

    Anything else, or a number no record can have (beyond SQLite's integers), is InvalidInput
    naming the field: "abc is not a path number".
    """
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not text.isascii() or not text.isdigit() or len(text) > 18:
            raise InvalidInput(field, f"{value!r} is not {what} number")
        number = int(text)
    if not 0 < number < 2**63:
        raise InvalidInput(field, f"there is no {what} number {number}")
    return number


def clean_employee_no(value: object, field: str = "employee_no") -> str:
    """An employee number: letters, digits and . _ / - (up to 32), e.g. H-9001."""
    text = clean_text(value, field, max_len=32, required=True)
    if not _EMPLOYEE_NO.match(text):
        raise InvalidInput(
            field, f"{text!r} is not an employee number; use letters, digits, '.', '_', '/' or '-'"
        )
    return text


def clean_work_state(value: object, field: str = "work_state") -> str:
    """A USPS code for a US site or an ISO country code abroad ("new york" → "NY"); empty
    allowed (compliance then says no state rules were checked)."""
    text = clean_text(value, field, max_len=60)
    return normalize_work_state(text, field)


def employee_from_fields(fields: Mapping[str, object], *, base: Employee | None = None) -> Employee:
    """Build a validated Employee from text fields; keys missing from `fields` keep `base`'s value."""

    def pick(name: str) -> object:
        if name in fields:
            return fields[name]
        return getattr(base, name) if base is not None else ""

    # Checked in the CSV's column order, so the first problem reported is the leftmost.
    employee_no = clean_employee_no(pick("employee_no"))
    full_name = clean_text(pick("full_name"), "full_name", required=True)
    email = clean_text(pick("email"), "email", max_len=254)
    if email and not _EMAIL.match(email):
        raise InvalidInput("email", f"{email!r} is not an e-mail address")
    job_title = clean_text(pick("job_title"), "job_title")
    site = clean_text(pick("site"), "site")
    work_state = clean_work_state(pick("work_state"))
    hire = pick("hire_date")
    hire_date = parse_optional_date(hire, "hire_date") if isinstance(hire, str) else hire
    return Employee(
        employee_no=employee_no,
        full_name=full_name,
        email=email,
        job_title=job_title,
        site=site,
        work_state=work_state,
        hire_date=hire_date,
        status=base.status if base else "active",
        departure_date=base.departure_date if base else None,
        departure_reason=base.departure_reason if base else "",
        id=base.id if base else None,
    )


def fold(text: str) -> str:
    """Case- and accent-insensitive form for searching ("Łukasz" matches "lukasz")."""
    if text.isascii():  # nothing to decompose or strip: the same result, many times faster
        return text.lower()
    # NFKD before casefold too: compatibility forms can decompose to capitals ("𝝖" → "Α").
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    # Combining marks and every invisible format character (zero-width space, joiners, BOM,
    # direction marks) leave the key: "john doe" finds "John\u200b Doe".
    stripped = "".join(
        ch
        for ch in decomposed
        if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf"
    )
    # Letters with strokes do not decompose; map the common ones by hand.
    return stripped.translate(_STROKES)


_STROKES = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ħ": "h", "ß": "ss", "æ": "ae", "œ": "oe"})


def manager_keys(employee_no: str, full_name: str, email: str, site: str) -> tuple[str, str]:
    """A manager's (name key, search key): the folded name (how the lists sort and find by
    name) and the folded number, name, e-mail and site (what the Managers find box searches).

    Folded once when the manager is written and stored with them (store.employees), not for
    every row each time a list loads. fold() works character by character, so the search key
    followed by " " and the folded path codes is the fold of the whole line.
    """
    return fold(full_name), fold(f"{employee_no} {full_name} {email or ''} {site or ''}")
