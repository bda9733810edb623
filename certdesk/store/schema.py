"""The schema as forward-only migrations. Each migration is a list of statements run in one
transaction; a database records every applied version in schema_version.

Never edit a released migration: add a new one. tests/store/test_schema.py pins the result.
"""

from __future__ import annotations

import datetime as _dt
import json

from certdesk.core.states import US_STATES, normalize_work_state
from certdesk.core.validation import manager_keys, remove_invisible


# A column holding an ISO date: NULL or a real YYYY-MM-DD day. date(x) alone returns
# '2026-02-30' unchanged; with a modifier it goes through the calendar and gives '2026-03-02'.
def _iso(col: str, nullable: bool = True) -> str:
    check = f"date({col}, '+0 days') IS {col} AND length({col}) = 10"
    return f"({col} IS NULL OR ({check}))" if nullable else f"({check})"


MIGRATION_1 = [
    """CREATE TABLE schema_version (
        version INTEGER PRIMARY KEY,
        applied_at TEXT NOT NULL,
        description TEXT NOT NULL
    ) STRICT""",
    f"""CREATE TABLE employees (
        id INTEGER PRIMARY KEY,
        employee_no TEXT NOT NULL UNIQUE CHECK (length(trim(employee_no)) > 0),
        full_name TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
        email TEXT NOT NULL DEFAULT '',
        job_title TEXT NOT NULL DEFAULT '',
        site TEXT NOT NULL DEFAULT '',
        work_state TEXT NOT NULL DEFAULT '',
        hire_date TEXT CHECK {_iso("hire_date")},
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'departed')),
        departure_date TEXT CHECK {_iso("departure_date")},
        departure_reason TEXT NOT NULL DEFAULT '',
        CHECK ((status = 'active') = (departure_date IS NULL)),
        CHECK (departure_date IS NULL OR hire_date IS NULL OR departure_date >= hire_date)
    ) STRICT""",
    """CREATE TABLE certifications (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        issuer TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        validity_months INTEGER CHECK (validity_months IS NULL OR validity_months > 0),
        renewal_requirements TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
    ) STRICT""",
    f"""CREATE TABLE paths (
        id INTEGER PRIMARY KEY,
        employee_id INTEGER NOT NULL REFERENCES employees(id),
        certification_id INTEGER NOT NULL REFERENCES certifications(id),
        status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN
            ('planned', 'approved', 'enrolled', 'completed', 'withdrawn', 'failed')),
        target_date TEXT CHECK {_iso("target_date")},
        enrolled_on TEXT CHECK {_iso("enrolled_on")},
        completed_on TEXT CHECK {_iso("completed_on")},
        credential_no TEXT NOT NULL DEFAULT '',
        expires_on TEXT CHECK {_iso("expires_on")},
        notes TEXT NOT NULL DEFAULT '',
        CHECK ((status = 'completed') = (completed_on IS NOT NULL)),
        CHECK (expires_on IS NULL OR (completed_on IS NOT NULL AND expires_on > completed_on))
    ) STRICT""",
    f"""CREATE TABLE cost_lines (
        id INTEGER PRIMARY KEY,
        path_id INTEGER NOT NULL REFERENCES paths(id),
        kind TEXT NOT NULL CHECK (kind IN
            ('tuition', 'exam', 'materials', 'travel', 'class_wages', 'other')),
        description TEXT NOT NULL DEFAULT '',
        amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
        paid_by TEXT NOT NULL DEFAULT 'company' CHECK (paid_by IN ('company', 'employee')),
        paid_on TEXT CHECK {_iso("paid_on")},
        repayable INTEGER NOT NULL DEFAULT 1 CHECK (repayable IN (0, 1)),
        CHECK (kind <> 'class_wages' OR repayable = 0)
    ) STRICT""",
    f"""CREATE TABLE class_sessions (
        id INTEGER PRIMARY KEY,
        path_id INTEGER NOT NULL REFERENCES paths(id),
        session_date TEXT NOT NULL CHECK {_iso("session_date", nullable=False)},
        hours_away REAL NOT NULL CHECK (hours_away > 0 AND hours_away <= 24),
        note TEXT NOT NULL DEFAULT ''
    ) STRICT""",
    f"""CREATE TABLE plan_items (
        id INTEGER PRIMARY KEY,
        path_id INTEGER NOT NULL REFERENCES paths(id),
        commitment TEXT NOT NULL CHECK (length(trim(commitment)) > 0),
        due_date TEXT CHECK {_iso("due_date")},
        done_on TEXT CHECK {_iso("done_on")},
        outcome TEXT NOT NULL DEFAULT ''
    ) STRICT""",
    """CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        action TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT ''
    ) STRICT""",
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX idx_paths_employee ON paths(employee_id)",
    "CREATE INDEX idx_paths_certification ON paths(certification_id)",
    "CREATE INDEX idx_cost_lines_path ON cost_lines(path_id)",
    "CREATE INDEX idx_class_sessions_path ON class_sessions(path_id)",
    "CREATE INDEX idx_plan_items_path ON plan_items(path_id)",
    "CREATE INDEX idx_audit_entity ON audit_log(entity, entity_id)",
    # The catalog seed from DESIGN.md; no prices are invented, issuers are editable.
    """INSERT INTO certifications (code, name, issuer, description) VALUES
        ('CCCM', 'Certified Call Center Manager', '', 'Leadership of a call center operation.'),
        ('SWMP', 'Certified Workforce Management Professional', '',
            'Forecasting, scheduling and real-time management of contact-center staff.'),
        ('QAMC', 'Quality Assurance Mastery Certification', '',
            'Quality monitoring, calibration and coaching programmes.'),
        ('CCCS', 'Certified Contact Center Supervisor', '',
            'Front-line supervision of agents in a contact center.')""",
]

