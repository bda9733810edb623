"""Plan path and Edit path dialogs: which certification a manager works toward, by when, and
the course (who teaches it, its first and last day)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from certdesk.core.changes import Changes, Kind
from certdesk.core.course import PROVIDER_MAX_LEN, Course
from certdesk.core.dates import add_months, parse_optional_date
from certdesk.core.errors import Shown
from certdesk.gui.operations.runner import Ops
from certdesk.gui.widgets.form_dialog import FormDialog, date_edit, iso_of
from certdesk.services.catalog import certifications
from certdesk.services.paths import lifecycle as paths

if TYPE_CHECKING:
    from certdesk.core.course import Course
    from certdesk.services.catalog.certifications import CatalogEntry
    from certdesk.store import Store


def _catalog(store: Store) -> list[CatalogEntry]:

    return certifications.certifications(store)


def _course_of(provider: str, start: str, end: str) -> Course:
    """The course as typed (dates as ISO text): InvalidInput names the field that is wrong."""

    return Course(
        provider=provider,
        start=parse_optional_date(start, "course_start"),
        end=parse_optional_date(end, "course_end"),
    )


class _CourseFields:
    """The provider and course date fields both dialogs show."""

    def add_course_fields(self: Any, path: dict | None = None) -> None:
        path = path or {}
        self.provider = QLineEdit(path.get("provider") or "")
        self.provider.setMaxLength(PROVIDER_MAX_LEN)
        self.provider.setPlaceholderText("e.g. Call Center School, HDI")
        self.add_field("provider", "Provider", self.provider, "who teaches the course")
        self.course_start = date_edit(_day(path.get("course_start")), optional=True)
        self.add_field("course_start", "Course start", self.course_start, "its first day")
        self.course_end = date_edit(_day(path.get("course_end")), optional=True)
        self.add_field("course_end", "Course end", self.course_end, "its last day")

    def typed_course(self: Any) -> tuple[str, str, str]:
        return self.provider.text(), iso_of(self.course_start), iso_of(self.course_end)


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class PlanPathDialog(_CourseFields, FormDialog):
    """Plan a new certification path for one manager."""

    changes = Changes.of(Kind.PATHS)

    def __init__(
        self, ops: Ops, employee_no: str, full_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, f"Plan a path for {full_name}", parent, save_text="Plan path")
        self._employee_no = employee_no
        self.certification = QComboBox()
        self.certification.addItem("Loading the catalog…", "")
        self.certification.setEnabled(False)
        self.add_field("cert_code", "Certification", self.certification)
        self.target = date_edit(add_months(dt.date.today(), 6))
        self.add_field("target", "Target date", self.target, "when the manager should be certified")
        self.add_course_fields()
        self.save_button.setEnabled(False)
        ops.run_op(_catalog, self._fill_catalog)

    def _fill_catalog(self, entries: list[CatalogEntry]) -> None:
        self.certification.clear()
        for entry in entries:
            self.certification.addItem(f"{entry.code} — {entry.name}", entry.code)
        self.certification.setEnabled(True)
        self.save_button.setEnabled(bool(entries))

    def operation(self) -> Callable[[Store], Any]:
        employee_no, code, target = (
            self._employee_no,
            self.certification.currentData(),
            iso_of(self.target),
        )
        typed = self.typed_course()

        def plan(store: Store) -> int:

            return paths.plan_path(store, employee_no, code, target, course=_course_of(*typed))

        return plan


class EditPathDialog(_CourseFields, FormDialog):
    """Change a path's target date and its course. Agreements already issued keep what they
    printed; the next one prints this."""

    changes = Changes.of(Kind.PATHS)

    def __init__(self, ops: Ops, path: dict, parent: QWidget | None = None) -> None:
        super().__init__(
            ops,
            f"Edit path {path['id']} ({path.get('cert_code', '')})",
            parent,
            intro="An agreement already issued keeps the course it printed; the next one "
            "prints what you save here.",
        )
        self._path_id = path["id"]
        self.target = date_edit(_day(path.get("target_date")), optional=True)
        self.add_field("target", "Target date", self.target, "when the manager should be certified")
        self.add_course_fields(path)
        self.shown = Shown(
            path.get("row_version", 1),
            {
                "target": path.get("target_date") or "",
                "provider": path.get("provider") or "",
                "course_start": path.get("course_start") or "",
                "course_end": path.get("course_end") or "",
            },
        )

    def operation(self) -> Callable[[Store], Any]:
        path_id, target, typed, shown = (
            self._path_id,
            iso_of(self.target),
            self.typed_course(),
            self.shown,
        )

        def edit(store: Store) -> Any:

            return paths.edit_path(
                store,
                path_id,
                course=_course_of(*typed),
                target=parse_optional_date(target, "target"),
                shown=shown,
            )

        return edit
