"""Renewal rules (versioned), cycles, credit activities, attached proofs and receipts, and the
certifications each role requires."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

from certdesk.core.renewal import (
    CategoryCap,
    CreditActivity,
    CreditUnit,
    Cycle,
    RenewalRule,
)


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def _date(value: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(value) if value else None


def _rows(db: Any, sql: str, args: list | tuple = ()) -> list[dict]:
    cursor = db.execute(sql, args)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# --- renewal rules -------------------------------------------------------------------------


def _caps_json(caps: tuple[CategoryCap, ...]) -> str:
    return json.dumps(
        [
            {"category": c.category, "share_bp": c.share_bp, "max_hundredths": c.max_hundredths}
            for c in caps
        ],
        ensure_ascii=False,
    )


def _rule(row: dict) -> RenewalRule:
    caps = tuple(
        CategoryCap(c["category"], c.get("share_bp"), c.get("max_hundredths"))
        for c in json.loads(row["caps_json"])
    )
    return RenewalRule(
        validity_months=row["validity_months"],
        credits_needed=row["credits_needed"],
        unit=CreditUnit(row["unit"]),
        caps=caps,
        fee_cents=row["fee_cents"],
        effective_on=_date(row["effective_on"]),
        version=row["version"],
        note=row["note"],
        certification_id=row["certification_id"],
        id=row["id"],
    )


def rules_of(db: Any, certification_id: int) -> list[RenewalRule]:
    """Every version of one certification's renewal rule, oldest first."""
    return [
        _rule(r)
        for r in _rows(
            db,
            "SELECT * FROM renewal_rules WHERE certification_id = ? ORDER BY version",
            [certification_id],
        )
    ]


def all_rules(db: Any) -> dict[int, list[RenewalRule]]:
    """Every rule version by certification id."""
    out: dict[int, list[RenewalRule]] = {}
    for row in _rows(db, "SELECT * FROM renewal_rules ORDER BY certification_id, version"):
        out.setdefault(row["certification_id"], []).append(_rule(row))
    return out


def insert_rule(db: Any, rule: RenewalRule) -> RenewalRule:
    cursor = db.execute(
        "INSERT INTO renewal_rules (certification_id, version, effective_on, validity_months,"
        " credits_needed, unit, caps_json, fee_cents, note, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            rule.certification_id,
            rule.version,
            rule.effective_on.isoformat() if rule.effective_on else None,
            rule.validity_months,
            rule.credits_needed,
            str(rule.unit),
            _caps_json(rule.caps),
            rule.fee_cents,
            rule.note,
            _now(),
        ],
    )
    return replace(rule, id=cursor.lastrowid)


# --- cycles --------------------------------------------------------------------------------


def _cycle(row: dict) -> Cycle:
    return Cycle(
        path_id=row["path_id"],
        seq=row["seq"],
        starts_on=_dt.date.fromisoformat(row["starts_on"]),
        ends_on=_date(row["ends_on"]),
        renewed_on=_date(row["renewed_on"]),
        renewal_method=row["renewal_method"],
        id=row["id"],
    )


def cycles_of_path(db: Any, path_id: int) -> list[Cycle]:
    return [
        _cycle(r)
        for r in _rows(db, "SELECT * FROM cycles WHERE path_id = ? ORDER BY seq", [path_id])
    ]


def cycles_of_paths(db: Any, path_ids: list[int] | None = None) -> dict[int, list[Cycle]]:
    """Cycles by path id (all paths when path_ids is None), in order."""
    out: dict[int, list[Cycle]] = {}
    if path_ids is None:
        rows = _rows(db, "SELECT * FROM cycles ORDER BY path_id, seq")
    else:
        rows = []
        for start in range(0, len(path_ids), 500):
            chunk = path_ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows += _rows(
                db, f"SELECT * FROM cycles WHERE path_id IN ({marks}) ORDER BY path_id, seq", chunk
            )
    for row in rows:
        out.setdefault(row["path_id"], []).append(_cycle(row))
    return out


