"""Someone blocked the bot, or unblocked it: nothing to say, but their reminders change."""

from __future__ import annotations

from bot.people.records import by_telegram_id
from bot.platform.replies import Reply
from bot.platform.runtime import Runtime
from bot.reminders import reachability


def membership(rt: Runtime, user_id: int, blocked: bool) -> list[Reply]:
    """The bot's status in a person's private chat changed."""
    with rt.session() as session:
        person = by_telegram_id(session, user_id)
        if person is None:
            return []
        if blocked:
            reachability.mark_unreachable(session, rt.clock.now(), person, "blocked")
        else:
            reachability.mark_reachable(session, rt.clock.now(), person, rt.settings.zone)
        return []
