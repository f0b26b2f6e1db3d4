"""screen_words: the detector, the third-person re-read, and "no" to "do you feel safe?".

The re-read turns "she", "her", "his" (and the child's name) into "I", "me",
"my", so that words a carer types about a child, or a child types about a
friend, alert as if the child wrote them. It runs after the child's own
actions are set aside, so "I kicked him" is not read as "I kicked me".
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from bot.safeguarding.corpus import corpus_report
from bot.safeguarding.detector import Concern, normal_form
from bot.safeguarding.screening import (
    ANSWERS,
    SAFE_QUESTION,
    TYPED_NO_RULE,
    first_person,
    says_no,
    screen_words,
)
from messages import languages


@pytest.mark.parametrize(
    ("words", "concern"),
    [
        ("Kit says her uncle hits her", "harm_by_others"),
        ("my friend wants to kill herself", "self_harm"),
        ("she's being hurt at home", "harm_by_others"),
        ("they ran away from their foster home", "running_away"),
        # the child as the actor, with harm to them beside it
        ("I hit him back because he hits me", "harm_by_others"),
        ("i kicked him cos he was touching me", "harm_by_others"),
        # witnessing: read as "I saw me hit me"
        ("I saw him hit her", "harm_by_others"),
        # "he" only became "I" in the re-read: his sister may be hurt
        ("he hits his sister", "harm_by_others"),
        # a negation he says is still read
        ("Kit says her uncle never hits her", "harm_by_others"),
    ],
)
def test_words_about_someone_else_alert(words: str, concern: str) -> None:
    assert concern in screen_words(words).concerns


@pytest.mark.parametrize(
    "words",
    [
        "I kicked him",
        "I hit him by accident",
        "i beat her at fifa",
        "I hit my brother by accident and he cried",
        "nobody hurts her",
        "she never hits me",
        "he follows me on instagram",
        "my dog ran away but we found him",
    ],
)
def test_the_re_read_adds_no_alert_to_ordinary_words(words: str) -> None:
    assert not screen_words(words)


def test_the_childs_own_name_is_read_as_i() -> None:
    assert "harm_by_others" in screen_words("Kit is being hurt", name="Kit").concerns
    assert not screen_words("Kit is being hurt")
    assert "harm_by_others" in screen_words("Anna got hit at home", name="Anna").concerns
    assert not screen_words("Anna says hello", name="Anna")


def test_first_person_works_on_the_normal_form() -> None:
    assert first_person(normal_form("She's scared of him")) == "im scared of me"
    assert first_person(normal_form("ANNA hurt herself"), name="Anna") == "i hurt myself"
    assert first_person("they are") == "im"
    assert first_person("his") == "my"


def test_a_typed_no_to_feeling_safe_alerts_only_there() -> None:
    screened = screen_words("nope", answering=SAFE_QUESTION)
    assert screened.concerns == ("unsafe_home",)
    assert screened.rules == (TYPED_NO_RULE,)
    assert not screen_words("nope", answering="school.likes")


def test_screened_carries_rule_ids_not_words() -> None:
    screened = screen_words("Zebedee hit me", name="Zebedee")
    assert screened.concerns == ("harm_by_others",)
    assert all("zebedee" not in rule.casefold() for rule in screened.rules)


CORPUS = Path(__file__).resolve().parents[1] / "disclosure_corpus" / "en.toml"


def test_the_whole_screening_passes_the_corpus_too() -> None:
    """The bot screens with screen_words, not detect alone: the re-read may add
    alerts, never lose one, and must not add one to an ordinary phrase."""
    report = corpus_report(CORPUS, lambda text: {Concern(c) for c in screen_words(text).concerns})
    assert report.recall == 1.0, report.table()
    assert report.false_positives == 0, report.table()


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("en", "Noooo"),
        ("en", "not really"),
        ("cy", "Nac ydw"),
        ("ar", "لا"),
        ("ar", "لأ والله"),
        ("ar", "la2"),
        ("fa", "نه"),
        ("fa", "aslan"),
        ("prs", "نی"),
        ("ps", "هېڅکله"),
        ("ckb", "نەخێر"),
        ("ti", "ኣይፋልን"),
        ("am", "አይደለም"),
        ("vi", "Không"),
        ("vi", "ko"),
        ("sq", "Jo"),
    ],
)
def test_a_typed_no_to_feeling_safe_alerts_in_every_language(language: str, typed: str) -> None:
    assert "unsafe_home" in screen_words(typed, answering=SAFE_QUESTION).concerns, language


@pytest.mark.parametrize("typed", ["yes", "ok", "k", "I feel safe", "نعم", "آره", "እወ", "có", "po"])
def test_a_typed_yes_or_ok_is_not_a_no(typed: str) -> None:
    assert not says_no(typed)


def test_every_language_we_speak_has_its_typed_no() -> None:
    data = tomllib.loads(
        resources.files(ANSWERS).joinpath("says_no.toml").read_text(encoding="utf-8")
    )
    assert set(data["no"]) == set(languages.CODES)
    for words in data["no"].values():
        assert all(says_no(word) for word in words)
