"""A child's first conversation: their link, a hello that names their IRO, what
My Review is for, and their own words (Language that Cares)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from messages import text
from models import ChildWord, Invite, Person
from tests.journeys.steps import choose_words, join_child
from tests.support import MEETING, said


async def test_a_child_is_welcomed_by_name_and_told_who_runs_their_meeting(world, team):
    child = await join_child(world, team)
    texts = [m.plain for m in child.history]
    assert texts[0].startswith("Hi Sky!")
    assert "Jo Example runs your meeting" in texts[0]
    # One message to read (who runs it, who reads it), then the first thing to tap.
    assert "Jo Example and your social worker will read what you send" in texts[0]
    assert "not safe" in texts[0]
    assert len(texts) == 2
    assert "secret" not in " ".join(texts).lower()
    assert "What do you call the place where you live?" in child.last.plain


async def test_the_child_chooses_their_words_and_every_question_uses_them(world, team):
    child = await join_child(world, team)
    world.schedule(child.person_id, MEETING)
    await choose_words(child)
    assert "Your meeting is on Tuesday 8 December, 10:00" in child.last.plain
    await child.tap("▶️ Start now")
    await child.tap("Yes, all of it")
    assert "At Nan's" in child.last_with_buttons().button_labels


async def test_a_child_can_type_their_own_word_in_their_own_voice(world, team):
    child = await join_child(world, team)
    await child.send("at my nan's flat")
    # What was kept, and the next question, in one message.
    assert "I'll say “your nan's flat”" in child.last.plain
    assert "What do you call the people who look after you?" in child.last.plain
    with world.rt.session() as session:
        words = {w.key: w.value for w in session.exec(select(ChildWord))}
    assert words == {"home": "your nan's flat"}


async def test_mywords_changes_the_words_at_any_time(world, team):
    child = await join_child(world, team)
    await choose_words(child)
    await child.send("/mywords")
    assert "What do you call the place where you live?" in child.last.plain
    assert "Keep “Nan's”" in child.last.button_labels
    await child.tap("My flat")
    await child.tap("Keep “Nan”")
    with world.rt.session() as session:
        words = {w.key: w.value for w in session.exec(select(ChildWord))}
    assert words["home"] == "your flat"
    assert words["carers"] == "Nan"


async def test_a_word_that_is_too_long_is_refused_kindly_and_asked_again(world, team):
    child = await join_child(world, team)
    replies = await child.send("x" * 200)
    assert replies.texts[0] == said(text.WORD_TOO_LONG, limit=30)
    assert "What do you call the place where you live?" in replies.texts[-1]


async def test_a_child_who_stops_half_way_through_their_words_carries_on_later(world, team):
    child = await join_child(world, team)
    await child.tap("Nan's")
    await world.restart_app()
    replies = await child.send("/myreview")
    assert "What do you call the people who look after you?" in replies.texts[-1]


async def test_an_invite_works_once(world, team):
    iro, _, _ = team
    person_id, token = world.add("child", "Rowan Test", iro_id=iro.person_id)
    first = world.user("Rowan")
    await first.send(f"/start {token}")
    stranger = world.user("Someone")
    replies = await stranger.send(f"/start {token}")
    assert replies.texts == [said(text.LINK_NOT_WORKING)]
    with world.rt.session() as session:
        assert session.get(Person, person_id).telegram_user_id == first.user_id


async def test_an_unknown_token_and_an_expired_token_get_the_same_kind_reply(world, team, clock):
    iro, _, _ = team
    _, token = world.add("child", "Rowan Test", iro_id=iro.person_id)
    unknown = await world.user("A").send("/start not-a-real-token")
    clock.advance(timedelta(days=15))
    expired = await world.user("B").send(f"/start {token}")
    assert unknown.texts == expired.texts
    assert unknown.texts == [said(text.LINK_NOT_WORKING)]


async def test_a_new_invite_stops_the_old_one_working(world, team):
    from bot.people.invites import issue_invite

    iro, _, _ = team
    person_id, old_token = world.add("child", "Rowan Test", iro_id=iro.person_id)
    with world.rt.session() as session:
        new_token = issue_invite(
            session, session.get(Person, person_id), world.rt.clock.now(), 14
        ).token
    assert (await world.user("A").send(f"/start {old_token}")).texts == [
        said(text.LINK_NOT_WORKING)
    ]
    assert (await world.user("B").send(f"/start {new_token}")).texts[0].startswith("Hi Rowan!")


async def test_tokens_are_stored_only_as_hashes(world, team):
    iro, _, _ = team
    _, token = world.add("child", "Rowan Test", iro_id=iro.person_id)
    with world.rt.session() as session:
        hashes = [i.token_hash for i in session.exec(select(Invite))]
    assert token not in hashes
    assert all(len(h) == 64 for h in hashes)


async def test_someone_already_set_up_cannot_take_over_another_invite(world, team):
    iro, _, _ = team
    other_id, token = world.add("child", "Rowan Test", iro_id=iro.person_id)
    replies = await iro.send(f"/start {token}")
    assert replies.texts[0] == said(text.ACCOUNT_ALREADY_SET_UP)
    with world.rt.session() as session:
        assert session.get(Person, other_id).telegram_user_id is None


# --- words chosen well: not sure, skipped, and the child's own voice ---------------------


def chosen(world) -> dict[str, str]:
    with world.rt.session() as session:
        return {w.key: w.value for w in session.exec(select(ChildWord))}


async def test_every_word_can_be_left_with_im_not_sure_or_skip(world, team):
    child = await join_child(world, team)
    labels = child.last.button_labels
    assert said(text.WORD_NOT_SURE_BUTTON) in labels and said(text.WORD_SKIP_BUTTON) in labels
    question = child.last
    replies = await child.tap(said(text.WORD_NOT_SURE_BUTTON))
    assert replies.to(child.chat_id) == []  # the question changes in place
    assert child.last.message_id == question.message_id
    assert child.last.plain.startswith(said(text.WORD_NOT_SURE, value="home"))
    assert "What do you call the people who look after you?" in child.last.plain
    await child.tap(said(text.WORD_SKIP_BUTTON))
    assert "What do you call the time you spend with your family?" in child.last.plain
    assert chosen(world) == {}  # nothing saved: the everyday words stay


async def test_typed_non_answers_are_not_saved_as_the_childs_word(world, team):
    child = await join_child(world, team)
    for typed in ("idk", "dunno", "?", "nothing", "no"):
        await child.send("/mywords")
        replies = await child.send(typed)
        assert replies.to(child.chat_id)[0].plain.startswith(said(text.WORD_NOT_SURE, value="home"))
    assert chosen(world) == {}
    world.schedule(child.person_id, MEETING)
    await child.send("/mywords")
    await choose_words(child)
    await child.tap("▶️ Start now")
    assert not any("idk" in m.plain for m in child.history)


async def test_the_childs_own_choice_comes_back_in_their_own_voice(world, team):
    child = await join_child(world, team)
    await child.tap("Nan's")
    await child.send("my foster carers Sam and Jo")
    assert chosen(world)["carers"] == "your foster carers Sam and Jo"  # the bot's voice
    await child.send("/mywords")
    await child.tap("Nan's")
    assert "Keep “my foster carers Sam and Jo”" in child.last.button_labels  # as typed
    assert not any(label.startswith("Keep “Your") for label in child.last.button_labels)


async def test_choosing_the_words_edits_one_message_in_place_until_my_review_is_offered(
    world, team
):
    child = await join_child(world, team)
    world.schedule(child.person_id, MEETING)
    question = child.last
    sent_before = len(child.history)
    for label in ("Nan's", "Nan", "Seeing Mum", "My review"):
        await child.tap(label)
        assert len(child.history) == sent_before  # nothing new: the question changed
    assert "Thanks! I'll say “your review”." in child.last.plain
    await child.tap(child.last.buttons[0][0].text)  # the last word
    assert world.double.message(child.chat_id, question.message_id).buttons == []
    assert len(child.history) == sent_before + 1  # one message: done, and the offer
    assert "▶️ Start now" in child.last.button_labels
