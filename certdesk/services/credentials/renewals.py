"""Use cases for credentials over their whole life: renewal rules, cycles, credits, renewals,
proof of completion and receipts. One transaction each; typed arguments (dates, ints, enums)."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from certdesk.core.errors import InvalidInput
from certdesk.core.models import CertificationPath, CostLine
from certdesk.core.renewal import (
    CreditActivity,
    CreditTally,
    CreditUnit,
    Cycle,
    CycleState,
    ProofState,
    RenewalMethod,
    RenewalRule,
    check_activity_date,
    check_renewal,
    check_rule,
    cycle_state,
    first_cycle,
    next_cycle,
    proof_deadline,
    proof_state,
    rule_for,
    tally_credits,
)
from certdesk.core.validation import clean_text
from certdesk.services.scans import ScanFile, read_scan
from certdesk.store import Store, audit, catalog, paths
from certdesk.store import renewals as store

# --- rules ---------------------------------------------------------------------------------


def _cert(db: Any, cert_code: str):
    cert = catalog.get_by_code(db, (cert_code or "").strip().upper())
    if cert is None:
        codes = ", ".join(c.code for c in catalog.all_certifications(db))
        raise InvalidInput("cert_code", f"{cert_code!r} is not in the catalog ({codes})")
    return cert


def rule_versions(store_: Store, cert_code: str) -> list[RenewalRule]:
    """Every version of a certification's renewal rule, oldest first."""
    cert = _cert(store_.db, cert_code)
    return store.rules_of(store_.db, cert.id)


def rule_in_force(db: Any, certification_id: int, starts_on: _dt.date) -> RenewalRule:
    """The rule for a cycle starting on `starts_on`; without a recorded version, the catalog's
    validity with no credits required."""
    found = rule_for(store.rules_of(db, certification_id), starts_on)
    if found is not None:
        return found
    cert = catalog.get(db, certification_id)
    return RenewalRule(validity_months=cert.validity_months if cert else None)


def add_rule_version(store_: Store, cert_code: str, rule: RenewalRule) -> RenewalRule:
    """Record a new version of a certification's renewal rule. It applies to cycles starting on
    or after its effective date; running cycles keep the rule they started under. The catalog's
    validity follows the newest version."""
    check_rule(rule)
    if rule.effective_on is None:
        raise InvalidInput("effective_on", "a rule version needs the date it takes effect")
    with store_.transaction() as db:
        cert = _cert(db, cert_code)
        versions = store.rules_of(db, cert.id)
        if versions and rule.effective_on <= versions[-1].effective_on:
            raise InvalidInput(
                "effective_on",
                f"must be after version {versions[-1].version}'s date "
                f"({versions[-1].effective_on}); rule versions only move forward",
            )
        saved = store.insert_rule(
            db,
            replace(
                rule,
                certification_id=cert.id,
                version=(versions[-1].version + 1) if versions else 1,
                note=clean_text(rule.note, "note", max_len=1000),
            ),
        )
        if cert.validity_months != saved.validity_months:
            after = replace(cert, validity_months=saved.validity_months)
            catalog.update(db, after)
            audit.record(db, "certification", cert.code, "validity", cert, after)
        audit.record(
            db,
            "renewal_rule",
            f"{cert.code} v{saved.version}",
            "add",
            summary=json.dumps(
                {"effective_on": saved.effective_on.isoformat(), "rule": saved.describe()},
                ensure_ascii=False,
            ),
        )
    return saved


# --- cycles ---------------------------------------------------------------------------------


def start_first_cycle(db: Any, path: CertificationPath) -> Cycle:
    """A path was completed: its credential's first cycle (called inside complete_path)."""
    rule = rule_in_force(db, path.certification_id, path.completed_on)
    cycle = store.insert_cycle(db, first_cycle(path.id, path.completed_on, rule.validity_months))
    audit.record(db, "cycle", cycle.id, "start", None, cycle)
    return cycle


def expiry_for_completion(db: Any, certification_id: int, completed_on: _dt.date):
    rule = rule_in_force(db, certification_id, completed_on)
    return first_cycle(0, completed_on, rule.validity_months).ends_on


@dataclass(frozen=True)
class CycleView:
    """One cycle as screens and reports show it."""

    cycle: Cycle
    state: CycleState
    rule: RenewalRule
    tally: CreditTally
    activities: tuple[CreditActivity, ...]


