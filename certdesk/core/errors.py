"""The one exception type for rejected input in the domain layer."""

from __future__ import annotations


class InvalidInput(ValueError):
    """Input that the domain rejects; `field` names what was wrong, `message` says why.

    The message is meant to be shown to the user as is (window, command line).
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message
