"""Every named state has its words, and they are the words the window and the forms showed
before the states were named (the stored text is each member's value, unchanged)."""

from __future__ import annotations

import pytest

from certdesk.core import labels
from certdesk.core.agreements import (
    BINDING_STATUSES,
    FINAL_AGREEMENT_STATUSES,
    IN_FORCE_STATUSES,
    NEEDS_ACTION_STATUSES,
    NOT_SETTLED_STATUSES,
    AgreementStatus,
)
from certdesk.core.models import CostKind, Payer
from certdesk.core.path_status import PATH_STATUSES, PathStatus
from certdesk.core.repayment_types import Clock, CommitmentStart, Schedule


@pytest.mark.parametrize(
    ("enum", "table"), labels.LABEL_TABLES, ids=lambda v: getattr(v, "__name__", "")
)
def test_every_member_has_a_label(enum, table):
    assert set(table) == set(enum), f"{enum.__name__}: {set(enum) ^ set(table)}"
    assert all(isinstance(text, str) and text.strip() for text in table.values())


def test_stored_text_is_unchanged():
    # The values are the text the database holds (CHECK constraints, old files): never rename.
    assert [s.value for s in AgreementStatus] == [
        "draft",
        "issued",
        "signed",
        "in_commitment",
        "fulfilled",
        "repayment_due",
        "repaid",
        "waived",
        "voided",
    ]
    assert [s.value for s in PATH_STATUSES] == [
        "planned",
        "approved",
        "enrolled",
        "completed",
        "withdrawn",
        "failed",
    ]
    assert PathStatus.EXPIRED not in PATH_STATUSES  # shown, never stored
    assert [s.value for s in Schedule] == ["prorated", "stepped", "full", "tiers"]
    assert [c.value for c in Clock] == ["commitment", "per_payment"]
    assert [c.value for c in CommitmentStart] == ["completion", "signing"]
    assert [k.value for k in CostKind] == [
        "tuition",
        "exam",
        "materials",
        "travel",
        "class_wages",
        "other",
    ]
    assert [p.value for p in Payer] == ["company", "employee"]


def test_labels_are_the_words_shown_before():
    a = AgreementStatus
    assert labels.AGREEMENT_STATUS_LABELS[a.ISSUED] == "Issued — awaiting signature"
    assert labels.AGREEMENT_STATUS_LABELS[a.WAIVED] == "Repayment waived"
    assert labels.AGREEMENT_STATUS_SHORT[a.WAIVED] == "Waived"
    assert labels.AGREEMENT_STATUS_CHOICE[a.SIGNED] == "Signed — starts at completion"
    assert labels.AGREEMENT_STATUS_CHOICE[a.WAIVED] == "Waived"
    assert labels.AGREEMENT_STATUS_NEXT[a.DRAFT].startswith("Check the terms")
    assert [labels.PATH_STATUS_LABELS[s] for s in PathStatus] == [
        s.value.capitalize() for s in PathStatus
    ]
    assert labels.SCHEDULE_SHORT[Schedule.TIERS] == "Bands"
    assert labels.SCHEDULE_LABELS[Schedule.PRORATED] == "Prorated — reduced month by month"
    assert labels.SCHEDULE_SENTENCES[Schedule.TIERS].startswith("Tiers: the share to repay")
    assert labels.CLOCK_LABELS[Clock.COMMITMENT] == "One clock for the whole amount"
    assert labels.CLOCK_SENTENCES[Clock.PER_PAYMENT].startswith("Each company payment")
    assert labels.COMMITMENT_START_LABELS[CommitmentStart.SIGNING] == (
        "On the day the agreement is signed"
    )
    assert labels.COST_KIND_LABELS[CostKind.EXAM] == "Exam fee"
    kind = CostKind.CLASS_WAGES
    assert labels.COST_KIND_LABELS[kind] + labels.COST_KIND_HINTS[kind] == (
        "Wages for class hours (never repayable)"
    )
    assert labels.PAYER_LABELS == {Payer.COMPANY: "The company", Payer.EMPLOYEE: "The manager"}


def test_labels_read_stored_text():
    # Rows hold plain text; a StrEnum key finds it.
    assert labels.AGREEMENT_STATUS_SHORT["in_commitment"] == "In commitment"
    assert labels.COST_KIND_LABELS["class_wages"] == "Wages for class hours"


def test_named_sets():
    a = AgreementStatus
    assert BINDING_STATUSES == {a.SIGNED, a.IN_COMMITMENT}
    assert FINAL_AGREEMENT_STATUSES == {a.FULFILLED, a.REPAID, a.WAIVED, a.VOIDED}
    assert IN_FORCE_STATUSES == {a.DRAFT, a.ISSUED, a.SIGNED, a.IN_COMMITMENT}
    assert NOT_SETTLED_STATUSES == IN_FORCE_STATUSES | {a.REPAYMENT_DUE}
    assert NEEDS_ACTION_STATUSES == {a.DRAFT, a.ISSUED, a.REPAYMENT_DUE}
    # Every status is exactly one of: in force, repayment due, final.
    assert IN_FORCE_STATUSES | {a.REPAYMENT_DUE} | FINAL_AGREEMENT_STATUSES == set(a)
