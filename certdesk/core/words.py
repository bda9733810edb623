"""Counted nouns in one place: "1 agreement", "3 agreements", "1,204 managers"."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """The count (with thousands separators) and the noun that agrees with it.

    `many` defaults to `one` + "s"; give it for other plurals ("1 policy", "2 policies") or
    for phrases ("1 manager is", "3 managers are").
    """
    return f"{count:,} {one if count == 1 else (many if many is not None else one + 's')}"
