"""Button data: every kind reads back exactly what it wrote, and nothing else reads at all."""

from __future__ import annotations

import dataclasses
from typing import Literal, get_args, get_origin, get_type_hints

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.platform import buttons
from bot.platform.buttons import KINDS, MAX_ID, ButtonData, ConsultationTap, parse

ids = st.integers(min_value=0, max_value=MAX_ID)
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_.+-", min_size=1, max_size=12)
actions = st.one_of(
    st.sampled_from(get_args(buttons.ConsultationAction)),
    st.builds(lambda kind, n: f"{kind}{n}", st.sampled_from("ots"), st.integers(0, 99)),
)


def values_of(kind: type[ButtonData]) -> st.SearchStrategy[ButtonData]:
    """Any well-formed button of this kind."""
    hints = get_type_hints(kind)
    fields = {}
    for field in dataclasses.fields(kind):
        hint = hints[field.name]
        if hint is int:
            fields[field.name] = ids
        elif get_origin(hint) is Literal:
            fields[field.name] = st.sampled_from(get_args(hint))
        elif kind is ConsultationTap and field.name == "action":
            fields[field.name] = actions
        else:
            fields[field.name] = words
    return st.builds(kind, **fields)


any_button = st.one_of(*(values_of(kind) for kind in KINDS.values()))


@given(any_button)
def test_every_button_reads_back_as_itself(button):
    assert parse(button.encode()) == button


@given(st.text(max_size=80))
def test_any_text_reads_as_a_button_only_if_it_is_exactly_what_we_would_write(data):
    button = parse(data)
    assert button is None or button.encode() == data


@given(st.binary(max_size=80) | st.integers() | st.none())
def test_data_that_is_not_text_reads_as_nothing(data):
    assert parse(data) is None


@pytest.mark.parametrize(
    "data",
    [
        "r:²",  # a digit, but not an ASCII one
        "r:" + "9" * 30,  # beyond any row id
        f"r:{MAX_ID + 1}",
        "r:007",  # never written with leading zeros
        "r:-1",
        "r:",
        "r",
        "",
        "c:1:2:explode",  # not a consultation action
        "c:1:2:o100",
        "c:1:2",
        "c:1:2:skip:extra",
        "n:done:x:5",
        "n:shred:5",
        "held:pn:5:PN8",
        "exp:exe:1",
        "sum:new",
        "ack:1:2",
        "zz:1",
        "sos:١",  # an Arabic-Indic digit
        "c:1:2:ｓkip",  # a full-width letter
        "w:home:0" + "x" * 60,
    ],
)
def test_forged_or_stale_data_reads_as_nothing(data):
    assert parse(data) is None


def test_the_wire_format_of_buttons_already_sent_is_unchanged():
    """Buttons in people's chats from before keep working: same prefixes, same fields."""
    assert parse("c:12:3:o1") == ConsultationTap(12, 3, "o1")
    assert parse("n:done:d:7") == buttons.Done("d", 7)
    assert parse("n:shared:7") == buttons.ReportAction("shared", 7)
    assert parse("held:pn:7:PN6") == buttons.HeldCode(7, "PN6")
    assert parse("fb:4:0:skip") == buttons.FeedbackTap(4, 0, "skip")
    assert parse("reply:stop") == buttons.StopWritingBack()
    assert parse("reply:9") == buttons.WriteBack(9)
    assert parse("go:later") == buttons.Later()
    assert parse("sos:3") == buttons.NotSafe(3)
    assert parse("ack:3") == buttons.OnIt(3)


def test_a_button_that_would_not_fit_is_refused_when_it_is_made():
    with pytest.raises(ValueError, match="64 bytes"):
        buttons.Word("w" * 40, "x" * 30).encode()


def test_two_kinds_cannot_share_a_prefix():
    with pytest.raises(TypeError, match="share the prefix"):

        @dataclasses.dataclass(frozen=True)
        class Again(ButtonData):
            KEY = ("r",)
            review: int
