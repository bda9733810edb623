"""The certification path status machine.

planned → approved → enrolled → completed | withdrawn | failed; completed shows as expired once
expires_on has passed (derived, never stored).
"""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum

from certdesk.core.errors import InvalidInput


class PathStatus(StrEnum):
    """Where a certification path stands; the stored text is the value (EXPIRED is shown,
    never stored: a completed path past its expiry date)."""

    PLANNED = "planned"
    APPROVED = "approved"
    ENROLLED = "enrolled"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    FAILED = "failed"
    EXPIRED = "expired"


P = PathStatus
# The statuses a path is stored with, in the order of its life.
PATH_STATUSES: tuple[PathStatus, ...] = (
    P.PLANNED,
    P.APPROVED,
    P.ENROLLED,
    P.COMPLETED,
    P.WITHDRAWN,
    P.FAILED,
)
FINAL_STATUSES = frozenset({P.COMPLETED, P.WITHDRAWN, P.FAILED})
# Still on the way to the credential (the figures' spend "in progress", overdue targets).
OPEN_PATH_STATUSES: tuple[PathStatus, ...] = (P.PLANNED, P.APPROVED, P.ENROLLED)
# Ended without the credential: no agreement for such a path.
ENDED_WITHOUT_CREDENTIAL = frozenset({P.WITHDRAWN, P.FAILED})

_ALLOWED: dict[str, frozenset[PathStatus]] = {
    P.PLANNED: frozenset({P.APPROVED, P.WITHDRAWN}),
    P.APPROVED: frozenset({P.ENROLLED, P.WITHDRAWN}),
    P.ENROLLED: frozenset({P.COMPLETED, P.WITHDRAWN, P.FAILED}),
    P.COMPLETED: frozenset(),
    P.WITHDRAWN: frozenset(),
    P.FAILED: frozenset(),
}


def allowed_moves(status: str) -> frozenset[str]:
    """The statuses a path in `status` may move to next."""
    return _ALLOWED.get(status, frozenset())


def check_move(current: str, new: str) -> None:
    """Raise InvalidInput unless a path may move from `current` to `new`."""
    if new not in PATH_STATUSES:
        raise InvalidInput(
            "status", f"unknown status {new!r}; use one of {', '.join(PATH_STATUSES)}"
        )
    if new not in _ALLOWED[current]:
        nexts = sorted(_ALLOWED[current])
        hint = (
            f"from {current} it can move to {', '.join(nexts)}" if nexts else f"{current} is final"
        )
        raise InvalidInput("status", f"a path cannot move from {current} to {new}: {hint}")


def shown_status(status: str, expires_on: _dt.date | None, today: _dt.date) -> str:
    """The status as shown: completed paths past their expiry show as expired."""
    if status == P.COMPLETED and expires_on is not None and expires_on < today:
        return P.EXPIRED
    return status