@dataclass(frozen=True)
class CredentialView:
    """A completed path with every cycle of its credential."""

    path_id: int
    cert_code: str
    cert_name: str
    completed_on: _dt.date
    credential_no: str
    cycles: tuple[CycleView, ...]

    @property
    def current(self) -> CycleView | None:
        return self.cycles[-1] if self.cycles else None


def _views(
    db: Any, path_rows: list[dict], today: _dt.date, *, with_activities: bool = True
) -> list[CredentialView]:
    ids = [r["id"] for r in path_rows]
    cycles = store.cycles_of_paths(db, ids)
    cycle_ids = [c.id for cs in cycles.values() for c in cs]
    activities = store.activities_of_cycles(db, cycle_ids) if with_activities else {}
    rules = store.all_rules(db)
    validity = {c.id: c.validity_months for c in catalog.all_certifications(db)}
    out = []
    for row in path_rows:
        cert_id = row["certification_id"]
        views = []
        for cycle in cycles.get(row["id"], []):
            rule = rule_for(rules.get(cert_id, []), cycle.starts_on) or RenewalRule(
                validity.get(cert_id)
            )
            acts = tuple(activities.get(cycle.id, []))
            views.append(
                CycleView(cycle, cycle_state(cycle, today), rule, tally_credits(rule, acts), acts)
            )
        out.append(
            CredentialView(
                path_id=row["id"],
                cert_code=row["cert_code"],
                cert_name=row["cert_name"],
                completed_on=_dt.date.fromisoformat(row["completed_on"]),
                credential_no=row["credential_no"],
                cycles=tuple(views),
            )
        )
    return out


def credentials_of_employee(
    store_: Store, employee_id: int, today: _dt.date | None = None
) -> list[CredentialView]:
    """Every completed path of one manager with all its cycles, credits and states."""
    today = today or _dt.date.today()
    rows = [r for r in paths.for_employee(store_.db, employee_id) if r["status"] == "completed"]
    return _views(store_.db, rows, today)


def credential_of_path(
    store_: Store, path_id: int, today: _dt.date | None = None
) -> CredentialView | None:
    """One path's credential (None if the path is not completed)."""
    path = paths.get(store_.db, CertificationPath, path_id)
    if path is None:
        raise InvalidInput("path_id", f"there is no certification path number {path_id}")
    if path.status != "completed":
        return None
    rows = [r for r in paths.for_employee(store_.db, path.employee_id) if r["id"] == path_id]
    return _views(store_.db, rows, today or _dt.date.today())[0]


def _completed_path(db: Any, path_id: int) -> CertificationPath:
    path = paths.get(db, CertificationPath, path_id)
    if path is None:
        raise InvalidInput("path_id", f"there is no certification path number {path_id}")
    if path.status != "completed":
        raise InvalidInput("path_id", f"path {path_id} is {path.status}, not completed")
    return path


def _latest_cycle(db: Any, path_id: int) -> Cycle:
    cycles = store.cycles_of_path(db, path_id)
    if not cycles:
        raise InvalidInput("path_id", f"path {path_id} has no credential cycle")
    return cycles[-1]


def add_activity(
    store_: Store,
    path_id: int,
    *,
    earned_on: _dt.date,
    title: str,
    credits: int,
    unit: CreditUnit,
    provider: str = "",
    category: str = "",
    proof: Path | None = None,
) -> CreditActivity:
    """Record continuing education earned toward the credential's renewal; it counts in the
    cycle whose dates contain `earned_on`."""
    if credits <= 0:
        raise InvalidInput("credits", "must be more than 0")
    title = clean_text(title, "title", max_len=300, required=True)
    provider = clean_text(provider, "provider", max_len=300)
    category = clean_text(category, "category", max_len=100)
    scan = read_scan(proof, "proof") if proof is not None else None
    with store_.transaction() as db:
        path = _completed_path(db, path_id)
        cycles = store.cycles_of_path(db, path.id)
        cycle = next(
            (
                c
                for c in reversed(cycles)
                if c.starts_on <= earned_on and (c.ends_on is None or earned_on <= c.ends_on)
            ),
            None,
        )
        if cycle is None:
            check_activity_date(cycles[-1], earned_on)  # raises, naming the latest cycle
        attachment_id = None
        if scan is not None:
            att = store.insert_attachment(
                db,
                kind="activity_proof",
                filename=scan.filename,
                mime=scan.mime,
                content=scan.content,
            )
            attachment_id = att.id
        activity = store.insert_activity(
            db,
            CreditActivity(
                cycle_id=cycle.id,
                earned_on=earned_on,
                title=title,
                credits=credits,
                unit=unit,
                provider=provider,
                category=category,
                attachment_id=attachment_id,
            ),
        )
        audit.record(db, "credit_activity", activity.id, "add", None, activity)
    return activity


