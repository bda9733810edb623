"""The certification catalog."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from certdesk.core.models import Certification
from certdesk.store.rows import from_row, to_row


def all_certifications(db: sqlite_utils.Database) -> list[Certification]:
    return [
        from_row(Certification, r) for r in db.query("SELECT * FROM certifications ORDER BY code")
    ]


def get_by_code(db: sqlite_utils.Database, code: str) -> Certification | None:
    rows = list(db.query("SELECT * FROM certifications WHERE code = ?", [code]))
    return from_row(Certification, rows[0]) if rows else None


def get(db: sqlite_utils.Database, cert_id: int) -> Certification | None:
    rows = list(db.query("SELECT * FROM certifications WHERE id = ?", [cert_id]))
    return from_row(Certification, rows[0]) if rows else None


def insert(db: sqlite_utils.Database, cert: Certification) -> Certification:
    row = to_row(cert)
    cursor = db.execute(
        "INSERT INTO certifications (code, name, issuer, description, validity_months,"
        " renewal_requirements, active, transferable) VALUES (:code, :name, :issuer,"
        " :description, :validity_months, :renewal_requirements, :active, :transferable)",
        row,
    )
    return replace(cert, id=cursor.lastrowid)


def update(db: sqlite_utils.Database, cert: Certification) -> None:
    row = to_row(cert)
    row["id"] = cert.id
    db.execute(
        "UPDATE certifications SET code = :code, name = :name, issuer = :issuer,"
        " description = :description, validity_months = :validity_months,"
        " renewal_requirements = :renewal_requirements, active = :active,"
        " transferable = :transferable WHERE id = :id",
        row,
    )
