"""The status bar's "needs attention" sentence, each part a link to the paths it counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from certdesk.gui.path_filters import EXPIRING, OVERDUE

if TYPE_CHECKING:
    from certdesk.services.gui_queries import Attention


def attention_parts(attention: Attention) -> list[tuple[str, str]]:
    """What needs looking at soon, as (Paths page filter, sentence) pairs."""

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
    return parts


def attention_text(attention: Attention) -> str:
    """The status bar sentence: what needs looking at soon."""
    parts = attention_parts(attention)
    return " · ".join(text for _, text in parts) if parts else "Nothing needs attention"


def attention_links(attention: Attention) -> str:
    """The same sentence with each part a link to the paths it counts."""
    parts = attention_parts(attention)
    if not parts:
        return "Nothing needs attention"
    return " · ".join(f'<a href="{key}">{text}</a>' for key, text in parts)
