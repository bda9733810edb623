"""Integrity checks: SQLite's own, foreign keys, and the domain's invariants."""

from __future__ import annotations

import sqlite3

# Each invariant: a description and a query returning the offending rows' ids.
INVARIANTS: list[tuple[str, str]] = [
    ("cost amount is negative", "SELECT id FROM cost_lines WHERE amount_cents < 0"),
    ("class wages marked repayable", "SELECT id FROM cost_lines WHERE kind = 'class_wages' AND repayable = 1"),
    (
        "completed path without a completion date",
        "SELECT id FROM paths WHERE status = 'completed' AND completed_on IS NULL",
    ),
    (
        "departed manager without a departure date",
        "SELECT id FROM employees WHERE status = 'departed' AND departure_date IS NULL",
    ),
    (
        "expiry not after completion",
        "SELECT id FROM paths WHERE expires_on IS NOT NULL AND expires_on <= completed_on",
    ),
]


def check(conn: sqlite3.Connection, invariants: list[tuple[str, str]] | None = None) -> list[str]:
    """Every problem found, as one line each; an empty list means the database is sound."""
    problems: list[str] = []
    for (result,) in conn.execute("PRAGMA quick_check"):
        if result != "ok":
            problems.append(f"integrity: {result}")
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
    for description, query in invariants if invariants is not None else INVARIANTS:
        try:
            ids = [str(r[0]) for r in conn.execute(query)]
        except sqlite3.OperationalError:
            continue  # the table is from a later schema version than this file has
        if ids:
            problems.append(f"invariant: {description} (rows {', '.join(ids[:20])})")
    return problems
