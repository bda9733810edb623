"""Never a traceback: every command, for any argument text, exits 0, 1 or 2 with readable lines.

Hypothesis drives each command in-process (certdesk.cli.main) with random text, numbers, amounts
and dates in every argument slot, against one demo database. Any exception escaping main(), any
exit code but 0/1/2, a Python traceback or the internal-problem line fails the test.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certdesk.cli import INTERNAL_ERROR, main
from certdesk.services.demo.database import fill_demo
from certdesk.store import open_store

# Real argv never holds NUL or lone surrogates; anything else may come in.
_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
TEXT = st.text(_CHARS, max_size=24)
NUMBER_TEXT = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["0", "-0", "1e9", "nan", "inf", "١٢", "１２", " 12 ", "9" * 400, "0x10"]),
)
AMOUNT_TEXT = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    st.integers(min_value=0, max_value=10**25).map(lambda n: f"{n // 100:,}.{n % 100:02d}"),
    st.sampled_from(
        ["99999999999999999999.99", "92233720368547758.07", "10,000,000.00", "10000000.01", "-1"]
    ),
)
DATE_TEXT = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["9999-12-31", "0001-01-01", "2026-02-30", "1899-12-31", "2200-01-01"]),
)
ANY = st.one_of(TEXT, NUMBER_TEXT, AMOUNT_TEXT, DATE_TEXT)
# File names stay inside the test's own folder (the test may run as root).
FILE_NAME = TEXT.filter(lambda t: not t.startswith(("/", "~")) and ".." not in t)

EMPLOYEE = st.one_of(st.sampled_from(["H-9001", "H-9002", "h-9003"]), ANY)
PATH_ID = st.one_of(st.integers(min_value=1, max_value=12).map(str), ANY)
AGREEMENT = st.one_of(st.sampled_from(["TA-2026-0001", "ta-2026-0002", "TA-2025-0001"]), ANY)


def words(*choices: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(choices), ANY)


def option(name: str, value: st.SearchStrategy[str] | None = None) -> st.SearchStrategy:
    """An option given or left out: [], [name] (a flag) or [name, value]."""
    given_form = st.just([name]) if value is None else value.map(lambda v: [name, v])
    return st.one_of(st.just([]), given_form)


def command(*parts: st.SearchStrategy | str) -> st.SearchStrategy[list[str]]:
    """An argument list: fixed words, one random value per strategy, options flattened."""
    pieces = [st.just([p]) if isinstance(p, str) else p for p in parts]

    def flatten(items: tuple) -> list[str]:
        out: list[str] = []
        for item in items:
            out.extend(item if isinstance(item, list) else [item])
        return out

    return st.tuples(*pieces).map(flatten)


COMMANDS: dict[str, st.SearchStrategy[list[str]]] = {
    "import": command("import", "managers", FILE_NAME, option("--dry-run")),
    "export": command("export", words("managers", "paths", "agreements"), option("-o", FILE_NAME)),
    "list": command("list", words("managers", "paths", "agreements"), option("--json")),
    "path add": command(
        "path", "add", EMPLOYEE, words("CCCM", "swmp"), option("--target", DATE_TEXT)
    ),
    "path complete": command(
        "path",
        "complete",
        PATH_ID,
        option("--on", DATE_TEXT),
        option("--credential-no", TEXT),
    ),
    "path status": command(
        "path",
        "status",
        PATH_ID,
        words("approved", "enrolled", "withdrawn", "failed"),
        option("--on", DATE_TEXT),
    ),
    "cost add": command(
        "cost",
        "add",
        PATH_ID,
        option("--kind", words("tuition", "class_wages", "exam")),
        option("--amount", AMOUNT_TEXT),
        option("--paid-by", words("company", "employee")),
        option("--paid-on", DATE_TEXT),
        option("--description", TEXT),
    ),
    "cost remove": command("cost", "remove", PATH_ID),
    "cost paid": command(
        "cost", "paid", PATH_ID, option("--on", DATE_TEXT), option("--not-yet-paid")
    ),
    "agreement draft": command(
        "agreement",
        "draft",
        PATH_ID,
        option("--months", NUMBER_TEXT),
        option("--schedule", words("prorated", "stepped", "full", "tiers")),
        option("--tiers", words("6:100,12:75,18:50,24:25", "12:100")),
        option("--start", words("completion", "signing")),
        option("--clock", words("commitment", "per-payment")),
        option("--waive", words("layoff,death", "none")),
        option("--amount", AMOUNT_TEXT),
        option("--deadline", DATE_TEXT),
        option("--proof-days", NUMBER_TEXT),
    ),
    "agreement issue": command(
        "agreement",
        "issue",
        AGREEMENT,
        option("-o", FILE_NAME),
        option("--on", DATE_TEXT),
        option("--accept-warnings"),
    ),
    "agreement sign": command("agreement", "sign", AGREEMENT, option("--on", DATE_TEXT)),
    "agreement attach": command("agreement", "attach", AGREEMENT, FILE_NAME),
    "agreement void": command("agreement", "void", AGREEMENT, option("--reason", TEXT)),
    "agreement payment": command(
        "agreement",
        "payment",
        AGREEMENT,
        option("--amount", AMOUNT_TEXT),
        option("--on", DATE_TEXT),
        option("--note", TEXT),
    ),
    "agreement waive": command("agreement", "waive", AGREEMENT, option("--note", TEXT)),
    "form": command("form", AGREEMENT, option("-o", FILE_NAME)),
    "statement": command("statement", AGREEMENT, option("-o", FILE_NAME)),
    "depart": command(
        "depart",
        EMPLOYEE,
        option("--on", DATE_TEXT),
        option("--reason", words("resigned", "layoff", "other")),
        option("--note", TEXT),
        option("--json"),
    ),
    "report": command(
        "report", words("roster", "agreements", "spend", "expiring"), option("-o", FILE_NAME)
    ),
    "repayment": command(
        "repayment",
        option("--amount", AMOUNT_TEXT),
        option("--start", DATE_TEXT),
        option("--months", NUMBER_TEXT),
        option("--schedule", words("prorated", "stepped", "full", "tiers")),
        option("--tiers", words("6:100,12:75", "12:100")),
        option("--departure", DATE_TEXT),
        option("--reason", words("resigned", "layoff")),
        option("--state", words("CA", "NY", "CO")),
        option("--waive", words("layoff", "none")),
        option("--clock", words("commitment", "per-payment")),
        option("--payment", ANY),
        option("--explain"),
    ),
    "check": command("check"),
    "backup": command("backup", option("-o", FILE_NAME)),
    "restore": command("restore", FILE_NAME),
    # No command word first: without one certdesk would open the window.
    "random words": st.lists(ANY, min_size=1, max_size=4).filter(
        lambda a: not a[0].startswith("-")
    ),
}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database (managers, paths, agreements) every example runs against."""
    path = tmp_path_factory.mktemp("cli-properties") / "demo.db"
    store = open_store(path)
    try:
        fill_demo(store)
    finally:
        store.close()
    return path


@contextlib.contextmanager
def in_folder(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    folder.mkdir(parents=True, exist_ok=True)
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)
        shutil.rmtree(folder, ignore_errors=True)


def run(db: Path, args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", str(db), *args])
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_command_ever_prints_a_traceback(name: str, demo_db: Path) -> None:
    @settings(
        max_examples=int(os.environ.get("CERTDESK_CLI_EXAMPLES", "12")),
        deadline=None,
        derandomize="CERTDESK_CLI_EXAMPLES" not in os.environ,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(COMMANDS[name])
    def check(args: list[str]) -> None:
        with in_folder(demo_db.parent / "cwd"):
            code, out, err = run(demo_db, args)
        assert code in (0, 1, 2), (args, code, err)
        assert "Traceback" not in err and "Traceback" not in out, (args, err)
        assert INTERNAL_ERROR not in err, (args, err)
        if code != 0:
            assert err.strip(), (args, "a refusal must say why")
            lines = err.strip().splitlines()
            assert any(line.startswith(("error:", "certdesk")) for line in lines), (args, err)

    check()
