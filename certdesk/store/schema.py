"""The schema as forward-only migrations. Each migration is a list of statements run in one
transaction; a database records every applied version in schema_version.

Never edit a released migration: add a new one. tests/store/test_schema.py pins the result.
"""

from __future__ import annotations


# A column holding an ISO date: NULL or a real YYYY-MM-DD day (date() normalises 2026-02-30).
def _iso(col: str, nullable: bool = True) -> str:
    check = f"date({col}) IS {col} AND length({col}) = 10"
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

# Every migration in order: (version, description, statements).
MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "managers, catalog, certification paths, costs, sessions, plans, audit, settings", MIGRATION_1),
]


def latest_version() -> int:
    """The schema version this certdesk writes."""
    return MIGRATIONS[-1][0]