def renew(
    store_: Store,
    path_id: int,
    *,
    on: _dt.date,
    method: RenewalMethod = RenewalMethod.CREDITS,
    fee_paid_on: _dt.date | None = None,
) -> Cycle:
    """Renew the credential: the latest cycle is marked renewed on `on` and the next cycle
    starts on its expiry under the rule in force then. By credits the rule must be met.

    With `fee_paid_on`, the company paid the rule's renewal fee that day: it becomes a cost line
    of the path like any other (so an agreement on the path can count it)."""
    with store_.transaction() as db:
        path = _completed_path(db, path_id)
        latest = _latest_cycle(db, path.id)
        rule = rule_in_force(db, path.certification_id, latest.starts_on)
        tally = tally_credits(rule, store.activities_of_cycles(db, [latest.id]).get(latest.id, []))
        check_renewal(tally, method)
        if latest.ends_on is None:
            raise InvalidInput(
                "path_id", "this credential never expires; there is nothing to renew"
            )
        next_rule = rule_in_force(db, path.certification_id, latest.ends_on)
        following = next_cycle(latest, next_rule.validity_months, on)
        store.mark_renewed(db, latest.id, on, str(method))
        audit.record(
            db,
            "cycle",
            latest.id,
            "renew",
            latest,
            replace(latest, renewed_on=on, renewal_method=str(method)),
        )
        following = store.insert_cycle(db, following)
        audit.record(db, "cycle", following.id, "start", None, following)
        if fee_paid_on is not None:
            if not rule.fee_cents:
                raise InvalidInput(
                    "fee", "the renewal rule has no fee; add the cost line with its amount"
                )
            cert = catalog.get(db, path.certification_id)
            line = paths.insert(
                db,
                CostLine(
                    path_id=path.id,
                    kind="other",
                    amount_cents=rule.fee_cents,
                    description=f"{cert.code} renewal fee (cycle {following.seq})",
                    paid_by="company",
                    paid_on=fee_paid_on,
                ),
            )
            audit.record(db, "cost_line", line.id, "add", None, line)
        after = replace(path, expires_on=following.ends_on)
        paths.update(db, after)
        audit.record(db, "path", path.id, "renew", path, after)
    return following


# --- proof of completion and receipts -------------------------------------------------------


def record_completion_proof(
    db: Any,
    path: CertificationPath,
    *,
    proof: ScanFile | None,
    missing_reason: str,
    on: _dt.date,
) -> None:
    """Inside a completion (or later): attach the proof, or record why there is none."""
    reason = clean_text(missing_reason, "missing_reason", max_len=1000)
    attachment_id = None
    if proof is not None:
        att = store.insert_attachment(
            db, kind="proof", filename=proof.filename, mime=proof.mime, content=proof.content
        )
        attachment_id = att.id
        summary = {"file": proof.filename, "sha256": att.sha256}
    elif reason:
        summary = {"missing_reason": reason}
    else:
        audit.record(
            db,
            "path",
            path.id,
            "proof_missing",
            summary=json.dumps({"proof": "none attached and no reason given; proof is due"}),
        )
        return
    store.set_completion_proof(
        db, path.id, attachment_id=attachment_id, missing_reason=reason, on=on
    )
    audit.record(
        db,
        "path",
        path.id,
        "proof" if proof is not None else "proof_missing",
        summary=json.dumps(summary, ensure_ascii=False),
    )


def attach_completion_proof(
    store_: Store, path_id: int, file: Path, on: _dt.date | None = None
) -> str:
    """Attach the certificate or transcript to a completed path; returns its SHA-256."""
    scan = read_scan(file, "proof")
    with store_.transaction() as db:
        path = _completed_path(db, path_id)
        record_completion_proof(db, path, proof=scan, missing_reason="", on=on or _dt.date.today())
    return store.completion_proof(store_.db, path_id)["sha256"]


def record_missing_proof(
    store_: Store, path_id: int, reason: str, on: _dt.date | None = None
) -> None:
    """Record why a completed path has no proof (kept in the audit trail)."""
    if not clean_text(reason, "missing_reason", max_len=1000):
        raise InvalidInput("missing_reason", "say why there is no proof of completion")
    with store_.transaction() as db:
        path = _completed_path(db, path_id)
        existing = store.completion_proof(db, path.id)
        if existing and existing["attachment_id"]:
            raise InvalidInput("missing_reason", "this path already has its proof attached")
        record_completion_proof(
            db, path, proof=None, missing_reason=reason, on=on or _dt.date.today()
        )


