"""What Telegram checks in the text, captions and keyboards the bot sends.

Each function reads one part of a send or edit call the way the Bot API does and raises
:class:`~telegram_double.errors.ApiError` with Telegram's wording for what it would refuse:
HTML it cannot parse, text or captions over the limits, inline buttons without an action,
``callback_data`` over 64 bytes.
"""

from __future__ import annotations

from telegram_double.errors import ApiError
from telegram_double.html import HTMLParseError, parse_html
from telegram_double.records import Button
from telegram_double.wire import JSONDict

# Telegram's documented limits (after entity parsing).
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64

# An inline button must do one of these; a bare text button is refused.
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def parse_text(text: str, parse_mode: str | None, entities: object) -> tuple[str, list[JSONDict]]:
    """``(plain text, entities)`` for ``text``: HTML is parsed, anything else passes as is."""
    if (parse_mode or "").lower() == "html":
        try:
            return parse_html(text)
        except HTMLParseError as err:
            raise ApiError(400, f"Bad Request: can't parse entities: {err}") from err
    return text, list(entities) if isinstance(entities, list) else []


def parse_caption(params: JSONDict) -> tuple[str | None, JSONDict]:
    """The caption as sent (or None) and the ``caption``/``caption_entities`` to store."""
    caption = params.get("caption")
    if caption is None:
        return None, {}
    plain, entities = parse_text(
        str(caption), params.get("parse_mode"), params.get("caption_entities")
    )
    if len(plain) > MAX_CAPTION_LENGTH:
        raise ApiError(400, "Bad Request: message caption is too long")
    content: JSONDict = {"caption": plain}
    if entities:
        content["caption_entities"] = entities
    return str(caption), content


def parse_reply_markup(
    markup: object,
) -> tuple[list[list[Button]], JSONDict | None, list[list[str]] | None, bool]:
    """Split reply_markup into (inline buttons, inline markup dict, reply keyboard, remove)."""
    if not isinstance(markup, dict):
        return [], None, None, False
    if "inline_keyboard" in markup:
        rows: list[list[Button]] = []
        for row in markup["inline_keyboard"]:
            buttons: list[Button] = []
            for raw in row:
                if not any(raw.get(key) is not None for key in _BUTTON_ACTIONS):
                    raise ApiError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
                data = raw.get("callback_data")
                if data is not None and not (
                    0 < len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
                ):
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                buttons.append(Button(raw.get("text", ""), data, raw.get("url")))
            rows.append(buttons)
        return rows, markup, None, False
    if "keyboard" in markup:
        keyboard = [
            [b["text"] if isinstance(b, dict) else str(b) for b in row]
            for row in markup["keyboard"]
        ]
        return [], None, keyboard, False
    return [], None, None, bool(markup.get("remove_keyboard"))
