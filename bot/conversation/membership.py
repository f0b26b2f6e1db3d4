"""Someone blocked the bot, or unblocked it: nothing to say, but their reminders change."""

from __future__ import annotations

from bot.people.turns import StaffTurn
from bot.platform.replies import Reply
from bot.reminders import reachability


def changed(turn: StaffTurn | None, *, blocked: bool) -> list[Reply]:
    """The bot's status in a person's private chat changed (a stranger's changes nothing)."""
    if turn is None:
        return []
    if blocked:
        reachability.mark_unreachable(turn.session, turn.now, turn.person, "blocked")
    else:
        reachability.mark_reachable(turn.session, turn.now, turn.person, turn.zone)
    return []
