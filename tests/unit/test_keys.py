"""Rotating the data key: every sealed value re-encrypted, readable with the new key alone."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import text
from sqlmodel import select

from bot.people.own_words import set_word
from bot.people.records import add_person
from bot.privacy.key_rotation import rotate, sealed_columns
from models import ChildWord, set_cipher
from tests.support import DATA_KEY


def test_the_sealed_columns_are_found_from_the_models():
    names = {f"{t.name}.{c.name}" for t, c in sealed_columns()}
    assert {"answer.text", "answer.file_id", "child_word.value", "alert.words"} <= names
    assert {"person.name", "person.dob"} <= names


def test_rotation_re_encrypts_everything_with_the_new_key(rt):
    now = rt.clock.now()
    with rt.session() as session:
        iro = add_person(session, now, role="iro", name="Jo Example")
        child = add_person(session, now, role="child", name="Sky Test", iro_id=iro.id)
        for i in range(1203):  # more than two batches
            session.add(
                ChildWord(child_id=child.id, key=f"k{i}", value=f"word {i} 🌟", updated_at=now)
            )
    with rt.db.engine.connect() as connection:
        before = {r[0] for r in connection.execute(text("SELECT value FROM child_word"))}

    new = Fernet.generate_key()
    both = MultiFernet([Fernet(new), Fernet(DATA_KEY.encode())])
    set_cipher(both)
    report = rotate(rt.db, both)
    assert report.values == 1203 + 2  # the words, and the two people's names (sealed too)

    with rt.db.engine.connect() as connection:
        after = {r[0] for r in connection.execute(text("SELECT value FROM child_word"))}
    assert before.isdisjoint(after)
    set_cipher(MultiFernet([Fernet(new)]))
    with rt.session() as session:
        values = {w.value for w in session.exec(select(ChildWord))}
    assert "word 1202 🌟" in values and len(values) == 1203
    with pytest.raises(InvalidToken):
        Fernet(DATA_KEY.encode()).decrypt(next(iter(after)).encode())


def test_rotation_is_safe_to_run_twice(rt):
    now = rt.clock.now()
    with rt.session() as session:
        iro = add_person(session, now, role="iro", name="Jo Example")
        child = add_person(session, now, role="child", name="Sky Test", iro_id=iro.id)
        set_word(session, child, "home", "Nan's", now)
    cipher = MultiFernet([Fernet(Fernet.generate_key()), Fernet(DATA_KEY.encode())])
    set_cipher(cipher)
    rotate(rt.db, cipher)
    rotate(rt.db, cipher)
    with rt.session() as session:
        assert session.exec(select(ChildWord)).one().value == "Nan's"
