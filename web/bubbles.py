"""The core's replies as a browser shows them.

Replies are Telegram HTML: ``<b>``, ``<i>``, ``<u>``, ``<s>``, ``<a href>``,
``<code>``, ``<pre>``, ``<blockquote>`` and ``<tg-spoiler>``, with every value
already escaped by ``messages.render``. They are cleaned again here with nh3 (the
Rust html sanitiser ammonia) to exactly those tags, so nothing stored can ever
become markup a browser runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import nh3
from markupsafe import Markup

from bot.webchat.transcript import Bubble

_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "blockquote"}


def safe_html(telegram_html: str) -> Markup:
    """Telegram HTML as safe browser HTML (a spoiler is shown as plain text)."""
    source = telegram_html.replace("<tg-spoiler>", "").replace("</tg-spoiler>", "")
    cleaned = nh3.clean(
        source,
        tags=_TAGS | {"a"},
        attributes={"a": {"href"}},
        url_schemes={"https", "http", "tel", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(cleaned)


@dataclass(frozen=True)
class Shown:
    """One bubble, ready for the template."""

    id: int
    mine: bool
    html: Markup
    buttons: list[list[tuple[str, str]]]
    file_id: str | None
    file_kind: str | None
    live: bool
    """Only the newest message's buttons can be tapped, as a child would expect."""


def shown(bubbles: list[Bubble]) -> list[Shown]:
    last_with_buttons = max((b.id for b in bubbles if b.buttons and not b.mine), default=None)
    return [
        Shown(
            id=b.id,
            mine=b.mine,
            html=safe_html(b.text) if not b.mine else Markup.escape(b.text),
            buttons=b.buttons,
            file_id=b.file_id,
            file_kind=b.file_kind,
            live=b.id == last_with_buttons,
        )
        for b in bubbles
    ]
