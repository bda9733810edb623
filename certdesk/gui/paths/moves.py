"""Which status moves the window offers for a path, and what each means (no Qt here)."""

from __future__ import annotations

# What each move means to the coordinator; completion has its own dialog (date, credential).
MOVE_LABELS = {
    "approved": "Approved — the company agreed to pay",
    "enrolled": "Enrolled — the course has started",
    "withdrawn": "Withdrawn — the manager stopped",
    "failed": "Failed — the exam was not passed",
}


def next_statuses(status: str) -> list[str]:
    """The statuses a path in `status` can be moved to here, in the order of the flow."""
    from certdesk.core.path_status import allowed_moves  # with datetime: not at start-up

    return [s for s in MOVE_LABELS if s in allowed_moves(status)]
