"""Use cases for settings: company name, currency symbol, page size, §127 limit."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass

from certdesk.core.errors import InvalidInput
from certdesk.core.money import parse_cents
from certdesk.core.validation import clean_text
from certdesk.store import Store, audit
from certdesk.store import settings as settings_store

PAGE_SIZES = ("letter", "a4")


@dataclass(frozen=True)
class Settings:
    """The settings as typed values."""

    company_name: str
    currency_symbol: str
    page_size: str
    section_127_limit_cents: int
    hr_contact: str = ""
    signer_name: str = ""
    signer_title: str = ""
    logo: bytes = b""  # PNG or JPEG printed on the agreement form; b"" for none

    @property
    def company_is_placeholder(self) -> bool:
        """True until the coordinator has named the company (nothing should be issued)."""
        return self.company_name.strip() in ("", settings_store.PLACEHOLDER_COMPANY)

    @property
    def hr_signer(self) -> str:
        """ "Dana Reyes, HR Director" for the HR signature line ('' if not set)."""
        return ", ".join(p for p in (self.signer_name, self.signer_title) if p)


def get_settings(store: Store) -> Settings:
    """Current settings, defaults filled in."""
    raw = settings_store.get_all(store.db)
    return settings_from(raw)


def settings_from(raw: Mapping[str, str]) -> Settings:
    """The typed settings from the stored key/value text (defaults filled in)."""

    return Settings(
        company_name=raw["company_name"],
        currency_symbol=raw["currency_symbol"],
        page_size=raw["page_size"],
        section_127_limit_cents=int(raw["section_127_limit_cents"]),
        hr_contact=raw["hr_contact"],
        signer_name=raw.get("signer_name", ""),
        signer_title=raw.get("signer_title", ""),
        logo=base64.b64decode(raw.get("logo", "") or b""),
    )


MAX_LOGO_BYTES = 512 * 1024
_LOGO_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def check_logo(data: bytes) -> bytes:
    """A logo the forms can print: PNG or JPEG, at most 512 KB (b"" removes it)."""
    if not data:
        return b""
    if not data.startswith(_LOGO_MAGIC):
        raise InvalidInput("logo", "the logo must be a PNG or JPEG image")
    if len(data) > MAX_LOGO_BYTES:
        raise InvalidInput("logo", "the logo is larger than 512 KB; use a smaller image")
    return data


def update_settings(
    store: Store, fields: Mapping[str, str], *, logo: bytes | None = None
) -> Settings:
    """Change the settings given (text as typed; the §127 limit as an amount like 5,250.00).

    `logo`: new image bytes, b"" to remove the logo, None to leave it as it is.
    """

    values: dict[str, str] = {}
    for key in ("signer_name", "signer_title"):
        if key in fields:
            values[key] = clean_text(fields[key], key, max_len=120)
    if logo is not None:
        values["logo"] = base64.b64encode(check_logo(logo)).decode("ascii")
    if "company_name" in fields:
        values["company_name"] = clean_text(fields["company_name"], "company_name", required=True)
    if "currency_symbol" in fields:
        values["currency_symbol"] = clean_text(
            fields["currency_symbol"], "currency_symbol", max_len=4
        )
    if "page_size" in fields:
        size = str(fields["page_size"]).strip().lower()
        if size not in PAGE_SIZES:
            raise InvalidInput("page_size", f"{size!r}: choose Letter or A4")
        values["page_size"] = size
    if "hr_contact" in fields:
        values["hr_contact"] = clean_text(fields["hr_contact"], "hr_contact", max_len=200)
    if "section_127_limit" in fields:
        cents = parse_cents(str(fields["section_127_limit"]), "section_127_limit")
        values["section_127_limit_cents"] = str(cents)
    with store.transaction() as db:
        before = get_settings(store)
        for key, value in values.items():
            settings_store.put(db, key, value)
        after = get_settings(store)
        audit.record(db, "settings", "*", "edit", before, after)
    return after
