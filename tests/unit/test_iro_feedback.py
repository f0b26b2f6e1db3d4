"""The feedback asked the day after a meeting is data (messages/feedback.toml),
checked when it is loaded. (Asking and answering it is a journey:
tests/journeys/test_iro_feedback.py.)"""

from __future__ import annotations

import pytest

from messages.feedback import FeedbackDataError, load_feedback, parse_feedback


def test_the_question_sets_are_data_and_are_checked():
    sets = load_feedback()
    assert [q.key for q in sets.for_set("child_absent")] == ["heard", "told", "next_time"]
    with pytest.raises(FeedbackDataError, match="unknown placeholder"):
        parse_feedback(
            'version = 1\n[[sets]]\nkey = "child_attended"\n[[sets]]\nkey = "child_absent"\n'
            '[[sets]]\nkey = "adult"\n[[questions]]\nset = "adult"\nkey = "a"\nkind = "scale"\n'
            'text = "How was {meeting}?"\n'
        )
