"""The annual report's figures over a seeded year, checked against numbers worked
out by hand (in tests/stats_year.py, next to each figure), and the command line
offering them. (`myreview stats` and /stats are journeys: tests/journeys/test_iro_stats.py.)"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.calendar.reviews import add_review, record_held
from bot.calendar.workdays import LONDON
from bot.people.records import add_person
from bot.workspace.stats import compute, sections
from messages.render import Renderer
from models import Review
from tests.stats_year import END, EXPECTED, NOW, START, local, seed


def test_the_figures_for_a_seeded_year_match_the_hand_count(rt):
    seed(rt)
    with rt.session() as session:
        figures = compute(session, START, END, NOW, LONDON).as_json()
    for key, value in EXPECTED.items():
        assert figures[key] == value, key
    feedback = figures["feedback"]
    # R2: A (came) answered; R3: A (did not come) did not; adults: 4 asked, 3 answered.
    assert (feedback["child_attended"]["asked"], feedback["child_attended"]["responded"]) == (1, 1)
    assert feedback["child_attended"]["questions"]["feel"] == {
        "answers": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1},
        "skipped": 0,
        "mean": 5.0,
    }
    assert (feedback["child_absent"]["asked"], feedback["child_absent"]["responded"]) == (1, 0)
    adult = feedback["adult"]
    assert (adult["asked"], adult["responded"]) == (4, 3)
    assert adult["questions"]["run_well"]["mean"] == 3.0  # (4 + 2) / 2, the skip left out
    assert adult["questions"]["run_well"]["skipped"] == 1
    assert adult["questions"]["papers_in_time"]["answers"] == {"yes": 0, "no": 1, "na": 0}


def test_the_command_line_has_import_and_stats():
    import argparse

    from bot.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert {"import", "stats", "export"} <= set(sub.choices)


def test_the_figures_people_read_use_the_answers_words_not_their_keys(rt):
    seed(rt)
    with rt.session() as session:
        figures = compute(session, START, END, NOW, LONDON)
    lines = [line for _, body in sections(figures, Renderer("en")) for line in body]
    papers = next(line for line in lines if "papers" in line.lower())
    assert "Yes 0" in papers and "No 1" in papers
    # A feelings scale by the words beside its faces, not bare numbers ("1 0 · 2 0").
    feel = next(line for line in lines if "average 5 of 5" in line)
    assert "very sad 0" in feel and "very happy 1" in feel
    assert "· 1 0" not in feel
    for key in ("a_bit", "not_yet", " na ", "na 0"):
        assert all(key not in line for line in lines), key


@pytest.mark.parametrize(
    ("entered_care", "expected"),
    [
        # In care since 2024, first recorded here in May 2025: their earlier reviews are
        # not known, so this one cannot be called late.
        (date(2024, 1, 8), {"in_timescale": 0, "out_of_timescale": 0, "not_checked": 1}),
        # Entered care as the review was booked: their first review was due within 20
        # working days (by 29 May), and 10 June is late.
        (date(2025, 5, 1), {"in_timescale": 0, "out_of_timescale": 1, "not_checked": 0}),
    ],
)
def test_a_child_part_way_through_care_is_not_counted_out_of_timescale(rt, entered_care, expected):
    rt.clock.set(datetime(2025, 5, 1, 9, tzinfo=UTC))
    with rt.session() as session:
        now = rt.clock.now()
        iro = add_person(session, now, role="iro", name="Jo Example")
        child = add_person(
            session, now, role="child", name="Fen Test", dob=date(2012, 1, 1), iro_id=iro.id
        )
        child.entered_care = entered_care
        review_id = add_review(session, now, child_id=child.id, at=local(date(2025, 6, 10))).id
    rt.clock.set(NOW)
    with rt.session() as session:
        record_held(session, rt.clock.now(), session.get(Review, review_id))
    with rt.session() as session:
        held = compute(session, START, END, NOW, LONDON).as_json()["reviews_held"]
    assert held == {"held": 1, **expected}
