"""Command-line commands for the commitment-start notice and leaves of absence.

certdesk notice AGREEMENT_NO -o FILE.pdf
    the newest stored commitment-start notice, byte for byte. An agreement whose commitment
    started before certdesk issued notices gets its first one now (stored, audited); one whose
    commitment has not started has none yet (exit 1).
certdesk leave add EMPLOYEE_NO --from DATE --to DATE --unpaid|--paid [--note TEXT]
    a leave of absence of a manager, first and last day included. A leave belongs to the
    employment, so it applies to every agreement of the manager: paid leave counts toward the
    commitment; unpaid leave pauses it, moving every later band date by the leave's length (whole
    months, then days), and issues a new version of the commitment-start notice of each agreement
    in its commitment whose dates move. Refused (exit 1, nothing stored): a leave ending before it
    starts (--to), one overlapping a recorded leave (--from), a manager who has left.
certdesk leave list [EMPLOYEE_NO] [--json]
    every recorded leave (or one manager's), each with its number.
certdesk leave remove LEAVE_ID
    a leave recorded by mistake: the dates move back and the notices are issued again (while
    the manager is employed; a departure already counted it).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from certdesk.core.dates import parse_date

EXIT_OK = 0

NOTICE_HELP = "write the stored commitment-start notice, byte for byte"
LEAVE_HELP = (
    "leaves of absence (per manager, for all their agreements): paid leave counts toward the "
    "commitment, unpaid leave pauses it and moves every later band date by its length"
)


def _store(args: argparse.Namespace):
    from certdesk.cli import _store as open_cli_store

    return open_cli_store(args)


def cmd_notice(args: argparse.Namespace) -> int:
    from certdesk.files import write_bytes_atomically
    from certdesk.services.agreements.notices import commitment_notice

    pdf = commitment_notice(_store(args), args.agreement_no)
    write_bytes_atomically(Path(args.output), pdf)
    return EXIT_OK


def cmd_leave_add(args: argparse.Namespace) -> int:
    from certdesk.services.agreements.leaves import record_leave

    first = parse_date(args.first_day, "from")
    last = parse_date(args.last_day, "to")
    result = record_leave(
        _store(args),
        args.employee_no,
        first_day=first,
        last_day=last,
        paid=args.paid,
        note=args.note or "",
    )
    kind = "paid" if args.paid else "unpaid"
    print(f"{kind} leave {first} to {last} ({result.length_text}) recorded for {args.employee_no}")
    for number in result.renewed_notices:
        print(f"new commitment-start notice for {number}: its dates moved")
    return EXIT_OK


def cmd_leave_list(args: argparse.Namespace) -> int:
    from certdesk.services.agreements.leaves import leaves_of

    rows = leaves_of(_store(args), args.employee_no)
    if args.json:
        print(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        data = row.as_json()
        kind = "paid" if row.leave.paid else "unpaid"
        note = f"  {row.leave.note}" if row.leave.note else ""
        print(
            f"{row.leave.id}\t{row.employee_no}\t{row.full_name}\t{data['from']}\t"
            f"{data['to']}\t{kind}\t{data['length']}{note}"
        )
    return EXIT_OK


def cmd_leave_remove(args: argparse.Namespace) -> int:
    from certdesk.core.validation import parse_record_number
    from certdesk.services.agreements.leaves import remove_leave

    number = parse_record_number(args.leave_id, "leave_id", "a leave")
    result = remove_leave(_store(args), number)
    leave = result.leave
    print(f"leave {leave.first_day} to {leave.last_day} of {result.employee_no} removed")
    for agreement_no in result.renewed_notices:
        print(f"new commitment-start notice for {agreement_no}: its dates moved back")
    return EXIT_OK


def register(sub, add: Callable[..., argparse.ArgumentParser], parser_class) -> None:
    """Add these commands to the main parser (called from cli.build_parser)."""
    p = add("notice", cmd_notice, NOTICE_HELP)
    p.add_argument("agreement_no")
    p.add_argument("-o", "--output", required=True)

    leave = sub.add_parser("leave", help=LEAVE_HELP, description=LEAVE_HELP).add_subparsers(
        dest="action", required=True, parser_class=parser_class
    )
    p = add("add", cmd_leave_add, "record a leave of absence of a manager", leave)
    p.add_argument("employee_no")
    p.add_argument("--from", dest="first_day", required=True, help="first day YYYY-MM-DD")
    p.add_argument("--to", dest="last_day", required=True, help="last day YYYY-MM-DD (included)")
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--unpaid", dest="paid", action="store_false", help="pauses the commitment")
    kind.add_argument("--paid", dest="paid", action="store_true", help="counts toward it")
    p.add_argument("--note")
    p = add("list", cmd_leave_list, "list recorded leaves", leave)
    p.add_argument("employee_no", nargs="?")
    p.add_argument("--json", action="store_true")
    p = add("remove", cmd_leave_remove, "remove a leave recorded by mistake", leave)
    p.add_argument("leave_id", help="the leave's number, as `leave list` shows it")
