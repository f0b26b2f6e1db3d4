"""The My Review consultation, as a child lives it: every kind of answer, skip
and back, pause and resume across a restart, sending, and adding more."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from messages import text
from models import Consultation
from tests.journeys.steps import (
    answer_everything,
    answers,
    choose_words,
    question_of,
    send_to_iro,
)
from tests.support import MEETING, said

RTL_AND_EMOJI = "أشعر بالأمان 🙂 في بيت جدتي 🏠 and I like it"


def consultation(world) -> Consultation:
    with world.rt.session() as session:
        return session.exec(select(Consultation)).one()


async def test_a_child_answers_every_question_and_sends_it_to_their_iro(world, child):
    await child.tap("▶️ Start now")
    answered = await answer_everything(child)
    assert answered == 28  # the 13+ question set
    summary = child.last_with_buttons()
    assert said(text.SUMMARY_HEADER) in " ".join(m.plain for m in child.history[-3:])
    assert summary.button_labels == [
        "📨 Send to Jo",
        "⬅️ Change an answer",
        "⏸ Pause, finish later",
        "🆘 I don't feel safe",
    ]
    replies = await send_to_iro(child)
    assert replies.texts[-1] == said(
        text.SENT, iro="Jo", meeting="your meeting", date="Tuesday 8 December, 10:00"
    )
    record = consultation(world)
    assert record.status == "sent"
    assert record.sent_at == world.rt.clock.now()


async def test_each_question_speaks_in_the_childs_own_words(world, child):
    await child.tap("▶️ Start now")
    seen = []
    for _ in range(12):
        seen.append(question_of(child))
        await child.tap("Skip ➡️")
    joined = "\n".join(seen)
    assert "Nan's" in joined
    assert "placement" not in joined.lower()
    assert "contact" not in joined.lower()


async def test_buttons_scale_text_photo_and_voice_answers_are_all_kept(world, child):
    await child.tap("▶️ Start now")
    await child.tap("Some of it")  # single choice
    await child.send("In the garden")  # own words on a choice question
    await child.tap("Skip ➡️")
    await child.tap("Nan")  # multiple choice: tick two, then Done
    await child.tap("Your social worker")
    ticked = child.last_with_buttons().button_labels
    assert "✅ Nan" in ticked and "✅ Your social worker" in ticked
    await child.tap("✅ Done")
    await child.send_photo(file_id="photo-of-my-dog", caption="My dog")
    await child.send_voice(file_id="voice-note-1")
    # Move on to a feelings scale.
    while "🙂 Happy" not in child.last_with_buttons().button_labels:
        await child.tap("Skip ➡️")
    # Each face has its word, for a screen reader and for anyone unsure what it means.
    feelings = [b for b in child.last_with_buttons().button_labels if b[0] in text.SCALE_EMOJI]
    assert feelings == ["😢 Very sad", "🙁 Sad", "😐 OK", "🙂 Happy", "😄 Very happy"]
    await child.tap("😄 Very happy")
    kept = {(a.kind, a.text, a.file_id, tuple(a.choices or ()), a.scale) for a in answers(world)}
    assert ("choice", None, None, ("part",), None) in kept
    assert ("text", "In the garden", None, (), None) in kept
    assert ("photo", "My dog", "photo-of-my-dog", (), None) in kept
    assert ("voice", None, "voice-note-1", (), None) in kept
    assert ("scale", None, None, (), 5) in kept
    multi = next(a for a in answers(world) if a.kind == "choice" and len(a.choices) == 2)
    assert multi.choices == ["carers", "socialworker"]


async def test_skip_and_back_move_through_the_questions_and_keep_every_answer(world, child):
    await child.tap("▶️ Start now")
    first = question_of(child)
    await child.tap("No")
    second = question_of(child)
    await child.tap("⬅️ Back")
    assert question_of(child).split("\n")[2] == first.split("\n")[2]
    assert "Last time you said: No" in question_of(child)
    await child.tap("Yes, all of it")
    assert question_of(child).split("\n")[2] == second.split("\n")[2]
    await child.tap("Skip ➡️")
    rows = answers(world)
    assert [(a.kind, a.choices, a.replaced) for a in rows[:2]] == [
        ("choice", ["no"], True),
        ("choice", ["all"], False),
    ]
    assert rows[2].kind == "skip"


async def test_pause_restart_and_resume_exactly_where_the_child_was(world, child):
    await child.tap("▶️ Start now")
    for _ in range(5):
        await child.tap("Skip ➡️")
    await child.send("I'd like to talk about school")
    where = question_of(child)
    replies = await child.tap("⏸ Pause, finish later")
    assert replies.texts[-1] == said(text.PAUSED)
    before = [(a.question_key, a.kind) for a in answers(world)]

    await world.restart_app()
    world.rt.clock.advance(timedelta(days=3))
    replies = await child.send("/myreview")

    assert replies.texts[0] == said(text.WELCOME_BACK)
    assert replies[-1].plain.split("\n")[2] == where.split("\n")[2]
    assert [(a.question_key, a.kind) for a in answers(world)] == before


async def test_an_old_button_never_answers_the_wrong_question(world, child):
    await child.tap("▶️ Start now")
    old = child.last_with_buttons()
    await child.send("Some of it, maybe")
    replies = await child.tap_data(old.buttons[0][0].callback_data, old.message_id)
    assert replies.texts[0] == said(text.STALE_QUESTION)
    assert len([a for a in answers(world) if not a.replaced]) == 1


async def test_after_sending_the_child_can_add_more_and_nothing_is_overwritten(world, child):
    await child.tap("▶️ Start now")
    await answer_everything(child)
    await send_to_iro(child)
    sent = [(a.id, a.text) for a in answers(world)]
    replies = await child.send("/myreview")
    assert replies.texts[0] == said(
        text.ALREADY_SENT,
        sent="Monday 23 November",
        meeting="your meeting",
        date="Tuesday 8 December, 10:00",
    )
    await child.tap("➕ Add something")
    replies = await child.send("One more thing: I got a certificate")
    assert replies.texts[0] == said(text.ADDED, iro="Jo")
    await child.send_photo(file_id="certificate-photo")
    rows = answers(world)
    assert [(a.id, a.text) for a in rows[: len(sent)]] == sent
    extras = [a for a in rows if a.addition]
    assert [(e.kind, e.text) for e in extras] == [
        ("text", "One more thing: I got a certificate"),
        ("photo", None),
    ]


async def test_my_review_closes_when_the_meeting_starts(world, child):
    await child.tap("▶️ Start now")
    button = child.last_with_buttons()
    world.rt.clock.set(MEETING + timedelta(minutes=1))
    replies = await child.tap(button.button_labels[0], button)
    assert replies.texts[0].startswith("Your meeting has started, so My Review is closed now")
    replies = await child.send("/myreview")
    assert replies.texts[0] == said(text.NOTHING_OPEN, meeting="your meeting")
    assert answers(world) == []


async def test_a_five_thousand_character_answer_is_kept_whole(world, child):
    await child.tap("▶️ Start now")
    long_answer = ("I want to say a lot about this. " * 160)[:5000]
    await child.send(long_answer)
    assert answers(world)[0].text == long_answer


async def test_emoji_and_right_to_left_text_are_kept_exactly(world, child):
    await child.tap("▶️ Start now")
    await child.send(RTL_AND_EMOJI)
    assert answers(world)[0].text == RTL_AND_EMOJI


async def test_stickers_locations_contacts_polls_and_files_get_a_clear_reply(world, child):
    await child.tap("▶️ Start now")
    where = question_of(child)
    for send in (
        child.send_sticker(),
        child.send_location(51.5, -0.1),
        child.send_contact(),
        child.send_poll(),
        child.send_document(),
    ):
        replies = await send
        assert replies.texts[0] == said(text.ONLY_WORDS_PHOTOS_VOICE)
        assert replies[-1].plain.split("\n")[2] == where.split("\n")[2]
    assert answers(world) == []


async def test_a_young_child_gets_the_short_question_set_with_emoji(world, team):
    iro, _, _ = team
    from datetime import date

    young = await world.join("child", "Kit Test", dob=date(2019, 6, 1), iro_id=iro.person_id)
    world.schedule(young.person_id, MEETING)
    await choose_words(young)
    await young.tap("▶️ Start now")
    assert said(text.QUESTION_COUNTER, number=1, total=12) in question_of(young)


async def test_the_summary_shows_each_answer_beside_its_question(world, started_child):
    sky = started_child
    first_question = _asked(sky)
    choice = sky.last_with_buttons().button_labels[0]
    await sky.tap(choice)
    second_question = _asked(sky)
    await sky.send("In the garden")
    while not any(b.startswith("📨") for b in sky.last_with_buttons().button_labels):
        await sky.tap("Skip ➡️")
    lines = sky.last_with_buttons().plain.split("\n")
    assert lines[lines.index(f"• {first_question}") + 1].strip() == choice
    assert "In the garden" in lines[lines.index(f"• {second_question}") + 1]


def _asked(child) -> str:
    """The question itself, from the message the child is looking at."""
    return next(line for line in question_of(child).split("\n") if line.endswith("?"))


async def test_the_voice_note_question_says_how_to_record_once(world, started_child):
    sky = started_child
    while "You could send a voice note" not in question_of(sky):  # the last question
        await sky.tap("Skip ➡️")
    assert question_of(sky).count("🎤") == 1
