"""A path's course: who teaches it (the provider) and its first and last day.

Typed once here: the dialogs and the command line parse text into a Course, the services
take it as it is.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from certdesk.core.dates import check_date
from certdesk.core.errors import InvalidInput
from certdesk.core.validation import clean_text

PROVIDER_MAX_LEN = 200


@dataclass(frozen=True)
class Course:
    """The provider ("Call Center School", "HDI") and the course dates, each optional; the
    last day is never before the first."""

    provider: str = ""
    start: _dt.date | None = None
    end: _dt.date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "provider", clean_text(self.provider, "provider", max_len=PROVIDER_MAX_LEN)
        )
        if self.start is not None:
            check_date(self.start, "course_start")
        if self.end is not None:
            check_date(self.end, "course_end")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise InvalidInput(
                "course_end",
                f"the course ends on {self.end}, before it starts on {self.start}",
            )


def course_dates_text(start: _dt.date | None, end: _dt.date | None) -> str:
    """ "2026-09-14 to 2026-09-18", one day alone, or "" when neither is known."""
    if start and end:
        return str(start) if start == end else f"{start} to {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return ""
