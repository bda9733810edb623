"""Scratch space for one import: the employee numbers already read, in a TEMP table.

A 200 MB file holds over a million numbers; keeping them (with their line) in SQLite's temporary
database instead of a Python dict keeps the import's memory bounded. TEMP tables never touch
the database file, so a dry run or a rejected import leaves it byte for byte unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

_CHUNK = 500


class SeenNumbers:
    """Employee numbers met so far in the file, each with the line it first appeared on."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self._conn = db.conn
        self._conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS import_seen"
            " (employee_no TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID"
        )
        self._conn.execute("DELETE FROM temp.import_seen")

    def first_lines(self, numbers: list[str]) -> dict[str, int]:
        """number → its first line, for the numbers already met."""
        found: dict[str, int] = {}
        for start in range(0, len(numbers), _CHUNK):
            chunk = numbers[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            found.update(
                self._conn.execute(
                    f"SELECT employee_no, line FROM temp.import_seen WHERE employee_no IN ({marks})",
                    chunk,
                )
            )
        return found

    def add(self, lines: dict[str, int]) -> None:
        """Remember numbers (none of them met before) with their lines."""
        self._conn.executemany("INSERT INTO temp.import_seen VALUES (?, ?)", lines.items())

    def clear(self) -> None:
        self._conn.execute("DELETE FROM temp.import_seen")
