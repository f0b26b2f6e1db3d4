"""The consultation's own rules, without the bot: who is asked at all. (The
consultation as a child lives it is a journey: tests/journeys/test_consultation.py.)"""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from bot.calendar.reviews import add_review
from bot.people.records import add_person
from models import Consultation
from tests.support import MEETING


def test_a_child_under_four_is_not_asked(rt):
    now = rt.clock.now()
    with rt.session() as session:
        iro = add_person(session, now, role="iro", name="Jo Example")
        baby = add_person(
            session, now, role="child", name="Ari Test", dob=date(2024, 1, 1), iro_id=iro.id
        )
        add_review(session, now, child_id=baby.id, at=MEETING)
    with rt.session() as session:
        assert session.exec(select(Consultation)).one().status == "not_applicable"
