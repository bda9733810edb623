"""What the coordinator records when a manager leaves, typed, and how typed text becomes it.

The command line and the departure dialog parse what was typed with `parse_departure_request`;
the departure use case (and its dry run, the dialog's preview) takes the request.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from certdesk.core.dates import parse_date
from certdesk.core.reasons import DepartureReason, parse_reason
from certdesk.core.validation import clean_text

MAX_NOTE = 500


@dataclass(frozen=True)
class DepartureRequest:
    """A manager left on `on` for `reason`. `reason_note` says an earlier spelling of the
    reason was typed (printed as a note, "" otherwise)."""

    employee_no: str
    on: _dt.date
    reason: DepartureReason
    note: str = ""
    reason_note: str = ""


def parse_departure_request(
    employee_no: str, *, on: str | _dt.date, reason: str | DepartureReason, note: str = ""
) -> DepartureRequest:
    """A departure from typed text; InvalidInput names "on", "reason" or "note"."""
    departure = on if isinstance(on, _dt.date) else parse_date(on, "on")
    reason_note = ""
    if not isinstance(reason, DepartureReason):
        reason, reason_note = parse_reason(reason, "reason")
    return DepartureRequest(
        employee_no, departure, reason, clean_text(note, "note", max_len=MAX_NOTE), reason_note
    )
