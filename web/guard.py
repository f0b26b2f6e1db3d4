"""What keeps a child's web chat private on a shared phone: cookies, CSRF, rate
limits, and the headers every response carries.

* Cookies are HttpOnly, Secure and SameSite=Strict, with the ``__Host-`` prefix
  (no domain, path ``/``): the session cookie lasts until the browser closes, the
  device cookie only names the account for the sign-in page.
* Every form carries a CSRF token: the session's own, or (before there is a
  session) a double-submit cookie. A POST from another site is refused anyway.
* ``Cache-Control: no-store`` on everything, a strict Content-Security-Policy
  (this site's own script and styles only; no third party at all), no referrer.
* Rate limits (the ``limits`` library, in memory: per process) on opening links,
  signing in and posting. The secret word's lockout is in the database, so it holds
  across processes and restarts.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Final

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE: Final = "__Host-myreview"
DEVICE_COOKIE: Final = "__Host-myreview-device"
FORM_COOKIE: Final = "__Host-myreview-form"
DEVICE_DAYS: Final = 180

CSP: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
    "media-src 'self' blob:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
HEADERS: Final = {
    "cache-control": "no-store",
    "pragma": "no-cache",
    "content-security-policy": CSP,
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "microphone=(self), camera=(self), geolocation=()",
}

LIMITS: Final = {
    "link": parse("20/minute"),
    "sign_in": parse("10/minute"),
    "sign_in_device": parse("30/hour"),
    "post": parse("60/minute"),
}


class SecurityHeaders:
    """ASGI middleware: the headers above on every response, HSTS when served over
    HTTPS."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                present = {k.lower() for k, _ in headers}
                for name, value in HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                if self.hsts:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class RateLimits:
    """One moving-window limiter for the whole app (per process)."""

    def __init__(self) -> None:
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def allow(self, kind: str, *who: str) -> bool:
        return self.limiter.hit(LIMITS[kind], kind, *who)


def client_of(request: Request) -> str:
    """The address the request came from (uvicorn's --proxy-headers behind nginx)."""
    return request.client.host if request.client else "unknown"


def set_cookie(
    response: Response, name: str, value: str, *, secure: bool, days: int | None = None
) -> None:
    response.set_cookie(
        cookie_name(name, secure),
        value,
        max_age=days * 86400 if days else None,
        path="/",
        secure=secure,
        httponly=True,
        samesite="strict",
    )


def clear_cookie(response: Response, name: str, *, secure: bool) -> None:
    response.delete_cookie(
        cookie_name(name, secure), path="/", secure=secure, httponly=True, samesite="strict"
    )


def cookie_name(name: str, secure: bool) -> str:
    """``__Host-`` cookies need HTTPS; a plain-HTTP development server drops the prefix."""
    return name if secure else name.removeprefix("__Host-")


def read_cookie(request: Request, name: str, *, secure: bool) -> str | None:
    return request.cookies.get(cookie_name(name, secure))


def same_origin(request: Request) -> bool:
    """A POST must come from one of our own pages: browsers say where it came from."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is not None and origin != "null":
        ours = f"{request.url.scheme}://{request.url.netloc}"
        return origin == ours
    return True


def tokens_match(expected: str | None, given: object) -> bool:
    return (
        bool(expected)
        and isinstance(given, str)
        and hmac.compare_digest(expected.encode(), given.encode())  # type: ignore[union-attr]
    )


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


Handler = Callable[[Request], Awaitable[Response]]
