"""The import reads the file as a stream: memory does not grow with the file, progress is
reported by bytes read, a raising progress callback (Cancel) rolls everything back."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.services.exchange import csv_import
from certdesk.services.exchange.csv_import import CsvRejected, import_managers, inspect_managers_csv
from certdesk.store import Store

HEADER = "employee_no,full_name,email,job_title,site,work_state,hire_date\n"


def managers_csv(path: Path, rows: int, first: int = 0) -> Path:
    path.write_text(
        HEADER
        + "".join(
            f"H-{i},Anna Kowalska {i},a{i}@example.com,Team Lead,Tampa Operations,FL,2021-03-15\n"
            for i in range(first, first + rows)
        ),
        encoding="utf-8",
    )
    return path


def count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM employees").fetchone()[0]


def test_memory_does_not_grow_with_the_file(store: Store, tmp_path: Path) -> None:
    import_managers(store, managers_csv(tmp_path / "warm.csv", 10))  # imports, caches
    big = managers_csv(tmp_path / "big.csv", 6 * csv_import.BATCH_ROWS, first=100)
    tracemalloc.start()
    try:
        import_managers(store, big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # One batch of rows at a time: the whole file's Employee records would take several MB.
    assert peak < 2_500_000, peak
    assert count(store) == 10 + 6 * csv_import.BATCH_ROWS


def test_progress_reports_bytes_read_and_cancel_rolls_back(store: Store, tmp_path: Path) -> None:
    file = managers_csv(tmp_path / "m.csv", 3 * csv_import.BATCH_ROWS)
    seen: list[tuple[int, int]] = []
    import_managers(store, file, dry_run=True, progress=lambda d, t: seen.append((d, t)))
    size = file.stat().st_size
    assert [t for _, t in seen] == [size] * len(seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1][0] == size

    class Cancelled(InvalidInput):
        pass

    calls = []

    def cancel_on_second(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:  # the first batch is already written inside the transaction
            raise Cancelled("file", "cancelled")

    with pytest.raises(Cancelled):
        import_managers(store, file, progress=cancel_on_second)
    assert count(store) == 0


def test_a_line_without_end_is_refused_without_reading_it_whole(
    store: Store, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(csv_import, "MAX_LINE_BYTES", 1000)
    file = tmp_path / "one-line.csv"
    file.write_bytes(HEADER.encode() + b"H-1," + b"x" * 5000)
    with pytest.raises(CsvRejected) as exc:
        import_managers(store, file)
    assert exc.value.problems == [
        "line 2: longer than 1000 bytes; this is not a managers CSV file (or its lines do not end)"
    ]


def test_inspection_reads_the_header_first_rows_and_dates(tmp_path: Path) -> None:
    file = tmp_path / "hr.csv"
    file.write_text(
        "Employee ID,Name,Start Date,Badge Date\n"
        "E-1,Anna,03/04/2021,2020-01-01\n"
        "\n"
        "E-2,Jan,12/25/2020,\n",
        encoding="utf-8",
    )
    found = inspect_managers_csv(file, sample_rows=1)
    assert found.rows == 2
    assert found.sample == [["E-1", "Anna", "03/04/2021", "2020-01-01"]]
    assert found.recognition.mapping.hire_date == "Start Date"
    assert found.evidence_for("Start Date").settled().value == "MM/DD/YYYY"
    assert found.evidence_for("Badge Date").settled().value == "YYYY-MM-DD"
    assert found.evidence_for("Name").numeric == 0
