"""Long consultations split cleanly at Telegram's 4096-character limit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from messages.render import pack, quote, quote_long, split_plain, to_plain, utf16_len


def test_whole_blocks_are_packed_without_splitting_a_tag():
    blocks = [f"<b>Question {i}</b>\n" + quote("x" * 900) for i in range(10)]
    messages = pack(blocks)
    assert all(utf16_len(m) <= 4096 for m in messages)
    assert sum(m.count("<blockquote>") for m in messages) == 10
    for m in messages:
        assert m.count("<blockquote>") == m.count("</blockquote>")


def test_a_long_answer_becomes_several_complete_quotes():
    answer = "word " * 2000
    quotes = quote_long(answer)
    assert len(quotes) == 3
    assert all(q.startswith("<blockquote>") and q.endswith("</blockquote>") for q in quotes)
    assert " ".join(to_plain(q).replace("  > ", "") for q in quotes).split() == answer.split()


def test_emoji_count_double_towards_the_limit():
    assert utf16_len("🙂") == 2
    pieces = split_plain("🙂" * 3000, 4000)
    assert all(utf16_len(p) <= 4000 for p in pieces)
    assert "".join(pieces) == "🙂" * 3000


@given(st.text(min_size=0, max_size=9000))
def test_splitting_never_loses_or_invents_a_character(value):
    pieces = split_plain(value, 500)
    assert all(utf16_len(p) <= 500 for p in pieces)
    assert "".join(pieces).replace(" ", "").replace("\n", "") == value.replace(" ", "").replace(
        "\n", ""
    )


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6000))
def test_quotes_of_any_text_fit_a_message_and_round_trip(value):
    quotes = quote_long(value)
    assert all(utf16_len(q) <= 4096 for q in quotes)
