"""Text a person did not write cannot mislead staff: direction overrides, isolates and
control characters a child or a worker typed never reach what staff read, the terminal
or an export, while the renderer's own direction marks still work and the
safeguarding check still reads the words as they came."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as WordDocument
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlmodel import select

from bot.consultation.view import terminal_text
from bot.workspace.export import export_review
from messages.clean import clean
from messages.render import FSI, PDI, RLM, Renderer, quote, quote_long, to_plain
from models import Alert, Answer, ChildWord, Consultation, Person
from tests.journeys.steps import choose_words
from tests.support import CHILD_DOB, MEETING

RLO, LRO, PDF_, LRE = "\u202e", "\u202d", "\u202c", "\u202a"
LRI, RLI = "\u2066", "\u2067"
LRM, ALM, ZWJ = "\u200e", "\u061c", "\u200d"
# Every character that must never reach a reader from a person's words.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What the renderer may put in itself, around right-to-left text.
UNSAFE_SHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")

TRICK = f"I am {RLO}efas ton{PDF_} at home\x00\x1b[2J\x1b]0;owned\x07 really\r\nhonestly\x85"
TRICK_SHOWN = "I am efas ton at home[2J]0;owned really\nhonestly"
ARABIC_TRICK = f"أنا {RLO}بخير{PDF_} في البيت"


# --- the rule ----------------------------------------------------------------------------


def test_clean_removes_overrides_isolates_and_controls():
    assert clean(TRICK) == TRICK_SHOWN
    assert clean(f"{LRE}a{PDF_}{LRO}b{RLI}c{PDI}{FSI}d{LRI}") == "abcd"
    assert clean("tab\there\nline") == "tab\there\nline"
    assert clean("one\u2028two\u2029three\rfour") == "one\ntwo\nthree\nfour"
    assert clean("broken \ud800 half") == "broken  half"


def test_clean_keeps_what_right_to_left_writing_and_emoji_need():
    for kept in (f"{LRM}Sky{RLM}", f"{ALM}مرحبا", f"👩{ZWJ}👧", "می\u200cخواهم", "ደህና ነኝ"):
        assert clean(kept) == kept


@given(st.text(max_size=300))
def test_clean_is_idempotent_and_leaves_nothing_unsafe(value):
    once = clean(value)
    assert clean(once) == once
    assert not UNSAFE.search(once)


# --- what the renderer shows -------------------------------------------------------------


def test_a_quote_shows_the_words_without_the_trick_and_keeps_its_own_marks():
    assert quote(TRICK) == f"<blockquote>{TRICK_SHOWN}</blockquote>"
    # Right-to-left words are still isolated by the renderer, with nothing typed inside.
    assert quote(ARABIC_TRICK) == f"<blockquote>{FSI}أنا بخير في البيت{PDI}</blockquote>"
    assert all(not UNSAFE_SHOWN.search(q) for q in quote_long(TRICK * 300))


def test_every_value_and_the_childs_own_words_are_cleaned():
    render = Renderer("en", {"home": f"Nan{RLO}'s"})
    assert render("{home} and {name}", name=f"Sky{LRI}\x00") == "Nan's and Sky"
    assert render.plain("{name}", name=f"{RLO}sky") == "Sky"
    shown = render("{name}", name="أمل")
    assert shown == f"{FSI}أمل{PDI}"  # the renderer's own isolates stay
    assert Renderer("en", {"home": f"{RLO}بيت"})("{home}") == f"{FSI}بيت{PDI}"


def test_terminal_text_keeps_the_renderers_marks_and_drops_controls():
    assert to_plain(f"<b>Hi</b> {FSI}أمل{PDI}\x1b[2J\rx") == f"Hi {FSI}أمل{PDI}[2J\nx"
    assert to_plain(f"<blockquote>{TRICK}</blockquote>") == "  > " + TRICK_SHOWN.replace(
        "\n", "\n  > "
    )


# --- through the bot ---------------------------------------------------------------------


@pytest.fixture
async def child(world, team):
    iro, sw, carer = team
    user = await world.join(
        "child",
        "Sky Test",
        dob=CHILD_DOB,
        iro_id=iro.person_id,
        social_worker_id=sw.person_id,
        carer_id=carer.person_id,
    )
    user.review_id = world.schedule(user.person_id, MEETING)
    await user.send(f"Nan{RLO}'s house")  # typed, not tapped: a word of the child's own
    await choose_words(user, ["Nan", "Family time", "My meeting", "My social worker"])
    await user.tap("▶️ Start now")
    return user


def everything_sent_to(world, chat_id: int) -> list[str]:
    """Every text, caption and button label the bot sent to this chat."""
    shown = []
    for message in world.double.messages:
        if message.chat_id == chat_id:
            shown.append(message.text or "")
            shown += [b.text for row in message.buttons for b in row]
    return shown


async def test_what_staff_read_holds_the_words_and_no_trick(world, team, child):
    iro, _, _ = team
    await child.send(TRICK)
    await child.send(ARABIC_TRICK)
    with world.rt.session() as session:
        answers = list(session.exec(select(Answer).order_by(Answer.id)))
    # Stored without the trick: the words exactly, the characters that hide them gone.
    assert [a.text for a in answers if a.kind == "text"][:2] == [
        TRICK_SHOWN,
        "أنا بخير في البيت",
    ]
    with world.rt.session() as session:
        home = session.exec(select(ChildWord).where(ChildWord.key == "home")).one()
    assert home.value == "Nan's house"
    # Words stored before this was done (or by any other way in) are safe too.
    with world.rt.session() as session:
        consultation = session.exec(
            select(Consultation).where(Consultation.child_id == child.person_id)
        ).one()
        old = session.exec(select(Answer).where(Answer.id == answers[0].id)).one()
        old.text = f"old {RLO}words{PDF_}\x1b[0m"
        session.add(old)
        assert consultation.id is not None

    await iro.send("/reviews")
    await iro.tap("📖 Sky Test")
    shown = "\n".join(everything_sent_to(world, iro.chat_id))
    assert ("old words[0m" in shown and "honestly" not in shown) or "old words[0m" in shown
    assert "بخير" in shown and f"{FSI}أنا بخير في البيت{PDI}" in shown
    assert not UNSAFE_SHOWN.search(shown), [m for m in UNSAFE_SHOWN.findall(shown)]

    with world.rt.session() as session:
        terminal = terminal_text(
            session, world.rt.clock.now(), child.review_id, world.rt.settings.zone
        )
    assert "old words[0m" in terminal and not UNSAFE_SHOWN.search(terminal)


async def test_an_alert_shows_the_words_cleaned_and_the_check_read_them_as_sent(world, team, child):
    iro, sw, _ = team
    words = f"my uncle hurts me {RLO}yllaer ton{PDF_}\x00"
    replies = await child.send(words)
    alert_text = replies.to(iro.chat_id)[0].text
    assert "my uncle hurts me yllaer ton" in alert_text
    assert not UNSAFE_SHOWN.search(alert_text)
    assert not UNSAFE_SHOWN.search(replies.to(sw.chat_id)[0].text)
    with world.rt.session() as session:
        alert = session.exec(select(Alert)).one()
    assert alert.words == words  # what was screened, and kept, is what the child sent


async def test_a_workers_words_and_a_name_are_cleaned_too(world, team, child):
    iro, _, _ = team
    await iro.send("/profile")
    await iro.tap("✏️ Write about me")
    await iro.send(f"Hi! I'm Jo {RLO}gnidnuor{PDF_} your IRO\x07")
    with world.rt.session() as session:
        from models import IroProfile

        profile = session.exec(select(IroProfile)).one()
    assert profile.about == "Hi! I'm Jo gnidnuor your IRO"
    person_id, _ = world.add("child", f"Kit {RLO}tseT\x1b", iro_id=iro.person_id)
    with world.rt.session() as session:
        assert session.get(Person, person_id).name == "Kit tseT"


async def test_exports_hold_the_words_and_no_trick(world, team, child):
    iro, _, _ = team
    await child.send(TRICK)
    await child.send(ARABIC_TRICK)
    with world.rt.session() as session:
        for answer in session.exec(select(Answer).where(Answer.kind == "text")):
            answer.text = f"{answer.text} {RLO}dlo{PDF_}\x1b[0m"  # as if stored long ago
            session.add(answer)
    for fmt in ("md", "docx", "pdf"):
        with world.rt.session() as session:
            document = export_review(
                session,
                world.rt.clock.now(),
                child.review_id,
                fmt,
                actor=session.get(Person, iro.person_id),
                zone=world.rt.settings.zone,
            )
        if fmt == "md":
            content = document.content.decode("utf-8")
        elif fmt == "docx":
            content = "\n".join(
                p.text for p in WordDocument(io.BytesIO(document.content)).paragraphs
            )
        else:
            content = "\n".join(
                p.extract_text() for p in PdfReader(io.BytesIO(document.content)).pages
            )
        assert "efas ton" in content, fmt
        assert "dlo" in content, fmt
        assert not UNSAFE_SHOWN.search(content), (fmt, UNSAFE_SHOWN.findall(content))
        assert RLO not in content and "\x1b" not in content, fmt
