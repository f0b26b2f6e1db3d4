"""Every tapped button: its data parsed strictly, then routed by its kind.

:data:`ROUTES` is the one table from a kind of button (``bot.platform.buttons``)
to what handles it. Data that does not parse, from a stale button to a forged
one, gets the same answer as a button that no longer works, and a log line with
ids only. Each handler re-checks who may tap what: parsing proves only that the
data is well formed.

The Export button is not in the table: the channel fetches the photos it embeds
between two steps (``bot.conversation.exports``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.consultation import flow, onboarding
from bot.conversation import commands
from bot.conversation.incoming import Incoming
from bot.people.records import first_name
from bot.people.turns import StaffTurn
from bot.platform import buttons
from bot.platform.access import may_help
from bot.platform.replies import Button, Reply
from bot.safeguarding import acknowledgement, alerts, screening
from bot.workspace import feedback, held, profile, reading, reminder_buttons, summaries
from messages import safety, text
from messages.render import Renderer
from models import Alert, Person

log = logging.getLogger(__name__)

Route = Callable[[StaffTurn, Any], list[Reply]]


def button(turn: StaffTurn | None, incoming: Incoming) -> list[Reply]:
    """Any button. The data is never trusted: it is parsed, then each route re-checks access."""
    if turn is None:
        return [Reply(incoming.user_id, toast=Renderer("en").plain(text.BUTTON_GONE))]
    tap = buttons.parse(incoming.data)
    route = ROUTES.get(type(tap)) if tap is not None else None
    if tap is None or route is None:
        log.info("person %s tapped a button whose data cannot be read", turn.person.id)
        return gone(turn)
    return route(turn, tap)


def gone(turn: StaffTurn) -> list[Reply]:
    """The answer to a button that no longer works (or never did)."""
    return [Reply(turn.chat_id, toast=turn.render.plain(text.BUTTON_GONE))]


# --- the child's side ---------------------------------------------------------------


def _consultation(turn: StaffTurn, tap: buttons.ConsultationTap) -> list[Reply]:
    child = turn.child_turn()
    if child is None:
        return gone(turn)
    # The open review first: it brings the consultation the tap is on, usually, so
    # looking that up by id below costs no statement of its own.
    flow.open_for(child)
    unsafe = flow.unsafe_choice(child, tap)
    if unsafe is None:
        # The IRO's profile comes first the first time My Review starts.
        return profile.around_first_start(
            child, lambda: flow.on_button(child, tap, turn.message_id)
        )
    # "No" to "Do you feel safe at home?": saved like any answer, and an alert; then the
    # child is asked what they want next, not given the next question.
    raised = alerts.raise_alert(
        turn.session,
        turn.now,
        child=child.child,
        actor=turn.person,
        concerns=("unsafe_home",),
        rules=(alerts.CHOICE_RULE,),
        source=f"choice:{screening.SAFE_QUESTION}:{screening.NO_OPTION}",
        review_id=unsafe.review_id,
        zone=turn.zone,
        chat_id=turn.chat_id,
    )
    replies = flow.on_button(child, tap, turn.message_id, after_alert=raised.alert.id)
    return [*raised.to_actor, *replies, *raised.to_staff]


def _language(turn: StaffTurn, tap: buttons.Language) -> list[Reply]:
    child = turn.child_turn()
    if child is None or not onboarding.choosing_language(child.child):
        return gone(turn)
    replies = onboarding.choose_language(child, tap, turn.message_id)
    if turn.person.role == "child":
        # Their command menu in their language too (a helper's own menu stays theirs).
        replies.append(commands.menu_for(turn.person, turn.chat_id, Renderer(turn.person.locale)))
    return replies


def _word(turn: StaffTurn, tap: buttons.Word) -> list[Reply]:
    child = turn.child_turn()
    if child is None or not onboarding.in_setup(child.child):
        return gone(turn)
    return onboarding.choose_word(child, tap, turn.message_id)


def _later(turn: StaffTurn, tap: buttons.Later) -> list[Reply]:
    child = turn.child_turn()
    if child is None:
        return gone(turn)
    return [Reply(turn.chat_id, child.render(text.LATER_OK), edit_message_id=turn.message_id)]


def _not_safe(turn: StaffTurn, tap: buttons.NotSafe) -> list[Reply]:
    """ "🆘 I don't feel safe": the child, or the adult helping them."""
    person = turn.person
    child = turn.session.get(Person, tap.child)
    mine = child is not None and child.id == person.id and child.role == "child"
    if child is None or not (mine or may_help(person, child)):
        return gone(turn)
    here = turn.child_turn()
    found = flow.open_for(here) if here and here.child.id == child.id else None
    raised = alerts.raise_alert(
        turn.session,
        turn.now,
        child=child,
        actor=person,
        concerns=("unsafe_home",),
        rules=(alerts.BUTTON_RULE,),
        source="button",
        review_id=found[0].id if found else None,
        zone=turn.zone,
        chat_id=turn.chat_id,
    )
    replies = list(raised.to_actor)
    if here is not None and found is not None and found[1].status == "in_progress":
        # Not hurried on: asked what they want next; their place is kept.
        replies += flow.what_next(here, raised.alert.id or 0)
    return [*replies, *raised.to_staff]


def _after_alert(turn: StaffTurn, tap: buttons.AfterAlert) -> list[Reply]:
    """Carry on, have a break, or talk to someone: the child's choice after an alert."""
    child = turn.child_turn()
    alert = turn.session.get(Alert, tap.alert)
    if child is None or alert is None or alert.child_id != child.child.id:
        return gone(turn)
    strip = [Reply(turn.chat_id, edit_message_id=turn.message_id)] if turn.message_id else []
    found = flow.open_for(child)
    going = found is not None and found[1].status == "in_progress"
    if tap.choice == "go":
        if found is None or not going:
            return [*strip, *flow.show(child)]
        return [*strip, *flow.prompt(child, found[1], child.render(text.WELCOME_BACK))]
    if tap.choice == "pause":
        sos = alerts.sos_button(child.render, child.child.id)
        return [*strip, Reply(turn.chat_id, child.render(safety.CHILD_BREAK), [[sos]])]
    raised = alerts.wants_to_talk(
        turn.session, turn.now, alert, child.child, turn.zone, chat_id=turn.chat_id
    )
    mine = [Reply(turn.chat_id, reply.text) for reply in raised.to_actor]
    if going:
        carry_on = buttons.AfterAlert(tap.alert, "go")
        mine[-1].buttons = [[Button(child.render.plain(safety.CARRY_ON_BUTTON), carry_on)]]
    return [*strip, *mine, *raised.to_staff]


