"""The day an agreement's printed schedule counts from, and the sentence that explains it.

The same for an issued agreement's frozen terms and for a draft's live preview (one rule, one
wording): at signing, at completion when it is known, else the planned completion.
"""

from __future__ import annotations

import datetime as _dt

from certdesk.core.repayment_types import CommitmentStart


def printed_start(
    *,
    months: int,
    start_rule: str,
    issued_on: _dt.date,
    completed_on: _dt.date | None,
    deadline: _dt.date | None,
    target: _dt.date | None,
) -> tuple[_dt.date, str]:
    """The day the form's table counts from, and the form's sentence explaining it (the same
    for an issued agreement's frozen terms and for a draft's preview)."""
    if start_rule == CommitmentStart.SIGNING:
        start = issued_on
        return start, (
            f"The service commitment of {months} months starts on the day you sign this "
            f"agreement. The table counts from {start}; if you sign on a later day, every "
            "period keeps its length and is counted from your signing date. When you sign, "
            "HR gives you a commitment-start notice with the exact dates."
        )
    if completed_on:
        start = completed_on
        return start, (
            f"The service commitment of {months} months started on {start}, the day you "
            "completed the certification."
        )
    start = deadline or target or issued_on
    return start, (
        f"The service commitment of {months} months starts on the day you complete the "
        f"certification. Leaving before that day costs the amount in the first row of the "
        f"table. The other rows count from the planned completion date {start}; the periods "
        "keep their length and are counted from your actual completion date. When you complete "
        "it, HR gives you a commitment-start notice with the exact dates."
    )