def attach_receipt(store_: Store, cost_line_id: int, file: Path) -> str:
    """Attach the itemised receipt to a cost line; returns its SHA-256."""
    scan = read_scan(file, "receipt")
    with store_.transaction() as db:
        row = db.execute(
            "SELECT id, path_id FROM cost_lines WHERE id = ?", [cost_line_id]
        ).fetchone()
        if row is None:
            raise InvalidInput("cost_line", f"there is no cost line number {cost_line_id}")
        att = store.insert_attachment(
            db, kind="receipt", filename=scan.filename, mime=scan.mime, content=scan.content
        )
        store.set_receipt(db, cost_line_id, att.id)
        audit.record(
            db,
            "cost_line",
            cost_line_id,
            "receipt",
            summary=json.dumps({"file": scan.filename, "sha256": att.sha256}, ensure_ascii=False),
        )
    return att.sha256


@dataclass(frozen=True)
class ProofView:
    path_id: int
    state: ProofState
    deadline: _dt.date | None
    filename: str = ""
    missing_reason: str = ""
    attachment_id: int | None = None


def _proof_days_by_path(db: Any) -> dict[int, int]:
    """The proof deadline (days after completion) of each path's live agreement."""
    out: dict[int, int] = {}
    for path_id, days in db.execute(
        "SELECT path_id, min(proof_days) FROM agreements"
        " WHERE status NOT IN ('draft', 'voided') GROUP BY path_id"
    ).fetchall():
        out[path_id] = days
    return out


def proof_of_path(store_: Store, path_id: int, today: _dt.date | None = None) -> ProofView | None:
    """The proof of completion of a completed path (None for other paths)."""
    path = paths.get(store_.db, CertificationPath, path_id)
    if path is None or path.status != "completed":
        return None
    row = store.completion_proof(store_.db, path_id) or {}
    days = _proof_days_by_path(store_.db).get(path_id)
    deadline = proof_deadline(path.completed_on, days)
    return ProofView(
        path_id=path_id,
        state=proof_state(
            bool(row.get("attachment_id")),
            row.get("missing_reason") or "",
            deadline,
            today or _dt.date.today(),
        ),
        deadline=deadline,
        filename=row.get("filename") or "",
        missing_reason=row.get("missing_reason") or "",
        attachment_id=row.get("attachment_id"),
    )


def proof_views(store_: Store, today: _dt.date | None = None) -> dict[int, ProofView]:
    """Proof state of every completed path of an active manager, by path id."""
    today = today or _dt.date.today()
    db = store_.db
    proofs = store.completion_proofs(db)
    days = _proof_days_by_path(db)
    out = {}
    for path_id, completed_on in db.execute(
        "SELECT p.id, p.completed_on FROM paths p JOIN employees e ON e.id = p.employee_id"
        " WHERE p.status = 'completed' AND e.status = 'active'"
    ).fetchall():
        row = proofs.get(path_id, {})
        deadline = proof_deadline(_dt.date.fromisoformat(completed_on), days.get(path_id))
        out[path_id] = ProofView(
            path_id=path_id,
            state=proof_state(
                bool(row.get("attachment_id")), row.get("missing_reason") or "", deadline, today
            ),
            deadline=deadline,
            missing_reason=row.get("missing_reason") or "",
            attachment_id=row.get("attachment_id"),
        )
    return out


def receipts_of_path(store_: Store, path_id: int) -> dict[int, dict]:
    """Receipts attached to a path's cost lines, by cost line id."""
    return store.receipts_of_path(store_.db, path_id)


@dataclass(frozen=True)
class CredentialPanel:
    """What the manager's screen shows about credentials: every cycle of every credential,
    and each completed path's proof."""

    credentials: tuple[CredentialView, ...]
    proofs: dict[int, ProofView]


def credential_panel(
    store_: Store, employee_id: int, today: _dt.date | None = None
) -> CredentialPanel:
    today = today or _dt.date.today()
    views = credentials_of_employee(store_, employee_id, today)
    proofs = {}
    for view in views:
        proof = proof_of_path(store_, view.path_id, today)
        if proof is not None:
            proofs[view.path_id] = proof
    return CredentialPanel(tuple(views), proofs)
