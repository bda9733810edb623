"""The op runner: every service call runs on one worker thread, results come back as signals.

Anki style (qt/aqt/operations): a screen asks for `run_op(fn, on_success, on_failure)`; `fn`
receives the open Store and runs on the single worker thread, so the GUI thread never touches
SQLite and the one connection is never used by two threads at once. When a write succeeds,
`changed` fires once with what it changed (core.changes.Changes), so each page can decide
whether to reload.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from certdesk.core.changes import EVERYTHING, Changes
from certdesk.core.errors import InvalidInput

if TYPE_CHECKING:  # the store (sqlite-utils) is imported on the worker, after the first paint
    from certdesk.services.safety.backups import OpenedDatabase
    from certdesk.store import Store

Success = Callable[[Any], None]
Failure = Callable[[InvalidInput], None]
# What a write changed: True (it does not say: everything), the Changes, or a function of the
# op's result that gives them (e.g. the id of what it created). False: a read.
Writes = bool | Changes | Callable[[Any], Changes]


class _Relay(QObject):
    """Lives on the GUI thread; emitting from the worker queues the call to the GUI thread."""

    finished = Signal(int, object, object)  # token, result, exception


class Ops(QObject):
    """Runs service calls one at a time, off the GUI thread."""

    changed = Signal(object)  # a write succeeded: its Changes, for the pages to decide
    failed = Signal(str)  # a failure nobody handled: the window shows the message
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one thread: the sqlite connection is not shared
        self._pool.setExpiryTimeout(-1)
        self._store: Store | None = None
        self._relay = _Relay()
        self._relay.finished.connect(self._on_finished)
        self._pending: dict[int, tuple[Success | None, Failure | None, Writes]] = {}
        self._next_token = 0

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    @property
    def is_open(self) -> bool:
        """True while a database is open (a failed restore leaves none)."""
        return self._store is not None

    def open_store(
        self, path: Path, on_success: Success | None = None, on_failure: Failure | None = None
    ) -> None:
        """Open the database on the worker with the app's safety sequence (lock, check, daily
        backup, migrate); `on_success` gets the OpenedDatabase, later ops get its store."""

        def open_it(_: None) -> OpenedDatabase:
            # Slow imports (sqlite-utils, the services) stay off the first paint.
            from certdesk.services.safety.backups import open_for_app

            opened = open_for_app(path)
            self._store = opened.store
            return opened

        self._submit(open_it, on_success, on_failure, writes=False, needs_store=False)

    def store_if_idle(self) -> Store | None:
        """The open store when no op is queued or running, else None (the GUI thread only
        looks at it: whether a database is open and nothing waits for the worker)."""
        return None if self._pending else self._store

    def run_op(
        self,
        fn: Callable[[Store], Any],
        on_success: Success | None = None,
        on_failure: Failure | None = None,
        *,
        writes: Writes = False,
    ) -> None:
        """Run `fn(store)` on the worker; call back on the GUI thread.

        `writes` marks a change: after `on_success`, `changed` is emitted with what changed
        (`writes=True`: everything; a result that carries `changes` adds them). An
        InvalidInput goes to `on_failure` (or, without one, to `failed` as a message).
        """
        self._submit(fn, on_success, on_failure, writes=writes, needs_store=True)

    def run_file_op(
        self,
        fn: Callable[[], Any],
        on_success: Success | None = None,
        on_failure: Failure | None = None,
    ) -> None:
        """Run `fn()` on the worker for work on the files beside the database (its backups)
        that needs no open store: e.g. finding a good backup of a file that did not open."""
        self._submit(lambda _store: fn(), on_success, on_failure, writes=False, needs_store=False)

    def swap_store(
        self,
        fn: Callable[[Store], OpenedDatabase | Any],
        on_success: Success | None = None,
        on_failure: Failure | None = None,
    ) -> None:
        """Run `fn(store)` on the worker where it closes the open store and returns what holds
        the one opened in its place (an OpenedDatabase, or a result with `.opened`: a
        restore); later ops use the new store. If `fn` fails after closing the store, no
        database is open until one is opened again."""

        def swap(store: Store) -> Any:
            try:
                result = fn(store)
            except BaseException:
                if store.closed:
                    self._store = None
                raise
            opened = getattr(result, "opened", result)
            self._store = opened.store
            return result

        self._submit(swap, on_success, on_failure, writes=False, needs_store=True)

    def shutdown(self) -> None:
        """Wait for running work, then close the database (call when the window closes)."""
        self._pool.waitForDone()
        if self._store is not None:
            self._store.close()
            self._store = None

    def _submit(
        self,
        fn: Callable[[Any], Any],
        on_success: Success | None,
        on_failure: Failure | None,
        *,
        writes: Writes,
        needs_store: bool,
    ) -> None:
        token = self._next_token
        self._next_token += 1
        self._pending[token] = (on_success, on_failure, writes)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        relay = self._relay

        def work() -> None:
            try:
                if needs_store and self._store is None:
                    raise InvalidInput("database", "the database is not open")
                answer = (token, fn(self._store), None)
            except BaseException as exc:  # every failure goes back to the GUI thread
                answer = (token, None, exc)
            try:
                relay.finished.emit(*answer)
            except RuntimeError:
                pass  # the window was closed meanwhile: nobody is left to tell

        self._pool.start(work)

    @Slot(int, object, object)
    def _on_finished(self, token: int, result: object, error: BaseException | None) -> None:
        on_success, on_failure, writes = self._pending.pop(token)
        on_success, on_failure = _alive(on_success), _alive(on_failure)
        try:
            if error is None:
                if on_success is not None:
                    on_success(result)
                changes = _changes(writes, result)
                if changes:
                    self.changed.emit(changes)
            else:
                problem = error
                if not isinstance(error, InvalidInput):
                    # A bug, not bad input: the user gets one line, the traceback goes to the
                    # excepthook (stderr; pytest-qt turns it into a test failure).
                    problem = InvalidInput("", f"Something went wrong: {error}")
                    with contextlib.suppress(AttributeError, TypeError):
                        error.certdesk_told = True  # told below: no second dialog from the hook
                    sys.excepthook(type(error), error, error.__traceback__)
                if on_failure is not None:
                    on_failure(problem)
                else:
                    self.failed.emit(problem.message)
        finally:
            if not self._pending:
                self.busy_changed.emit(False)


def _changes(writes: Writes, result: object) -> Changes | None:
    """What a successful op changed (None for a read)."""
    if writes is False:
        return None
    if writes is True:
        return EVERYTHING
    declared = writes if isinstance(writes, Changes) else writes(result)
    carried = getattr(result, "changes", None)
    return declared | carried if isinstance(carried, Changes) else declared


def _alive(callback: Callable | None) -> Callable | None:
    """The callback, or None if it is a method of a widget closed meanwhile (a dialog the
    coordinator cancelled while its save was running): the write stands, nobody is told."""
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, QObject) and not shiboken6.isValid(owner):
        return None
    return callback
