"""What every dashboard figure means, in words and in arithmetic.

The words are the definitions the dashboard's tooltips, the ROI table's column tooltips and
docs/figures.md show (a test keeps docs/figures.md word for word with FIGURES); the counting is
done in store/figures.py with the SQL of the same names, and the little arithmetic on top of it
(repayment split, cost per certified) is here. Pure: no Qt, no SQL, no reportlab.
"""

from __future__ import annotations

from dataclasses import dataclass

from certdesk.core.path_status import (  # noqa: F401 (OPEN_PATH_STATUSES re-exported)
    FINAL_STATUSES,
    OPEN_PATH_STATUSES,
    PATH_STATUSES,
)

# Path statuses, grouped the way the figures count them.
# OPEN_PATH_STATUSES: spend "in progress"; FINISHED_PATH_STATUSES: spend "on finished paths".
FINISHED_PATH_STATUSES = tuple(s for s in PATH_STATUSES if s in FINAL_STATUSES)
# Company-paid cost kinds that are education in the sense of IRS §127 (tuition, fees, books and
# supplies): the spend report counts these; travel and wages for class hours are shown apart.
EDUCATION_KINDS = ("tuition", "exam", "materials", "other")
SPEND_KINDS = ("education", "class_wages", "travel")  # how the spend card splits a year
EXPIRING_SOON_DAYS = 30  # the card's figure, the status bar and the Paths page filter
EXPIRING_REPORT_DAYS = 90  # the card's sentence and `report expiring`


@dataclass(frozen=True)
class Figure:
    """One figure: the words shown beside it and in docs/figures.md."""

    key: str
    title: str
    definition: str


FIGURES: dict[str, Figure] = {
    f.key: f
    for f in (
        Figure(
            "managers",
            "Managers",
            "Managers whose status is active; those who left the company are counted apart.",
        ),
        Figure(
            "paths",
            "Certification paths",
            "Open paths are planned, approved or enrolled. A completed path whose credential's "
            "expiry date is before today counts as expired, not completed.",
        ),
        Figure(
            "expiring",
            "Credentials expiring",
            f"Completed paths of active managers whose expiry date falls from today to today + "
            f"{EXPIRING_SOON_DAYS} days (the figure) or today + {EXPIRING_REPORT_DAYS} days (the "
            f"sentence and the expiring report), both days included. Credentials that already "
            f"expired are not in this window; the roster shows them as Expired.",
        ),
        Figure(
            "signature",
            "Agreements awaiting signature",
            "Agreements issued to the manager and not signed yet; drafts are counted apart.",
        ),
        Figure(
            "repayments",
            "Repayments",
            "Charged: what departed managers' agreements computed at departure. Received: the "
            "payments recorded. Waived: what was forgiven and not received. Still to come: the "
            "rest, on agreements whose repayment is due. Charged = received + waived + still "
            "to come, always.",
        ),
        Figure(
            "spend",
            "Company spend in a year",
            "Company-paid cost lines with a paid-on date in that calendar year, split into "
            "education (tuition, exam fees, materials and other: the spend report's year "
            "total), wages for class hours and travel. Lines marked not yet paid are "
            "committed, not spent, and shown apart.",
        ),
        Figure(
            "section127",
            "Over the §127 limit",
            "Managers whose company-paid education (as in the spend report) with a paid-on "
            "date in this calendar year is above the §127 limit in Settings.",
        ),
        Figure(
            "plans",
            "Putting it into practice",
            "Application-plan items of completed paths (credentials expired since included): "
            "how many are done, and how many are not done and past their due date (overdue). "
            "Items of paths in progress count once the path is completed; items of withdrawn "
            "or failed paths are closed as not applicable.",
        ),
        Figure(
            "certified",
            "Certified",
            "Managers who completed the certification (credentials expired since included), "
            "each counted once.",
        ),
        Figure(
            "in_progress",
            "In progress",
            "Paths toward the certification that are planned, approved or enrolled.",
        ),
        Figure(
            "finished_spend",
            "Spend on finished paths",
            "Company-paid cost lines with a paid-on date on completed, withdrawn and failed "
            "paths, every kind (wages for class hours and travel included).",
        ),
        Figure(
            "per_certified",
            "Per certified",
            "Spend on finished paths divided by the managers certified, rounded to the cent: "
            "withdrawn and failed paths are part of the cost of each success. Spend on paths "
            "still in progress is left out and shown apart.",
        ),
        Figure(
            "open_spend",
            "Spend in progress",
            "Company-paid cost lines with a paid-on date on paths still planned, approved or "
            "enrolled.",
        ),
        Figure(
            "hours_away",
            "Hours away",
            "Class hours away from the floor over every path toward the certification.",
        ),
    )
}


@dataclass(frozen=True)
class RepaymentSplit:
    """Where the money charged at departure went: received + waived + still to come."""

    charged_cents: int = 0
    received_cents: int = 0
    waived_cents: int = 0
    to_come_cents: int = 0

    def __add__(self, other: RepaymentSplit) -> RepaymentSplit:
        return RepaymentSplit(
            self.charged_cents + other.charged_cents,
            self.received_cents + other.received_cents,
            self.waived_cents + other.waived_cents,
            self.to_come_cents + other.to_come_cents,
        )


def split_repayment(
    owed_cents: int, waived: bool, received_cents: int, forgiven_cents: int = 0
) -> RepaymentSplit:
    """One departure's repayment: charged = received + waived + still to come, by construction.

    A waiver forgives what was not received yet; a hardship decision granted in part forgives
    `forgiven_cents` of it; the rest is still to come (zero once repaid). Money received is
    never more than charged (the store refuses it)."""
    received = min(received_cents, owed_cents)
    rest = owed_cents - received
    forgiven = rest if waived else min(forgiven_cents, rest)
    return RepaymentSplit(
        charged_cents=owed_cents,
        received_cents=received,
        waived_cents=forgiven,
        to_come_cents=rest - forgiven,
    )


def per_certified_cents(finished_spend_cents: int, certified: int) -> int | None:
    """Spend on finished paths per manager certified, rounded half up to the cent."""
    if certified <= 0:
        return None
    return (2 * finished_spend_cents + certified) // (2 * certified)
