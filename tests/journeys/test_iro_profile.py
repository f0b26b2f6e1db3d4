"""The IRO's one-page profile: written with /profile, and sent to each child with
their first consultation for a meeting, once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from models import IroProfile, ProfileDelivery

ABOUT = "Hi! I'm Jo. I make sure people listen to you at your meeting. I love dogs & <cake>."
OPENS = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # 10 working days before the meeting


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
    assert "You haven't written anything yet." in replies.texts[0]
    assert iro.last.button_labels == ["✏️ Write about me", "📷 Add a photo"]
    await iro.tap("✏️ Write about me")
    assert "Write a few lines about yourself for children" in iro.last.plain
    replies = await iro.send(ABOUT)
    assert replies.texts == [
        "✅ Saved. This is what a child will see:",
        f"👋 Jo runs your meeting. Here's what Jo wrote for you:\n{ABOUT}",
    ]
    await iro.send("/profile")
    await iro.tap("📷 Add a photo")
    replies = await iro.send_photo(file_id="jo-photo")
    assert replies.texts[0] == "✅ Photo saved."
    assert "📷 You have a photo." in replies.texts[1]
    replies = await iro.tap("👀 See what a child sees")
    assert [(m.method, m.file_id) for m in replies][-1] == ("sendPhoto", "jo-photo")
    assert replies[-1].plain == "This is Jo 👋"
    await iro.tap("🗑 Remove photo")
    with world.rt.session() as session:
        saved = session.get(IroProfile, iro.person_id)
    assert (saved.about, saved.photo_file_id) == (ABOUT, None)


async def test_only_an_iro_has_a_profile(world, team):
    _, sw, _ = team
    assert (await sw.send("/profile")).texts == ["Only IROs have a profile for children."]
    assert (await sw.tap_data("prof:write", 1)).texts == ["Only IROs have a profile for children."]


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
    assert f"👋 Jo runs your meeting. Here's what Jo wrote for you:\n{ABOUT}" in opened
    assert to_child[0].button_labels == ["▶️ Start now"]
    assert (to_child[1].file_id, to_child[1].plain) == ("jo-photo", "This is Jo 👋")
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
    assert replies[0].plain == f"👋 Jo runs your meeting. Here's what Jo wrote for you:\n{ABOUT}"
    assert (replies[1].method, replies[1].file_id) == ("sendPhoto", "jo-photo")
    assert "Let's start!" in replies[2].plain
    await child.tap("⏸ Pause, finish later")
    again = await child.send("/myreview")
    assert ABOUT not in "\n".join(again.texts)


async def test_without_a_profile_nothing_changes(world, team, child, reminders):
    timeline = await reminders.run_until(OPENS)
    to_child = [m for _, m in timeline.of(child)]
    assert [m.method for m in to_child] == ["sendMessage"]
    assert "wrote for you" not in to_child[0].plain
    replies = await child.send("/myreview")
    assert "Let's start!" in replies[0].plain
