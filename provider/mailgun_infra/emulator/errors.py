"""The errors Mailgun answers with: an HTTP status and a one-key JSON body.

Rules raise these; the app turns each into its response, so no rule knows about HTTP.
"""

from __future__ import annotations

from typing import Any


class EmulatorError(Exception):
    """A rule breach, answered with ``status`` and ``{key: message}``.

    Most services say ``{"message": ...}``; webhooks say ``{"Reason": ...}`` and the
    account webhooks ``{"Description": ...}``.
    """

    def __init__(self, status: int, message: str, key: str = "message") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.key = key

    def body(self) -> dict[str, Any]:
        return {self.key: self.message}


class InvalidParameter(EmulatorError):
    """Some services answer a bad parameter as ``{"Field": ..., "Value": ...}``."""

    def __init__(self, field_name: str, value: str) -> None:
        super().__init__(400, f"invalid value {value!r} for {field_name}")
        self.field_name = field_name
        self.value = value

    def body(self) -> dict[str, Any]:
        return {"Field": self.field_name, "Value": self.value}


def bad_request(message: str) -> EmulatorError:
    return EmulatorError(400, message)


def not_found(message: str) -> EmulatorError:
    return EmulatorError(404, message)


def forbidden(message: str) -> EmulatorError:
    return EmulatorError(403, message)
