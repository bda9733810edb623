"""Certification paths: plan, move, complete (expiry), costs, class sessions and plan items."""

from __future__ import annotations

import datetime as dt

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.services import managers
from certdesk.services.paths import lifecycle as paths
from certdesk.store import Store

D = dt.date


@pytest.fixture
def store_with_manager(store: Store) -> Store:
    managers.add_manager(
        store,
        {
            "employee_no": "H-9001",
            "full_name": "Nguyễn Thị Hương",
            "work_state": "NY",
            "hire_date": "2019-04-01",
        },
    )
    return store


@pytest.fixture
def path_id(store_with_manager: Store) -> int:
    return paths.plan_path(store_with_manager, "H-9001", "CCCM", "2026-12-15")


def set_validity(store: Store, code: str, months: int | None) -> None:
    store.conn.execute(
        "UPDATE certifications SET validity_months = ? WHERE code = ?", [months, code]
    )


def enrolled(store: Store, path_id: int, on: str = "2026-01-05") -> None:
    paths.move_path(store, path_id, "approved")
    paths.move_path(store, path_id, "enrolled", on=on)


# --- planning ------------------------------------------------------------------------------


def test_plan_path(store_with_manager: Store, path_id: int) -> None:
    path = paths.get_path(store_with_manager, path_id)
    assert path.status == "planned"
    assert path.target_date == D(2026, 12, 15)
    assert path.enrolled_on is None and path.completed_on is None and path.expires_on is None
    assert paths.get_path(store_with_manager, str(path_id)) == path


def test_plan_accepts_lower_case_code_and_no_target(store_with_manager: Store) -> None:
    path = paths.get_path(
        store_with_manager, paths.plan_path(store_with_manager, "H-9001", " swmp ")
    )
    assert path.target_date is None
    detail = paths.path_detail(store_with_manager, path.id)
    assert detail.cert_code == "SWMP" and detail.full_name == "Nguyễn Thị Hương"


def test_plan_unknown_certification_lists_the_catalog(store_with_manager: Store) -> None:
    with pytest.raises(InvalidInput) as exc:
        paths.plan_path(store_with_manager, "H-9001", "PMP")
    assert exc.value.field == "cert_code"
    for code in ("CCCM", "CCCS", "QAMC", "SWMP"):
        assert code in exc.value.message


@pytest.mark.parametrize(
    ("employee_no", "cert", "target", "field"),
    [
        ("H-0000", "CCCM", None, "employee_no"),
        ("H-9001", "CCCM", "2026-02-30", "target"),
        ("H-9001", "", None, "cert_code"),
    ],
)
def test_plan_refusals(store_with_manager: Store, employee_no, cert, target, field) -> None:
    with pytest.raises(InvalidInput) as exc:
        paths.plan_path(store_with_manager, employee_no, cert, target)
    assert exc.value.field == field
    assert store_with_manager.conn.execute("SELECT count(*) FROM paths").fetchone()[0] == 0


def test_no_new_path_for_a_departed_manager(store_with_manager: Store) -> None:
    store_with_manager.conn.execute(
        "UPDATE employees SET status = 'departed', departure_date = '2025-12-31'"
    )
    with pytest.raises(InvalidInput) as exc:
        paths.plan_path(store_with_manager, "H-9001", "CCCM")
    assert exc.value.field == "employee_no" and "has left" in exc.value.message


def test_no_new_path_toward_a_retired_certification(store_with_manager: Store) -> None:
    store_with_manager.conn.execute("UPDATE certifications SET active = 0 WHERE code = 'QAMC'")
    with pytest.raises(InvalidInput) as exc:
        paths.plan_path(store_with_manager, "H-9001", "QAMC")
    assert exc.value.field == "cert_code" and "retired" in exc.value.message


@pytest.mark.parametrize("bad", ["abc", "", None, "1.5", 999])
def test_unknown_path_ids(store: Store, bad: object) -> None:
    with pytest.raises(InvalidInput) as exc:
        paths.get_path(store, bad)  # type: ignore[arg-type]
    assert exc.value.field == "path_id"


# --- moving through the statuses ------------------------------------------------------------


