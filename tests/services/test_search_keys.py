"""Search keys folded once when a manager is written (schema migration 12), and the lists that
read them: the keys stay in step with every write, a hand edit drops them (never a stale key),
and the lists show exactly what the per-row folding and correlated queries showed before."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from certdesk.core.departure_requests import parse_departure_request
from certdesk.core.validation import fold, manager_keys
from certdesk.services import managers
from certdesk.services.departures import recording as departures
from certdesk.services.exchange.csv_import import import_managers_text
from certdesk.services.paths import lifecycle as paths
from certdesk.services.paths import views
from certdesk.store import Store, employees, open_store

HEADER = "employee_no,full_name,email,job_title,site,work_state,hire_date\n"
FIXTURES = Path(__file__).parents[1] / "store" / "fixtures"

# The managers list's query before migration 12 (two correlated subqueries per manager): the
# aggregate query must give the very same rows, path codes in the same order.
OLD_LIST_SQL = """
    SELECT e.id, e.employee_no, e.full_name, e.email, e.job_title, e.site, e.work_state,
           e.hire_date, e.status, e.row_version,
           (SELECT group_concat(c.code, ' ') FROM paths p NOT INDEXED
              JOIN certifications c ON c.id = p.certification_id
             WHERE p.employee_id = e.id AND p.status NOT IN ('withdrawn', 'failed'))
             AS path_codes,
           (SELECT min(d) FROM (
                SELECT p.target_date AS d FROM paths p WHERE p.employee_id = e.id
                   AND p.status IN ('planned', 'approved', 'enrolled')
                UNION ALL
                SELECT p.expires_on FROM paths p WHERE p.employee_id = e.id
                   AND p.status = 'completed')) AS next_deadline
      FROM employees e
     ORDER BY e.employee_no
"""


def stored_keys(store: Store) -> dict[str, tuple[str, str]]:
    return {
        number: (name_key, search_key)
        for number, name_key, search_key in store.conn.execute(
            "SELECT e.employee_no, k.name_key, k.search_key FROM employees e"
            " JOIN employee_keys k ON k.employee_id = e.id"
        )
    }


def expected_keys(store: Store) -> dict[str, tuple[str, str]]:
    return {
        number: manager_keys(number, name, email, site)
        for number, name, email, site in store.conn.execute(
            "SELECT employee_no, full_name, email, site FROM employees"
        )
    }


def add(store: Store, number: str, name: str, **extra: str):
    return managers.add_manager(store, {"employee_no": number, "full_name": name, **extra})


@pytest.fixture
def people(store: Store) -> Store:
    add(store, "H-9001", "Łukasz Żółć-Nguyễn", site="Gdańsk Hub", email="lukasz@example.com")
    add(store, "H-9002", "Nguyễn Thị Hương", site="Sacramento Contact Center")
    add(store, "H-9003", "山田 太郎", site="Austin Support Center")
    return store


def test_adding_stores_the_folded_keys(people: Store) -> None:
    assert stored_keys(people) == expected_keys(people)
    assert stored_keys(people)["H-9001"] == (
        "lukasz zolc-nguyen",
        "h-9001 lukasz zolc-nguyen lukasz@example.com gdansk hub",
    )


def test_editing_keeps_the_keys_in_step(people: Store) -> None:
    managers.edit_manager(people, "H-9001", {"full_name": "Zoë Ångström", "site": "Kraków"})
    managers.edit_manager(people, "H-9003", {"employee_no": "H-9100"})
    managers.edit_manager(people, "H-9002", {"email": "huong@example.com"})
    assert stored_keys(people) == expected_keys(people)
    rows = managers.list_managers(people)
    assert [r.employee_no for r in managers.filter_rows(rows, "zoe angstrom krakow")] == ["H-9001"]
    assert managers.filter_rows(rows, "zolc") == []
    assert [r.employee_no for r in managers.filter_rows(rows, "h-9100")] == ["H-9100"]
    assert [r.employee_no for r in managers.filter_rows(rows, "HUONG@")] == ["H-9002"]


def test_importing_keeps_the_keys_in_step(people: Store) -> None:
    import_managers_text(
        people,
        HEADER
        + "H-9001,Łukasz Wróblewski,,,Buffalo Service Desk,NY,\n"
        + "H-9500,José Martínez,jose@example.com,,Denver Customer Care,CO,\n",
        "hr.csv",
    )
    keys = stored_keys(people)
    assert keys == expected_keys(people)
    assert keys["H-9001"][0] == "lukasz wroblewski"
    assert keys["H-9500"][0] == "jose martinez"


def test_a_departure_keeps_the_keys(people: Store) -> None:
    request = parse_departure_request("H-9002", on="2026-01-31", reason="resigned")
    departures.record_departure(people, request)
    assert stored_keys(people) == expected_keys(people)


def test_a_hand_edit_drops_the_keys_and_the_list_folds_the_new_name(people: Store) -> None:
    version = people.conn.execute(
        "SELECT row_version FROM employees WHERE employee_no = 'H-9003'"
    ).fetchone()[0]
    with sqlite3.connect(people.path) as other:
        other.execute(
            "UPDATE employees SET full_name = 'Björn Sørensen' WHERE employee_no = 'H-9003'"
        )
        other.execute("UPDATE employees SET job_title = 'Team Lead' WHERE employee_no = 'H-9001'")
    other.close()
    keys = stored_keys(people)
    assert "H-9003" not in keys  # dropped: a stale key could find the old name
    assert keys["H-9001"] == expected_keys(people)["H-9001"]  # a field not searched: kept
    # The trigger moves no row version of its own: the edit counts once.
    assert (
        people.conn.execute(
            "SELECT row_version FROM employees WHERE employee_no = 'H-9003'"
        ).fetchone()[0]
        == version + 1
    )
    rows = managers.list_managers(people)
    found = managers.filter_rows(rows, "bjorn sorensen")
    assert [(r.employee_no, r.name_key) for r in found] == [("H-9003", "bjorn sorensen")]
    assert managers.filter_rows(rows, "山田") == []
    # The next write by certdesk stores them again.
    managers.edit_manager(people, "H-9003", {"site": "Tampa Operations"})
    assert stored_keys(people) == expected_keys(people)


def test_a_manager_inserted_by_hand_is_listed_and_found(people: Store) -> None:
    people.conn.execute("INSERT INTO employees (employee_no, full_name) VALUES ('X-1', 'Ólafur')")
    rows = managers.list_managers(people)
    assert [r.employee_no for r in managers.filter_rows(rows, "olafur")] == ["X-1"]


def _with_paths(store: Store) -> Store:
    """Managers with several paths each, in statuses whose order is not the paths' order."""
    add(store, "H-1", "Agnieszka Brzęczyszczykiewicz", site="Kraków Service Center")
    add(store, "H-2", "Renée Lefèvre", email="renee@example.com")
    add(store, "H-3", "Kwame Mensah")
    first = paths.plan_path(store, "H-1", "SWMP", "2026-06-30")
    paths.move_path(store, first, "approved")
    paths.move_path(store, first, "enrolled", "2026-01-05")
    paths.complete_path(store, first, "2026-02-10", "SW-1")
    paths.plan_path(store, "H-1", "CCCM", "2026-09-30")
    withdrawn = paths.plan_path(store, "H-1", "QAMC", "2026-03-31")
    paths.move_path(store, withdrawn, "withdrawn", "2026-01-10")
    paths.plan_path(store, "H-1", "CCCS", "2027-01-31")
    paths.plan_path(store, "H-2", "CCCS")
    paths.plan_path(store, "H-2", "CCCM", "2026-12-01")
    return store


