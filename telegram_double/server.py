"""The double over HTTP: a Bot API stand-in that real ``myreview run`` processes talk to.

Point a process at it with ``TELEGRAM_API_BASE_URL=<url>/bot`` and
``TELEGRAM_API_BASE_FILE_URL=<url>/file/bot``; it answers exactly as the
in-process double does (same state, same checks, same failures). It runs in a
thread of the test's own process, so a test can push updates, read what the bot
sent, and hold ``getUpdates`` to stop a process from confirming an update.

PTB sends each parameter as a form field: strings as they are, everything else as
JSON (``RequestParameter.json_value``). The parameters that are text on the Bot
API are kept as text; the rest are read back as JSON.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from telegram_double.api import BotAPIDouble
from telegram_double.records import UploadedFile
from telegram_double.wire import JSONDict

TEXT_PARAMETERS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "url",
        "description",
        "short_description",
        "name",
        "language_code",
        "secret_token",
        "file_id",
        "photo",
        "voice",
        "document",
        "audio",
        "video",
        "animation",
        "sticker",
        "emoji",
        "title",
        "address",
        "query",
        "game_short_name",
    }
)


def _value(name: str, raw: str) -> object:
    if name in TEXT_PARAMETERS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw  # "@channel" chat ids, and anything else that is plain text


class BotAPIServer:
    """Serve ``double`` on a loopback port until :meth:`stop`."""

    def __init__(self, double: BotAPIDouble | None = None, host: str = "127.0.0.1") -> None:
        self.double = double or BotAPIDouble()
        self.host = host
        self.port = _free_port(host)
        self._held = threading.Event()
        self._held.set()  # set: getUpdates answers; clear: see hold_polling
        self._hold_from = 0  # while held, updates from this id on cannot be confirmed
        self.requests: list[tuple[str, float]] = []
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._api, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._file, methods=["GET"]),
            ]
        )
        config = uvicorn.Config(app, host=host, port=self.port, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="bot-api", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def environment(self) -> dict[str, str]:
        """What a ``myreview`` process needs to talk to this stand-in."""
        return {
            "TELEGRAM_API_BASE_URL": f"{self.url}/bot",
            "TELEGRAM_API_BASE_FILE_URL": f"{self.url}/file/bot",
        }

    def start(self) -> BotAPIServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the Bot API stand-in did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._held.set()
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def hold_polling(self) -> None:
        """From now on no update that arrives can be confirmed.

        ``getUpdates`` still delivers new updates, and still confirms older ones; a call
        whose offset would confirm an update from after the hold waits for
        :meth:`release_polling`. Holding delivery too would race the bot: a poll
        that had not yet reached the server would never bring the next update.
        """
        self._hold_from = self.double.last_update_id + 1
        self._held.clear()

    def release_polling(self) -> None:
        self._held.set()

    def wait_for(self, predicate: Any, timeout: float = 45.0) -> None:
        """Wait until ``predicate()`` is true (what a process did arrives over HTTP)."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError("timed out waiting for the bot")
            time.sleep(0.02)

    async def _api(self, request: Request) -> Response:
        method = request.path_params["method"]
        self.requests.append((method, time.monotonic()))
        params: JSONDict = {}
        files: dict[str, UploadedFile] = {}
        if request.method == "POST":
            form = await request.form()
            for name, value in form.multi_items():
                if isinstance(value, UploadFile):
                    content = await value.read()
                    files[name] = UploadedFile(
                        name, value.filename or name, content, value.content_type or ""
                    )
                else:
                    params[name] = _value(name, value)
        params.update({k: _value(k, v) for k, v in request.query_params.items()})
        if method == "getUpdates" and self._would_confirm_held(params.get("offset")):
            await asyncio.to_thread(self._held.wait)
        status, body = await self.double.answer(method, params, files)
        return Response(body, status_code=status, media_type="application/json")

    def _would_confirm_held(self, offset: object) -> bool:
        return not self._held.is_set() and isinstance(offset, int) and offset > self._hold_from

    async def _file(self, request: Request) -> Response:
        status, body = await self.double.download(request.path_params["path"])
        return Response(body, status_code=status)


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])
