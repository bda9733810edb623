"""Import managers from an HR system's CSV export: all-or-nothing, every bad line reported.

The file is read line by line (never whole), checked and written in batches inside one
transaction; when any line is bad the transaction is rolled back, so the database is left as
it was, and every problem is reported with its line and field. Memory stays bounded whatever
the file's size: rows are not kept, and the employee numbers already read (to find duplicates)
live in a TEMP table (store.import_scratch).

Column recognition, dates and names follow core.hr_import; the window's preview runs the very
same pass (write=False) that the import runs.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from certdesk.core.errors import InvalidInput
from certdesk.core.hr_import import (
    ColumnMapping,
    DateEvidence,
    DateFormat,
    NameOrder,
    Recognition,
    RowReader,
    column_indexes,
    describe_columns,
    recognise_columns,
    unmapped_columns,
)
from certdesk.core.models import Employee
from certdesk.core.validation import MANAGER_FIELDS, clean_employee_no
from certdesk.store import Store, audit, employees
from certdesk.store.import_scratch import SeenNumbers

MAX_REPORTED_PROBLEMS = 200  # in the message
MAX_KEPT_PROBLEMS = 1000  # in memory (the window lists these; the rest are counted)
MAX_FILE_BYTES = 1024**3  # refused up front above this (about 7 million managers)
MAX_LINE_BYTES = 16 * 1024**2  # one physical line (a header of 100,000 columns is ~1 MB)
BATCH_ROWS = 1000
SAMPLE_ROWS = 20
_DATE_PROBE_ROWS = 50  # a column whose early values look like dates is watched for its format

Progress = Callable[[int, int], None]  # (bytes read, file size); may raise to cancel


class CsvRejected(InvalidInput):
    """A CSV file with problems; `problems` holds one message per bad line and field."""

    def __init__(self, source: str, problems: list[str], total: int | None = None) -> None:
        total = len(problems) if total is None else total
        shown = problems[:MAX_REPORTED_PROBLEMS]
        more = total - len(shown)
        text = "\n".join(shown) + (f"\n... and {more:,} more problems" if more else "")
        super().__init__("file", f"{source}: nothing was imported.\n{text}")
        self.problems = problems
        self.total = total


@dataclass(frozen=True)
class ImportOptions:
    """How to read the file. mapping None: the usual header names are recognised; date_format
    None: detected from the file (refused when the dates leave it open)."""

    mapping: ColumnMapping | None = None
    date_format: DateFormat | None = None
    name_order: NameOrder = NameOrder.GIVEN_FAMILY


@dataclass
class ImportSummary:
    """What an import did (or, with dry_run, would do)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    kept_fields: list[str] = field(default_factory=list)  # no column: stored values kept
    dry_run: bool = False

    def describe(self) -> str:
        verb = "would be " if self.dry_run else ""
        text = f"{self.added} {verb}added, {self.updated} {verb}updated, {self.unchanged} unchanged"
        if self.ignored_columns:
            text += f" (ignored {describe_columns(self.ignored_columns)})"
        if self.kept_fields:
            text += (
                f" (no column for {', '.join(self.kept_fields)}: stored values kept,"
                " blank for new managers)"
            )
        return text + (" — dry run, nothing written" if self.dry_run else "")


@dataclass
class CsvInspection:
    """A first look at a file: its header, what was recognised, its first rows, its dates."""

    source: str
    header: list[str]
    recognition: Recognition
    sample: list[list[str]]
    rows: int
    size_bytes: int
    date_evidence: dict[str, DateEvidence]  # header → what its values say about the format

    def evidence_for(self, header: str | None) -> DateEvidence:
        """The date evidence of a column (an empty one for a column that holds no dates)."""
        return self.date_evidence.get(header or "", DateEvidence())


@dataclass
class ImportPreview:
    """The same pass as the import, writing nothing: the first rows as they will be stored
    and every problem (the window lists them before anything is written)."""

    summary: ImportSummary
    rows: list[Employee]
    problems: list[str]
    problem_count: int


# --- reading the file ---------------------------------------------------------------------------


