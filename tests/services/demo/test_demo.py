"""The demo database: realistic, varied, deterministic, only into an empty file, and sound."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.core.path_status import PATH_STATUSES
from certdesk.services import managers
from certdesk.services.demo.database import fill_demo
from certdesk.services.exchange.listing import list_records
from certdesk.services.safety.integrity import check_database
from certdesk.store import Store, open_store

TODAY = dt.date(2026, 3, 15)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    store = open_store(tmp_path_factory.mktemp("demo") / "demo.db")
    count = fill_demo(store, TODAY)
    yield store, count
    store.close()


def scalar(store: Store, sql: str) -> int:
    return store.conn.execute(sql).fetchone()[0]


def test_at_least_forty_managers(demo) -> None:
    store, count = demo
    assert count >= 40
    assert scalar(store, "SELECT count(*) FROM employees") == count


def test_work_states(demo) -> None:
    store, _ = demo
    states = {r[0] for r in store.conn.execute("SELECT DISTINCT work_state FROM employees")}
    assert {"CA", "NY", "CO", "TX"} <= states
    assert len(states - {"CA", "NY", "CO", "TX"}) >= 1


def test_unicode_names(demo) -> None:
    store, _ = demo
    names = [r.full_name for r in managers.list_managers(store)]
    assert any(ch in "ąćęłńóśźż" for name in names for ch in name.lower())  # Polish
    assert any(ch in "ễịươạảđ" for name in names for ch in name.lower())  # Vietnamese
    assert any("\u4e00" <= ch <= "\u9fff" for name in names for ch in name)  # Japanese kanji
    assert "Łukasz Żółć-Nguyễn" in names and "山田 太郎" in names
    found = managers.filter_rows(managers.list_managers(store), "lukasz")
    assert [r.full_name for r in found] == ["Łukasz Żółć-Nguyễn"]


def test_paths_in_every_status(demo) -> None:
    store, _ = demo
    statuses = Counter(r[0] for r in store.conn.execute("SELECT status FROM paths"))
    assert set(statuses) == set(PATH_STATUSES)
    assert scalar(store, "SELECT count(*) FROM paths") >= 40


def test_costs_sessions_and_plans_are_present(demo) -> None:
    store, _ = demo
    kinds = {r[0] for r in store.conn.execute("SELECT DISTINCT kind FROM cost_lines")}
    assert {"tuition", "exam", "materials", "class_wages"} <= kinds
    assert scalar(store, "SELECT count(*) FROM cost_lines WHERE paid_by = 'employee'") > 0
    assert (
        scalar(store, "SELECT count(*) FROM cost_lines WHERE kind = 'class_wages' AND repayable")
        == 0
    )
    assert scalar(store, "SELECT count(*) FROM class_sessions") > 0
    assert scalar(store, "SELECT count(*) FROM plan_items") > 0
    completed_with_credential = scalar(
        store, "SELECT count(*) FROM paths WHERE status = 'completed' AND credential_no <> ''"
    )
    assert completed_with_credential == scalar(
        store, "SELECT count(*) FROM paths WHERE status = 'completed'"
    )


def test_dates_are_plausible(demo) -> None:
    store, _ = demo
    today = TODAY.isoformat()
    # Nobody starts a path before being hired; nothing is completed in the future.
    assert (
        scalar(
            store,
            "SELECT count(*) FROM paths p JOIN employees e ON e.id = p.employee_id"
            " WHERE p.enrolled_on < e.hire_date OR p.completed_on < p.enrolled_on",
        )
        == 0
    )
    assert scalar(store, f"SELECT count(*) FROM paths WHERE completed_on > '{today}'") == 0
    assert scalar(store, f"SELECT count(*) FROM employees WHERE hire_date > '{today}'") == 0


def test_the_demo_database_passes_check(demo) -> None:
    store, _ = demo
    assert check_database(store) == []


def test_deterministic_for_the_same_today(demo, tmp_path: Path) -> None:
    store, _ = demo
    other = open_store(tmp_path / "again.db")
    try:
        fill_demo(other, TODAY)
        assert managers.list_managers(other) == managers.list_managers(store)
        assert list_records(other, "managers") == list_records(store, "managers")
        assert list_records(other, "paths") == list_records(store, "paths")
    finally:
        other.close()


def test_refuses_a_database_that_holds_managers(demo) -> None:
    store, count = demo
    with pytest.raises(InvalidInput) as exc:
        fill_demo(store, TODAY)
    assert exc.value.field == "database"
    assert scalar(store, "SELECT count(*) FROM employees") == count


def test_refuses_even_one_manager(store: Store) -> None:
    managers.add_manager(store, {"employee_no": "H-1", "full_name": "Anna"})
    with pytest.raises(InvalidInput):
        fill_demo(store, TODAY)
    assert scalar(store, "SELECT count(*) FROM employees") == 1
    assert scalar(store, "SELECT count(*) FROM paths") == 0


def test_state_law_at_work(demo) -> None:
    """One of each: a California dismissal decided by the law, a departure before completion,
    a Colorado agreement with a warning (issue 10)."""
    from certdesk.services.agreements import terms as agreements_terms
    from certdesk.services.departures import recording as departures

    store, _ = demo
    decided = [
        (no, json)
        for no, json in store.conn.execute(
            "SELECT a.agreement_no, r.calculation_json FROM repayments r"
            " JOIN agreements a ON a.id = r.agreement_id"
        )
        if '"decided_by": "California AB 692"' in json
    ]
    assert len(decided) == 1
    before_start = [
        no
        for no, json in store.conn.execute(
            "SELECT a.agreement_no, r.calculation_json FROM repayments r"
            " JOIN agreements a ON a.id = r.agreement_id"
        )
        if '"before_start": true' in json
    ]
    assert before_start
    calc = departures.calculation_from_json(
        store.conn.execute(
            "SELECT calculation_json FROM repayments r JOIN agreements a ON a.id = r.agreement_id"
            " WHERE a.agreement_no = ?",
            [before_start[0]],
        ).fetchone()[0]
    )
    assert calc.lines[0].start is None and calc.owed_cents == calc.amount_cents
    colorado = [
        no
        for (no,) in store.conn.execute(
            "SELECT a.agreement_no FROM agreements a JOIN paths p ON p.id = a.path_id"
            " JOIN employees e ON e.id = p.employee_id WHERE e.work_state = 'CO'"
            " AND a.status = 'in_commitment'"
        )
        if any(w.rule.startswith("Colorado") for w in agreements_terms.warnings_for(store, no))
    ]
    assert colorado


def test_the_demo_policy_is_in_force_before_its_agreements_and_issuers_are_named(store):
    from certdesk.services.demo.database import fill_demo

    fill_demo(store)
    [(effective,)] = store.conn.execute("SELECT effective_on FROM policies").fetchall()
    [(first_issue,)] = store.conn.execute("SELECT min(issued_on) FROM agreements").fetchall()
    assert effective <= first_issue
    assert (
        store.conn.execute("SELECT count(*) FROM certifications WHERE issuer = ''").fetchone()[0]
        == 0
    )


def test_every_demo_path_has_a_provider_and_course_dates_and_forms_print_them(demo) -> None:
    import io
    import json

    import pypdf

    from certdesk.services.agreements import issuing

    store, _ = demo
    assert scalar(store, "SELECT count(*) FROM paths") > 40
    assert scalar(store, "SELECT count(*) FROM paths WHERE provider = ''") == 0
    assert scalar(store, "SELECT count(*) FROM paths WHERE course_start IS NULL") == 0
    assert scalar(store, "SELECT count(*) FROM paths WHERE course_end < course_start") == 0
    issued = store.conn.execute(
        "SELECT agreement_no, terms_json FROM agreements WHERE terms_json IS NOT NULL"
    ).fetchall()
    assert len(issued) >= 6
    for number, terms_json in issued:
        terms = json.loads(terms_json)
        course, review = terms["course"], terms["review"]
        pdf = pypdf.PdfReader(io.BytesIO(issuing.stored_form(store, number)))
        text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
        assert f"Provider {course['provider']}" in text, number
        assert f"Course dates {course['start']} to {course['end']}" in text, number
        assert f"Given to you on {review['given_on']}; you have until {review['until']}" in text
    # Signed once the review period was over.
    signed = store.conn.execute(
        "SELECT signed_on, json_extract(terms_json, '$.review.until') FROM agreements"
        " WHERE signed_on IS NOT NULL"
    ).fetchall()
    assert signed and all(on >= until for on, until in signed)
