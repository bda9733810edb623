"""The command line: a stable contract (exit 0 ok, 1 rejected input, 2 usage error)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from certdesk.core.errors import InvalidInput

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command line that does not follow the contract (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit itself; keep control here
        raise UsageError(f"{self.prog}: {message}")


def _store(args: argparse.Namespace):
    from certdesk.locations import default_database
    from certdesk.store import open_store

    return open_store(Path(args.db) if args.db else default_database())


def _write_output(text: str, output: str | None) -> None:
    if output:
        from certdesk.store.files import write_text_atomically

        write_text_atomically(Path(output), text)
    else:
        sys.stdout.write(text)


# --- command handlers: each returns an exit code -------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from certdesk.services.demo import fill_demo

    store = _store(args)
    count = fill_demo(store)
    print(f"demo data written: {count} managers")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from certdesk.services.csv_import import import_managers

    summary = import_managers(_store(args), args.file, dry_run=args.dry_run)
    print(summary.describe())
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from certdesk.services.csv_export import export

    _write_output(export(_store(args), args.what), args.output)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from certdesk.services.listing import list_records

    records = list_records(_store(args), args.what)
    if args.json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for record in records:
            print("\t".join(str(v) for v in record.values()))
    return EXIT_OK


def cmd_path_add(args: argparse.Namespace) -> int:
    from certdesk.services.paths import plan_path

    print(plan_path(_store(args), args.employee_no, args.cert_code, args.target))
    return EXIT_OK


def cmd_path_complete(args: argparse.Namespace) -> int:
    from certdesk.services.paths import complete_path

    path = complete_path(_store(args), args.path_id, args.on, args.credential_no or "")
    expiry = path.expires_on.isoformat() if path.expires_on else "never"
    print(f"path {path.id} completed on {path.completed_on}; credential expires: {expiry}")
    return EXIT_OK


def cmd_path_status(args: argparse.Namespace) -> int:
    from certdesk.services.paths import move_path

    path = move_path(_store(args), args.path_id, args.status, args.on)
    print(f"path {path.id} is now {path.status}")
    return EXIT_OK


def cmd_cost_add(args: argparse.Namespace) -> int:
    from certdesk.services.paths import add_cost

    line = add_cost(
        _store(args), args.path_id, kind=args.kind, amount=args.amount, paid_by=args.paid_by,
        paid_on=args.paid_on, description=args.description or "",
    )
    print(line.id)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from certdesk.services.maintenance import check_database

    problems = check_database(_store(args))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return EXIT_REJECTED
    print("ok: integrity, foreign keys and invariants")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from certdesk.services.maintenance import backup_database

    print(backup_database(_store(args), args.output))
    return EXIT_OK


# --- the parser -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The whole command line as DESIGN.md pins it."""
    parser = _Parser(prog="certdesk", description="Certification paths and tuition agreements.")
    parser.add_argument("--db", help="database file (default: certdesk.db in the user data folder)")
    parser.add_argument("--version", action="version", version=_version())
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
    p = add("complete", cmd_path_complete, "record a completion", path)
    p.add_argument("path_id")
    p.add_argument("--on", required=True, help="completion date YYYY-MM-DD")
    p.add_argument("--credential-no")
    p = add("status", cmd_path_status, "move a path to approved, enrolled, withdrawn or failed", path)
    p.add_argument("path_id")
    p.add_argument("status", choices=["approved", "enrolled", "withdrawn", "failed"])
    p.add_argument("--on", help="date of the move (enrolment date) YYYY-MM-DD")

    cost = sub.add_parser("cost", help="cost lines").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = add("add", cmd_cost_add, "add a cost line to a path; prints its id", cost)
    p.add_argument("path_id")
    p.add_argument("--kind", required=True,
                   choices=["tuition", "exam", "materials", "travel", "class_wages", "other"])
    p.add_argument("--amount", required=True, help="e.g. 1234.56")
    p.add_argument("--paid-by", default="company", choices=["company", "employee"])
    p.add_argument("--paid-on", help="payment date YYYY-MM-DD")
    p.add_argument("--description")

    add("check", cmd_check, "integrity, foreign keys and invariants")
    p = add("backup", cmd_backup, "write a consistent copy of the database")
    p.add_argument("-o", "--output", help="backup file (default: backups/ beside the database)")
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
    if args.command is None:
        from certdesk.gui.app import run
        from certdesk.locations import default_database

        return run(Path(args.db) if args.db else default_database())
    try:
        return args.handler(args)
    except InvalidInput as exc:
        message = exc.message if exc.field in ("file", "") else f"{exc.field}: {exc.message}"
        print(f"error: {message}", file=sys.stderr)
        return EXIT_REJECTED
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