MIGRATION_2 = [
    f"""CREATE TABLE policies (
        id INTEGER PRIMARY KEY,
        version INTEGER NOT NULL UNIQUE CHECK (version > 0),
        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
        effective_on TEXT NOT NULL CHECK {_iso("effective_on", nullable=False)},
        body TEXT NOT NULL CHECK (length(trim(body)) > 0),
        created_at TEXT NOT NULL
    ) STRICT""",
    f"""CREATE TABLE agreements (
        id INTEGER PRIMARY KEY,
        agreement_no TEXT NOT NULL UNIQUE CHECK (agreement_no GLOB 'TA-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]*'),
        path_id INTEGER NOT NULL REFERENCES paths(id),
        policy_id INTEGER NOT NULL REFERENCES policies(id),
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued', 'signed',
            'in_commitment', 'fulfilled', 'repayment_due', 'repaid', 'waived', 'voided')),
        amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
        months INTEGER NOT NULL CHECK (months >= 1),
        schedule TEXT NOT NULL CHECK (schedule IN ('prorated', 'stepped', 'full', 'tiers')),
        tiers TEXT NOT NULL DEFAULT '',
        clock TEXT NOT NULL DEFAULT 'commitment' CHECK (clock IN ('commitment', 'per_payment')),
        start_rule TEXT NOT NULL DEFAULT 'completion' CHECK (start_rule IN ('completion', 'signing')),
        waived_reasons TEXT NOT NULL DEFAULT '',
        completion_deadline TEXT CHECK {_iso("completion_deadline")},
        proof_days INTEGER NOT NULL DEFAULT 30 CHECK (proof_days >= 0),
        terms_json TEXT,
        terms_sha256 TEXT CHECK (terms_sha256 IS NULL OR length(terms_sha256) = 64),
        created_on TEXT NOT NULL CHECK {_iso("created_on", nullable=False)},
        issued_on TEXT CHECK {_iso("issued_on")},
        signed_on TEXT CHECK {_iso("signed_on")},
        commitment_start TEXT CHECK {_iso("commitment_start")},
        void_reason TEXT NOT NULL DEFAULT '',
        CHECK ((status = 'draft') = (terms_sha256 IS NULL) OR status = 'voided'),
        CHECK (status IN ('draft', 'voided') OR (terms_json IS NOT NULL AND issued_on IS NOT NULL)),
        CHECK (signed_on IS NULL OR signed_on >= issued_on),
        CHECK (status <> 'voided' OR length(trim(void_reason)) > 0)
    ) STRICT""",
    # Issued terms are frozen: only status, signing, commitment start and void reason move.
    """CREATE TRIGGER agreements_terms_frozen BEFORE UPDATE ON agreements
       WHEN OLD.terms_sha256 IS NOT NULL AND (
            NEW.agreement_no IS NOT OLD.agreement_no OR NEW.path_id IS NOT OLD.path_id
         OR NEW.policy_id IS NOT OLD.policy_id OR NEW.amount_cents IS NOT OLD.amount_cents
         OR NEW.months IS NOT OLD.months OR NEW.schedule IS NOT OLD.schedule
         OR NEW.tiers IS NOT OLD.tiers OR NEW.clock IS NOT OLD.clock
         OR NEW.start_rule IS NOT OLD.start_rule OR NEW.waived_reasons IS NOT OLD.waived_reasons
         OR NEW.completion_deadline IS NOT OLD.completion_deadline
         OR NEW.proof_days IS NOT OLD.proof_days OR NEW.terms_json IS NOT OLD.terms_json
         OR NEW.terms_sha256 IS NOT OLD.terms_sha256 OR NEW.issued_on IS NOT OLD.issued_on)
       BEGIN SELECT RAISE(ABORT, 'issued agreement terms cannot change; void it and draft a new one'); END""",
    """CREATE TRIGGER agreements_kept BEFORE DELETE ON agreements
       BEGIN SELECT RAISE(ABORT, 'agreements are never deleted; void it instead'); END""",
    # A policy version that an issued agreement used is immutable.
    """CREATE TRIGGER policies_used_frozen BEFORE UPDATE ON policies
       WHEN EXISTS (SELECT 1 FROM agreements WHERE policy_id = OLD.id AND terms_sha256 IS NOT NULL)
       BEGIN SELECT RAISE(ABORT, 'this policy version is part of an issued agreement; create a new version instead'); END""",
    """CREATE TRIGGER policies_used_kept BEFORE DELETE ON policies
       WHEN EXISTS (SELECT 1 FROM agreements WHERE policy_id = OLD.id)
       BEGIN SELECT RAISE(ABORT, 'this policy version is used by an agreement'); END""",
    """CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        agreement_id INTEGER REFERENCES agreements(id),
        kind TEXT NOT NULL CHECK (kind IN
            ('acknowledgment', 'signed_copy', 'repayment_statement', 'report')),
        filename TEXT NOT NULL,
        mime TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
        content BLOB NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT""",
    """CREATE TRIGGER documents_frozen BEFORE UPDATE ON documents
       BEGIN SELECT RAISE(ABORT, 'stored documents never change'); END""",
    """CREATE TRIGGER documents_kept BEFORE DELETE ON documents
       BEGIN SELECT RAISE(ABORT, 'stored documents are never deleted'); END""",
    f"""CREATE TABLE repayments (
        id INTEGER PRIMARY KEY,
        agreement_id INTEGER NOT NULL UNIQUE REFERENCES agreements(id),
        departure_date TEXT NOT NULL CHECK {_iso("departure_date", nullable=False)},
        reason TEXT NOT NULL,
        owed_cents INTEGER NOT NULL CHECK (owed_cents >= 0),
        waived INTEGER NOT NULL DEFAULT 0 CHECK (waived IN (0, 1)),
        waiver_note TEXT NOT NULL DEFAULT '',
        calculation_json TEXT NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT""",
    f"""CREATE TABLE repayment_payments (
        id INTEGER PRIMARY KEY,
        repayment_id INTEGER NOT NULL REFERENCES repayments(id),
        received_on TEXT NOT NULL CHECK {_iso("received_on", nullable=False)},
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        note TEXT NOT NULL DEFAULT ''
    ) STRICT""",
    "CREATE INDEX idx_agreements_path ON agreements(path_id)",
    "CREATE INDEX idx_agreements_policy ON agreements(policy_id)",
    "CREATE INDEX idx_documents_agreement ON documents(agreement_id)",
    "CREATE INDEX idx_repayment_payments_repayment ON repayment_payments(repayment_id)",
]

