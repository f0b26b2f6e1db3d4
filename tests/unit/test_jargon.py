"""Before an IRO's summary goes to a child, the bot suggests the child's own
words for care jargon and abbreviations (Language that Cares)."""

from __future__ import annotations

import pytest

from bot.workspace.jargon import (
    ABBREVIATION,
    JargonDataError,
    Reason,
    apply,
    check_summary,
    load_rules,
    parse_rules,
)
from messages.questions import load_word_prompts

# Sky calls where they live "Nan's", their carers "Nan and Grandad", seeing
# family "seeing Mum", the meeting "your review" and their social worker "Ama".
SKY = {
    "home": "Nan's",
    "carers": "Nan and Grandad",
    "family_time": "seeing Mum",
    "meeting": "your review",
    "social_worker": "Ama",
    "iro": "Jo",
}
# A child who has not chosen any words yet (what words_for gives: the defaults).
NO_WORDS = {prompt.key: prompt.default for prompt in load_word_prompts()}


def rewrite(text: str, words: dict[str, str] | None = None, name: str = "Sky") -> str:
    return apply(text, check_summary(text, SKY if words is None else words, name))


# --- each piece of jargon, with the child's words and without ----------------------

CHILDS_WORDS = [
    ("Your placement is going well.", "Nan's is going well."),
    ("You are happy at your foster placement.", "You are happy at Nan's."),
    ("Your placement with Nan is going well.", "Living with Nan is going well."),
    ("Your carers are proud of you.", "Nan and Grandad are proud of you."),
    ("Your foster carer came too.", "Nan and Grandad came too."),
    ("Contact is going well.", "Seeing Mum is going well."),
    ("We talked about contact with Dad.", "We talked about seeing Dad."),
    ("Your contact with your brother will carry on.", "Seeing your brother will carry on."),
    ("At your LAC review we listened to you.", "At your review we listened to you."),
    ("Your CLA review is in June.", "Your review is in June."),
    ("The review of arrangements went well.", "Your review went well."),
    ("Your ROA is in March.", "Your review is in March."),
    ("Your SW will visit next week.", "Ama will visit next week."),
    ("You will have a statutory visit soon.", "You will have a visit from Ama soon."),
]

DEFAULTS = [
    ("Your placement is going well.", "Your home is going well."),
    ("Your foster carers are proud of you.", "The people who look after you are proud of you."),
    ("Contact with Dad is on Fridays.", "Family time with Dad is on Fridays."),
    ("At your LAC review we listened.", "At your meeting we listened."),
    ("Your SW will visit.", "Your social worker will visit."),
    ("We looked at your care plan.", "We looked at your plan."),
    ("Your pathway plan is ready.", "Your plan for the future is ready."),
    ("You talked about your siblings.", "You talked about your brothers and sisters."),
    ("You have a sibling in Leeds.", "You have a brother or sister in Leeds."),
    ("Sibling contact is monthly.", "Time with your brothers and sisters is monthly."),
    ("Sibling contact with Leo is in May.", "Time with Leo is in May."),
    ("You will have respite once a month.", "You will have short breaks once a month."),
    ("Your respite carers are kind.", "The people you stay with for short breaks are kind."),
    ("You absconded twice in May.", "You ran away twice in May."),
    ("You asked for an advocate.", "You asked for someone to be your voice."),
    ("I will advocate for you.", "I will speak up for you."),
    ("As a looked after child you have rights.", "As a child we care for you have rights."),
    ("Looked after children can ask for help.", "Children we care for can ask for help."),
    ("The young person said yes.", "Sky said yes."),
    ("We talked about leaving care.", "We talked about moving on."),
    ("You will have statutory visits.", "You will have visits from your social worker."),
    ("Your therapy is on Tuesdays.", "Your time to talk is on Tuesdays."),
    ("Your therapist is kind.", "The person you talk to is kind."),
    ("Nobody wants a placement move.", "Nobody wants a move to a new home."),
    ("The local authority will pay.", "The council will pay."),
    ("We agreed your PEP.", "We agreed your plan for school."),
    ("CAMHS will see you soon.", "The team who help with feelings will see you soon."),
]


@pytest.mark.parametrize(("summary", "expected"), CHILDS_WORDS)
def test_jargon_becomes_the_childs_own_word(summary, expected):
    assert rewrite(summary) == expected


@pytest.mark.parametrize(("summary", "expected"), DEFAULTS)
def test_jargon_becomes_the_language_that_cares_default(summary, expected):
    assert rewrite(summary, NO_WORDS) == expected


