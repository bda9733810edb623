"""Validation of manager fields: Unicode names, NFC, employee numbers, states, search folding."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certdesk.core.errors import InvalidInput
from certdesk.core.models import Employee
from certdesk.core.validation import (
    MANAGER_FIELDS,
    clean_employee_no,
    clean_text,
    clean_work_state,
    employee_from_fields,
    fold,
)

UNICODE_NAMES = ["Łukasz Żółć-Nguyễn", "Nguyễn Thị Hương", "山田 太郎", "Zoë Ångström", "O'Neill"]


def fields(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "employee_no": "H-9001",
        "full_name": "Łukasz Żółć-Nguyễn",
        "email": "lukasz@example.com",
        "job_title": "Call Center Manager",
        "site": "Gdańsk Hub",
        "work_state": "NY",
        "hire_date": "2019-04-01",
    }
    base.update(overrides)
    return base


def test_manager_fields_are_the_csv_header() -> None:
    assert MANAGER_FIELDS == (
        "employee_no",
        "full_name",
        "email",
        "job_title",
        "site",
        "work_state",
        "hire_date",
    )


@pytest.mark.parametrize("name", UNICODE_NAMES)
def test_unicode_names_are_kept_exactly(name: str) -> None:
    employee = employee_from_fields(fields(full_name=name))
    assert employee.full_name == name


def test_full_record() -> None:
    e = employee_from_fields(fields(work_state="ny", email="  a.b@example.com "))
    assert e == Employee(
        employee_no="H-9001",
        full_name="Łukasz Żółć-Nguyễn",
        email="a.b@example.com",
        job_title="Call Center Manager",
        site="Gdańsk Hub",
        work_state="NY",
        hire_date=dt.date(2019, 4, 1),
    )


def test_names_are_nfc_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hương")
    assert decomposed != "Nguyễn Thị Hương"
    e = employee_from_fields(
        fields(full_name=decomposed, site=unicodedata.normalize("NFD", "Gdańsk"))
    )
    assert e.full_name == "Nguyễn Thị Hương"
    assert unicodedata.is_normalized("NFC", e.full_name)
    assert e.site == "Gdańsk"


def test_text_is_trimmed() -> None:
    assert employee_from_fields(fields(full_name="  山田 太郎 \u3000")).full_name == "山田 太郎"


@pytest.mark.parametrize("name", ["", "   ", "\u3000"])
def test_empty_name_is_refused(name: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        employee_from_fields(fields(full_name=name))
    assert exc.value.field == "full_name"
    assert "required" in exc.value.message


@pytest.mark.parametrize("name", ["Anna\tKowalska", "Anna\nKowalska", "Anna\x00", "A\rB"])
def test_control_characters_are_refused(name: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        employee_from_fields(fields(full_name=name))
    assert exc.value.field == "full_name"
    assert "control character" in exc.value.message


def test_length_limits() -> None:
    assert clean_text("x" * 200, "site") == "x" * 200
    with pytest.raises(InvalidInput) as exc:
        clean_text("x" * 201, "site")
    assert exc.value.field == "site" and "201" in exc.value.message
    # Length is counted in characters, not bytes: 200 CJK characters fit.
    assert employee_from_fields(fields(full_name="山" * 200)).full_name == "山" * 200


@pytest.mark.parametrize("number", ["H-9001", "12345", "E.1_2/3-4", "a" * 32, " H-1 "])
def test_employee_numbers_accepted(number: str) -> None:
    assert clean_employee_no(number) == number.strip()


@pytest.mark.parametrize(
    "number", ["", "  ", "-H1", "H 9001", "H#1", "Ł-1", "a" * 33, "H-9001;DROP", "=1+1"]
)
def test_employee_numbers_refused(number: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        employee_from_fields(fields(employee_no=number))
    assert exc.value.field == "employee_no"


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("NY", "NY"),
        ("ca", "CA"),
        (" tx ", "TX"),
        ("", ""),
        ("New York", "NY"),  # full US state names become the code
        ("california", "CA"),
        ("District of Columbia", "DC"),
        ("PL", "PL"),  # a site abroad: the ISO country code
        ("de", "DE"),  # both Delaware and Germany: the US state
    ],
)
def test_work_state(state: str, expected: str) -> None:
    assert clean_work_state(state) == expected


@pytest.mark.parametrize("state", ["New Yorkshire", "N", "N1", "ŁÓ", "ZZ"])
def test_work_state_refused(state: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        employee_from_fields(fields(work_state=state))
    assert exc.value.field == "work_state"


@pytest.mark.parametrize(
    "email", ["no-at-sign", "a@b", "a b@example.com", "@example.com", "a@@b.com"]
)
def test_bad_email(email: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        employee_from_fields(fields(email=email))
    assert exc.value.field == "email"


def test_email_optional() -> None:
    assert employee_from_fields(fields(email="")).email == ""


@pytest.mark.parametrize("hire", ["2026-02-30", "2026-2-3", "01/02/2020"])
def test_bad_hire_date_names_the_field(hire: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        employee_from_fields(fields(hire_date=hire))
    assert exc.value.field == "hire_date"


def test_hire_date_optional_and_date_objects_pass_through() -> None:
    assert employee_from_fields(fields(hire_date="")).hire_date is None
    assert employee_from_fields(fields(hire_date=dt.date(2020, 1, 2))).hire_date == dt.date(
        2020, 1, 2
    )


def test_first_problem_reported_is_the_leftmost_column() -> None:
    with pytest.raises(InvalidInput) as exc:
        employee_from_fields(fields(full_name="", hire_date="2026-02-30"))
    assert exc.value.field == "full_name"


def test_missing_keys_keep_base_values() -> None:
    base = employee_from_fields(fields())
    base = Employee(
        **{
            **base.__dict__,
            "id": 7,
            "status": "departed",
            "departure_date": dt.date(2025, 1, 1),
            "departure_reason": "resigned",
        }
    )
    edited = employee_from_fields({"site": "Tampa Operations"}, base=base)
    assert edited.site == "Tampa Operations"
    assert edited.full_name == base.full_name
    assert edited.hire_date == base.hire_date
    # What the form does not edit is carried over untouched.
    assert (edited.id, edited.status, edited.departure_date, edited.departure_reason) == (
        7,
        "departed",
        dt.date(2025, 1, 1),
        "resigned",
    )


def test_without_base_missing_required_fields_fail() -> None:
    with pytest.raises(InvalidInput) as exc:
        employee_from_fields({"employee_no": "H-1"})
    assert exc.value.field == "full_name"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("lukasz", "Łukasz Żółć-Nguyễn"),
        ("LUKASZ", "Łukasz Żółć-Nguyễn"),
        ("zolc", "Łukasz Żółć-Nguyễn"),
        ("nguyen", "Łukasz Żółć-Nguyễn"),
        ("huong", "Nguyễn Thị Hương"),
        ("thi", "Nguyễn Thị Hương"),
        ("山田", "山田 太郎"),
        ("angstrom", "Björn Ångström"),
        ("bjorn", "Björn Ångström"),
        ("strasse", "Hauptstraße"),
        ("sorensen", "Ingrid Sørensen"),
        ("dang", "Đặng Văn Lâm"),
    ],
)
def test_fold_matches_without_accents_or_case(query: str, name: str) -> None:
    assert fold(query) in fold(name)


def test_fold_keeps_distinct_names_distinct() -> None:
    assert fold("lukasz") not in fold("Nguyễn Thị Hương")
    assert fold("山田") not in fold("佐藤 花子")


def test_fold_handles_compatibility_forms() -> None:
    assert fold("Ｌｕｋａｓｚ") == "lukasz"  # full-width letters from an IME
    assert fold("𝝖") == fold("Α") == fold("α") == "α"  # decomposes to a capital: folded too


def test_fold_handles_decomposed_input() -> None:
    assert fold(unicodedata.normalize("NFD", "Hương")) == fold("Hương") == "huong"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