def test_the_list_query_gives_what_the_correlated_one_gave(store: Store) -> None:
    _with_paths(store)
    old = store.conn.execute(OLD_LIST_SQL).fetchall()
    assert employees.list_rows(store.conn) == [
        dict(zip(employees.LIST_COLUMNS, row, strict=True)) for row in old
    ]
    codes = {r["employee_no"]: r["path_codes"] for r in employees.list_rows(store.conn)}
    assert codes == {"H-1": "SWMP CCCM CCCS", "H-2": "CCCS CCCM", "H-3": None}


def test_list_rows_keep_the_keys_of_the_whole_line(store: Store) -> None:
    _with_paths(store)
    rows = managers.list_managers(store)
    for row in rows:
        whole = f"{row.employee_no} {row.full_name} {row.email} {row.site} {row.path_codes}"
        assert row.search_key == fold(whole)
        assert row.name_key == fold(row.full_name)
    found = managers.filter_rows(rows, "brzeczyszczykiewicz cccs")
    assert [r.employee_no for r in found] == ["H-1"]


def test_path_rows_keep_the_keys_of_the_whole_line(store: Store) -> None:
    _with_paths(store)
    rows = views.list_paths(store)
    assert [r.id for r in rows] == sorted(r.id for r in rows)
    for row in rows:
        whole = " ".join(
            (
                row.employee_no,
                row.full_name,
                row.cert_code,
                row.cert_name,
                row.status,
                row.credential_no,
            )
        )
        assert row.search_key == fold(whole)
        assert row.name_key == fold(row.full_name)
    found = views.filter_paths(rows, "renee cccm")
    assert [(r.employee_no, r.cert_code) for r in found] == [("H-2", "CCCM")]
    completed = [r for r in rows if r.cert_code == "SWMP"]
    assert [(r.status, r.credential_no, r.completed_on) for r in completed] == [
        ("completed", "SW-1", "2026-02-10")
    ]


def test_migration_12_folds_every_existing_manager(tmp_path: Path) -> None:
    copy = tmp_path / "v2.db"
    shutil.copyfile(FIXTURES / "v2_demo_departures.db", copy)
    store = open_store(copy)
    try:
        keys = stored_keys(store)
        assert len(keys) == 44
        assert keys == expected_keys(store)
        plan = store.conn.execute("EXPLAIN QUERY PLAN " + employees._LIST_WITH_KEYS_SQL).fetchall()
        assert any("idx_paths_employee_list" in row[-1] for row in plan)
    finally:
        store.close()


def test_a_manager_deleted_by_hand_leaves_no_keys(people: Store) -> None:
    with sqlite3.connect(people.path) as other:  # foreign keys off, as in the sqlite3 shell
        other.execute("DELETE FROM employees WHERE employee_no = 'H-9002'")
    other.close()
    assert set(stored_keys(people)) == {"H-9001", "H-9003"}
    assert people.conn.execute("SELECT count(*) FROM employee_keys").fetchone() == (2,)
