"""Forged or stale button data, of any shape, from anyone: a clear answer, never a crash.

Whatever a button's data says, the tap is answered (the button stops spinning),
data the bot did not make gets "That button doesn't work any more" (or, under
the Export prefix, the Export's own refusal), and nothing is logged as an error.
"""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.platform.buttons import KINDS, parse
from messages import iro as iro_text
from messages import text
from tests.support import said

OUT_OF_DATE = said(text.BUTTON_GONE)
EXPORT_REFUSED = said(iro_text.EXPORT_NOT_ALLOWED)

prefixes = st.sampled_from(sorted({":".join(key) for key in KINDS}))
pieces = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.text(max_size=12),
    st.sampled_from(
        ["", "²", "١", "٣", "𝟙", "0" * 25, "skip", "o9999", "PN9", "keep", "..", "\x00"]
    ),
)
forged = st.one_of(
    st.text(max_size=80),
    st.builds(lambda head, rest: ":".join([head, *rest]), prefixes, st.lists(pieces, max_size=5)),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=forged, who=st.sampled_from(["child", "iro", "stranger"]))
async def test_any_button_data_gets_an_answer_and_no_traceback(
    world, team, started_child, caplog, data, who
):
    iro = team[0]
    person = {"child": started_child, "iro": iro, "stranger": world.user("Stranger")}[who]
    caplog.clear()
    with caplog.at_level(logging.INFO):
        replies = await person.tap_data(data, person.last.message_id if person.last else 1)
    assert world.double.unanswered_callback_queries == set()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    if parse(data) is None:
        told = [m.plain for m in replies.to(person.chat_id) if m.plain]
        toast = replies.answer.text if replies.answer is not None else None
        if data.startswith("exp:"):
            assert told == [EXPORT_REFUSED] or who == "stranger"
        else:
            assert toast == OUT_OF_DATE and told == []


@pytest.mark.parametrize("data", ["r:²", "r:" + "9" * 30, "c:1:0:explode", "held:pn:1:PN9", ""])
async def test_the_forged_data_that_used_to_crash_a_handler_now_gets_the_clear_answer(
    world, team, started_child, caplog, data
):
    iro = team[0]
    for person in (started_child, iro):
        replies = await person.tap_data(data, person.last.message_id)
        assert replies.answer is not None and replies.answer.text == OUT_OF_DATE
        assert replies.to(person.chat_id) == []
    assert "Traceback" not in caplog.text
    assert world.double.unanswered_callback_queries == set()
