"""What money on a path was spent on, and who paid it (the stored text is each value)."""

from __future__ import annotations

from enum import StrEnum


class CostKind(StrEnum):
    """What money on a path was spent on; class wages are never repayable."""

    TUITION = "tuition"
    EXAM = "exam"
    MATERIALS = "materials"
    TRAVEL = "travel"
    CLASS_WAGES = "class_wages"
    OTHER = "other"


class Payer(StrEnum):
    """Who paid a cost line."""

    COMPANY = "company"
    EMPLOYEE = "employee"