# Earlier spellings of departure reasons and what they read as now (core.reasons).
_LEGACY_REASONS = "('terminated_without_cause', 'terminated_for_cause')"
_NOW = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"


def _state_case(col: str) -> str:
    """SQL giving the normalised work state of `col` (unknown text unchanged)."""
    names = {name.upper(): code for code, name in US_STATES.items()}
    names.update({code: code for code in US_STATES})
    whens = " ".join(
        f"WHEN '{text.replace(chr(39), chr(39) * 2)}' THEN '{normalize_work_state(code)}'"
        for text, code in sorted(names.items())
    )
    return (
        f"CASE upper(trim({col})) {whens} "
        f"ELSE CASE WHEN length(trim({col})) = 2 AND upper(trim({col})) GLOB '[A-Z][A-Z]' "
        f"THEN upper(trim({col})) ELSE {col} END END"
    )


MIGRATION_3 = [
    # Catalog: may the credential be used with other employers (CA AB 692, NY)?
    "ALTER TABLE certifications ADD COLUMN transferable INTEGER NOT NULL DEFAULT 0 "
    "CHECK (transferable IN (0, 1))",
    # Departure reasons say who ended the employment; the old value is kept in the audit trail.
    f"""INSERT INTO audit_log (at, entity, entity_id, action, summary)
        SELECT {_NOW}, 'employee', employee_no, 'reason_renamed',
               json_object('changed', json_object('departure_reason',
                   json_array(departure_reason, 'dismissed_other')))
        FROM employees WHERE departure_reason IN {_LEGACY_REASONS}""",
    f"UPDATE employees SET departure_reason = 'dismissed_other' "
    f"WHERE departure_reason IN {_LEGACY_REASONS}",
    f"""INSERT INTO audit_log (at, entity, entity_id, action, summary)
        SELECT {_NOW}, 'agreement', a.agreement_no, 'reason_renamed',
               json_object('changed', json_object('reason', json_array(r.reason, 'dismissed_other')))
        FROM repayments r JOIN agreements a ON a.id = r.agreement_id
        WHERE r.reason IN {_LEGACY_REASONS}""",
    f"UPDATE repayments SET reason = 'dismissed_other' WHERE reason IN {_LEGACY_REASONS}",
    # Drafts only: issued terms are frozen and read through core.reasons.upgrade_reason.
    f"""INSERT INTO audit_log (at, entity, entity_id, action, summary)
        SELECT {_NOW}, 'agreement', agreement_no, 'reason_renamed',
               json_object('changed', json_object('waived_reasons', json_array(waived_reasons,
                   replace(replace(waived_reasons, 'terminated_without_cause', 'dismissed_other'),
                           'terminated_for_cause', 'dismissed_other'))))
        FROM agreements WHERE terms_sha256 IS NULL AND waived_reasons LIKE '%terminated_%'""",
    """UPDATE agreements SET waived_reasons = replace(replace(waived_reasons,
           'terminated_without_cause', 'dismissed_other'), 'terminated_for_cause', 'dismissed_other')
       WHERE terms_sha256 IS NULL AND waived_reasons LIKE '%terminated_%'""",
    # Work states as codes ("California" → "CA", " ny" → "NY").
    f"""INSERT INTO audit_log (at, entity, entity_id, action, summary)
        SELECT {_NOW}, 'employee', employee_no, 'state_normalised',
               json_object('changed', json_object('work_state',
                   json_array(work_state, {_state_case("work_state")})))
        FROM employees WHERE work_state IS NOT {_state_case("work_state")}""",
    f"UPDATE employees SET work_state = {_state_case('work_state')} "
    f"WHERE work_state IS NOT {_state_case('work_state')}",
]


