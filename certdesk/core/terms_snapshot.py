"""The terms frozen into an issued agreement, as one typed, immutable value.

At issue everything the manager signs is frozen into a snapshot; its canonical JSON (sorted keys,
no spaces, UTF-8 kept) is stored and its SHA-256 printed on the form. `TermsSnapshot.to_json()`
gives back, byte for byte, the text `from_json()` read, so every issued agreement's hash still
verifies: keys an earlier version did not write stay absent (ABSENT, not None, which is a value),
and keys a later version adds are kept as they were (`extra`) rather than dropped.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from certdesk.core.repayment import format_tiers, parse_tiers
from certdesk.core.repayment_types import Clock, CommitmentStart, Schedule, Tier


class _Absent:
    """A key the snapshot does not have (written by an earlier version)."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()


def canonical_json(data: Any) -> str:
    """The one text form of a snapshot: sorted keys, no spaces, UTF-8 characters kept."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _date(text: str | None) -> _dt.date | None:
    return None if text is None else _dt.date.fromisoformat(text)


def _iso(day: _dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _tiers(text: str) -> tuple[Tier, ...]:
    return parse_tiers(text) if text else ()


def _tiers_text(tiers: tuple[Tier, ...]) -> str:
    return format_tiers(tiers) if tiers else ""


_DATE = (_date, _iso)


class _Part:
    """A JSON object of the snapshot: its known keys as typed fields, others kept in `extra`
    (key, canonical JSON of the value), so nothing read is lost when written back."""

    # field name -> (read from JSON, write to JSON)
    _CODECS: ClassVar[dict[str, tuple[Any, Any]]] = {}
    extra: tuple[tuple[str, str], ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        known = {f.name for f in fields(cls)} - {"extra"}  # type: ignore[arg-type]
        values = {}
        for name in known & data.keys():
            read = cls._CODECS.get(name, (None, None))[0]
            values[name] = read(data[name]) if read else data[name]
        extra = tuple((k, canonical_json(data[k])) for k in sorted(data.keys() - known))
        return cls(**values, extra=extra)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if f.name == "extra" or value is ABSENT:
                continue
            write = self._CODECS.get(f.name, (None, None))[1]
            out[f.name] = write(value) if write else value
        out.update((k, json.loads(v)) for k, v in self.extra)
        return out


def _part(cls: Any) -> tuple[Any, Any]:
    return (cls.from_dict, lambda part: part.to_dict())


def _parts(cls: Any) -> tuple[Any, Any]:
    return (
        lambda items: tuple(cls.from_dict(i) for i in items),
        lambda parts: [p.to_dict() for p in parts],
    )


def _maybe_part(cls: Any) -> tuple[Any, Any]:
    return (
        lambda item: None if item is None else cls.from_dict(item),
        lambda part: None if part is None else part.to_dict(),
    )


_TUPLE = (tuple, list)


@dataclass(frozen=True)
class SnapshotEmployee(_Part):
    employee_no: str
    full_name: str
    job_title: str
    site: str
    work_state: str
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SnapshotCertification(_Part):
    code: str
    name: str
    issuer: str
    transferable: bool = ABSENT  # earlier versions: the catalog says
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SnapshotPaymentTerms(_Part):
    due_days: int
    max_instalments: int
    method: str
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SnapshotPolicy(_Part):
    _CODECS: ClassVar[dict[str, tuple[Any, Any]]] = {
        "effective_on": _DATE,
        "payment_terms": _part(SnapshotPaymentTerms),
    }
    version: int
    title: str
    body: str
    effective_on: _dt.date
    program_end_rule: str = ABSENT
    payment_terms: SnapshotPaymentTerms = ABSENT
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SnapshotCost(_Part):
    _CODECS: ClassVar[dict[str, tuple[Any, Any]]] = {"paid_on": _DATE}
    kind: str
    description: str
    amount_cents: int
    paid_by: str
    paid_on: _dt.date | None
    repayable: bool
    not_yet_paid: bool = ABSENT  # written only when true
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SnapshotPayment(_Part):
    """A company payment that starts its own clock (per-payment agreements)."""

    _CODECS: ClassVar[dict[str, tuple[Any, Any]]] = {"paid_on": _DATE}
    paid_on: _dt.date
    amount_cents: int
    label: str
    kind: str = ABSENT
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LeftOutByLaw(_Part):
    """Cost kinds the governing state's law keeps out of the repayable amount."""

    _CODECS: ClassVar[dict[str, tuple[Any, Any]]] = {"kinds": _TUPLE}
    rule: str
    kinds: tuple[str, ...]
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TermsSnapshot(_Part):
    """Everything the manager signed (form CD-101), as frozen at issue."""

    _CODECS: ClassVar[dict[str, tuple[Any, Any]]] = {
        "issued_on": _DATE,
        "target_date": _DATE,
        "completion_deadline": _DATE,
        "completed_on": _DATE,
        "employee": _part(SnapshotEmployee),
        "certification": _part(SnapshotCertification),
        "policy": _part(SnapshotPolicy),
        "costs": _parts(SnapshotCost),
        "payments": _parts(SnapshotPayment),
        "left_out_by_law": _maybe_part(LeftOutByLaw),
        "schedule": (Schedule, str),
        "clock": (Clock, str),
        "start_rule": (CommitmentStart, str),
        "tiers": (_tiers, _tiers_text),
        "waived_reasons": _TUPLE,  # as frozen: earlier spellings kept
        "repayable_kinds": _TUPLE,
    }
    form: str
    agreement_no: str
    issued_on: _dt.date
    employee: SnapshotEmployee
    certification: SnapshotCertification
    path_id: int
    target_date: _dt.date | None
    policy: SnapshotPolicy
    costs: tuple[SnapshotCost, ...]
    amount_cents: int
    months: int
    schedule: Schedule
    tiers: tuple[Tier, ...]
    clock: Clock
    payments: tuple[SnapshotPayment, ...]
    start_rule: CommitmentStart
    waived_reasons: tuple[str, ...]
    completion_deadline: _dt.date | None
    proof_days: int
    completed_on: _dt.date | None
    before_start_bp: int = ABSENT  # earlier versions: the whole amount
    repayable_kinds: tuple[str, ...] = ABSENT
    left_out_by_law: LeftOutByLaw | None = ABSENT
    extra: tuple[tuple[str, str], ...] = field(default=())

    @classmethod
    def from_json(cls, text: str) -> TermsSnapshot:
        return cls.from_dict(json.loads(text))

    def to_json(self) -> str:
        """The canonical text: byte for byte what was stored (and hashed) at issue."""
        return canonical_json(self.to_dict())
