"""The disclosure detector: it must catch what children write, and stay quiet otherwise.

The phrases live in tests/disclosure_corpus/<lang>.toml so that a safeguarding
lead can read and extend them without reading Python. Each corpus test lists
every failure in one message, so a reviewer sees all the misses at once.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from functools import cache
from pathlib import Path

import pytest

from bot.safeguarding import detector as disclosure
from bot.safeguarding.detector import Concern, Finding, PatternFileError, detect, languages
from messages.render import available_locales

CORPUS_DIR = Path(__file__).parents[1] / "disclosure_corpus"
CORPUS_FILES = sorted(CORPUS_DIR.glob("*.toml"))
# Every language the bot speaks (a catalog in messages/locales) must have a corpus, and
# every corpus is run: a new locale without one fails here.
CORPUS_LANGUAGES = sorted(set(available_locales()) | {path.stem for path in CORPUS_FILES})


def load_corpus(path: Path) -> tuple[list[tuple[Concern, str]], list[tuple[str, str]]]:
    """(concern, phrase) that must trigger, and (group, phrase) that must not."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    must = [
        (Concern(concern), phrase)
        for concern, phrases in data["must_trigger"].items()
        for phrase in phrases
    ]
    must_not = [
        (group, phrase) for group, phrases in data["must_not_trigger"].items() for phrase in phrases
    ]
    return must, must_not


def concerns(text: str) -> set[Concern]:
    return {finding.concern for finding in detect(text)}


# --------------------------------------------------------------------------
# The corpus


def test_there_is_a_corpus_for_every_language() -> None:
    assert {path.stem for path in CORPUS_FILES} >= set(languages())


@pytest.mark.parametrize("language", available_locales())
def test_every_language_the_bot_speaks_has_patterns_and_a_corpus(language: str) -> None:
    assert (CORPUS_DIR / f"{language}.toml").exists(), (
        f"the bot speaks {language!r}: add tests/disclosure_corpus/{language}.toml"
    )
    assert language in languages(), (
        f"the bot speaks {language!r}: add bot/safeguarding/patterns/{language}.toml"
    )


def test_a_new_language_without_a_corpus_fails_the_check() -> None:
    with pytest.raises(AssertionError, match=r"add tests/disclosure_corpus/xx\.toml"):
        test_every_language_the_bot_speaks_has_patterns_and_a_corpus("xx")


def corpus(language: str) -> Path:
    path = CORPUS_DIR / f"{language}.toml"
    assert path.exists(), f"no disclosure corpus for {language!r}: add {path.name}"
    return path


@pytest.mark.parametrize("language", CORPUS_LANGUAGES)
def test_corpus_is_broad_enough(language: str) -> None:
    must, must_not = load_corpus(corpus(language))
    assert len(must) >= 120
    assert len(must_not) >= 60
    assert {concern for concern, _ in must} == set(Concern)
    phrases = [phrase for _, phrase in must] + [phrase for _, phrase in must_not]
    duplicates = sorted({p for p in phrases if phrases.count(p) > 1})
    assert not duplicates, f"listed twice: {duplicates}"


@pytest.mark.parametrize("language", CORPUS_LANGUAGES)
def test_every_must_trigger_phrase_triggers(language: str) -> None:
    must, _ = load_corpus(corpus(language))
    misses = [
        f"  {concern.value:15} {phrase!r} -> {sorted(c.value for c in concerns(phrase))}"
        for concern, phrase in must
        if concern not in concerns(phrase)
    ]
    assert not misses, f"{len(misses)} of {len(must)} missed:\n" + "\n".join(misses)


@pytest.mark.parametrize("language", CORPUS_LANGUAGES)
def test_no_must_not_trigger_phrase_triggers(language: str) -> None:
    _, must_not = load_corpus(corpus(language))
    alarms = [
        f"  {group:15} {phrase!r} -> {[f'{f.concern.value}/{f.rule}' for f in found]}"
        for group, phrase in must_not
        if (found := detect(phrase))
    ]
    assert not alarms, f"{len(alarms)} of {len(must_not)} false alarms:\n" + "\n".join(alarms)


