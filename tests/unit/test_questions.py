"""The My Review question set and Language that Cares words (messages/*.toml)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from messages.questions import (
    BANDS,
    KINDS,
    KINDS_WITH_OPTIONS,
    MAX_LABEL_CHARS,
    MAX_OPTION_KEY_CHARS,
    MAX_QUESTION_KEY_CHARS,
    MAX_WORD_CHARS,
    PLACEHOLDERS,
    WORD_KEYS,
    Question,
    QuestionDataError,
    QuestionSet,
    age_band,
    child_words,
    default_words,
    load_question_set,
    load_word_prompts,
    parse_question_set,
    parse_word_prompts,
    placeholders_in,
    render,
)

SECTION_KEYS = (
    "meeting",
    "since",
    "home",
    "family",
    "school",
    "health",
    "enjoy",
    "worries",
    "change",
    "questions",
    "else",
)
BAND_SIZES = {"4-8": range(10, 13), "9-12": range(18, 23), "13+": range(22, 29)}
MEETING_KEYS = (
    "meeting.attend",
    "meeting.where",
    "meeting.when",
    "meeting.who",
    "meeting.not_who",
    "meeting.chair",
    "meeting.voice",
    "meeting.talk_first",
    "meeting.topics",
)

# Words children might choose, as the bot would say them back.
SAMPLE_WORDS = (
    {
        "home": "Nan's",
        "carers": "Nan",
        "family_time": "seeing Mum",
        "meeting": "your review",
        "social_worker": "Ama",
        "iro": "Sam",
    },
    {
        "home": "the house",
        "carers": "Sam and Jo",
        "family_time": "seeing your brother",
        "meeting": "your catch-up",
        "social_worker": "your worker",
        "iro": "Priya",
    },
    {
        "home": "your foster home",
        "carers": "the people who look after you",
        "family_time": "time with your family",
        "meeting": "Jay's big meeting",
        "social_worker": "your social worker",
    },
)

JARGON = (
    r"placements?",
    r"contact",
    r"LAC",
    r"CLA",
    r"looked[- ]after",
    r"care ?plans?",
    r"carers?",
    r"siblings?",
    r"respite",
    r"advocat\w*",
    r"IRO",
    r"review of arrangements",
    r"ROA",
    r"statutory",
    r"abscond\w*",
    r"pathway plan",
    r"therapy",
)
JARGON_RE = re.compile(r"\b(?:" + "|".join(JARGON) + r")\b", re.IGNORECASE)
PLACEHOLDER_RE = re.compile(r"\{[^{}]*\}")


@pytest.fixture(scope="module")
def qs() -> QuestionSet:
    return load_question_set()


def all_word_sets() -> list[dict[str, str]]:
    """Defaults, the samples, and every suggested word in place of its default."""
    sets = [default_words(), *({**default_words(), **s} for s in SAMPLE_WORDS)]
    for prompt in load_word_prompts():
        for suggestion in prompt.suggestions:
            sets.append({**default_words(), prompt.key: suggestion.value})
    return sets


def word_prompt_templates() -> list[str]:
    out: list[str] = []
    for p in load_word_prompts():
        out += [p.ask, p.example, *([p.hint] if p.hint else [])]
    return out


def child_facing(qs: QuestionSet) -> list[str]:
    return [*qs.templates(), *word_prompt_templates()]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?…])\s+", text) if s.strip()]


def words_in(sentence: str) -> int:
    return len(
        [w for w in PLACEHOLDER_RE.sub("X", sentence).split() if any(c.isalnum() for c in w)]
    )


def has_emoji(text: str) -> bool:
    return any(unicodedata.category(c) == "So" for c in text)


# --------------------------------------------------------------- structure ---


def test_sections_in_order(qs: QuestionSet) -> None:
    assert tuple(s.key for s in qs.sections) == SECTION_KEYS
    assert all(s.title and s.emoji for s in qs.sections)


@pytest.mark.parametrize("band", ["9-12", "13+"])
def test_every_section_for_older_bands(qs: QuestionSet, band: str) -> None:
    assert tuple(s.key for s in qs.sections_for_band(band)) == SECTION_KEYS


@pytest.mark.parametrize("band", BANDS)
def test_band_size(qs: QuestionSet, band: str) -> None:
    assert len(qs.for_band(band)) in BAND_SIZES[band]


def test_younger_children_get_fewer_questions(qs: QuestionSet) -> None:
    sizes = [len(qs.for_band(b)) for b in BANDS]
    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes)


@pytest.mark.parametrize("band", BANDS)
def test_for_band_keeps_file_order(qs: QuestionSet, band: str) -> None:
    in_band = qs.for_band(band)
    assert list(in_band) == [q for q in qs.questions if q in in_band]
    assert all(q.asked_in(band) for q in in_band)
    order = [SECTION_KEYS.index(q.section) for q in in_band]
    assert order == sorted(order)


@pytest.mark.parametrize("band", ["9-12", "13+"])
def test_meeting_section_covers_everything_for_older_children(qs: QuestionSet, band: str) -> None:
    keys = {q.key for q in qs.in_section("meeting", band)}
    assert set(MEETING_KEYS) <= keys


def test_meeting_section_is_shorter_for_young_children(qs: QuestionSet) -> None:
    young = qs.in_section("meeting", "4-8")
    assert 0 < len(young) < len(qs.in_section("meeting", "9-12"))
    assert qs.question("meeting.attend") in young


def test_meeting_choices(qs: QuestionSet) -> None:
    attend = qs.question("meeting.attend")
    assert attend.kind == "single"
    assert [o.key for o in attend.options] == ["all", "part", "no", "unsure"]
    where = {o.key for o in qs.question("meeting.where").options}
    assert {"home", "school", "office", "online", "other"} <= where
    who = qs.question("meeting.who")
    assert who.kind == "multi"
    assert {"carers", "socialworker", "family", "teacher", "friend", "voice"} <= {
        o.key for o in who.options
    }
    assert qs.question("meeting.not_who").kind == "text"
    assert {"all", "part", "no"} <= {o.key for o in qs.question("meeting.chair").options}
    assert "someone to be your voice" in qs.question("meeting.voice").text
    assert "{iro}" in qs.question("meeting.talk_first").text
    for q in qs.in_section("meeting"):
        assert "{meeting}" in q.text


def test_home_safe_options_are_fixed(qs: QuestionSet) -> None:
    """A "no" here starts the help for a child who does not feel safe."""
    safe = qs.question("home.safe")
    assert safe.kind == "single"
    assert safe.bands == BANDS
    assert [o.key for o in safe.options] == ["yes", "mostly", "no", "unsure"]
    assert qs.question("home.settled").kind == "single"


def test_kinds_used(qs: QuestionSet) -> None:
    kinds = [q.kind for q in qs.questions]
    assert set(kinds) == set(KINDS)
    assert kinds.count("photo") == 1 and kinds.count("voice") == 1
    assert qs.question("enjoy.photo").kind == "photo"
    assert qs.question("else.voice").bands == BANDS
    for band in BANDS:
        assert any(q.kind == "scale" for q in qs.for_band(band))
        assert any(q.kind == "text" for q in qs.for_band(band))


def test_options_only_where_they_belong(qs: QuestionSet) -> None:
    for q in qs.questions:
        assert bool(q.options) == (q.kind in KINDS_WITH_OPTIONS), q.key
        if q.low or q.high:
            assert q.kind == "scale", q.key


def test_no_navigation_buttons_in_data(qs: QuestionSet) -> None:
    for q in qs.questions:
        for o in q.options:
            assert o.key not in {"skip", "back", "pause", "done"}, q.key
            assert o.label.lower() not in {"skip", "back", "pause", "done"}, q.key


# -------------------------------------------------------------------- keys ---


def test_question_keys_unique_and_short(qs: QuestionSet) -> None:
    keys = [q.key for q in qs.questions]
    assert len(keys) == len(set(keys))
    for q in qs.questions:
        assert q.key.isascii() and len(q.key) <= MAX_QUESTION_KEY_CHARS
        assert re.fullmatch(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*", q.key)
        assert q.key.split(".")[0] == q.section


def test_option_keys_unique_short_and_fit_callback_data(qs: QuestionSet) -> None:
    for q in qs.questions:
        keys = [o.key for o in q.options]
        assert len(keys) == len(set(keys)), q.key
        for key in keys:
            assert re.fullmatch(r"[a-z0-9_]+", key) and len(key) <= MAX_OPTION_KEY_CHARS
            # Telegram allows 64 bytes of callback data; leave room for the
            # app's own prefix and a session id.
            assert len(f"{q.key}:{key}".encode()) <= 40


def test_lookups(qs: QuestionSet) -> None:
    assert qs.section("home").key == "home"
    assert qs.question("home.safe").option("no").key == "no"
    with pytest.raises(KeyError):
        qs.section("nope")
    with pytest.raises(KeyError):
        qs.question("home.nope")
    with pytest.raises(KeyError):
        qs.question("home.safe").option("maybe")
    with pytest.raises(ValueError):
        qs.for_band("adult")
    with pytest.raises(ValueError):
        qs.question("home.safe").text_for("18+")


def test_band_variants(qs: QuestionSet) -> None:
    attend = qs.question("meeting.attend")
    assert attend.text_for("4-8") != attend.text_for("13+") == attend.text
    school = qs.question("school.feel")
    assert "college" in school.text_for("13+") and "college" not in school.text_for("9-12")
    assert qs.question("meeting.when").hint_for("13+") != qs.question("meeting.when").hint
    for q in qs.questions:
        for band, _ in (*q.band_texts, *q.band_hints):
            assert band in q.bands, q.key


def test_loaders_are_cached() -> None:
    assert load_question_set() is load_question_set()
    assert load_word_prompts() is load_word_prompts()


# ------------------------------------------------------------ placeholders ---


def test_placeholder_names() -> None:
    assert set(PLACEHOLDERS) == {*WORD_KEYS, "iro"}
    assert set(default_words()) == set(PLACEHOLDERS)
    assert len(PLACEHOLDERS) <= 7


def test_all_placeholders_known(qs: QuestionSet) -> None:
    used: set[str] = set()
    for template in child_facing(qs):
        names = placeholders_in(template)
        assert names <= set(PLACEHOLDERS), template
        used |= names
    assert used == set(PLACEHOLDERS)


def test_every_text_renders_with_format_map(qs: QuestionSet) -> None:
    for words in all_word_sets():
        words = {**default_words(), **words}
        for template in child_facing(qs):
            out = template.format_map(words)
            assert "{" not in out and "}" not in out, template
            assert render(template, words)[:1] == out[:1].upper()


def test_no_placeholder_starts_a_later_sentence(qs: QuestionSet) -> None:
    """ "your meeting" would start a sentence in lower case; render() only
    capitalises the very first letter of a text."""
    for template in child_facing(qs):
        assert not re.search(r"[.!?…:]\s+\{", template), template
        assert "\n{" not in template, template


def test_render_fills_defaults_and_capitalises() -> None:
    assert render("{meeting} is soon.") == "Your meeting is soon."
    assert render("How are things at {home}?", {"home": "Nan's"}) == "How are things at Nan's?"
    assert render("At {home}", {"home": ""}) == "At home"
    assert render("Talk to {iro}", {"iro": "Sam"}) == "Talk to Sam"
    assert render("{iro}", {"meeting": "your review"}) == "The person who runs your review"


# ----------------------------------------------------------------- wording ---


def test_labels_short(qs: QuestionSet) -> None:
    for words in all_word_sets():
        for q in qs.questions:
            for o in q.options:
                label = render(o.label, words)
                assert 0 < len(label) <= MAX_LABEL_CHARS, (q.key, label)
    for p in load_word_prompts():
        for s in p.suggestions:
            assert len(s.label) <= MAX_LABEL_CHARS and len(s.value) <= MAX_WORD_CHARS


def test_no_jargon_in_child_facing_text(qs: QuestionSet) -> None:
    texts = [PLACEHOLDER_RE.sub(" ", t) for t in child_facing(qs)]
    texts += [render(t) for t in child_facing(qs)]
    for p in load_word_prompts():
        texts += [p.default, *(s.label for s in p.suggestions), *(s.value for s in p.suggestions)]
    for text in texts:
        assert not JARGON_RE.search(text), f"jargon {JARGON_RE.search(text)[0]!r} in {text!r}"


def test_jargon_check_catches_jargon() -> None:
    for bad in ("your placement", "Contact with Mum", "your carers", "an advocate", "my IRO"):
        assert JARGON_RE.search(bad), bad
    for fine in ("the people who look after you", "someone to be your voice", "Biro"):
        assert not JARGON_RE.search(fine), fine


def test_short_sentences(qs: QuestionSet) -> None:
    for template in child_facing(qs):
        for sentence in sentences(template):
            assert words_in(sentence) <= 18, sentence


def test_young_children_get_short_questions_with_emoji(qs: QuestionSet) -> None:
    for q in qs.for_band("4-8"):
        text = q.text_for("4-8")
        assert has_emoji(text), q.key
        assert all(words_in(s) <= 12 for s in sentences(text)), text
        hint = q.hint_for("4-8")
        assert hint is None or words_in(hint) <= 14, hint


def test_no_secrecy_promised(qs: QuestionSet) -> None:
    for template in child_facing(qs):
        assert not re.search(r"\b(secret|just between us|won't tell)\b", template, re.I)
    assert "will read" in (qs.question("worries.any").hint or "")


# ------------------------------------------------------------------- words ---


def test_word_prompts() -> None:
    prompts = load_word_prompts()
    assert tuple(p.key for p in prompts) == WORD_KEYS
    for p in prompts:
        assert p.ask.endswith("?")
        assert 3 <= len(p.suggestions) <= 5
        assert p.default and "{" not in p.default
        assert f"{{{p.key}}}" in p.example
        values = [s.value for s in p.suggestions]
        assert len(values) == len(set(values))
    defaults = default_words()
    assert defaults["home"] == "home"
    assert defaults["meeting"] == "your meeting"
    assert defaults["iro"] == "the person who runs your meeting"


def test_suggestions_are_said_back_in_second_person() -> None:
    for p in load_word_prompts():
        for s in p.suggestions:
            assert not re.search(r"\b(my|me|I)\b", s.value), s.value
            assert p.value_from(s.value) == s.value, s


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("my house", "your house"),
        ("My foster family.", "your foster family"),
        ("the people who look after me", "the people who look after you"),
        ("seeing my brother", "seeing your brother"),
        ("  Nan's  ", "Nan's"),
        ("Timmy and Mum", "Timmy and Mum"),
        ("{iro}", "iro"),
        ("I’m not sure", "you're not sure"),
    ],
)
def test_child_words(said: str, expected: str) -> None:
    assert child_words(said) == expected


def test_value_from_answer() -> None:
    home = next(p for p in load_word_prompts() if p.key == "home")
    assert home.value_from("at Nan's") == "Nan's"
    assert home.value_from("in my flat") == "your flat"
    assert home.value_from("home") == "home"
    assert home.value_from("   ") is None
    assert home.value_from("x" * (MAX_WORD_CHARS + 1)) is None
    meeting = next(p for p in load_word_prompts() if p.key == "meeting")
    assert meeting.value_from("My review!") == "your review"


# ---------------------------------------------------------------- age band ---


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (None, "9-12"),
        (0, None),
        (3, None),
        (4, "4-8"),
        (8, "4-8"),
        (9, "9-12"),
        (12, "9-12"),
        (13, "13+"),
        (17, "13+"),
        (19, "13+"),
    ],
)
def test_age_band(age: int | None, band: str | None) -> None:
    assert age_band(age) == band


def test_age_band_rejects_negative() -> None:
    with pytest.raises(ValueError):
        age_band(-1)


# -------------------------------------------------------------- validation ---

VALID = """
version = 1

