"""A child who says they may not be safe is told the truth: who was told, or that nobody
could be, and what to do now. There is always someone to tell: the child's own adults,
the duty route out of hours and when those cannot be reached, then the managers.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date, timedelta

from sqlmodel import select

from bot.safeguarding.alerts import ESCALATE_AFTER
from messages import safety
from models import Alert, AuditEvent
from tests.journeys.steps import blocks_the_bot, choose_words
from tests.support import CHILD_DOB, MEETING, START, london, said

NINE = date(2017, 5, 1)  # 9 at the meeting: the 9-12 questions
LOCKED_IN = "i dont like it when my carer locks me in my room"
ON_IT = said(safety.ACK_BUTTON)


def alerts(world) -> list[Alert]:
    with world.rt.session() as session:
        return list(session.exec(select(Alert).order_by(Alert.id)))


async def unlinked_adults(world):
    """An IRO and a social worker who were added but never opened their invites."""
    iro_id, _ = world.add("iro", "Jo Example")
    sw_id, _ = world.add("social_worker", "Pat Sample")
    return iro_id, sw_id


async def test_nobody_can_be_reached_so_the_child_is_told_plainly_to_call_now(world, caplog):
    iro_id, sw_id = await unlinked_adults(world)
    kit = await world.join("child", "Kit Test", dob=NINE, iro_id=iro_id, social_worker_id=sw_id)
    await choose_words(kit)
    with caplog.at_level(logging.WARNING):
        replies = await kit.send(LOCKED_IN)

    (told,) = replies.to(kit.chat_id)[:1]
    assert told.plain == said(safety.CHILD_TOLD_NOBODY)
    assert "I'm telling" not in told.plain and "Jo" not in told.plain
    assert "Childline on 0800 1111" in told.plain and "999" in told.plain
    # Nobody else was sent anything: there is nobody who could read it.
    assert {m.chat_id for m in replies} == {kit.chat_id}
    critical = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    assert len(critical) == 1 and "reached nobody" in critical[0].getMessage()
    assert "locks" not in caplog.text  # the log has ids, never the child's words
    # The child's copy of their data says the same thing: nobody was told.
    mydata = await kit.send("/mydata")
    nobody = said(safety.MYDATA_ALERT_NOBODY, when="Monday 23 November, 10:00", why="")
    assert any(nobody.split(":", 2)[-1].strip() in m.plain for m in mydata)
    assert not any("I told Jo" in m.plain for m in mydata)


async def test_an_alert_that_reached_nobody_tops_every_managers_reviews(world):
    iro_id, sw_id = await unlinked_adults(world)
    kit = await world.join("child", "Kit Test", dob=NINE, iro_id=iro_id, social_worker_id=sw_id)
    await choose_words(kit)
    manager_id, token = world.add("manager", "Max Example")  # not linked yet
    await kit.send(LOCKED_IN)
    max_ = world.user("Max")
    await max_.send(f"/start {token}")
    shown = await max_.send("/reviews")
    top = shown.to(max_.chat_id)[0]
    assert top.plain.startswith(said(safety.UNREACHED_HEADER).split("\n")[0])
    assert "Kit Test" in top.plain and "feeling unsafe where they live" in top.plain
    assert top.button_labels == [said(safety.UNREACHED_BUTTON, child="Kit Test")]
    # The manager may say they are on it, and then it no longer tops the list.
    await max_.tap(said(safety.UNREACHED_BUTTON, child="Kit Test"))
    (alert,) = alerts(world)
    assert alert.acknowledged_by_id == manager_id
    again = await max_.send("/reviews")
    assert not any("reached nobody" in m.plain for m in again)


async def test_a_duty_worker_is_told_when_the_childs_own_adults_cannot_be(world):
    iro_id, sw_id = await unlinked_adults(world)
    duty = await world.join("duty", "Dee Duty")
    kit = await world.join("child", "Kit Test", dob=NINE, iro_id=iro_id, social_worker_id=sw_id)
    await choose_words(kit)
    replies = await kit.send(LOCKED_IN)
    told = replies.to(kit.chat_id)[0].plain
    assert told == said(safety.CHILD_TOLD, who=said(safety.CHILD_TOLD_TEAM).lower())
    (alert_message,) = replies.to(duty.chat_id)
    assert alert_message.plain.startswith("🆘 Safeguarding alert: Kit Test")
    assert alert_message.button_labels == [ON_IT]
    # The duty worker may say they are on it.
    await duty.tap(ON_IT)
    (alert,) = alerts(world)
    assert alert.acknowledged_by_id == duty.person_id


async def test_out_of_hours_the_duty_worker_is_told_as_well_as_the_childs_adults(world, team):
    duty = await world.join("duty", "Dee Duty")
    iro, sw, _ = team
    sky = await world.join(
        "child", "Sky Test", dob=CHILD_DOB, iro_id=iro.person_id, social_worker_id=sw.person_id
    )
    world.schedule(sky.person_id, MEETING)
    await choose_words(sky)
    world.rt.clock.set(london(2026, 11, 27, 21, 30))  # a Friday night
    replies = await sky.send("he hits me")
    assert replies.to(sky.chat_id)[0].plain == said(
        safety.CHILD_TOLD, who="Jo, your social worker and the people who keep children safe"
    )
    assert {m.chat_id for m in replies if "Safeguarding alert" in m.plain} == {
        iro.chat_id,
        sw.chat_id,
        duty.chat_id,
    }


async def test_in_working_hours_the_duty_worker_is_not_needed(world, team):
    duty = await world.join("duty", "Dee Duty")
    iro, sw, _ = team
    sky = await world.join(
        "child", "Sky Test", dob=CHILD_DOB, iro_id=iro.person_id, social_worker_id=sw.person_id
    )
    await choose_words(sky)
    replies = await sky.send("he hits me")
    assert replies.to(duty.chat_id) == []


async def test_the_child_hears_their_own_word_for_their_social_worker_and_first_names(world, team):
    iro, sw, _ = team
    sky = await world.join(
        "child", "Sky Test", dob=CHILD_DOB, iro_id=iro.person_id, social_worker_id=sw.person_id
    )
    await choose_words(sky, ["Nan's", "Nan", "Family time", "My meeting"])
    await sky.send("Ama")  # what Sky calls her social worker
    replies = await sky.send("he hits me")
    told = replies.to(sky.chat_id)[0].plain
    assert "I'm telling Jo and Ama now" in told
    assert "Example" not in told and "Sample" not in told  # never a full name


async def test_a_worker_who_blocked_the_bot_is_not_named(world, team):
    iro, sw, _ = team
    sky = await world.join(
        "child", "Sky Test", dob=CHILD_DOB, iro_id=iro.person_id, social_worker_id=sw.person_id
    )
    await choose_words(sky)
    await blocks_the_bot(world, sw)
    replies = await sky.send("he hits me")
    assert "I'm telling Jo now" in replies.to(sky.chat_id)[0].plain
    assert replies.to(sw.chat_id) == []


async def test_when_the_alert_cannot_be_delivered_the_managers_hear_at_once(world, team, reminders):
    iro, sw, _ = team
    manager = await world.join("manager", "Max Example")
    sky = await world.join(
        "child", "Sky Test", dob=CHILD_DOB, iro_id=iro.person_id, social_worker_id=sw.person_id
    )
    await choose_words(sky)
    # Both workers' chats refuse the alert (they blocked the bot without Telegram saying).
    world.double.fail("sendMessage", 403, chat_id=iro.chat_id, times=None)
    world.double.fail("sendMessage", 403, chat_id=sw.chat_id, times=None)
    await sky.send("he hits me")
    sent = await reminders.run(START + timedelta(minutes=1))
    sent += await reminders.run(START + timedelta(minutes=2))
    to_manager = [m for m in sent.to(manager.chat_id) if "Nobody has said" in m.plain]
    assert len(to_manager) == 1, "not 30 minutes later: now"
    assert START + timedelta(minutes=2) < START + ESCALATE_AFTER


async def test_after_telling_the_child_is_not_hurried_and_chooses_what_next(world, people):
    sky = people.sky
    replies = await sky.send("he hits me")
    assert replies.to(sky.chat_id)[-1].plain == said(safety.CHILD_WHAT_NEXT)
    # A break keeps their place.
    breather = await sky.tap(said(safety.BREAK_BUTTON))
    assert breather.to(sky.chat_id)[-1].plain == said(safety.CHILD_BREAK)
    back = await sky.send("/myreview")
    assert "Question 2 of 28" in back.to(sky.chat_id)[-1].plain


async def test_a_child_who_wants_to_talk_to_someone_is_heard(world, people):
    sky = people.sky
    await sky.send("he hits me")
    replies = await sky.tap(said(safety.TALK_BUTTON))
    told = replies.to(sky.chat_id)[-1]
    assert told.plain == said(safety.CHILD_TALK_TOLD, who="Jo and your social worker")
    assert told.button_labels == [said(safety.CARRY_ON_BUTTON)]
    for worker in (people.iro, people.sw):
        (message,) = replies.to(worker.chat_id)
        assert message.plain.startswith("💬 Sky Test would like to talk to someone")
        assert message.button_labels == [ON_IT]
    # Tapped twice, the adults are not told twice; the child hears the same truth.
    again = await sky.tap_data(f"aa:{alerts(world)[0].id}:talk", 1)
    assert again.to(people.iro.chat_id) == []
    assert again.to(sky.chat_id)[-1].plain.startswith("💛 I've told Jo and your social worker")


async def test_alerts_at_the_command_line_say_who_was_told_and_are_audited(
    world, people, world_cli
):
    await people.sky.send("he hits me")
    await people.sw.tap(ON_IT)
    code, out, _ = world_cli("alerts", "list", "--open", "--json")
    assert code == 0 and json.loads(out) == {"alerts": []}  # someone is on it
    code, out, _ = world_cli("alerts", "list", "--json")
    (listed,) = json.loads(out)["alerts"]
    assert listed["acknowledged_by"] == "Pat Sample"
    assert {t["name"] for t in listed["told"] if t["status"] == "sent"} == {
        "Jo Example",
        "Pat Sample",
    }
    assert "words" not in listed  # a list never shows a child's words
    code, out, _ = world_cli("alerts", "show", str(listed["id"]))
    assert code == 0 and "> he hits me" in out and "on it: Pat Sample" in out
    with world.rt.session() as session:
        actions = [e.action for e in session.exec(select(AuditEvent))]
    assert "alert_listed" in actions and "alert_read" in actions
    code, out, _ = world_cli("alerts", "show", "999")
    assert code == 1


async def test_mydata_names_only_who_was_actually_sent_the_alert(world, team):
    iro, _, _ = team
    robin, _ = world.add("social_worker", "Robin Unlinked")  # never opens the invite
    sky = await world.join(
        "child", "Sky Test", dob=CHILD_DOB, iro_id=iro.person_id, social_worker_id=robin
    )
    await choose_words(sky)
    await sky.send("he hits me")
    mydata = await sky.send("/mydata")
    told = [found for m in mydata for found in re.findall(r"\. I told ([^.\n]*)\.", m.plain)]
    assert told == ["Jo"]