# --------------------------------------------------------------------------
# The pattern files against the corpus


@cache
def plain_patterns(language: str) -> list[tuple[Concern, str, int, re.Pattern[str]]]:
    """Every pattern compiled on its own: slow and obviously right."""
    compiled = disclosure._load_languages()[language]
    data = tomllib.loads(
        (Path(disclosure.__file__).parent / "patterns" / f"{language}.toml").read_text(
            encoding="utf-8"
        )
    )
    out = []
    for rule in data["rules"]:
        for index, pattern in enumerate(rule["patterns"]):
            body = disclosure._check_pattern(pattern, rule["id"], compiled.replace_regex)
            out.append((Concern(rule["concern"]), rule["id"], index, re.compile(rf"\b(?:{body})")))
    return out


def plain_concerns(text: str) -> set[Concern]:
    normalised = disclosure._normalise(text)
    found = set()
    for code, language in disclosure._load_languages().items():
        prepared = language.without_set_aside(language.prepare(normalised))
        found |= {c for c, _, _, rx in plain_patterns(code) if rx.search(prepared)}
    return found


def test_fast_matching_finds_exactly_what_the_patterns_say() -> None:
    """detect() merges all patterns into a trie for speed; that must change nothing."""
    texts = []
    for path in CORPUS_FILES:
        must, must_not = load_corpus(path)
        texts += [phrase for _, phrase in must] + [phrase for _, phrase in must_not]
    texts += [
        "I like football. " * 20 + "he hit me and i dont feel safe and i want to die",
        "not safe " * 50 + "i ran away",
        "i'm fine, don't worry. nobody hurt me. I feel safe.",
        "nobody hurts me. " * 30 + "he hits me",
        "he never hits me when " + "he never hits me, " * 30,
    ]
    differ = [
        f"  {text!r}: fast {sorted(concerns(text))} plain {sorted(plain_concerns(text))}"
        for text in texts
        if concerns(text) != plain_concerns(text)
    ]
    assert not differ, "\n".join(differ)


@pytest.mark.parametrize("language", languages())
def test_every_pattern_has_an_example_in_the_corpus(language: str) -> None:
    """A pattern no phrase exercises may be a typo that matches nothing."""
    must, _ = load_corpus(CORPUS_DIR / f"{language}.toml")
    prepared = [
        disclosure._load_languages()[language].prepare(disclosure._normalise(phrase))
        for _, phrase in must
    ]
    unused = [
        f"  {rule}[{index}]"
        for _, rule, index, rx in plain_patterns(language)
        if not any(rx.search(text) for text in prepared)
    ]
    assert not unused, "patterns with no must_trigger example:\n" + "\n".join(unused)


# --------------------------------------------------------------------------
# Behaviour that matters whatever the pattern files say


def test_feeling_safe_and_not_feeling_safe_differ() -> None:
    assert detect("I feel safe") == []
    assert detect("I feel safe at home") == []
    assert Concern.UNSAFE_HOME in concerns("I don't feel safe")
    assert Concern.UNSAFE_HOME in concerns("I dont feel safe at home")