[[sections]]
key = "home"
title = "Life at {home}"
emoji = "🏠"

[[sections]]
key = "else"
title = "Anything else"
emoji = "💬"

[[questions]]
key = "home.safe"
section = "home"
kind = "single"
bands = ["4-8", "9-12", "13+"]
text = "Do you feel safe at {home}?"
text_4_8 = "Do you feel safe at {home}? 💛"
options = [
  { key = "yes", label = "Yes" },
  { key = "no", label = "No" },
]

[[questions]]
key = "else.more"
section = "else"
kind = "scale"
bands = ["13+"]
text = "How are things?"
low = "Not good"
"""

VALID_OPTIONS = """options = [
  { key = "yes", label = "Yes" },
  { key = "no", label = "No" },
]
"""
assert VALID_OPTIONS in VALID

EXTRA = """
[[questions]]
key = "else.extra"
section = "else"
kind = "text"
bands = ["13+"]
text = "Anything else?"
"""


def test_valid_minimal_set_parses() -> None:
    parsed = parse_question_set(VALID)
    assert [q.key for q in parsed.for_band("13+")] == ["home.safe", "else.more"]
    assert [q.key for q in parsed.for_band("4-8")] == ["home.safe"]
    assert parsed.question("home.safe").text_for("4-8").endswith("💛")
    assert parsed.question("home.safe").text_for("9-12") == "Do you feel safe at {home}?"
    assert isinstance(parsed.questions[0], Question)


def test_real_files_parse_through_text_functions() -> None:
    from pathlib import Path

    import messages.questions as mod

    folder = Path(mod.__file__).parent
    assert parse_question_set((folder / "questions.toml").read_text("utf-8")) == (
        load_question_set()
    )
    assert parse_word_prompts((folder / "words.toml").read_text("utf-8")) == load_word_prompts()


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (VALID.replace('section = "else"', 'section = "hobbies"'), "unknown section 'hobbies'"),
        (VALID.replace('kind = "scale"', 'kind = "slider"'), "unknown kind 'slider'"),
        (
            VALID.replace('key = "else.more"', 'key = "else.xtra"')
            + EXTRA.replace("extra", "xtra"),
            "duplicate question key",
        ),
        (VALID.replace('key = "else"', 'key = "home"'), "duplicate section key"),
        (
            VALID
            + EXTRA.replace(
                'kind = "text"',
                'kind = "text"\noptions = [{ key = "a", label = "A" }, { key = "b", label = "B" }]',
            ),
            "takes no options",
        ),
        (VALID + EXTRA.replace('kind = "text"', 'kind = "single"'), "needs options"),
        (VALID + EXTRA.replace('kind = "text"', 'kind = "multi"'), "needs options"),
        (
            VALID + EXTRA.replace("Anything else?", "Anything for {carer}?"),
            "unknown placeholder {carer}",
        ),
        (VALID.replace('label = "Yes"', 'label = "Yes at {house}"'), "unknown placeholder {house}"),
        (VALID.replace("Life at {home}", "Life at {placement}"), "unknown placeholder {placement}"),
        (VALID.replace("How are things?", "How are {things?"), "unbalanced braces"),
        (VALID.replace("How are things?", "How are things} ?"), "unbalanced braces"),
        (VALID.replace("How are things?", "How is {home!r}?"), "with nothing else"),
        (VALID.replace("How are things?", "How is {}?"), "unknown placeholder"),
        (VALID.replace('bands = ["13+"]', 'bands = ["16+"]'), "unknown band '16+'"),
        (VALID.replace('bands = ["13+"]', "bands = []"), "non-empty list"),
        (VALID.replace('bands = ["13+"]', 'bands = ["13+", "13+"]'), "listed twice"),
        (VALID.replace('low = "Not good"', 'text_4_8 = "Hi 🙂"'), "not asked in band '4-8'"),
        (
            VALID.replace('key = "else.more"', 'key = "else.a_very_long_question_key"'),
            "longer than 24",
        ),
        (VALID.replace('key = "else.more"', 'key = "Else.More"'), "must look like"),
        (VALID.replace('key = "else.more"', 'key = "home.more"'), "must start with its section"),
        (VALID.replace('key = "yes"', 'key = "yes_definitely"'), "at most 12"),
        (VALID.replace('key = "yes"', 'key = "Yes!"'), "option key"),
        (
            VALID.replace('label = "Yes"', 'label = "Yes, yes, yes, yes, yes, yes, yes"'),
            "label longer",
        ),
        (VALID.replace('key = "no"', 'key = "yes"'), "duplicate option key 'yes'"),
        (VALID.replace('  { key = "no", label = "No" },\n', ""), "at least 2 options"),
        (
            VALID.replace('low = "Not good"', 'low = "Not good"\ntxt = "typo"'),
            "unknown field(s) 'txt'",
        ),
        (
            VALID.replace('text = "How are things?"', 'text = "How?"\nhint_13 = ""'),
            "non-empty string",
        ),
        (VALID.replace("version = 1", "version = 2"), "'version' must be 1"),
        (VALID.replace("version = 1", ""), "'version' must be 1"),
        (VALID.replace('emoji = "💬"', "emoji = "), "not valid TOML"),
        (
            VALID.replace('kind = "single"', 'kind = "text"\nlow = "x"').replace(
                VALID_OPTIONS,
                "",
            ),
            "only for 'scale'",
        ),
        (
            VALID.replace('key = "home"\ntitle', 'key = "zzz"\ntitle')
            .replace('section = "home"', 'section = "zzz"')
            .replace("home.safe", "zzz.safe")
            + '\n[[sections]]\nkey = "home"\ntitle = "Home"\nemoji = "🏠"\n',
            "section 'home' has no questions",
        ),
        (
            VALID.replace('section = "home"\nkind', 'section = "else"\nkind').replace(
                "home.safe", "else.safe"
            ),
            "section 'home' has no questions",
        ),
        (
            VALID
            + EXTRA.replace('key = "else.extra"', 'key = "home.extra"').replace(
                'section = "else"', 'section = "home"'
            ),
            "out of order",
        ),
        ("version = 1\n", "[[sections]]"),
    ],
)
def test_validation_rejects_broken_data(broken: str, message: str) -> None:
    with pytest.raises(QuestionDataError) as caught:
        parse_question_set(broken, source="broken.toml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("broken.toml")


def test_placeholders_in() -> None:
    assert placeholders_in("At {home} with {carers}") == {"home", "carers"}
    assert placeholders_in("No placeholders") == frozenset()


WORDS_VALID = "version = 1\n" + "".join(
    f"""