# Issue 15: a cost line's payment state, and plan items closed with a withdrawn or failed path.
MIGRATION_4 = [
    # A line is paid on a date or explicitly "not yet paid" (committed, not spent); older files
    # may hold company-paid lines without a date: `certdesk check` lists them.
    """ALTER TABLE cost_lines ADD COLUMN not_yet_paid INTEGER NOT NULL DEFAULT 0
        CHECK (not_yet_paid IN (0, 1) AND (not_yet_paid = 0 OR paid_on IS NULL))""",
    """CREATE TRIGGER cost_lines_paid_state_insert BEFORE INSERT ON cost_lines
       WHEN NEW.paid_by = 'company' AND NEW.paid_on IS NULL AND NEW.not_yet_paid = 0
       BEGIN SELECT RAISE(ABORT, 'a company-paid cost needs its paid-on date or "not yet paid"'); END""",
    """CREATE TRIGGER cost_lines_paid_state_update BEFORE UPDATE ON cost_lines
       WHEN NEW.paid_by = 'company' AND NEW.paid_on IS NULL AND NEW.not_yet_paid = 0
        AND (OLD.paid_by IS NOT 'company' OR OLD.paid_on IS NOT NULL OR OLD.not_yet_paid = 1)
       BEGIN SELECT RAISE(ABORT, 'a company-paid cost needs its paid-on date or "not yet paid"'); END""",
    # What a manager committed to do after certifying no longer applies once the path is
    # withdrawn or failed: the item is closed on that day (done items keep their done date).
    f"""ALTER TABLE plan_items ADD COLUMN not_applicable_on TEXT
        CHECK ({_iso("not_applicable_on")} AND (not_applicable_on IS NULL OR done_on IS NULL))""",
    """CREATE TRIGGER plan_items_close_with_path AFTER UPDATE OF status ON paths
       WHEN NEW.status IN ('withdrawn', 'failed') AND OLD.status IS NOT NEW.status
       BEGIN
         UPDATE plan_items SET not_applicable_on = date('now', 'localtime')
          WHERE path_id = NEW.id AND done_on IS NULL AND not_applicable_on IS NULL;
       END""",
    # Existing items of paths already withdrawn or failed: closed on the day the path ended
    # (from the audit log), or today when the log does not say.
    """UPDATE plan_items SET not_applicable_on = coalesce(
            (SELECT substr(max(l.at), 1, 10) FROM audit_log l
              WHERE l.entity = 'path' AND l.entity_id = CAST(plan_items.path_id AS TEXT)
                AND l.action IN ('withdrawn', 'failed')),
            date('now', 'localtime'))
        WHERE done_on IS NULL AND path_id IN
              (SELECT id FROM paths WHERE status IN ('withdrawn', 'failed'))""",
]


# Undoing a departure (services/departure_undo.py) cannot delete the repayment statement it
# stored (documents are immutable): the statement is kept and marked withdrawn here, with why.
MIGRATION_6 = [
    """CREATE TABLE withdrawn_documents (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id),
        withdrawn_at TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0)
    ) STRICT""",
    """CREATE TRIGGER withdrawn_documents_frozen BEFORE UPDATE ON withdrawn_documents
       BEGIN SELECT RAISE(ABORT, 'a withdrawn document stays withdrawn'); END""",
    """CREATE TRIGGER withdrawn_documents_kept BEFORE DELETE ON withdrawn_documents
       BEGIN SELECT RAISE(ABORT, 'a withdrawn document stays withdrawn'); END""",
]


