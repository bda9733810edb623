"""The op runner: work off the GUI thread, one at a time, results and failures back on it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from certdesk.core.errors import InvalidInput
from certdesk.gui.operations.runner import Ops


@pytest.fixture
def ops(qtbot, db_path: Path):
    runner = Ops()
    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy):
        runner.open_store(db_path)
    yield runner
    runner.shutdown()


def test_work_runs_on_one_worker_thread_in_order_and_answers_on_the_gui_thread(qtbot, ops):
    gui_thread = threading.get_ident()
    ran: list[tuple[int, int]] = []
    answered: list[tuple[int, int]] = []
    for n in range(5):
        ops.run_op(
            lambda store, n=n: ran.append((n, threading.get_ident())) or n,
            lambda result: answered.append((result, threading.get_ident())),
        )
    qtbot.waitUntil(lambda: len(answered) == 5)
    assert [n for n, _ in ran] == [0, 1, 2, 3, 4]
    workers = {thread for _, thread in ran}
    assert len(workers) == 1 and gui_thread not in workers
    assert answered == [(n, gui_thread) for n in range(5)]


def test_the_store_is_handed_to_the_work(qtbot, ops):
    from certdesk.services import managers

    names = []
    ops.run_op(managers.list_managers, lambda rows: names.extend(r.full_name for r in rows))
    qtbot.waitUntil(lambda: bool(names))
    assert "Łukasz Żółć-Nguyễn" in names


def test_invalid_input_goes_to_on_failure_and_nothing_changed(qtbot, ops):
    failures: list[InvalidInput] = []
    changed: list[bool] = []
    ops.changed.connect(lambda: changed.append(True))

    def refuse(store):
        raise InvalidInput("full_name", "is required and cannot be empty")

    ops.run_op(refuse, lambda _: pytest.fail("no success expected"), failures.append, writes=True)
    qtbot.waitUntil(lambda: bool(failures))
    assert (failures[0].field, failures[0].message) == (
        "full_name",
        "is required and cannot be empty",
    )
    assert changed == []


def test_unhandled_invalid_input_becomes_a_message(qtbot, ops):
    def refuse(store):
        raise InvalidInput("amount", "'12.345' is not an amount")

    with qtbot.waitSignal(ops.failed) as blocker:
        ops.run_op(refuse)
    assert blocker.args == ["'12.345' is not an amount"]


def test_a_write_announces_changed_once_after_its_callback(qtbot, ops):
    events: list[str] = []
    ops.changed.connect(lambda: events.append("changed"))
    with qtbot.waitSignal(ops.changed):
        ops.run_op(lambda store: 1, lambda _: events.append("success"), writes=True)
    ops.run_op(lambda store: 2, lambda _: events.append("read"))  # reads announce nothing
    qtbot.waitUntil(lambda: "read" in events)
    assert events == ["success", "changed", "read"]


def test_a_bug_is_reported_in_one_line_not_a_traceback(qtbot, ops):
    with qtbot.captureExceptions() as exceptions, qtbot.waitSignal(ops.failed) as blocker:
        ops.run_op(lambda store: 1 / 0)
    assert blocker.args == ["Something went wrong: division by zero"]
    assert exceptions and exceptions[0][0] is ZeroDivisionError


def test_an_unreadable_database_fails_with_a_message(qtbot, tmp_path: Path):
    bad = tmp_path / "not-a-db.certdesk"
    bad.write_bytes(b"this is not sqlite" * 100)
    runner = Ops()
    failures: list[InvalidInput] = []
    runner.open_store(bad, on_failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert failures[0].field == "database"
    assert "cannot be opened" in failures[0].message
    runner.shutdown()
