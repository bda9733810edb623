"""What a write changed: which kinds of record and which of them (Anki's OpChanges).

The window hands a write's Changes to its pages; each page says which kinds it shows and
reloads only when one of them changed (a page not on screen only marks itself stale). A write
that does not say (and a write by another program) changes everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """A kind of record a page shows and a write changes."""

    MANAGERS = "managers"
    PATHS = "paths"  # paths and what hangs on them: costs, sessions, plan items
    AGREEMENTS = "agreements"  # agreements, their documents, departures and repayments
    CATALOG = "catalog"  # certifications, renewal rules, roles
    POLICIES = "policies"
    SETTINGS = "settings"
    RENEWALS = "renewals"  # credentials' cycles, activities, proofs


@dataclass(frozen=True)
class Changes:
    """The kinds of record a write changed, and the ids it names (kind, id) where it knows."""

    kinds: frozenset[Kind] = frozenset()
    ids: frozenset[tuple[Kind, str]] = frozenset()

    @classmethod
    def of(cls, *kinds: Kind, ids: Iterable[tuple[Kind, str | int]] = ()) -> Changes:
        named = frozenset((Kind(kind), str(id_)) for kind, id_ in ids)
        return cls(frozenset(kinds) | {kind for kind, _ in named}, named)

    @classmethod
    def everything(cls) -> Changes:
        """Anything may have changed (another program wrote to the file, a restore)."""
        return cls(frozenset(Kind))

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.ids | other.ids)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def touches(self, kinds: Iterable[Kind]) -> bool:
        """True if any of `kinds` changed."""
        return not self.kinds.isdisjoint(kinds)

    def ids_of(self, kind: Kind) -> frozenset[str]:
        """The ids of `kind` the write named (empty: it did not say which)."""
        return frozenset(id_ for k, id_ in self.ids if k == kind)


EVERYTHING = Changes.everything()
NOTHING = Changes()
