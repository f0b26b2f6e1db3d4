"""An update Telegram delivers twice is acted on once: nothing saved twice, nothing sent twice.

Telegram re-delivers an update it did not hear back about: after a crash before
the bot confirmed it, and, with webhooks, after a slow answer.
"""

from __future__ import annotations

import json
import time

from cryptography.fernet import Fernet
from sqlmodel import select

from models import Answer
from telegram_double.server import BotAPIServer
from tests.journeys.processes import RemoteUser, environment, myreview, running_bot
from tests.support import CHILD_DOB, MEETING


def _answers(world) -> list[Answer]:
    with world.rt.session() as session:
        return list(session.exec(select(Answer)))


async def test_the_same_answer_delivered_twice_is_saved_once_and_answered_once(
    world, team, started_child
):
    sky = started_child
    update = sky.text_update("I want to go to all of it")
    first = await sky.deliver(update)
    again = await sky.deliver(update)
    assert first.to(sky.chat_id)  # the next question
    assert again == [] and again.answer is None
    assert [a.text for a in _answers(world)] == ["I want to go to all of it"]
    # The child is on the second question, not the third.
    assert "2 of" in sky.last_with_buttons().plain


async def test_the_same_tap_delivered_twice_moves_on_once(world, team, started_child):
    sky = started_child
    question = sky.last_with_buttons()
    data = question.buttons[0][0].callback_data
    update = sky.callback_update(data, question.raw)
    await sky.deliver(update)
    again = await sky.deliver(update)
    assert again == []
    assert len(_answers(world)) == 1


async def test_a_redelivered_alert_is_raised_once(world, team, started_child):
    sky = started_child
    update = sky.text_update("he hits me")
    first = await sky.deliver(update)
    again = await sky.deliver(update)
    iro = team[0]
    assert len(first.to(iro.chat_id)) == 1 and again.to(iro.chat_id) == []


def test_killed_after_saving_but_before_confirming_the_answer_is_kept_once(tmp_path, database_url):
    """A real `myreview run`, killed with SIGKILL after it saved an answer and sent the
    next question, but before its next getUpdates told Telegram it had the update.
    Telegram sends the update again to the restarted bot, which changes nothing."""
    server = BotAPIServer().start()
    try:
        env = environment(database_url, Fernet.generate_key().decode(), server)
        log = tmp_path / "bot.log"
        myreview(env, "db", "upgrade", cwd=tmp_path)
        iro = json.loads(myreview(env, "people", "add", "--role", "iro", "--name", "Jo Example",
                                  "--json", cwd=tmp_path).stdout)  # fmt: skip
        child = json.loads(myreview(env, "people", "add", "--role", "child", "--name", "Sky Test",
                                    "--dob", CHILD_DOB.isoformat(), "--iro", str(iro["id"]),
                                    "--json", cwd=tmp_path).stdout)  # fmt: skip
        at = MEETING.strftime("%Y-%m-%dT%H:%M")
        now = ["--now", "2026-11-23T10:00+00:00"]
        myreview(env, *now, "reviews", "add", "--child", str(child["id"]), "--at", at, cwd=tmp_path)
        sky = RemoteUser(server, 5001, "Sky")
        with running_bot(env, tmp_path, log) as bot:
            sky.say(f"/start {child['invite_token']}", expect="Which language")
            sky.press("English", expect="What do you call the place")
            words = {
                "Nan's": "the people who look after you",
                "Nan": "the time you spend with your family",
                "Family time": "would you like to call that meeting",
                "My meeting": "your social worker",
                "My social worker": "Would you like to start",
            }
            for label, expect in words.items():
                sky.press(label, expect=expect)
            sky.press("▶️ Start now", expect="1 of 28")
            # From now on the bot gets each new update but can never confirm it.
            server.hold_polling()
            # Saved, and the next question sent: then the process dies at once.
            sky.say("I want to go to all of it", expect="2 of 28")
            bot.kill()  # SIGKILL: no goodbye, no confirmation
            bot.wait(timeout=30)
        pending = [u["update_id"] for u in server.double.pending_updates]
        assert pending, "the update must still be waiting for confirmation"
        server.release_polling()
        sent_before = len(sky.history)
        with running_bot(env, tmp_path, log):
            # Wait until the new process has the update and confirms it (offset past it).
            server.wait_for(lambda: not server.double.pending_updates, timeout=30)
            time.sleep(0.5)  # anything it would (wrongly) send is sent by now
        extra = [(m.method, m.plain[:80]) for m in sky.history[sent_before:]]
        assert extra == [], "a repeat sends nothing"
        answers = myreview(env, "consultations", "show", "--review", "1", cwd=tmp_path).stdout
        assert answers.count("I want to go to all of it") == 1
    finally:
        server.stop()
