"""Importing managers from an HR export: all-or-nothing, every bad line named, nothing written
on rejection (the database file is compared byte for byte)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.services import managers
from certdesk.services.exchange.csv_import import CsvRejected, import_managers, import_managers_text
from certdesk.services.paths import lifecycle as paths
from certdesk.store import Store, open_store

HEADER = "employee_no,full_name,email,job_title,site,work_state,hire_date"


def csv_text(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


@pytest.fixture
def populated(db_path: Path, sample_csv: Path) -> Path:
    """A closed database file holding the sample managers and one path with a cost."""
    store = open_store(db_path)
    try:
        import_managers(store, sample_csv)
        path_id = paths.plan_path(store, "H-9001", "CCCM", "2026-12-15")
        paths.add_cost(store, path_id, kind="tuition", amount="1,895.00", paid_on="2026-01-05")
    finally:
        store.close()
    return db_path


def rejected_without_writing(db_path: Path, fingerprint, csv_file: Path, **kw) -> CsvRejected:
    """Run a failing import; prove that not one byte of the database (or its WAL) changed."""
    before = fingerprint(db_path)
    assert before["-wal"] is None, "the fixture must leave the database closed and checkpointed"
    store = open_store(db_path)
    try:
        with pytest.raises(CsvRejected) as exc:
            import_managers(store, csv_file, **kw)
        # While still open: the main file is untouched and no WAL frame was written.
        assert fingerprint(db_path)["db"] == before["db"]
        wal = Path(f"{db_path}-wal")
        assert not wal.exists() or wal.stat().st_size == 0
    finally:
        store.close()
    assert fingerprint(db_path) == before
    return exc.value


BAD_FILES = {
    "missing column": (
        "full_name,email,job_title,site,work_state\nAnna,,,,NY\n",
        ["line 1: no column for employee_no;"],
    ),
    "two missing columns": (
        "email,site,work_state\na@example.com,,NY\n",
        ["line 1: no column for employee_no and full_name (or given_name and family_name)"],
    ),
    "column twice": (
        HEADER + ",site\nH-1,Anna,,,Tampa,NY,,Tampa\n",
        ["line 1: column 'site' appears twice"],
    ),
    "duplicate employee_no": (
        csv_text("H-1,Anna,,,,NY,", "H-2,Piotr,,,,NY,", "H-1,Anna Again,,,,NY,"),
        ["line 4, employee_no: H-1 already appears on line 2"],
    ),
    "duplicate of a bad line": (
        csv_text("H-1,Anna,,,,NY,2026-02-30", "H-2,Piotr,,,,NY,", "H-1,Anna,,,,NY,2026-02-28"),
        ["line 2, hire_date:", "line 4, employee_no: H-1 already appears on line 2"],
    ),
    "duplicate of an existing number written differently": (
        csv_text(" H-9001 ,Łukasz,,,,NY,", "H-9001,Łukasz,,,,NY,"),
        ["line 3, employee_no: H-9001 already appears on line 2"],
    ),
    "impossible date": (
        csv_text("H-1,Anna,,,,NY,2026-02-30"),
        ["line 2, hire_date: '2026-02-30' is not a real calendar date"],
    ),
    "loose date": (csv_text("H-1,Anna,,,,NY,2026-2-3"), ["line 2, hire_date:"]),
    "empty name": (
        csv_text("H-1,Anna,,,,NY,", "H-2,   ,,,,NY,"),
        ["line 3, full_name: is required"],
    ),
    "empty employee_no": (csv_text(",Anna,,,,NY,"), ["line 2, employee_no:"]),
    "bad e-mail": (csv_text("H-1,Anna,anna-at-example,,,NY,"), ["line 2, email:"]),
    "bad state": (csv_text("H-1,Anna,,,,Atlantis,"), ["line 2, work_state:"]),
    "too many fields": (
        csv_text("H-1,Anna,,,,NY,", "H-2,Kowalska, Anna,,,,NY,"),
        ["line 3: has 8 fields but the header has 7"],
    ),
    "too few fields": (csv_text("H-1,Anna,NY"), ["line 2: has 3 fields but the header has 7"]),
    "empty file": ("", ["line 1: the file is empty"]),
    "unterminated quote": (
        csv_text("H-1,Anna,,,,NY,", 'H-2,"Anna,,,,NY,'),
        ["line 3:"],
    ),
    "not UTF-8 (latin-1)": (
        (HEADER + "\nH-1,Anna,,,,NY,\nH-2,Ren\xe9e Lef\xe8vre,,,,NY,\n").encode("latin-1"),
        ["line 3: the file is not UTF-8 text (byte 0xe9)", "CSV UTF-8"],
    ),
    "not UTF-8 (UTF-16)": (
        (HEADER + "\nH-1,Anna,,,,NY,\n").encode("utf-16"),
        ["line 1: the file is not UTF-8 text"],
    ),
    "every bad line is reported": (
        csv_text(
            "H-1,Anna,,,,NY,2026-02-30",
            "H-2,Piotr,,,,NY,",
            "H-3,,,,,NY,",
            "H-4,Zoë,,,,NYC,",
            "H-2,Piotr,,,,NY,",
        ),
        [
            "line 2, hire_date:",
            "line 4, full_name:",
            "line 5, work_state:",
            "line 6, employee_no: H-2 already appears on line 3",
        ],
    ),
    "line numbers count quoted line breaks": (
        csv_text('H-1,Anna,,"Team\nLead",,NY,', "H-2,Piotr,,,,NY,", "H-3,Ola,,,,NY,2026-02-30"),
        ["line 2, job_title: contains a control character", "line 5, hire_date:"],
    ),
    "good lines do not go in when one is bad": (
        csv_text("H-100,Anna,,,,NY,", "H-9001,Łukasz Żółć-Nguyễn,,,,NY,", "H-101,Piotr,,,,XYZ,"),
        ["line 4, work_state:"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_rejected_and_the_database_is_byte_for_byte_unchanged(
    populated: Path, file_fingerprint, write_file, case: str
) -> None:
    content, expected = BAD_FILES[case]
    bad = write_file("hr-export.csv", content)
    error = rejected_without_writing(populated, file_fingerprint, bad)
    text = str(error)
    assert error.field == "file"
    assert text.startswith("file: hr-export.csv: nothing was imported.")
    for needle in expected:
        assert needle in text, f"{needle!r} not in:\n{text}"
    for problem in error.problems:
        assert problem.startswith("line "), problem


@pytest.mark.parametrize("case", ["impossible date", "too many fields", "not UTF-8 (latin-1)"])
def test_bad_file_in_a_dry_run_is_rejected_the_same_way(
    populated: Path, file_fingerprint, write_file, case: str
) -> None:
    content, expected = BAD_FILES[case]
    error = rejected_without_writing(
        populated, file_fingerprint, write_file("x.csv", content), dry_run=True
    )
    assert expected[0] in str(error)


def test_an_update_that_conflicts_with_a_departure_is_rejected_without_writing(
    populated: Path, file_fingerprint, write_file
) -> None:
    store = open_store(populated)
    store.conn.execute(
        "UPDATE employees SET status = 'departed', departure_date = '2025-12-31'"
        " WHERE employee_no = 'H-9002'"
    )
    store.close()
    bad = write_file(
        "x.csv",
        csv_text("H-100,Anna,,,,NY,", "H-9002,Nguyễn Thị Hương,,,Tampa,CA,2026-01-05"),
    )
    error = rejected_without_writing(populated, file_fingerprint, bad)
    assert "line 3, hire_date: 2026-01-05 is after this manager's recorded departure" in str(error)


def test_dry_run_writes_nothing(populated: Path, file_fingerprint, write_file) -> None:
    changes = write_file(
        "x.csv", csv_text("H-100,Anna Kowalska,,,,NY,", "H-9001,Łukasz Żółć,,,,CA,2019-04-01")
    )
    before = file_fingerprint(populated)
    store = open_store(populated)
    try:
        summary = import_managers(store, changes, dry_run=True)
        assert (summary.added, summary.updated, summary.unchanged) == (1, 1, 0)
        assert summary.describe() == (
            "1 would be added, 1 would be updated, 0 unchanged — dry run, nothing written"
        )
        assert file_fingerprint(populated)["db"] == before["db"]
    finally:
        store.close()
    assert file_fingerprint(populated) == before


def test_sample_file_imports_with_unicode_intact(store: Store, sample_csv: Path) -> None:
    summary = import_managers(store, sample_csv)
    assert summary.describe() == "10 added, 0 updated, 0 unchanged"
    rows = {r.employee_no: r for r in managers.list_managers(store)}
    assert len(rows) == 10
    assert rows["H-9001"].full_name == "Łukasz Żółć-Nguyễn"
    assert rows["H-9002"].full_name == "Nguyễn Thị Hương"
    assert rows["H-9003"].full_name == "山田 太郎"
    assert rows["H-9006"].full_name == "O'Neill, Maria"  # quoted comma
    assert rows["H-9009"].hire_date == ""
    assert rows["H-9008"].hire_date == "2024-02-29"


def test_import_twice_is_unchanged(store: Store, sample_csv: Path) -> None:
    import_managers(store, sample_csv)
    assert import_managers(store, sample_csv).describe() == "0 added, 0 updated, 10 unchanged"


def test_updates_existing_employee_numbers(populated: Path, write_file) -> None:
    store = open_store(populated)
    try:
        store.conn.execute(
            "UPDATE employees SET status = 'departed', departure_date = '2025-12-31',"
            " departure_reason = 'resigned' WHERE employee_no = 'H-9003'"
        )
        before = {r.employee_no: r for r in managers.list_managers(store)}
        update = write_file(
            "update.csv",
            csv_text(
                "H-9001,Łukasz Żółć-Nguyễn,lukasz.zolc@example.com,Senior Manager,"
                "Buffalo Service Desk,NY,2019-04-01",
                "H-9003,山田 太郎,taro.yamada@example.com,Quality Manager,Tampa Operations,FL,"
                "2018-01-08",
                "H-9011,Małgorzata Kowalczyk,m.k@example.com,Team Lead,Gdańsk Hub,PL,2025-05-05",
            ),
        )
        summary = import_managers(store, update)
        assert summary.describe() == "1 added, 2 updated, 0 unchanged"
        after = {r.employee_no: r for r in managers.list_managers(store)}
        assert len(after) == 11
        assert after["H-9001"].job_title == "Senior Manager"
        assert after["H-9001"].id == before["H-9001"].id
        assert after["H-9001"].path_codes == "CCCM"  # the manager's paths stay attached
        assert (after["H-9003"].site, after["H-9003"].work_state) == ("Tampa Operations", "FL")
        departed = managers.get_manager(store, "H-9003")
        assert (departed.status, departed.departure_date, departed.departure_reason) == (
            "departed",
            dt.date(2025, 12, 31),
            "resigned",
        )
        assert after["H-9011"].full_name == "Małgorzata Kowalczyk"
        # Managers missing from the file are left alone.
        assert after["H-9002"] == before["H-9002"]
    finally:
        store.close()


def test_bom_crlf_column_order_case_and_extra_columns(store: Store, write_file) -> None:
    text = (
        "\ufeffFull_Name, Employee_No ,hire_date,work_state,site,job_title,email,Cost Center\r\n"
        "Nguyễn Thị Hương,H-9002,2021-09-13,ca,Sacramento,Workforce Manager,h@example.com,CC-12\r\n"
        "\r\n"
        ",,,,,,,\r\n"
        "山田 太郎,H-9003,,TX,Austin,Quality Manager,,CC-13\r\n"
    )
    summary = import_managers(store, write_file("bom.csv", text.encode("utf-8")))
    assert (summary.added, summary.updated, summary.ignored_columns) == (2, 0, ["Cost Center"])
    assert summary.describe() == "2 added, 0 updated, 0 unchanged (ignored 1 column: Cost Center)"
    hương = managers.get_manager(store, "H-9002")
    assert (hương.full_name, hương.work_state, hương.email) == (
        "Nguyễn Thị Hương",
        "CA",
        "h@example.com",
    )


def test_header_only_file_imports_nothing(store: Store, write_file) -> None:
    summary = import_managers(store, write_file("h.csv", HEADER + "\n"))
    assert summary.describe() == "0 added, 0 updated, 0 unchanged"


def test_unreadable_file(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as exc:
        import_managers(store, tmp_path / "missing.csv")
    assert exc.value.field == "file" and "missing.csv" in exc.value.message


def test_many_problems_are_capped_in_the_message(store: Store) -> None:
    lines = [f"H-{i},Anna,,,,NY,2026-02-30" for i in range(300)]
    with pytest.raises(CsvRejected) as exc:
        import_managers_text(store, csv_text(*lines), "big.csv")
    assert len(exc.value.problems) == 300
    assert "... and 100 more problems" in exc.value.message
    assert exc.value.message.count("\nline ") == 200


def test_state_names_from_an_hr_export_become_codes(store: Store, write_file) -> None:
    # HR systems often export "California"; a site abroad keeps its ISO code.
    data = write_file(
        "states.csv",
        csv_text("H-1,Anna Kowalska,,,,California,", "H-2,Jan Nowak,,,,pl,", "H-3,Li Wei,,,,ny,"),
    )
    import_managers(store, data)
    states = {m.employee_no: m.work_state for m in managers.list_managers(store)}
    assert states == {"H-1": "CA", "H-2": "PL", "H-3": "NY"}
