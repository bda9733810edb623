"""Managers: add, edit, look up, list and search (Unicode names throughout)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.services import managers
from certdesk.services.paths import lifecycle as paths
from certdesk.store import Store


def add(store: Store, employee_no: str, full_name: str, **extra: str):
    return managers.add_manager(
        store, {"employee_no": employee_no, "full_name": full_name, **extra}
    )


def count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM employees").fetchone()[0]


@pytest.fixture
def three(store: Store) -> Store:
    add(
        store,
        "H-9001",
        "Łukasz Żółć-Nguyễn",
        site="Gdańsk Hub",
        work_state="ny",
        email="lukasz@example.com",
        hire_date="2019-04-01",
    )
    add(store, "H-9002", "Nguyễn Thị Hương", site="Sacramento Contact Center", work_state="CA")
    add(store, "H-9003", "山田 太郎", site="Austin Support Center", work_state="TX")
    return store


def test_add_stores_and_returns_the_manager(store: Store) -> None:
    saved = add(store, "H-9001", "Łukasz Żółć-Nguyễn", work_state="ny", hire_date="2019-04-01")
    assert saved.id is not None
    assert saved.work_state == "NY"
    assert managers.get_manager(store, "H-9001") == saved
    assert managers.get_manager(store, " H-9001 ").full_name == "Łukasz Żółć-Nguyễn"
    assert saved.hire_date == dt.date(2019, 4, 1)
    assert saved.status == "active"


def test_add_stores_nfc_text(store: Store) -> None:
    add(store, "H-1", unicodedata.normalize("NFD", "Nguyễn Thị Hương"))
    raw = store.conn.execute("SELECT full_name FROM employees").fetchone()[0]
    assert raw == "Nguyễn Thị Hương"
    assert unicodedata.is_normalized("NFC", raw)


def test_duplicate_employee_no_is_refused(three: Store) -> None:
    with pytest.raises(InvalidInput) as exc:
        add(three, "H-9001", "Someone Else")
    assert exc.value.field == "employee_no"
    assert "H-9001" in exc.value.message and "already used" in exc.value.message
    assert count(three) == 3
    assert managers.get_manager(three, "H-9001").full_name == "Łukasz Żółć-Nguyễn"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"employee_no": "H-1", "full_name": ""}, "full_name"),
        ({"employee_no": "", "full_name": "A"}, "employee_no"),
        ({"employee_no": "H-1", "full_name": "A", "hire_date": "2026-02-30"}, "hire_date"),
        ({"employee_no": "H-1", "full_name": "A", "email": "nope"}, "email"),
        ({"employee_no": "H-1", "full_name": "A", "work_state": "Atlantis"}, "work_state"),
    ],
)
def test_add_refuses_bad_fields(store: Store, fields: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        managers.add_manager(store, fields)
    assert exc.value.field == field
    assert count(store) == 0


def test_edit_changes_only_the_given_fields(three: Store) -> None:
    before = managers.get_manager(three, "H-9001")
    after = managers.edit_manager(three, "H-9001", {"site": "Buffalo Service Desk"})
    assert after.site == "Buffalo Service Desk"
    assert after.id == before.id
    assert (after.full_name, after.email, after.work_state, after.hire_date) == (
        before.full_name,
        before.email,
        before.work_state,
        before.hire_date,
    )
    assert managers.get_manager(three, "H-9001") == after


def test_edit_can_renumber(three: Store) -> None:
    managers.edit_manager(three, "H-9003", {"employee_no": "H-9100"})
    assert managers.get_manager(three, "H-9100").full_name == "山田 太郎"
    with pytest.raises(InvalidInput):
        managers.get_manager(three, "H-9003")


def test_edit_to_a_used_number_is_refused(three: Store) -> None:
    with pytest.raises(InvalidInput) as exc:
        managers.edit_manager(three, "H-9003", {"employee_no": "H-9001"})
    assert exc.value.field == "employee_no"
    assert managers.get_manager(three, "H-9003").full_name == "山田 太郎"


def test_edit_unknown_manager(three: Store) -> None:
    with pytest.raises(InvalidInput) as exc:
        managers.edit_manager(three, "H-0000", {"site": "x"})
    assert exc.value.field == "employee_no"
    assert "H-0000" in exc.value.message


def test_edit_refuses_bad_value_and_keeps_the_old(three: Store) -> None:
    with pytest.raises(InvalidInput) as exc:
        managers.edit_manager(three, "H-9001", {"full_name": "  "})
    assert exc.value.field == "full_name"
    assert managers.get_manager(three, "H-9001").full_name == "Łukasz Żółć-Nguyễn"


def test_edit_hire_date_after_departure_is_refused(three: Store) -> None:
    three.conn.execute(
        "UPDATE employees SET status = 'departed', departure_date = '2025-06-30'"
        " WHERE employee_no = 'H-9001'"
    )
    with pytest.raises(InvalidInput) as exc:
        managers.edit_manager(three, "H-9001", {"hire_date": "2025-07-01"})
    assert exc.value.field == "hire_date"
    edited = managers.edit_manager(three, "H-9001", {"hire_date": "2025-06-30"})
    assert edited.status == "departed" and edited.departure_date == dt.date(2025, 6, 30)


def test_get_manager_refuses_malformed_numbers(store: Store) -> None:
    with pytest.raises(InvalidInput) as exc:
        managers.get_manager(store, "not a number!")
    assert exc.value.field == "employee_no"


def test_list_managers_rows(three: Store) -> None:
    path_id = paths.plan_path(three, "H-9001", "CCCM", "2026-12-15")
    paths.plan_path(three, "H-9001", "QAMC", "2026-09-01")
    withdrawn = paths.plan_path(three, "H-9001", "SWMP", "2026-01-01")
    paths.move_path(three, withdrawn, "withdrawn")
    assert path_id
    rows = managers.list_managers(three)
    assert [r.employee_no for r in rows] == ["H-9001", "H-9002", "H-9003"]
    first = rows[0]
    assert sorted(first.path_codes.split()) == ["CCCM", "QAMC"]  # withdrawn paths are not shown
    assert first.next_deadline == "2026-09-01"
    assert first.work_state == "NY"
    assert first.hire_date == "2019-04-01"
    assert rows[1].path_codes == "" and rows[1].next_deadline == "" and rows[1].hire_date == ""


def test_next_deadline_includes_expiry_of_completed_paths(three: Store) -> None:
    three.conn.execute("UPDATE certifications SET validity_months = 24 WHERE code = 'CCCS'")
    done = paths.plan_path(three, "H-9002", "CCCS")
    paths.complete_path(three, done, on="2025-03-31")
    rows = {r.employee_no: r for r in managers.list_managers(three)}
    assert rows["H-9002"].next_deadline == "2027-03-31"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lukasz", ["H-9001"]),
        ("ŁUKASZ", ["H-9001"]),
        ("zolc", ["H-9001"]),
        ("nguyen", ["H-9001", "H-9002"]),
        ("nguyen huong", ["H-9002"]),
        ("huong nguyen", ["H-9002"]),
        ("山田", ["H-9003"]),
        ("gdansk", ["H-9001"]),
        ("h-9002", ["H-9002"]),
        ("lukasz@example", ["H-9001"]),
        ("", ["H-9001", "H-9002", "H-9003"]),
        ("   ", ["H-9001", "H-9002", "H-9003"]),
        ("nobody", []),
    ],
)
def test_filter_rows(three: Store, query: str, expected: list[str]) -> None:
    rows = managers.list_managers(three)
    assert [r.employee_no for r in managers.filter_rows(rows, query)] == expected


def test_filter_finds_path_codes(three: Store) -> None:
    paths.plan_path(three, "H-9003", "SWMP")
    rows = managers.list_managers(three)
    assert [r.employee_no for r in managers.filter_rows(rows, "swmp")] == ["H-9003"]
