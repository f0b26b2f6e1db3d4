"""Importing a caseload from a case management system's CSV export: children,
their workers and their next review; errors per row; never half-imported.
(`myreview import` at the command line is a journey: tests/journeys/test_importer.py.)"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from bot.caseload.importer import import_csv
from bot.people.records import add_person
from models import Consultation, Person, Review
from tests.caseloads import BAD, GOOD, HEADER, everyone


def run(rt, source, *, dry_run=False):
    with rt.session() as session:
        return import_csv(session, rt.clock.now(), source, dry_run=dry_run)


def reviews(rt) -> list[Review]:
    with rt.session() as session:
        return list(session.exec(select(Review).order_by(Review.id)))


def count_rows(rt) -> tuple[int, int, int]:
    with rt.session() as session:
        return (
            len(session.exec(select(Person)).all()),
            len(session.exec(select(Review)).all()),
            len(session.exec(select(Consultation)).all()),
        )


# --- a good file ----------------------------------------------------------------


def test_a_good_file_creates_children_workers_and_reviews(rt):
    report = run(rt, GOOD)

    assert report.ok and report.written
    assert report.rows == 3
    assert report.counts() == {
        "children_created": 3,
        "children_updated": 0,
        "children_unchanged": 0,
        "workers_created": 4,
        "workers_updated": 0,
        "reviews_added": 2,
        "reviews_moved": 0,
    }
    people = everyone(rt)
    assert {ref: (p.role, p.name) for ref, p in people.items()} == {
        "W01": ("iro", "Jo Example"),
        "W02": ("social_worker", "Pat Sample"),
        "F01": ("carer", "Lee Sample"),
        "F02": ("carer", "Sam Sample"),
        "C001": ("child", "Sky Test"),
        "C002": ("child", "Ash Example"),
        "C003": ("child", "Rowan Test"),
    }
    sky, ash, rowan = people["C001"], people["C002"], people["C003"]
    assert (sky.iro_id, sky.social_worker_id, sky.carer_id) == (
        people["W01"].id,
        people["W02"].id,
        people["F01"].id,
    )
    assert (ash.dob, ash.carer_id) == (date(2010, 7, 14), people["F02"].id)
    assert (rowan.social_worker_id, rowan.carer_id, rowan.locale) == (None, None, "en")
    assert sky.entered_care == date(2025, 6, 2)
    assert sky.setup_step == "start"  # ready for their first chat, like `people add`

    # Local London times (GMT in winter); each review opens the child's My Review.
    assert [(r.child_id, r.iro_id, r.scheduled_at) for r in reviews(rt)] == [
        (sky.id, people["W01"].id, datetime(2026, 12, 8, 10, 0, tzinfo=UTC)),
        (ash.id, people["W01"].id, datetime(2026, 12, 15, 14, 30, tzinfo=UTC)),
    ]
    assert count_rows(rt) == (7, 2, 2)


def test_the_report_names_each_change_with_its_row(rt):
    report = run(rt, GOOD)
    lines = [str(change) for change in report.changes]
    assert "row 2: iro W01 (id 1) created" in lines
    assert any(line.startswith("row 3: child C002") and "created" in line for line in lines)
    assert any(line.startswith("row 3: review") and "added" in line for line in lines)


def test_invites_are_not_issued_by_import(rt):
    from models import Invite

    run(rt, GOOD)
    with rt.session() as session:
        assert session.exec(select(Invite)).all() == []


# --- importing again ----------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(rt):
    run(rt, GOOD)
    report = run(rt, GOOD)
    assert report.ok
    assert report.changes == []
    assert report.counts()["children_unchanged"] == 3
    assert count_rows(rt) == (7, 2, 2)


def test_a_reimport_updates_people_and_moves_reviews_without_duplicates(rt):
    run(rt, GOOD)
    before = everyone(rt)
    changed = f"""{HEADER}