@pytest.mark.parametrize(
    "text",
    [
        "k\u200bill myself",  # zero-width space
        "ki\u200cll myself",  # zero-width non-joiner
        "kil\u200dl myself",  # zero-width joiner
        "kill\u2060 my\ufeffself",  # word joiner, BOM
        "k\u00adill myself",  # soft hyphen
        "\u202ekill myself\u202c",  # bidi override
        "\u2067kill myself\u2069",  # bidi isolate
        "ｋｉｌｌ ｍｙｓｅｌｆ",  # full-width letters
        "𝐤𝐢𝐥𝐥 𝐦𝐲𝐬𝐞𝐥𝐟",  # "bold" letters from a fancy keyboard
        "kíll mysélf",  # accents
        "k1ll mys3lf",  # digits for letters
        "k.i.l.l myself",
        "KILLLLLL MYSELFFFF",
    ],
)
def test_hidden_and_disguised_characters_still_trigger(text: str) -> None:
    assert Concern.SELF_HARM in concerns(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\t  \u200b",
        "😀👍🏽🎉❤️‍🔥",
        "🏳️‍🌈" * 100,
        "أنا بخير والحمد لله",  # Arabic: I'm fine
        "من خوبم",  # Farsi
        "אני בסדר",  # Hebrew
        "\u202bمرحبا\u202c hello \u2067שלום\u2069",
        "ሰላም ነኝ",  # Amharic / Tigrinya script
        "Tôi ổn",  # Vietnamese
        "z̷̢̛a̶l̸g̵o̴ text",
        "\ud83d broken surrogate",
        "\x00\x01\x02",
        "!!!???...",
    ],
)
def test_emoji_rtl_and_odd_text_do_not_crash_or_alert(text: str) -> None:
    assert detect(text) == []


def test_emoji_and_rtl_around_a_disclosure_still_trigger() -> None:
    assert Concern.HARM_BY_OTHERS in concerns("😢😢 he hit me 😢 \u202bمرحبا\u202c")


def test_a_long_message_is_checked_to_the_end() -> None:
    filler = "I like football and my carer takes me to the park on Saturdays. "
    benign = (filler * 100)[:5000]
    assert len(benign) == 5000
    assert detect(benign) == []
    late = benign[: 5000 - 20] + " i want to die now"
    assert Concern.SELF_HARM in concerns(late)


def test_each_concern_is_reported_once_per_language() -> None:
    text = "he hit me. " * 50 + "i want to die. i ran away. i dont feel safe. he hit me again"
    found = detect(text)
    assert [f.concern for f in found] == list(Concern)
    assert {f.language for f in found} == {"en"}


def test_finding_carries_no_words_of_the_child() -> None:
    text = "Zebedee hit me and I want to die"
    found = detect(text)
    assert found
    assert [field.name for field in dataclasses.fields(Finding)] == ["concern", "language", "rule"]
    rule_ids = set(disclosure._load_languages()["en"].rule_ids)
    for finding in found:
        assert finding.rule in rule_ids  # ids come from the pattern file, not the text
        assert "zebedee" not in repr(finding).casefold()
        with pytest.raises(dataclasses.FrozenInstanceError):
            finding.rule = text  # type: ignore[misc]


def test_wrong_type_is_refused_without_echoing_it() -> None:
    secret = b"he hurts me"
    with pytest.raises(TypeError) as raised:
        detect(secret)  # type: ignore[arg-type]
    assert "hurts" not in str(raised.value)


def test_languages_lists_the_pattern_files() -> None:
    assert "en" in languages()
    assert all(isinstance(code, str) for code in languages())


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("PLEEEASE", "please"),
        ("killllll", "kill"),
        ("misssing", "missing"),
        ("k1ll", "kill"),
        ("self-harm", "self harm"),
        ("k i l l", "kill"),
        ("don't", "dont"),
        ("I\u2019m", "im"),
        ("ｓａｆｅ", "safe"),
        ("too   many\n\nspaces", "too many spaces"),
    ],
)
def test_normalisation_brings_spellings_together(variant: str, plain: str) -> None:
    assert disclosure._normalise(variant) == disclosure._normalise(plain)


def test_normalisation_leaves_numbers_and_text_speak_alone() -> None:
    assert disclosure._normalise("I'm 14 b4 999") == "im 14 b4 999"


# --------------------------------------------------------------------------
# Pattern files are checked when loaded

GOOD_RULE = r"""
[[rules]]
id = "self_harm.example"
concern = "self_harm"
why = "An example."
patterns = ['\bexample\b']
"""


def parse(text: str) -> None:
    disclosure._parse_language('language = "xx"\n' + text, "xx.toml")


