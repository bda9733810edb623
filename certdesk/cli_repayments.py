"""Command-line commands after a departure: payments against the plan (paid, late, left), a
hardship waiver decision, a new statement version, and the signed deduction authorization on
file. Parses text into typed values for the services."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from certdesk.core.errors import InvalidInput

EXIT_OK = 0


def _store(args: argparse.Namespace):
    from certdesk.cli import _store as open_cli_store

    return open_cli_store(args)


def _date(text: str | None, field: str):
    from certdesk.core.dates import parse_date

    return parse_date(text, field) if text is not None else None


def _cents(text: str | None, field: str) -> int | None:
    from certdesk.core.money import parse_cents

    return parse_cents(text, field) if text is not None else None


def _count(text: str | None, field: str) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInput(field, f"{text!r} is not a whole number") from None


def print_follow_up(follow) -> None:
    """The plan with each instalment paid, late and left, then the payments (both faces)."""
    from certdesk.core.money import format_cents
    from certdesk.core.plan_progress import ALLOCATION_RULE, method_words

    print(
        f"{follow.agreement_no}: {follow.status}; owed {format_cents(follow.owed_cents)}"
        + (f", forgiven {format_cents(follow.forgiven_cents)}" if follow.forgiven_cents else "")
        + f", received {format_cents(follow.received_cents)}, left "
        f"{format_cents(follow.balance_cents)}"
    )
    if follow.progress is not None:
        made = follow.plan.issued_on if follow.plan else ""
        print(f"plan made on {made}; as of {follow.as_of}: {follow.progress.summary()}")
        print("no.\tdue on\tamount\tpaid\tleft\tstatus")
        for row in follow.progress.rows:
            print(
                f"{row.number}\t{row.due_on}\t{format_cents(row.amount_cents)}\t"
                f"{format_cents(row.paid_cents)}\t{format_cents(row.left_cents)}\t{row.state_words}"
            )
        print(ALLOCATION_RULE)
    for p in follow.payments:
        how = method_words(p.method) or "—"
        note = f"\t{p.note}" if p.note else ""
        print(f"received\t{p.received_on}\t{format_cents(p.amount_cents)}\t{how}{note}")
    for d in follow.decisions:
        print(f"hardship decision {d.decided_on} by {d.decided_by}: {d.words} ({d.reason})")


def cmd_payments(args: argparse.Namespace) -> int:
    from certdesk.services.departures.followup import repayment_follow_up

    today = _date(args.as_of, "as_of")
    print_follow_up(repayment_follow_up(_store(args), args.agreement_no, today))
    return EXIT_OK


def cmd_hardship(args: argparse.Namespace) -> int:
    from certdesk.core.hardship import parse_outcome
    from certdesk.core.money import format_cents
    from certdesk.services.departures.followup import HardshipRequest, record_hardship_decision

    request = HardshipRequest(
        outcome=parse_outcome(args.decision, "decision"),
        decided_on=_date(args.on, "on"),
        decided_by=args.by,
        reason=args.reason,
        new_owed_cents=_cents(args.new_amount, "new_amount"),
        instalment_count=_count(args.instalments, "instalments"),
        first_due=_date(args.first_due, "first_due"),
    )
    result = record_hardship_decision(_store(args), args.agreement_no, request)
    print(
        f"{result.agreement.agreement_no}: {result.decision.words}; "
        f"{result.agreement.status}, left {format_cents(result.balance_cents)}; "
        f"statement no. {result.statement_no} stored"
    )
    if result.plan is not None:
        for number, item in enumerate(result.plan.instalments, start=1):
            print(f"{number}\t{item.due_on}\t{format_cents(item.amount_cents)}")
    return EXIT_OK


def cmd_authorization_on_file(args: argparse.Namespace) -> int:
    from certdesk.services.agreements.deduction_on_file import (
        authorization_words,
        record_authorization_on_file,
    )

    record = record_authorization_on_file(
        _store(args),
        args.agreement_no,
        signed_on=_date(args.signed, "signed_on"),
        max_per_period_cents=_cents(args.max_per_period, "max_per_period"),
        scan=Path(args.scan) if args.scan else None,
    )
    print(f"deduction authorization on file: {authorization_words(record)}")
    return EXIT_OK


def cmd_authorization_revoked(args: argparse.Namespace) -> int:
    from certdesk.services.agreements.deduction_on_file import (
        authorization_words,
        revoke_authorization,
    )

    record = revoke_authorization(_store(args), args.agreement_no, revoked_on=_date(args.on, "on"))
    print(f"deduction authorization: {authorization_words(record)}")
    return EXIT_OK


def register(add: Callable[..., argparse.ArgumentParser], agreement) -> None:
    """Add these commands to the `agreement` group (called from cli.build_parser)."""
    p = add(
        "payments",
        cmd_payments,
        "the repayment plan: each instalment paid, late and left; the payments received",
        agreement,
    )
    p.add_argument("agreement_no")
    p.add_argument("--as-of", help="count late instalments as of this day (default: today)")

    p = add(
        "hardship",
        cmd_hardship,
        "record a hardship waiver decision and store a new statement that prints it",
        agreement,
    )
    p.add_argument("agreement_no")
    p.add_argument("--decision", required=True, help="full, part or refused")
    p.add_argument("--on", required=True, help="day decided YYYY-MM-DD")
    p.add_argument("--by", required=True, help="who decided")
    p.add_argument("--reason", required=True)
    p.add_argument("--new-amount", help="granted in part: the new amount owed, e.g. 700.00")
    p.add_argument("--instalments", help="granted in part: monthly instalments of the new plan")
    p.add_argument("--first-due", help="granted in part: the new plan's first due date")

    p = add(
        "authorization-on-file",
        cmd_authorization_on_file,
        "record that the signed deduction authorization (CD-103) is on file",
        agreement,
    )
    p.add_argument("agreement_no")
    p.add_argument("--signed", required=True, help="day the manager signed it YYYY-MM-DD")
    p.add_argument("--max-per-period", required=True, help="most deducted per pay period")
    p.add_argument("--scan", help="the signed authorization scanned (PDF, PNG, JPEG)")

    p = add(
        "authorization-revoked",
        cmd_authorization_revoked,
        "record the manager's written revocation of the deduction authorization",
        agreement,
    )
    p.add_argument("agreement_no")
    p.add_argument("--on", required=True, help="day of the written revocation YYYY-MM-DD")
