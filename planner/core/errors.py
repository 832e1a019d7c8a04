"""Typed errors the domain and operations raise; views and API handlers (and
core.web, core.api_errors) map them to a message next to a field, a flash, or
a 4xx JSON error.

Messages are English msgids marked with N_() so Babel extracts them; the
boundary translates them in the user's language.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    text: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, translate=lambda s: s) -> str:  # noqa: ANN001 - gettext-like
        translated = translate(self.text)
        return translated % self.params if self.params else translated


def N_(text: str, **params: Any) -> Message:
    """Mark a message for extraction; it is translated where it is shown."""
    return Message(text, params)


class DomainError(Exception):
    code = "error"

    def __init__(self, message: Message | None = None) -> None:
        self.message = message or N_("The request could not be completed.")
        super().__init__(self.message.text)


class NotFound(DomainError):
    code = "not_found"

    def __init__(self, message: Message | None = None) -> None:
        super().__init__(message or N_("Not found."))


class Forbidden(DomainError):
    code = "forbidden"

    def __init__(self, message: Message | None = None) -> None:
        super().__init__(message or N_("You do not have permission to do this."))


class Conflict(DomainError):
    code = "conflict"


class ValidationError(DomainError):
    code = "validation_error"

    def __init__(self, fields: dict[str, list[Message]], message: Message | None = None) -> None:
        self.fields = fields
        super().__init__(message or N_("Some fields are not valid."))

    @classmethod
    def single(cls, field_name: str, message: Message) -> ValidationError:
        return cls({field_name: [message]})