def test_a_good_minimal_file_loads() -> None:
    parse(GOOD_RULE)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        (GOOD_RULE.replace(r"\bexample", "example"), "starting with \\b"),
        (GOOD_RULE.replace(r"example\b", "(example)"), "(?:...)"),
        (GOOD_RULE.replace(r"example\b", "Example"), "lower case"),
        (GOOD_RULE.replace(r"example\b", "dont[a"), "not a valid regex"),
        (GOOD_RULE.replace('concern = "self_harm"', 'concern = "sad"'), "'concern' must be"),
        (GOOD_RULE.replace("self_harm.example", "running_away.example"), "must start with"),
        (GOOD_RULE.replace("patterns", "pattern"), "unknown keys"),
        (GOOD_RULE.replace('why = "An example."', ""), "'why' must say"),
        (GOOD_RULE + GOOD_RULE, "used twice"),
        ('[replace]\n"wanna" = "want to"\n' + GOOD_RULE.replace("example", "wanna"), "rewrites"),
        ('[replace]\n"wanna" = "want to"\n"wana" = "wan"\n' + GOOD_RULE, "different values"),
        (GOOD_RULE.replace(r"example\b", r"self-harm\b"), "not 'self-harm'"),
        ("", "at least one"),
    ],
)
def test_a_broken_file_is_refused_with_a_clear_reason(text: str, complaint: str) -> None:
    with pytest.raises(PatternFileError) as raised:
        parse(text)
    assert complaint in str(raised.value)


def test_patterns_are_folded_like_the_text() -> None:
    """Accents, invisible characters and doubled letters go; regex escapes stay."""
    assert disclosure._fold_pattern("\\bcaf\u00e9 fe\u200bel\\b") == "\\bcafe fel\\b"
    assert disclosure._fold_pattern(r"\bbad\Bb") == r"\bbad\Bb"


def test_the_file_name_must_match_the_language() -> None:
    with pytest.raises(PatternFileError, match="file name"):
        disclosure._parse_language('language = "en"\n' + GOOD_RULE, "fr.toml")


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b(?:kill|end|hurt) ?my ?self\b",
        r"\b(?<!not )(?<!never )scared\b",
        r"\b(?:i|im)(?: \w+)? (?:go|went) missing\b|\bmisper\b",
        r"\bsu(?:i[cs]+[aeiy]?|[cs]+i)d",
        r"\bab?c",
        r"\b(?<=\w )(?<!\band )(?:never|dont) hit me\b",
        r"\b(?<![\w,] )help(?: me)?(?= *[.!])",
    ],
)
def test_splitting_a_pattern_keeps_its_meaning(pattern: str) -> None:
    """The speed-up rewrites patterns; each piece must match what the whole did."""
    body = pattern.removeprefix(r"\b")
    pieces = disclosure._alternatives(body)
    assert pieces is not None
    rewritten = re.compile(r"\b(?:" + "|".join(lit + rest for lit, rest in pieces) + ")")
    original = re.compile(pattern)
    samples = [
        "kill myself",
        "end myself",
        "hurtmyself",
        "not scared",
        "im scared",
        "never scared",
        "i went missing",
        "im often go missing",
        "misper",
        "suicide",
        "sucide",
        "succeed",
        "ac",
        "abc",
        "abbc",
        "he never hit me",
        "never hit me",
        "and dont hit me",
        "band dont hit me",
        "help. now",
        "i help. now",
        ", help me!",
    ]
    for sample in samples:
        assert bool(original.search(sample)) == bool(rewritten.search(sample)), sample


# --------------------------------------------------------------------------
# Setting aside negated harm and the child's own actions


def set_aside_patterns(language: str) -> list[tuple[str, int, re.Pattern[str]]]:
    """Every [[negation]] and [[actor]] pattern compiled on its own."""
    compiled = disclosure._load_languages()[language]
    data = tomllib.loads(
        (Path(disclosure.__file__).parent / "patterns" / f"{language}.toml").read_text(
            encoding="utf-8"
        )
    )
    out = []
    for kind in ("negation", "actor"):
        for entry in data.get(kind, []):
            for index, pattern in enumerate(entry["patterns"]):
                body = disclosure._check_pattern(pattern, entry["id"], compiled.replace_regex)
                out.append((entry["id"], index, re.compile(rf"\b(?:{body})")))
    return out


