"""The command line: a stable contract (exit 0 ok, 1 rejected input, 2 usage error)."""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import shlex
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from certdesk.core.errors import InvalidInput

if TYPE_CHECKING:
    import datetime as _dt

    from certdesk.core.course import Course
    from certdesk.core.models import CertificationPath

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
# The start of the one line printed for a bug (the tests fail on it; users can report it).
INTERNAL_ERROR = "certdesk could not finish this command because of an internal problem"


class UsageError(Exception):
    """A command line that does not follow the contract (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit itself; keep control here
        raise UsageError(f"{self.prog}: {message}")


def _store(args: argparse.Namespace):
    from certdesk.locations import database_path
    from certdesk.services.agreements.date_moves import open_for_command

    store = open_for_command(database_path(args.db))
    # main() closes it after the command, so the WAL is checkpointed and the file is final.
    args.opened_stores.append(store)
    return store


def _write_output(text: str, output: str | None) -> None:
    if output:
        from certdesk.files import write_text_atomically

        write_text_atomically(Path(output), text)
    else:
        sys.stdout.write(text)


# --- command handlers: each returns an exit code -------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from certdesk.services.demo.database import fill_demo

    store = _store(args)
    count = fill_demo(store)
    print(f"demo data written: {count} managers")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from certdesk.core.hr_import import DateFormat, NameOrder
    from certdesk.services.exchange.csv_import import ImportOptions, import_managers, recognise_file

    mapping = None
    if args.map:
        mapping = recognise_file(args.file).mapping
        for item in args.map:
            field, sep, header = item.partition("=")
            if not sep or not field.strip() or not header.strip():
                raise InvalidInput(
                    "map", f'{item!r} is not FIELD=HEADER, e.g. email="Work Contact"'
                )
            mapping = mapping.with_column(field.strip(), header.strip())
    options = ImportOptions(
        mapping=mapping,
        date_format=DateFormat(args.date_format) if args.date_format else None,
        name_order=NameOrder(args.name_order),
    )
    summary = import_managers(_store(args), args.file, dry_run=args.dry_run, options=options)
    print(summary.describe())
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from certdesk.services.exchange.csv_export import export

    _write_output(export(_store(args), args.what), args.output)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from certdesk.services.exchange.listing import list_records

    records = list_records(_store(args), args.what)
    if args.json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for record in records:
            print("\t".join(str(v) for v in record.values()))
    return EXIT_OK


def _course(args: argparse.Namespace, current: CertificationPath | None = None) -> Course:
    """The course typed on the command line (options left out keep `current`'s values)."""
    from certdesk.core.course import Course
    from certdesk.core.dates import parse_date

    def day(text: str | None, field: str, kept: _dt.date | None) -> _dt.date | None:
        if text is None:
            return kept
        return parse_date(text, field) if text.strip() else None  # "" clears the date

    return Course(
        provider=args.provider if args.provider is not None else getattr(current, "provider", ""),
        start=day(args.course_start, "course_start", getattr(current, "course_start", None)),
        end=day(args.course_end, "course_end", getattr(current, "course_end", None)),
    )


def cmd_path_add(args: argparse.Namespace) -> int:
    from certdesk.services.paths.lifecycle import plan_path

    course = _course(args)
    print(plan_path(_store(args), args.employee_no, args.cert_code, args.target, course=course))
    return EXIT_OK


def _course_options(p: argparse.ArgumentParser, *, clear: bool = False) -> None:
    cleared = " ('' clears it)" if clear else ""
    p.add_argument("--provider", help=f"who teaches the course, e.g. HDI{cleared}")
    p.add_argument("--course-start", help=f"the course's first day YYYY-MM-DD{cleared}")
    p.add_argument("--course-end", help=f"the course's last day YYYY-MM-DD{cleared}")


def cmd_path_edit(args: argparse.Namespace) -> int:
    from certdesk.core.dates import iso as iso_text
    from certdesk.core.dates import parse_optional_date
    from certdesk.services.paths.lifecycle import edit_path, get_path

    store = _store(args)
    current = get_path(store, args.path_id)
    course = _course(args, current)
    target = current.target_date
    if args.target is not None:
        target = parse_optional_date(args.target, "target")
    path = edit_path(store, current.id, course=course, target=target)
    dates = " to ".join(d for d in (iso_text(path.course_start), iso_text(path.course_end)) if d)
    print(
        f"path {path.id}: provider {path.provider or '—'}; course {dates or '—'}; "
        f"target {path.target_date or '—'}"
    )
    return EXIT_OK


def cmd_path_complete(args: argparse.Namespace) -> int:
    from certdesk.services.paths.lifecycle import complete_path

    if args.proof and args.no_proof:
        raise InvalidInput("proof", "give --proof FILE or --no-proof REASON, not both")
    path = complete_path(
        _store(args),
        args.path_id,
        args.on,
        args.credential_no or "",
        proof=Path(args.proof) if args.proof else None,
        missing_reason=args.no_proof or "",
    )
    expiry = path.expires_on.isoformat() if path.expires_on else "never"
    print(f"path {path.id} completed on {path.completed_on}; credential expires: {expiry}")
    if not args.proof and not args.no_proof:
        print(
            f"warning: proof of completion: none attached and no reason given; attach it with "
            f"'certdesk path proof {path.id} FILE' or record why with 'certdesk path proof {path.id} --missing REASON'",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_path_status(args: argparse.Namespace) -> int:
    from certdesk.services.paths.lifecycle import move_path

    path = move_path(_store(args), args.path_id, args.status, args.on)
    print(f"path {path.id} is now {path.status}")
    return EXIT_OK


def cmd_cost_add(args: argparse.Namespace) -> int:
    from certdesk.services.paths.lifecycle import add_cost

    line = add_cost(
        _store(args),
        args.path_id,
        kind=args.kind,
        amount=args.amount,
        paid_by=args.paid_by,
        paid_on=args.paid_on,
        description=args.description or "",
        not_yet_paid=args.not_yet_paid,
    )
    print(line.id)
    return EXIT_OK


def cmd_cost_remove(args: argparse.Namespace) -> int:
    from certdesk.core.money import format_cents
    from certdesk.services.paths.cost_lines import delete_cost

    line = delete_cost(_store(args), args.cost_id)
    what = line.description or line.kind.replace("_", " ")
    print(
        f"cost line {line.id} removed from path {line.path_id}: {what}, "
        f"{format_cents(line.amount_cents)}"
    )
    return EXIT_OK


def cmd_cost_paid(args: argparse.Namespace) -> int:
    from certdesk.core.dates import parse_date
    from certdesk.core.validation import parse_record_number
    from certdesk.services.paths.lifecycle import record_cost_payment

    cost_id = parse_record_number(args.cost_id, "cost_id", "a cost line")
    day = None if args.not_yet_paid else parse_date(args.on, "on")
    line = record_cost_payment(_store(args), cost_id, day)
    state = f"paid on {line.paid_on}" if line.paid_on else "not yet paid"
    print(f"cost line {line.id} is {state}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from certdesk.services.safety.integrity import check_database, database_notices

    store = _store(args)
    problems = check_database(store)
    for problem in problems:
        print(problem)
    for notice in database_notices(store):
        print(notice)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return EXIT_REJECTED
    print("ok: integrity, foreign keys and invariants")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from certdesk.services.safety.integrity import backup_database

    print(backup_database(_store(args), args.output))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from certdesk.locations import database_path
    from certdesk.services.safety.backups import restore_backup

    db = database_path(args.db)
    kept = restore_backup(db, Path(args.backup_file))
    print(f"{db} restored from {args.backup_file}")
    if kept is not None:
        print(f"the database it replaced is kept in {kept}")
    return EXIT_OK


REASONS_HELP = (
    "resigned, retired, dismissed_misconduct, dismissed_other (performance, restructuring…), "
    "layoff, death, disability or other"
)


def _warn(warnings) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def _note(notes) -> None:
    for note in notes:
        print(f"note: {note}", file=sys.stderr)


def cmd_repayment(args: argparse.Namespace) -> int:
    from certdesk.core.money import format_plain
    from certdesk.services.departures.calculator import repayment_from_strings

    result = repayment_from_strings(
        amount=args.amount,
        start=args.start,
        months=args.months,
        schedule=args.schedule,
        tiers=args.tiers,
        departure=args.departure,
        reason=args.reason,
        state=args.state,
        waive=args.waive,
        clock=args.clock,
        payments=args.payment or [],
        signed=args.signed,
    )
    calc = result.calculation
    _warn(result.warnings)
    _note(result.notes)
    if args.explain:
        for step in calc.steps:
            print(step, file=sys.stderr)
    print(format_plain(calc.owed_cents))
    return EXIT_OK


def cmd_agreement_draft(args: argparse.Namespace) -> int:
    from certdesk.core.agreement_requests import parse_draft_request
    from certdesk.services.agreements.drafting import draft_agreement

    store = _store(args)  # opened first, as before: a missing file is created and migrated
    request = parse_draft_request(
        args.path_id,
        months=args.months or "",
        schedule=args.schedule,
        tiers=args.tiers,
        start=args.start,
        clock=args.clock,
        waive=args.waive,
        amount=args.amount,
        deadline=args.deadline,
        proof_days=args.proof_days,
    )
    result = draft_agreement(store, request)
    _warn(result.warnings)
    print(result.agreement.agreement_no)
    return EXIT_OK


def _warn_placeholder_company(store) -> None:
    """The form was issued under the placeholder company name: say so on stderr."""
    from certdesk.services.settings import get_settings

    settings = get_settings(store)
    if settings.company_is_placeholder:
        print(
            f"warning: company name: the form was issued for {settings.company_name!r}; set "
            "the company's name in the window (Edit → Settings…) before issuing agreements",
            file=sys.stderr,
        )


def cmd_agreement_issue(args: argparse.Namespace) -> int:
    from certdesk.services.agreements.issuing import issue_agreement

    result = issue_agreement(
        _store(args), args.agreement_no, accept_warnings=args.accept_warnings, on=args.on
    )
    _warn(result.warnings)
    _warn_placeholder_company(_store(args))
    agreement = result.agreement
    print(
        f"{agreement.agreement_no} issued on {agreement.issued_on}; terms {agreement.terms_sha256}"
    )
    if args.output:
        from certdesk.files import write_bytes_atomically

        try:
            write_bytes_atomically(Path(args.output), result.pdf)
        except OSError as exc:
            # The issue is committed: say so, say what failed, and how to get the copy.
            db = f" --db {shlex.quote(args.db)}" if args.db else ""
            print(
                f"error: {agreement.agreement_no} is issued and its form is stored in the "
                f"database, but the copy was not written ({describe_os_error(exc)}). "
                f"Write it again with: certdesk{db} form {agreement.agreement_no} -o "
                f"{shlex.quote(args.output)}",
                file=sys.stderr,
            )
            return EXIT_REJECTED
    return EXIT_OK


def cmd_agreement_sign(args: argparse.Namespace) -> int:
    from certdesk.services.agreements.lifecycle import sign_agreement

    result = sign_agreement(
        _store(args), args.agreement_no, args.on, accept_warnings=args.accept_warnings
    )
    _warn(result.warnings)
    agreement = result.agreement
    start = (
        f"; commitment starts {agreement.commitment_start}" if agreement.commitment_start else ""
    )
    print(f"{agreement.agreement_no} signed on {agreement.signed_on}: {agreement.status}{start}")
    return EXIT_OK


def cmd_agreement_attach(args: argparse.Namespace) -> int:
    from certdesk.services.agreements.lifecycle import attach_signed_copy

    print(attach_signed_copy(_store(args), args.agreement_no, args.file))
    return EXIT_OK


def cmd_agreement_void(args: argparse.Namespace) -> int:
    from certdesk.services.agreements.lifecycle import void_agreement

    agreement = void_agreement(_store(args), args.agreement_no, args.reason)
    print(f"{agreement.agreement_no} voided")
    return EXIT_OK


def cmd_agreement_payment(args: argparse.Namespace) -> int:
    from certdesk.services.departures.recording import record_payment_received

    agreement = record_payment_received(
        _store(args),
        args.agreement_no,
        amount=args.amount,
        on=args.on,
        note=args.note or "",
        method=args.method or "",
    )
    print(f"{agreement.agreement_no}: {agreement.status}")
    return EXIT_OK


def cmd_agreement_waive(args: argparse.Namespace) -> int:
    from certdesk.services.departures.recording import waive_repayment

    agreement = waive_repayment(_store(args), args.agreement_no, note=args.note)
    print(f"{agreement.agreement_no}: {agreement.status}")
    return EXIT_OK


def cmd_agreement_authorization(args: argparse.Namespace) -> int:
    from certdesk.core.money import parse_cents
    from certdesk.files import write_bytes_atomically
    from certdesk.services.agreements.issuing import deduction_authorization

    most = parse_cents(args.max_per_period, "max_per_period")
    pdf = deduction_authorization(_store(args), args.agreement_no, max_per_period_cents=most)
    write_bytes_atomically(Path(args.output), pdf)
    return EXIT_OK


def cmd_form(args: argparse.Namespace) -> int:
    from certdesk.files import write_bytes_atomically
    from certdesk.services.agreements.issuing import stored_form

    write_bytes_atomically(Path(args.output), stored_form(_store(args), args.agreement_no))
    return EXIT_OK


def cmd_statement(args: argparse.Namespace) -> int:
    from certdesk.core.money import format_cents
    from certdesk.files import write_bytes_atomically
    from certdesk.services.departures.recording import repayment_plan, stored_statement

    store = _store(args)
    if args.new:
        from certdesk.services.departures.followup import issue_statement

        number = issue_statement(store, args.agreement_no)
        print(f"statement no. {number} stored")
    write_bytes_atomically(Path(args.output), stored_statement(store, args.agreement_no))
    if args.new:
        from certdesk.cli_repayments import print_follow_up
        from certdesk.services.departures.followup import repayment_follow_up

        print_follow_up(repayment_follow_up(store, args.agreement_no))
        return EXIT_OK
    plan = repayment_plan(store, args.agreement_no)
    if plan is None:
        print("nothing is owed")
        return EXIT_OK
    from certdesk.services.departures.followup import repayment_follow_up

    left = repayment_follow_up(store, args.agreement_no).balance_cents
    how = "no lump sum: " if plan.no_lump_sum else ""
    print(f"balance {format_cents(left)}; {how}{len(plan.instalments)} instalment(s)")
    for number, item in enumerate(plan.instalments, start=1):
        print(f"{number}\t{item.due_on}\t{format_cents(item.amount_cents)}")
    print(f"dispute or ask for a hardship waiver by {plan.dispute_by}")
    return EXIT_OK


def cmd_depart(args: argparse.Namespace) -> int:
    from certdesk.core.departure_requests import parse_departure_request
    from certdesk.core.money import format_cents
    from certdesk.services.departures.recording import record_departure

    store = _store(args)  # opened first, as before: a missing file is created and migrated
    request = parse_departure_request(
        args.employee_no, on=args.on, reason=args.reason, note=args.note or ""
    )
    result = record_departure(store, request)
    _note(result.notes)
    _warn(result.warnings)
    for o in result.outcomes:
        if o.decided_by:
            print(f"note: {o.agreement_no}: {o.note}", file=sys.stderr)
    if args.json:
        json.dump(result.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    print(f"{result.employee_no} left on {result.departure_date} ({result.reason})")
    for o in result.outcomes:
        served = f", {o.months_served} months served" if o.months_served is not None else ""
        if o.before_start:
            served = ", before the commitment started"
        print(f"{o.agreement_no}: {o.status}{served}, owed {format_cents(o.owed_cents)}")
    print(f"total owed: {format_cents(result.total_owed_cents)}")
    return EXIT_OK


def cmd_undo_departure(args: argparse.Namespace) -> int:
    from certdesk.services.departures.undo import undo_departure

    plan = undo_departure(_store(args), args.employee_no)
    print(f"undone: the departure of {plan.employee_no} on {plan.departure_date}")
    for line in plan.describe():
        print(line)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from certdesk.services.reports.registers import write_report

    if args.name in ("matrix", "renewals"):
        from certdesk.cli_renewals import report_matrix_or_renewals

        return report_matrix_or_renewals(args)
    text = write_report(_store(args), args.name, Path(args.output) if args.output else None)
    if text is not None:
        sys.stdout.write(text)
    return EXIT_OK


# --- the parser -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The whole command line as DESIGN.md pins it."""
    parser = _Parser(prog="certdesk", description="Certification paths and tuition agreements.")
    parser.add_argument("--db", help="database file (default: certdesk.db in the user data folder)")
    parser.add_argument("--version", action="version", version=_version())
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this installation works (database, window, forms, PDF view) and exit",
    )
    # For start-up timings from outside (benchmarks, the frozen app): not part of the contract.
    parser.add_argument("--quit-after", choices=["first-paint", "list"], help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_text: str, parent=sub):
        p = parent.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    add("demo", cmd_demo, "fill an empty database with realistic sample data")

    imp = sub.add_parser("import", help="import records from CSV").add_subparsers(
        dest="what", required=True, parser_class=_Parser
    )
    p = add("managers", cmd_import, "import managers from CSV (all-or-nothing)", imp)
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.add_argument(
        "--map",
        action="append",
        metavar="FIELD=HEADER",
        help="the column feeding a field (employee_no, full_name, given_name, family_name, "
        "email, job_title, site, work_state, hire_date); the usual HR-export names need none",
    )
    p.add_argument(
        "--date-format",
        choices=["YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY"],
        help="how the hire dates are written (default: detected; asked when no day is above 12)",
    )
    p.add_argument(
        "--name-order",
        choices=["given-family", "family-given"],
        default="given-family",
        help="order of a name split in given and family name columns (default given-family)",
    )

    p = add("export", cmd_export, "export managers, paths or agreements as CSV")
    p.add_argument("what", choices=["managers", "paths", "agreements"])
    p.add_argument("-o", "--output", help="CSV file to write (default: standard output)")

    p = add("list", cmd_list, "list managers, paths or agreements")
    p.add_argument("what", choices=["managers", "paths", "agreements"])
    p.add_argument("--json", action="store_true", help="JSON output")

    path = sub.add_parser("path", help="certification paths").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = add("add", cmd_path_add, "plan a path; prints its id", path)
    p.add_argument("employee_no")
    p.add_argument("cert_code")
    p.add_argument("--target", help="target date YYYY-MM-DD")
    _course_options(p)
    p = add(
        "edit",
        cmd_path_edit,
        "set a path's provider, course dates or target (options left out stay as they are)",
        path,
    )
    p.add_argument("path_id")
    p.add_argument("--target", help="target date YYYY-MM-DD ('' clears it)")
    _course_options(p, clear=True)
    p = add("complete", cmd_path_complete, "record a completion", path)
    p.add_argument("path_id")
    p.add_argument("--on", required=True, help="completion date YYYY-MM-DD")
    p.add_argument("--credential-no")
    p.add_argument("--proof", help="certificate or transcript (PDF, PNG, JPEG)")
    p.add_argument("--no-proof", metavar="REASON", help="why there is no proof (audited)")
    p = add(
        "status", cmd_path_status, "move a path to approved, enrolled, withdrawn or failed", path
    )
    p.add_argument("path_id")
    p.add_argument("status", choices=["approved", "enrolled", "withdrawn", "failed"])
    p.add_argument("--on", help="date of the move (enrolment date) YYYY-MM-DD")

    cost = sub.add_parser("cost", help="cost lines").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = add("add", cmd_cost_add, "add a cost line to a path; prints its id", cost)
    p.add_argument("path_id")
    p.add_argument(
        "--kind",
        required=True,
        choices=["tuition", "exam", "materials", "travel", "class_wages", "other"],
    )
    p.add_argument("--amount", required=True, help="e.g. 1234.56")
    p.add_argument("--paid-by", default="company", choices=["company", "employee"])
    when = p.add_mutually_exclusive_group()
    when.add_argument("--paid-on", help="payment date YYYY-MM-DD (company-paid: this or the next)")
    when.add_argument(
        "--not-yet-paid",
        action="store_true",
        help="committed, not paid yet (date it later with `cost paid`)",
    )
    p.add_argument("--description")
    p = add("paid", cmd_cost_paid, "date a cost line's payment, or mark it not yet paid", cost)
    p.add_argument("cost_id")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--on", help="the day it was paid, YYYY-MM-DD")
    when.add_argument("--not-yet-paid", action="store_true", help="not paid yet after all")
    p = add("remove", cmd_cost_remove, "remove a cost line no issued agreement counts", cost)
    p.add_argument("cost_id", help="the cost line's number (as cost add printed it)")

    agreement = sub.add_parser("agreement", help="tuition-assistance agreements").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = add(
        "draft", cmd_agreement_draft, "draft an agreement for a path; prints its number", agreement
    )
    p.add_argument("path_id")
    p.add_argument("--months", help="commitment months N (may be left out with --tiers)")
    p.add_argument("--schedule", required=True, help="prorated, stepped, full or tiers")
    p.add_argument("--tiers", help="bands K:P, e.g. 6:100,12:75,18:50,24:25")
    p.add_argument("--start", default="completion", help="completion (default) or signing")
    p.add_argument("--clock", default="commitment", help="commitment (default) or per-payment")
    p.add_argument(
        "--waive",
        help="waived reasons, e.g. layoff,death (default: "
        "dismissed_other,layoff,death,disability; 'none' for none)",
    )
    p.add_argument("--amount", help="repayable amount, at most the company-paid repayable cost")
    p.add_argument("--deadline", help="completion deadline YYYY-MM-DD (default: the path's target)")
    p.add_argument("--proof-days", default="30", help="days to show the credential (default 30)")
    p = add("issue", cmd_agreement_issue, "freeze the terms and print the form", agreement)
    p.add_argument("agreement_no")
    p.add_argument("-o", "--output", help="write the form PDF here")
    p.add_argument(
        "--accept-warnings", action="store_true", help="issue despite compliance warnings"
    )
    p.add_argument("--on", help="issue date YYYY-MM-DD (default: today)")
    p = add("sign", cmd_agreement_sign, "record the signing date", agreement)
    p.add_argument("agreement_no")
    p.add_argument("--on", required=True, help="signing date YYYY-MM-DD")
    p.add_argument(
        "--accept-warnings", action="store_true", help="sign despite compliance warnings"
    )
    p = add(
        "attach", cmd_agreement_attach, "store the scanned signed copy (PDF, PNG, JPEG)", agreement
    )
    p.add_argument("agreement_no")
    p.add_argument("file")
    p = add("void", cmd_agreement_void, "void an agreement that is not final", agreement)
    p.add_argument("agreement_no")
    p.add_argument("--reason", required=True)
    p = add("payment", cmd_agreement_payment, "record money paid back", agreement)
    p.add_argument("agreement_no")
    p.add_argument("--amount", required=True)
    p.add_argument("--on", required=True)
    p.add_argument("--method", help="cheque, transfer, payroll_deduction or other")
    p.add_argument("--note")
    p = add("waive", cmd_agreement_waive, "forgive what is still owed", agreement)
    p.add_argument("agreement_no")
    p.add_argument("--note", required=True, help="why (who decided)")
    p = add(
        "authorization",
        cmd_agreement_authorization,
        "print the separate, revocable payroll-deduction authorization",
        agreement,
    )
    p.add_argument("agreement_no")
    p.add_argument("--max-per-period", required=True, help="most deducted per pay period")
    p.add_argument("-o", "--output", required=True)

    from certdesk.cli_repayments import register as register_repayments

    register_repayments(add, agreement)

    p = add("form", cmd_form, "write the stored issued form, byte for byte")
    p.add_argument("agreement_no")
    p.add_argument("-o", "--output", required=True)
    p = add("statement", cmd_statement, "write the stored repayment statement")
    p.add_argument("agreement_no")
    p.add_argument("-o", "--output", required=True)
    p.add_argument(
        "--new",
        action="store_true",
        help="first store a new statement as of today: payments so far, late and left",
    )

    p = add("depart", cmd_depart, "record a departure and compute what is owed")
    p.add_argument("employee_no")
    p.add_argument("--on", required=True, help="departure date YYYY-MM-DD")
    p.add_argument(
        "--reason",
        required=True,
        help=REASONS_HELP,
    )
    p.add_argument("--note")
    p.add_argument("--json", action="store_true")

    p = add(
        "undo-departure",
        cmd_undo_departure,
        "take a departure back (refused once a payment was received)",
    )
    p.add_argument("employee_no")

    p = add("report", cmd_report, "roster, agreements register, spend by year, expiring soon")
    p.add_argument(
        "name", choices=["roster", "agreements", "spend", "expiring", "renewals", "matrix"]
    )
    p.add_argument("-o", "--output", help="FILE.pdf or FILE.csv (default: CSV on standard output)")

    p = add("repayment", cmd_repayment, "calculate what is owed (no database)")
    p.add_argument("--amount")
    p.add_argument("--start")
    p.add_argument("--months")
    p.add_argument("--schedule", required=True)
    p.add_argument("--tiers")
    p.add_argument("--departure", required=True)
    p.add_argument("--reason", required=True, help=REASONS_HELP)
    p.add_argument("--state", help="work state: USPS code or name (CA, New York) or a country code")
    p.add_argument("--signed", help="day the agreement was signed, YYYY-MM-DD (default: the start)")
    p.add_argument("--waive")
    p.add_argument("--clock", default="commitment")
    p.add_argument("--payment", action="append", help="DATE:AMOUNT (repeat per payment)")
    p.add_argument("--explain", action="store_true", help="print the calculation steps to stderr")

    add("check", cmd_check, "integrity, foreign keys and invariants")
    p = add("backup", cmd_backup, "write a consistent copy of the database")
    p.add_argument("-o", "--output", help="backup file (default: backups/ beside the database)")
    p = add("restore", cmd_restore, "replace the database with a checked backup of it")
    p.add_argument("backup_file", help="a backup file, e.g. from backups/ beside the database")

    from certdesk.cli_renewals import register as register_renewals

    register_renewals(sub, add, _Parser, path=path, cost=cost)
    from certdesk.cli_leave import register as register_leave

    register_leave(sub, add, _Parser)
    return parser


def _version() -> str:
    from certdesk import __version__

    return f"certdesk {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    if args.self_test:
        from certdesk.selftest import run_self_test

        return run_self_test()
    if args.command is None:
        from certdesk.gui.app import run
        from certdesk.locations import database_path

        return run(database_path(args.db), quit_after=args.quit_after)
    args.opened_stores = []
    try:
        return args.handler(args)
    except InvalidInput as exc:
        message = exc.message if exc.field in ("file", "") else f"{exc.field}: {exc.message}"
        print(f"error: {message}", file=sys.stderr)
        return EXIT_REJECTED
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a file that cannot be written or read (a folder, no permission...)
        print(f"error: {describe_os_error(exc)}", file=sys.stderr)
        return EXIT_REJECTED
    except sqlite3.Error as exc:  # the file or disk, said as an instruction where possible
        from certdesk.services.safety.backups import database_problem

        problem = database_problem(exc, Path(args.db) if args.db else None)
        print(f"error: {problem.message if problem else f'database: {exc}'}", file=sys.stderr)
        return EXIT_REJECTED
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a bug: one readable line, never a traceback (exit 1)
        print(f"error: {INTERNAL_ERROR}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    finally:
        for store in args.opened_stores:
            with contextlib.suppress(Exception):  # closing must not hide what happened
                store.close()


def describe_os_error(exc: OSError) -> str:
    """ "FILE: why" for a file that could not be read or written; the disk's free space when full."""
    where = exc.filename2 or exc.filename
    why = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC and where:
        from certdesk.files import free_space_text

        why = f"the disk is full ({free_space_text(Path(str(where)).parent)})"
    return f"{where or 'file'}: {why}"


if __name__ == "__main__":
    sys.exit(main())
