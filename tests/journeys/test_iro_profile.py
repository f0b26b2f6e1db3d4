"""The IRO's one-page profile: written with /profile, and sent to each child with
their first consultation for a meeting, once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from messages import iro as words
from messages import text
from models import IroProfile, ProfileDelivery
from tests.support import said

ABOUT = "Hi! I'm Jo. I make sure people listen to you at your meeting. I love dogs & <cake>."
OPENS = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # 10 working days before the meeting
# What a child reads above Jo's own words (and what Jo is shown as a child's view).
FROM_JO = said(words.CHILD_PROFILE_HEADER, iro="Jo", meeting="your meeting")


async def write_profile(iro, photo: bool = True) -> None:
    await iro.send("/profile")
    await iro.tap("✏️ Write about me")
    await iro.send(ABOUT)
    if photo:
        await iro.send("/profile")
        await iro.tap("📷 Add a photo")
        await iro.send_photo(file_id="jo-photo")


async def test_the_iro_writes_their_profile_and_sees_what_a_child_sees(world, team):
    iro, _, _ = team
    replies = await iro.send("/profile")
    assert "Your profile" in replies.texts[0]
    assert said(words.PROFILE_EMPTY) in replies.texts[0]
    assert iro.last.button_labels == ["✏️ Write about me", "📷 Add a photo"]
    await iro.tap("✏️ Write about me")
    assert "Write a few lines about yourself for children" in iro.last.plain
    replies = await iro.send(ABOUT)
    assert replies.texts == [said(words.PROFILE_SAVED), f"{FROM_JO}\n{ABOUT}"]
    await iro.send("/profile")
    await iro.tap("📷 Add a photo")
    replies = await iro.send_photo(file_id="jo-photo")
    assert replies.texts[0] == said(words.PROFILE_PHOTO_SAVED)
    assert said(words.PROFILE_HAS_PHOTO) in replies.texts[1]
    replies = await iro.tap("👀 See what a child sees")
    assert [(m.method, m.file_id) for m in replies][-1] == ("sendPhoto", "jo-photo")
    assert replies[-1].plain == said(words.CHILD_PROFILE_PHOTO_CAPTION, iro="Jo")
    await iro.tap("🗑 Remove photo")
    with world.rt.session() as session:
        saved = session.get(IroProfile, iro.person_id)
    assert (saved.about, saved.photo_file_id) == (ABOUT, None)


async def test_only_an_iro_has_a_profile(world, team):
    _, sw, _ = team
    assert (await sw.send("/profile")).texts == [said(words.PROFILE_ONLY_IRO)]
    assert (await sw.tap_data("prof:write", 1)).texts == [said(words.PROFILE_ONLY_IRO)]


async def test_the_child_gets_it_with_my_review_opening_and_only_once(
    world, team, child, reminders
):
    iro, _, _ = team
    await write_profile(iro)
    timeline = await reminders.run_until(OPENS)
    to_child = [m for _, m in timeline.of(child)]
    assert [m.method for m in to_child] == ["sendMessage", "sendPhoto"]
    opened = to_child[0].plain
    assert "My Review is ready for you" in opened
    assert f"{FROM_JO}\n{ABOUT}" in opened
    assert to_child[0].button_labels == ["▶️ Start now"]
    assert (to_child[1].file_id, to_child[1].plain) == (
        "jo-photo",
        said(words.CHILD_PROFILE_PHOTO_CAPTION, iro="Jo"),
    )
    # Starting My Review does not show it again.
    replies = await child.tap("▶️ Start now", to_child[0])
    assert not [m for m in replies if m.method == "sendPhoto"]
    assert ABOUT not in "\n".join(replies.texts)
    with world.rt.session() as session:
        assert len(session.exec(select(ProfileDelivery)).all()) == 1


async def test_a_child_who_starts_before_it_reached_them_sees_it_first(world, team, child):
    iro, _, _ = team
    await write_profile(iro)
    replies = await child.send("/myreview")
    assert replies[0].plain == f"{FROM_JO}\n{ABOUT}"
    assert (replies[1].method, replies[1].file_id) == ("sendPhoto", "jo-photo")
    assert said(text.FIRST_QUESTION_INTRO) in replies[2].plain
    await child.tap("⏸ Pause, finish later")
    again = await child.send("/myreview")
    assert ABOUT not in "\n".join(again.texts)


async def test_without_a_profile_nothing_changes(world, team, child, reminders):
    timeline = await reminders.run_until(OPENS)
    to_child = [m for _, m in timeline.of(child)]
    assert [m.method for m in to_child] == ["sendMessage"]
    assert "wrote for you" not in to_child[0].plain
    replies = await child.send("/myreview")
    assert said(text.FIRST_QUESTION_INTRO) in replies[0].plain