# Credentials for their whole life (issue 16): renewal rules per catalog item (versioned like
# policies), cycles of each completed path, continuing-education credits, attached proofs and
# receipts, and the certifications each role requires. Existing completed paths get cycle 1
# from their completion to their expiry.
MIGRATION_7 = [
    f"""CREATE TABLE renewal_rules (
        id INTEGER PRIMARY KEY,
        certification_id INTEGER NOT NULL REFERENCES certifications(id),
        version INTEGER NOT NULL CHECK (version > 0),
        effective_on TEXT NOT NULL CHECK {_iso("effective_on", nullable=False)},
        validity_months INTEGER CHECK (validity_months IS NULL OR validity_months BETWEEN 1 AND 600),
        credits_needed INTEGER NOT NULL DEFAULT 0 CHECK (credits_needed >= 0),
        unit TEXT NOT NULL DEFAULT 'hours' CHECK (unit IN ('ceu', 'hours')),
        caps_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(caps_json)),
        fee_cents INTEGER NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        UNIQUE (certification_id, version),
        UNIQUE (certification_id, effective_on),
        CHECK (validity_months IS NOT NULL OR credits_needed = 0)
    ) STRICT""",
    """CREATE TRIGGER renewal_rules_frozen BEFORE UPDATE ON renewal_rules
       BEGIN SELECT RAISE(ABORT, 'renewal rule versions never change; add a new version'); END""",
    """CREATE TRIGGER renewal_rules_kept BEFORE DELETE ON renewal_rules
       BEGIN SELECT RAISE(ABORT, 'renewal rule versions are kept as history'); END""",
    """CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('proof', 'receipt', 'activity_proof')),
        filename TEXT NOT NULL CHECK (length(trim(filename)) > 0),
        mime TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
        content BLOB NOT NULL,
        created_at TEXT NOT NULL,
        CHECK (size_bytes = length(content))
    ) STRICT""",
    """CREATE TRIGGER attachments_frozen BEFORE UPDATE ON attachments
       BEGIN SELECT RAISE(ABORT, 'attached files never change'); END""",
    """CREATE TRIGGER attachments_kept BEFORE DELETE ON attachments
       BEGIN SELECT RAISE(ABORT, 'attached files are never deleted'); END""",
    f"""CREATE TABLE completion_proofs (
        id INTEGER PRIMARY KEY,
        path_id INTEGER NOT NULL UNIQUE REFERENCES paths(id),
        attachment_id INTEGER REFERENCES attachments(id),
        missing_reason TEXT NOT NULL DEFAULT '',
        recorded_on TEXT NOT NULL CHECK {_iso("recorded_on", nullable=False)},
        CHECK (attachment_id IS NOT NULL OR length(trim(missing_reason)) > 0)
    ) STRICT""",
    """CREATE TABLE cost_receipts (
        id INTEGER PRIMARY KEY,
        cost_line_id INTEGER NOT NULL UNIQUE REFERENCES cost_lines(id) ON DELETE CASCADE,
        attachment_id INTEGER NOT NULL REFERENCES attachments(id)
    ) STRICT""",
    f"""CREATE TABLE cycles (
        id INTEGER PRIMARY KEY,
        path_id INTEGER NOT NULL REFERENCES paths(id),
        seq INTEGER NOT NULL CHECK (seq >= 1),
        starts_on TEXT NOT NULL CHECK {_iso("starts_on", nullable=False)},
        ends_on TEXT CHECK {_iso("ends_on")},
        renewed_on TEXT CHECK {_iso("renewed_on")},
        renewal_method TEXT NOT NULL DEFAULT '' CHECK (renewal_method IN ('', 'credits', 'exam')),
        UNIQUE (path_id, seq),
        CHECK (ends_on IS NULL OR ends_on > starts_on),
        CHECK ((renewed_on IS NULL) = (renewal_method = '')),
        CHECK (renewed_on IS NULL OR ends_on IS NOT NULL)
    ) STRICT""",
    f"""CREATE TABLE credit_activities (
        id INTEGER PRIMARY KEY,
        cycle_id INTEGER NOT NULL REFERENCES cycles(id),
        earned_on TEXT NOT NULL CHECK {_iso("earned_on", nullable=False)},
        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
        provider TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL DEFAULT '',
        credits INTEGER NOT NULL CHECK (credits > 0),
        unit TEXT NOT NULL CHECK (unit IN ('ceu', 'hours')),
        attachment_id INTEGER REFERENCES attachments(id)
    ) STRICT""",
    """CREATE TABLE role_requirements (
        id INTEGER PRIMARY KEY,
        job_title TEXT NOT NULL CHECK (length(trim(job_title)) > 0),
        certification_id INTEGER NOT NULL REFERENCES certifications(id),
        UNIQUE (job_title, certification_id)
    ) STRICT""",
    "CREATE INDEX idx_renewal_rules_certification ON renewal_rules(certification_id)",
    "CREATE INDEX idx_completion_proofs_attachment ON completion_proofs(attachment_id)",
    "CREATE INDEX idx_cost_receipts_attachment ON cost_receipts(attachment_id)",
    "CREATE INDEX idx_credit_activities_cycle ON credit_activities(cycle_id)",
    "CREATE INDEX idx_credit_activities_attachment ON credit_activities(attachment_id)",
    "CREATE INDEX idx_role_requirements_certification ON role_requirements(certification_id)",
    # Every completed path holds its credential: cycle 1 from completion to the stored expiry.
    """INSERT INTO cycles (path_id, seq, starts_on, ends_on)
       SELECT id, 1, completed_on, expires_on FROM paths
        WHERE status = 'completed' AND completed_on IS NOT NULL ORDER BY id""",
]


MIGRATION_8 = [
    # How a balance owed at departure is repaid, per policy version (frozen at issue).
    "ALTER TABLE policies ADD COLUMN payment_due_days INTEGER NOT NULL DEFAULT 30 "
    "CHECK (payment_due_days BETWEEN 0 AND 365)",
    "ALTER TABLE policies ADD COLUMN max_instalments INTEGER NOT NULL DEFAULT 12 "
    "CHECK (max_instalments BETWEEN 1 AND 120)",
    "ALTER TABLE policies ADD COLUMN payment_method TEXT NOT NULL DEFAULT ''",
    # A bounded obligation: what a failed, withdrawn or overdue program means, per version.
    "ALTER TABLE policies ADD COLUMN program_end_rule TEXT NOT NULL DEFAULT 'clock_from_end' "
    "CHECK (program_end_rule IN ('clock_from_end', 'before_start_due', 'nothing_owed'))",
    f"ALTER TABLE paths ADD COLUMN ended_on TEXT CHECK {_iso('ended_on')}",
    # Paths withdrawn or failed before: the day of that move, as the audit trail recorded it.
    """UPDATE paths SET ended_on = (
           SELECT substr(max(a.at), 1, 10) FROM audit_log a
            WHERE a.entity = 'path' AND a.entity_id = CAST(paths.id AS TEXT)
              AND a.action IN ('withdrawn', 'failed'))
       WHERE status IN ('withdrawn', 'failed')""",
]


