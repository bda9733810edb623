"""Policies, agreements, stored documents, repayments and payments received."""

from __future__ import annotations

import datetime as _dt
import hashlib
import sqlite3
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from certdesk.core.agreements import Agreement, Policy, format_agreement_no
from certdesk.store.rows import from_row, insert_record, sum_by_key, to_row, update_record


@dataclass(frozen=True)
class Document:
    """A stored PDF or scan (bytes kept in the database, with their SHA-256)."""

    kind: str
    filename: str
    mime: str
    sha256: str
    size_bytes: int
    created_at: str
    agreement_id: int | None = None
    content: bytes = b""
    id: int | None = None


@dataclass(frozen=True)
class Repayment:
    """What a departure computed for one agreement."""

    agreement_id: int
    departure_date: _dt.date
    reason: str
    owed_cents: int
    calculation_json: str
    created_at: str
    waived: bool = False
    waiver_note: str = ""
    forgiven_cents: int = 0  # forgiven by a hardship decision granted in part
    id: int | None = None


@dataclass(frozen=True)
class RepaymentPayment:
    """Money received back from the manager."""

    repayment_id: int
    received_on: _dt.date
    amount_cents: int
    note: str = ""
    method: str = ""  # core.plan_progress.PaymentMethod ('' before methods were kept)
    id: int | None = None


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


# --- policies ---------------------------------------------------------------------------------


def policies(db: sqlite_utils.Database) -> list[Policy]:
    return [from_row(Policy, r) for r in db.query("SELECT * FROM policies ORDER BY version")]


def policy(db: sqlite_utils.Database, policy_id: int) -> Policy | None:
    rows = list(db.query("SELECT * FROM policies WHERE id = ?", [policy_id]))
    return from_row(Policy, rows[0]) if rows else None


def policy_by_version(db: sqlite_utils.Database, version: int) -> Policy | None:
    rows = list(db.query("SELECT * FROM policies WHERE version = ?", [version]))
    return from_row(Policy, rows[0]) if rows else None


def insert_policy(db: sqlite_utils.Database, new: Policy) -> Policy:
    row = to_row(new) | {"created_at": _now()}
    cursor = db.execute(
        "INSERT INTO policies (version, title, effective_on, body, created_at,"
        " payment_due_days, max_instalments, payment_method, program_end_rule, review_days)"
        " VALUES (:version, :title, :effective_on, :body, :created_at,"
        " :payment_due_days, :max_instalments, :payment_method, :program_end_rule,"
        " :review_days)",
        row,
    )
    return replace(new, id=cursor.lastrowid)


def update_policy(db: sqlite_utils.Database, changed: Policy) -> None:
    row = to_row(changed) | {"id": changed.id}
    db.execute(
        "UPDATE policies SET title = :title, effective_on = :effective_on, body = :body,"
        " payment_due_days = :payment_due_days, max_instalments = :max_instalments,"
        " payment_method = :payment_method, program_end_rule = :program_end_rule,"
        " review_days = :review_days"
        " WHERE id = :id",
        row,
    )


def policy_in_use(db: sqlite_utils.Database, policy_id: int) -> bool:
    """True when an issued agreement froze this policy version."""
    return bool(
        db.execute(
            "SELECT 1 FROM agreements WHERE policy_id = ? AND terms_sha256 IS NOT NULL",
            [policy_id],
        ).fetchone()
    )


# --- agreements -------------------------------------------------------------------------------


def next_agreement_no(db: sqlite_utils.Database, year: int) -> str:
    """The next free TA-YYYY-NNNN; call inside the transaction that inserts it (no gaps)."""
    prefix = f"TA-{year:04d}-"
    row = db.execute(
        "SELECT max(CAST(substr(agreement_no, 9) AS INTEGER)) FROM agreements"
        " WHERE agreement_no LIKE ?",
        [prefix + "%"],
    ).fetchone()
    return format_agreement_no(year, (row[0] or 0) + 1)


def insert_agreement(db: sqlite_utils.Database, new: Agreement) -> Agreement:
    return insert_record(db, "agreements", new)


def update_agreement(db: sqlite_utils.Database, changed: Agreement) -> None:
    update_record(db, "agreements", changed)


def agreement_by_no(db: sqlite_utils.Database, agreement_no: str) -> Agreement | None:
    rows = list(db.query("SELECT * FROM agreements WHERE agreement_no = ?", [agreement_no]))
    return from_row(Agreement, rows[0]) if rows else None


def agreements_of_path(db: sqlite_utils.Database, path_id: int) -> list[Agreement]:
    rows = db.query("SELECT * FROM agreements WHERE path_id = ? ORDER BY id", [path_id])
    return [from_row(Agreement, r) for r in rows]


def agreements_of_employee(db: sqlite_utils.Database, employee_id: int) -> list[Agreement]:
    rows = db.query(
        "SELECT a.* FROM agreements a JOIN paths p ON p.id = a.path_id"
        " WHERE p.employee_id = ? ORDER BY a.id",
        [employee_id],
    )
    return [from_row(Agreement, r) for r in rows]


def agreements_with_status(db: sqlite_utils.Database, statuses: tuple[str, ...]) -> list[Agreement]:
    marks = ", ".join("?" for _ in statuses)
    rows = db.query(f"SELECT * FROM agreements WHERE status IN ({marks}) ORDER BY id", statuses)
    return [from_row(Agreement, r) for r in rows]