def test_move_through_approved_and_enrolled(store_with_manager: Store, path_id: int) -> None:
    assert paths.move_path(store_with_manager, path_id, "approved").status == "approved"
    moved = paths.move_path(store_with_manager, path_id, "enrolled", on="2026-01-05")
    assert moved.enrolled_on == D(2026, 1, 5)
    assert paths.get_path(store_with_manager, path_id) == moved


def test_enrolment_date_defaults_to_today(store_with_manager: Store, path_id: int) -> None:
    paths.move_path(store_with_manager, path_id, "approved")
    moved = paths.move_path(store_with_manager, path_id, "enrolled")
    assert moved.enrolled_on == dt.date.today()


def test_illegal_move_is_refused_and_nothing_changes(
    store_with_manager: Store, path_id: int
) -> None:
    before = paths.get_path(store_with_manager, path_id)
    with pytest.raises(InvalidInput) as exc:
        paths.move_path(store_with_manager, path_id, "enrolled")
    assert exc.value.field == "status"
    assert "cannot move from planned to enrolled" in exc.value.message
    assert paths.get_path(store_with_manager, path_id) == before


def test_completion_only_through_complete_path(store_with_manager: Store, path_id: int) -> None:
    enrolled(store_with_manager, path_id)
    with pytest.raises(InvalidInput) as exc:
        paths.move_path(store_with_manager, path_id, "completed")
    assert exc.value.field == "status"
    assert paths.get_path(store_with_manager, path_id).status == "enrolled"


@pytest.mark.parametrize("final", ["withdrawn", "failed"])
def test_final_statuses_stay_final(store_with_manager: Store, path_id: int, final: str) -> None:
    enrolled(store_with_manager, path_id)
    paths.move_path(store_with_manager, path_id, final)
    for status in ("approved", "enrolled", "withdrawn"):
        with pytest.raises(InvalidInput, match=f"{final} is final"):
            paths.move_path(store_with_manager, path_id, status)
    with pytest.raises(InvalidInput):
        paths.complete_path(store_with_manager, path_id, on="2026-03-01")
    assert paths.get_path(store_with_manager, path_id).status == final


def test_bad_move_date(store_with_manager: Store, path_id: int) -> None:
    paths.move_path(store_with_manager, path_id, "approved")
    with pytest.raises(InvalidInput) as exc:
        paths.move_path(store_with_manager, path_id, "enrolled", on="2026-13-01")
    assert exc.value.field == "on"


# --- completion and expiry ------------------------------------------------------------------


def test_expiry_from_validity_months(store_with_manager: Store, path_id: int) -> None:
    set_validity(store_with_manager, "CCCM", 36)
    enrolled(store_with_manager, path_id)
    done = paths.complete_path(store_with_manager, path_id, on="2026-03-15", credential_no="CCCM-1")
    assert (done.status, done.completed_on, done.expires_on) == (
        "completed",
        D(2026, 3, 15),
        D(2029, 3, 15),
    )
    assert done.credential_no == "CCCM-1"
    assert paths.get_path(store_with_manager, path_id) == done


def test_expiry_is_clamped_to_month_end(store_with_manager: Store, path_id: int) -> None:
    set_validity(store_with_manager, "CCCM", 1)
    enrolled(store_with_manager, path_id)
    done = paths.complete_path(store_with_manager, path_id, on="2026-01-31")
    assert done.expires_on == D(2026, 2, 28)


def test_no_validity_means_never_expires(store_with_manager: Store, path_id: int) -> None:
    enrolled(store_with_manager, path_id)
    assert paths.complete_path(store_with_manager, path_id, on="2026-03-15").expires_on is None


def test_late_completion_passes_through_skipped_statuses(
    store_with_manager: Store, path_id: int
) -> None:
    done = paths.complete_path(store_with_manager, path_id, on="2026-02-20")
    assert done.status == "completed"
    assert done.enrolled_on == D(2026, 2, 20)


def test_completion_before_enrolment_is_refused(store_with_manager: Store, path_id: int) -> None:
    enrolled(store_with_manager, path_id, on="2026-03-01")
    with pytest.raises(InvalidInput) as exc:
        paths.complete_path(store_with_manager, path_id, on="2026-02-28")
    assert exc.value.field == "on" and "2026-03-01" in exc.value.message
    assert paths.get_path(store_with_manager, path_id).status == "enrolled"


