"""The HR-export rules: usual header names, date formats told apart by a day above 12, names
joined in the chosen order, one row turned into the Employee that will be stored."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.core.hr_import import (
    DATE_FORMAT_LABELS,
    NAME_ORDER_LABELS,
    ColumnMapping,
    DateFormat,
    NameOrder,
    RowReader,
    column_indexes,
    describe_columns,
    detect_date_format,
    header_key,
    join_name,
    parse_hr_date,
    recognise_columns,
)

HR_HEADER = [
    "Employee ID",
    "First Name",
    "Last Name",
    "Work Email",
    "Job Title",
    "Location",
    "State",
    "Hire Date",
]


def test_every_enum_member_has_a_label() -> None:
    assert set(DATE_FORMAT_LABELS) == set(DateFormat)
    assert set(NAME_ORDER_LABELS) == set(NameOrder)


def test_the_usual_hr_export_header_is_recognised() -> None:
    found = recognise_columns(HR_HEADER)
    assert found.mapping == ColumnMapping(
        employee_no="Employee ID",
        given_name="First Name",
        family_name="Last Name",
        email="Work Email",
        job_title="Job Title",
        site="Location",
        work_state="State",
        hire_date="Hire Date",
    )
    assert found.unknown == []


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("EMPLOYEE NUMBER", "employee_no"),
        ("Employee #", "employee_no"),
        ("associate_id", "employee_no"),
        ("Worker ID", "employee_no"),
        ("Given Name", "given_name"),
        ("Legal First Name", "given_name"),
        ("Surname", "family_name"),
        ("Family Name", "family_name"),
        ("Legal Last Name", "family_name"),
        ("Primary Work Email", "email"),
        ("E-Mail", "email"),
        ("Position", "job_title"),
        ("Business Title", "job_title"),
        ("Site", "site"),
        ("Work Location", "site"),
        ("Work State", "work_state"),
        ("Start Date", "hire_date"),
        ("Original Hire Date", "hire_date"),
        ("  full name ", "full_name"),
    ],
)
def test_header_names_are_case_space_and_punctuation_insensitive(header: str, field: str) -> None:
    assert recognise_columns([header]).mapping.columns() == {field: header.strip()}


def test_employee_hash_is_not_confused_with_a_bare_employee() -> None:
    assert header_key("Employee #") != header_key("Employee")
    assert recognise_columns(["Employee"]).unknown == ["Employee"]


def test_the_better_name_wins_and_the_other_is_listed_as_unknown() -> None:
    found = recognise_columns(["Original Hire Date", "Hire Date", "Name", "Employee ID"])
    assert found.mapping.hire_date == "Hire Date"
    assert found.mapping.full_name == "Name"
    assert found.unknown == ["Original Hire Date"]


def test_two_name_columns_are_preferred_over_one_full_name() -> None:
    found = recognise_columns(["Employee ID", "Name", "Surname", "First Name"])
    assert (found.mapping.full_name, found.mapping.given_name, found.mapping.family_name) == (
        None,
        "First Name",
        "Surname",
    )
    assert found.unknown == ["Name"]


def test_with_column_moves_a_header_and_swaps_name_styles() -> None:
    mapping = recognise_columns(HR_HEADER).mapping
    moved = mapping.with_column("job_title", "Location")
    assert (moved.job_title, moved.site) == ("Location", None)
    one_name = mapping.with_column("full_name", "Last Name")
    assert (one_name.full_name, one_name.given_name, one_name.family_name) == (
        "Last Name",
        None,
        None,
    )
    with pytest.raises(InvalidInput, match="'badge' is not a field"):
        mapping.with_column("badge", "Employee ID")


def test_column_indexes_refuse_a_missing_or_doubled_column() -> None:
    mapping = ColumnMapping(employee_no="ID", full_name="Name")
    assert column_indexes(["Name", "id"], mapping) == {"employee_no": 1, "full_name": 0}
    with pytest.raises(InvalidInput, match="the file has no column 'ID'"):
        column_indexes(["Name"], mapping)
    with pytest.raises(InvalidInput, match="column 'Name' appears twice"):
        column_indexes(["ID", "Name", "Name"], mapping)
    with pytest.raises(InvalidInput, match="no column for family_name"):
        column_indexes(["ID", "First"], ColumnMapping(employee_no="ID", given_name="First"))


def test_recognising_100000_columns_is_linear() -> None:
    header = [f"c{i}" for i in range(100_000)] + ["Employee ID", "Name"]
    start = time.process_time()  # CPU time: a busy test machine does not count
    found = recognise_columns(header)
    column_indexes(header, found.mapping)
    assert time.process_time() - start < 1.0  # ~0.15 s; a quadratic check takes minutes
    assert len(found.unknown) == 100_000
    assert describe_columns(found.unknown) == "100,000 columns: c0, c1, c2, c3, c4 and 99,995 more"


def test_a_day_above_12_settles_the_format() -> None:
    assert detect_date_format(["03/15/2021", "03/01/2021"]).settled() is DateFormat.MONTH_FIRST
    assert detect_date_format(["15/03/2021", "01/03/2021"]).settled() is DateFormat.DAY_FIRST
    assert detect_date_format(["2021-03-15", ""]).settled() is DateFormat.ISO
    open_ = detect_date_format(["03/04/2021", "12/01/2020"])
    assert open_.settled() is None
    assert "no day is above 12" in open_.explain()
    both = detect_date_format(["03/15/2021", "15/03/2021"])
    assert both.settled() is None and "contradict" in both.explain()


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("03/15/2021", DateFormat.MONTH_FIRST, dt.date(2021, 3, 15)),
        ("3/5/2021", DateFormat.MONTH_FIRST, dt.date(2021, 3, 5)),
        ("15.03.2021", DateFormat.DAY_FIRST, dt.date(2021, 3, 15)),
        ("2021-03-15", DateFormat.DAY_FIRST, dt.date(2021, 3, 15)),
        ("  ", DateFormat.MONTH_FIRST, None),
    ],
)
def test_dates_as_the_file_writes_them(text, fmt, expected) -> None:
    assert parse_hr_date(text, fmt, "hire_date") == expected


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        ("03/15/21", DateFormat.MONTH_FIRST, "'03/15/21' has a 2-digit year"),
        ("2026-02-30", DateFormat.ISO, "not a real calendar date"),
        ("02/30/2026", DateFormat.MONTH_FIRST, "not a real calendar date (read as MM/DD/YYYY)"),
        ("03/04/2021", None, "choose the date format (MM/DD/YYYY or DD/MM/YYYY)"),
        ("March 4", DateFormat.MONTH_FIRST, "expected MM/DD/YYYY"),
    ],
)
def test_bad_dates_name_the_field(text, fmt, message) -> None:
    with pytest.raises(InvalidInput) as exc:
        parse_hr_date(text, fmt, "hire_date")
    assert exc.value.field == "hire_date" and message in exc.value.message


def test_names_join_in_the_chosen_order() -> None:
    assert join_name("Anna", "Kowalska", NameOrder.GIVEN_FAMILY) == "Anna Kowalska"
    assert join_name("太郎", "山田", NameOrder.FAMILY_GIVEN) == "山田 太郎"
    assert join_name(" Madonna ", "", NameOrder.GIVEN_FAMILY) == "Madonna"


def test_a_row_becomes_the_stored_employee() -> None:
    reader = RowReader(
        column_indexes(HR_HEADER, recognise_columns(HR_HEADER).mapping),
        DateFormat.MONTH_FIRST,
        NameOrder.FAMILY_GIVEN,
    )
    row = ["E-1", "Hương", "Nguyễn Thị", "h@example.com", "Lead", "Tampa", "fl", "03/25/2021"]
    employee = reader.employee(row)
    assert (employee.employee_no, employee.full_name, employee.work_state, employee.hire_date) == (
        "E-1",
        "Nguyễn Thị Hương",
        "FL",
        dt.date(2021, 3, 25),
    )
    with pytest.raises(InvalidInput) as exc:
        reader.employee(["E-2", "", " ", "", "", "", "", ""])
    assert exc.value.field == "given_name"
    assert set(reader.fields_in_file()) == {
        "employee_no",
        "full_name",
        "email",
        "job_title",
        "site",
        "work_state",
        "hire_date",
    }