def register_rows(db: sqlite_utils.Database) -> list[dict]:
    """Every agreement with its manager, certification and repayment, for lists and reports."""
    rows = list(
        db.query(
            """
            SELECT a.*, e.employee_no, e.full_name, e.work_state, c.code AS cert_code,
                   r.owed_cents, r.departure_date, r.reason AS departure_reason,
                   r.waived AS repayment_waived, r.forgiven_cents AS repayment_forgiven,
                   r.id AS repayment_id
              FROM agreements a
              JOIN paths p ON p.id = a.path_id
              JOIN employees e ON e.id = p.employee_id
              JOIN certifications c ON c.id = p.certification_id
              LEFT JOIN repayments r ON r.agreement_id = a.id
             ORDER BY a.agreement_no
            """
        )
    )
    # Summed in Python (rows.sum_by_key): an absurd old amount never stops the register.
    received = sum_by_key(db.execute("SELECT repayment_id, amount_cents FROM repayment_payments"))
    for row in rows:
        row["received_cents"] = received.get(row.pop("repayment_id"), 0)
    return rows


# --- documents --------------------------------------------------------------------------------


def insert_document(
    db: sqlite_utils.Database,
    *,
    kind: str,
    filename: str,
    mime: str,
    content: bytes,
    agreement_id: int | None,
) -> Document:
    """Store bytes with their SHA-256; documents never change afterwards (store triggers)."""
    doc = Document(
        kind=kind,
        filename=filename,
        mime=mime,
        sha256=hashlib.sha256(content).hexdigest(),
        size_bytes=len(content),
        created_at=_now(),
        agreement_id=agreement_id,
        content=content,
    )
    row = to_row(doc)
    cursor = db.execute(
        f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join(':' + c for c in row)})",
        row,
    )
    return replace(doc, id=cursor.lastrowid)


def document_list(db: sqlite_utils.Database, agreement_id: int) -> list[Document]:
    """An agreement's documents without their bytes (content left empty), oldest first."""
    rows = db.query(
        "SELECT id, agreement_id, kind, filename, mime, sha256, size_bytes, created_at"
        " FROM documents WHERE agreement_id = ? ORDER BY id",
        [agreement_id],
    )
    return [from_row(Document, r) for r in rows]


def document(db: sqlite_utils.Database, agreement_id: int, document_id: int) -> Document | None:
    """One document of an agreement, with its bytes."""
    rows = list(
        db.query(
            "SELECT * FROM documents WHERE agreement_id = ? AND id = ?", [agreement_id, document_id]
        )
    )
    return from_row(Document, rows[0]) if rows else None


def documents_of(
    db: sqlite_utils.Database, agreement_id: int, kind: str | None = None
) -> list[Document]:
    """An agreement's documents (newest last), with their bytes."""
    sql = "SELECT * FROM documents WHERE agreement_id = ?"
    args: list[object] = [agreement_id]
    if kind:
        sql += " AND kind = ?"
        args.append(kind)
    return [from_row(Document, r) for r in db.query(sql + " ORDER BY id", args)]


def withdraw_document(
    db: sqlite_utils.Database, document_id: int, reason: str, when: str | None = None
) -> None:
    """Mark a stored document withdrawn (its bytes stay as they were handed out)."""
    db.execute(
        "INSERT INTO withdrawn_documents (document_id, withdrawn_at, reason) VALUES (?, ?, ?)",
        (document_id, when or _now(), reason),
    )


def withdrawn_document_ids(db: sqlite_utils.Database, agreement_id: int) -> dict[int, str]:
    """{document id: "reason, when"} for an agreement's withdrawn documents."""
    rows = db.execute(
        "SELECT w.document_id, w.reason, w.withdrawn_at FROM withdrawn_documents w"
        " JOIN documents d ON d.id = w.document_id WHERE d.agreement_id = ?",
        [agreement_id],
    ).fetchall()
    return {doc_id: f"{reason} on {at[:10]}" for doc_id, reason, at in rows}


# --- repayments -------------------------------------------------------------------------------


def insert_repayment(db: sqlite_utils.Database, new: Repayment) -> Repayment:
    return insert_record(db, "repayments", new)


def update_repayment(db: sqlite_utils.Database, changed: Repayment) -> None:
    update_record(db, "repayments", changed)


def repayment_of(db: sqlite_utils.Database, agreement_id: int) -> Repayment | None:
    rows = list(db.query("SELECT * FROM repayments WHERE agreement_id = ?", [agreement_id]))
    return from_row(Repayment, rows[0]) if rows else None


def delete_repayment(db: sqlite_utils.Database, repayment_id: int) -> None:
    """Remove a repayment record (a departure taken back; never once money was received)."""
    db.execute("DELETE FROM repayments WHERE id = ?", [repayment_id])


def insert_payment(db: sqlite_utils.Database, new: RepaymentPayment) -> RepaymentPayment:
    row = to_row(new)
    cursor = db.execute(
        "INSERT INTO repayment_payments (repayment_id, received_on, amount_cents, note, method)"
        " VALUES (:repayment_id, :received_on, :amount_cents, :note, :method)",
        row,
    )
    return replace(new, id=cursor.lastrowid)


def payments_received(db: sqlite_utils.Database, repayment_id: int) -> list[RepaymentPayment]:
    rows = db.query(
        "SELECT * FROM repayment_payments WHERE repayment_id = ? ORDER BY received_on, id",
        [repayment_id],
    )
    return [from_row(RepaymentPayment, r) for r in rows]


def issued_count_by_policy(db: sqlite_utils.Database | sqlite3.Connection) -> dict[int, int]:
    """policy id → how many issued agreements froze that version."""
    return dict(
        db.execute(
            "SELECT policy_id, count(*) FROM agreements WHERE terms_sha256 IS NOT NULL"
            " GROUP BY policy_id"
        ).fetchall()
    )
