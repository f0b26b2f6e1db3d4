"""What both tiers of tests share: the moments the world is set at, the key its
data is sealed with, and ``said``, which renders a message id as a person reads it.

The clock of every test starts at ``START``, Monday 23 November 2026, 10:00 in
London; Sky's review is at ``MEETING``, Tuesday 8 December; she is 14 then
(``CHILD_DOB``), so she is asked the 13+ questions.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from cryptography.fernet import Fernet

from messages.render import Renderer
from telegram_double import plain_text

LONDON = ZoneInfo("Europe/London")
# One data key for the whole run: every Runtime the tests open seals with it.
DATA_KEY = Fernet.generate_key().decode()

# Monday 23 November 2026, 10:00 in London (GMT).
START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
CHILD_DOB = date(2012, 3, 14)  # 14 at the meeting: the 13+ questions
MEETING = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)  # Tuesday 8 December, 10:00
AFTER = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)  # the afternoon after the meeting


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment on the London clock, as people say it."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


CHRISTMAS_MEETING = london(2026, 12, 29, 10, 0)  # Tuesday, after two bank holidays


def said(msgid: str, /, locale: str = "en", **params: object) -> str:
    """What a person reads when the bot says ``msgid`` to them in ``locale``.

    The bot's own ``Renderer`` fills in ``params`` (escaped for Telegram's HTML), and the
    result is shown as Telegram shows HTML: tags gone, entities read. That is exactly
    what the double's ``SentMessage.plain`` and ``Replies.texts`` give, and, for a
    message id that starts with a capital letter, what a toast (``replies.answer.text``,
    rendered with ``Renderer.plain``) says too. A child's own words (``{meeting}``,
    ``{home}``...) are params like any other: ``said(text.ADDED, iro="Jo")``.

    Assert with it when the point is *which* message a person got; keep the English
    literal when the point is the wording itself (reading age, jargon) or a fact that
    must be there whatever the wording (Childline's number, 999).
    """
    return plain_text(Renderer(locale)(msgid, **params), "HTML")
