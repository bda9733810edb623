"""Column definitions for the window's tables (what each column shows and how it sorts)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as _dt

from certdesk.core.money import format_cents
from certdesk.gui.widgets.table_model import Column

_DIGITS = re.compile(r"(\d+)")
_fold: Callable[[str], str] | None = None


@lru_cache(maxsize=4096)  # sites, codes and repeated names fold once per list
def fold(text: str) -> str:
    """certdesk.core.validation.fold: case and accents ignored ("Łukasz" → "lukasz").

    Imported on first use: it brings the domain models along, which the first paint does not
    need. ASCII text only needs lower-casing, which gives the same result much faster.
    """
    if text.isascii():
        return text.lower()
    global _fold
    if _fold is None:
        from certdesk.core.validation import fold as core_fold

        _fold = core_fold
    return _fold(text)


def natural_key(text: str) -> tuple[Any, ...]:
    """ "H-9001" before "H-10000": digit runs compare as numbers (parts alternate str, int)."""
    parts = _DIGITS.split(text.lower() if text.isascii() else fold(text))
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


def blanks_last(text: str) -> tuple[bool, str]:
    """Dates sort by value with the empty ones after every real date."""
    return (not text, text)


OVERDUE_COLOR = "#b00020"
SOON_COLOR = "#a05a00"
SOON_DAYS = 30


def deadline_color(iso_day: str) -> str | None:
    """Red once a date has passed, amber within the next 30 days, else the usual colour."""
    if not iso_day:
        return None
    import datetime as _dt  # on first paint of a date, not at start-up

    today = _dt.date.today()
    if iso_day < today.isoformat():
        return OVERDUE_COLOR
    if iso_day <= (today + _dt.timedelta(days=SOON_DAYS)).isoformat():
        return SOON_COLOR
    return None


def open_path_color(status: str, iso_day: str) -> str | None:
    """A target date only matters while the path is open."""
    return deadline_color(iso_day) if status in ("planned", "approved", "enrolled") else None


def money(cents: int | None) -> str:
    return format_cents(int(cents or 0))


# ---- the managers list (services.managers.ManagerRow) -----------------------------------
MANAGER_COLUMNS: list[Column] = [
    Column("No.", lambda r: r.employee_no, lambda r: natural_key(r.employee_no)),
    # The folded name comes with the row (stored when the manager was written).
    Column("Name", lambda r: r.full_name, lambda r: r.name_key or fold(r.full_name)),
    Column("Site", lambda r: r.site, lambda r: fold(r.site)),
    Column("State", lambda r: r.work_state, tooltip="Work state: it decides which rules apply"),
    Column("Paths", lambda r: r.path_codes, tooltip="Certifications in progress or completed"),
    Column(
        "Next deadline",
        lambda r: r.next_deadline,
        lambda r: blanks_last(r.next_deadline),
        tooltip="The earliest target date of an open path or expiry of a credential;"
        " red once passed, amber within 30 days",
        color=lambda r: deadline_color(r.next_deadline),
    ),
]
MANAGER_NAME_COLUMN = 1

# ---- one manager's paths (rows from services.paths.paths_of_manager) -------------------


def path_status_text(row: dict, today: _dt.date | None = None) -> str:
    """The status shown: a completed credential past its expiry reads "expired"."""
    import datetime as _dt

    from certdesk.core.path_status import shown_status

    expires = row.get("expires_on")
    return shown_status(
        row["status"],
        _dt.date.fromisoformat(expires) if expires else None,
        today or _dt.date.today(),
    )


MANAGER_PATH_COLUMNS: list[Column] = [
    Column("Code", lambda r: r["cert_code"]),
    Column("Certification", lambda r: r["cert_name"]),
    Column("Status", path_status_text),
    Column(
        "Target",
        lambda r: r["target_date"] or "",
        lambda r: blanks_last(r["target_date"] or ""),
        color=lambda r: open_path_color(r["status"], r["target_date"] or ""),
    ),
    Column(
        "Completed",
        lambda r: r["completed_on"] or "",
        lambda r: blanks_last(r["completed_on"] or ""),
    ),
    Column(
        "Expires",
        lambda r: r["expires_on"] or "",
        lambda r: blanks_last(r["expires_on"] or ""),
        color=lambda r: deadline_color(r["expires_on"] or ""),
    ),
    Column(
        "Company paid",
        lambda r: money(r["company_paid_cents"]),
        lambda r: r["company_paid_cents"] or 0,
        align_right=True,
        tooltip="Company-paid costs paid so far; costs not yet paid are committed, not spent",
    ),
]

# ---- every path (services.paths.views.PathRow) -----------------------------------------
PATH_COLUMNS: list[Column] = [
    Column("No.", lambda r: r.employee_no, lambda r: natural_key(r.employee_no)),
    Column("Name", lambda r: r.full_name, lambda r: r.name_key or fold(r.full_name)),
    Column("Code", lambda r: r.cert_code),
    Column("Status", lambda r: r.status),
    Column(
        "Target",
        lambda r: r.target_date,
        lambda r: blanks_last(r.target_date),
        color=lambda r: open_path_color(r.status, r.target_date),
    ),
    Column("Completed", lambda r: r.completed_on, lambda r: blanks_last(r.completed_on)),
    Column("Credential no.", lambda r: r.credential_no, lambda r: blanks_last(r.credential_no)),
    Column(
        "Expires",
        lambda r: r.expires_on,
        lambda r: blanks_last(r.expires_on),
        color=lambda r: deadline_color(r.expires_on),
    ),
    Column(
        "Company paid",
        lambda r: money(r.company_paid_cents),
        lambda r: r.company_paid_cents,
        align_right=True,
        tooltip="Company-paid costs paid so far; costs not yet paid are committed, not spent",
    ),
]
PATH_NAME_COLUMN = 1