def insert_cycle(db: Any, cycle: Cycle) -> Cycle:
    cursor = db.execute(
        "INSERT INTO cycles (path_id, seq, starts_on, ends_on, renewed_on, renewal_method)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            cycle.path_id,
            cycle.seq,
            cycle.starts_on.isoformat(),
            cycle.ends_on.isoformat() if cycle.ends_on else None,
            cycle.renewed_on.isoformat() if cycle.renewed_on else None,
            cycle.renewal_method,
        ],
    )
    return replace(cycle, id=cursor.lastrowid)


def mark_renewed(db: Any, cycle_id: int, renewed_on: _dt.date, method: str) -> None:
    db.execute(
        "UPDATE cycles SET renewed_on = ?, renewal_method = ? WHERE id = ?",
        [renewed_on.isoformat(), method, cycle_id],
    )


# --- credit activities ---------------------------------------------------------------------


def _activity(row: dict) -> CreditActivity:
    return CreditActivity(
        cycle_id=row["cycle_id"],
        earned_on=_dt.date.fromisoformat(row["earned_on"]),
        title=row["title"],
        credits=row["credits"],
        unit=CreditUnit(row["unit"]),
        provider=row["provider"],
        category=row["category"],
        attachment_id=row["attachment_id"],
        id=row["id"],
    )


def activities_of_cycles(db: Any, cycle_ids: list[int]) -> dict[int, list[CreditActivity]]:
    out: dict[int, list[CreditActivity]] = {}
    for start in range(0, len(cycle_ids), 500):
        chunk = cycle_ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in _rows(
            db,
            f"SELECT * FROM credit_activities WHERE cycle_id IN ({marks})"
            " ORDER BY cycle_id, earned_on, id",
            chunk,
        ):
            out.setdefault(row["cycle_id"], []).append(_activity(row))
    return out


def insert_activity(db: Any, activity: CreditActivity) -> CreditActivity:
    cursor = db.execute(
        "INSERT INTO credit_activities (cycle_id, earned_on, title, provider, category, credits,"
        " unit, attachment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            activity.cycle_id,
            activity.earned_on.isoformat(),
            activity.title,
            activity.provider,
            activity.category,
            activity.credits,
            str(activity.unit),
            activity.attachment_id,
        ],
    )
    return replace(activity, id=cursor.lastrowid)


# --- attachments: proofs, receipts ---------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    """An attached file (certificate, transcript, receipt), bytes kept with their SHA-256."""

    kind: str
    filename: str
    mime: str
    sha256: str
    size_bytes: int
    created_at: str
    content: bytes = b""
    id: int | None = None


def insert_attachment(
    db: Any, *, kind: str, filename: str, mime: str, content: bytes
) -> Attachment:
    att = Attachment(
        kind=kind,
        filename=filename,
        mime=mime,
        sha256=hashlib.sha256(content).hexdigest(),
        size_bytes=len(content),
        created_at=_now(),
        content=content,
    )
    cursor = db.execute(
        "INSERT INTO attachments (kind, filename, mime, sha256, size_bytes, content, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [kind, filename, mime, att.sha256, att.size_bytes, content, att.created_at],
    )
    return replace(att, id=cursor.lastrowid)


def attachment(db: Any, attachment_id: int, *, with_content: bool = True) -> Attachment | None:
    columns = "id, kind, filename, mime, sha256, size_bytes, created_at"
    if with_content:
        columns += ", content"
    rows = _rows(db, f"SELECT {columns} FROM attachments WHERE id = ?", [attachment_id])
    return Attachment(**rows[0]) if rows else None


def set_completion_proof(
    db: Any, path_id: int, *, attachment_id: int | None, missing_reason: str, on: _dt.date
) -> None:
    """The proof of a path's completion (or the reason it is missing); a later file replaces
    a reason, and a newer file the older one (the older stays among the attachments)."""
    db.execute(
        "INSERT INTO completion_proofs (path_id, attachment_id, missing_reason, recorded_on)"
        " VALUES (?, ?, ?, ?) ON CONFLICT(path_id) DO UPDATE SET"
        " attachment_id = coalesce(excluded.attachment_id, attachment_id),"
        " missing_reason = excluded.missing_reason, recorded_on = excluded.recorded_on",
        [path_id, attachment_id, missing_reason, on.isoformat()],
    )


