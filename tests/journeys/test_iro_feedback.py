"""Feedback the day after the meeting: one set of questions for a child who came,
one for a child who didn't, one for the adults; asked in their hours, answered by
taps, stored for the figures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from messages import iro as words
from messages import text
from models import Feedback, FeedbackAnswer
from tests.journeys.steps import record_held
from tests.support import AFTER, said

NEXT_DAY = datetime(2026, 12, 9, 18, 0, tzinfo=UTC)


@pytest.fixture
def child(child, world):
    """Sky (conftest's ``child``), with the clock at 14:00 on the day of her meeting."""
    world.rt.clock.set(AFTER)
    return child


async def test_the_day_after_everyone_is_asked_in_their_own_hours(world, team, child, reminders):
    iro, sw, carer = team
    await record_held(iro, attended=True)
    timeline = await reminders.run_until(NEXT_DAY)
    assert timeline.when(sw, "quick questions") == ["Wed 09 Dec 10:00"]
    assert timeline.when(carer, "quick questions") == ["Wed 09 Dec 10:00"]
    assert timeline.when(child, "quick questions") == ["Wed 09 Dec 16:00"]
    to_child = timeline.texts(child, "quick questions")[0]
    assert "Yesterday was your meeting. Can you tell me how it was for you?" in to_child
    assert "How did you feel about your meeting?" in to_child
    assert "Question 1 of 4" in to_child
    to_sw = timeline.texts(sw, "quick questions")[0]
    assert "Sky Test's review on Tuesday 8 December" in to_sw
    assert "How well was the meeting run?" in to_sw
    assert not timeline.of(iro, "quick questions")
    # The child answers with taps; each question follows the last.
    await child.tap("🙂")
    assert "Did people listen to you?" in child.last.plain
    await child.tap("Yes")
    await child.tap("Skip ➡️")
    replies = await child.tap("Maybe")
    assert replies.texts[-1] == said(words.FEEDBACK_THANKS_CHILD)
    with world.rt.session() as session:
        feedback = session.exec(select(Feedback).where(Feedback.person_id == child.person_id)).one()
        assert feedback.question_set == "child_attended" and feedback.completed_at is not None
        answers = {
            a.question_key: a.value
            for a in session.exec(
                select(FeedbackAnswer).where(FeedbackAnswer.feedback_id == feedback.id)
            )
        }
    assert answers == {"feel": "4", "listened": "yes", "understood": "skip", "next_time": "maybe"}
    # An old button does nothing new.
    again = await child.tap_data(f"fb:{feedback.id}:0:1", 1)
    assert again.texts[-1] == said(words.FEEDBACK_DONE_ALREADY)


async def test_a_child_who_did_not_come_gets_their_own_questions(world, team, child, reminders):
    iro, _, _ = team
    await record_held(iro, attended=False)
    timeline = await reminders.run_until(NEXT_DAY)
    to_child = timeline.texts(child, "quick questions")[0]
    assert "Yesterday was your meeting. You didn't go, and that's OK." in to_child
    assert "Do you think Jo knew what you think?" in to_child
    assert "Question 1 of 3" in to_child


async def test_only_the_person_asked_can_answer(world, team, child, reminders):
    iro, sw, _ = team
    await record_held(iro, attended=True)
    await reminders.run_until(NEXT_DAY)
    with world.rt.session() as session:
        feedback = session.exec(select(Feedback).where(Feedback.person_id == child.person_id)).one()
    for person in (sw, iro):
        replies = await person.tap_data(f"fb:{feedback.id}:0:5", 1)
        assert replies.answer.text == said(text.BUTTON_GONE)
    assert (await child.tap_data(f"fb:{feedback.id}:0:9", 1)).answer.text == said(text.BUTTON_GONE)
    with world.rt.session() as session:
        assert session.exec(select(FeedbackAnswer)).all() == []
