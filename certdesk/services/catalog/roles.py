"""The certifications each role (job title) requires: what the team matrix measures readiness by."""

from __future__ import annotations

import json
from collections.abc import Iterable

from certdesk.core.errors import InvalidInput
from certdesk.core.validation import clean_text
from certdesk.store import Store, audit, catalog
from certdesk.store import renewals as store


def role_requirements(store_: Store) -> dict[str, list[str]]:
    """Job title → the certification codes it requires (titles and codes sorted)."""
    out: dict[str, list[str]] = {}
    for row in store.role_requirements(store_.db):
        out.setdefault(row["job_title"], []).append(row["code"])
    return out


def set_role_requirements(store_: Store, job_title: str, codes: Iterable[str]) -> list[str]:
    """Replace what a job title requires; returns the codes now required."""
    title = clean_text(job_title, "job_title", max_len=200, required=True)
    wanted = sorted({c.strip().upper() for c in codes if c.strip()})
    with store_.transaction() as db:
        certs = {c.code: c for c in catalog.all_certifications(db)}
        unknown = [c for c in wanted if c not in certs]
        if unknown:
            raise InvalidInput(
                "certs", f"{', '.join(unknown)} not in the catalog ({', '.join(sorted(certs))})"
            )
        before = role_requirements(store_).get(title, [])
        for code in set(before) - set(wanted):
            store.remove_role_requirement(db, title, certs[code].id)
        for code in wanted:
            store.add_role_requirement(db, title, certs[code].id)
        if before != wanted:
            audit.record(
                db,
                "role",
                title,
                "require",
                summary=json.dumps({"before": before, "after": wanted}, ensure_ascii=False),
            )
    return wanted
