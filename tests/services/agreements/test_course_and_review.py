"""A path's provider and course dates, and the review period before signing, end to end:
stored, edited, frozen into new terms, printed on the form; old frozen terms still verify."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pypdf
import pytest

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.core.agreements import terms_hash
from certdesk.core.course import Course
from certdesk.core.errors import ChangedMeanwhile, InvalidInput, Shown
from certdesk.services import managers, policies
from certdesk.services.agreements import drafting, issuing, lifecycle
from certdesk.services.agreements import terms as agreements_terms
from certdesk.services.catalog import certifications as catalog
from certdesk.services.paths import lifecycle as paths
from certdesk.services.policies import RepaymentRules
from certdesk.store import audit, open_store
from certdesk.store.integrity import check

FRIDAY = dt.date(2026, 12, 4)
COURSE = Course("Call Center School", dt.date(2026, 9, 14), dt.date(2026, 9, 18))
FIXTURES = Path(__file__).parents[2] / "store" / "fixtures"


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def path_id(store) -> int:
    managers.add_manager(
        store,
        {
            "employee_no": "H-9001",
            "full_name": "Łukasz Żółć-Nguyễn",
            "work_state": "TX",
            "hire_date": "2020-01-02",
        },
    )
    catalog.edit_certification(store, "CCCM", {"transferable": True})
    pid = paths.plan_path(store, "H-9001", "CCCM", "2026-12-15", course=COURSE)
    paths.add_cost(store, pid, kind="tuition", amount="3,000.00", paid_on="2026-09-01")
    return pid


def issued_on_friday(store, pid) -> str:
    request = parse_draft_request(pid, months=24, schedule="prorated")
    number = drafting.draft_agreement(store, request, today=FRIDAY).agreement.agreement_no
    issuing.issue_agreement(store, number, on=FRIDAY.isoformat())
    return number


def test_a_path_keeps_its_provider_and_course_dates(store, path_id):
    path = paths.get_path(store, path_id)
    assert (path.provider, path.course_start, path.course_end) == (
        "Call Center School",
        dt.date(2026, 9, 14),
        dt.date(2026, 9, 18),
    )


def test_editing_a_path_sets_its_course_and_is_audited(store, path_id):
    new = Course("HDI", dt.date(2026, 10, 5), dt.date(2026, 10, 9))
    after = paths.edit_path(store, path_id, course=new, target=dt.date(2027, 1, 15))
    assert (after.provider, after.course_start, after.course_end, after.target_date) == (
        "HDI",
        dt.date(2026, 10, 5),
        dt.date(2026, 10, 9),
        dt.date(2027, 1, 15),
    )
    assert paths.get_path(store, path_id) == after
    [row] = [r for r in audit.entries(store.db, "path", path_id) if r["action"] == "edit"]
    assert "HDI" in row["summary"]


def test_an_edit_over_a_change_made_elsewhere_is_refused(store, path_id):
    path = paths.get_path(store, path_id)
    shown = Shown(
        store.conn.execute("SELECT row_version FROM paths WHERE id = ?", [path_id]).fetchone()[0],
        paths.course_values(path),
    )
    paths.edit_path(store, path_id, course=Course("HDI"), target=path.target_date)
    with pytest.raises(ChangedMeanwhile) as err:
        paths.edit_path(store, path_id, course=Course("ICMI"), target=None, shown=shown)
    assert [c.field for c in err.value.changes] == ["provider", "course_start", "course_end"]
    assert paths.get_path(store, path_id).provider == "HDI"  # nothing written


def test_the_store_refuses_a_course_that_ends_before_it_starts(store, path_id):
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("UPDATE paths SET course_end = '2026-09-01' WHERE id = ?", [path_id])


def test_issued_on_a_friday_the_review_runs_to_the_next_friday_and_the_form_says_so(store, path_id):
    number = issued_on_friday(store, path_id)
    agreement = agreements_terms.get_agreement(store.db, number)
    terms = json.loads(agreement.terms_json)
    assert terms["review"] == {
        "given_on": "2026-12-04",
        "business_days": 5,
        "until": "2026-12-11",
        "clause": "Given to you on 2026-12-04; you have until 2026-12-11 to review it and may "
        "consult a lawyer of your choice before signing.",
    }
    assert terms["course"] == {
        "provider": "Call Center School",
        "start": "2026-09-14",
        "end": "2026-09-18",
    }
    text = " ".join(pdf_text(issuing.stored_form(store, number)).split())
    assert "Given to you on 2026-12-04; you have until 2026-12-11 to review it" in text
    assert "may consult a lawyer of your choice before signing" in text
    assert "Provider Call Center School" in text
    assert "Course dates 2026-09-14 to 2026-09-18" in text


def test_signing_before_the_review_ends_needs_confirmation(store, path_id):
    number = issued_on_friday(store, path_id)
    assert [w.rule for w in agreements_terms.warnings_for(store, number, dt.date(2026, 12, 8))] == [
        "Review period"
    ]
    with pytest.raises(InvalidInput) as err:
        lifecycle.sign_agreement(store, number, "2026-12-08")
    assert err.value.field == "warnings"
    assert "before the review period ends on 2026-12-11" in err.value.message
    assert agreements_terms.get_agreement(store.db, number).status == "issued"  # nothing stored
    signed = lifecycle.sign_agreement(store, number, "2026-12-08", accept_warnings=True)
    assert signed.agreement.signed_on == dt.date(2026, 12, 8)
    assert [w.rule for w in signed.warnings] == ["Review period"]
    summaries = [r["summary"] for r in audit.entries(store.db, "agreement", number)]
    assert any("Review period" in (s or "") for s in summaries)  # the confirmation is audited


def test_signing_on_the_last_review_day_needs_nothing(store, path_id):
    number = issued_on_friday(store, path_id)
    assert agreements_terms.warnings_for(store, number, dt.date(2026, 12, 11)) == []
    signed = lifecycle.sign_agreement(store, number, "2026-12-11")
    assert signed.warnings == [] and signed.agreement.status == "signed"


def test_the_review_period_comes_from_the_policy_version(store, path_id):
    policies.ensure_default_policy(store.db, FRIDAY)
    policies.new_policy_version(
        store,
        title="Tuition assistance",
        body="Ten business days to review.",
        effective_on="2026-11-01",
        rules=RepaymentRules(policies.PaymentTerms(), review_days=10),
    )
    number = issued_on_friday(store, path_id)
    terms = json.loads(agreements_terms.get_agreement(store.db, number).terms_json)
    assert terms["review"]["until"] == "2026-12-18"  # two working weeks
    with pytest.raises(InvalidInput) as err:
        RepaymentRules(policies.PaymentTerms(), review_days=31)
    assert err.value.field == "review_days"


def test_a_path_edited_after_issue_leaves_the_issued_terms_alone(store, path_id):
    number = issued_on_friday(store, path_id)
    before = agreements_terms.get_agreement(store.db, number)
    paths.edit_path(store, path_id, course=Course("HDI"), target=None)
    after = agreements_terms.get_agreement(store.db, number)
    assert after.terms_json == before.terms_json
    assert terms_hash(after.terms_json) == after.terms_sha256


def test_old_frozen_terms_stay_byte_identical_verify_and_sign_without_a_review_warning(tmp_path):
    copy = tmp_path / "v2.db"
    shutil.copyfile(FIXTURES / "v2_demo_departures.db", copy)
    import sqlite3

    raw = sqlite3.connect(copy)
    frozen = dict(raw.execute("SELECT agreement_no, terms_json FROM agreements").fetchall())
    raw.close()
    store = open_store(copy)
    try:
        conn = store.conn
        assert dict(conn.execute("SELECT agreement_no, terms_json FROM agreements")) == frozen
        assert check(conn) == []  # every terms hash verifies
        assert conn.execute(
            "SELECT count(*) FROM paths WHERE provider <> '' OR course_start IS NOT NULL"
        ).fetchone() == (0,)
        assert conn.execute("SELECT DISTINCT review_days FROM policies").fetchall() == [(5,)]
        old = agreements_terms.get_agreement(store.db, "TA-2026-0004")
        assert "review" not in json.loads(old.terms_json)
        # Issued before review periods were recorded: signing the next day warns of nothing new.
        rules = [
            w.rule for w in agreements_terms.warnings_for(store, old.agreement_no, old.issued_on)
        ]
        assert "Review period" not in rules
    finally:
        store.close()