def test_a_suggestion_says_which_words_why_and_what_instead():
    summary = "Thank you for coming. Your placement is going well and your SW is pleased."
    placement, sw = check_summary(summary, SKY, "Sky")

    assert summary[placement.start : placement.end] == placement.found == "Your placement"
    assert placement.reason is Reason.JARGON
    assert placement.term == "placement"
    assert placement.replacement == "Nan's"
    assert (placement.word_key, placement.childs_own) == ("home", True)

    assert sw.found == "your SW"
    assert sw.reason is Reason.ABBREVIATION
    assert sw.replacement == "Ama"


def test_a_default_word_is_not_called_the_childs_own():
    (suggestion,) = check_summary("Your placement is lovely.", NO_WORDS, "Sky")
    assert suggestion.replacement == "Your home"
    assert suggestion.childs_own is False


# --- whole words, any case --------------------------------------------------------


def test_matching_ignores_case():
    assert [s.found for s in check_summary("PLACEMENT, Placement, placement", SKY, "Sky")] == [
        "PLACEMENT",
        "Placement",
        "placement",
    ]


@pytest.mark.parametrize(
    "summary",
    [
        "You paid with a contactless card.",
        "You made a placemat at school.",
        "You have new contact lenses? No: contactable by phone.",
        "You looked after the dog all weekend.",
        "Nan has looked after you so well.",
        "You are a young carer for your brother.",
        "Our reviewing team liked your drawing.",
    ],
)
def test_no_false_hits_inside_other_words_or_plain_english(summary):
    assert check_summary(summary, SKY, "Sky") == []


@pytest.mark.parametrize(
    "summary",
    [
        "Please contact me if you want to talk.",
        "You can contact Childline on 0800 1111 at any time.",
        "I will contact school about the trip.",
        "Contact Ama if anything changes.",
        "We'll keep in contact.",
        "You made good eye contact.",
        "My contact details are at the bottom.",
        "I'll contact your teacher today.",
    ],
)
def test_contact_as_a_verb_is_fine(summary):
    """Only family contact (the noun) is jargon: see messages/jargon.toml."""
    assert check_summary(summary, SKY, "Sky") == []


# --- a clean summary, emoji and other scripts ---------------------------------------


def test_a_clean_child_friendly_summary_has_nothing_to_change():
    summary = (
        "Dear Sky,\n\n"
        "Thank you for telling me what you think before your review 🌟. "
        "You are happy at Nan's, and Nan and Grandad are really proud of you. "
        "You would like seeing Mum to be on Saturdays, so Ama will ask about that. "
        "You did SO well in your GCSEs! Your PE teacher says you are great. "
        "If you want to talk, you can message me here or contact Childline. "
        "WELL DONE.\n\nFrom Jo"
    )
    assert check_summary(summary, SKY, "Sky") == []


def test_emoji_and_arabic_are_left_exactly_as_written():
    summary = "🎉 Your placement is great 👍🏽. قلت إنك سعيد placement 👨‍👩‍👧 ሰላም."
    rewritten = rewrite(summary)
    assert rewritten == "🎉 Nan's is great 👍🏽. قلت إنك سعيد Nan's 👨‍👩‍👧 ሰላም."


# --- the child's own words ----------------------------------------------------------


def test_plain_words_that_are_not_the_childs_words_are_flagged():
    summary = "Your home is lovely. Family time with Dad is on Friday. See you at home."
    suggestions = check_summary(summary, SKY, "Sky")
    assert {s.reason for s in suggestions} == {Reason.NOT_CHILDS_WORD}
    assert apply(summary, suggestions) == (
        "Nan's is lovely. Seeing Dad is on Friday. See you at Nan's."
    )


def test_plain_words_are_fine_for_a_child_who_has_not_chosen_other_words():
    summary = "Your home is lovely. Family time with Dad is on Friday. See you at your meeting."
    assert check_summary(summary, NO_WORDS, "Sky") == []


def test_the_childs_own_words_always_win_even_when_they_are_jargon():
    words = {**SKY, "carers": "your foster carers"}
    assert check_summary("Your foster carers are proud of you.", words, "Sky") == []
    assert rewrite("Your carers are proud of you.", words) == "Your foster carers are proud of you."


def test_only_the_childs_chosen_words_may_be_passed():
    """chosen_words(session, child) works as well as words_for(session, child)."""
    assert rewrite("Your placement is lovely.", {"home": "your flat"}) == "Your flat is lovely."


# --- abbreviations ------------------------------------------------------------------


def test_an_unknown_abbreviation_is_flagged_with_advice_and_no_guess():
    (suggestion,) = check_summary("The UASC team will help.", SKY, "Sky")
    assert suggestion.found == "UASC"
    assert suggestion.reason is Reason.ABBREVIATION
    assert suggestion.term == ABBREVIATION
    assert suggestion.replacement is None
    assert suggestion.advice
    assert apply("The UASC team will help.", [suggestion]) == "The UASC team will help."


def test_plurals_of_abbreviations_are_flagged_too():
    assert [s.found for s in check_summary("Your EETs and CINs.", SKY, "Sky")] == ["EETs", "CINs"]


