"""A whole My Review in the child's own language: the picker, their own words, a
disclosure the safety check reads in that language, and what their IRO reads.

Arabic and Tigrinya stand for the rest (right to left, and Ge'ez script); every
language is checked for its first question and its disclosure replies.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from messages import languages, text
from messages import safety as safety_words
from messages.render import Renderer
from tests.journeys.steps import alerts, answers
from tests.support import CHILD_DOB, MEETING

CORPUS = Path(__file__).parents[1] / "disclosure_corpus"
RLM = "\u200f"


def first_harm(code: str) -> str:
    corpus = tomllib.loads((CORPUS / f"{code}.toml").read_text(encoding="utf-8"))
    return corpus["must_trigger"]["harm_by_others"][0]


async def join_in(world, team, code: str, app_language: str | None = None):
    iro, sw, carer = team
    child = await world.join(
        "child",
        "Sky Test",
        dob=CHILD_DOB,
        iro_id=iro.person_id,
        social_worker_id=sw.person_id,
        carer_id=carer.person_id,
        language=languages.language(code).name,
        app_language=app_language or code,
    )
    child.review_id = world.schedule(child.person_id, MEETING)
    return child


async def choose_first_suggestions(child) -> None:
    """Tap the first suggestion for each of the child's own words, as offered."""
    for _ in range(5):
        await child.tap(child.last_with_buttons().button_labels[0])


OTHERS = [c for c in languages.CODES if c != "en"]
# The language loops are about words, not storage: one database is enough for them
# (the whole consultations below run on both).
ONE_DATABASE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@ONE_DATABASE
@pytest.mark.parametrize("code", OTHERS)
async def test_a_child_is_asked_in_the_language_they_picked(world, team, code):
    child = await join_in(world, team, code)
    render = Renderer(code)
    asked = render.plain("What do you call the place where you live?")
    assert asked != "What do you call the place where you live?", f"{code} has no translation"
    assert asked in child.last_with_buttons().plain


@ONE_DATABASE
@pytest.mark.parametrize("code", OTHERS)
async def test_a_disclosure_in_any_language_raises_the_alert_and_is_answered_in_it(
    world, team, code
):
    child = await join_in(world, team, code)
    await choose_first_suggestions(child)
    replies = await child.send(first_harm(code))
    assert len(alerts(world)) == 1, f"{code}: {first_harm(code)!r} raised no alert"
    # The child is thanked and told who was told, in their language (not in English).
    thanked = Renderer(code).translate(safety_words.CHILD_TOLD).split("{")[0].strip()[:10]
    assert thanked and thanked != "💛 Thank y"
    assert any(t.lstrip(RLM).startswith(thanked.lstrip(RLM)) for t in replies.texts)


async def test_a_whole_consultation_in_arabic(world, team):
    iro = team[0]
    child = await join_in(world, team, "ar")
    render = Renderer("ar")
    # The picker offered Arabic first: the phone's language was Arabic.
    await choose_first_suggestions(child)
    await child.tap(render.plain(text.START_NOW))
    question = child.last_with_buttons().plain
    assert RLM in child.last_with_buttons().text or render.rtl
    await child.send("أحب غرفتي ولكني أشتاق لأمي")
    saved = answers(world)[-1]
    assert saved.text == "أحب غرفتي ولكني أشتاق لأمي"
    assert saved.written_in == "ar" and not saved.unchecked
    # A disclosure in Arabic: help at once, and the adults are told in English.
    await child.send("زوج خالتي يضربني")
    assert len(alerts(world)) == 1
    alert = "\n".join(m.plain for m in world.double.messages_to(iro.chat_id))
    assert "زوج خالتي يضربني" in alert
    assert "in Arabic" in alert
    # The IRO reads the consultation: the child's words exactly, and that it was Arabic.
    await iro.send("/reviews")
    shown = "\n".join((await iro.tap("📖 Sky Test")).texts)
    assert "أحب غرفتي ولكني أشتاق لأمي" in shown
    assert "reads My Review in Arabic" in shown and "draft" in shown
    assert question


async def test_the_export_of_an_arabic_my_review_shows_each_question_in_both_languages(
    world, team, world_cli, tmp_path
):
    child = await join_in(world, team, "ar")
    await choose_first_suggestions(child)
    await child.tap(Renderer("ar").plain(text.START_NOW))
    asked_ar = Renderer("ar").plain("Do you want to come to your meeting?")
    await child.send("أريد أن أحضر مع جدتي")
    out = tmp_path / "rami.md"
    code, _, err = world_cli(
        "export", "--review", str(child.review_id), "--format", "md", "--out", str(out)
    )
    assert code == 0, err
    record = out.read_text(encoding="utf-8")
    assert "أريد أن أحضر مع جدتي" in record
    assert "Do you want to come to your meeting?" in record  # in English, for the record
    assert asked_ar in record and "in Arabic" in record  # and as the child read it


async def test_a_whole_consultation_in_tigrinya(world, team):
    iro = team[0]
    child = await join_in(world, team, "ti")
    render = Renderer("ti")
    await choose_first_suggestions(child)
    await child.tap(render.plain(text.START_NOW))
    await child.send("ገዛይ ጽቡቕ እዩ")
    assert answers(world)[-1].text == "ገዛይ ጽቡቕ እዩ"
    await child.send(first_harm("ti"))
    assert len(alerts(world)) == 1
    alert = "\n".join(m.plain for m in world.double.messages_to(iro.chat_id))
    assert "in Tigrinya" in alert
    assert first_harm("ti") in alert
    await iro.send("/reviews")
    shown = "\n".join((await iro.tap("📖 Sky Test")).texts)
    assert "ገዛይ ጽቡቕ እዩ" in shown and "reads My Review in Tigrinya" in shown


@ONE_DATABASE
@pytest.mark.parametrize("code", OTHERS)
async def test_the_sos_button_works_in_every_language(world, team, code):
    child = await join_in(world, team, code)
    await choose_first_suggestions(child)
    await child.tap(Renderer(code).plain(text.START_NOW))
    await child.tap(Renderer(code).plain(safety_words.NOT_SAFE_BUTTON))
    assert len(alerts(world)) == 1


async def test_a_dari_speaker_whose_phone_says_farsi_is_offered_both(world, team):
    iro = team[0]
    child = await world.join(
        "child", "Sky Test", dob=CHILD_DOB, iro_id=iro.person_id, language=None,
        app_language="fa",
    )  # fmt: skip
    labels = child.last.button_labels
    # English is the child's language as the council added them; the phone's hint
    # comes next, and Dari sits beside Farsi, as Telegram's "fa" may mean either.
    assert labels[:3] == ["English", "فارسی", "دری"]
