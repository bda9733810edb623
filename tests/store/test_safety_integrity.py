"""Domain invariants in the integrity check: each one fires on exactly the damage it describes.

The damage is written around certdesk (a raw connection, triggers dropped), as a hand edit, a
bad copy or a bug in an older version would; certdesk's own use cases never write it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable

import pytest

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.core.agreements import terms_hash
from certdesk.core.departure_requests import parse_departure_request
from certdesk.services import managers
from certdesk.services.agreements import drafting, issuing
from certdesk.services.agreements import lifecycle as agreements_lifecycle
from certdesk.services.departures import recording as departures
from certdesk.services.paths import lifecycle as paths
from certdesk.store import Store
from certdesk.store.integrity import check

DAY = dt.date(2026, 1, 5)


def lifecycle(store: Store) -> dict[str, str]:
    """Agreements in several statuses, all written through the use cases; returns their numbers."""
    for no, name in (("H-1", "Łukasz Żółć"), ("H-2", "山田 太郎"), ("H-3", "Nguyễn Thị Hương")):
        managers.add_manager(
            store,
            {"employee_no": no, "full_name": name, "work_state": "PL", "hire_date": "2020-01-02"},
        )
    numbers = {}
    for no, key in (("H-1", "signed"), ("H-2", "repayment_due"), ("H-3", "draft")):
        pid = paths.plan_path(store, no, "CCCM", "2026-03-15")
        paths.add_cost(store, pid, kind="tuition", amount="3,000.00", paid_on="2026-01-02")
        number = drafting.draft_agreement(
            store, parse_draft_request(pid, months=24, schedule="prorated"), today=DAY
        ).agreement.agreement_no
        numbers[key] = number
        if key == "draft":
            continue
        issuing.issue_agreement(store, number, accept_warnings=True, today=DAY)
        agreements_lifecycle.sign_agreement(store, number, "2026-01-06", accept_warnings=True)
        if key == "repayment_due":
            paths.complete_path(store, pid, on="2026-02-01")
            departures.record_departure(
                store, parse_departure_request(no, on="2026-06-01", reason="resigned")
            )
    return numbers


@pytest.fixture
def numbers(store: Store) -> dict[str, str]:
    found = lifecycle(store)
    assert check(store.conn) == [], "the use cases themselves must leave a sound database"
    return found


def tamper(store: Store, *statements: str | tuple[str, tuple]) -> list[str]:
    """Run statements on a raw connection with the guards off; return check()'s findings."""
    raw = sqlite3.connect(store.path, isolation_level=None)
    try:
        raw.execute("PRAGMA ignore_check_constraints = ON")
        for name in ("agreements_terms_frozen", "documents_frozen", "documents_kept"):
            raw.execute(f"DROP TRIGGER IF EXISTS {name}")
        for statement in statements:
            sql, params = statement if isinstance(statement, tuple) else (statement, ())
            raw.execute(sql, params)
    finally:
        raw.close()
    return check(store.conn)


def one(problems: list[str], fragment: str) -> str:
    found = [p for p in problems if fragment in p]
    assert len(found) == 1, problems
    return found[0]


def test_changed_terms_no_longer_match_their_hash(store: Store, numbers: dict[str, str]) -> None:
    number = numbers["signed"]
    text = store.conn.execute(
        "SELECT terms_json FROM agreements WHERE agreement_no = ?", (number,)
    ).fetchone()[0]
    snapshot = json.loads(text)
    snapshot["amount_cents"] = 1  # someone "fixed" the amount after signing
    forged = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert terms_hash(forged) != terms_hash(text)
    problems = tamper(
        store,
        ("UPDATE agreements SET terms_json = ? WHERE agreement_no = ?", (forged, number)),
    )
    line = one(problems, "issued terms do not match their SHA-256")
    assert line.startswith("invariant: ") and "rows 1" in line


def test_a_changed_stored_form_no_longer_matches_its_hash(store: Store, numbers) -> None:
    problems = tamper(store, "UPDATE documents SET content = x'255044462d00' WHERE id = 1")
    one(problems, "stored document does not match its SHA-256")
    one(problems, "stored document size does not match its content")


