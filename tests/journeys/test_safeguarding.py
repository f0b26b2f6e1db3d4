"""A child who may not be safe: helped at once, their IRO and social worker told within
a minute with the child's words and an "I'm on it" button, managers told if nobody
acts in 30 minutes, everything audited, nothing the child said lost.

Every test drives the real Application; the reminders job is run at chosen moments.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlmodel import select

from bot.conversation.handle import handle
from bot.conversation.incoming import Incoming
from bot.safeguarding.alerts import ESCALATE_AFTER
from messages import safety, text
from models import AuditEvent, Notification, Person
from tests.journeys.steps import NOT_SAFE, alerts, answers, choose_words
from tests.support import CHILD_DOB, MEETING, START, said

ON_IT = "🙋 I'm on it"
START_SAID = "Monday 23 November, 10:00"  # START, as the alerts say it
# Sky calls her social worker "your social worker" (steps.WORDS); her IRO is Jo.
CHILD_TOLD = said(safety.CHILD_TOLD, who="Jo and your social worker")
WHAT_NEXT = [
    said(safety.CARRY_ON_BUTTON),
    said(safety.BREAK_BUTTON),
    said(safety.TALK_BUTTON),
    "🆘 I don't feel safe",
]
# Whatever the wording, what a child is told when they may not be safe must hold these.
CHILDLINE, DANGER = "Childline on 0800 1111", "call 999"


@pytest.fixture
async def people(team, manager, started_child):
    """As conftest's ``people`` (Sky on her first question, and the team), and Max
    Example, a manager (``people.manager``), who joined before Sky."""
    iro, sw, carer = team
    return SimpleNamespace(iro=iro, sw=sw, carer=carer, manager=manager, sky=started_child)


def audit_rows(world, *actions: str) -> list[AuditEvent]:
    with world.rt.session() as session:
        query = select(AuditEvent).order_by(AuditEvent.id)
        if actions:
            query = query.where(AuditEvent.action.in_(actions))
        return list(session.exec(query))


def alert_rows(world) -> list[Notification]:
    with world.rt.session() as session:
        return list(
            session.exec(
                select(Notification)
                .where(Notification.kind.in_(("safeguarding_alert", "safeguarding_escalation")))
                .order_by(Notification.id)
            )
        )


async def reach(child, phrase: str) -> None:
    """Skip questions until the one whose text contains ``phrase``."""
    for _ in range(40):
        if phrase in child.last_with_buttons().plain:
            return
        await child.tap("Skip ➡️")
    raise AssertionError(f"never reached a question with {phrase!r}")


# --- words that may mean a child is not safe ----------------------------------------------


async def test_a_disclosure_in_an_answer_tells_the_child_what_happens_and_alerts_at_once(
    world, people
):
    sky, iro, sw = people.sky, people.iro, people.sw
    question_before = sky.last_with_buttons().plain

    replies = await sky.send("my stepdad hits me when mum is out")

    to_sky = replies.to(sky.chat_id)
    assert to_sky[0].plain == CHILD_TOLD
    assert CHILDLINE in to_sky[0].plain and DANGER in to_sky[0].plain
    assert "can't keep this a secret" in to_sky[0].plain
    # The answer is saved exactly as written; the next question does not follow at once.
    assert [a.text for a in answers(world)] == ["my stepdad hits me when mum is out"]
    assert to_sky[-1].plain == said(safety.CHILD_WHAT_NEXT)
    assert to_sky[-1].button_labels == WHAT_NEXT
    # Her place is kept: carrying on shows the next question.
    carried_on = await sky.tap(said(safety.CARRY_ON_BUTTON))
    assert "Question 2 of 28" in carried_on.to(sky.chat_id)[-1].plain
    assert carried_on.to(sky.chat_id)[-1].plain != question_before
    # The IRO and the social worker, in the same update, with the words and a button.
    for worker in (iro, sw):
        (alert_message,) = replies.to(worker.chat_id)
        assert alert_message.plain.startswith("🆘 Safeguarding alert: Sky Test\n")
        assert "Why: harm by others" in alert_message.plain
        assert "When: Monday 23 November, 10:00" in alert_message.plain
        assert "Where: My Review, answering “" in alert_message.plain
        assert "<blockquote>my stepdad hits me when mum is out</blockquote>" in alert_message.text
        assert alert_message.button_labels == [ON_IT]
    # Not the carer: the adult at home may be who the child is talking about.
    assert replies.to(people.carer.chat_id) == []

    (alert,) = alerts(world)
    assert alert.concerns == ["harm_by_others"]
    assert alert.words == "my stepdad hits me when mum is out"
    assert alert.source.startswith("answer:meeting.")
    assert (alert.child_id, alert.actor_id, alert.review_id) == (
        sky.person_id,
        sky.person_id,
        sky.review_id,
    )
    assert alert.created_at == START and alert.acknowledged_at is None
    # Sent with the update: the dispatcher will not send them again.
    assert [(r.recipient_id, r.status) for r in alert_rows(world) if r.kind.endswith("alert")] == [
        (iro.person_id, "sent"),
        (sw.person_id, "sent"),
    ]


async def test_the_alert_is_committed_before_the_child_sees_a_reply(world, people, monkeypatch):
    seen = []
    original = world.double._send_message

    def spy(params):
        if str(params.get("chat_id")) == str(people.sky.chat_id):
            seen.append(len(alerts(world)))
        return original(params)

    monkeypatch.setattr(world.double, "_send_message", spy)
    await people.sky.send("i want to kill myself")
    assert seen and seen[0] == 1


async def test_every_alert_send_and_acknowledgement_is_audited_without_words(world, people):
    await people.sky.send("i want to kill myself")
    await people.iro.tap(ON_IT)
    rows = audit_rows(world, "alert_raised", "alert_delivered", "alert_acknowledged")
    assert [(r.action, r.actor_label) for r in rows] == [
        ("alert_raised", f"child:{people.sky.person_id}"),
        ("alert_delivered", f"iro:{people.iro.person_id}"),
        ("alert_delivered", f"social_worker:{people.sw.person_id}"),
        ("alert_acknowledged", f"iro:{people.iro.person_id}"),
    ]
    assert all(r.child_id == people.sky.person_id for r in rows)
    assert not any("kill" in r.detail for r in audit_rows(world))


@pytest.mark.parametrize(
    "words",
    [
        "I killed it at football today",
        "this homework is killing me",
        "I'm dying to see my brother",
        "Grandad makes pancakes on Saturdays",
    ],
)
async def test_ordinary_words_raise_nothing(world, people, words):
    replies = await people.sky.send(words)
    assert replies.to(people.iro.chat_id) == [] and alerts(world) == []


async def test_a_second_disclosure_soon_after_gets_a_shorter_reply_and_its_own_alert(world, people):
    await people.sky.send("i want to die")
    replies = await people.sky.send("nobody would miss me")
    again = replies.to(people.sky.chat_id)[0].plain
    assert again == said(safety.CHILD_TOLD_AGAIN, who="Jo and your social worker")
    assert "Childline: 0800 1111" in again and "Call 999" in again
    assert len(alerts(world)) == 2
    assert len(replies.to(people.iro.chat_id)) == 1


async def test_the_words_of_a_caption_are_checked(world, people):
    replies = await people.sky.send_photo(file_id="p1", caption="he hurt me again")
    assert replies.to(people.sky.chat_id)[0].plain == CHILD_TOLD
    (alert,) = alerts(world)
    assert alert.words == "he hurt me again"
    assert [a.kind for a in answers(world)] == ["photo"]


async def test_an_edit_that_adds_a_disclosure_alerts(world, people):
    await people.sky.send("everything is fine")
    assert alerts(world) == []
    message_id = people.sky.last_sent_id
    replies = await people.sky.edit_message(message_id, "everything is fine. i want to die")
    (alert,) = alerts(world)
    assert (alert.source, alert.concerns) == ("edited", ["self_harm"])
    assert (
        "Where: A message they changed after sending it" in replies.to(people.iro.chat_id)[0].plain
    )
    # The first version stays the answer, as for any edit.
    assert [a.text for a in answers(world)] == ["everything is fine"]
    assert "I keep what you sent first" in replies.to(people.sky.chat_id)[-1].plain


async def test_words_typed_after_a_command_are_checked_too(world, people):
    await people.sky.send("/myreview i am going to run away tonight")
    (alert,) = alerts(world)
    assert (alert.source, alert.concerns) == ("command", ["running_away"])


async def test_words_with_nothing_to_fill_in_are_checked_and_answered_with_help(world, team):
    iro, _, _ = team
    ash = await world.join("child", "Ash Test", dob=CHILD_DOB, iro_id=iro.person_id)
    await choose_words(ash)
    replies = await ash.send("i dont feel safe at home")
    (alert,) = alerts(world)
    assert (alert.source, alert.concerns) == ("message", ["unsafe_home"])
    assert replies.to(ash.chat_id)[0].plain.startswith("💛 Thank you for telling me.")
    assert "I'm telling Jo now" in replies.to(ash.chat_id)[0].plain
    assert len(replies.to(ash.chat_id)) == 1


async def test_a_word_chosen_while_setting_up_is_checked(world, team):
    iro, _, _ = team
    ash = await world.join("child", "Ash Test", dob=CHILD_DOB, iro_id=iro.person_id)
    replies = await ash.send("the place where i get beaten")
    (alert,) = alerts(world)
    assert alert.source == "words"
    assert "the place where i get beaten" in replies.to(iro.chat_id)[0].text


async def test_a_worker_writing_such_words_about_their_own_day_raises_nothing(world, people):
    await people.sw.send("/reviews")
    await people.sw.send("I want to die of boredom in this meeting")
    assert alerts(world) == []


async def test_someone_not_linked_is_given_childline_and_999_but_nobody_is_alerted(world, people):
    stranger = world.user("Stranger")
    replies = await stranger.send("please help me he hits me")
    assert replies.texts[0] == said(safety.STRANGER_SAFETY)
    assert CHILDLINE in replies.texts[0] and DANGER in replies.texts[0]
    assert "This is My Review" in replies.texts[1]
    assert alerts(world) == []


async def test_in_a_group_the_child_is_helped_privately_and_the_group_sees_nothing(world, people):
    replies = await people.sky.send_in_group("i want to kill myself")
    group = [m for m in replies if m.chat_id < 0]
    assert [m.plain for m in group] == [said(text.PRIVATE_CHATS_ONLY)]
    assert replies.to(people.sky.chat_id)[0].plain == CHILD_TOLD
    (alert,) = alerts(world)
    assert alert.source == "group"
    assert "Where: A group chat the bot is in" in replies.to(people.iro.chat_id)[0].plain
    assert answers(world) == []


# --- the buttons: "I don't feel safe", and "No" to "Do you feel safe at home?" ---------------


async def test_i_dont_feel_safe_is_one_tap_away_on_every_question_and_the_summary(world, people):
    sky = people.sky
    for _ in range(30):
        labels = sky.last_with_buttons().button_labels
        assert labels[-1] == NOT_SAFE
        if any(label.startswith("📨") for label in labels):
            break
        await sky.tap("Skip ➡️")
    else:
        raise AssertionError("never reached the summary")
    replies = await sky.tap("⏸ Pause, finish later")
    assert replies.to(sky.chat_id)[-1].button_labels == [NOT_SAFE]


async def test_tapping_i_dont_feel_safe_alerts_and_the_consultation_carries_on(world, people):
    sky = people.sky
    await sky.tap("Skip ➡️")
    question = sky.last_with_buttons().plain

    replies = await sky.tap(NOT_SAFE)

    mine = replies.to(sky.chat_id)
    assert mine[0].plain.startswith(
        "💛 Thank you for telling me you don't feel safe. You did the right thing."
    )
    assert "0800 1111" in mine[0].plain and "999" in mine[0].plain
    assert "can't keep this a secret" in mine[0].plain
    assert mine[1].plain == said(safety.CHILD_WHAT_NEXT)
    carried_on = await sky.tap(said(safety.CARRY_ON_BUTTON))
    assert carried_on.to(sky.chat_id)[-1].plain.endswith(question)
    (alert,) = alerts(world)
    assert (alert.concerns, alert.source, alert.words) == (["unsafe_home"], "button", None)
    shown = replies.to(people.iro.chat_id)[0].plain
    assert "Where: Tapped “🆘 I don't feel safe”" in shown
    assert said(safety.STAFF_NO_WORDS, child="Sky Test") in shown
    assert [a.kind for a in answers(world)] == ["skip"]


async def test_no_to_do_you_feel_safe_at_home_is_saved_and_alerts(world, people):
    sky = people.sky
    await reach(sky, "Do you feel safe at")
    replies = await sky.tap("No")
    assert replies.to(sky.chat_id)[0].plain == CHILD_TOLD
    assert replies.to(sky.chat_id)[-1].plain == said(safety.CHILD_WHAT_NEXT)
    assert answers(world)[-1].choices == ["no"]
    (alert,) = alerts(world)
    assert (alert.concerns, alert.source) == (["unsafe_home"], "choice:home.safe:no")
    assert "Where: My Review: answered “No” to “Do you feel safe at Nan's?”" in (
        replies.to(people.sw.chat_id)[0].plain
    )


@pytest.mark.parametrize("label", ["Yes", "Mostly", "I'm not sure"])
async def test_other_answers_to_feeling_safe_raise_nothing(world, people, label):
    await reach(people.sky, "Do you feel safe at")
    await people.sky.tap(label)
    assert alerts(world) == []


@pytest.mark.parametrize("typed", ["no", "Nope", "not really", "nah", "NOOO", "never"])
async def test_a_typed_no_to_feeling_safe_alerts(world, people, typed):
    await reach(people.sky, "Do you feel safe at")
    await people.sky.send(typed)
    (alert,) = alerts(world)
    assert (alert.concerns, alert.words) == (["unsafe_home"], typed)
    assert answers(world)[-1].text == typed


async def test_a_typed_no_to_another_question_is_just_an_answer(world, people):
    await people.sky.send("no")
    assert alerts(world) == []


async def test_a_replayed_no_from_an_old_message_still_alerts(world, people):
    sky = people.sky
    await reach(sky, "Do you feel safe at")
    old = sky.last_with_buttons()
    no = old.button("No").callback_data
    await sky.tap("Yes")
    assert alerts(world) == []
    await sky.tap_data(no, old.message_id)
    assert len(alerts(world)) == 1


# --- a carer or social worker typing for a child -------------------------------------------


async def test_words_typed_by_a_helper_alert_about_the_child(world, team):
    from datetime import date

    iro, sw, carer = team
    kit_id, _ = world.add(
        "child",
        "Kit Test",
        dob=date(2019, 6, 1),
        iro_id=iro.person_id,
        social_worker_id=sw.person_id,
        carer_id=carer.person_id,
    )
    world.schedule(kit_id, MEETING)
    await carer.send("/helpchild")
    await carer.tap("Kit Test")
    await choose_words(carer)
    await carer.tap("▶️ Start now")
    replies = await carer.send("Kit says someone at school touched her")

    (alert,) = alerts(world)
    assert (alert.child_id, alert.actor_id) == (kit_id, carer.person_id)
    assert replies.to(carer.chat_id)[0].plain.startswith(
        "🆘 What Kit said may mean they are not safe. I have told Jo (IRO) and Pat (social worker)"
    )
    assert (
        said(safety.STAFF_TYPED_BY, helper="Lee Sample", role="carer", child="Kit Test")
        in replies.to(iro.chat_id)[0].plain
    )
    assert carer.last_with_buttons().button_labels[-1] == NOT_SAFE
    replies = await carer.tap(NOT_SAFE)
    assert len(alerts(world)) == 2 and alerts(world)[-1].actor_id == carer.person_id


async def test_i_dont_feel_safe_for_someone_elses_child_is_refused(world, people, team):
    iro, _, _ = team
    other = await world.join("child", "Rowan Test", dob=CHILD_DOB, iro_id=iro.person_id)
    replies = await other.tap_data(f"sos:{people.sky.person_id}", 1)
    assert replies.answer.text == said(text.BUTTON_GONE)
    assert alerts(world) == []
    replies = await people.iro.tap_data(f"sos:{people.sky.person_id}", 1)
    assert alerts(world) == []


# --- "I'm on it", and the managers 30 minutes on ---------------------------------------------


async def test_im_on_it_is_recorded_the_others_hear_and_replays_say_who(world, people):
    sky, iro, sw = people.sky, people.iro, people.sw
    await sky.send("i want to die")

    replies = await iro.tap(ON_IT)
    assert replies.to(iro.chat_id)[-1].plain == (
        "✅ Thank you, Jo. You're on it: the alert about Sky Test from Monday 23 November, "
        "10:00 is marked as taken. I've told Pat Sample."
    )
    assert replies.to(sw.chat_id)[0].plain == said(
        safety.ACK_FYI, name="Jo Example", role="IRO", child="Sky Test", when=START_SAID
    )
    (alert,) = alerts(world)
    assert (alert.acknowledged_by_id, alert.acknowledged_at) == (iro.person_id, START)

    replayed = await sw.tap(ON_IT)
    assert replayed.to(sw.chat_id)[-1].plain == said(
        safety.ACK_ALREADY, name="Jo Example", role="IRO", when=START_SAID
    )
    again = await iro.tap_data(f"ack:{alert.id}", 1)
    assert again.to(iro.chat_id)[-1].plain == said(safety.ACK_ALREADY_YOU, when=START_SAID)
    assert alerts(world)[0].acknowledged_by_id == iro.person_id


@pytest.mark.parametrize("who", ["carer", "manager", "sky", "other_iro"])
async def test_im_on_it_is_refused_for_anyone_but_the_childs_iro_and_social_worker(
    world, people, who
):
    await people.sky.send("i want to die")
    (alert,) = alerts(world)
    if who == "other_iro":
        person = await world.join("iro", "Alex Other")
    else:
        person = getattr(people, who)
    replies = await person.tap_data(f"ack:{alert.id}", 1)
    assert replies.to(person.chat_id)[-1].plain == said(text.NOT_ALLOWED)
    assert alerts(world)[0].acknowledged_at is None
    stranger = world.user("Stranger")
    assert (await stranger.tap_data(f"ack:{alert.id}", 1)).texts == []


async def test_nobody_on_it_in_30_minutes_alerts_every_active_manager(world, people, reminders):
    sky = people.sky
    other_manager = await world.join("manager", "Mo Example")
    gone_id, _ = world.add("manager", "Former Manager")
    with world.rt.session() as session:
        session.get(Person, gone_id).active = False
    await sky.send("i want to die")

    early = await reminders.run(START + ESCALATE_AFTER - timedelta(minutes=1))
    assert [m for m in early if m.chat_id in (people.manager.chat_id, other_manager.chat_id)] == []

    sent = await reminders.run(START + ESCALATE_AFTER)
    to_managers = [m for m in sent if m.chat_id in (people.manager.chat_id, other_manager.chat_id)]
    assert len(to_managers) == 2
    assert to_managers[0].plain.startswith("⚠️ Nobody has said they're on it: Sky Test\n")
    assert "went to Jo Example and Pat Sample at Monday 23 November, 10:00" in to_managers[0].plain
    assert "<blockquote>i want to die</blockquote>" in to_managers[0].text
    assert to_managers[0].button_labels == [ON_IT]
    (alert,) = alerts(world)
    assert alert.escalated_at == START + ESCALATE_AFTER

    # Once escalated, a manager may say they're on it.
    replies = await people.manager.tap(ON_IT)
    assert "You're on it" in replies.to(people.manager.chat_id)[-1].plain
    told = {m.chat_id for m in replies}
    assert {people.iro.chat_id, people.sw.chat_id, other_manager.chat_id} <= told


async def test_im_on_it_within_30_minutes_cancels_the_managers_alert(world, people, reminders):
    await people.sky.send("i want to die")
    world.rt.clock.set(START + timedelta(minutes=12))
    await people.sw.tap(ON_IT)
    sent = await reminders.run(START + ESCALATE_AFTER + timedelta(minutes=5))
    assert sent.to(people.manager.chat_id) == []
    statuses = {r.kind: r.status for r in alert_rows(world)}
    assert statuses["safeguarding_escalation"] == "cancelled"


async def test_when_no_worker_can_be_reached_the_managers_are_told_at_once(world, team, reminders):
    manager = await world.join("manager", "Max Example")
    unlinked_iro, _ = world.add("iro", "Robin Unlinked")
    ash = await world.join("child", "Ash Test", dob=CHILD_DOB, iro_id=unlinked_iro)
    await choose_words(ash)
    replies = await ash.send("he hits me")
    # Robin has never linked Telegram: the child is not told Robin knows.
    told = replies.to(ash.chat_id)[0].plain
    assert "Robin" not in told
    assert "I'm telling the people who keep children safe now" in told
    # The manager has it at once, in the same update, not from a later reminders pass.
    (to_manager,) = replies.to(manager.chat_id)
    assert to_manager.plain.startswith("⚠️ Nobody has said they're on it: Ash Test")
    sent = await reminders.run(START + timedelta(minutes=1))
    assert sent.to(manager.chat_id) == []


# --- nothing lost when Telegram fails ---------------------------------------------------------


async def test_a_failed_send_is_sent_by_the_next_reminders_pass_whatever_the_hour(
    world, people, reminders
):
    saturday_night = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)
    world.rt.clock.set(saturday_night)
    world.double.fail("sendMessage", 502, chat_id=people.iro.chat_id)

    replies = await people.sky.send("i want to die")
    assert replies.to(people.iro.chat_id) == []
    assert len(replies.to(people.sw.chat_id)) == 1  # one failure stops nobody else

    rows = {r.recipient_id: r for r in alert_rows(world)}
    assert rows[people.iro.person_id].status == "pending"
    assert rows[people.iro.person_id].due_at == saturday_night

    sent = await reminders.run(saturday_night + timedelta(minutes=1))
    (late,) = sent.to(people.iro.chat_id)
    assert late.plain.startswith("🆘 Safeguarding alert: Sky Test")
    assert late.button_labels == [ON_IT]
    assert {r.recipient_id: r.status for r in alert_rows(world)}[people.iro.person_id] == "sent"
    assert len(audit_rows(world, "alert_delivered")) == 2
    # ...and never twice.
    again = await reminders.run(saturday_night + timedelta(minutes=2))
    assert again.to(people.iro.chat_id) == []


async def test_a_crash_before_the_alert_was_sent_is_caught_up_a_minute_later(
    world, people, reminders
):
    # The update's own send never happened (the process died after the commit).
    said = Incoming(people.sky.user_id, "text", text="i want to die", words=("i want to die",))
    replies = handle(world.rt, said)
    assert any(r.notification_id for r in replies)
    nothing_yet = await reminders.run(START + timedelta(seconds=30))
    assert [m for m in nothing_yet if "Safeguarding alert" in m.plain] == []
    sent = await reminders.run(START + timedelta(minutes=1))
    alerted = [m.chat_id for m in sent if "Safeguarding alert" in m.plain]
    assert alerted == [people.iro.chat_id, people.sw.chat_id]


async def test_if_the_childs_reply_fails_the_adults_are_still_told_at_once(world, people):
    world.double.fail("sendMessage", 502, chat_id=people.sky.chat_id)
    replies = await people.sky.send("i want to die")
    assert len(replies.to(people.iro.chat_id)) == 1
    assert len(alerts(world)) == 1
    assert [a.text for a in answers(world)] == ["i want to die"]


async def test_a_childs_reply_to_their_iro_is_checked_and_says_where_it_came_from(
    world, team, reminders
):
    iro, sw, _ = team
    sky = await world.join(
        "child", "Sky Test", dob=CHILD_DOB, iro_id=iro.person_id, social_worker_id=sw.person_id
    )
    review_id = world.schedule(sky.person_id, MEETING)
    await choose_words(sky)
    world.rt.clock.set(MEETING + timedelta(hours=4))
    await iro.tap_data(f"sum:new:{review_id}", 1)
    await iro.send("It was lovely to see you, Sky.")
    await iro.tap("📨 Send to Sky")
    await reminders.run()
    await sky.tap("↩️ Write back to Jo")
    replies = await sky.send("thanks jo but he still hits me")
    (alert,) = alerts(world)
    assert (alert.source, alert.review_id) == ("reply", review_id)
    assert "Where: A reply to their IRO" in replies.to(iro.chat_id)[0].plain


async def test_if_the_alert_cannot_be_recorded_the_child_still_gets_the_numbers(
    world, people, monkeypatch, caplog
):
    from bot.safeguarding import alerts as safeguarding

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(safeguarding, "raise_alert", broken)
    replies = await people.sky.send("i want to kill myself")
    told = replies.to(people.sky.chat_id)[0].plain
    assert "Childline on 0800 1111" in told and "999" in told
    assert "I'm telling" not in told  # nobody could be told: it never says so
    assert "safeguarding check failed" in caplog.text and "kill" not in caplog.text
    # The answer itself is still saved by the usual handler.
    assert [a.text for a in answers(world)] == ["i want to kill myself"]
    ordinary = await people.sky.send("I like football")
    assert "Childline" not in " ".join(ordinary.texts)


async def test_a_child_who_discloses_outside_my_review_gets_help_and_nothing_else(world, team):
    iro, sw, _ = team
    kit = await world.join(
        "child", "Kit Test", dob=CHILD_DOB, iro_id=iro.person_id, social_worker_id=sw.person_id
    )
    await choose_words(kit)  # no meeting is scheduled, so no My Review is open

    replies = await kit.send("someone at home hits me")

    to_kit = [m.plain for m in replies.to(kit.chat_id)]
    assert any("0800 1111" in said for said in to_kit)
    assert not any("To fill in My Review" in said for said in to_kit)
    assert replies.to(iro.chat_id) and replies.to(sw.chat_id)
    # An ordinary message still gets the usual pointer.
    ordinary = await kit.send("hello")
    assert any("To fill in My Review" in m.plain for m in ordinary.to(kit.chat_id))