[[words]]
key = "{key}"
ask = "What do you call it?"
default = "it"
example = "About {{{key}}}."
suggestions = [{{ label = "A" }}, {{ label = "B" }}, {{ label = "My C", value = "your C" }}]
"""
    for key in WORD_KEYS
)


def test_valid_word_prompts_parse() -> None:
    prompts = parse_word_prompts(WORDS_VALID)
    assert tuple(p.key for p in prompts) == WORD_KEYS
    assert prompts[0].suggestions[0].value == "A"
    assert prompts[0].suggestions[2].value == "your C"


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (WORDS_VALID.replace('key = "home"', 'key = "house"'), "unknown word key"),
        (WORDS_VALID.replace('key = "carers"', 'key = "home"'), "duplicate word key"),
        (WORDS_VALID.replace('{ label = "A" }, ', "", 1), "3 to 5 suggestions"),
        (WORDS_VALID.replace("About {home}.", "About it."), "must use {home}"),
        (WORDS_VALID.replace("About {home}.", "About {home} and {flat}."), "unknown placeholder"),
        (WORDS_VALID.replace('default = "it"', 'default = "{home}"', 1), "cannot contain braces"),
        (
            WORDS_VALID.replace('value = "your C"', 'value = "' + "x" * 31 + '"', 1),
            "longer than 30",
        ),
        (
            WORDS_VALID.replace('default = "it"', 'default = "it"\ncolour = "red"', 1),
            "unknown field",
        ),
        (
            WORDS_VALID.replace('default = "it"', 'default = "it"\ndrop_leading = "at "', 1),
            "list of strings",
        ),
        (WORDS_VALID.replace("version = 1", "version = 3"), "'version' must be 1"),
    ],
)
def test_word_validation_rejects_broken_data(broken: str, message: str) -> None:
    with pytest.raises(QuestionDataError, match=re.escape(message)):
        parse_word_prompts(broken)


def test_word_prompts_need_every_key() -> None:
    cut = WORDS_VALID.split("[[words]]")
    broken = "[[words]]".join(c for c in cut if 'key = "meeting"' not in c)
    with pytest.raises(QuestionDataError, match="no prompt for meeting"):
        parse_word_prompts(broken)
