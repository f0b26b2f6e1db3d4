"""People: adding them, allocating children to workers, and their invites."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from sqlmodel import Session, col, select

from bot.platform.errors import UserError
from messages import languages
from messages.clean import clean
from models import ROLES, Person

STAFF_ROLES = ("iro", "social_worker", "carer", "manager", "duty")
HELPER_ROLES = ("social_worker", "carer")
ROLE_ALIASES = {"social-worker": "social_worker", "sw": "social_worker"}
MAX_NAME = 200


def normalise_role(role: str) -> str:
    role = ROLE_ALIASES.get(role, role)
    if role not in ROLES:
        raise UserError(
            f"unknown role {role!r}: use one of iro, social-worker, child, carer, manager, duty"
        )
    return role


def age_on(dob: date | None, day: date) -> int | None:
    if dob is None:
        return None
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


A_ROLE = {
    "iro": "an IRO",
    "social_worker": "a social worker",
    "carer": "a carer",
    "child": "a child",
    "manager": "a manager",
    "duty": "a duty worker",
}
"""A role in an operator's error message: "not an IRO", never "not a iro"."""


def get_person(session: Session, person_id: int, role: str | None = None) -> Person:
    """A person by id, or a clear error naming what was wrong."""
    person = session.get(Person, person_id)
    if person is None:
        raise UserError(f"no person with id {person_id}")
    if role is not None and person.role != role:
        raise UserError(f"person {person_id} is not {A_ROLE.get(role, role)}")
    return person


def check_locale(code: str, role: str = "child") -> None:
    """Refuse a language we do not speak, naming those we do. Staff read English: only
    what a child reads is translated (docs/languages.md)."""
    if not languages.is_supported(code):
        raise UserError(f"unknown locale {code!r}: use one of {languages.supported_list()}")
    if role != "child" and code != languages.SOURCE:
        raise UserError("staff messages are in English: a locale is a child's language")


def set_language(session: Session, person_id: int, code: str) -> Person:
    """A person's language from now on (a child can also change it with /language)."""
    person = get_person(session, person_id)
    check_locale(code, person.role)
    person.locale = code
    session.add(person)
    session.flush()
    return person


def add_person(
    session: Session,
    now: datetime,
    *,
    role: str,
    name: str,
    dob: date | None = None,
    iro_id: int | None = None,
    social_worker_id: int | None = None,
    carer_id: int | None = None,
    locale: str = "en",
    entered_care: date | None = None,
) -> Person:
    """Add someone, checking every link before anything is written."""
    role = normalise_role(role)
    name = " ".join(clean(name).split())
    if not name:
        raise UserError("a name is needed")
    if len(name) > MAX_NAME:
        raise UserError(f"the name is longer than {MAX_NAME} characters")
    check_locale(locale, role)
    if dob is not None and dob > now.date():
        raise UserError("the date of birth is in the future")
    if role != "child" and (iro_id or social_worker_id or carer_id):
        raise UserError("only a child is allocated an IRO, a social worker or a carer")
    if entered_care is not None:
        if role != "child":
            raise UserError("only a child has an entered-care date")
        if entered_care > now.date():
            raise UserError("the entered-care date is in the future")
        if dob is not None and entered_care < dob:
            raise UserError("the entered-care date is before the date of birth")
    if role == "child":
        if iro_id is None:
            raise UserError("a child needs an IRO: give --iro ID")
        get_person(session, iro_id, "iro")
        if social_worker_id is not None:
            get_person(session, social_worker_id, "social_worker")
        if carer_id is not None:
            get_person(session, carer_id, "carer")
    person = Person(
        role=role,
        name=name,
        dob=dob,
        locale=locale,
        iro_id=iro_id,
        social_worker_id=social_worker_id,
        carer_id=carer_id,
        entered_care=entered_care,
        setup_step="start" if role == "child" else None,
        created_at=now,
    )
    session.add(person)
    session.flush()
    return person


def by_telegram_id(session: Session, telegram_user_id: int) -> Person | None:
    """The active person behind a Telegram account, if any."""
    return session.exec(
        select(Person)
        .where(Person.telegram_user_id == telegram_user_id)
        .where(col(Person.active).is_(True))
    ).first()


def children_helped_by(session: Session, helper: Person) -> list[Person]:
    """The children a carer or social worker may help fill in My Review."""
    if helper.role == "carer":
        column = Person.carer_id
    elif helper.role == "social_worker":
        column = Person.social_worker_id
    else:
        return []
    found = session.exec(
        select(Person)
        .where(column == helper.id)
        .where(Person.role == "child")
        .where(col(Person.active).is_(True))
    )
    # Names are sealed at rest, so they are sorted here, not in SQL.
    return sorted(found, key=lambda child: (name_order(child.name), child.id or 0))


def name_order(name: str) -> str:
    """How a person reads a list of names: case and accents aside ("Élodie" by "E")."""
    letters = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in letters if not unicodedata.combining(ch)).casefold()


def first_name(person: Person) -> str:
    return person.name.split(" ", 1)[0]
