"""A financial year of reviews, seeded straight into the database, and the annual
report's figures for it worked out by hand (next to each figure). The figures are
checked in tests/unit/test_iro_stats.py and from the command line in
tests/journeys/test_iro_stats.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import select

from bot.calendar.reviews import add_review, cancel_review, record_held
from bot.calendar.workdays import LONDON, at_local
from bot.people.own_words import set_word
from bot.people.records import add_person
from bot.platform.clock import FrozenClock
from bot.workspace.feedback import plan
from models import Consultation, Feedback, FeedbackAnswer, Person, Review

START, END = date(2025, 4, 1), date(2026, 3, 31)  # the financial year 2025/26
NOW = datetime(2026, 4, 15, 12, 0, tzinfo=UTC)


def local(day: date, hour: int = 10) -> datetime:
    return at_local(day, time(hour), LONDON)


def seed(rt) -> dict[str, int]:
    """Five children and nine reviews across two financial years.

    A  entered care 3 Mar 2025; R1 held 28 Mar 2025 (PN1, last year); R2 held Fri 20 Jun
       2025 (PN1; 2nd review, due within 3 months of R1: in timescale; came; report due
       Tue 17 Jun, shared Mon 16: on time); R3 held Thu 15 Jan 2026 (PN6; 3rd review, due
       within 6 months of R2, by 20 Dec 2025: OUT of timescale; did not come; report due
       Mon 12 Jan, shared Wed 14: 2 working days late). My Review: R2 sent, R3 started.
       Has words.
    B  no entered-care date; R8 held 10 Feb 2025 (PN2, last year); R4 held Wed 10 Sep 2025
       (PN7; not checked; report due Fri 5 Sep, shared Wed 10: 3 working days late).
       My Review not started.
    C  born 2023 (under 4), entered care 1 Apr 2025; R5 held Tue 15 Apr 2025 (PN0; first
       review within 20 working days: in timescale; report due Thu 10 Apr, never shared).
       Not asked (under 4). Has words.
    D  no entered-care date; R6 Wed 5 Nov 2025 not recorded as held (My Review sent;
       report due Fri 31 Oct, shared that day: on time); R9 held Tue 10 Mar 2026 with no
       code (not checked; My Review not started; report due Thu 5 Mar, never shared).
    E  R7 on 1 Oct 2025, cancelled: in no figure.
    """
    clock: FrozenClock = rt.clock
    ids: dict[str, int] = {}
    clock.set(datetime(2024, 6, 1, tzinfo=UTC))
    with rt.session() as s:
        now = clock.now()
        iro = add_person(s, now, role="iro", name="Jo Example")
        sw = add_person(s, now, role="social_worker", name="Pat Sample")
        carer = add_person(s, now, role="carer", name="Lee Sample")
        common = {"iro_id": iro.id, "social_worker_id": sw.id, "carer_id": carer.id}
        a = add_person(s, now, role="child", name="Avery Test", dob=date(2012, 5, 1), **common)
        b = add_person(s, now, role="child", name="Blake Test", dob=date(2010, 2, 2), **common)
        c = add_person(s, now, role="child", name="Cam Test", dob=date(2023, 1, 1), **common)
        d = add_person(s, now, role="child", name="Dee Test", dob=date(2011, 7, 7), **common)
        e = add_person(s, now, role="child", name="Eli Test", dob=date(2013, 8, 8), **common)
        a.entered_care, c.entered_care = date(2025, 3, 3), date(2025, 4, 1)
        ids.update(a=a.id, b=b.id, c=c.id, d=d.id, e=e.id, sw=sw.id, carer=carer.id)

    def review(name: str, child: str, day: date) -> None:
        clock.set(local(day) - timedelta(days=30))  # scheduled a month ahead
        with rt.session() as s:
            ids[name] = add_review(s, clock.now(), child_id=ids[child], at=local(day)).id

    for name, child, day in [
        ("r8", "b", date(2025, 2, 10)),
        ("r1", "a", date(2025, 3, 28)),
        ("r5", "c", date(2025, 4, 15)),
        ("r2", "a", date(2025, 6, 20)),
        ("r4", "b", date(2025, 9, 10)),
        ("r7", "e", date(2025, 10, 1)),
        ("r6", "d", date(2025, 11, 5)),
        ("r3", "a", date(2026, 1, 15)),
        ("r9", "d", date(2026, 3, 10)),
    ]:
        review(name, child, day)

    clock.set(NOW)
    with rt.session() as s:
        now = clock.now()
        cancel_review(s, now, ids["r7"])
        held = {
            "r8": ("PN2", None),
            "r1": ("PN1", True),
            "r5": ("PN0", True),
            "r2": ("PN1", True),
            "r4": ("PN7", False),
            "r3": ("PN6", False),
            "r9": (None, False),
        }
        for name, (code, attended) in held.items():
            r = s.get(Review, ids[name])
            record_held(s, now, r)
            r.participation_code, r.child_attended = code, attended
        shared = {
            "r2": date(2025, 6, 16),
            "r3": date(2026, 1, 14),
            "r4": date(2025, 9, 10),
            "r6": date(2025, 10, 31),
        }
        for name, day in shared.items():
            s.get(Review, ids[name]).report_shared_at = local(day, 15)

        def consultation(name: str) -> Consultation:
            return s.exec(select(Consultation).where(Consultation.review_id == ids[name])).one()

        for name in ("r2", "r6"):
            c = consultation(name)
            c.status, c.started_at, c.sent_at = "sent", now, now
        c = consultation("r3")
        c.status, c.started_at = "in_progress", now
        set_word(s, s.get(Person, ids["a"]), "home", "Nan's", now)
        set_word(s, s.get(Person, ids["c"]), "home", "home", now)
        s.flush()
        # Feedback: R2 (A came) and R3 (A did not), each to A, the social worker, the carer.
        a = s.get(Person, ids["a"])
        plan(s, now, s.get(Review, ids["r2"]), a, LONDON)
        plan(s, now, s.get(Review, ids["r3"]), a, LONDON)

        def answer(review: str, person: str, **values: str) -> None:
            f = s.exec(
                select(Feedback)
                .where(Feedback.review_id == ids[review])
                .where(Feedback.person_id == ids[person])
            ).one()
            for key, value in values.items():
                s.add(
                    FeedbackAnswer(feedback_id=f.id, question_key=key, value=value, answered_at=now)
                )

        answer("r2", "a", feel="5", listened="yes")
        answer("r2", "sw", run_well="4", child_heard="yes", papers_in_time="no")
        answer("r3", "sw", run_well="2")
        answer("r3", "carer", run_well="skip")
    return ids


EXPECTED = {
    "from": "2025-04-01",
    "to": "2026-03-31",
    # Held in the year: R2, R3, R4, R5, R9. In timescale: R2, R5. Out: R3. Not checked: R4, R9.
    "reviews_held": {"held": 5, "in_timescale": 2, "out_of_timescale": 1, "not_checked": 2},
    # Meetings in the year (not cancelled): R2 R3 R4 R5 R6 R9. R5 under 4. Started: R2 R3 R6.
    "consultations": {"opened": 5, "started": 3, "sent": 2, "under_4": 1},
    # One object per code and year: (2024/25, 2025/26) counted by hand below.
    "participation": [
        {"code": code, "meaning": meaning, "year": year, "reviews": reviews}
        for code, meaning, counts in (
            ("PN0", "under 4", (0, 1)),
            ("PN1", "speaks for self", (1, 1)),
            ("PN2", "advocate speaks", (1, 0)),
            ("PN3", "views shown non-verbally", (0, 0)),
            ("PN4", "does not contribute", (0, 0)),
            ("PN5", "briefs an advocate", (0, 0)),
            ("PN6", "views by another medium", (0, 1)),
            ("PN7", "views not conveyed", (0, 1)),
            ("none", "held, no code recorded", (0, 1)),
        )
        for year, reviews in zip(("2024/25", "2025/26"), counts, strict=True)
    ],
    # On time: R2, R6. Late: R3 (2 working days), R4 (3): mean 2.5. Not shared: R5, R9.
    "reports": {
        "due": 6,
        "on_time": 2,
        "late": 2,
        "not_shared": 2,
        "mean_working_days_late": 2.5,
        "by_month": {
            "2025-04": {"on_time": 0, "late": 0, "not_shared": 1},
            "2025-06": {"on_time": 1, "late": 0, "not_shared": 0},
            "2025-09": {"on_time": 0, "late": 1, "not_shared": 0},
            "2025-11": {"on_time": 1, "late": 0, "not_shared": 0},
            "2026-01": {"on_time": 0, "late": 1, "not_shared": 0},
            "2026-03": {"on_time": 0, "late": 0, "not_shared": 1},
        },
    },
    # A, B, C, D had a meeting in the year; A and C have words.
    "language_that_cares": {"children": 4, "with_words": 2},
}