def completion_proof(db: Any, path_id: int) -> dict | None:
    rows = _rows(
        db,
        "SELECT p.path_id, p.attachment_id, p.missing_reason, p.recorded_on, a.filename,"
        " a.mime, a.sha256, a.size_bytes FROM completion_proofs p"
        " LEFT JOIN attachments a ON a.id = p.attachment_id WHERE p.path_id = ?",
        [path_id],
    )
    return rows[0] if rows else None


def completion_proofs(db: Any) -> dict[int, dict]:
    """Proof rows by path id (without file content)."""
    return {
        r["path_id"]: r
        for r in _rows(
            db,
            "SELECT path_id, attachment_id, missing_reason, recorded_on FROM completion_proofs",
        )
    }


def set_receipt(db: Any, cost_line_id: int, attachment_id: int) -> None:
    db.execute(
        "INSERT INTO cost_receipts (cost_line_id, attachment_id) VALUES (?, ?)"
        " ON CONFLICT(cost_line_id) DO UPDATE SET attachment_id = excluded.attachment_id",
        [cost_line_id, attachment_id],
    )


def receipts_of_path(db: Any, path_id: int) -> dict[int, dict]:
    """Receipts by cost line id (file name, type, hash, attachment id) for one path."""
    return {
        r["cost_line_id"]: r
        for r in _rows(
            db,
            "SELECT r.cost_line_id, r.attachment_id, a.filename, a.mime, a.sha256"
            " FROM cost_receipts r JOIN cost_lines l ON l.id = r.cost_line_id"
            " JOIN attachments a ON a.id = r.attachment_id WHERE l.path_id = ?",
            [path_id],
        )
    }


# --- role requirements ---------------------------------------------------------------------


def role_requirements(db: Any) -> list[dict]:
    """Every (job title, certification) requirement, with the certification code."""
    return _rows(
        db,
        "SELECT r.id, r.job_title, r.certification_id, c.code FROM role_requirements r"
        " JOIN certifications c ON c.id = r.certification_id ORDER BY r.job_title, c.code",
    )


def add_role_requirement(db: Any, job_title: str, certification_id: int) -> int:
    cursor = db.execute(
        "INSERT INTO role_requirements (job_title, certification_id) VALUES (?, ?)"
        " ON CONFLICT DO NOTHING",
        [job_title, certification_id],
    )
    return cursor.rowcount


def remove_role_requirement(db: Any, job_title: str, certification_id: int) -> int:
    cursor = db.execute(
        "DELETE FROM role_requirements WHERE job_title = ? AND certification_id = ?",
        [job_title, certification_id],
    )
    return cursor.rowcount


# --- the team matrix -----------------------------------------------------------------------


def matrix_source(db: Any) -> tuple[list[tuple], list[tuple], list[tuple], dict[int, Cycle]]:
    """What the team matrix reads, in four queries: active managers (id, employee_no, name,
    site, job title), certifications (id, code, active), their paths (id, employee id,
    certification id, status) and each completed path's latest cycle by path id."""
    managers = db.execute(
        "SELECT id, employee_no, full_name, site, job_title FROM employees"
        " WHERE status = 'active' ORDER BY employee_no"
    ).fetchall()
    certs = db.execute("SELECT id, code, active FROM certifications ORDER BY code").fetchall()
    path_rows = db.execute(
        "SELECT p.id, p.employee_id, p.certification_id, p.status FROM paths p"
        " JOIN employees e ON e.id = p.employee_id WHERE e.status = 'active'"
    ).fetchall()
    latest: dict[int, Cycle] = {}
    for cid, path_id, seq, starts, ends, renewed, method in db.execute(
        "SELECT c.id, c.path_id, c.seq, c.starts_on, c.ends_on, c.renewed_on, c.renewal_method"
        " FROM cycles c JOIN (SELECT path_id, max(seq) AS seq FROM cycles GROUP BY path_id) m"
        " ON m.path_id = c.path_id AND m.seq = c.seq"
    ):
        latest[path_id] = Cycle(
            path_id,
            seq,
            _dt.date.fromisoformat(starts),
            _date(ends),
            _date(renewed),
            method,
            cid,
        )
    return managers, certs, path_rows, latest
