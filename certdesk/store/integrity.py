"""Integrity checks: SQLite's own, foreign keys, and the domain's invariants.

The schema's CHECK constraints and triggers stop most bad rows at the door; these invariants
catch what a constraint cannot see (rows in other tables, hashes, statuses that must agree) and
anything written around certdesk (a hand edit, a damaged copy, a bug in an older version).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable

from certdesk.core.limits import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_AMOUNT_CENTS,
    TEXT_LENGTHS,
    amount_limit_text,
)
from certdesk.store.rows import sum_by_key

# Each invariant: a description and a query returning the offending rows' ids.
INVARIANTS: list[tuple[str, str]] = [
    ("cost amount is negative", "SELECT id FROM cost_lines WHERE amount_cents < 0"),
    (
        "class wages marked repayable",
        "SELECT id FROM cost_lines WHERE kind = 'class_wages' AND repayable = 1",
    ),
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
    (
        "departed manager with a path still planned, approved or enrolled",
        "SELECT p.id FROM paths p JOIN employees e ON e.id = p.employee_id"
        " WHERE e.status = 'departed' AND p.status IN ('planned', 'approved', 'enrolled')",
    ),
    # Money: never negative, never more than agreed.
    ("agreement amount is negative", "SELECT id FROM agreements WHERE amount_cents < 0"),
    ("amount owed is negative", "SELECT id FROM repayments WHERE owed_cents < 0"),
    (
        "payment received is not positive",
        "SELECT id FROM repayment_payments WHERE amount_cents <= 0",
    ),
    (
        "amount owed is more than the agreement's repayable amount",
        "SELECT r.id FROM repayments r JOIN agreements a ON a.id = r.agreement_id"
        " WHERE r.owed_cents > a.amount_cents",
    ),
    # Agreement statuses that must agree with the rest of the record.
    (
        "issued agreement without its frozen terms",
        "SELECT id FROM agreements WHERE status NOT IN ('draft', 'voided')"
        " AND (terms_json IS NULL OR terms_sha256 IS NULL OR issued_on IS NULL)",
    ),
    (
        "signed (or later) agreement without a signing date",
        "SELECT id FROM agreements WHERE status IN"
        " ('signed', 'in_commitment', 'fulfilled', 'repayment_due', 'repaid', 'waived')"
        " AND signed_on IS NULL",
    ),
    (
        "agreement in commitment without a commitment start",
        "SELECT id FROM agreements WHERE status = 'in_commitment' AND clock = 'commitment'"
        " AND commitment_start IS NULL",
    ),
    (
        "repayment due, repaid or waived without a repayment record",
        "SELECT a.id FROM agreements a WHERE a.status IN ('repayment_due', 'repaid', 'waived')"
        " AND NOT EXISTS (SELECT 1 FROM repayments r WHERE r.agreement_id = a.id)",
    ),
    (
        "repayment record on an agreement that is not settled",
        "SELECT r.id FROM repayments r JOIN agreements a ON a.id = r.agreement_id"
        " WHERE a.status NOT IN ('fulfilled', 'repayment_due', 'repaid', 'waived')",
    ),
    (
        "agreement of a departed manager still open",
        "SELECT a.id FROM agreements a JOIN paths p ON p.id = a.path_id"
        " JOIN employees e ON e.id = p.employee_id WHERE e.status = 'departed'"
        " AND a.status IN ('draft', 'issued', 'signed', 'in_commitment')",
    ),
    (
        "issued agreement without its stored form",
        "SELECT a.id FROM agreements a WHERE a.terms_sha256 IS NOT NULL AND NOT EXISTS"
        " (SELECT 1 FROM documents d WHERE d.agreement_id = a.id AND d.kind = 'acknowledgment')",
    ),
    (
        "stored document size does not match its content",
        "SELECT id FROM documents WHERE size_bytes <> length(content)",
    ),
    # Renewal cycles (schema 7): every completed path holds its credential in cycle 1 from
    # its completion, and the path's expiry is its latest cycle's.
    (
        "completed path without its first cycle",
        "SELECT p.id FROM paths p WHERE p.status = 'completed' AND NOT EXISTS"
        " (SELECT 1 FROM cycles c WHERE c.path_id = p.id AND c.seq = 1"
        " AND c.starts_on = p.completed_on)",
    ),
    (
        "cycle of a path that is not completed",
        "SELECT c.id FROM cycles c JOIN paths p ON p.id = c.path_id WHERE p.status <> 'completed'",
    ),
    (
        "path expiry differs from its latest cycle's end",
        "SELECT p.id FROM paths p JOIN cycles c ON c.path_id = p.id"
        " WHERE c.seq = (SELECT max(seq) FROM cycles WHERE path_id = p.id)"
        " AND c.ends_on IS NOT p.expires_on",
    ),
]


# Things to tidy that are not damage: rows older certdesk versions allowed and today's refuses.
NOTICES: list[tuple[str, str, str]] = [
    (
        "company-paid cost lines without a paid-on date",
        "date each with `certdesk cost paid ID --on YYYY-MM-DD` (or `--not-yet-paid`)",
        "SELECT id FROM cost_lines WHERE paid_by = 'company' AND paid_on IS NULL"
        " AND NOT not_yet_paid ORDER BY id",
    ),
]


def notices(conn: sqlite3.Connection) -> list[str]:
    """What the coordinator should tidy up (one line each); not a sign of damage."""
    found = []
    for description, hint, query in NOTICES:
        try:
            ids = [r[0] for r in conn.execute(query)]
        except sqlite3.OperationalError:
            continue  # a file from before the column existed (opened read-only, unmigrated)
        if ids:
            shown = ", ".join(str(i) for i in ids[:20])
            more = f" and {len(ids) - 20} more" if len(ids) > 20 else ""
            found.append(f"to do: {description}: {len(ids)} (ids {shown}{more}); {hint}")
    return found


def _sha256_hex(data: str | bytes | None) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else (data or b"")
    return hashlib.sha256(raw).hexdigest()


def _terms_hash_mismatch(conn: sqlite3.Connection) -> list[int]:
    # SHA-256 of the canonical terms text, exactly as core.agreements.terms_hash computes it
    # (UTF-8 bytes of the stored text); the form printed this hash, so it must still match.
    return [
        row_id
        for row_id, text, sha in conn.execute(
            "SELECT id, terms_json, terms_sha256 FROM agreements WHERE terms_sha256 IS NOT NULL"
        )
        if text is None or _sha256_hex(text) != sha
    ]


def _document_hash_mismatch(conn: sqlite3.Connection) -> list[int]:
    # One row at a time: documents are blobs, never hold them all in memory.
    ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]
    bad = []
    for doc_id in ids:
        content, sha = conn.execute(
            "SELECT content, sha256 FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if _sha256_hex(content) != sha:
            bad.append(doc_id)
    return bad


def _received(conn: sqlite3.Connection) -> dict[int, int]:
    # Added up in Python: SQLite's sum() stops with "integer overflow" on an absurd amount.
    return sum_by_key(conn.execute("SELECT repayment_id, amount_cents FROM repayment_payments"))


def _overpaid(conn: sqlite3.Connection) -> list[int]:
    received = _received(conn)
    return [
        rid
        for rid, owed in conn.execute("SELECT id, owed_cents FROM repayments")
        if owed < received.get(rid, 0)
    ]


def _repaid_with_balance(conn: sqlite3.Connection) -> list[int]:
    received = _received(conn)
    return [
        aid
        for aid, rid, owed in conn.execute(
            "SELECT a.id, r.id, r.owed_cents FROM agreements a"
            " JOIN repayments r ON r.agreement_id = a.id WHERE a.status = 'repaid'"
        )
        if owed > received.get(rid, 0)
    ]


# Invariants computed in Python: a description and a function returning the offending ids.
PY_INVARIANTS: list[tuple[str, Callable[[sqlite3.Connection], list[int]]]] = [
    ("payments received exceed the amount owed", _overpaid),
    ("repaid agreement with a balance still owed", _repaid_with_balance),
    ("issued terms do not match their SHA-256 (terms_sha256)", _terms_hash_mismatch),
    ("stored document does not match its SHA-256", _document_hash_mismatch),
]

# Stored values outside what certdesk accepts today (core.limits): written by an older version
# or by hand. Each is reported by its table, column and rows; the window keeps working.
AMOUNT_COLUMNS = (
    ("cost_lines", "amount_cents", "cost amount"),
    ("agreements", "amount_cents", "agreement repayable amount"),
    ("repayments", "owed_cents", "amount owed"),
    ("repayment_payments", "amount_cents", "payment received"),
)
DATE_COLUMNS = (
    ("employees", ("hire_date", "departure_date")),
    ("paths", ("target_date", "enrolled_on", "completed_on", "expires_on")),
    ("cost_lines", ("paid_on",)),
    ("class_sessions", ("session_date",)),
    ("plan_items", ("due_date", "done_on")),
    ("policies", ("effective_on",)),
    (
        "agreements",
        ("created_on", "issued_on", "signed_on", "commitment_start", "completion_deadline"),
    ),
    ("repayments", ("departure_date",)),
    ("repayment_payments", ("received_on",)),
)
TEXT_COLUMNS = (
    ("employees", "employee_no", "employee_no"),
    ("employees", "full_name", "full_name"),
    ("employees", "email", "email"),
    ("employees", "job_title", "job_title"),
    ("employees", "site", "site"),
    ("paths", "credential_no", "credential_no"),
    ("cost_lines", "description", "description"),
    ("plan_items", "commitment", "commitment"),
    ("plan_items", "outcome", "outcome"),
    ("certifications", "code", "code"),
    ("certifications", "name", "name"),
    ("certifications", "issuer", "issuer"),
    ("agreements", "void_reason", "reason"),
)


def _limit_invariants() -> list[tuple[str, str]]:
    """(description, query) for every stored value outside core.limits."""
    found = [
        (
            f"{what} is more than {amount_limit_text()} ({table}.{column})",
            f"SELECT id FROM {table} WHERE {column} > {MAX_AMOUNT_CENTS}",
        )
        for table, column, what in AMOUNT_COLUMNS
    ]
    low, high = EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()
    for table, columns in DATE_COLUMNS:
        for column in columns:
            found.append(
                (
                    f"date outside {low} to {high} ({table}.{column})",
                    f"SELECT id FROM {table} WHERE {column} < '{low}' OR {column} > '{high}'",
                )
            )
    for table, column, field in TEXT_COLUMNS:
        limit = TEXT_LENGTHS[field]
        found.append(
            (
                f"text longer than {limit} characters ({table}.{column})",
                f"SELECT id FROM {table} WHERE length({column}) > {limit}",
            )
        )
    return found


LIMIT_INVARIANTS = _limit_invariants()


def _ids(problem: str, ids: list) -> str:
    shown = ", ".join(str(i) for i in ids[:20])
    more = f" and {len(ids) - 20} more" if len(ids) > 20 else ""
    return f"invariant: {problem} (rows {shown}{more})"


# quick_check lines about a row breaking a constraint (the file itself is sound).
_ROW_PROBLEMS = ("integrity: CHECK constraint failed", "integrity: NULL value in", "foreign key:")


def _is_row_problem(problem: str) -> bool:
    return problem.startswith(_ROW_PROBLEMS)


def check(
    conn: sqlite3.Connection,
    invariants: list[tuple[str, str]] | None = None,
    py_invariants: list[tuple[str, Callable[[sqlite3.Connection], list[int]]]] | None = None,
) -> list[str]:
    """Every problem found, as one line each; an empty list means the database is sound."""
    problems: list[str] = []
    try:
        for (result,) in conn.execute("PRAGMA quick_check"):
            if result != "ok":
                problems.append(f"integrity: {result}")
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
    except sqlite3.DatabaseError as exc:  # too damaged for the checks themselves to finish
        return [*problems, f"integrity: {exc}"]
    if any(not _is_row_problem(p) for p in problems):
        return problems  # a damaged file structure: reading it further can only mislead
    checks: list[tuple[str, Callable[[sqlite3.Connection], list]]] = [
        (description, lambda c, q=query: [r[0] for r in c.execute(q)])
        for description, query in (
            invariants if invariants is not None else INVARIANTS + LIMIT_INVARIANTS
        )
    ]
    checks += py_invariants if py_invariants is not None else PY_INVARIANTS
    for description, compute in checks:
        try:
            ids = compute(conn)
        except sqlite3.OperationalError as exc:
            if _from_later_schema(exc):
                continue  # the table is from a later schema version than this file has
            problems.append(f"invariant: {description} could not be checked: {exc}")
            continue
        except sqlite3.DatabaseError as exc:
            problems.append(f"integrity: {exc}")
            break
        if ids:
            problems.append(_ids(description, ids))
    return problems


def _from_later_schema(exc: sqlite3.OperationalError) -> bool:
    """True for "no such table/column": an older file that this check does not apply to."""
    text = str(exc)
    return text.startswith(("no such table", "no such column"))
