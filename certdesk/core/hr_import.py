"""Reading an HR system's export: which column holds which field, how dates and names are written.

Pure rules shared by the import (every row) and the window's preview (the first rows): the
usual header names HR systems export, the date formats they use (MM/DD/YYYY or DD/MM/YYYY,
told apart by a day above 12), and how a name split in two columns becomes one full name.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum

from certdesk.core.dates import parse_date
from certdesk.core.errors import InvalidInput
from certdesk.core.models import Employee
from certdesk.core.validation import MANAGER_FIELDS, employee_from_fields


class DateFormat(StrEnum):
    """How the hire dates in a file are written (the value is what the command line takes)."""

    ISO = "YYYY-MM-DD"
    MONTH_FIRST = "MM/DD/YYYY"
    DAY_FIRST = "DD/MM/YYYY"


DATE_FORMAT_LABELS = {
    DateFormat.ISO: "YYYY-MM-DD (2021-03-15)",
    DateFormat.MONTH_FIRST: "MM/DD/YYYY, month first (03/15/2021 = 15 March 2021)",
    DateFormat.DAY_FIRST: "DD/MM/YYYY, day first (15/03/2021 = 15 March 2021)",
}


class NameOrder(StrEnum):
    """How a name split in given and family name columns is written as one full name."""

    GIVEN_FAMILY = "given-family"
    FAMILY_GIVEN = "family-given"


NAME_ORDER_LABELS = {
    NameOrder.GIVEN_FAMILY: "Given name, then family name (Anna Kowalska)",
    NameOrder.FAMILY_GIVEN: "Family name, then given name (山田 太郎)",
}

# Every field a column can feed, in the order the window shows them.
IMPORT_FIELDS = (
    "employee_no",
    "full_name",
    "given_name",
    "family_name",
    "email",
    "job_title",
    "site",
    "work_state",
    "hire_date",
)
FIELD_LABELS = {
    "employee_no": "Employee number",
    "full_name": "Full name",
    "given_name": "Given (first) name",
    "family_name": "Family (last) name",
    "email": "E-mail",
    "job_title": "Job title",
    "site": "Site",
    "work_state": "Work state",
    "hire_date": "Hire date",
}

# The usual header names, best first: when two columns could feed one field, the better name
# wins (a file with both "Original Hire Date" and "Hire Date" imports "Hire Date").
USUAL_HEADERS: dict[str, tuple[str, ...]] = {
    "employee_no": (
        "employee_no",
        "Employee ID",
        "Employee Number",
        "Employee #",
        "Employee No",
        "Emp ID",
        "Emp No",
        "Emp #",
        "Associate ID",
        "Worker ID",
        "Person Number",
        "Personnel Number",
        "Staff ID",
        "File Number",
    ),
    "full_name": (
        "full_name",
        "Full Name",
        "Name",
        "Employee Name",
        "Worker Name",
        "Associate Name",
        "Legal Name",
        "Legal Full Name",
    ),
    "given_name": (
        "given_name",
        "First Name",
        "Given Name",
        "Legal First Name",
        "Legal Given Name",
        "Forename",
    ),
    "family_name": (
        "family_name",
        "Last Name",
        "Surname",
        "Family Name",
        "Legal Last Name",
        "Legal Family Name",
    ),
    "email": (
        "email",
        "Work Email",
        "Primary Work Email",
        "Work Email Address",
        "Business Email",
        "Email",
        "Email Address",
        "E-mail",
    ),
    "job_title": (
        "job_title",
        "Job Title",
        "Business Title",
        "Position",
        "Position Title",
        "Job",
        "Title",
    ),
    "site": ("site", "Site", "Location", "Work Location", "Location Name", "Office"),
    "work_state": (
        "work_state",
        "Work State",
        "State",
        "Work Location State",
        "State/Province",
        "State Code",
    ),
    "hire_date": (
        "hire_date",
        "Hire Date",
        "Start Date",
        "Original Hire Date",
        "Most Recent Hire Date",
        "Date of Hire",
        "Hired On",
    ),
}


def header_key(text: str) -> str:
    """A header reduced to letters, digits and '#' ("Employee #" → "employee#", "E-mail" →
    "email"), so case, spaces and punctuation do not matter."""
    if text.isascii():  # the usual case, and the fast one (100,000 columns in ~50 ms)
        return text.lower().translate(_ASCII_DROP)
    return _NOT_KEY.sub("", unicodedata.normalize("NFKC", text).casefold())


_NOT_KEY = re.compile(r"[^\w#]+|_+")
_ASCII_DROP = str.maketrans(
    "", "", "".join(chr(c) for c in range(128) if not (chr(c).isalnum() or chr(c) == "#"))
)


_KNOWN: dict[str, tuple[str, int]] = {
    header_key(name): (field_name, rank)
    for field_name, names in USUAL_HEADERS.items()
    for rank, name in enumerate(names)
}


@dataclass(frozen=True)
class ColumnMapping:
    """Which header feeds each field (None: the file has no column for it)."""

    employee_no: str | None = None
    full_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None
    job_title: str | None = None
    site: str | None = None
    work_state: str | None = None
    hire_date: str | None = None

    def columns(self) -> dict[str, str]:
        """field → header, for the fields that have a column."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def with_column(self, field_name: str, header: str | None) -> ColumnMapping:
        """This mapping with `field_name` fed by `header` (None: by no column).

        A header feeds one field: it is taken from any other field that had it. A full name
        column replaces given + family name columns and the other way round.
        """
        if field_name not in IMPORT_FIELDS:
            raise InvalidInput("map", f"{field_name!r} is not a field; use one of {_FIELD_LIST}")
        changes: dict[str, str | None] = {field_name: header}
        if header is not None:
            for other, taken in self.columns().items():
                if other != field_name and taken == header:
                    changes[other] = None
            if field_name == "full_name":
                changes.update(given_name=None, family_name=None)
            elif field_name in ("given_name", "family_name"):
                changes["full_name"] = None
        return replace(self, **changes)

    def missing(self) -> list[str]:
        """The required fields without a column (employee number, and a name)."""
        problems = []
        if not self.employee_no:
            problems.append("employee_no")
        if not self.full_name and not (self.given_name and self.family_name):
            if self.given_name or self.family_name:
                problems.append("family_name" if self.given_name else "given_name")
            else:
                problems.append("full_name (or given_name and family_name)")
        return problems


