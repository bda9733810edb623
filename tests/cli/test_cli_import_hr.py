"""`certdesk import managers` on files as HR systems export them: usual headers recognised,
--map for the others, --date-format when no day above 12 settles it, --name-order; bad input
names the line and field and leaves the database byte for byte unchanged."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

HR_HEADER = "Employee ID,First Name,Last Name,Work Email,Job Title,Location,State,Hire Date"
HR_ROWS = [
    "E-1001,Maria,García López,maria.garcia@example.com,Call Center Manager,Tampa Operations,FL,"
    "03/15/2021",
    "E-1002,Hương,Nguyễn Thị,huong.nguyen@example.com,Workforce Manager,Sacramento Contact Center,"
    "CA,03/25/2021",
    "E-1003,Łukasz,Żółć,lukasz.zolc@example.com,QA Lead,Buffalo Service Desk,NY,11/02/2019",
]
AMBIGUOUS_ROWS = [
    "E-2001,Anna,Kowalska,anna@example.com,Team Lead,Denver Customer Care,CO,03/04/2021",
    "E-2002,Jan,Nowak,jan@example.com,Team Lead,Denver Customer Care,CO,12/01/2020",
]


def managers(run_cli, db: Path) -> dict[str, dict]:
    return {
        r["employee_no"]: r
        for r in json.loads(run_cli("--db", db, "list", "managers", "--json")[1])
    }


def hr_file(write_file, *rows: str, header: str = HR_HEADER, name: str = "hr.csv") -> Path:
    return write_file(name, "\r\n".join([header, *rows]) + "\r\n")


def test_the_hr_export_imports_with_its_date_format_and_no_map(run_cli, db_path, write_file):
    file = hr_file(write_file, *HR_ROWS)
    code, out, err = run_cli(
        "--db", db_path, "import", "managers", file, "--date-format", "MM/DD/YYYY"
    )
    assert (code, out, err) == (0, "3 added, 0 updated, 0 unchanged\n", "")
    stored = managers(run_cli, db_path)
    assert stored["E-1002"] == {
        **stored["E-1002"],
        "full_name": "Hương Nguyễn Thị",
        "email": "huong.nguyen@example.com",
        "job_title": "Workforce Manager",
        "site": "Sacramento Contact Center",
        "work_state": "CA",
        "hire_date": "2021-03-25",
    }
    assert stored["E-1003"]["hire_date"] == "2019-11-02"


def test_a_day_above_12_settles_the_format_without_the_option(run_cli, db_path, write_file):
    code, out, err = run_cli("--db", db_path, "import", "managers", hr_file(write_file, *HR_ROWS))
    assert (code, out, err) == (0, "3 added, 0 updated, 0 unchanged\n", "")
    assert managers(run_cli, db_path)["E-1001"]["hire_date"] == "2021-03-15"


def test_ambiguous_dates_without_the_option_exit_1_naming_it(
    run_cli, db_path, write_file, file_fingerprint
):
    run_cli("--db", db_path, "import", "managers", hr_file(write_file, *HR_ROWS))
    before = file_fingerprint(db_path)
    file = hr_file(write_file, *AMBIGUOUS_ROWS, name="ambiguous.csv")
    code, out, err = run_cli("--db", db_path, "import", "managers", file)
    assert (code, out) == (1, "")
    assert "no day is above 12" in err
    assert "--date-format MM/DD/YYYY or --date-format DD/MM/YYYY" in err
    assert file_fingerprint(db_path) == before
    code, out, _ = run_cli(
        "--db", db_path, "import", "managers", file, "--date-format", "DD/MM/YYYY"
    )
    assert (code, out) == (0, "2 added, 0 updated, 0 unchanged\n")
    assert managers(run_cli, db_path)["E-2001"]["hire_date"] == "2021-04-03"


def test_state_names_become_codes_through_core_validation(run_cli, db_path, write_file):
    file = hr_file(
        write_file,
        "S-1,Ola,Nowak,,,,Florida,2020-02-03",
        "S-2,Jan,Kowal,,,,new york,2020-02-03",
        "S-3,Ana,Silva,,,,pl,2020-02-03",
    )
    code, _, err = run_cli("--db", db_path, "import", "managers", file)
    assert (code, err) == (0, "")
    stored = managers(run_cli, db_path)
    assert [stored[n]["work_state"] for n in ("S-1", "S-2", "S-3")] == ["FL", "NY", "PL"]
    bad = hr_file(write_file, "S-4,Eve,Stone,,,,Atlantis,2020-02-30", name="bad-state.csv")
    code, _, err = run_cli("--db", db_path, "import", "managers", bad)
    assert code == 1
    assert "line 2, work_state: 'Atlantis' is not a US state or a country" in err


def test_family_given_name_order(run_cli, db_path, write_file):
    file = hr_file(write_file, "J-1,太郎,山田,,,,,2020-02-03")
    code, _, err = run_cli(
        "--db", db_path, "import", "managers", file, "--name-order", "family-given"
    )
    assert (code, err) == (0, "")
    assert managers(run_cli, db_path)["J-1"]["full_name"] == "山田 太郎"


UNUSUAL_HEADER = (
    "Associate ID,Legal Name,Work Contact: Work Email,Job Title Description,"
    "Location Description,Work State,Original Hire Date,Cost Center"
)
UNUSUAL_ROWS = [
    "A-1,Ana Lúcia Ferreira,ana@example.com,Team Lead,Tampa Operations,FL,2021-05-01,CC-1",
    "A-2,Zoë Van der Berg,zoe@example.com,Workforce Manager,Denver Customer Care,CO,2020-01-13,CC-2",
]


def test_headers_outside_the_usual_names_import_with_map(run_cli, db_path, write_file):
    file = hr_file(write_file, *UNUSUAL_ROWS, header=UNUSUAL_HEADER)
    code, out, err = run_cli("--db", db_path, "import", "managers", file)
    assert code == 0, err
    assert "no column for email, job_title, site" in out
    run_cli("--db", db_path, "import", "managers", file)
    fresh = db_path.with_name("fresh.db")
    code, out, err = run_cli(
        "--db",
        fresh,
        "import",
        "managers",
        file,
        "--map",
        "email=Work Contact: Work Email",
        "--map",
        "job_title=Job Title Description",
        "--map",
        "site=Location Description",
    )
    assert (code, err) == (0, "")
    assert out == "2 added, 0 updated, 0 unchanged (ignored 1 column: Cost Center)\n"
    zoe = managers(run_cli, fresh)["A-2"]
    assert (zoe["full_name"], zoe["email"], zoe["job_title"], zoe["site"], zoe["hire_date"]) == (
        "Zoë Van der Berg",
        "zoe@example.com",
        "Workforce Manager",
        "Denver Customer Care",
        "2020-01-13",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "badge=Associate ID"], "map: 'badge' is not a field"),
        (["--map", "email"], "map: 'email' is not FIELD=HEADER"),
        (["--map", "email=Contact"], "line 1: the file has no column 'Contact'"),
    ],
)
def test_bad_map_exits_1(run_cli, db_path, write_file, args, message):
    file = hr_file(write_file, *UNUSUAL_ROWS, header=UNUSUAL_HEADER)
    code, out, err = run_cli("--db", db_path, "import", "managers", file, *args)
    assert (code, out) == (1, "")
    assert message in err


def test_bad_date_format_is_a_usage_error(run_cli, db_path, write_file):
    file = hr_file(write_file, *HR_ROWS)
    code, _, err = run_cli("--db", db_path, "import", "managers", file, "--date-format", "M/D/YY")
    assert code == 2 and "--date-format" in err


BAD = [
    (
        "missing employee id column",
        "First Name,Last Name,Hire Date\nAnna,Kowalska,03/15/2021\n",
        "line 1: no column for employee_no",
    ),
    ("only a BOM", "\ufeff", "line 1: the file is empty; expected a header row"),
    ("blank header", "\n,,\nE-1,Anna,\n", "line 1: the header row is empty"),
    (
        "duplicate id",
        "\n".join([HR_HEADER, *HR_ROWS, HR_ROWS[0]]),
        "line 5, employee_no: E-1001 already appears on line 2",
    ),
    (
        "impossible date",
        f"{HR_HEADER}\nE-1,Anna,Kowalska,,,,,2026-02-30\n",
        "line 2, hire_date: '2026-02-30' is not a real calendar date",
    ),
    (
        "two-digit year",
        f"{HR_HEADER}\nE-1,Anna,Kowalska,,,,,03/15/2021\nE-2,Jan,Nowak,,,,,03/16/21\n",
        "line 3, hire_date: '03/16/21' has a 2-digit year; write the year in full",
    ),
    (
        "BOM file with a bad line",
        "\ufeff" + f"{HR_HEADER}\nE-1,Anna,Kowalska,anna-at-example,,,,03/15/2021\n",
        "line 2, email: 'anna-at-example' is not an e-mail address",
    ),
    (
        "empty name",
        f"{HR_HEADER}\nE-1,,,,,,,03/15/2021\n",
        "line 2, given_name: and family_name are both empty",
    ),
]


@pytest.mark.parametrize(("case", "content", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_one_clear_message_and_the_database_unchanged(
    run_cli, db_path, write_file, file_fingerprint, case, content, message
):
    run_cli("--db", db_path, "import", "managers", hr_file(write_file, *HR_ROWS, name="ok.csv"))
    before = file_fingerprint(db_path)
    code, out, err = run_cli(
        "--db",
        db_path,
        "import",
        "managers",
        write_file("bad.csv", content),
        "--date-format",
        "MM/DD/YYYY",
    )
    assert (code, out) == (1, "")
    assert err.startswith("error: bad.csv: nothing was imported.\n"), err
    assert message in err
    assert file_fingerprint(db_path) == before


def test_a_bom_hr_export_imports(run_cli, db_path, write_file):
    data = ("\ufeff" + "\r\n".join([HR_HEADER, *HR_ROWS]) + "\r\n").encode("utf-8")
    code, out, _ = run_cli("--db", db_path, "import", "managers", write_file("bom.csv", data))
    assert (code, out) == (0, "3 added, 0 updated, 0 unchanged\n")


def test_100000_columns_are_answered_in_under_2_seconds(run_cli, db_path, write_file):
    columns = [f"Extra {i}" for i in range(100_000)]
    header = ",".join(["Employee ID", "Name", *columns])
    row = ",".join(["E-1", "Anna Kowalska", *([""] * len(columns))])
    file = write_file("wide.csv", f"{header}\n{row}\n")
    assert file.stat().st_size > 1_000_000
    start = time.process_time()  # CPU time: other work on a busy test machine does not count
    code, out, err = run_cli("--db", db_path, "import", "managers", file)
    seconds = time.process_time() - start
    assert (code, err) == (0, "")
    assert (
        "ignored 100,000 columns: Extra 0, Extra 1, Extra 2, Extra 3, Extra 4 and 99,995 more"
        in out
    )
    assert len(out) < 400
    assert seconds < 2.0


def test_a_file_over_the_limit_is_refused_up_front(run_cli, db_path, write_file, monkeypatch):
    from certdesk.services.exchange import csv_import

    monkeypatch.setattr(csv_import, "MAX_FILE_BYTES", 1000)
    file = write_file("big.csv", HR_HEADER + "\n" + "\n".join(HR_ROWS * 10) + "\n")
    code, out, err = run_cli("--db", db_path, "import", "managers", file)
    assert (code, out) == (1, "")
    assert err.startswith("error: big.csv is 3.1 KB; the import takes files up to 1000 bytes")