def all_corpus_texts() -> list[str]:
    texts = []
    for path in CORPUS_FILES:
        must, must_not = load_corpus(path)
        texts += [phrase for _, phrase in must] + [phrase for _, phrase in must_not]
    return texts


@pytest.mark.parametrize("language", languages())
def test_every_set_aside_pattern_sets_aside_a_must_not_phrase(language: str) -> None:
    """A negation or actor pattern that no ordinary phrase needs is only a risk."""
    compiled = disclosure._load_languages()[language]
    _, must_not = load_corpus(CORPUS_DIR / f"{language}.toml")
    prepared = [compiled.prepare(disclosure._normalise(phrase)) for _, phrase in must_not]
    unused = [
        f"  {entry_id}[{index}]"
        for entry_id, index, rx in set_aside_patterns(language)
        if not any(
            rx.search(text) and compiled.without_set_aside(text) != text for text in prepared
        )
    ]
    assert not unused, "set-aside patterns with no must_not_trigger example:\n" + "\n".join(unused)


@pytest.mark.parametrize("language", languages())
def test_the_set_aside_trie_finds_exactly_where_its_patterns_match(language: str) -> None:
    compiled = disclosure._load_languages()[language]
    assert compiled.set_aside is not None
    patterns = [rx for _, _, rx in set_aside_patterns(language)]
    differ = []
    for phrase in all_corpus_texts():
        text = compiled.prepare(disclosure._normalise(phrase))
        for start in range(len(text)):
            fast = bool(compiled.set_aside.candidates.match(text, start))
            plain = any(rx.match(text, start) for rx in patterns)
            if fast != plain:
                differ.append(f"  {text!r} at {start}: trie {fast}, patterns {plain}")
    assert not differ, "\n".join(differ[:20])


# Phrases that are set aside, put next to every must-trigger phrase: whatever a
# negation sets aside, the disclosure beside it must still be found.
NEGATED = [
    "nobody hurts me",
    "he never hits me",
    "i dont want to die",
    "i would never hurt myself",
    "im not scared at home",
    "nothing bad happens at home",
    "i dont want to run away",
    "i hit my brother by accident",
    "i dont want a new placement",
    "they dont shout at me",
]
JOINS = ["{n}. {p}", "{n}, {p}", "{n} and {p}", "{n} {p}", "{n} but {p}", "{p}. {n}", "{p} {n}"]


def rules_alone(text: str) -> set[Concern]:
    """What the rules find with nothing set aside."""
    found: dict[Concern, str] = {}
    normalised = disclosure._normalise(text)
    for language in disclosure._load_languages().values():
        language.scan(language.prepare(normalised), found)
    return set(found)


@pytest.mark.parametrize("language", CORPUS_LANGUAGES)
def test_a_negation_never_hides_the_disclosure_beside_it(language: str) -> None:
    must, _ = load_corpus(corpus(language))
    hidden = [
        f"  {concern.value:15} {text!r}"
        for concern, phrase in must
        for negated in NEGATED
        for join in JOINS
        if (text := join.format(n=negated, p=phrase))
        and concern in rules_alone(text)
        and concern not in concerns(text)
    ]
    assert not hidden, f"{len(hidden)} disclosures hidden by a set-aside:\n" + "\n".join(
        hidden[:40]
    )


# A tiny pattern file to show how the engine treats a stretch, whatever en.toml says.
SET_ASIDE_FILE = r"""
language = "xx"

[[rules]]
id = "harm_by_others.hits_me"
concern = "harm_by_others"
why = "Example."
patterns = ['\bhits me\b']

[set_aside]
clause_break = '[^\w\s]|\b(?:when|that|say)\b'
ends = '(?: *[^\w\s]| *$| and\b)'
unless_before = '\b(?:said|pretend)\b'
unless_after = '\b(?:anymore|does)\b'

[[negation]]
id = "negation.example"
why = "Example: written too wide on purpose (any words between nobody and the verb)."
patterns = ['\bnobody(?: \w+)* hits me\b']

[[actor]]
id = "actor.example"
why = "Example."
patterns = ['\bi kick him\b']
"""


