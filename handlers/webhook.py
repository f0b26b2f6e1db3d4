"""Telegram's webhook: updates arrive as POSTs on the product's own web server.

python-telegram-bot's documented way to run inside another web server ("custom
webhook bot" in its examples): the Application is initialised and started without
its Updater, and each update is handed to it (``process_update``) inside the request. The route is
the path of ``TELEGRAM_WEBHOOK_URL`` (never the token), and every request must carry
``TELEGRAM_WEBHOOK_SECRET`` in ``X-Telegram-Bot-Api-Secret-Token``: one without it
gets 403 and changes nothing.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update

log = logging.getLogger(__name__)

LARGEST_UPDATE = 1024 * 1024
"""Telegram's updates are small; anything bigger is not one."""


def webhook_path(url: str) -> str:
    return urlsplit(url).path or "/"


def webhook_route(application: Any, url: str, secret: str) -> Route:
    expected = secret.encode()

    async def receive(request: Request) -> Response:
        given = request.headers.get("x-telegram-bot-api-secret-token", "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("webhook request without the right secret refused")
            return Response(status_code=403)
        body = await request.body()
        if len(body) > LARGEST_UPDATE:
            return Response(status_code=413)
        try:
            update = Update.de_json(json.loads(body), application.bot)
        except (ValueError, TypeError, KeyError):
            log.warning("webhook request that is not an update refused")
            return Response(status_code=400)
        # Handled before Telegram hears "200": an update is confirmed only once it is
        # kept, so a stop (SIGTERM waits for requests in hand) or a crash loses nothing,
        # and Telegram re-sends what was not confirmed (handled once: the core's key).
        # Through the update processor, as polling does: one person's updates in order.
        await application.update_processor.process_update(
            update, application.process_update(update)
        )
        return Response(status_code=200)

    return Route(webhook_path(url), receive, methods=["POST"])
