"""The certification path status machine: legal and illegal moves, derived expiry."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.core.path_status import (
    FINAL_STATUSES,
    PATH_STATUSES,
    allowed_moves,
    check_move,
    shown_status,
)

LEGAL = {
    ("planned", "approved"),
    ("planned", "withdrawn"),
    ("approved", "enrolled"),
    ("approved", "withdrawn"),
    ("enrolled", "completed"),
    ("enrolled", "withdrawn"),
    ("enrolled", "failed"),
}


def test_statuses_are_the_designed_ones() -> None:
    assert PATH_STATUSES == ("planned", "approved", "enrolled", "completed", "withdrawn", "failed")
    assert FINAL_STATUSES == {"completed", "withdrawn", "failed"}


@pytest.mark.parametrize(("current", "new"), sorted(LEGAL))
def test_legal_moves(current: str, new: str) -> None:
    check_move(current, new)  # does not raise
    assert new in allowed_moves(current)


ILLEGAL = sorted(set(itertools.product(PATH_STATUSES, PATH_STATUSES)) - LEGAL)


@pytest.mark.parametrize(("current", "new"), ILLEGAL)
def test_illegal_moves_are_refused_with_a_message(current: str, new: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        check_move(current, new)
    assert exc.value.field == "status"
    assert f"cannot move from {current} to {new}" in exc.value.message
    assert new not in allowed_moves(current)


@pytest.mark.parametrize(
    ("current", "new", "hint"),
    [
        ("planned", "completed", "from planned it can move to approved, withdrawn"),
        ("approved", "failed", "from approved it can move to enrolled, withdrawn"),
        ("enrolled", "planned", "from enrolled it can move to completed, failed, withdrawn"),
        ("completed", "enrolled", "completed is final"),
        ("withdrawn", "planned", "withdrawn is final"),
        ("failed", "enrolled", "failed is final"),
    ],
)
def test_refusal_says_what_is_possible(current: str, new: str, hint: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        check_move(current, new)
    assert hint in exc.value.message


@pytest.mark.parametrize("status", sorted(FINAL_STATUSES))
def test_final_statuses_have_no_moves(status: str) -> None:
    assert allowed_moves(status) == frozenset()


@pytest.mark.parametrize("new", ["expired", "done", "", "Approved"])
def test_unknown_target_status(new: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        check_move("planned", new)
    assert exc.value.field == "status"
    assert "unknown status" in exc.value.message
    assert "planned, approved, enrolled" in exc.value.message


def test_allowed_moves_of_unknown_status_is_empty() -> None:
    assert allowed_moves("nonsense") == frozenset()


def test_every_status_is_reachable_from_planned() -> None:
    seen, frontier = {"planned"}, ["planned"]
    while frontier:
        for nxt in allowed_moves(frontier.pop()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == set(PATH_STATUSES)


TODAY = dt.date(2026, 3, 15)


@pytest.mark.parametrize(
    ("status", "expires_on", "shown"),
    [
        ("completed", dt.date(2026, 3, 14), "expired"),
        ("completed", dt.date(2026, 3, 15), "completed"),  # valid through its expiry day
        ("completed", dt.date(2027, 1, 1), "completed"),
        ("completed", None, "completed"),  # never expires
        ("enrolled", dt.date(2020, 1, 1), "enrolled"),
        ("withdrawn", dt.date(2020, 1, 1), "withdrawn"),
    ],
)
def test_shown_status(status: str, expires_on: dt.date | None, shown: str) -> None:
    assert shown_status(status, expires_on, TODAY) == shown
