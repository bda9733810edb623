"""The Paths page's Show choices: a status, or a group the status bar counts (no Qt here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from certdesk.core.labels import PATH_STATUS_LABELS
from certdesk.core.path_status import OPEN_PATH_STATUSES, PathStatus

if TYPE_CHECKING:
    import datetime as _dt

    from certdesk.services.paths.views import PathRow

OVERDUE = "@overdue"  # open paths past their target date
EXPIRING = "@expiring"  # active managers' credentials expiring within SOON_DAYS
SOON_DAYS = 30  # the same window as services.overview.attention()
P = PathStatus
OPEN_STATUSES = OPEN_PATH_STATUSES
STATUSES = (P.PLANNED, P.APPROVED, P.ENROLLED, P.COMPLETED, P.EXPIRED, P.WITHDRAWN, P.FAILED)

# (label, value) in the order the combo shows them; '' shows every path.
CHOICES = (
    ("All paths", ""),
    *((PATH_STATUS_LABELS[status], status.value) for status in STATUSES),
    ("Past their target date", OVERDUE),
    (f"Expiring within {SOON_DAYS} days", EXPIRING),
)


def keep_only(choice: str, today: _dt.date | None = None) -> Callable[[PathRow], bool] | None:
    """The condition a path must meet to be shown for `choice` (None: show all).

    Matches how the status bar counts (services.overview.attention), so a click on a count
    lists exactly those paths.
    """
    if not choice:
        return None
    import datetime as _dt  # on use: the window's start-up does not need it

    day = today or _dt.date.today()
    now = day.isoformat()
    if choice == OVERDUE:
        return lambda r: r.status in OPEN_STATUSES and bool(r.target_date) and r.target_date < now
    if choice == EXPIRING:
        soon = (day + _dt.timedelta(days=SOON_DAYS)).isoformat()
        return lambda r: (
            r.status == P.COMPLETED and r.manager_active and now <= r.expires_on <= soon
        )
    return lambda r: r.status == choice