C001,Sky Test-Example,2012-03-14,,en,W03,Kim Example,W02,,F01,,2026-12-09 11:00
C002,Ash Example,14/07/2010,,en,W01,Jo Example,W02,,,,15/12/2026 14:30
C003,Rowan Test,2015-01-01,2026-01-05,,W01,,W02,,,,2027-01-12 09:30
"""
    report = run(rt, changed)

    assert report.ok, [str(e) for e in report.errors]
    assert report.counts() == {
        "children_created": 0,
        "children_updated": 3,
        "children_unchanged": 0,
        "workers_created": 1,
        "workers_updated": 0,
        "reviews_added": 1,
        "reviews_moved": 1,
    }
    after = everyone(rt)
    assert len(after) == 8  # only the new IRO, W03, was added
    sky, ash, rowan = after["C001"], after["C002"], after["C003"]
    assert sky.id == before["C001"].id
    assert (sky.name, sky.iro_id) == ("Sky Test-Example", after["W03"].id)
    assert ash.carer_id is None  # an empty carer_ref: the carer no longer sees Ash's answers
    assert (rowan.social_worker_id, rowan.entered_care) == (after["W02"].id, date(2026, 1, 5))

    by_child = {r.child_id: r for r in reviews(rt)}
    assert len(by_child) == 3
    # Sky's review moved (the same review, now chaired by the new IRO).
    assert by_child[sky.id].scheduled_at == datetime(2026, 12, 9, 11, 0, tzinfo=UTC)
    assert by_child[sky.id].iro_id == after["W03"].id
    assert by_child[rowan.id].scheduled_at == datetime(2027, 1, 12, 9, 30, tzinfo=UTC)
    updated = {c.ref: c.fields for c in report.changes if c.kind == "child"}
    assert updated["C001"] == ("name", "iro")
    assert updated["C002"] == ("carer",)


def test_a_file_without_carer_columns_leaves_carers_alone(rt):
    run(rt, GOOD)
    report = run(rt, "child_ref,child_name,iro_ref\nC001,Sky Test,W01\n")
    assert report.ok and report.changes == []
    assert everyone(rt)["C001"].carer_id is not None


def test_an_empty_cell_never_cancels_a_review(rt):
    run(rt, GOOD)
    run(rt, GOOD.replace("2026-12-08 10:00", ""))
    assert [r.status for r in reviews(rt)] == ["scheduled", "scheduled"]


# --- bad rows: every error reported, nothing written -----------------------------------


EXPECTED = {
    (2, "dob"): "cannot read the date '14th March 2012'",
    (3, "iro_ref"): "a child needs an IRO",
    (4, "next_review_at"): "the review date is in the past",
    (5, "locale"): "unknown locale 'xx'",
    (6, "child_ref"): "child_ref C001 is also on row 2",
    (7, "child_name"): "the name is longer than 200 characters",
    (8, "next_review_at"): "has no time",
    (9, "iro_name"): "'Joe Example' differs from 'Jo Example' on row 2",
    (10, "dob"): "the date of birth is in the future",
    (11, "child_ref"): "C010 is also a social worker on row 11",
    (12, "iro_name"): "a name is needed: W09 is not known yet",
    (13, "social_worker_ref"): "social_worker_ref is needed with social_worker_name",
    (14, "next_review_at"): "cannot read the date and time '2026/12/08 10:00'",
}


def test_every_bad_row_is_reported_with_its_row_and_column_and_nothing_is_written(rt):
    report = run(rt, BAD)

    assert not report.ok and not report.written
    found = {(e.row, e.column): e.message for e in report.errors}
    assert set(found) == set(EXPECTED)
    for where, words in EXPECTED.items():
        assert words in found[where], where
    assert str(report.errors[0]).startswith("row 2, dob: cannot read the date")
    assert report.changes == []
    assert count_rows(rt) == (0, 0, 0)


def test_one_bad_row_among_good_ones_writes_nothing(rt):
    report = run(rt, GOOD + "C004,Kit Test,,,en,W01,,,,,,2020-01-01 10:00\n")
    assert [(e.row, e.column) for e in report.errors] == [(5, "next_review_at")]
    assert count_rows(rt) == (0, 0, 0)


def test_a_ref_already_used_for_someone_else_is_an_error(rt):
    run(rt, GOOD)
    report = run(
        rt, f"{HEADER}\nC9,Jun Test,,,en,W3,Kim Example,,,W01,,\nW02,Kai Test,,,en,W3,,,,,,\n"
    )
    assert [(e.row, e.column) for e in report.errors] == [(2, "carer_ref"), (3, "child_ref")]
    assert "W01 is person 1, an IRO, not a carer" in report.errors[0].message
    assert "not a child" in report.errors[1].message
    assert len(everyone(rt)) == 7


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        (f"{HEADER}\n", "no children"),
        ("child_ref,child_name\nC1,Sky Test\n", "row 1, iro_ref: this column is needed"),
        (f"{HEADER},favourite_colour\n", "row 1, favourite_colour: unknown column"),
        (f"{HEADER}\nC1,Sky,,,,W1,Jo,,,,,,,extra\n", "row 2: 14 cells, but the header has 12"),
    ],
)
def test_a_broken_file_is_explained(rt, text, message):
    report = run(rt, text)
    assert any(message in str(e) for e in report.errors), [str(e) for e in report.errors]
    assert count_rows(rt) == (0, 0, 0)


def test_a_file_that_is_not_utf8_is_explained(rt):
    report = run(rt, f"{HEADER}\nC1,Zoë Test,,,,W1,Jo Example,,,,,\n".encode("cp1252"))
    assert "not UTF-8" in str(report.errors[0])


# --- dry run --------------------------------------------------------------------------


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(rt):
    report = run(rt, GOOD, dry_run=True)
    assert report.ok and report.dry_run and not report.written
    assert report.counts()["children_created"] == 3
    assert report.counts()["reviews_added"] == 2
    assert all(c.id is None for c in report.changes)  # nothing was given an id
    assert count_rows(rt) == (0, 0, 0)


def test_a_dry_run_of_a_reimport_changes_nothing(rt):
    run(rt, GOOD)
    report = run(rt, GOOD.replace("2026-12-08 10:00", "2026-12-10 10:00"), dry_run=True)
    assert report.counts()["reviews_moved"] == 1
    assert reviews(rt)[0].scheduled_at == datetime(2026, 12, 8, 10, 0, tzinfo=UTC)


def test_a_dry_run_reports_errors_too(rt):
    report = run(rt, BAD, dry_run=True)
    assert len(report.errors) == len(EXPECTED)


# --- names in any script; Excel's files ---------------------------------------------------


def test_arabic_and_tigrinya_names_round_trip_from_an_excel_file(rt, tmp_path):
    # Excel's "CSV UTF-8": a byte order mark, CRLF line ends, quotes where needed.
    text = (
        f"{HEADER}\r\n"
        'C101,سارة أحمد,2011-05-01,,en,W01,"Example, Jo",,,,,2026-12-08 10:00\r\n'
        'C102,ሳባ ተስፋይ,2009-09-09,,en,W01,"Example, Jo",,,,,"2026-12-09 10:00"\r\n'
    )
    path = tmp_path / "caseload.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))

    report = run(rt, path)

    assert report.ok, [str(e) for e in report.errors]
    people = everyone(rt)
    assert people["C101"].name == "سارة أحمد"
    assert people["C102"].name == "ሳባ ተስፋይ"
    assert people["W01"].name == "Example, Jo"
    assert run(rt, path).changes == []  # the same names: nothing to update


def test_semicolons_and_friendly_headers_are_read(rt):
    report = run(rt, "Child ref;Child name;IRO ref;IRO name\nC1;Sky Test;W1;Jo Example\n")
    assert report.ok and report.counts()["children_created"] == 1


def test_a_workers_name_may_be_left_out_after_the_first_row(rt):
    report = run(rt, f"{HEADER}\nC1,Sky Test,,,,W1,Jo Example,,,,,\nC2,Ash Test,,,,W1,,,,,,\n")
    assert report.ok and report.counts()["workers_created"] == 1


def test_a_worker_added_by_hand_is_matched_by_ref(rt):
    with rt.session() as session:
        iro = add_person(session, rt.clock.now(), role="iro", name="Jo Example")
        iro.external_ref = "W01"
        session.add(iro)
    report = run(rt, f"{HEADER}\nC1,Sky Test,,,,W01,,,,,,\n")
    assert report.ok and report.counts()["workers_created"] == 0
    assert everyone(rt)["C1"].iro_id == iro.id


def test_children_in_every_language_we_speak_import_together(rt):
    codes = ["en", "cy", "ar", "fa", "prs", "ps", "ckb", "ti", "am", "vi", "sq"]
    rows = [
        f'C{n},Child{n} Test,2011-05-01,,{code},W01,"Example, Jo",,,,,2026-12-08 10:00'
        for n, code in enumerate(codes, start=1)
    ]
    report = run(rt, "\n".join([HEADER, *rows]) + "\n")
    assert report.ok, [str(e) for e in report.errors]
    people = everyone(rt)
    assert [people[f"C{n}"].locale for n in range(1, len(codes) + 1)] == codes