# The commitment-start notice is a new kind of stored document: the table is rebuilt with the
# wider CHECK (SQLite cannot alter one), every row kept with its id (withdrawn_documents points
# at them), its triggers and index recreated. Leaves of absence of a manager: unpaid leave
# pauses the commitment clock (core.leave).
DOCUMENT_KINDS_V9 = (
    "acknowledgment",
    "signed_copy",
    "repayment_statement",
    "report",
    "commitment_notice",
)
_DOCUMENT_COLUMNS = (
    "id, agreement_id, kind, filename, mime, sha256, size_bytes, content, created_at"
)
MIGRATION_9 = [
    # Rows of withdrawn_documents point at documents: with the check deferred to the commit,
    # dropping the old table counts them as missing and inserting the rows back, ids kept, into
    # the new table (which is "documents" by then) counts them as found again.
    "PRAGMA defer_foreign_keys = ON",
    f"CREATE TEMP TABLE documents_before_v9 AS SELECT {_DOCUMENT_COLUMNS} FROM documents",
    "DROP TRIGGER documents_frozen",
    "DROP TRIGGER documents_kept",
    "DROP INDEX idx_documents_agreement",
    "DROP TABLE documents",
    f"""CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        agreement_id INTEGER REFERENCES agreements(id),
        kind TEXT NOT NULL CHECK (kind IN
            ({", ".join(repr(kind) for kind in DOCUMENT_KINDS_V9)})),
        filename TEXT NOT NULL,
        mime TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
        content BLOB NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT""",
    f"""INSERT INTO documents ({_DOCUMENT_COLUMNS})
       SELECT {_DOCUMENT_COLUMNS} FROM temp.documents_before_v9 ORDER BY id""",
    "DROP TABLE temp.documents_before_v9",
    """CREATE TRIGGER documents_frozen BEFORE UPDATE ON documents
       BEGIN SELECT RAISE(ABORT, 'stored documents never change'); END""",
    """CREATE TRIGGER documents_kept BEFORE DELETE ON documents
       BEGIN SELECT RAISE(ABORT, 'stored documents are never deleted'); END""",
    "CREATE INDEX idx_documents_agreement ON documents(agreement_id)",
    f"""CREATE TABLE leaves (
        id INTEGER PRIMARY KEY,
        employee_id INTEGER NOT NULL REFERENCES employees(id),
        first_day TEXT NOT NULL CHECK {_iso("first_day", nullable=False)},
        last_day TEXT NOT NULL CHECK {_iso("last_day", nullable=False)},
        paid INTEGER NOT NULL CHECK (paid IN (0, 1)),
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        CHECK (last_day >= first_day)
    ) STRICT""",
    "CREATE INDEX idx_leaves_employee ON leaves(employee_id, first_day)",
]


MIGRATION_11 = [
    # Who teaches a path's course and its first and last day (printed on new agreements).
    "ALTER TABLE paths ADD COLUMN provider TEXT NOT NULL DEFAULT ''",
    f"ALTER TABLE paths ADD COLUMN course_start TEXT CHECK {_iso('course_start')}",
    f"ALTER TABLE paths ADD COLUMN course_end TEXT CHECK ({_iso('course_end')}"
    " AND (course_end IS NULL OR course_start IS NULL OR course_end >= course_start))",
    # Business days a manager has to review an agreement before signing, per policy version.
    "ALTER TABLE policies ADD COLUMN review_days INTEGER NOT NULL DEFAULT 5 "
    "CHECK (review_days BETWEEN 0 AND 30)",
]


