"""Every named state in the coordinator's words: one label table per enum, in one place.

Screens and forms read their words here (a test checks that every member has each of its
labels). Departure reasons keep theirs beside the enum in core.reasons.
"""

from __future__ import annotations

from certdesk.core.agreements import AgreementStatus
from certdesk.core.cost_kinds import CostKind, Payer
from certdesk.core.path_status import PathStatus
from certdesk.core.repayment_types import Clock, CommitmentStart, Schedule

A = AgreementStatus

# The status as the detail pane and the departure dialog say it.
AGREEMENT_STATUS_LABELS: dict[AgreementStatus, str] = {
    A.DRAFT: "Draft",
    A.ISSUED: "Issued — awaiting signature",
    A.SIGNED: "Signed — starts at completion",
    A.IN_COMMITMENT: "In commitment",
    A.FULFILLED: "Fulfilled",
    A.REPAYMENT_DUE: "Repayment due",
    A.REPAID: "Repaid",
    A.WAIVED: "Repayment waived",
    A.VOIDED: "Voided",
}
# The status in a list column.
AGREEMENT_STATUS_SHORT: dict[AgreementStatus, str] = {
    A.DRAFT: "Draft",
    A.ISSUED: "Issued",
    A.SIGNED: "Signed",
    A.IN_COMMITMENT: "In commitment",
    A.FULFILLED: "Fulfilled",
    A.REPAYMENT_DUE: "Repayment due",
    A.REPAID: "Repaid",
    A.WAIVED: "Waived",
    A.VOIDED: "Voided",
}
# What the coordinator does next, shown under the status.
AGREEMENT_STATUS_NEXT: dict[AgreementStatus, str] = {
    A.DRAFT: "Check the terms, then issue it to print the form for signing.",
    A.ISSUED: "Print the form, have it signed, then record the signing date.",
    A.SIGNED: "The commitment starts when the certification is completed.",
    A.IN_COMMITMENT: "The manager is serving the commitment; nothing to do.",
    A.FULFILLED: "The commitment was served; nothing is owed.",
    A.REPAYMENT_DUE: "The manager left and owes part of the tuition back.",
    A.REPAID: "Everything owed was paid back.",
    A.WAIVED: "Nothing is owed: the repayment was waived.",
    A.VOIDED: "This agreement no longer applies.",
}

# The status as the Agreements page's Show choice offers it.
AGREEMENT_STATUS_CHOICE: dict[AgreementStatus, str] = {
    A.DRAFT: "Draft",
    A.ISSUED: "Issued — awaiting signature",
    A.SIGNED: "Signed — starts at completion",
    A.IN_COMMITMENT: "In commitment",
    A.FULFILLED: "Fulfilled",
    A.REPAYMENT_DUE: "Repayment due",
    A.REPAID: "Repaid",
    A.WAIVED: "Waived",
    A.VOIDED: "Voided",
}

PATH_STATUS_LABELS: dict[PathStatus, str] = {
    PathStatus.PLANNED: "Planned",
    PathStatus.APPROVED: "Approved",
    PathStatus.ENROLLED: "Enrolled",
    PathStatus.COMPLETED: "Completed",
    PathStatus.WITHDRAWN: "Withdrawn",
    PathStatus.FAILED: "Failed",
    PathStatus.EXPIRED: "Expired",
}

# The schedule as the draft dialog offers it and the detail pane shows it.
SCHEDULE_LABELS: dict[Schedule, str] = {
    Schedule.PRORATED: "Prorated — reduced month by month",
    Schedule.STEPPED: "Stepped — 100, 75, 50, 25 % by quarter of the commitment",
    Schedule.FULL: "Full — the whole amount until the commitment is served",
    Schedule.TIERS: "Bands — a percentage per band of months",
}
# The schedule in a list column.
SCHEDULE_SHORT: dict[Schedule, str] = {
    Schedule.PRORATED: "Prorated",
    Schedule.STEPPED: "Stepped",
    Schedule.FULL: "Full",
    Schedule.TIERS: "Bands",
}
# The schedule as the acknowledgment form explains it to the signer.
SCHEDULE_SENTENCES: dict[Schedule, str] = {
    Schedule.PRORATED: "Prorated: the amount to repay goes down every month you stay.",
    Schedule.STEPPED: (
        "Stepped: the amount to repay goes down in four equal steps over the commitment."
    ),
    Schedule.FULL: (
        "Full: the whole repayable amount is due if you leave before the commitment ends."
    ),
    Schedule.TIERS: "Tiers: the share to repay goes down band by band, as the table shows.",
}

CLOCK_LABELS: dict[Clock, str] = {
    Clock.COMMITMENT: "One clock for the whole amount",
    Clock.PER_PAYMENT: "Each company payment starts its own clock on the day it was paid",
}
# The clock as the acknowledgment form explains it to the signer.
CLOCK_SENTENCES: dict[Clock, str] = {
    Clock.COMMITMENT: ("One clock runs for the whole repayable amount, from the commitment start."),
    Clock.PER_PAYMENT: (
        "Each company payment starts its own clock on the date it was paid, so each payment "
        "has its own table below; if you leave, the amounts for all payments are added up."
    ),
}

COMMITMENT_START_LABELS: dict[CommitmentStart, str] = {
    CommitmentStart.COMPLETION: "On the day the certification is completed",
    CommitmentStart.SIGNING: "On the day the agreement is signed",
}

# Each cost kind in words, for screens and forms alike.
COST_KIND_LABELS: dict[CostKind, str] = {
    CostKind.TUITION: "Tuition",
    CostKind.EXAM: "Exam fee",
    CostKind.MATERIALS: "Materials",
    CostKind.TRAVEL: "Travel",
    CostKind.CLASS_WAGES: "Wages for class hours",
    CostKind.OTHER: "Other",
}
# What the cost dialog adds after a kind's label when choosing it.
COST_KIND_HINTS: dict[CostKind, str] = {CostKind.CLASS_WAGES: " (never repayable)"}

PAYER_LABELS: dict[Payer, str] = {Payer.COMPANY: "The company", Payer.EMPLOYEE: "The manager"}

# Every table above with the enum it labels (the test checks each covers every member).
LABEL_TABLES: tuple[tuple[type, dict], ...] = (
    (AgreementStatus, AGREEMENT_STATUS_LABELS),
    (AgreementStatus, AGREEMENT_STATUS_SHORT),
    (AgreementStatus, AGREEMENT_STATUS_NEXT),
    (AgreementStatus, AGREEMENT_STATUS_CHOICE),
    (PathStatus, PATH_STATUS_LABELS),
    (Schedule, SCHEDULE_LABELS),
    (Schedule, SCHEDULE_SHORT),
    (Schedule, SCHEDULE_SENTENCES),
    (Clock, CLOCK_LABELS),
    (Clock, CLOCK_SENTENCES),
    (CommitmentStart, COMMITMENT_START_LABELS),
    (CostKind, COST_KIND_LABELS),
    (Payer, PAYER_LABELS),
)