class _Source:
    """Where the lines come from (a file, or text already in memory), reopened for each pass."""

    def __init__(self, name: str, size: int, opener: Callable[[], AbstractContextManager]):
        self.name = name
        self.size = size
        self._opener = opener
        self.read = 0  # bytes consumed by the current pass

    @classmethod
    def from_file(cls, file: Path | str) -> _Source:
        path = Path(file)
        try:
            size = path.stat().st_size
            if not path.is_file():
                raise IsADirectoryError(21, "it is not a file")
        except OSError as exc:
            raise InvalidInput("file", f"{path} cannot be read: {exc.strerror or exc}") from None
        if size > MAX_FILE_BYTES:
            raise InvalidInput(
                "file",
                f"{path.name} is {_size(size)}; the import takes files up to "
                f"{_size(MAX_FILE_BYTES)}. Split it into smaller files.",
            )

        @contextmanager
        def opener() -> Iterator[BinaryIO]:
            try:
                handle = path.open("rb")
            except OSError as exc:
                raise InvalidInput(
                    "file", f"{path} cannot be read: {exc.strerror or exc}"
                ) from None
            with handle:
                yield handle

        return cls(path.name, size, opener)

    @classmethod
    def from_text(cls, text: str, name: str) -> _Source:
        data = text.encode("utf-8", "surrogatepass")

        @contextmanager
        def opener() -> Iterator[BinaryIO]:
            yield io.BytesIO(data)

        return cls(name, len(data), opener)

    @contextmanager
    def rows(self) -> Iterator[tuple[list[str], Iterator[tuple[int, list[str]]]]]:
        """(header, rows as (line number, cells)) of one pass; csv errors end the rows with a
        CsvRejected naming the line."""
        self.read = 0
        with self._opener() as handle:
            reader = csv.reader(self._text_lines(handle), strict=True)
            try:
                header = next(reader)
            except StopIteration:
                raise CsvRejected(
                    self.name, ["line 1: the file is empty; expected a header row"]
                ) from None
            except csv.Error as exc:
                raise CsvRejected(self.name, [f"line 1: {exc}"]) from None
            if _blank(header):
                raise CsvRejected(
                    self.name, ["line 1: the header row is empty; expected the column names"]
                )
            yield header, self._cells(reader)

    def _cells(self, reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
        line = reader.line_num + 1  # type: ignore[attr-defined]
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _CsvBroken(f"line {line}: {exc}") from None
            this_line, line = line, reader.line_num + 1  # type: ignore[attr-defined]
            yield this_line, cells

    def _text_lines(self, handle: BinaryIO) -> Iterator[str]:
        """UTF-8 text (BOM or not) line by line; a bad byte is refused naming its line."""
        number = 0
        while True:
            raw = handle.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            number += 1
            self.read += len(raw)
            if len(raw) > MAX_LINE_BYTES:
                raise CsvRejected(
                    self.name,
                    [
                        f"line {number}: longer than {_size(MAX_LINE_BYTES)}; this is not a "
                        "managers CSV file (or its lines do not end)"
                    ],
                )
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
                if not raw:
                    return  # a BOM and nothing else: an empty file
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise CsvRejected(
                    self.name,
                    [
                        f"line {number}: the file is not UTF-8 text (byte 0x{raw[exc.start]:02x});"
                        " save it from the spreadsheet as 'CSV UTF-8'"
                    ],
                ) from None


class _CsvBroken(Exception):
    """The CSV structure breaks at a line (an unterminated quote...): reading stops there."""


def _size(n: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"


def _blank(cells: Sequence[str]) -> bool:
    return not any(c.strip() for c in cells)


# --- inspection (the window's first step, the command line's date detection) ------------------


def inspect_managers_csv(file: Path | str, *, sample_rows: int = SAMPLE_ROWS) -> CsvInspection:
    """Read the file once: header, recognised columns, the first rows, what its dates say."""
    return _inspect(_Source.from_file(file), sample_rows=sample_rows)


def recognise_file(file: Path | str) -> Recognition:
    """The usual names recognised in the file's header (reads the header line only)."""
    source = _Source.from_file(file)
    with source.rows() as (header, _):
        return recognise_columns(header)


def _inspect(source: _Source, *, sample_rows: int = SAMPLE_ROWS) -> CsvInspection:
    with source.rows() as (header, rows):
        recognition = recognise_columns(header)
        hire_column = recognition.mapping.hire_date
        watched: dict[int, DateEvidence] = {}
        if hire_column is not None:
            watched[[h.strip() for h in header].index(hire_column)] = DateEvidence()
        sample: list[list[str]] = []
        count = 0
        try:
            for _, cells in rows:
                if _blank(cells):
                    continue
                count += 1
                if count <= _DATE_PROBE_ROWS:
                    for index, cell in enumerate(cells[: len(header)]):
                        if index not in watched and _looks_like_date(cell):
                            watched[index] = DateEvidence()
                if len(sample) < sample_rows:
                    sample.append(cells)
                for index, evidence in watched.items():
                    if index < len(cells):
                        evidence.add(cells[index])
        except _CsvBroken:
            pass  # the import and the preview name the line
    evidence = {header[i].strip(): e for i, e in watched.items()}
    return CsvInspection(source.name, header, recognition, sample, count, source.size, evidence)


def _looks_like_date(cell: str) -> bool:
    probe = DateEvidence()
    probe.add(cell)
    return bool(probe.iso or probe.numeric)


# --- the import ---------------------------------------------------------------------------------


def import_managers(
    store: Store,
    file: Path | str,
    *,
    dry_run: bool = False,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import managers from a CSV file: add new employee numbers, update existing ones."""
    source = _Source.from_file(file)
    outcome = _run(store, source, options or ImportOptions(), write=not dry_run, progress=progress)
    if outcome.problem_count:
        raise CsvRejected(source.name, outcome.problems, outcome.problem_count)
    return outcome.summary


def import_managers_text(
    store: Store,
    text: str,
    source: str,
    *,
    dry_run: bool = False,
    options: ImportOptions | None = None,
) -> ImportSummary:
    """Import managers from CSV text (already decoded)."""
    src = _Source.from_text(text.removeprefix("\ufeff"), source)
    outcome = _run(store, src, options or ImportOptions(), write=not dry_run)
    if outcome.problem_count:
        raise CsvRejected(src.name, outcome.problems, outcome.problem_count)
    return outcome.summary


def preview_import(
    store: Store,
    file: Path | str,
    options: ImportOptions,
    *,
    rows: int = SAMPLE_ROWS,
    progress: Progress | None = None,
) -> ImportPreview:
    """The import's own pass over the whole file, writing nothing: the first `rows` managers as
    they will be stored, the counts, and every bad line."""
    try:
        return _run(
            store,
            _Source.from_file(file),
            options,
            write=False,
            sample_rows=rows,
            progress=progress,
        )
    except CsvRejected as exc:  # the file cannot be read at all (encoding, header)
        return ImportPreview(ImportSummary(dry_run=True), [], exc.problems, exc.total)


def resolve_options(source_header: Sequence[str], options: ImportOptions) -> ColumnMapping:
    """The mapping the import will use: the given one, or the recognised usual names."""
    if options.mapping is not None:
        return options.mapping
    return recognise_columns(source_header).mapping


def _date_format(source: _Source, mapping: ColumnMapping, options: ImportOptions) -> DateFormat:
    """The file's date format: the one given, or what a first pass over the dates proves."""
    if options.date_format is not None or mapping.hire_date is None:
        return options.date_format or DateFormat.ISO
    evidence = DateEvidence()
    with source.rows() as (header, rows):
        index = column_indexes(header, mapping)["hire_date"]
        try:
            for _, cells in rows:
                if index < len(cells):
                    evidence.add(cells[index])
        except _CsvBroken:
            pass  # reported by the import pass
    settled = evidence.settled()
    if settled is None:
        raise CsvRejected(
            source.name,
            [
                f"hire_date (column {mapping.hire_date!r}): {evidence.explain()}. Say which with "
                "--date-format MM/DD/YYYY or --date-format DD/MM/YYYY"
            ],
        )
    return settled


@dataclass
class _Problems:
    items: list[tuple[int, str]] = field(default_factory=list)
    count: int = 0

    def add(self, line: int, text: str) -> None:
        self.count += 1
        if len(self.items) < MAX_KEPT_PROBLEMS * 2:
            self.items.append((line, text))

    def sorted(self) -> list[str]:
        return [text for _, text in sorted(self.items, key=lambda p: p[0])][:MAX_KEPT_PROBLEMS]


def _run(
    store: Store,
    source: _Source,
    options: ImportOptions,
    *,
    write: bool,
    sample_rows: int = 0,
    progress: Progress | None = None,
) -> ImportPreview:
    """One pass: check every line, and (write=True, while no line is bad) write in batches; a bad
    line anywhere rolls the whole transaction back."""
    with source.rows() as (header, _):
        mapping = resolve_options(header, options)
        try:
            column_indexes(header, mapping)
        except InvalidInput as exc:
            raise CsvRejected(source.name, [exc.message]) from None
    date_format = _date_format(source, mapping, options)
    summary = ImportSummary(dry_run=not write)
    problems = _Problems()
    sample: list[Employee] = []

    class _Rejected(Exception):
        pass

    try:
        with store.transaction() as db, source.rows() as (header, rows):
            indexes = column_indexes(header, mapping)
            reader = RowReader(indexes, date_format, options.name_order)
            in_file = reader.fields_in_file()
            summary.ignored_columns = unmapped_columns(header, mapping)
            summary.kept_fields = [f for f in MANAGER_FIELDS if f not in in_file]
            seen = SeenNumbers(db)
            batch: list[tuple[int, Employee | str]] = []  # str: a bad line's employee number

            def flush() -> None:
                _check_batch(db, batch, seen, in_file, summary, problems, sample, sample_rows)
                if write and not problems.count:
                    _write_batch(db, batch, in_file)
                batch.clear()
                if progress is not None:
                    progress(source.read, source.size)

            try:
                for line, cells in rows:
                    if _blank(cells):
                        continue
                    if len(cells) != len(header):
                        problems.add(
                            line,
                            f"line {line}: has {len(cells)} fields but the header has "
                            f"{len(header)} (a comma inside a value needs quotes)",
                        )
                        continue
                    try:
                        employee = reader.employee(cells)
                    except InvalidInput as exc:
                        problems.add(line, f"line {line}, {exc.field}: {exc.message}")
                        number = _number_of(cells, indexes)
                        if number:  # a later line with the same number is still a duplicate
                            batch.append((line, number))
                        continue
                    batch.append((line, employee))
                    if len(batch) >= BATCH_ROWS:
                        flush()
            except _CsvBroken as exc:
                line = int(str(exc).split(":")[0].removeprefix("line "))
                problems.add(line, str(exc))
            flush()
            seen.clear()
            if problems.count:
                raise _Rejected  # rolls back whatever the batches wrote
            if write:
                audit.record(
                    db,
                    "employee",
                    "*",
                    "import",
                    summary=json.dumps(
                        {"file": source.name, "added": summary.added, "updated": summary.updated}
                    ),
                )
    except _Rejected:
        pass
    return ImportPreview(summary, sample, problems.sorted(), problems.count)


def _number_of(cells: Sequence[str], indexes: dict[str, int]) -> str:
    """The line's employee number when it is valid itself, else ""."""

    try:
        return clean_employee_no(cells[indexes["employee_no"]])
    except InvalidInput:
        return ""


def _check_batch(
    db,
    batch: list[tuple[int, Employee | str]],
    seen: SeenNumbers,
    in_file: tuple[str, ...],
    summary: ImportSummary,
    problems: _Problems,
    sample: list[Employee],
    sample_rows: int,
) -> None:
    """Duplicates, adds, updates and unchanged rows of one batch; the batch keeps the rows to
    write, each as it will be stored."""
    numbers = [e if isinstance(e, str) else e.employee_no for _, e in batch]
    earlier = seen.first_lines(numbers)
    existing = employees.by_numbers(db, numbers)
    fresh: dict[str, int] = {}
    kept: list[tuple[int, Employee]] = []
    for (line, new), number in zip(batch, numbers, strict=True):
        first = earlier.get(number) or fresh.get(number)
        if first is not None:
            problems.add(
                line, f"line {line}, employee_no: {number} already appears on line {first}"
            )
            continue
        fresh[number] = line
        if isinstance(new, str):
            continue  # a bad line: only its number counts
        old = existing.get(new.employee_no)
        if old is None:
            summary.added += 1
            stored = new
        else:
            stored = replace(old, **{f: getattr(new, f) for f in in_file})
            if stored == old:
                summary.unchanged += 1
                continue
            if stored.hire_date and old.departure_date and stored.hire_date > old.departure_date:
                problems.add(
                    line,
                    f"line {line}, hire_date: {stored.hire_date} is after this manager's "
                    f"recorded departure on {old.departure_date}",
                )
                continue
            summary.updated += 1
        kept.append((line, stored))
        if len(sample) < sample_rows:
            sample.append(stored)
    seen.add(fresh)
    batch[:] = kept


def _write_batch(db, batch: list[tuple[int, Employee]], in_file: tuple[str, ...]) -> None:
    employees.insert_many(db, [e for _, e in batch if e.id is None])
    employees.update_many(db, [e for _, e in batch if e.id is not None])