# Issue 11 (payments, hardship, deduction authorization): payments carry their method; a
# hardship decision may forgive part of a balance; each plan a statement printed is kept (the
# instalments payments are allocated to); the signed CD-103 on file and its revocation.
MIGRATION_10 = [
    "ALTER TABLE repayment_payments ADD COLUMN method TEXT NOT NULL DEFAULT '' "
    "CHECK (method IN ('', 'cheque', 'transfer', 'payroll_deduction', 'other'))",
    "ALTER TABLE repayments ADD COLUMN forgiven_cents INTEGER NOT NULL DEFAULT 0 "
    "CHECK (forgiven_cents >= 0 AND forgiven_cents <= owed_cents)",
    f"""CREATE TABLE repayment_plans (
        id INTEGER PRIMARY KEY,
        repayment_id INTEGER NOT NULL REFERENCES repayments(id) ON DELETE CASCADE,
        plan_no INTEGER NOT NULL CHECK (plan_no >= 1),
        issued_on TEXT NOT NULL CHECK {_iso("issued_on", nullable=False)},
        first_due TEXT NOT NULL CHECK {_iso("first_due", nullable=False)},
        dispute_by TEXT NOT NULL CHECK {_iso("dispute_by", nullable=False)},
        no_lump_sum INTEGER NOT NULL CHECK (no_lump_sum IN (0, 1)),
        balance_cents INTEGER NOT NULL CHECK (balance_cents > 0),
        credited_cents INTEGER NOT NULL DEFAULT 0 CHECK (credited_cents >= 0),
        instalments_json TEXT NOT NULL CHECK (json_valid(instalments_json)),
        cause TEXT NOT NULL CHECK (cause IN ('departure', 'hardship')),
        UNIQUE (repayment_id, plan_no)
    ) STRICT""",
    """CREATE TRIGGER repayment_plans_frozen BEFORE UPDATE ON repayment_plans
       BEGIN SELECT RAISE(ABORT, 'a repayment plan that was printed never changes'); END""",
    f"""CREATE TABLE hardship_decisions (
        id INTEGER PRIMARY KEY,
        repayment_id INTEGER NOT NULL REFERENCES repayments(id),
        decided_on TEXT NOT NULL CHECK {_iso("decided_on", nullable=False)},
        outcome TEXT NOT NULL CHECK (outcome IN ('granted_full', 'granted_part', 'refused')),
        new_owed_cents INTEGER CHECK (new_owed_cents IS NULL OR new_owed_cents > 0),
        decided_by TEXT NOT NULL CHECK (length(trim(decided_by)) > 0),
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        recorded_at TEXT NOT NULL,
        CHECK ((outcome = 'granted_part') = (new_owed_cents IS NOT NULL))
    ) STRICT""",
    """CREATE TRIGGER hardship_decisions_frozen BEFORE UPDATE ON hardship_decisions
       BEGIN SELECT RAISE(ABORT, 'a recorded decision never changes; record a new one'); END""",
    """CREATE TRIGGER hardship_decisions_kept BEFORE DELETE ON hardship_decisions
       BEGIN SELECT RAISE(ABORT, 'recorded decisions are never deleted'); END""",
    f"""CREATE TABLE deduction_authorizations (
        id INTEGER PRIMARY KEY,
        agreement_id INTEGER NOT NULL REFERENCES agreements(id),
        signed_on TEXT NOT NULL CHECK {_iso("signed_on", nullable=False)},
        max_per_period_cents INTEGER NOT NULL CHECK (max_per_period_cents > 0),
        revoked_on TEXT CHECK {_iso("revoked_on")},
        scan_filename TEXT NOT NULL DEFAULT '',
        scan_mime TEXT NOT NULL DEFAULT '',
        scan_sha256 TEXT NOT NULL DEFAULT '' CHECK (scan_sha256 = '' OR length(scan_sha256) = 64),
        scan_content BLOB,
        recorded_at TEXT NOT NULL,
        CHECK (revoked_on IS NULL OR revoked_on >= signed_on),
        CHECK ((scan_content IS NULL) = (scan_sha256 = ''))
    ) STRICT""",
    # Only the revocation is ever written after the fact, once.
    """CREATE TRIGGER deduction_authorizations_frozen BEFORE UPDATE ON deduction_authorizations
       WHEN OLD.revoked_on IS NOT NULL OR NEW.agreement_id IS NOT OLD.agreement_id
         OR NEW.signed_on IS NOT OLD.signed_on
         OR NEW.max_per_period_cents IS NOT OLD.max_per_period_cents
         OR NEW.scan_sha256 IS NOT OLD.scan_sha256 OR NEW.scan_content IS NOT OLD.scan_content
         OR NEW.recorded_at IS NOT OLD.recorded_at
       BEGIN SELECT RAISE(ABORT, 'a deduction authorization on file only gets its revocation'); END""",
    """CREATE TRIGGER deduction_authorizations_kept BEFORE DELETE ON deduction_authorizations
       BEGIN SELECT RAISE(ABORT, 'a deduction authorization on file is kept'); END""",
    "CREATE UNIQUE INDEX idx_deduction_authorizations_one_in_force "
    "ON deduction_authorizations(agreement_id) WHERE revoked_on IS NULL",
    "CREATE INDEX idx_deduction_authorizations_agreement ON deduction_authorizations(agreement_id)",
    "CREATE INDEX idx_hardship_decisions_repayment ON hardship_decisions(repayment_id)",
]


# Every table the window edits carries a row version, bumped by every UPDATE from any face
# (window, command line, an older certdesk, a hand edit): a save from a screen that showed an
# older version is refused with both values instead of silently undoing the other change.
ROW_VERSION_TABLES = (
    "employees",
    "certifications",
    "paths",
    "cost_lines",
    "class_sessions",
    "plan_items",
    "policies",
    "agreements",
)


def _row_version(table: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1"
        " CHECK (row_version >= 1)",
        # Only when the UPDATE did not set a new version itself; the inner UPDATE does not
        # fire the trigger again (recursive triggers are off).
        f"""CREATE TRIGGER {table}_row_version AFTER UPDATE ON {table}
       WHEN NEW.row_version = OLD.row_version
       BEGIN UPDATE {table} SET row_version = OLD.row_version + 1 WHERE id = NEW.id; END""",
    ]