def test_abbreviations_children_use_and_capitals_for_emphasis_are_fine():
    summary = "You saw the GP. TV is OK after PE. You were SO brave. GREAT JOB! AMAZING NEWS."
    assert check_summary(summary, SKY, "Sky") == []


def test_a_name_in_capitals_is_not_an_abbreviation():
    assert check_summary("AJ, you did brilliantly.", SKY, "AJ") == []


def test_iro_becomes_the_iros_name():
    assert rewrite("Your IRO will write to you.") == "Jo will write to you."
    (suggestion,) = check_summary("Your IRO will write to you.", {}, "Sky")
    assert suggestion.replacement is None  # no IRO name given: the advice says what to do
    assert suggestion.advice


def test_a_swap_that_would_repeat_the_words_just_before_is_left_to_the_iro():
    for summary in ("Best wishes, Jo (IRO)", "Ama, your SW, will come."):
        (suggestion,) = check_summary(summary, SKY, "Sky")
        assert suggestion.replacement is None  # not "Jo (Jo)", not "Ama, Ama,"
        assert suggestion.advice
        assert apply(summary, [suggestion]) == summary


def test_web_addresses_are_left_alone():
    assert check_summary("See https://example.org/LAC-placement or a@b.org", SKY, "Sky") == []


# --- rewriting ----------------------------------------------------------------------


def test_capitals_stay_at_the_start_of_sentences():
    summary = "LAC review went well. Ama said your care plan is fine.\n- contact with Dad\n- SW"
    assert rewrite(summary, NO_WORDS) == (
        "Your meeting went well. Ama said your plan is fine.\n"
        "- family time with Dad\n- Your social worker"
    )


def test_the_iro_can_accept_some_suggestions_and_not_others():
    summary = "Your placement is lovely and contact is fun."
    _placement, contact = check_summary(summary, SKY, "Sky")
    assert apply(summary, [contact]) == "Your placement is lovely and seeing Mum is fun."


def test_apply_is_idempotent():
    summary = (
        "Your LAC review is soon. Your foster carers and your SW will come. Placement is fine."
    )
    suggestions = check_summary(summary, SKY, "Sky")
    once = apply(summary, suggestions)
    assert once == "Your review is soon. Nan and Grandad and Ama will come. Nan's is fine."
    assert apply(once, suggestions) == once  # a double-tapped button changes nothing
    assert [s for s in check_summary(once, SKY, "Sky") if s.replacement] == []
    assert apply(once, check_summary(once, SKY, "Sky")) == once


def test_suggestions_for_another_text_are_refused():
    suggestions = check_summary("Your placement is lovely.", SKY, "Sky")
    with pytest.raises(ValueError):
        apply("Something else entirely, written later.", suggestions)


@pytest.mark.parametrize("words", [SKY, NO_WORDS], ids=["sky", "defaults"])
def test_no_suggested_word_is_itself_flagged(words):
    """So a rewritten summary reads clean: checking it again finds nothing."""
    values = {**NO_WORDS, **words, "name": "Sky", "iro": "Jo"}
    for form in load_rules().forms:
        said = words.get(form.word, form.instead)
        if said is None or form.reason is Reason.NOT_CHILDS_WORD:
            continue
        summary = f"We talked about {said.format_map(values)}."
        assert check_summary(summary, words, "Sky") == [], form.term


# --- the data file ------------------------------------------------------------------


def test_the_jargon_file_loads():
    rules = load_rules()
    assert {"placement", "contact", "review", "iro", "social_worker"} <= {
        f.term for f in rules.forms
    }
    assert {"OK", "TV", "PE", "GP"} <= rules.known


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('version = 2\n[abbreviations]\nadvice = "x"', "version"),
        (
            'version = 1\n[abbreviations]\nadvice = "x"\n'
            '[[term]]\nid = "t"\nkind = "jargon"\nforms = [{ match = "(bad" }]',
            "term 't'",
        ),
        (
            'version = 1\n[abbreviations]\nadvice = "x"\n'
            '[[term]]\nid = "t"\nkind = "jargon"\nforms = [{ match = "(a)" }]',
            "capturing",
        ),
        (
            'version = 1\n[abbreviations]\nadvice = "x"\n'
            '[[term]]\nid = "t"\nkind = "jargon"\nforms = [{ match = "a", instead = "{nan}" }]',
            "placeholder",
        ),
        (
            'version = 1\n[abbreviations]\nadvice = "x"\n'
            '[[term]]\nid = "t"\nkind = "jargon"\nforms = [{ match = "a", word = "house" }]',
            "word",
        ),
    ],
)
def test_a_broken_jargon_file_names_what_is_wrong(toml, message):
    with pytest.raises(JargonDataError, match=message):
        parse_rules(toml)
