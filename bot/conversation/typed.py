"""What a person sends that is not a command or a button: words, a photo, a voice
note, or anything else (a sticker, a location, a file).

Words the bot asked a worker for (the few lines after "There's a problem", an
IRO's profile or summary) go to the room that asked; a child's (or a helper's)
go to their first conversation or to My Review. Every word has already been
through the safeguarding check (``bot.conversation.safety``) before it gets here.
"""

from __future__ import annotations

from bot.consultation import flow, onboarding
from bot.people.turns import StaffTurn, Turn
from bot.platform.replies import Reply
from bot.safeguarding.alerts import sos_button
from bot.workspace import profile, reminder_buttons, summaries
from messages import text


def _asked_for(turn: StaffTurn, message: str) -> list[Reply] | None:
    """Words the bot asked this person for, handled by the room that asked; or None."""
    awaiting = turn.person.awaiting_input or ""
    if awaiting.startswith(reminder_buttons.PROBLEM):
        return reminder_buttons.on_text(turn, message)
    if awaiting in (profile.AWAIT_TEXT, profile.AWAIT_PHOTO):
        return profile.on_text(turn, message)
    if awaiting.startswith(summaries.AWAIT_SUMMARY):
        return summaries.on_text(turn, message)
    if awaiting.startswith(summaries.AWAIT_REPLY):
        return summaries.on_child_text(turn, message)
    return None


def words(
    turn: StaffTurn,
    message: str,
    *,
    quiet_when_idle: bool = False,
    after_alert: int | None = None,
) -> list[Reply]:
    """Free text from anyone. ``quiet_when_idle``: the safeguarding check has already
    answered this message, so say nothing more unless it was an answer;
    ``after_alert``: the alert these words raised (the child is not hurried on)."""
    if turn.person.awaiting_input:
        answered = _asked_for(turn, message)
        if answered is not None:
            return answered
    child = turn.child_turn()
    if child is None:
        return [Reply(turn.chat_id, turn.render(text.HELP_STAFF))]
    if onboarding.in_setup(child.child):
        return onboarding.typed(child, message)
    replies = flow.on_words(child, "text", words=message, after_alert=after_alert)
    if replies or quiet_when_idle:
        return replies
    return idle(child)


def media(
    turn: StaffTurn,
    kind: str,
    file_id: str,
    caption: str | None,
    *,
    after_alert: int | None = None,
) -> list[Reply]:
    """A photo or a voice note."""
    if turn.person.awaiting_input in (profile.AWAIT_TEXT, profile.AWAIT_PHOTO) and kind == "photo":
        # An IRO's photo for their profile.
        return profile.on_photo(turn, file_id)
    child = turn.child_turn()
    if child is None:
        return [Reply(turn.chat_id, turn.render(text.HELP_STAFF))]
    replies = flow.on_words(child, kind, words=caption, file_id=file_id, after_alert=after_alert)
    return replies or idle(child)


def other(turn: StaffTurn) -> list[Reply]:
    """Stickers, locations, contacts, polls, files: kindly say what works."""
    child = turn.child_turn()
    if child is None:
        return [Reply(turn.chat_id, turn.render(text.ONLY_WORDS_PHOTOS_VOICE))]
    return flow.on_other(child)


def idle(turn: Turn) -> list[Reply]:
    """Words with nothing to fill in: how to start, and "I don't feel safe" one tap away."""
    sos = sos_button(turn.render, turn.child.id)
    return [Reply(turn.chat_id, turn.render(text.IDLE_MESSAGE), [[sos]])]