def test_completing_twice_is_refused(store_with_manager: Store, path_id: int) -> None:
    paths.complete_path(store_with_manager, path_id, on="2026-02-20")
    with pytest.raises(InvalidInput, match="completed is final"):
        paths.complete_path(store_with_manager, path_id, on="2026-02-21")


@pytest.mark.parametrize(("on", "field"), [("2026-02-30", "on"), ("", "on"), ("soon", "on")])
def test_completion_date_must_be_real(store_with_manager: Store, path_id: int, on, field) -> None:
    with pytest.raises(InvalidInput) as exc:
        paths.complete_path(store_with_manager, path_id, on=on)
    assert exc.value.field == field
    assert paths.get_path(store_with_manager, path_id).status == "planned"


# --- cost lines ----------------------------------------------------------------------------


def test_cost_lines(store_with_manager: Store, path_id: int) -> None:
    tuition = paths.add_cost(
        store_with_manager,
        path_id,
        kind="tuition",
        amount="1,234.56",
        paid_on="2026-01-10",
        description="CCCM course — Gdańsk",
    )
    assert (tuition.amount_cents, tuition.repayable, tuition.paid_by) == (123456, True, "company")
    assert tuition.paid_on == D(2026, 1, 10)
    wages = paths.add_cost(
        store_with_manager, path_id, kind="class_wages", amount="960", paid_on="2026-01-31"
    )
    assert wages.repayable is False
    guide = paths.add_cost(
        store_with_manager, path_id, kind="materials", amount="89.50", paid_by="employee"
    )
    exam = paths.add_cost(
        store_with_manager, path_id, kind="exam", amount="350", repayable=False, not_yet_paid=True
    )
    assert exam.repayable is False
    assert (exam.paid_on, exam.not_yet_paid) == (None, True)
    detail = paths.path_detail(store_with_manager, path_id)
    assert {c.id for c in detail.costs} == {tuition.id, wages.id, guide.id, exam.id}
    [row] = paths.paths_of_manager(store_with_manager, "H-9001")
    # Company-paid total: everything except the employee-paid study guide and the exam, not
    # paid yet (committed, not spent).
    assert row["company_paid_cents"] == 123456 + 96000


