"""A child's rights, and what is kept for how long: /mydata, the audit log at the command
line, deactivating someone at once, leaving care and retention (the figures unchanged),
and rotating the data key."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import text
from sqlmodel import select

from bot.cli import main
from bot.platform.encryption import key_file_for
from bot.platform.settings import load_settings
from bot.privacy import my_data as privacy
from bot.workspace import stats
from messages import safety
from messages import text as common
from messages.render import utf16_len
from models import (
    Alert,
    Answer,
    AuditEvent,
    ChildWord,
    Consultation,
    Invite,
    LeftCare,
    Notification,
    Person,
    Review,
    Summary,
    SummaryReply,
)
from tests.journeys.steps import choose_words, rows
from tests.support import CHILD_DOB, DATA_KEY, MEETING, START, said

ON_IT = "🙋 I'm on it"
STRANGER = said(common.HELLO_STRANGER)
# Over one message long, in words a child might write (and with characters HTML escapes).
LONG = " ".join(f"Day {n}: football & drawing <3 with Nan." for n in range(150))


# --- /mydata ---------------------------------------------------------------------------------


async def test_mydata_gives_a_child_everything_held_about_them(world, people):
    sky, iro = people.sky, people.iro
    await sky.send(LONG)
    await sky.send("I like football")
    await sky.send("i want to die")
    world.rt.clock.set(START + timedelta(minutes=20))
    await iro.tap(ON_IT)
    world.rt.clock.set(START + timedelta(hours=2))
    await iro.send("/reviews")
    await iro.tap("📖 Sky Test")

    world.rt.clock.set(START + timedelta(days=1))
    replies = await sky.send("/mydata")

    assert {m.chat_id for m in replies} == {sky.chat_id}
    messages, document = replies[:-1], replies[-1]
    assert all(utf16_len(m.text) <= 4096 for m in messages)
    shown = "\n".join(m.plain for m in messages)
    assert shown.startswith("📂 Everything I keep about you\n")
    for line in (
        "Name: Sky Test",
        "Date of birth: 14 March 2012",
        "Language: English",
        "The person who runs your meeting: Jo Example",
        "Your social worker: Pat Sample",
        "Nan: Lee Sample",
        "What do you call the place where you live? “Nan's”",
        "Your meeting: Tuesday 8 December, 10:00\nMy Review: started, not sent yet",
        "Do you want to come to your meeting?\nDay 0: football & drawing <3 with Nan.",
        "I like football",
        "Monday 23 November, 12:00: Jo Example (runs your meeting) read your My Review",
        "Monday 23 November, 10:00: Pat Sample (your social worker) was told you might not "
        "be safe, and given your words",
        "Tuesday 24 November, 10:00: You asked for a copy of everything I keep about you",
        "Monday 23 November, 10:00: you might hurt yourself. I told Jo and your social worker.",
        "Jo Example said they would help, at Monday 23 November, 10:20.",
    ):
        assert line in shown, line
    assert "Day 149: football & drawing <3 with Nan." in shown
    # The file holds the same, and each answer whole, exactly as written.
    assert document.document_name == "my-data-2026-11-24.txt"
    assert document.plain == said(safety.MYDATA_FILE_CAPTION)
    content = document.document_bytes.decode("utf-8")
    assert LONG in content and "i want to die" in content and "Name: Sky Test" in content
    assert [e.actor_id for e in rows(world, AuditEvent, AuditEvent.action == "mydata")] == [
        sky.person_id
    ]


async def test_mydata_shows_what_the_iro_wrote_after_the_meeting_and_the_reply(world, people):
    sky, iro = people.sky, people.iro
    with world.rt.session() as session:
        summary = Summary(
            review_id=sky.review_id,
            child_id=sky.person_id,
            iro_id=iro.person_id,
            text="Dear Sky, we agreed you can see Mum every week.",
            status="sent",
            created_at=MEETING,
            sent_at=MEETING + timedelta(hours=3),
        )
        draft = Summary(
            review_id=sky.review_id,
            child_id=sky.person_id,
            iro_id=iro.person_id,
            text="A draft Jo never sent",
            created_at=MEETING,
        )
        session.add_all([summary, draft])
        session.flush()
        session.add(
            SummaryReply(
                summary_id=summary.id,
                child_id=sky.person_id,
                text="Thank you Jo!!",
                created_at=MEETING + timedelta(hours=5),
            )
        )
    world.rt.clock.set(MEETING + timedelta(days=1))
    shown = "\n".join(m.plain for m in (await sky.send("/mydata"))[:-1])
    assert (
        "💌 What Jo wrote to you after your meeting\n\n"
        "Tuesday 8 December, 13:00, Jo Example wrote:\n"
        "Dear Sky, we agreed you can see Mum every week.\n\n"
        "Tuesday 8 December, 15:00, you wrote back:\nThank you Jo!!"
    ) in shown
    assert "A draft Jo never sent" not in shown


async def test_mydata_shows_answers_that_were_changed_and_who_typed_them(world, team):
    iro, _, carer = team
    kit_id, _ = world.add(
        "child", "Kit Test", dob=date(2016, 1, 1), iro_id=iro.person_id, carer_id=carer.person_id
    )
    world.schedule(kit_id, MEETING)
    await carer.send("/helpchild")
    await carer.tap("Kit Test")
    await choose_words(carer)
    await carer.tap("▶️ Start now")
    await carer.send("Kit says maybe")
    await carer.tap("⬅️ Back")
    await carer.send("Kit says yes")
    with world.rt.session() as session:
        kit = session.get(Person, kit_id)
        blocks = privacy.data_blocks(session, START, kit, privacy.Renderer("en"))
    shown = "\n".join(blocks)
    assert "You changed this answer later. This is what you said first:" in shown
    assert "Kit says maybe" in shown and "Kit says yes" in shown
    assert "(typed by Lee Sample, helping you)" in shown


@pytest.mark.parametrize("who", ["iro", "sw", "carer"])
async def test_mydata_is_for_children_only(world, people, who):
    person = getattr(people, who)
    replies = await person.send("/mydata")
    assert replies.texts == [said(safety.ONLY_FOR_CHILDREN)]
    assert rows(world, AuditEvent, AuditEvent.action == "mydata") == []


async def test_mydata_for_someone_unknown_reveals_nothing(world, people):
    stranger = world.user("Stranger")
    assert (await stranger.send("/mydata")).texts == [STRANGER]


# --- the audit log at the command line -----------------------------------------------------------


async def test_a_manager_reads_who_did_what_and_when_at_the_command_line(world, people, world_cli):
    sky, iro = people.sky, people.iro
    await sky.send("i want to die")
    await iro.tap(ON_IT)
    await iro.send("/reviews")
    await iro.tap("📖 Sky Test")

    code, out, err = world_cli("audit", "--child", str(sky.person_id))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"2026-11-23 10:00  Sky Test (child {sky.person_id})  alert_raised  " + (
        f"review {sky.review_id}  alert 1: self_harm (answer:meeting.attend)"
    )
    assert f"2026-11-23 10:00  Jo Example (iro {iro.person_id})  read_consultation" in out
    assert "alert_delivered" in out and "alert_acknowledged" in out
    assert "i want to die" not in out

    code, out, _ = world_cli("audit", "--child", str(sky.person_id), "--json")
    payload = json.loads(out)
    assert payload["child"] == sky.person_id
    actions = [e["action"] for e in payload["events"]]
    assert actions[-1] == "read_audit"  # the previous look at the log is on it too
    assert {"actor": {"id": iro.person_id, "name": "Jo Example", "role": "iro"}}.items() <= {
        "actor": next(e["actor"] for e in payload["events"] if e["action"] == "read_consultation")
    }.items()
    assert (
        world_cli("audit", "--child", str(iro.person_id))[2]
        == "myreview: person 1 is not a child\n"
    )


# --- deactivating someone: access ends at once ---------------------------------------------------


async def test_a_social_worker_removed_mid_conversation_is_cut_off_at_once(
    world, people, world_cli
):
    sky, sw = people.sky, people.sw
    await sw.send("/helpchild")
    await sw.tap("Sky Test")
    await sw.send("Sky says the garden is nice")
    before = rows(world, Answer)
    pending = rows(
        world,
        Notification,
        Notification.recipient_id == sw.person_id,
        Notification.status == "pending",
    )
    assert pending  # the report reminders

    code, out, err = world_cli("people", "deactivate", str(sw.person_id), "--json")
    # No error; stderr has the command's own WARNING log line, as on an operator's terminal.
    assert code == 0 and "myreview:" not in err and "deactivated" in err
    result = json.loads(out)
    assert result["notifications_cancelled"] == len(pending)

    assert (await sw.send("Sky says more")).texts == [STRANGER]
    assert (await sw.send("/reviews")).texts == [STRANGER]
    replies = await sw.tap_data(f"r:{sky.review_id}", 1)
    assert replies.texts == [] and replies.answer.text == said(common.BUTTON_GONE)
    assert len(rows(world, Answer)) == len(before)
    assert (
        rows(
            world,
            Notification,
            Notification.recipient_id == sw.person_id,
            Notification.status == "pending",
        )
        == []
    )
    # Sky's alerts now go to the IRO alone.
    replies = await sky.send("i want to die")
    assert replies.to(sw.chat_id) == [] and len(replies.to(people.iro.chat_id)) == 1
    assert "I'm telling Jo now" in replies.to(sky.chat_id)[0].plain


async def test_a_carer_helping_when_the_child_is_deactivated_is_cut_off(world, people, world_cli):
    carer, sky = people.carer, people.sky
    await carer.send("/helpchild")
    await carer.tap("Sky Test")
    assert world_cli("people", "deactivate", str(sky.person_id))[0] == 0
    assert (await sky.send("hello")).texts == [STRANGER]
    replies = await carer.send("Sky says hello")
    assert "Sky" not in " ".join(replies.texts)
    with world.rt.session() as session:
        assert session.get(Person, carer.person_id).helping_child_id is None
        assert session.get(Person, sky.person_id).telegram_user_id is None


async def test_deactivating_someone_unknown_is_a_clear_error(world, people, world_cli):
    assert world_cli("people", "deactivate", "999")[1:] == ("", "myreview: no person with id 999\n")


# --- leaving care and retention ------------------------------------------------------------


async def test_leaving_care_is_recorded_for_a_child_only_and_never_in_the_future(
    world, people, world_cli
):
    sky = people.sky
    code, out, _ = world_cli("people", "left-care", str(sky.person_id), "--on", "2026-11-20")
    assert code == 0
    assert out.startswith(f"child {sky.person_id} left care on 2026-11-20;")
    assert rows(world, LeftCare)[0].left_on == date(2026, 11, 20)
    err = world_cli("people", "left-care", str(sky.person_id), "--on", "2026-12-20")[2]
    assert err == "myreview: the leaving-care date is in the future\n"
    err = world_cli("people", "left-care", str(people.iro.person_id), "--on", "2026-11-20")[2]
    assert err == "myreview: person 1 is not a child\n"


async def test_retention_removes_the_words_keeps_the_figures_and_anonymises(
    world, people, world_cli
):
    sky, iro = people.sky, people.iro
    await sky.send("My secret garden is purple")
    await sky.send("i want to die")
    with world.rt.session() as session:
        review = session.get(Review, sky.review_id)
        review.status = "held"
        review.held_at = MEETING
        review.participation_code = "PN6"
        review.report_shared_at = MEETING - timedelta(days=6)
        session.add(
            Summary(
                review_id=review.id,
                child_id=sky.person_id,
                iro_id=iro.person_id,
                text="Dear Sky, you told us about the garden",
                original="Dear Sky",
                status="sent",
                created_at=MEETING,
                sent_at=MEETING,
            )
        )
        session.flush()
        summary_id = session.exec(select(Summary.id)).one()
        session.add(
            SummaryReply(
                summary_id=summary_id, child_id=sky.person_id, text="thanks jo", created_at=MEETING
            )
        )
    # Rowan left care recently: nothing of theirs is touched.
    rowan = await world.join("child", "Rowan Test", dob=CHILD_DOB, iro_id=iro.person_id)
    await choose_words(rowan)

    later = datetime(2028, 2, 1, 10, tzinfo=UTC)
    assert (
        world_cli("people", "left-care", str(sky.person_id), "--on", "2027-01-15", now=later)[0]
        == 0
    )
    assert (
        world_cli("people", "left-care", str(rowan.person_id), "--on", "2027-06-01", now=later)[0]
        == 0
    )

    def figures() -> dict:
        with world.rt.session() as session:
            start, end = date(2026, 4, 1), date(2027, 3, 31)
            return stats.compute(session, start, end, later, world.rt.settings.zone).as_json()

    before = figures()
    assert [r["reviews"] for r in before["participation"] if r["code"] == "PN6"] == [0, 1]
    assert before["consultations"]["started"] == 1
    assert before["language_that_cares"]["with_words"] == 1

    code, out, _ = world_cli("retention", "run", "--dry-run", "--json", now=later)
    assert code == 0
    dry = json.loads(out)
    assert dry["dry_run"] is True and dry["retention_days"] == 365
    assert [c["child"] for c in dry["children"]] == [sky.person_id]
    assert dry["children"][0]["answers_deleted"] == 2
    assert len(rows(world, Answer)) == 2  # a dry run changes nothing

    code, out, _ = world_cli("retention", "run", now=later)
    assert code == 0
    assert out == (
        f"child {sky.person_id} (left care 2027-01-15): removed alert words removed 1, "
        "answers deleted 2, child word words removed 5, invites deleted 1, notifications "
        "cancelled 1, summary reply words removed 1, summary words removed 1; anonymised\n"
    )

    assert figures() == before
    assert rows(world, Answer) == []
    assert rows(world, Invite, Invite.person_id == sky.person_id) == []
    assert {w.value for w in rows(world, ChildWord, ChildWord.child_id == sky.person_id)} == {""}
    assert rows(world, ChildWord, ChildWord.child_id == rowan.person_id)[0].value != ""
    (alert,) = rows(world, Alert)
    assert (alert.words, alert.concerns) == (None, ["self_harm"])
    (summary,) = rows(world, Summary)
    assert (summary.text, summary.original, summary.status) == ("", None, "sent")
    assert rows(world, SummaryReply)[0].text == ""
    with world.rt.session() as session:
        child = session.get(Person, sky.person_id)
        assert child.name == f"Child {sky.person_id} (anonymised)"
        assert (child.dob, child.telegram_user_id, child.active) == (date(2012, 1, 1), None, False)
        consultation = session.exec(select(Consultation)).first()
        assert (consultation.status, consultation.band) == ("in_progress", "13+")
    assert rows(world, LeftCare, LeftCare.child_id == sky.person_id)[0].anonymised_at == later
    assert (await sky.send("hello")).texts == [STRANGER]
    # Nothing of the child's words anywhere in the database any more.
    with world.rt.db.engine.connect() as connection:
        for table in ("answer", "alert", "summary", "summary_reply", "child_word"):
            for row in connection.execute(text(f"SELECT * FROM {table}")):
                assert "garden" not in str(row)
    # Run again: nothing more is due.
    assert world_cli("retention", "run", "--json", now=later)[1].count('"child":') == 0


async def test_the_retention_period_is_a_setting(world, people, world_cli, monkeypatch):
    assert load_settings().retention_days == 365
    monkeypatch.setenv("MYREVIEW_RETENTION_DAYS", "30")
    assert world_cli("people", "left-care", str(people.sky.person_id), "--on", "2026-10-01")[0] == 0
    out = world_cli("retention", "run", "--dry-run", "--json")[1]
    assert json.loads(out)["retention_days"] == 30
    assert [c["child"] for c in json.loads(out)["children"]] == [people.sky.person_id]


# --- the data key --------------------------------------------------------------------------


async def test_keys_rotate_re_encrypts_everything_with_the_first_key(
    world, people, world_cli, monkeypatch
):
    await people.sky.send("My secret garden is purple")
    await people.sky.send("i want to die")
    new = Fernet.generate_key().decode()
    monkeypatch.setenv("MYREVIEW_DATA_KEY", f"{new},{DATA_KEY}")
    code, out, _ = world_cli("keys", "rotate", "--json")
    assert code == 0
    report = json.loads(out)
    assert "alert.words" in report["columns"] and report["values"] >= 7
    with world.rt.db.engine.connect() as connection:
        (token,) = connection.execute(text("SELECT words FROM alert")).one()
    assert Fernet(new.encode()).decrypt(token.encode()) == b"i want to die"
    with pytest.raises(InvalidToken):
        Fernet(DATA_KEY.encode()).decrypt(token.encode())
    err = world_cli("keys", "rotate", "--new-key")[2]
    assert err.startswith("myreview: --new-key works with the embedded key file only.")


def test_keys_rotate_new_key_with_the_embedded_key_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'myreview.db'}")
    monkeypatch.delenv("MYREVIEW_DATA_KEY", raising=False)

    def run(*args: str) -> tuple[int, str]:
        code = main(["--now", "2026-11-23T10:00+00:00", *args])
        return code, capsys.readouterr().out

    assert run("db", "upgrade")[0] == 0
    iro = json.loads(run("people", "add", "--role", "iro", "--name", "Jo Example", "--json")[1])
    child = json.loads(
        run(
            *("people", "add", "--role", "child", "--name", "Sky Test"),
            *("--iro", str(iro["id"]), "--json"),
        )[1]
    )
    from bot.platform.runtime import open_runtime
    from bot.safeguarding.alerts import raise_alert

    rt = open_runtime(load_settings())
    with rt.session() as session:
        sky = session.get(Person, child["id"])
        raise_alert(
            session, START, child=sky, actor=sky, concerns=("self_harm",), rules=("x",),
            source="message", words="i want to die",
        )  # fmt: skip
    key_file = key_file_for(tmp_path / "myreview.db")
    old = key_file.read_text().strip().split(",")

    code, out = run("keys", "rotate", "--new-key")
    assert code == 0 and "restart the bot" in out
    keys = key_file.read_text().strip().split(",")
    assert len(keys) == 2 and keys[1:] == old
    with rt.db.engine.connect() as connection:
        (token,) = connection.execute(text("SELECT words FROM alert")).one()
    assert Fernet(keys[0].encode()).decrypt(token.encode()) == b"i want to die"
    rt.db.dispose()


async def test_mydata_sends_back_the_childs_photos_and_voice_notes_and_their_feedback(
    world, people
):
    from models import Feedback, FeedbackAnswer

    sky = people.sky
    await sky.send_photo(file_id="photo-of-my-bike", caption="My bike")
    await sky.send_voice(file_id="voice-about-school")
    with world.rt.session() as session:
        feedback = Feedback(
            review_id=sky.review_id,
            person_id=sky.person_id,
            question_set="child_attended",
            created_at=world.rt.clock.now(),
        )
        session.add(feedback)
        session.flush()
        session.add(
            FeedbackAnswer(
                feedback_id=feedback.id,
                question_key="feel",
                value="4",
                answered_at=world.rt.clock.now(),
            )
        )

    replies = await sky.send("/mydata")

    shown = "\n".join(m.plain for m in replies if m.method == "sendMessage")
    assert "What you told us about your meeting on Tuesday 8 December" in shown
    assert "How did you feel about your meeting? 🙂" in shown
    media = [(m.method, m.file_id) for m in replies if m.method in ("sendPhoto", "sendVoice")]
    assert media == [("sendPhoto", "photo-of-my-bike"), ("sendVoice", "voice-about-school")]