@pytest.mark.parametrize(
    ("text", "alerts"),
    [
        ("nobody hits me", False),
        ("nobody ever hits me.", False),
        ("nobody hits me and i am happy", False),
        # rule 1: a stretch holding a clause break is read, however the pattern is written
        ("nobody believes me when he hits me", True),
        ("nobody knows that he hits me", True),
        # rule 2: a negation must end its clause
        ("nobody hits me anywhere", True),
        # rule 3: nothing before it in its sentence may void it
        ("he said nobody hits me", True),
        ("he said so. nobody hits me", False),
        # rule 4: nor in the words after it
        ("nobody hits me anymore", True),
        ("nobody hits me, my brother does", True),
        # an actor need not end its clause
        ("i kick him when we play", False),
        # and what is set aside never hides what comes next
        ("nobody hits me. he hits me", True),
    ],
)
def test_how_a_stretch_is_set_aside(text: str, alerts: bool) -> None:
    language = disclosure._parse_language(SET_ASIDE_FILE, "xx.toml")
    prepared = language.prepare(disclosure._normalise(text))
    found: dict[Concern, str] = {}
    language.scan(language.without_set_aside(prepared), found)
    assert bool(found) is alerts


def test_a_set_aside_stretch_becomes_a_clause_break() -> None:
    language = disclosure._parse_language(SET_ASIDE_FILE, "xx.toml")
    assert language.without_set_aside("he says nobody hits me and i kick him") == (
        "he says , and ,"
    )
    assert language.without_set_aside("i kick him", actors=False) == "i kick him"


def test_retell_reads_the_text_again_with_only_negations_set_aside() -> None:
    seen: list[str] = []

    def retell(normalised: str) -> str:
        seen.append(normalised)
        return normalised.replace("she", "i").replace("his", "my")

    # the child's own action is set aside before the re-read ...
    assert detect("I kicked my brother", retell=retell) == []
    # (each language re-reads with its own set-aside: English's is the one that knows
    # "I kicked", and it hands the re-read nothing but the clause break)
    assert "," in seen
    # ... but an action that only became "I" in the re-read is not: it may be harm
    assert Concern.HARM_BY_OTHERS in {
        f.concern for f in detect("she kicked his brother", retell=retell)
    }
    assert detect("nobody hurts me", retell=retell) == []


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        (
            GOOD_RULE + "[[negation]]\nid = 'negation.x'\nwhy = 'x'\npatterns = ['\\bx\\b']\n",
            "need a [set_aside] table",
        ),
        (GOOD_RULE + "[set_aside]\nends = 'x'\n", "[set_aside] without [[negation]]"),
        (
            GOOD_RULE
            + SET_ASIDE_FILE[SET_ASIDE_FILE.index("[set_aside]") :].replace(
                "negation.example", "actor.wrong"
            ),
            "must start with 'negation.'",
        ),
        (
            GOOD_RULE
            + SET_ASIDE_FILE[SET_ASIDE_FILE.index("[set_aside]") :].replace(
                "ends = '", "ends = '(", 1
            ),
            "set_aside.ends: not a valid regex",
        ),
        (
            GOOD_RULE
            + SET_ASIDE_FILE[SET_ASIDE_FILE.index("[set_aside]") :].replace(
                "'\\bi kick him\\b'", "'i kick him'"
            ),
            "starting with \\b",
        ),
        (
            GOOD_RULE
            + SET_ASIDE_FILE[SET_ASIDE_FILE.index("[set_aside]") :]
            + "[[negation]]\nid = 'negation.example'\nwhy = 'x'\npatterns = ['\\bx\\b']\n",
            "'negation.example' is used twice",
        ),
    ],
)
def test_a_broken_set_aside_is_refused_with_a_clear_reason(text: str, complaint: str) -> None:
    with pytest.raises(PatternFileError) as raised:
        parse(text)
    assert complaint in str(raised.value)