def test_class_wages_can_never_be_repayable(store_with_manager: Store, path_id: int) -> None:
    with pytest.raises(InvalidInput) as exc:
        paths.add_cost(
            store_with_manager, path_id, kind="class_wages", amount="960", repayable=True
        )
    assert exc.value.field == "repayable"
    assert paths.path_detail(store_with_manager, path_id).costs == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "tuition", "amount": "12,34.5"}, "amount"),
        ({"kind": "tuition", "amount": "-5"}, "amount"),
        ({"kind": "tuition", "amount": "1.234"}, "amount"),
        ({"kind": "tuition", "amount": ""}, "amount"),
        ({"kind": "bonus", "amount": "5"}, "kind"),
        ({"kind": "tuition", "amount": "5", "paid_by": "manager"}, "paid_by"),
        ({"kind": "tuition", "amount": "5", "paid_on": "2026-02-30"}, "paid_on"),
        (
            {"kind": "tuition", "amount": "5", "paid_on": "2026-02-03", "description": "a\nb"},
            "description",
        ),
        ({"kind": "tuition", "amount": "5"}, "paid_on"),
        (
            {"kind": "tuition", "amount": "5", "paid_on": "2026-02-03", "not_yet_paid": True},
            "paid_on",
        ),
    ],
)
def test_cost_refusals(store_with_manager: Store, path_id: int, kwargs: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        paths.add_cost(store_with_manager, path_id, **kwargs)
    assert exc.value.field == field
    assert store_with_manager.conn.execute("SELECT count(*) FROM cost_lines").fetchone()[0] == 0


def test_cost_for_a_missing_path(store: Store) -> None:
    with pytest.raises(InvalidInput) as exc:
        paths.add_cost(store, 42, kind="tuition", amount="5", not_yet_paid=True)
    assert exc.value.field == "path_id"


def test_a_cost_not_yet_paid_is_dated_once_paid(store_with_manager: Store, path_id: int) -> None:
    line = paths.add_cost(
        store_with_manager, path_id, kind="tuition", amount="1,495.00", not_yet_paid=True
    )
    paid = paths.record_cost_payment(store_with_manager, line.id, D(2026, 3, 2))
    assert (paid.paid_on, paid.not_yet_paid) == (D(2026, 3, 2), False)
    again = paths.record_cost_payment(store_with_manager, line.id, None)
    assert (again.paid_on, again.not_yet_paid) == (None, True)
    with pytest.raises(InvalidInput) as exc:
        paths.record_cost_payment(store_with_manager, 999, D(2026, 3, 2))
    assert exc.value.field == "cost_id"


def test_plan_items_of_a_withdrawn_path_are_not_applicable(
    store_with_manager: Store, path_id: int
) -> None:
    item = paths.add_plan_item(store_with_manager, path_id, commitment="Weekly calibration")
    paths.move_path(store_with_manager, path_id, "withdrawn")
    [closed] = paths.path_detail(store_with_manager, path_id).plan
    assert closed.not_applicable_on == dt.date.today()
    with pytest.raises(InvalidInput, match="not applicable") as exc:
        paths.finish_plan_item(store_with_manager, item.id, on="2026-06-01")
    assert exc.value.field == "item_id"
    with pytest.raises(InvalidInput, match="withdrawn") as exc:
        paths.add_plan_item(store_with_manager, path_id, commitment="Another")
    assert exc.value.field == "path_id"


# --- sessions and plan items -----------------------------------------------------------------


def test_sessions(store_with_manager: Store, path_id: int) -> None:
    paths.add_session(store_with_manager, path_id, on="2026-01-27", hours="8", note="Day 2")
    first = paths.add_session(store_with_manager, path_id, on="2026-01-20", hours="7.5")
    detail = paths.path_detail(store_with_manager, path_id)
    assert [s.session_date for s in detail.sessions] == [D(2026, 1, 20), D(2026, 1, 27)]
    assert detail.sessions[0] == first and first.hours_away == 7.5
    assert paths.paths_of_manager(store_with_manager, "H-9001")[0]["hours_away"] == 15.5


@pytest.mark.parametrize(
    ("on", "hours", "field"),
    [
        ("2026-01-20", "0", "hours"),
        ("2026-01-20", "24.5", "hours"),
        ("2026-01-20", "-3", "hours"),
        ("2026-01-20", "abc", "hours"),
        ("2026-01-20", "nan", "hours"),
        ("2026-01-20", "inf", "hours"),
        ("2026-02-30", "4", "session_date"),
    ],
)
def test_session_refusals(store_with_manager: Store, path_id: int, on, hours, field) -> None:
    with pytest.raises(InvalidInput) as exc:
        paths.add_session(store_with_manager, path_id, on=on, hours=hours)
    assert exc.value.field == field
    assert paths.path_detail(store_with_manager, path_id).sessions == []


def test_plan_items(store_with_manager: Store, path_id: int) -> None:
    item = paths.add_plan_item(
        store_with_manager,
        path_id,
        commitment="Publish a service-level dashboard",
        due="2026-09-30",
    )
    assert item.due_date == D(2026, 9, 30) and item.done_on is None
    done = paths.finish_plan_item(
        store_with_manager, item.id, on="2026-08-15", outcome="Abandon rate down 3 points"
    )
    assert (done.done_on, done.outcome) == (D(2026, 8, 15), "Abandon rate down 3 points")
    assert paths.path_detail(store_with_manager, path_id).plan == [done]


def test_plan_item_refusals(store_with_manager: Store, path_id: int) -> None:
    with pytest.raises(InvalidInput) as exc:
        paths.add_plan_item(store_with_manager, path_id, commitment="   ")
    assert exc.value.field == "commitment"
    with pytest.raises(InvalidInput) as exc:
        paths.add_plan_item(store_with_manager, path_id, commitment="x", due="2026-02-30")
    assert exc.value.field == "due"
    with pytest.raises(InvalidInput) as exc:
        paths.finish_plan_item(store_with_manager, 999, on="2026-01-01")
    assert exc.value.field == "item_id"
    item = paths.add_plan_item(store_with_manager, path_id, commitment="x")
    with pytest.raises(InvalidInput) as exc:
        paths.finish_plan_item(store_with_manager, item.id, on="2026-2-1")
    assert exc.value.field == "done_on"
