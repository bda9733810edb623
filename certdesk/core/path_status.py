"""The certification path status machine.

planned → approved → enrolled → completed | withdrawn | failed; completed shows as expired once
expires_on has passed (derived, never stored).
"""

from __future__ import annotations

import datetime as _dt

from certdesk.core.errors import InvalidInput

PATH_STATUSES = ("planned", "approved", "enrolled", "completed", "withdrawn", "failed")
FINAL_STATUSES = frozenset({"completed", "withdrawn", "failed"})

_ALLOWED: dict[str, frozenset[str]] = {
    "planned": frozenset({"approved", "withdrawn"}),
    "approved": frozenset({"enrolled", "withdrawn"}),
    "enrolled": frozenset({"completed", "withdrawn", "failed"}),
    "completed": frozenset(),
    "withdrawn": frozenset(),
    "failed": frozenset(),
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
    if status == "completed" and expires_on is not None and expires_on < today:
        return "expired"
    return status