_FIELD_LIST = ", ".join(IMPORT_FIELDS)


@dataclass(frozen=True)
class Recognition:
    """What the header says: the recognised mapping and the columns nothing will import."""

    mapping: ColumnMapping
    unknown: list[str] = field(default_factory=list)


def recognise_columns(header: Sequence[str]) -> Recognition:
    """Map the usual HR-export header names to fields (one pass over the header).

    Two name columns are preferred over one full-name column when the file has both.
    """
    best: dict[str, tuple[int, int]] = {}  # field → (rank, column index)
    for index, name in enumerate(header):
        known = _KNOWN.get(header_key(name))
        if known is None:
            continue
        field_name, rank = known
        if field_name not in best or rank < best[field_name][0]:
            best[field_name] = (rank, index)
    chosen = {f: header[i].strip() for f, (_, i) in best.items()}
    if "given_name" in chosen and "family_name" in chosen:
        chosen.pop("full_name", None)
    elif "full_name" in chosen:
        chosen.pop("given_name", None)
        chosen.pop("family_name", None)
    mapping = ColumnMapping(**chosen)
    return Recognition(mapping, unmapped_columns(header, mapping))


def unmapped_columns(header: Sequence[str], mapping: ColumnMapping) -> list[str]:
    """The headers no field takes, in file order (linear in the header's length)."""
    used = set(mapping.columns().values())
    return [name.strip() for name in header if name.strip() not in used]


def describe_columns(names: Sequence[str], *, shown: int = 5) -> str:
    """ "3 columns: Department, Cost Center, Manager" — never more than `shown` names."""
    count = len(names)
    listed = ", ".join(n or "(no name)" for n in names[:shown])
    more = f" and {count - shown:,} more" if count > shown else ""
    return f"{count:,} column{'s' if count != 1 else ''}: {listed}{more}"


def column_indexes(header: Sequence[str], mapping: ColumnMapping) -> dict[str, int]:
    """field → column index for the mapping; a header missing or appearing twice is refused.

    Headers match exactly (spaces around them ignored), else ignoring case. One pass over the
    header, so a file with 100,000 columns is answered at once.
    """
    wanted = mapping.columns()
    targets = {name.strip().casefold() for name in wanted.values()}
    hits: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        folded = name.strip().casefold()
        if folded in targets:
            hits.setdefault(folded, []).append(index)
    result: dict[str, int] = {}
    for field_name, name in wanted.items():
        key = name.strip()
        candidates = hits.get(key.casefold(), [])
        exact = [i for i in candidates if header[i].strip() == key] or candidates
        if not exact:
            raise InvalidInput(field_name, f"line 1: the file has no column {key!r}")
        if len(exact) > 1:
            raise InvalidInput(
                field_name, f"line 1: column {key!r} appears twice, so it cannot be {field_name}"
            )
        result[field_name] = exact[0]
    missing = mapping.missing()
    if missing:
        raise InvalidInput(
            missing[0],
            f"line 1: no column for {' and '.join(missing)}; "
            'name it (e.g. --map employee_no="Badge") or rename the header',
        )
    return result


# --- dates --------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_NUMERIC_DATE = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d+)$", re.ASCII)


