"""Key/value settings (company name, currency symbol, page size, §127 limit...)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

PLACEHOLDER_COMPANY = "Your Company"  # until the coordinator names the company (first run)
DEFAULTS: dict[str, str] = {
    "company_name": PLACEHOLDER_COMPANY,
    "signer_name": "",  # who signs the agreements for HR (printed under the HR signature)
    "signer_title": "",
    "logo": "",  # a small PNG or JPEG, base64, printed at the top of the agreement form
    "currency_symbol": "$",
    "page_size": "letter",
    "section_127_limit_cents": "525000",
    "hr_contact": "",  # printed on statements: who to write to (name, e-mail, phone)
}


def get_all(db: sqlite_utils.Database) -> dict[str, str]:
    """Every setting, defaults filled in."""
    values = dict(DEFAULTS)
    values.update({r["key"]: r["value"] for r in db.query("SELECT key, value FROM settings")})
    return values


def put(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def get_one(conn: sqlite3.Connection, key: str) -> str | None:
    """One stored setting (no default), through the plain connection: used while opening,
    when the settings table may not exist yet (sqlite3.OperationalError)."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None
