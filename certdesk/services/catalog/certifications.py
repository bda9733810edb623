"""Use cases for the certification catalog (CCCM, SWMP, QAMC, CCCS and any other)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from certdesk.core.errors import InvalidInput
from certdesk.core.models import Certification
from certdesk.core.validation import clean_text
from certdesk.store import Store, audit, catalog

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,15}$")


def list_certifications(store: Store) -> list[Certification]:
    """The whole catalog, by code."""
    return catalog.all_certifications(store.db)


def _validity(value: object) -> int | None:
    text = str(value if value is not None else "").strip()
    if not text:
        return None  # never expires
    if not text.isdigit() or not 0 < int(text) <= 600:
        raise InvalidInput(
            "validity_months", f"{text!r}: months from 1 to 600, or empty for never expires"
        )
    return int(text)


def certification_from_fields(
    fields: Mapping[str, object], base: Certification | None = None
) -> Certification:
    """A validated certification from typed-in fields; missing keys keep `base`'s values."""

    def pick(name: str) -> object:
        return fields[name] if name in fields else (getattr(base, name) if base else "")

    code = clean_text(pick("code"), "code", max_len=16, required=True).upper()
    if not _CODE.match(code):
        raise InvalidInput("code", f"{code!r}: use capital letters, digits and '-' (e.g. CCCM)")
    active = pick("active")
    transferable = pick("transferable")
    return Certification(
        code=code,
        name=clean_text(pick("name"), "name", required=True),
        issuer=clean_text(pick("issuer"), "issuer"),
        description=clean_text(pick("description"), "description", max_len=2000),
        validity_months=_validity(pick("validity_months")),
        renewal_requirements=clean_text(
            pick("renewal_requirements"), "renewal_requirements", max_len=2000
        ),
        active=True if active == "" else bool(active),
        transferable=False if transferable == "" else bool(transferable),
        id=base.id if base else None,
    )


def add_certification(store: Store, fields: Mapping[str, object]) -> Certification:
    """Add a credential to the catalog."""
    new = certification_from_fields(fields)
    with store.transaction() as db:
        if catalog.get_by_code(db, new.code) is not None:
            raise InvalidInput("code", f"{new.code} is already in the catalog")
        saved = catalog.insert(db, new)
        audit.record(db, "certification", saved.code, "add", None, saved)
    return saved


def edit_certification(store: Store, code: str, fields: Mapping[str, object]) -> Certification:
    """Change a catalog entry (issuer, validity, renewal...); the code stays."""
    with store.transaction() as db:
        before = catalog.get_by_code(db, (code or "").strip().upper())
        if before is None:
            raise InvalidInput("code", f"{code!r} is not in the catalog")
        after = replace(certification_from_fields(fields, base=before), code=before.code)
        catalog.update(db, after)
        audit.record(db, "certification", after.code, "edit", before, after)
    return after


@dataclass(frozen=True)
class CatalogEntry:
    """A certification a path can be planned toward."""

    code: str
    name: str
    validity_months: int | None


def certifications(store: Store) -> list[CatalogEntry]:
    """The active certifications, by code (what a new path can aim at)."""
    return [
        CatalogEntry(c.code, c.name, c.validity_months)
        for c in catalog.all_certifications(store.db)
        if c.active
    ]
