"""Bad input gets a clear reply and changes nothing: strangers, forged buttons,
groups, edits, huge messages. The core's own checks; feature-specific attacks live
with their features."""

from __future__ import annotations

import pytest
from sqlmodel import select

from messages import text
from models import AuditEvent, Consultation
from tests.journeys.steps import answers as saved
from tests.support import CHILD_DOB, MEETING, said

STRANGER_REPLY = said(text.HELLO_STRANGER)


@pytest.fixture
def child(started_child):
    """Here the child is Sky already on her first question (conftest's ``started_child``)."""
    return started_child


@pytest.mark.parametrize(
    "message",
    [
        "hello",
        "/start",
        "/myreview",
        "/reviews",
        "/mywords",
        "/helpchild",
        "/mydata",
        "🙂" * 50,
        "مرحبا",
    ],
)
async def test_an_unknown_user_sees_no_data_whatever_they_send(world, child, message):
    stranger = world.user("Stranger")
    replies = await stranger.send(message)
    assert replies.texts == [STRANGER_REPLY]


async def test_an_unknown_user_tapping_any_button_learns_nothing(world, child):
    stranger = world.user("Stranger")
    replies = await stranger.tap_data(f"r:{child.review_id}", 1)
    assert replies.texts == []
    assert replies.answer.text == said(text.BUTTON_GONE)
    with world.rt.session() as session:
        assert list(session.exec(select(AuditEvent))) == []


async def test_help_works_for_everyone_always(world, child, team):
    stranger = world.user("Stranger")
    assert "Childline" in (await stranger.send("/help")).texts[0]
    for person in (child, *team):
        text = (await person.send("/help")).texts[0]
        assert "0800 1111" in text
    child_help = (await child.send("/help")).texts[0]
    assert "Jo Example" in child_help
    assert "/myreview" in child_help


@pytest.mark.parametrize(
    "data",
    [
        "c:999999:0:o0",  # no such consultation
        "c:1:0:o99",  # no such option
        "c:1:0:s9",  # no such feeling
        "c:abc:0:o0",
        "c::::",
        "c:1:0:" + "x" * 40,
        "w:home:99",
        "l:xx",
        "h:abc",
        "r:-1",
        "totally made up",
        "",
    ],
)
async def test_forged_button_data_is_refused_and_changes_nothing(world, child, data):
    before = saved(world)
    message_id = child.last_with_buttons().message_id
    replies = await child.tap_data(data, message_id)
    assert not any("Sky Test" in t for t in replies.texts)
    assert len(saved(world)) == len(before)
    assert world.double.unanswered_callback_queries == set()


async def test_a_child_cannot_answer_another_childs_consultation(world, team, child):
    iro, _, _ = team
    other = await world.join("child", "Rowan Test", dob=CHILD_DOB, iro_id=iro.person_id)
    world.schedule(other.person_id, MEETING)
    with world.rt.session() as session:
        sky_consultation = session.exec(
            select(Consultation).where(Consultation.child_id == child.person_id)
        ).one()
    replies = await other.tap_data(f"c:{sky_consultation.id}:0:o0", 1)
    assert replies.answer.text == said(text.BUTTON_GONE)
    assert saved(world) == []


async def test_the_bot_works_only_in_private_chats(world, child):
    replies = await child.send_in_group("/myreview")
    assert replies.texts == [said(text.PRIVATE_CHATS_ONLY)]
    assert saved(world) == []


async def test_an_edited_message_keeps_the_first_version_and_says_so(world, child):
    await child.send("first words")
    message_id = max(mid for (chat, mid) in world.double.user_messages if chat == child.chat_id)
    replies = await child.edit_message(message_id, "changed words")
    assert replies.texts[0] == said(text.EDITED_MESSAGE)
    assert [a.text for a in saved(world)] == ["first words"]


async def test_a_message_too_long_to_keep_is_refused_without_losing_the_place(world, child):
    from bot.consultation.flow import MAX_TEXT

    replies = await child.send("a" * (MAX_TEXT + 1))
    assert "too long for me to keep in one go" in replies.texts[0]
    assert saved(world) == []


async def test_an_empty_caption_photo_and_whitespace_text_are_handled(world, child):
    await child.send_photo(file_id="p1", caption=None)
    await child.send("   ")
    kinds = [a.kind for a in saved(world)]
    assert kinds == ["photo", "text"]


async def test_an_unknown_command_gets_a_pointer_to_help(world, child):
    replies = await child.send("/frobnicate")
    assert replies.texts == [said(text.UNKNOWN_COMMAND)]


async def test_a_failure_inside_the_bot_gets_a_kind_reply_and_a_log_line(
    world, child, monkeypatch, caplog
):
    from bot.conversation import typed

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(typed, "words", broken)
    replies = await child.send("my private words")
    assert replies.texts == [said(text.SOMETHING_WENT_WRONG)]
    assert "failed: RuntimeError" in caplog.text
    assert "my private words" not in caplog.text
