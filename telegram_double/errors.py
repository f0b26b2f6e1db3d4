"""Bot API error responses, the way the double hands them back to PTB.

Telegram answers a failed call with an HTTP status and ``{"ok": false, ...}``; PTB's request
layer turns those into ``BadRequest``, ``Forbidden``, ``RetryAfter``, ``NetworkError`` and so
on. Request handlers raise :class:`ApiError`; :func:`error_body` makes the response.
"""

from __future__ import annotations

import json

from telegram_double.wire import JSONDict

# What Telegram says for each status when a test programs a failure without a description.
DEFAULT_ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    429: "Too Many Requests: retry after {retry_after}",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


class ApiError(Exception):
    """A Bot API error response (``ok: false``), turned into an HTTP status and JSON body."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def error_body(
    status: int, description: str, parameters: JSONDict | None = None
) -> tuple[int, bytes]:
    """The ``(status, JSON body)`` Telegram sends for a failed call."""
    body: JSONDict = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return status, json.dumps(body).encode("utf-8")
