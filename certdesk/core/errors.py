"""The one exception type for rejected input in the domain layer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


class InvalidInput(ValueError):
    """Input that the domain rejects; `field` names what was wrong, `message` says why.

    The message is meant to be shown to the user as is (window, command line).
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Shown:
    """What a screen showed of a record when the coordinator began editing it: the record's
    row version and the text of the fields on the screen, by field name."""

    version: int
    values: Mapping[str, str]


@dataclass(frozen=True)
class FieldChange:
    """One field that someone else changed after the screen showed it."""

    field: str
    label: str
    shown: str  # what the screen showed
    stored: str  # what is stored now
    yours: str  # what the coordinator was about to save


class ChangedMeanwhile(InvalidInput):
    """The record was changed elsewhere (the command line, another program) after the screen
    showed it; saving would silently undo that change, so nothing was saved.

    `stored` is a Shown of the record as it is now: saving again with it overwrites knowingly.
    """

    def __init__(self, record: str, changes: tuple[FieldChange, ...], stored: Shown) -> None:
        listed = "; ".join(
            f"{c.label}: shown here as {_quoted(c.shown)}, now {_quoted(c.stored)}" for c in changes
        )
        super().__init__(
            "",
            f"{record} was changed outside this window after it was shown here (from the "
            f"command line or another program): {listed}. Nothing was saved. Reload to see what "
            "is stored now, or overwrite it with what you typed.",
        )
        self.record = record
        self.changes = changes
        self.stored = stored


def _quoted(text: str) -> str:
    return f"“{text}”" if text else "(empty)"


def changes_since_shown(
    shown: Shown,
    stored_version: int,
    stored_values: Mapping[str, str],
    yours: Mapping[str, str],
    labels: Mapping[str, str] | None = None,
) -> tuple[FieldChange, ...]:
    """The fields another write changed since `shown` (none when the version is unchanged).

    Only fields the screen showed count: a newer version that changed nothing on the screen
    (another column, a write of the same values) is no conflict.
    """
    if stored_version == shown.version:
        return ()
    return tuple(
        FieldChange(
            field=name,
            label=(labels or {}).get(name, name.replace("_", " ")),
            shown=text,
            stored=stored_values.get(name, ""),
            yours=yours.get(name, text),
        )
        for name, text in shown.values.items()
        if stored_values.get(name, "") != text
    )