CASES: list[tuple[str, str]] = [
    ("UPDATE cost_lines SET amount_cents = -100 WHERE id = 1", "cost amount is negative"),
    (
        "UPDATE agreements SET amount_cents = -1 WHERE status = 'draft'",
        "agreement amount is negative",
    ),
    ("UPDATE repayments SET owed_cents = -5", "amount owed is negative"),
    (
        "UPDATE repayments SET owed_cents = 99999999",
        "amount owed is more than the agreement's repayable amount",
    ),
    (
        "INSERT INTO repayment_payments (repayment_id, received_on, amount_cents) "
        "VALUES (1, '2026-07-01', 99999999)",
        "payments received exceed the amount owed",
    ),
    (
        "UPDATE agreements SET status = 'in_commitment', signed_on = NULL WHERE status = 'signed'",
        "signed (or later) agreement without a signing date",
    ),
    (
        "UPDATE agreements SET status = 'in_commitment' WHERE status = 'signed'",
        "agreement in commitment without a commitment start",
    ),
    ("DELETE FROM repayments", "repayment due, repaid or waived without a repayment record"),
    (
        "UPDATE agreements SET status = 'repaid' WHERE status = 'repayment_due'",
        "repaid agreement with a balance still owed",
    ),
    (
        "UPDATE agreements SET status = 'signed' WHERE status = 'repayment_due'",
        "repayment record on an agreement that is not settled",
    ),
    (
        "UPDATE agreements SET status = 'in_commitment', commitment_start = '2026-02-01' "
        "WHERE status = 'repayment_due'",
        "agreement of a departed manager still open",
    ),
    (
        "UPDATE paths SET status = 'enrolled', completed_on = NULL, expires_on = NULL "
        "WHERE employee_id = 2",
        "departed manager with a path still planned, approved or enrolled",
    ),
    (
        "DELETE FROM documents WHERE kind = 'acknowledgment' AND agreement_id = 1",
        "issued agreement without its stored form",
    ),
    (
        "UPDATE agreements SET terms_json = NULL WHERE status = 'signed'",
        "issued agreement without its frozen terms",
    ),
]


@pytest.mark.parametrize(("statement", "expected"), CASES, ids=[c[1][:40] for c in CASES])
def test_each_invariant_names_the_damage(
    store: Store, numbers: dict[str, str], statement: str, expected: str
) -> None:
    problems = tamper(store, statement)
    one(problems, expected)


def test_row_problems_are_listed_with_the_invariants() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE employees (id INTEGER PRIMARY KEY)")
    conn.execute(
        "CREATE TABLE paths (id INTEGER PRIMARY KEY, employee_id REFERENCES employees(id))"
    )
    conn.execute("INSERT INTO paths VALUES (1, 42)")
    always: Callable[[sqlite3.Connection], list[int]] = lambda c: [7]  # noqa: E731
    problems = check(conn, invariants=[], py_invariants=[("always", always)])
    assert problems == [
        "foreign key: paths row 1 points to a missing employees",
        "invariant: always (rows 7)",
    ]


def test_a_damaged_structure_stops_before_the_invariants(store: Store) -> None:
    with store.transaction() as db:
        db.conn.executemany(
            "INSERT INTO employees (employee_no, full_name) VALUES (?, ?)",
            [(f"E-{i:05d}", f"Name {i}") for i in range(400)],
        )
    path = store.path
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek((size // 4096 // 2) * 4096)
        handle.write(b"\xde\xad\xbe\xef" * 1024)
    conn = sqlite3.connect(path)
    try:
        called: list[int] = []
        problems = check(conn, py_invariants=[("spy", lambda c: called.append(1) or [])])
    finally:
        conn.close()
    assert problems and all(p.startswith("integrity: ") for p in problems)
    assert called == []


def test_a_file_from_an_older_schema_is_checked_for_what_it_has(store: Store) -> None:
    store.conn.execute("DROP TABLE repayment_payments")
    assert check(store.conn) == []  # invariants over missing tables are skipped, not errors
