"""certdesk undo-departure: a departure taken back, or refused with the reason (exit 1)."""

from __future__ import annotations

import json


def test_undo_departure_from_the_command_line(run_cli, db_path, write_file):
    db = ("--db", db_path)
    csv = write_file(
        "m.csv",
        "employee_no,full_name,email,job_title,site,work_state,hire_date\n"
        "H-9001,Łukasz Żółć-Nguyễn,l@example.com,Manager,Gdańsk Hub,PL,2020-01-02\n",
    )
    assert run_cli(*db, "import", "managers", csv)[0] == 0
    code, out, err = run_cli(*db, "undo-departure", "H-9001")
    assert code == 1 and "has not left" in err
    assert run_cli(*db, "depart", "H-9001", "--on", "2027-11-05", "--reason", "resigned")[0] == 0
    code, out, err = run_cli(*db, "undo-departure", "H-9001")
    assert code == 0, err
    assert "Łukasz Żółć-Nguyễn (H-9001) becomes active again." in out
    [manager] = json.loads(run_cli(*db, "list", "managers", "--json")[1])
    assert manager["status"] == "active"
    assert run_cli(*db, "check")[0] == 0
