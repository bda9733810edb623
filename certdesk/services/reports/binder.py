"""The audit binder: everything about one manager (or the whole company over a date range) in
one PDF — paths and cycles with credits, agreements with their terms hash and issued form,
every attached scan, payments and repayments, and the audit trail lines."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from certdesk.core.errors import InvalidInput
from certdesk.core.models import ClassSession, CostLine, PlanItem
from certdesk.core.repayment import format_tiers
from certdesk.files import write_bytes_atomically
from certdesk.services.credentials.renewals import (
    CredentialView,
    ProofView,
    credential_of_path,
    proof_of_path,
)
from certdesk.services.managers import get_manager
from certdesk.store import Store, audit, paths
from certdesk.store import agreements as agreement_store
from certdesk.store import renewals as renewal_store
from certdesk.store import settings as settings_store


@dataclass(frozen=True)
class Scan:
    """A file placed in the binder: PDF pages appended, images placed on a page."""

    title: str
    filename: str
    mime: str
    sha256: str
    content: bytes


@dataclass(frozen=True)
class AgreementPart:
    agreement_no: str
    status: str
    policy_version: int | None
    amount_cents: int
    months: int
    schedule: str
    tiers: str
    clock: str
    start_rule: str
    waived_reasons: str
    proof_days: int
    created_on: _dt.date
    issued_on: _dt.date | None
    signed_on: _dt.date | None
    commitment_start: _dt.date | None
    terms_sha256: str
    void_reason: str
    documents: list[tuple[str, str, str, str]]  # kind, file name, created, sha256
    repayment: dict | None
    payments: list[tuple[_dt.date, int, str]]


@dataclass(frozen=True)
class PathPart:
    path_id: int
    cert_code: str
    cert_name: str
    status: str
    target_date: _dt.date | None
    enrolled_on: _dt.date | None
    completed_on: _dt.date | None
    credential_no: str
    expires_on: _dt.date | None
    costs: list[CostLine]
    receipts: dict[int, str]  # cost line id → file name
    sessions: list[ClassSession]
    plan: list[PlanItem]
    credential: CredentialView | None
    proof: ProofView | None
    agreements: list[AgreementPart]


@dataclass(frozen=True)
class ManagerPart:
    employee_no: str
    full_name: str
    job_title: str
    site: str
    work_state: str
    hire_date: _dt.date | None
    status: str
    departure_date: _dt.date | None
    departure_reason: str
    paths: list[PathPart]
    scans: list[Scan]
    audit_lines: list[tuple[str, str, str, str, str]]  # at, entity, id, action, summary


@dataclass(frozen=True)
class BinderContent:
    company_name: str
    currency_symbol: str
    page_size: str
    generated_on: _dt.date
    title: str
    period: tuple[_dt.date, _dt.date] | None
    managers: list[ManagerPart] = field(default_factory=list)


def _in_period(at: str, period: tuple[_dt.date, _dt.date] | None) -> bool:
    if period is None:
        return True
    day = at[:10]
    return period[0].isoformat() <= day <= period[1].isoformat()


def _manager_part(
    store: Store, employee_no: str, today: _dt.date, period: tuple[_dt.date, _dt.date] | None
) -> ManagerPart:
    db = store.db
    employee = get_manager(store, employee_no)
    scans: list[Scan] = []
    keys: set[tuple[str, str]] = {("employee", employee.employee_no)}
    path_parts = []
    for row in paths.for_employee(db, employee.id):
        path_id = row["id"]
        keys.add(("path", str(path_id)))
        costs = paths.children(db, CostLine, path_id)
        sessions = paths.children(db, ClassSession, path_id)
        plan = paths.children(db, PlanItem, path_id)
        keys |= {("cost_line", str(c.id)) for c in costs}
        keys |= {("class_session", str(s.id)) for s in sessions}
        keys |= {("plan_item", str(i.id)) for i in plan}
        receipts = renewal_store.receipts_of_path(db, path_id)
        for line_id, receipt in sorted(receipts.items()):
            att = renewal_store.attachment(db, receipt["attachment_id"])
            scans.append(
                Scan(
                    f"Receipt — {row['cert_code']} cost line {line_id}",
                    att.filename,
                    att.mime,
                    att.sha256,
                    att.content,
                )
            )
        credential = credential_of_path(store, path_id, today)
        proof = proof_of_path(store, path_id, today)
        if proof is not None and proof.attachment_id:
            att = renewal_store.attachment(db, proof.attachment_id)
            scans.append(
                Scan(
                    f"Proof of completion — {row['cert_code']}",
                    att.filename,
                    att.mime,
                    att.sha256,
                    att.content,
                )
            )
        if credential is not None:
            for view in credential.cycles:
                keys.add(("cycle", str(view.cycle.id)))
                for act in view.activities:
                    keys.add(("credit_activity", str(act.id)))
                    if act.attachment_id:
                        att = renewal_store.attachment(db, act.attachment_id)
                        scans.append(
                            Scan(
                                f"Credit activity — {act.title} ({act.earned_on})",
                                att.filename,
                                att.mime,
                                att.sha256,
                                att.content,
                            )
                        )
        agreement_parts = []
        for agreement in agreement_store.agreements_of_path(db, path_id):
            keys.add(("agreement", agreement.agreement_no))
            policy = agreement_store.policy(db, agreement.policy_id)
            documents = agreement_store.documents_of(db, agreement.id)
            for doc in documents:
                label = {
                    "acknowledgment": "Issued form",
                    "signed_copy": "Signed copy",
                    "repayment_statement": "Repayment statement",
                    "commitment_notice": "Commitment-start notice",
                }.get(doc.kind, doc.kind.replace("_", " ").capitalize())
                scans.append(
                    Scan(
                        f"{label} — {agreement.agreement_no}",
                        doc.filename,
                        doc.mime,
                        doc.sha256,
                        doc.content,
                    )
                )
            repayment = agreement_store.repayment_of(db, agreement.id)
            payments = (
                agreement_store.payments_received(db, repayment.id) if repayment is not None else []
            )
            agreement_parts.append(
                AgreementPart(
                    agreement_no=agreement.agreement_no,
                    status=agreement.status,
                    policy_version=policy.version if policy else None,
                    amount_cents=agreement.amount_cents,
                    months=agreement.months,
                    schedule=agreement.schedule,
                    tiers=format_tiers(agreement.tiers) if agreement.tiers else "",
                    clock=agreement.clock,
                    start_rule=agreement.start_rule,
                    waived_reasons=",".join(agreement.waived_reasons),
                    proof_days=agreement.proof_days,
                    created_on=agreement.created_on,
                    issued_on=agreement.issued_on,
                    signed_on=agreement.signed_on,
                    commitment_start=agreement.commitment_start,
                    terms_sha256=agreement.terms_sha256 or "",
                    void_reason=agreement.void_reason,
                    documents=[
                        (d.kind, d.filename, d.created_at[:10], d.sha256) for d in documents
                    ],
                    repayment=(
                        {
                            "departure_date": repayment.departure_date,
                            "reason": repayment.reason,
                            "owed_cents": repayment.owed_cents,
                            "waived": repayment.waived,
                            "waiver_note": repayment.waiver_note,
                        }
                        if repayment is not None
                        else None
                    ),
                    payments=[(p.received_on, p.amount_cents, p.note) for p in payments],
                )
            )
        path_parts.append(
            PathPart(
                path_id=path_id,
                cert_code=row["cert_code"],
                cert_name=row["cert_name"],
                status=row["status"],
                target_date=_date(row["target_date"]),
                enrolled_on=_date(row["enrolled_on"]),
                completed_on=_date(row["completed_on"]),
                credential_no=row["credential_no"],
                expires_on=_date(row["expires_on"]),
                costs=costs,
                receipts={k: v["filename"] for k, v in receipts.items()},
                sessions=sessions,
                plan=plan,
                credential=credential,
                proof=proof,
                agreements=agreement_parts,
            )
        )
    lines = []
    for entity in {e for e, _ in keys}:
        for entry in audit.entries(db, entity):
            if (entry["entity"], entry["entity_id"]) in keys and _in_period(entry["at"], period):
                lines.append(
                    (
                        entry["at"],
                        entry["entity"],
                        entry["entity_id"],
                        entry["action"],
                        _summary_text(entry["summary"]),
                        entry["id"],
                    )
                )
    lines.sort(key=lambda line: line[5])
    return ManagerPart(
        employee_no=employee.employee_no,
        full_name=employee.full_name,
        job_title=employee.job_title,
        site=employee.site,
        work_state=employee.work_state,
        hire_date=employee.hire_date,
        status=employee.status,
        departure_date=employee.departure_date,
        departure_reason=employee.departure_reason,
        paths=path_parts,
        scans=scans,
        audit_lines=[line[:5] for line in lines],
    )


def _date(text: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(text) if text else None


def _summary_text(summary: str) -> str:
    """An audit summary as short readable text ("field: old → new; ...")."""
    try:
        data = json.loads(summary)
    except (TypeError, ValueError):
        return summary or ""
    if isinstance(data, dict) and "changed" in data:
        parts = [f"{k}: {v[0]} → {v[1]}" for k, v in data["changed"].items()]
        return "; ".join(parts) or "no field changed"
    if isinstance(data, dict) and set(data) == {"before", "after"}:
        after = data["after"] or {}
        if isinstance(after, dict):
            shown = {k: v for k, v in after.items() if v not in (None, "", 0) and k != "id"}
            return "; ".join(f"{k}: {v}" for k, v in list(shown.items())[:8])
    if isinstance(data, dict):
        return "; ".join(f"{k}: {v}" for k, v in data.items())
    return str(data)


def binder_content(
    store: Store,
    employee_no: str | None = None,
    *,
    period: tuple[_dt.date, _dt.date] | None = None,
    today: _dt.date | None = None,
) -> BinderContent:
    """One manager's binder, or (employee_no None) the whole company's for a date range: every
    manager with an audit line in the period."""
    today = today or _dt.date.today()
    settings = settings_store.get_all(store.db)
    if employee_no is not None:
        part = _manager_part(store, employee_no, today, period)
        numbers = [part]
        title = f"Audit binder — {part.full_name} ({part.employee_no})"
    else:
        if period is None:
            raise InvalidInput(
                "from", "the company binder covers a date range: give --from and --to"
            )
        if period[1] < period[0]:
            raise InvalidInput("to", f"{period[1]} is before {period[0]}")
        candidates = [
            r[0]
            for r in store.db.execute(
                "SELECT employee_no FROM employees ORDER BY employee_no"
            ).fetchall()
        ]
        numbers = [
            part
            for part in (_manager_part(store, n, today, period) for n in candidates)
            if part.audit_lines
        ]
        title = f"Audit binder — {settings['company_name'] or 'the company'}, {period[0]} to {period[1]}"
    return BinderContent(
        company_name=settings["company_name"],
        currency_symbol=settings["currency_symbol"],
        page_size=settings["page_size"],
        generated_on=today,
        title=title,
        period=period,
        managers=numbers,
    )


def binder_pdf(
    store: Store,
    employee_no: str | None = None,
    *,
    period: tuple[_dt.date, _dt.date] | None = None,
    today: _dt.date | None = None,
) -> bytes:
    from certdesk.forms.binder import render_binder

    return render_binder(binder_content(store, employee_no, period=period, today=today))


def write_binder(
    store: Store,
    employee_no: str | None,
    output: Path,
    *,
    period: tuple[_dt.date, _dt.date] | None = None,
    today: _dt.date | None = None,
) -> Path:

    if output.suffix.lower() != ".pdf":
        raise InvalidInput("output", f"{output.name}: the binder is a PDF; name it FILE.pdf")
    return write_bytes_atomically(
        output, binder_pdf(store, employee_no, period=period, today=today)
    )
