"""Several issued agreement forms as one PDF (to print or save in one go).

Each form is the stored acknowledgment, byte for byte as issued (never re-rendered); pypdf
puts their pages one after the other. Runs on the window's worker: `progress(done, total)`
after each form, and `cancelled()` is asked between forms.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from certdesk.core.errors import InvalidInput
from certdesk.services.agreements.issuing import stored_form
from certdesk.store import Store


class BatchCancelled(InvalidInput):
    """The coordinator cancelled the batch: nothing was made."""

    def __init__(self) -> None:
        super().__init__("", "cancelled: nothing was printed or saved")


def combined_forms(
    store: Store,
    agreement_nos: list[str],
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> bytes:
    """The stored forms of these agreements, in this order, as one PDF."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    if not agreement_nos:
        raise InvalidInput("agreement_no", "select at least one issued agreement")
    writer = PdfWriter()
    total = len(agreement_nos)
    for done, number in enumerate(agreement_nos, start=1):
        if cancelled is not None and cancelled():
            raise BatchCancelled
        data = stored_form(store, number)
        try:
            writer.append(PdfReader(io.BytesIO(data)))
        except PdfReadError as exc:
            raise InvalidInput(
                "agreement_no", f"{number}: the stored form cannot be read ({exc})"
            ) from None
        if progress is not None:
            progress(done, total)
    if cancelled is not None and cancelled():
        raise BatchCancelled
    writer.add_metadata({"/Title": f"{total} agreement forms: {', '.join(agreement_nos)}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