# --- helping mode and reading ----------------------------------------------------------


def _help_child(turn: StaffTurn, tap: buttons.HelpChild) -> list[Reply]:
    helper = turn.person
    child = turn.session.get(Person, tap.child)
    if not may_help(helper, child):
        return [Reply(turn.chat_id, turn.render(text.NOT_ALLOWED))]
    assert child is not None
    helper.helping_child_id = child.id
    turn.session.add(helper)
    turn.forget_child_turn()
    log.info("person %s is helping child %s", helper.id, child.id)
    with_child = turn.child_turn()
    assert with_child is not None
    started = Reply(
        with_child.chat_id, with_child.render(text.HELPING_STARTED, child=first_name(child))
    )
    if child.setup_step not in (None, onboarding.LANGUAGE_AGAIN):
        # Never started (or stopped half way): the first conversation, together.
        child.setup_step = onboarding.first_step()
        return [started, *onboarding.ask(with_child, intro=True)]
    return [started, *flow.show(with_child)]


def _open_review(turn: StaffTurn, tap: buttons.OpenReview) -> list[Reply]:
    # The reading view, with what's new since this reader last read it.
    return reading.read(turn.session, turn.now, turn.person, tap.review, turn.chat_id, turn.zone)


def _reviews_page(turn: StaffTurn, tap: buttons.ReviewsPage) -> list[Reply]:
    # /reviews again, in the view and at the page the button names (its own checks).
    return commands.reviews(turn, tap.view, tap.page)


def _open_in_full(turn: StaffTurn, tap: buttons.OpenReviewInFull) -> list[Reply]:
    # Every question in order, one tap from the reading view (checked and audited alike).
    return reading.read(
        turn.session, turn.now, turn.person, tap.review, turn.chat_id, turn.zone, full=True
    )


ROUTES: dict[type[buttons.ButtonData], Route] = {
    # The child's side: My Review, their first conversation, and help at once.
    buttons.ConsultationTap: _consultation,
    buttons.Language: _language,
    buttons.Word: _word,
    buttons.Later: _later,
    buttons.NotSafe: _not_safe,
    buttons.WriteBack: summaries.on_child_button,
    buttons.StopWritingBack: summaries.on_child_button,
    # Helping mode, and an adult opening a child's My Review.
    buttons.HelpChild: _help_child,
    buttons.OpenReview: _open_review,
    buttons.OpenReviewInFull: _open_in_full,
    buttons.ReviewsPage: _reviews_page,
    # Reminders: the social worker's report, the IRO's "It was held" and "Done".
    buttons.ReportAction: reminder_buttons.on_button,
    buttons.Done: reminder_buttons.on_button,
    buttons.NeverMind: reminder_buttons.on_button,
    # Safeguarding: "I'm on it".
    buttons.OnIt: acknowledgement.acknowledge,
    buttons.AfterAlert: _after_alert,
    # The IRO's workspace.
    buttons.HeldPick: held.on_button,
    buttons.HeldFormat: held.on_button,
    buttons.HeldAttended: held.on_button,
    buttons.HeldChaired: held.on_button,
    buttons.HeldCode: held.on_button,
    buttons.SummaryNew: summaries.on_button,
    buttons.SummaryAction: summaries.on_button,
    buttons.SummaryStop: summaries.on_button,
    buttons.ProfileTap: profile.on_button,
    buttons.FeedbackTap: feedback.on_button,
}
"""Every kind of button, and the one function that handles it."""
