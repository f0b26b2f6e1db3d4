"""Someone trying to get in where they don't belong gets a clear reply and changes
nothing: guessing invite tokens, forged and replayed buttons, one child reaching for
another's data, files too big to keep, things that are not words, edits, groups.
(The core's first checks are in test_guards.py; roles in test_roles.py.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.consultation.file_limits import MB
from messages import safety, text
from models import Invite, Person, StartAttempt
from tests.journeys.steps import alerts
from tests.journeys.steps import answers as saved
from tests.support import CHILD_DOB, MEETING, START, said

LINK_NOT_WORKING = said(text.LINK_NOT_WORKING)
TOO_MANY_TRIES = said(safety.TOO_MANY_TRIES)
BUTTON_GONE = said(text.BUTTON_GONE)
NOT_ALLOWED = said(text.NOT_ALLOWED)
PRIVATE_CHATS_ONLY = said(text.PRIVATE_CHATS_ONLY)


@pytest.fixture
def sky(started_child):
    """Sky, on her first question (conftest's ``started_child``)."""
    return started_child


def linked(world, person_id: int) -> int | None:
    with world.rt.session() as session:
        return session.get(Person, person_id).telegram_user_id


# --- guessing invite tokens ------------------------------------------------------------------


async def test_five_wrong_tokens_lock_the_account_out_for_an_hour(world, team):
    child_id, token = world.add("child", "Ash Test", iro_id=team[0].person_id)
    guesser = world.user("Guesser")
    for n in range(4):
        assert (await guesser.send(f"/start guess{n}")).texts == [LINK_NOT_WORKING]
    assert (await guesser.send("/start guess4")).texts == [TOO_MANY_TRIES]
    # Locked: even the right token is not looked at, and stays unused.
    assert (await guesser.send(f"/start {token}")).texts == [TOO_MANY_TRIES]
    assert linked(world, child_id) is None
    # The lock is in the database: a restart (or another process) keeps it.
    await world.restart_app()
    world.rt.clock.set(START + timedelta(minutes=59))
    assert (await guesser.send(f"/start {token}")).texts == [TOO_MANY_TRIES]
    # An hour after the fifth try, the right link works.
    world.rt.clock.set(START + timedelta(minutes=61))
    assert "Hi Ash!" in (await guesser.send(f"/start {token}")).texts[0]
    assert linked(world, child_id) == guesser.user_id
    with world.rt.session() as session:
        assert session.exec(select(StartAttempt)).all() == []  # forgotten once it worked


async def test_wrong_tokens_spread_out_do_not_lock(world, team):
    _, token = world.add("child", "Ash Test", iro_id=team[0].person_id)
    guesser = world.user("Guesser")
    for n in range(4):
        await guesser.send(f"/start early{n}")
    world.rt.clock.set(START + timedelta(minutes=16))
    for n in range(4):
        assert (await guesser.send(f"/start late{n}")).texts == [LINK_NOT_WORKING]
    assert "Hi Ash!" in (await guesser.send(f"/start {token}")).texts[0]


async def test_one_account_locked_out_does_not_lock_anyone_else(world, team):
    _, token = world.add("child", "Ash Test", iro_id=team[0].person_id)
    guesser = world.user("Guesser")
    for n in range(5):
        await guesser.send(f"/start guess{n}")
    ash = world.user("Ash")
    assert "Hi Ash!" in (await ash.send(f"/start {token}")).texts[0]


async def test_the_reply_never_says_whether_a_token_exists(world, team):
    iro = team[0]
    used_id, used = world.add("child", "Ash Test", iro_id=iro.person_id)
    await world.user("Ash").send(f"/start {used}")
    _, expired = world.add("child", "Kit Test", iro_id=iro.person_id)
    with world.rt.session() as session:
        invite = session.exec(select(Invite).where(Invite.used_at.is_(None))).first()
        invite.expires_at = START - timedelta(days=1)
    with world.rt.session() as session:
        person = session.get(Person, used_id)
        from bot.people.invites import issue_invite

        revoked = issue_invite(session, person, START, 14).token
        issue_invite(session, person, START, 14)  # the one before stops working
    for token in ("nosuchtoken", used, expired, revoked, "x" * 80):
        assert (await world.user("Try").send(f"/start {token}")).texts == [LINK_NOT_WORKING]


# --- forged and replayed buttons -----------------------------------------------------------------


@pytest.mark.parametrize(
    "data", ["sos:", "sos:abc", "sos:-1", "sos:99999", "ack:", "ack:abc", "ack:99999", "ack:1:2"]
)
async def test_forged_safeguarding_buttons_change_nothing(world, sky, data):
    replies = await sky.tap_data(data, 1)
    assert alerts(world) == []
    assert replies.answer.text == BUTTON_GONE or replies.texts == [NOT_ALLOWED]


async def test_i_dont_feel_safe_still_works_from_an_old_message_after_the_meeting(world, sky, team):
    old = sky.last_with_buttons()
    world.rt.clock.set(MEETING + timedelta(days=2))
    replies = await sky.tap("🆘 I don't feel safe", old)
    assert "Thank you for telling me you don't feel safe" in replies.to(sky.chat_id)[0].plain
    assert len(replies.to(team[0].chat_id)) == 1
    assert alerts(world)[0].review_id is None


async def test_a_button_from_an_alert_about_a_child_no_longer_theirs_is_refused(world, sky, team):
    _, sw, _ = team
    await sky.send("i want to die")
    with world.rt.session() as session:
        session.get(Person, sky.person_id).social_worker_id = None  # a new social worker
    replies = await sw.tap("🙋 I'm on it")
    assert replies.texts == [NOT_ALLOWED]
    assert alerts(world)[0].acknowledged_at is None


# --- one child reaching for another's data --------------------------------------------------------


async def test_a_child_cannot_reach_another_childs_data_by_any_button(world, sky, team):
    iro = team[0]
    await sky.send("My secret garden is purple")
    await sky.send("i want to die")
    rowan = await world.join("child", "Rowan Test", dob=CHILD_DOB, iro_id=iro.person_id)
    (alert,) = alerts(world)
    with world.rt.session() as session:
        from models import Consultation

        consultation = session.exec(
            select(Consultation).where(Consultation.child_id == sky.person_id)
        ).one()
    for data in (
        f"r:{sky.review_id}",
        f"c:{consultation.id}:1:skip",
        f"ack:{alert.id}",
        f"sos:{sky.person_id}",
        f"h:{sky.person_id}",
        f"exp:md:{sky.review_id}",
        f"held:pick:{sky.review_id}",
    ):
        replies = await rowan.tap_data(data, 1)
        toast = (replies.answer.text if replies.answer else None) or ""
        shown = " ".join([m.plain for m in replies] + [toast])
        assert "Sky" not in shown and "garden" not in shown, data
    assert len(alerts(world)) == 1 and alerts(world)[0].acknowledged_at is None
    mine = " ".join(m.plain for m in await rowan.send("/mydata"))
    assert "Rowan Test" in mine and "Sky" not in mine and "garden" not in mine


# --- files too big, and things that are not words ---------------------------------------


async def test_a_photo_over_the_limit_is_refused_kindly_and_nothing_is_kept(world, sky):
    question = sky.last_with_buttons().plain
    update = sky.photo_update("big-photo")
    update["message"]["photo"][-1]["file_size"] = 11 * MB
    replies = await sky.deliver(update)
    assert replies.texts[0] == said(safety.TOO_BIG, what="photo", limit="10 megabytes")
    assert replies[-1].plain == question and replies[-1].buttons
    assert saved(world) == []


async def test_a_voice_note_too_big_or_too_long_is_refused(world, sky):
    replies = await sky.send_voice(duration=11 * 60)
    assert replies.texts[0] == said(safety.TOO_LONG_VOICE, minutes=10)
    update = sky.voice_update("big-voice")
    update["message"]["voice"]["file_size"] = 21 * MB
    replies = await sky.deliver(update)
    assert "The most I can keep is 20 megabytes" in replies.texts[0]
    assert saved(world) == []
    await sky.send_voice(duration=30)
    assert [a.kind for a in saved(world)] == ["voice"]


async def test_a_file_too_big_gets_a_kind_reply(world, sky):
    update = sky.photo_update("x")  # any message: make it a big document instead
    message = update["message"]
    del message["photo"]
    message["document"] = {
        "file_id": "doc1",
        "file_unique_id": "u-doc1",
        "file_size": 25 * MB,
        "file_name": "huge.pdf",
    }
    replies = await sky.deliver(update)
    assert replies.texts[0].startswith("Sorry, that file is too big for me to keep.")
    assert saved(world) == []


async def test_words_on_a_photo_too_big_to_keep_are_still_checked(world, sky, team):
    update = sky.photo_update("big-photo", caption="he hurt me")
    update["message"]["photo"][-1]["file_size"] = 11 * MB
    replies = await sky.deliver(update)
    assert len(alerts(world)) == 1
    assert len(replies.to(team[0].chat_id)) == 1
    assert saved(world) == []


@pytest.mark.parametrize("kind", ["sticker", "location", "contact", "poll", "document"])
async def test_things_that_are_not_words_get_a_clear_reply_and_change_nothing(world, sky, kind):
    question = sky.last_with_buttons().plain
    sends = {
        "sticker": lambda: sky.send_sticker(),
        "location": lambda: sky.send_location(51.5, -0.1),
        "contact": lambda: sky.send_contact(),
        "poll": lambda: sky.send_poll(),
        "document": lambda: sky.send_document(),
    }
    replies = await sends[kind]()
    assert replies.texts[0] == said(text.ONLY_WORDS_PHOTOS_VOICE)
    assert replies[-1].plain.endswith(question.split("\n")[-1])
    assert saved(world) == [] and alerts(world) == []


async def test_a_poll_with_worrying_words_is_still_checked(world, sky):
    await sky.send_poll(question="should i run away", options=("yes", "no"))
    assert [a.concerns for a in alerts(world)] == [["running_away"]]


# --- edits and groups --------------------------------------------------------------------


async def test_an_edit_into_an_invite_link_links_nobody(world, team):
    ash_id, token = world.add("child", "Ash Test", iro_id=team[0].person_id)
    someone = world.user("Someone")
    await someone.send("hello")
    replies = await someone.edit_message(someone.last_sent_id, f"/start {token}")
    assert replies.texts[0] == said(text.EDITED_MESSAGE)
    assert linked(world, ash_id) is None


async def test_nothing_of_a_childs_leaks_into_a_group(world, sky):
    await sky.send("My secret garden is purple")
    for command in ("/mydata", "/myreview", "/reviews", "/help"):
        replies = await sky.send_in_group(command)
        assert [m.plain for m in replies] == [PRIVATE_CHATS_ONLY]
    group = sky.double.chats[-1000000000001]
    replies = await sky.deliver(sky.callback_update(f"sos:{sky.person_id}", {
        "message_id": 1, "chat": group, "date": 0,
    }))  # fmt: skip
    assert replies.answer.text == PRIVATE_CHATS_ONLY
    assert alerts(world) == []
    assert [a.text for a in saved(world)] == ["My secret garden is purple"]
