"""Every person's name and a child's date of birth are sealed at rest, like their words:
migration 0006 seals the rows already there (and its downgrade opens them again), and
nothing that sorted or matched names in SQL depends on them being plain."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlmodel import Session, select

from bot.cli import main
from bot.platform.db import Database, current_revision, downgrade, head_revision, upgrade
from bot.platform.settings import load_settings
from models import Person

NOW = "2026-11-23T10:00+00:00"
CREATED = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def database(url: str) -> Database:
    return Database(load_settings(DATABASE_URL=url).database_url)


def people_raw(db: Database) -> list[tuple]:
    with db.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text("SELECT id, name, dob FROM person"))]


@pytest.fixture
def old_database(database_url):
    """A database at 0005 (before names were sealed), with people in it and one sealed
    word, as it is on a server today."""
    key = Fernet.generate_key()
    cipher = Fernet(key)
    db = database(database_url)
    upgrade(db, "0005")
    with db.engine.begin() as connection:
        for row_id, role, name, dob, iro in (
            (1, "iro", "Jo Example", None, None),
            (2, "child", "Sky Test", "2012-03-14", 1),
            (3, "child", "Ash Sample-Ünal", "2010-07-01", 1),
        ):
            connection.execute(
                text(
                    "INSERT INTO person (id, role, name, dob, locale, iro_id, active, "
                    "unreachable, created_at) VALUES (:id, :role, :name, :dob, 'en', :iro, "
                    "true, false, :created)"
                ),
                {
                    "id": row_id,
                    "role": role,
                    "name": name,
                    "dob": date.fromisoformat(dob) if dob else None,
                    "iro": iro,
                    "created": CREATED.replace(tzinfo=None),
                },
            )
        connection.execute(
            text(
                "INSERT INTO child_word (child_id, key, value, updated_at) "
                "VALUES (2, 'home', :value, :at)"
            ),
            {"value": cipher.encrypt(b"Nan's").decode(), "at": CREATED.replace(tzinfo=None)},
        )
    yield db, key.decode(), database_url
    db.dispose()


def test_the_upgrade_seals_names_and_dates_and_the_downgrade_opens_them(
    old_database, monkeypatch, capsys
):
    db, key, url = old_database
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MYREVIEW_DATA_KEY", key)
    code = main(["db", "upgrade"])
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    assert current_revision(db) == head_revision()
    cipher = Fernet(key.encode())
    raw = people_raw(db)
    for _, name, dob in raw:
        assert name.startswith("gAAAAA") and "Sky" not in name
        assert dob is None or (dob.startswith("gAAAAA") and "2012" not in dob)
    opened = {
        row_id: (cipher.decrypt(name.encode()).decode(), dob and cipher.decrypt(dob.encode()))
        for row_id, name, dob in raw
    }
    assert opened == {
        1: ("Jo Example", None),
        2: ("Sky Test", b"2012-03-14"),
        3: ("Ash Sample-Ünal", b"2010-07-01"),
    }
    # Read through the models, as the bot does.
    with Session(db.engine) as session:
        sky = session.get(Person, 2)
        assert (sky.name, sky.dob) == ("Sky Test", date(2012, 3, 14))
    # The links to the rebuilt table held (SQLite rebuilds it).
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT child_id FROM child_word")).scalar() == 2
    code, out, _ = (main(["--now", NOW, "reviews", "add", "--child", "3", "--at",
                          "2026-12-08T10:00", "--json"]), *capsys.readouterr())  # fmt: skip
    assert code == 0 and json.loads(out)["id"] == 1

    downgrade(db, "0005")
    assert current_revision(db) == "0005"
    assert sorted(people_raw(db)) == [
        (1, "Jo Example", None),
        (2, "Sky Test", date(2012, 3, 14)),
        (3, "Ash Sample-Ünal", date(2010, 7, 1)),
    ] or sorted(people_raw(db)) == [  # SQLite gives its dates back as text
        (1, "Jo Example", None),
        (2, "Sky Test", "2012-03-14"),
        (3, "Ash Sample-Ünal", "2010-07-01"),
    ]
    upgrade(db)  # and up again: the round trip loses nothing
    with Session(db.engine) as session:
        names = {p.id: (p.name, p.dob) for p in session.exec(select(Person))}
    assert names[3] == ("Ash Sample-Ünal", date(2010, 7, 1))


def test_a_wrong_key_is_refused_before_the_migration_touches_a_name(
    old_database, monkeypatch, capsys
):
    db, _key, url = old_database
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MYREVIEW_DATA_KEY", Fernet.generate_key().decode())
    assert main(["db", "upgrade"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("myreview: MYREVIEW_DATA_KEY cannot read this database's data: ")
    assert "child_word.value" in err
    assert current_revision(db) == "0005"
    assert ("Sky Test", "2012-03-14") in {(n, str(d)) for _, n, d in people_raw(db)}


def test_no_name_or_date_of_birth_is_in_the_database_file(tmp_path, monkeypatch, capsys):
    path = tmp_path / "myreview.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("MYREVIEW_DATA_KEY", Fernet.generate_key().decode())
    assert main(["db", "upgrade"]) == 0
    assert main(["--now", NOW, "people", "add", "--role", "iro", "--name", "Quilla Example"]) == 0
    assert main([
        "--now", NOW, "people", "add", "--role", "child", "--name", "Zephyrine Test",
        "--dob", "2012-03-14", "--iro", "1",
    ]) == 0  # fmt: skip
    capsys.readouterr()
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    data += wal.read_bytes() if wal.exists() else b""
    for secret in (b"Quilla", b"Zephyrine", b"2012-03-14"):
        assert secret not in data


def test_a_helpers_children_are_listed_by_name_sorted_in_python(rt):
    from bot.people.records import add_person, children_helped_by

    now = rt.clock.now()
    with rt.session() as session:
        iro = add_person(session, now, role="iro", name="Jo Example")
        carer = add_person(session, now, role="carer", name="Lee Sample")
        for name in ("zoe Test", "Ash Test", "Élodie Test", "bo Test"):
            add_person(session, now, role="child", name=name, iro_id=iro.id, carer_id=carer.id)
        assert [c.name for c in children_helped_by(session, carer)] == [
            "Ash Test",
            "bo Test",
            "Élodie Test",
            "zoe Test",
        ]


def test_a_sealed_date_takes_only_a_date():
    from models import SealedDate

    with pytest.raises(ValueError, match="takes a date"):
        SealedDate().process_bind_param(datetime(2012, 3, 14, tzinfo=UTC), None)
