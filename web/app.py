"""The web chat's routes, and :func:`build_web_app`.

==========================  ====================================================
``GET /j/{token}``          a worker's link: signs in, then leaves the URL at once
``GET /``                   the chat, the sign-in page, or "open your link"
``GET|POST /secret``        choose the secret word (after a link)
``POST /sign-in``           come back with the secret word
``GET /chat``               the chat: every bubble, the box, the 🆘 button
``POST /say`` ``/tap``      words typed, a button tapped
``POST /photo`` ``/voice``  a photo, a voice note (recorded, or a file)
``POST /lock``              the session ends at once
``GET|POST /exit``          quick exit: the session ends, off to a neutral site
``GET /files/{id}``         the child's own photos, voice notes and files
``GET /newest``             the newest message's id, for the page to ask
==========================  ====================================================

Every route runs the core in a worker thread (``asyncio.to_thread``), as the
Telegram adapters do, and sends the replies through ``deliver``: the web chat's
own go into the child's chat, an adult's alert goes to Telegram at once.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from bot.conversation.handle import handle
from bot.conversation.incoming import Incoming
from bot.people.addresses import is_web
from bot.platform.buttons import NotSafe
from bot.platform.replies import Reply
from bot.platform.runtime import Runtime
from bot.webchat import access, transcript
from messages import languages
from messages import safety as safety_words
from messages import web as words
from messages.render import Renderer
from models import Person
from web import bubbles, forms, uploads
from web.guard import (
    DEVICE_COOKIE,
    DEVICE_DAYS,
    FORM_COOKIE,
    SESSION_COOKIE,
    RateLimits,
    SecurityHeaders,
    clear_cookie,
    client_of,
    new_form_token,
    read_cookie,
    same_origin,
    set_cookie,
    tokens_match,
)
from web.operations import operations_routes

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
Deliver = Callable[[list[Reply]], Awaitable[None]]
NEUTRAL_SITE = "https://www.bbc.co.uk/weather"
"""Where "Quick exit" goes: an ordinary page nobody would wonder about."""
NOTES = {
    "too_fast": words.TOO_FAST,
    "try_again": words.TRY_AGAIN,
    "too_big": words.FILE_TOO_BIG,
    "not_photo": words.FILE_NOT_PHOTO,
    "not_voice": words.FILE_NOT_VOICE,
}
"""The only notes a page shows from its URL: a key, never text."""


@dataclass(frozen=True)
class Config:
    secure: bool = True
    """Serve over HTTPS: Secure ``__Host-`` cookies and HSTS (off only for development)."""
    quick_exit_url: str = NEUTRAL_SITE


def web_posted_only(rt: Runtime) -> Deliver:
    """A ``deliver`` for a web server with no Telegram bot beside it: web replies are
    kept; an alert to an adult is recorded as not yet sent, so the dispatcher sends
    it (``myreview run`` always passes the bot's own ``deliver`` instead)."""
    from bot.conversation import safety

    async def deliver(replies: list[Reply]) -> None:
        for reply in replies:
            if is_web(reply.chat_id):
                await asyncio.to_thread(_post, rt, reply)
            elif reply.notification_id is not None:
                await asyncio.to_thread(
                    safety.alert_not_sent, rt, reply.notification_id, "no Telegram bot here"
                )
            else:
                log.warning("a reply to a Telegram chat was dropped: this server has no bot")

    return deliver


def _post(rt: Runtime, reply: Reply) -> int:
    with rt.session() as session:
        return transcript.post(session, reply, rt.clock.now())


def build_web_app(
    rt: Runtime,
    deliver: Deliver,
    config: Config | None = None,
    *,
    extra_routes: list[Route] | None = None,
    chat_routes: bool = True,
) -> Starlette:
    """The web chat as an ASGI app, with the operator's routes (health, metrics) and
    any the caller adds (Telegram's webhook). ``chat_routes=False``: health only."""
    chat = WebChat(rt, deliver, config or Config())
    routes = [*operations_routes(rt), *(extra_routes or [])]
    if not chat_routes:
        return Starlette(routes=routes, middleware=[Middleware(SecurityHeaders, hsts=False)])
    return Starlette(
        routes=[
            *routes,
            Route("/", chat.home),
            Route("/j/{token}", chat.open_link),
            Route("/secret", chat.secret, methods=["GET", "POST"]),
            Route("/sign-in", chat.sign_in, methods=["POST"]),
            Route("/chat", chat.chat),
            Route("/say", chat.say, methods=["POST"]),
            Route("/tap", chat.tap, methods=["POST"]),
            Route("/photo", chat.photo, methods=["POST"]),
            Route("/voice", chat.voice, methods=["POST"]),
            Route("/lock", chat.lock, methods=["POST"]),
            Route("/locked", chat.locked),
            Route("/exit", chat.exit, methods=["GET", "POST"]),
            Route("/files/{file_id}", chat.file),
            Route("/newest", chat.newest),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[Middleware(SecurityHeaders, hsts=chat.config.secure)],
    )


@dataclass
class Signed:
    """The signed-in child of a request."""

    person_id: int
    locale: str
    csrf: str
    needs_secret: bool


class WebChat:
    def __init__(self, rt: Runtime, deliver: Deliver, config: Config) -> None:
        self.rt = rt
        self.deliver = deliver
        self.config = config
        self.limits = RateLimits()
        self.templates = Jinja2Templates(directory=HERE / "templates")

    # --- helpers ---------------------------------------------------------------------

    def now(self) -> datetime:
        return self.rt.clock.now()

    def _cookie(self, request: Request, name: str) -> str | None:
        return read_cookie(request, name, secure=self.config.secure)

    def _signed_now(self, token: str | None) -> Signed | None:
        with self.rt.session() as session:
            row = access.current(session, token, self.now())
            if row is None:
                return None
            person = session.get(Person, row.person_id)
            assert person is not None
            return Signed(
                row.person_id,
                person.locale,
                row.csrf,
                access.needs_secret(session, row.person_id),
            )

    async def signed(self, request: Request) -> Signed | None:
        return await asyncio.to_thread(self._signed_now, self._cookie(request, SESSION_COOKIE))

    def page(
        self,
        request: Request,
        name: str,
        locale: str = languages.SOURCE,
        status: int = 200,
        **values: Any,
    ) -> HTMLResponse:
        render = Renderer(locale)
        return self.templates.TemplateResponse(
            request,
            name,
            {
                "t": render.plain,
                "w": words,
                "lang": render.locale,
                "dir": "rtl" if render.rtl else "ltr",
                "exit_url": self.config.quick_exit_url,
                **values,
            },
            status_code=status,
        )

    def simple(
        self, request: Request, title: str, body: str, status: int = 200, locale: str = "en"
    ) -> HTMLResponse:
        return self.page(request, "notice.html", locale, status, title=title, body=body)

    async def run(self, incoming: Incoming) -> None:
        """The core, then its replies out (the child's first, then each adult's alert)."""
        replies = await asyncio.to_thread(handle, self.rt, incoming)
        await self.deliver(replies)

    def _said(
        self, person_id: int, text: str = "", file_id: str | None = None, kind: str | None = None
    ) -> None:
        with self.rt.session() as session:
            transcript.child_said(session, person_id, self.now(), text, file_id, kind)

    async def _posted(self, request: Request, who: Signed) -> tuple[Any, str | None] | Response:
        """The form of a POST from the signed-in child, or the response refusing it."""
        if not same_origin(request):
            return Response(status_code=403)
        if not self.limits.allow("post", str(who.person_id)):
            return RedirectResponse("/chat?note=too_fast#end", status_code=303)
        try:
            form = await request.form(max_files=1, max_fields=12, max_part_size=1024 * 1024)
        except Exception:  # a malformed or oversized body: refused, nothing kept
            return RedirectResponse("/chat?note=too_big#end", status_code=303)
        if not tokens_match(who.csrf, form.get("csrf")):
            return Response("refused: this form is out of date", status_code=403)
        return form, forms.update_key(who.person_id, form.get("key"))

    # --- getting in ------------------------------------------------------------------

    async def open_link(self, request: Request) -> Response:
        if not self.limits.allow("link", client_of(request)):
            return self.simple(request, words.LINK_GONE_TITLE, words.TOO_FAST, 429)
        token = request.path_params["token"]

        def opened() -> tuple[access.Opened, access.Started, str] | None:
            with self.rt.session() as session:
                done = access.open_link(session, token, self.now())
                if done is None:
                    return None
                started = access.start_session(session, done.person_id, self.now())
                person = session.get(Person, done.person_id)
                assert person is not None
                return done, started, person.locale

        result = await asyncio.to_thread(opened)
        if result is None:
            return self.simple(request, words.LINK_GONE_TITLE, words.LINK_GONE, 410)
        done, started, locale = result
        # A page, not a redirect: a link opened from a text message is a cross-site
        # visit, and a SameSite=Strict cookie is only sent from our own next page.
        # Its script replaces this history entry, so the token leaves the URL bar.
        response = self.page(request, "go.html", locale, target="/secret")
        secure = self.config.secure
        set_cookie(response, SESSION_COOKIE, started.token, secure=secure)
        set_cookie(response, DEVICE_COOKIE, done.device, secure=secure, days=DEVICE_DAYS)
        return response

    async def home(self, request: Request) -> Response:
        who = await self.signed(request)
        if who is not None:
            return RedirectResponse("/secret" if who.needs_secret else "/chat", status_code=303)
        device = self._cookie(request, DEVICE_COOKIE)

        def known() -> str | None:
            with self.rt.session() as session:
                return access.remembered(session, device)

        locale = await asyncio.to_thread(known)
        if locale is not None:
            return self.sign_in_page(request, locale)
        return self.simple(request, words.NO_LINK_TITLE, words.NO_LINK)

    def sign_in_page(
        self, request: Request, locale: str, problem: str = "", status: int = 200
    ) -> Response:
        form_token = new_form_token()
        response = self.page(
            request, "sign_in.html", locale, status, form_token=form_token, problem=problem
        )
        set_cookie(response, FORM_COOKIE, form_token, secure=self.config.secure)
        return response

    async def sign_in(self, request: Request) -> Response:
        if not same_origin(request):
            return Response(status_code=403)
        device = self._cookie(request, DEVICE_COOKIE) or ""

        def known() -> str | None:
            with self.rt.session() as session:
                return access.remembered(session, device)

        locale = await asyncio.to_thread(known)
        if locale is None:
            return self.simple(request, words.NO_LINK_TITLE, words.NO_LINK, 403)
        render = Renderer(locale, zone=self.rt.settings.zone)
        if not self.limits.allow("sign_in", client_of(request)) or not self.limits.allow(
            "sign_in_device", device[:16]
        ):
            return self.sign_in_page(request, locale, render.plain(words.TOO_FAST), 429)
        try:
            form = await request.form(max_files=0, max_fields=4, max_part_size=4096)
        except Exception:
            return self.sign_in_page(request, locale, render.plain(words.TRY_AGAIN), 400)
        if not tokens_match(self._cookie(request, FORM_COOKIE), form.get("form_token")):
            return self.sign_in_page(request, locale, render.plain(words.TRY_AGAIN), 403)
        secret = form.get("secret")
        secret = secret if isinstance(secret, str) else ""

        def check() -> tuple[access.SignIn, access.Started | None]:
            with self.rt.session() as session:
                outcome = access.sign_in(session, device, secret, self.now())
                if outcome.person_id is None:
                    return outcome, None
                return outcome, access.start_session(session, outcome.person_id, self.now())

        outcome, started = await asyncio.to_thread(check)
        if started is None:
            if outcome.locked_until is not None:
                problem = render.plain(words.SIGN_IN_LOCKED, time=render.when(outcome.locked_until))
            elif outcome.tries_left is not None:
                problem = render.plain(words.SIGN_IN_WRONG, count=outcome.tries_left)
            else:
                return self.simple(request, words.NO_LINK_TITLE, words.NO_LINK, 403, locale)
            return self.sign_in_page(request, locale, problem, 403)
        response = RedirectResponse("/chat#end", status_code=303)
        set_cookie(response, SESSION_COOKIE, started.token, secure=self.config.secure)
        clear_cookie(response, FORM_COOKIE, secure=self.config.secure)
        return response

    async def secret(self, request: Request) -> Response:
        who = await self.signed(request)
        if who is None:
            return RedirectResponse("/", status_code=303)
        if not who.needs_secret:
            return RedirectResponse("/chat#end", status_code=303)
        if request.method == "GET":
            return self.page(request, "secret.html", who.locale, csrf=who.csrf, problem="")
        if not same_origin(request):
            return Response(status_code=403)
        form = await request.form(max_files=0, max_fields=5, max_part_size=4096)
        if not tokens_match(who.csrf, form.get("csrf")):
            return Response("refused: this form is out of date", status_code=403)
        first, again = form.get("secret"), form.get("again")
        first = first if isinstance(first, str) else ""
        again = again if isinstance(again, str) else ""
        problem = {"short": words.SECRET_SHORT, "long": words.SECRET_LONG}.get(
            access.secret_problem(first) or ""
        )
        if problem is None and access.normal_secret(first) != access.normal_secret(again):
            problem = words.SECRET_DIFFERENT
        if problem is not None:
            render = Renderer(who.locale)
            return self.page(
                request,
                "secret.html",
                who.locale,
                400,
                csrf=who.csrf,
                problem=render.plain(problem),
            )

        def keep() -> None:
            with self.rt.session() as session:
                access.choose_secret(session, who.person_id, first, self.now())

        await asyncio.to_thread(keep)
        hint = _browser_language(request)
        await self.run(
            forms.started(who.person_id, f"web:{who.person_id}:start:{secrets.token_hex(8)}", hint)
        )
        return RedirectResponse("/chat#end", status_code=303)

    # --- the chat --------------------------------------------------------------------

    async def chat(self, request: Request) -> Response:
        who = await self.signed(request)
        if who is None:
            return RedirectResponse("/", status_code=303)
        if who.needs_secret:
            return RedirectResponse("/secret", status_code=303)

        def read() -> tuple[list[transcript.Bubble], str, int]:
            with self.rt.session() as session:
                person = session.get(Person, who.person_id)
                assert person is not None
                return (
                    transcript.bubbles(session, who.person_id),
                    person.locale,
                    transcript.newest_id(session, who.person_id),
                )

        shown, locale, newest = await asyncio.to_thread(read)
        render = Renderer(locale)
        note = NOTES.get(request.query_params.get("note", ""))
        return self.page(
            request,
            "chat.html",
            locale,
            bubbles=bubbles.shown(shown),
            csrf=who.csrf,
            key=new_form_token,
            newest=newest,
            note=render.plain(note) if note else "",
            sos_label=render.plain(safety_words.NOT_SAFE_BUTTON),
            sos_data=NotSafe(who.person_id).encode(),
        )

    async def say(self, request: Request) -> Response:
        who = await self.signed(request)
        if who is None:
            return RedirectResponse("/", status_code=303)
        posted = await self._posted(request, who)
        if isinstance(posted, Response):
            return posted
        form, key = posted
        text = form.get("text")
        text = text if isinstance(text, str) else ""
        text = text.replace("\r\n", "\n")[: forms.LONGEST_TEXT]
        if not text.strip():
            return RedirectResponse("/chat#end", status_code=303)
        await asyncio.to_thread(self._said, who.person_id, text)
        await self.run(forms.typed(who.person_id, key, text, _browser_language(request)))
        return RedirectResponse("/chat#end", status_code=303)

    async def tap(self, request: Request) -> Response:
        who = await self.signed(request)
        if who is None:
            return RedirectResponse("/", status_code=303)
        posted = await self._posted(request, who)
        if isinstance(posted, Response):
            return posted
        form, key = posted
        await self.run(forms.tapped(who.person_id, key, form.get("data"), form.get("message")))
        return RedirectResponse("/chat#end", status_code=303)

    async def photo(self, request: Request) -> Response:
        return await self._file(request, "photo")

    async def voice(self, request: Request) -> Response:
        return await self._file(request, "voice")

    async def _file(self, request: Request, kind: str) -> Response:
        who = await self.signed(request)
        if who is None:
            return RedirectResponse("/", status_code=303)
        if not same_origin(request):
            return Response(status_code=403)
        if not self.limits.allow("post", str(who.person_id)):
            return RedirectResponse("/chat?note=too_fast#end", status_code=303)
        limit = 10 * 1024 * 1024 if kind == "photo" else 20 * 1024 * 1024
        try:
            form = await request.form(max_files=1, max_fields=6, max_part_size=limit)
        except Exception:
            return RedirectResponse("/chat?note=too_big#end", status_code=303)
        if not tokens_match(who.csrf, form.get("csrf")):
            return Response("refused: this form is out of date", status_code=403)
        key = forms.update_key(who.person_id, form.get("key"))
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            return RedirectResponse(f"/chat?note=not_{kind}#end", status_code=303)
        data = await upload.read(limit + 1)
        if len(data) > limit:
            return RedirectResponse("/chat?note=too_big#end", status_code=303)
        checked = uploads.photo(data) if kind == "photo" else uploads.voice(data)
        if checked is None:
            return RedirectResponse(f"/chat?note=not_{kind}#end", status_code=303)
        seconds = _seconds(form.get("seconds"))
        caption = form.get("caption")
        caption = caption[: forms.LONGEST_TEXT] if isinstance(caption, str) else ""

        def keep() -> str:
            with self.rt.session() as session:
                file_id = transcript.keep_file(
                    session,
                    who.person_id,
                    kind,
                    checked.media_type,
                    checked.content,
                    self.now(),
                    meta={"seconds": seconds} if seconds is not None else None,
                )
                transcript.child_said(session, who.person_id, self.now(), caption, file_id, kind)
                return file_id

        file_id = await asyncio.to_thread(keep)
        await self.run(
            forms.sent_file(
                who.person_id, key, kind, file_id, len(checked.content), caption, seconds
            )
        )
        return RedirectResponse("/chat#end", status_code=303)

    async def file(self, request: Request) -> Response:
        who = await self.signed(request)
        if who is None:
            return Response(status_code=404)

        def load() -> tuple[bytes, str, str] | None:
            with self.rt.session() as session:
                row = transcript.own_file(session, who.person_id, request.path_params["file_id"])
                return (row.content, row.media_type, row.kind) if row is not None else None

        found = await asyncio.to_thread(load)
        if found is None:
            return Response(status_code=404)
        content, media_type, kind = found
        disposition = "attachment" if kind == "document" else "inline"
        return Response(
            content, media_type=media_type, headers={"content-disposition": disposition}
        )

    async def newest(self, request: Request) -> Response:
        who = await self.signed(request)
        if who is None:
            return JSONResponse({"signed_in": False}, status_code=401)

        def read() -> int:
            with self.rt.session() as session:
                return transcript.newest_id(session, who.person_id)

        return JSONResponse({"newest": await asyncio.to_thread(read)})

    # --- leaving ---------------------------------------------------------------------

    def _end(self, request: Request) -> None:
        with self.rt.session() as session:
            access.end(session, self._cookie(request, SESSION_COOKIE), self.now())

    def _forget(self, response: Response) -> Response:
        clear_cookie(response, SESSION_COOKIE, secure=self.config.secure)
        # The chat's pages and anything a script kept; the device cookie (which only
        # names the account) stays, so the child can come back with their secret word.
        response.headers["clear-site-data"] = '"cache", "storage"'
        return response

    async def lock(self, request: Request) -> Response:
        if not same_origin(request):
            return Response(status_code=403)
        await asyncio.to_thread(self._end, request)
        return self._forget(RedirectResponse("/locked", status_code=303))

    async def locked(self, request: Request) -> Response:
        return self.page(request, "locked.html")

    async def exit(self, request: Request) -> Response:
        # No CSRF token: leaving can only end the child's own session, and a page that
        # must go NOW cannot wait for a form.
        await asyncio.to_thread(self._end, request)
        return self._forget(RedirectResponse(self.config.quick_exit_url, status_code=303))


def _browser_language(request: Request) -> str | None:
    header = request.headers.get("accept-language", "")
    first = header.split(",", 1)[0].split(";", 1)[0].strip()
    return first or None


def _seconds(value: object) -> int | None:
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 7:
        return int(value)
    return None