@dataclass
class DateEvidence:
    """What a date column's values say about its format, gathered value by value."""

    iso: int = 0
    numeric: int = 0
    day_first_sample: str = ""  # a value whose first number is above 12 (so it is the day)
    month_first_sample: str = ""  # a value whose second number is above 12
    two_digit_sample: str = ""

    def add(self, text: str) -> None:
        raw = text.strip()
        if not raw:
            return
        if _ISO_DATE.match(raw):
            self.iso += 1
            return
        match = _NUMERIC_DATE.match(raw)
        if match is None:
            return
        self.numeric += 1
        first, second, year = int(match[1]), int(match[3]), match[4]
        if len(year) != 4 and not self.two_digit_sample:
            self.two_digit_sample = raw
        if first > 12 and second <= 12 and not self.day_first_sample:
            self.day_first_sample = raw
        if second > 12 and first <= 12 and not self.month_first_sample:
            self.month_first_sample = raw

    def settled(self) -> DateFormat | None:
        """The format the values prove, or None when they leave it open (or contradict)."""
        if not self.numeric:
            return DateFormat.ISO
        if self.day_first_sample and not self.month_first_sample:
            return DateFormat.DAY_FIRST
        if self.month_first_sample and not self.day_first_sample:
            return DateFormat.MONTH_FIRST
        return None

    def explain(self) -> str:
        """Why the format is (or is not) settled, in one sentence for the user."""
        settled = self.settled()
        if self.numeric and self.day_first_sample and self.month_first_sample:
            return (
                f"the dates contradict each other: {self.month_first_sample} is month first, "
                f"{self.day_first_sample} is day first"
            )
        if settled is DateFormat.ISO:
            return "the dates are written YYYY-MM-DD" if self.iso else "no dates to read"
        if settled is DateFormat.MONTH_FIRST:
            return f"{self.month_first_sample} can only be month first"
        if settled is DateFormat.DAY_FIRST:
            return f"{self.day_first_sample} can only be day first"
        return (
            "no day is above 12, so the dates could be month first (MM/DD/YYYY) "
            "or day first (DD/MM/YYYY)"
        )


def detect_date_format(values: Iterable[str]) -> DateEvidence:
    """The evidence of a whole column."""
    evidence = DateEvidence()
    for value in values:
        evidence.add(value)
    return evidence


def parse_hr_date(text: str, date_format: DateFormat | None, field_name: str) -> _dt.date | None:
    """A date written as the file writes it; YYYY-MM-DD is always understood.

    Two-digit years are refused (is 03/15/21 in 1921 or 2021?); without a format a date written
    with slashes is refused, naming the option that settles it.
    """
    raw = text.strip()
    if not raw:
        return None
    if _ISO_DATE.match(raw):
        return parse_date(raw, field_name)
    match = _NUMERIC_DATE.match(raw)
    if match is None:
        expected = date_format.value if date_format else DateFormat.ISO.value
        raise InvalidInput(field_name, f"{raw!r} is not a date; expected {expected}")
    if len(match[4]) != 4:
        raise InvalidInput(
            field_name, f"{raw!r} has a {len(match[4])}-digit year; write the year in full"
        )
    if date_format is None or date_format is DateFormat.ISO:
        raise InvalidInput(
            field_name,
            f"{raw!r} could be month or day first; choose the date format "
            "(MM/DD/YYYY or DD/MM/YYYY)",
        )
    a, b, year = int(match[1]), int(match[3]), int(match[4])
    month, day = (a, b) if date_format is DateFormat.MONTH_FIRST else (b, a)
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise InvalidInput(
            field_name, f"{raw!r} is not a real calendar date (read as {date_format.value})"
        ) from None


# --- rows ---------------------------------------------------------------------------------------


def join_name(given: str, family: str, order: NameOrder) -> str:
    """One full name from its two parts, in the chosen order (either part may be empty)."""
    parts = (given, family) if order is NameOrder.GIVEN_FAMILY else (family, given)
    return " ".join(p.strip() for p in parts if p.strip())


def _unquote(cell: str) -> str:
    """Undo csv_export's formula neutralising ("'@Home" back to "@Home"), so exports round-trip."""
    if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return cell


@dataclass(frozen=True)
class RowReader:
    """Turns one CSV row into a validated Employee: the rule the preview and the import share."""

    indexes: Mapping[str, int]
    date_format: DateFormat | None = None
    name_order: NameOrder = NameOrder.GIVEN_FAMILY

    def employee(self, cells: Sequence[str]) -> Employee:
        """The row as it will be stored; InvalidInput names the field (leftmost problem first)."""
        values = {f: _unquote(cells[i]) for f, i in self.indexes.items()}
        if "full_name" not in values:
            given, family = values.pop("given_name", ""), values.pop("family_name", "")
            if not given.strip() and not family.strip():
                raise InvalidInput(
                    "given_name", "and family_name are both empty; a name is required"
                )
            values["full_name"] = join_name(given, family, self.name_order)
        # The hire date is the rightmost field: a problem in it is reported after any problem
        # further left. employee_from_fields checks the rest in column order, the work state
        # through core's normalize_work_state (state names become codes).
        try:
            hire_date = parse_hr_date(values.pop("hire_date", ""), self.date_format, "hire_date")
        except InvalidInput as exc:
            employee_from_fields({**_BLANK, **values, "hire_date": None})
            raise exc from None
        return employee_from_fields({**_BLANK, **values, "hire_date": hire_date})

    def fields_in_file(self) -> tuple[str, ...]:
        """The Employee fields this file sets (the others keep their stored value on update)."""
        present = set(self.indexes)
        if "given_name" in present or "family_name" in present:
            present.add("full_name")
        return tuple(f for f in MANAGER_FIELDS if f in present)


_BLANK = {"email": "", "job_title": "", "site": "", "work_state": ""}
