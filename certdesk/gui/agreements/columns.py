"""The agreements register's columns (rows are services.agreement_views.AgreementRow)."""

from __future__ import annotations

from certdesk.core.agreements import AgreementStatus
from certdesk.gui.agreements.words import SCHEDULE_SHORT, STATUS_SHORT, money_or_blank
from certdesk.gui.widgets.columns import OVERDUE_COLOR, blanks_last, fold, money, natural_key
from certdesk.gui.widgets.table_model import Column

DONE_COLOR = "#2e7d32"
WAITING_COLOR = "#a05a00"
MUTED_COLOR = "#777777"
_STATUS_COLORS = {
    "repayment_due": OVERDUE_COLOR,
    "draft": WAITING_COLOR,
    "issued": WAITING_COLOR,
    "voided": MUTED_COLOR,
}
STATUS_ORDER = {s: i for i, s in enumerate(STATUS_SHORT)}  # the order of the flow


def status_color(status: str) -> str | None:
    """Red when money is owed, amber while waiting for the coordinator, grey when voided."""
    return _STATUS_COLORS.get(status)


def owed_shown(r) -> int | None:
    """While repayment is due, what is still owed; after that, what the departure computed."""
    return r.balance_cents if r.status == AgreementStatus.REPAYMENT_DUE else r.owed_cents


AGREEMENT_COLUMNS: list[Column] = [
    Column("No.", lambda r: r.agreement_no, lambda r: natural_key(r.agreement_no)),
    Column("Manager", lambda r: r.full_name, lambda r: fold(r.full_name)),
    Column("Certification", lambda r: r.cert_code),
    Column(
        "Status",
        lambda r: STATUS_SHORT.get(r.status, r.status),
        lambda r: STATUS_ORDER.get(r.status, 99),
        color=lambda r: status_color(r.status),
    ),
    Column("Amount", lambda r: money(r.amount_cents), lambda r: r.amount_cents, align_right=True),
    Column("Months", lambda r: str(r.months), lambda r: r.months, align_right=True),
    Column("Schedule", lambda r: SCHEDULE_SHORT.get(r.schedule, r.schedule)),
    Column("Issued", lambda r: r.issued_on, lambda r: blanks_last(r.issued_on)),
    Column("Signed", lambda r: r.signed_on, lambda r: blanks_last(r.signed_on)),
    Column(
        "Owed",
        lambda r: money_or_blank(owed_shown(r)),
        lambda r: -1 if owed_shown(r) is None else owed_shown(r),
        align_right=True,
        tooltip="After a departure: what is still owed (repayment due) or what was computed",
        color=lambda r: OVERDUE_COLOR if r.status == AgreementStatus.REPAYMENT_DUE else None,
    ),
    Column(
        "Waived",
        lambda r: money(r.waived_cents) if r.waived_cents else "",
        lambda r: r.waived_cents,
        align_right=True,
        tooltip="Forgiven and not received: what was computed = received + waived + to come",
        color=lambda r: MUTED_COLOR if r.waived_cents else None,
    ),
]
AGREEMENT_MANAGER_COLUMN = 1