# Text columns of managers cleaned of invisible format characters (zero-width space, BOM,
# direction marks...) by migration 5, as every new input is (core.validation.remove_invisible).
_CLEANED_COLUMNS = ("full_name", "email", "job_title", "site")


def _remove_invisible_from_managers(conn) -> None:
    """Migration 5's data step: names as they print and search, each change audited."""

    stamp = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    columns = ", ".join(_CLEANED_COLUMNS)
    rows = conn.execute(f"SELECT id, employee_no, {columns} FROM employees").fetchall()
    for row_id, employee_no, *values in rows:
        cleaned = [remove_invisible(v).strip() for v in values]
        changed = {
            column: {"before": old, "after": new}
            for column, old, new in zip(_CLEANED_COLUMNS, values, cleaned, strict=True)
            if old != new and (new or column != "full_name")  # a name never becomes empty
        }
        if not changed:
            continue
        sets = ", ".join(f"{column} = ?" for column in changed)
        conn.execute(
            f"UPDATE employees SET {sets} WHERE id = ?",
            [v["after"] for v in changed.values()] + [row_id],
        )
        conn.execute(
            "INSERT INTO audit_log (at, entity, entity_id, action, summary) VALUES (?, ?, ?, ?, ?)",
            (
                stamp,
                "employee",
                employee_no,
                "remove_invisible_characters",
                json.dumps(changed, ensure_ascii=True),
            ),
        )


MIGRATION_5: list = [
    *(statement for table in ROW_VERSION_TABLES for statement in _row_version(table)),
    _remove_invisible_from_managers,
]


# Managers' search keys (core.validation.manager_keys), folded once when a manager is written
# instead of for every row each time a list loads, in a table of their own so that writing
# them never moves a manager's row version. A change to a folded field by anything that does
# not refresh the keys (a hand edit) drops them, and a manager without keys is folded when
# read (store.employees): a stale key can never be found. The covering index serves the
# managers list's paths and next deadline without reading the paths' rows.
def _fold_manager_keys(conn) -> None:
    """Migration 12's data step: every manager's keys, folded once."""
    rows = conn.execute("SELECT id, employee_no, full_name, email, site FROM employees").fetchall()
    conn.executemany(
        "INSERT INTO employee_keys (employee_id, name_key, search_key) VALUES (?, ?, ?)",
        [
            (rid, *manager_keys(number, name, email, site))
            for rid, number, name, email, site in rows
        ],
    )


MIGRATION_12: list = [
    """CREATE TABLE employee_keys (
        employee_id INTEGER PRIMARY KEY REFERENCES employees(id) ON DELETE CASCADE,
        name_key TEXT NOT NULL,
        search_key TEXT NOT NULL
    ) STRICT""",
    """CREATE TRIGGER employee_keys_stale AFTER UPDATE OF employee_no, full_name, email, site
       ON employees
       WHEN NEW.employee_no IS NOT OLD.employee_no OR NEW.full_name IS NOT OLD.full_name
            OR NEW.email IS NOT OLD.email OR NEW.site IS NOT OLD.site
       BEGIN DELETE FROM employee_keys WHERE employee_id = NEW.id; END""",
    # Also when foreign keys are off (the sqlite3 shell's default): no key outlives its manager,
    # which the checks on opening would report as a broken reference.
    """CREATE TRIGGER employee_keys_gone AFTER DELETE ON employees
       BEGIN DELETE FROM employee_keys WHERE employee_id = OLD.id; END""",
    # In path order within each manager (the order the list's path codes are joined in).
    "CREATE INDEX idx_paths_employee_list"
    " ON paths(employee_id, id, status, certification_id, target_date, expires_on)",
    _fold_manager_keys,
]


# Every migration in order: (version, description, statements). A statement is SQL text, or a
# function of the connection for a data step SQL cannot express (run in the same transaction).
MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "managers, catalog, certification paths, costs, sessions, plans, audit, settings",
        MIGRATION_1,
    ),
    (2, "policies, agreements, documents, repayments", MIGRATION_2),
    (
        3,
        "transferable credentials, departure reasons by who ended it, work states as codes",
        MIGRATION_3,
    ),
    (4, "cost lines paid or not yet paid; plan items not applicable", MIGRATION_4),
    (
        5,
        "row versions on edited records; invisible characters removed from managers' names",
        MIGRATION_5,
    ),
    (6, "withdrawn documents (statements of an undone departure)", MIGRATION_6),
    (
        7,
        "renewal rules, cycles, credit activities, proofs and receipts, role requirements",
        MIGRATION_7,
    ),
    (8, "payment terms and the end of a program per policy version; paths' end dates", MIGRATION_8),
    (9, "commitment-start notices among stored documents; leaves of absence", MIGRATION_9),
    (
        10,
        "payment methods, repayment plans, hardship decisions, deduction authorizations on file",
        MIGRATION_10,
    ),
    (11, "paths' provider and course dates; review period per policy version", MIGRATION_11),
    (12, "managers' search keys folded once; an index for the managers list", MIGRATION_12),
]


def latest_version() -> int:
    """The schema version this certdesk writes."""
    return MIGRATIONS[-1][0]
