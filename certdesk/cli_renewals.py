"""Command-line commands for credentials over their whole life: proof, receipts, credits,
renewals, renewal rules, role requirements. Parses text into typed values for the services."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from certdesk.core.errors import InvalidInput

EXIT_OK = 0


def _store(args: argparse.Namespace):
    from certdesk.cli import _store as open_cli_store

    return open_cli_store(args)


def _int(text: str, field: str) -> int:
    try:
        return int(str(text).strip())
    except ValueError:
        raise InvalidInput(field, f"{text!r} is not a number") from None


def cmd_path_proof(args: argparse.Namespace) -> int:
    from certdesk.core.dates import parse_optional_date
    from certdesk.services.credentials import renewals

    store = _store(args)
    path_id = _int(args.path_id, "path_id")
    on = parse_optional_date(args.on, "on")
    if bool(args.file) == bool(args.missing):
        raise InvalidInput("file", "give the proof FILE, or --missing REASON (not both)")
    if args.file:
        print(renewals.attach_completion_proof(store, path_id, Path(args.file), on))
    else:
        renewals.record_missing_proof(store, path_id, args.missing, on)
        print(f"path {path_id}: no proof; the reason is recorded in the audit trail")
    return EXIT_OK


def cmd_cost_receipt(args: argparse.Namespace) -> int:
    from certdesk.services.credentials import renewals

    print(renewals.attach_receipt(_store(args), _int(args.cost_line_id, "cost_line"), args.file))
    return EXIT_OK


def cmd_credit_add(args: argparse.Namespace) -> int:
    from certdesk.core.dates import parse_date
    from certdesk.core.renewal import parse_credits, parse_unit
    from certdesk.services.credentials import renewals

    activity = renewals.add_activity(
        _store(args),
        _int(args.path_id, "path_id"),
        earned_on=parse_date(args.on, "on"),
        title=args.title,
        credits=parse_credits(args.credits),
        unit=parse_unit(args.unit),
        provider=args.provider or "",
        category=args.category or "",
        proof=Path(args.proof) if args.proof else None,
    )
    print(activity.id)
    return EXIT_OK


def cmd_renew(args: argparse.Namespace) -> int:
    from certdesk.core.dates import parse_date
    from certdesk.core.renewal import RenewalMethod
    from certdesk.services.credentials import renewals

    cycle = renewals.renew(
        _store(args),
        _int(args.path_id, "path_id"),
        on=parse_date(args.on, "on"),
        method=RenewalMethod(args.by),
        fee_paid_on=parse_date(args.fee_paid_on, "fee_paid_on") if args.fee_paid_on else None,
    )
    ends = cycle.ends_on.isoformat() if cycle.ends_on else "never"
    print(f"path {cycle.path_id}: cycle {cycle.seq} runs from {cycle.starts_on} to {ends}")
    return EXIT_OK


def _cycles_json(views) -> list[dict]:
    from certdesk.core.renewal import format_centihours

    out = []
    for cred in views:
        out.append(
            {
                "path_id": cred.path_id,
                "cert_code": cred.cert_code,
                "credential_no": cred.credential_no,
                "cycles": [
                    {
                        "seq": v.cycle.seq,
                        "starts_on": v.cycle.starts_on.isoformat(),
                        "ends_on": v.cycle.ends_on.isoformat() if v.cycle.ends_on else None,
                        "state": str(v.state),
                        "renewed_on": (
                            v.cycle.renewed_on.isoformat() if v.cycle.renewed_on else None
                        ),
                        "renewal_method": v.cycle.renewal_method,
                        "rule_version": v.rule.version,
                        "credits_counted": format_centihours(
                            v.tally.counted_centihours, v.tally.unit
                        ),
                        "credits_needed": format_centihours(
                            v.tally.needed_centihours, v.tally.unit
                        ),
                        "renewal_met": v.tally.met,
                        "activities": len(v.activities),
                    }
                    for v in cred.cycles
                ],
            }
        )
    return out


def cmd_cycles(args: argparse.Namespace) -> int:
    from certdesk.core.renewal import CYCLE_STATE_LABELS
    from certdesk.services.credentials import renewals
    from certdesk.services.managers import get_manager

    store = _store(args)
    employee = get_manager(store, args.employee_no)
    views = renewals.credentials_of_employee(store, employee.id)
    if args.json:
        json.dump(_cycles_json(views), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    for cred in views:
        print(f"{cred.cert_code} (path {cred.path_id}) {cred.credential_no}".rstrip())
        for v in cred.cycles:
            ends = v.cycle.ends_on or "never expires"
            state = CYCLE_STATE_LABELS[v.state]
            if v.cycle.renewed_late:
                state += f", renewed late on {v.cycle.renewed_on}"
            print(f"  cycle {v.cycle.seq}: {v.cycle.starts_on} to {ends}, {state}")
            if v.tally.needed_centihours:
                print(f"    credits: {v.tally.describe()}")
    return EXIT_OK


def cmd_rule_add(args: argparse.Namespace) -> int:
    from certdesk.core.dates import parse_date
    from certdesk.core.money import format_plain, parse_cents
    from certdesk.core.renewal import RenewalRule, parse_caps, parse_credits, parse_unit
    from certdesk.services.credentials import renewals

    validity_text = (args.validity or "").strip().lower()
    if validity_text in ("never", ""):
        validity = None
    else:
        validity = _int(validity_text, "validity_months")
    rule = renewals.add_rule_version(
        _store(args),
        args.cert_code,
        RenewalRule(
            validity_months=validity,
            credits_needed=parse_credits(args.credits, allow_zero=True),
            unit=parse_unit(args.unit),
            caps=parse_caps(args.caps or ""),
            fee_cents=parse_cents(args.fee or "0", "fee"),
            effective_on=parse_date(args.effective, "effective"),
            note=args.note or "",
        ),
    )
    fee = f"; fee {format_plain(rule.fee_cents)}" if rule.fee_cents else ""
    print(
        f"{args.cert_code.upper()} rule version {rule.version} from {rule.effective_on}: "
        f"{rule.describe()}{fee}"
    )
    return EXIT_OK


def cmd_rule_list(args: argparse.Namespace) -> int:
    from certdesk.core.money import format_plain
    from certdesk.services.credentials import renewals

    for rule in renewals.rule_versions(_store(args), args.cert_code):
        fee = f"; fee {format_plain(rule.fee_cents)}" if rule.fee_cents else ""
        print(f"v{rule.version}\t{rule.effective_on}\t{rule.describe()}{fee}")
    return EXIT_OK


def cmd_role_require(args: argparse.Namespace) -> int:
    from certdesk.services.catalog import roles

    codes = [c for c in (args.certs or "").split(",") if c.strip()]
    required = roles.set_role_requirements(_store(args), args.job_title, codes)
    print(f"{args.job_title}: {', '.join(required) or 'nothing required'}")
    return EXIT_OK


def cmd_role_list(args: argparse.Namespace) -> int:
    from certdesk.services.catalog import roles

    for title, codes in roles.role_requirements(_store(args)).items():
        print(f"{title}\t{','.join(codes)}")
    return EXIT_OK


def report_matrix_or_renewals(args: argparse.Namespace) -> int:
    """`certdesk report matrix|renewals [-o FILE.csv|FILE.pdf]`."""
    output = Path(args.output) if args.output else None
    if args.name == "matrix":
        from certdesk.services.reports.matrix import write_matrix

        text = write_matrix(_store(args), output)
    else:
        from certdesk.services.credentials.reminders import write_renewals

        text = write_renewals(_store(args), output)
    if text is not None:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_binder(args: argparse.Namespace) -> int:
    """`certdesk binder EMPLOYEE_NO -o FILE.pdf` or `binder --all --from D --to D -o FILE.pdf`."""
    from certdesk.core.dates import parse_date
    from certdesk.services.reports.binder import write_binder

    if bool(args.employee_no) == bool(args.all):
        raise InvalidInput("employee_no", "give one EMPLOYEE_NO, or --all with --from and --to")
    period = None
    if args.date_from or args.date_to:
        period = (parse_date(args.date_from, "from"), parse_date(args.date_to, "to"))
    path = write_binder(_store(args), args.employee_no, Path(args.output), period=period)
    print(f"binder written: {path}")
    return EXIT_OK


def register(sub, add: Callable[..., argparse.ArgumentParser], parser_class, *, path, cost) -> None:
    """Add these commands to the main parser (called from cli.build_parser); `path` and
    `cost` are the sub-command groups of those commands."""
    p = add("proof", cmd_path_proof, "attach the proof of completion, or record why not", path)
    p.add_argument("path_id")
    p.add_argument("file", nargs="?", help="certificate or transcript (PDF, PNG, JPEG)")
    p.add_argument("--missing", metavar="REASON", help="why there is no proof (audited)")
    p.add_argument("--on", help="date recorded YYYY-MM-DD (default: today)")

    p = add("receipt", cmd_cost_receipt, "attach the itemised receipt to a cost line", cost)
    p.add_argument("cost_line_id")
    p.add_argument("file", help="PDF, PNG or JPEG")

    credit = sub.add_parser("credit", help="continuing-education credits").add_subparsers(
        dest="action", required=True, parser_class=parser_class
    )
    p = add("add", cmd_credit_add, "record an activity toward renewal; prints its id", credit)
    p.add_argument("path_id")
    p.add_argument("--on", required=True, help="date earned YYYY-MM-DD")
    p.add_argument("--title", required=True)
    p.add_argument("--credits", required=True, help="e.g. 2.5")
    p.add_argument("--unit", default="hours", help="hours (default) or ceu; 1 CEU = 10 hours")
    p.add_argument("--provider")
    p.add_argument("--category", help="e.g. self-study (caps apply per category)")
    p.add_argument("--proof", help="certificate of attendance (PDF, PNG, JPEG)")

    p = add("renew", cmd_renew, "renew a credential: the next cycle starts on its expiry")
    p.add_argument("path_id")
    p.add_argument("--on", required=True, help="renewal date YYYY-MM-DD")
    p.add_argument("--by", default="credits", choices=["credits", "exam"])
    p.add_argument(
        "--fee-paid-on", metavar="DATE", help="the company paid the rule's renewal fee that day"
    )

    p = add("cycles", cmd_cycles, "every cycle of every credential of a manager")
    p.add_argument("employee_no")
    p.add_argument("--json", action="store_true")

    rule = sub.add_parser("rule", help="renewal rules of the catalog").add_subparsers(
        dest="action", required=True, parser_class=parser_class
    )
    p = add("add", cmd_rule_add, "add a renewal rule version to a certification", rule)
    p.add_argument("cert_code")
    p.add_argument("--effective", required=True, help="applies to cycles starting from this date")
    p.add_argument("--validity", required=True, help="months, or never")
    p.add_argument("--credits", default="0", help="credits per cycle, e.g. 60")
    p.add_argument("--unit", default="hours", help="hours (default) or ceu")
    p.add_argument("--caps", help="per category, e.g. 'self-paced:30,organization:20' or 'x:50%%'")
    p.add_argument("--fee", help="renewal fee, e.g. 150.00")
    p.add_argument("--note")
    p = add("list", cmd_rule_list, "every version of a certification's renewal rule", rule)
    p.add_argument("cert_code")

    p = add("binder", cmd_binder, "the audit binder PDF of one manager (or --all for a period)")
    p.add_argument("employee_no", nargs="?")
    p.add_argument("-o", "--output", required=True, help="FILE.pdf")
    p.add_argument("--all", action="store_true", help="every manager with changes in the period")
    p.add_argument("--from", dest="date_from", help="period start YYYY-MM-DD (audit lines)")
    p.add_argument("--to", dest="date_to", help="period end YYYY-MM-DD")

    role = sub.add_parser("role", help="certifications each role requires").add_subparsers(
        dest="action", required=True, parser_class=parser_class
    )
    p = add("require", cmd_role_require, "set the certifications a job title requires", role)
    p.add_argument("job_title")
    p.add_argument("--certs", required=True, help="codes, e.g. CCCM,QAMC ('' for none)")
    add("list", cmd_role_list, "every role and what it requires", role)
