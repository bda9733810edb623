"""Import managers from an HR export CSV: all-or-nothing, every bad line reported."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from certdesk.core.errors import InvalidInput
from certdesk.core.models import Employee
from certdesk.core.validation import MANAGER_FIELDS, employee_from_fields
from certdesk.store import Store, audit, employees

MAX_REPORTED_PROBLEMS = 200


class CsvRejected(InvalidInput):
    """A CSV file with problems; `problems` holds one message per bad line and field."""

    def __init__(self, source: str, problems: list[str]) -> None:
        shown = problems[:MAX_REPORTED_PROBLEMS]
        more = len(problems) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more problems" if more else "")
        super().__init__("file", f"{source}: nothing was imported.\n{text}")
        self.problems = problems


@dataclass
class ImportSummary:
    """What an import did (or, with dry_run, would do)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False

    def describe(self) -> str:
        verb = "would be " if self.dry_run else ""
        text = f"{self.added} {verb}added, {self.updated} {verb}updated, {self.unchanged} unchanged"
        if self.ignored_columns:
            text += f" (ignored columns: {', '.join(self.ignored_columns)})"
        return text + (" — dry run, nothing written" if self.dry_run else "")


def decode_csv(data: bytes, source: str) -> str:
    """UTF-8 text with or without BOM; anything else is rejected naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CsvRejected(
            source,
            [
                f"line {line}: the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                "save it from the spreadsheet as 'CSV UTF-8'"
            ],
        ) from None


def _unquote(cell: str) -> str:
    """Undo csv_export's formula neutralising ("'@Home" back to "@Home"), so exports round-trip."""
    if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return cell


def parse_managers_csv(text: str, source: str) -> tuple[list[tuple[int, Employee]], list[str]]:
    """Parse and validate every line; returns (line number, employee) pairs and ignored columns."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[str] = []
    try:
        header = next(reader)
    except StopIteration:
        raise CsvRejected(source, ["line 1: the file is empty; expected a header row"]) from None
    except csv.Error as exc:
        raise CsvRejected(source, [f"line 1: {exc}"]) from None
    names = [h.strip().lower() for h in header]
    missing = [c for c in MANAGER_FIELDS if c not in names]
    if missing:
        raise CsvRejected(
            source,
            [
                f"line 1: missing column {', '.join(missing)}; the header must name "
                f"{', '.join(MANAGER_FIELDS)}"
            ],
        )
    dupes = sorted({n for n in names if names.count(n) > 1 and n})
    if dupes:
        raise CsvRejected(source, [f"line 1: column {', '.join(dupes)} appears twice"])
    ignored = [h for h in header if h.strip().lower() not in MANAGER_FIELDS]
    index = {name: names.index(name) for name in MANAGER_FIELDS}

    parsed: list[tuple[int, Employee]] = []
    first_seen: dict[str, int] = {}
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"line {line}: {exc}")
            break
        this_line, line = line, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                f"line {this_line}: has {len(cells)} fields but the header has {len(header)}"
                " (a comma inside a value needs quotes)"
            )
            continue
        try:
            fields = {name: _unquote(cells[i]) for name, i in index.items()}
            employee = employee_from_fields(fields)
        except InvalidInput as exc:
            problems.append(f"line {this_line}, {exc.field}: {exc.message}")
            continue
        if employee.employee_no in first_seen:
            problems.append(
                f"line {this_line}, employee_no: {employee.employee_no} already appears on line "
                f"{first_seen[employee.employee_no]}"
            )
            continue
        first_seen[employee.employee_no] = this_line
        parsed.append((this_line, employee))
    if problems:
        raise CsvRejected(source, problems)
    return parsed, ignored


def import_managers(store: Store, file: Path | str, *, dry_run: bool = False) -> ImportSummary:
    """Import managers from a CSV file: add new employee numbers, update existing ones."""
    path = Path(file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput("file", f"{path} cannot be read: {exc.strerror or exc}") from None
    return import_managers_text(store, decode_csv(data, path.name), path.name, dry_run=dry_run)


def import_managers_text(
    store: Store, text: str, source: str, *, dry_run: bool = False
) -> ImportSummary:
    """Import managers from CSV text (already decoded)."""
    parsed, ignored = parse_managers_csv(text, source)
    summary = ImportSummary(ignored_columns=ignored, dry_run=dry_run)
    with store.transaction() as db:
        existing = employees.all_by_no(db)
        to_add: list[Employee] = []
        to_update: list[Employee] = []
        problems: list[str] = []
        for line, new in parsed:
            old = existing.get(new.employee_no)
            if old is None:
                to_add.append(new)
                continue
            merged = replace(
                old,
                full_name=new.full_name,
                email=new.email,
                job_title=new.job_title,
                site=new.site,
                work_state=new.work_state,
                hire_date=new.hire_date,
            )
            if merged == old:
                summary.unchanged += 1
                continue
            if merged.hire_date and old.departure_date and merged.hire_date > old.departure_date:
                problems.append(
                    f"line {line}, hire_date: {merged.hire_date} is after this manager's recorded "
                    f"departure on {old.departure_date}"
                )
                continue
            to_update.append(merged)
        if problems:
            raise CsvRejected(source, problems)
        summary.added, summary.updated = len(to_add), len(to_update)
        if dry_run:
            return summary
        employees.insert_many(db, to_add)
        employees.update_many(db, to_update)
        audit.record(
            db,
            "employee",
            "*",
            "import",
            summary=json.dumps(
                {"file": source, "added": summary.added, "updated": summary.updated}
            ),
        )
    return summary
