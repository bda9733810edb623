"""The audit log: one row per change, written in the same transaction as the change."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from dataclasses import asdict, is_dataclass
from typing import TYPE_CHECKING, Any

from certdesk.store.rows import stored_text

if TYPE_CHECKING:
    import sqlite_utils


def _plain(record: Any) -> dict[str, Any] | None:
    if record is None:
        return None
    if is_dataclass(record):
        data = {k: stored_text(record, k, getattr(record, k), v) for k, v in asdict(record).items()}
    else:
        data = dict(record)
    return {k: _value(v) for k, v in data.items()}


def _value(value: Any) -> Any:
    """A JSON-ready value: dates as ISO text, bytes (a logo) as their size and SHA-256."""
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"{len(value)} bytes, sha256 {hashlib.sha256(value).hexdigest()[:12]}"
    return value


def summarize(before: Any, after: Any) -> str:
    """A JSON summary: the fields that changed, with their old and new values."""
    old, new = _plain(before), _plain(after)
    if old is None or new is None:
        return json.dumps({"before": old, "after": new}, ensure_ascii=False, sort_keys=True)
    changed = {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}
    return json.dumps({"changed": changed}, ensure_ascii=False, sort_keys=True)


def record(
    db: sqlite_utils.Database,
    entity: str,
    entity_id: object,
    action: str,
    before: Any = None,
    after: Any = None,
    *,
    summary: str | None = None,
) -> None:
    """Write one audit row. Call inside the use case's transaction."""
    db.execute(
        "INSERT INTO audit_log (at, entity, entity_id, action, summary) VALUES (?, ?, ?, ?, ?)",
        (
            _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            entity,
            str(entity_id),
            action,
            summary if summary is not None else summarize(before, after),
        ),
    )


def entries(
    db: sqlite_utils.Database, entity: str | None = None, entity_id: object = None
) -> list[dict]:
    """Audit rows, newest first, optionally for one entity."""
    sql = "SELECT * FROM audit_log"
    args: list[object] = []
    if entity is not None:
        sql += " WHERE entity = ?"
        args.append(entity)
        if entity_id is not None:
            sql += " AND entity_id = ?"
            args.append(str(entity_id))
    return list(db.query(sql + " ORDER BY id DESC", args))
