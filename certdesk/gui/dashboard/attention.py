"""The status bar's "needs attention" sentence, each part a link to the records it counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from certdesk.gui.paths.filters import EXPIRING, OVERDUE

# Links starting with this open the Agreements page filtered to the status that follows.
AGREEMENTS_LINK = "agreements:"

if TYPE_CHECKING:
    from certdesk.services.overview import Attention


NOTHING_NEEDS_ATTENTION = "Nothing needs attention"


def attention_parts(attention: Attention) -> list[tuple[str, str]]:
    """What needs looking at soon, as (link, sentence) pairs: a Paths page filter, or
    AGREEMENTS_LINK + an agreement status."""

    def n(count: int, one: str, many: str) -> str:
        return f"{count:,} {one if count == 1 else many}"

    parts = []
    if attention.expiring_soon:
        parts.append(
            (
                EXPIRING,
                n(attention.expiring_soon, "credential expires", "credentials expire")
                + f" within {attention.days} days",
            )
        )
    if attention.expired:
        parts.append(
            ("expired", n(attention.expired, "credential has expired", "credentials have expired"))
        )
    if attention.overdue:
        parts.append(
            (
                OVERDUE,
                n(
                    attention.overdue,
                    "path is past its target date",
                    "paths are past their target date",
                ),
            )
        )
    if attention.awaiting_signature:
        parts.append(
            (
                AGREEMENTS_LINK + "issued",
                n(
                    attention.awaiting_signature,
                    "agreement awaits signature",
                    "agreements await signature",
                ),
            )
        )
    if attention.repayment_due:
        parts.append(
            (
                AGREEMENTS_LINK + "repayment_due",
                n(attention.repayment_due, "repayment is due", "repayments are due"),
            )
        )
    return parts


def attention_text(attention: Attention) -> str:
    """The status bar sentence: what needs looking at soon."""
    parts = attention_parts(attention)
    return " · ".join(text for _, text in parts) if parts else "Nothing needs attention"


def attention_links(attention: Attention) -> str:
    """The same sentence with each part a link to the paths it counts."""
    parts = attention_parts(attention)
    if not parts:
        return NOTHING_NEEDS_ATTENTION
    return " · ".join(f'<a href="{key}">{text}</a>' for key, text in parts)
