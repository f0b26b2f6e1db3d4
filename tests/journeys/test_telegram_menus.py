"""Telegram, done the way people expect: each person's own command menu, a bot that
says what it is before anyone writes, and /stop or /cancel to stop.

A child's menu never lists the staff commands, and staff never see the child's;
someone the bot does not know sees only /start and /help. The empty chat says
what My Review is and who reads the answers, in every language Telegram has a
code for.
"""

from __future__ import annotations

from bot.workspace import profile
from messages import text
from messages.render import Renderer
from models import Person
from tests.journeys.steps import answers, menu_of, question_of
from tests.support import said


async def test_each_person_sees_only_their_own_commands_once_they_are_known(
    world, team, child, manager
):
    iro, sw, carer = team
    assert menu_of(world) == ["start", "help"]  # a stranger: how to start, and help
    assert menu_of(world, child.chat_id) == [
        "myreview",
        "mywords",
        "language",
        "stop",
        "mydata",
        "help",
    ]
    assert menu_of(world, iro.chat_id) == ["reviews", "profile", "held", "cancel", "help"]
    assert menu_of(world, sw.chat_id) == menu_of(world, carer.chat_id)
    assert "helpchild" in menu_of(world, sw.chat_id)
    assert menu_of(world, manager.chat_id) == ["reviews", "stats", "help"]
    staff_only = {"reviews", "held", "stats", "profile", "helpchild"}
    assert not staff_only & set(menu_of(world, child.chat_id))


async def test_the_empty_chat_says_what_the_bot_is_and_who_reads_the_answers(world):
    described = {
        call.params.get("language_code"): call.params["description"]
        for call in world.double.calls
        if call.method == "setMyDescription"
    }
    short = {
        call.params.get("language_code"): call.params["short_description"]
        for call in world.double.calls
        if call.method == "setMyShortDescription"
    }
    english = described[None]
    assert (
        "the person who runs your meeting, your social worker and the people who look after you"
        in english
    )
    assert len(english) <= 512 and all(len(s) <= 120 for s in short.values())
    # In the child's own language too, where Telegram has a code for it.
    assert described["ar"] == Renderer("ar").plain(text.BOT_DESCRIPTION) != english
    assert {"cy", "ar", "fa", "ps", "ti", "am", "vi", "sq"} <= set(described)


async def test_stop_pauses_my_review_and_keeps_every_answer(world, started_child):
    sky = started_child
    await sky.send("I'd like to be there")
    kept = len(answers(world))
    replies = await sky.send("/stop")
    assert replies.texts == [said(text.PAUSED)]
    assert len(answers(world)) == kept
    back = await sky.send("/myreview")
    assert said(text.WELCOME_BACK) in " ".join(back.texts)
    assert "Question 2 of" in question_of(sky)


async def test_cancel_with_nothing_in_progress_says_so_and_stop_outside_my_review_says_how(
    world, team, child
):
    iro, _, _ = team
    assert (await iro.send("/cancel")).texts == [said(text.NOTHING_TO_CANCEL)]
    # Sky has not started: /stop tells her how to start, and changes nothing.
    assert (await child.send("/stop")).texts == [said(text.IDLE_MESSAGE)]


def _awaiting(world, user) -> str | None:
    with world.rt.session() as session:
        return session.get(Person, user.person_id).awaiting_input


async def test_cancel_stops_the_bot_waiting_for_an_iros_words(world, team, child):
    iro, _, _ = team
    await iro.send("/profile")
    await iro.tap(next(b for b in iro.last_with_buttons().button_labels if "Write" in b))
    assert _awaiting(world, iro) == profile.AWAIT_TEXT
    assert (await iro.send("/cancel")).texts == [said(text.CANCELLED)]
    assert _awaiting(world, iro) is None
    # Her next words are not taken as her profile.
    assert "profile" not in " ".join((await iro.send("Hello there")).texts).lower()


async def test_a_child_who_changes_language_gets_their_menu_in_it(world, team, child):
    await child.send("/language")
    await child.tap("Cymraeg")
    menu = {
        c["command"]: c["description"]
        for key, commands in world.double.commands.items()
        if f'"chat_id": {child.chat_id}' in key
        for c in commands
    }
    assert (
        menu["myreview"]
        == Renderer("cy").plain(text.COMMAND_MYREVIEW)
        != Renderer("en").plain(text.COMMAND_MYREVIEW)
    )
