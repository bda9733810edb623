"""`certdesk path add/edit` with a provider and course dates; bad input exits 1, nothing stored."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def db(run_cli, db_path, sample_csv):
    assert run_cli("--db", db_path, "import", "managers", sample_csv)[0] == 0
    return ["--db", db_path]


def listed_paths(run_cli, db) -> list[dict]:
    code, out, err = run_cli(*db, "list", "paths", "--json")
    assert code == 0, err
    return json.loads(out)


def test_path_add_with_provider_and_course_dates(run_cli, db):
    code, out, err = run_cli(
        *db,
        "path", "add", "H-9002", "CCCM",
        "--provider", "Call Center School",
        "--course-start", "2026-09-14",
        "--course-end", "2026-09-18",
    )  # fmt: skip
    assert code == 0, err
    [path] = listed_paths(run_cli, db)
    assert path["path_id"] == int(out)
    assert (path["provider"], path["course_start"], path["course_end"]) == (
        "Call Center School",
        "2026-09-14",
        "2026-09-18",
    )
    code, out, _ = run_cli(*db, "export", "paths")
    assert out.splitlines()[0].endswith(",provider,course_start,course_end")
    assert out.splitlines()[1].endswith(",Call Center School,2026-09-14,2026-09-18")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--course-start", "2026-09-18", "--course-end", "2026-09-14"], "course_end"),
        (["--course-start", "14/09/2026"], "course_start"),
        (["--course-end", "2026-02-30"], "course_end"),
        (["--provider", "x" * 201], "provider"),
    ],
)
def test_path_add_bad_course_exits_1_naming_the_field(run_cli, db, args, field):
    code, out, err = run_cli(*db, "path", "add", "H-9002", "CCCM", *args)
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {field}:")
    assert listed_paths(run_cli, db) == []  # nothing stored


def test_path_edit_changes_only_what_is_given(run_cli, db):
    code, out, _ = run_cli(
        *db, "path", "add", "H-9002", "CCCM", "--target", "2026-12-15", "--provider", "HDI"
    )
    path_id = out.strip()
    code, out, err = run_cli(
        *db, "path", "edit", path_id, "--course-start", "2026-10-05", "--course-end", "2026-10-09"
    )
    assert code == 0, err
    assert out.strip() == (
        f"path {path_id}: provider HDI; course 2026-10-05 to 2026-10-09; target 2026-12-15"
    )
    # The end before the start: refused, naming the field, the path as it was.
    code, out, err = run_cli(*db, "path", "edit", path_id, "--course-end", "2026-10-01")
    assert code == 1 and err.startswith("error: course_end:") and "2026-10-05" in err
    code, out, err = run_cli(*db, "path", "edit", "999", "--provider", "HDI")
    assert code == 1 and err.startswith("error: path_id:")
    # An empty value clears a field.
    assert run_cli(*db, "path", "edit", path_id, "--provider", "", "--course-end", "")[0] == 0
    [path] = listed_paths(run_cli, db)
    assert (path["provider"], path["course_start"], path["course_end"]) == ("", "2026-10-05", None)
