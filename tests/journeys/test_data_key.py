"""The data key is checked before anything is read or written: a wrong key, or a missing
key file beside a database that holds data, is one line and exit 1, for the bot, every
command and the dispatcher pass, never a traceback and never a fresh key."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet, MultiFernet
from sqlalchemy import text

from bot.cli import main
from bot.platform.db import Database
from bot.platform.encryption import (
    CHECK_PLAINTEXT,
    DATA_KEY_CHECK,
    HINT,
    DataKeyError,
    check_data_key,
    key_file_for,
)
from bot.platform.settings import load_settings
from models import Setting

NOW = "2026-11-23T10:00+00:00"
REFUSED = "myreview: MYREVIEW_DATA_KEY cannot read this database's data: "


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--now", NOW, *args])
    out, err = capsys.readouterr()
    return code, out, err


def seed(capsys) -> dict[str, int]:
    """A database that holds a child's data: people, a review, the child's own word."""
    from bot.people.own_words import set_word
    from bot.platform.runtime import open_runtime
    from models import Person

    assert run(capsys, "db", "upgrade")[0] == 0
    iro = json.loads(
        run(capsys, "people", "add", "--role", "iro", "--name", "Jo Example", "--json")[1]
    )
    child = json.loads(
        run(
            capsys,
            *("people", "add", "--role", "child", "--name", "Sky Test", "--dob", "2012-03-14"),
            *("--iro", str(iro["id"]), "--json"),
        )[1]
    )
    review = json.loads(
        run(
            capsys,
            "reviews",
            "add",
            "--child",
            str(child["id"]),
            "--at",
            "2026-12-08T10:00",
            "--json",
        )[1]
    )
    rt = open_runtime(load_settings())
    with rt.session() as session:
        set_word(session, session.get(Person, child["id"]), "home", "Nan's", rt.clock.now())
    rt.db.dispose()
    return {"iro": iro["id"], "child": child["id"], "review": review["id"]}


@pytest.fixture
def held(database_url, monkeypatch, capsys):
    """A database with data, sealed with KEY; the environment set as an operator would."""
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MYREVIEW_DATA_KEY", key)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_USERNAME", raising=False)
    ids = seed(capsys)
    ids["key"] = key
    ids["url"] = database_url
    return ids


def raw(url: str, sql: str, **params) -> list:
    db = Database(load_settings(DATABASE_URL=url).database_url)
    with db.engine.begin() as connection:
        result = connection.execute(text(sql), params)
        rows = list(result) if result.returns_rows else []
    db.dispose()
    return rows


def one_refusal(code: int, out: str, err: str, start: str = REFUSED) -> str:
    assert code == 1, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(start), lines[0]
    assert "Traceback" not in err and "InvalidToken" not in err
    return lines[0]


# --- a wrong key ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["reviews", "list"],
        ["consultations", "show", "--review", "1"],
        ["people", "add", "--role", "iro", "--name", "Alex Example"],
        ["reminders", "run", "--dry-run"],
        ["export", "--review", "1", "--format", "md", "--out", "."],
        ["audit", "--child", "2"],
        ["keys", "rotate"],
        ["db", "upgrade"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_a_wrong_key_is_one_line_for_every_command(held, command, monkeypatch, capsys):
    before = raw(held["url"], "SELECT count(*) FROM person")
    monkeypatch.setenv("MYREVIEW_DATA_KEY", Fernet.generate_key().decode())
    line = one_refusal(*run(capsys, *command))
    assert line.endswith(HINT)
    assert "check value" in line
    assert raw(held["url"], "SELECT count(*) FROM person") == before  # nothing written


def test_the_bot_and_the_dispatcher_pass_refuse_a_wrong_key(held, monkeypatch, capsys):
    from handlers import app

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST")
    monkeypatch.setenv("MYREVIEW_DATA_KEY", Fernet.generate_key().decode())

    def never(*args, **kwargs):
        raise AssertionError("nothing may be built or sent on a wrong key")

    monkeypatch.setattr(app, "build_application", never)
    monkeypatch.setattr(app, "one_reminders_pass", never)
    one_refusal(*run(capsys, "run"))
    one_refusal(*run(capsys, "reminders", "run"))


def test_myreview_run_as_a_process_refuses_a_wrong_key_in_one_line(held):
    env = {
        **os.environ,
        "DATABASE_URL": held["url"],
        "MYREVIEW_DATA_KEY": Fernet.generate_key().decode(),
        "TELEGRAM_BOT_TOKEN": "123456:TEST",
        # Nowhere to poll: if the key were taken, the bot would fail later and differently.
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot",
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    one_refusal(result.returncode, result.stdout, result.stderr)


def test_all_the_keys_given_may_open_the_check_value(held, monkeypatch, capsys):
    """Step 1 of a rotation: OLD,NEW works; so does NEW,OLD (the new key writes)."""
    new = Fernet.generate_key().decode()
    for keys in (f"{held['key']},{new}", f"{new},{held['key']}"):
        monkeypatch.setenv("MYREVIEW_DATA_KEY", keys)
        code, out, err = run(capsys, "reviews", "list", "--json")
        assert code == 0, err
        assert json.loads(out)["reviews"][0]["child_name"] == "Sky Test"


def test_keys_rotate_seals_the_check_value_again(held, monkeypatch, capsys):
    new = Fernet.generate_key().decode()
    monkeypatch.setenv("MYREVIEW_DATA_KEY", f"{new},{held['key']}")
    assert run(capsys, "keys", "rotate")[0] == 0
    ((token,),) = raw(held["url"], "SELECT value FROM setting WHERE key = :k", k=DATA_KEY_CHECK)
    assert Fernet(new.encode()).decrypt(token.encode()) == CHECK_PLAINTEXT
    monkeypatch.setenv("MYREVIEW_DATA_KEY", new)  # step 4: the old key dropped
    code, _, err = run(capsys, "consultations", "show", "--review", str(held["review"]))
    assert code == 0, err
    monkeypatch.setenv("MYREVIEW_DATA_KEY", held["key"])  # and the old one alone no longer reads
    one_refusal(*run(capsys, "reviews", "list"))


def test_a_database_from_before_the_check_is_checked_against_its_data(held, monkeypatch, capsys):
    """An upgrade from a version with no check value: one sealed value is tried, and the
    check value is written once the key has opened it."""
    raw(held["url"], "DELETE FROM setting WHERE key = :k", k=DATA_KEY_CHECK)
    monkeypatch.setenv("MYREVIEW_DATA_KEY", Fernet.generate_key().decode())
    line = one_refusal(*run(capsys, "reviews", "list"))
    assert "none of its keys opens the values in" in line and line.endswith(HINT)
    assert raw(held["url"], "SELECT value FROM setting WHERE key = :k", k=DATA_KEY_CHECK) == []

    monkeypatch.setenv("MYREVIEW_DATA_KEY", held["key"])
    assert run(capsys, "reviews", "list")[0] == 0
    ((token,),) = raw(held["url"], "SELECT value FROM setting WHERE key = :k", k=DATA_KEY_CHECK)
    assert Fernet(held["key"].encode()).decrypt(token.encode()) == CHECK_PLAINTEXT


def test_a_value_sealed_with_a_key_nobody_has_is_one_line_without_the_words(
    held, monkeypatch, capsys
):
    """The check passes, but one row was sealed with another key (restored from another
    system, say): reading it is a clear error, never a traceback, never the words."""
    stranger = Fernet(Fernet.generate_key()).encrypt(b"Nan's garden").decode()
    raw(held["url"], "UPDATE child_word SET value = :v", v=stranger)
    code, out, err = run(capsys, "consultations", "show", "--review", str(held["review"]))
    line = one_refusal(code, out, err, "myreview: a sealed value cannot be opened")
    assert "Nan" not in line and "MYREVIEW_DATA_KEY" in line


def test_the_health_check_function(held):
    db = Database(load_settings(DATABASE_URL=held["url"]).database_url)
    try:
        check_data_key(db, MultiFernet([Fernet(held["key"].encode())]))
        with pytest.raises(DataKeyError, match="cannot read this database's data"):
            check_data_key(db, MultiFernet([Fernet(Fernet.generate_key())]))
    finally:
        db.dispose()


def test_db_upgrade_writes_the_check_value_on_a_fresh_database(database_url, monkeypatch, capsys):
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MYREVIEW_DATA_KEY", key)
    assert run(capsys, "db", "upgrade")[0] == 0
    db = Database(load_settings(DATABASE_URL=database_url).database_url)
    from sqlmodel import Session

    with Session(db.engine) as session:
        row = session.get(Setting, DATA_KEY_CHECK)
    db.dispose()
    assert row is not None and Fernet(key.encode()).decrypt(row.value.encode()) == CHECK_PLAINTEXT
    # Even with no child's data yet, another key is refused from now on.
    monkeypatch.setenv("MYREVIEW_DATA_KEY", Fernet.generate_key().decode())
    one_refusal(*run(capsys, "reviews", "list"))


# --- the embedded key file ---------------------------------------------------------------


@pytest.fixture
def embedded(tmp_path, monkeypatch):
    database = tmp_path / "myreview.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.delenv("MYREVIEW_DATA_KEY", raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_USERNAME", raising=False)
    return database


@pytest.mark.parametrize("command", [["reviews", "list"], ["db", "upgrade"], ["run"]])
def test_a_missing_key_file_is_never_replaced_beside_data(embedded, command, monkeypatch, capsys):
    seed(capsys)
    key_file = key_file_for(embedded)
    key_file.rename(embedded.with_name("moved-away.key"))
    if command == ["run"]:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST")
    line = one_refusal(
        *run(capsys, *command), start=f"myreview: the key file {key_file} is missing"
    )
    assert "restore the key file" in line
    assert not key_file.exists()


def test_a_missing_key_file_is_refused_even_before_any_childs_data(embedded, capsys):
    """After ``db upgrade`` the database holds the check value: that is data sealed with
    the key, too."""
    assert run(capsys, "db", "upgrade")[0] == 0
    key_file = key_file_for(embedded)
    key_file.unlink()
    one_refusal(*run(capsys, "reviews", "list"), start=f"myreview: the key file {key_file}")
    assert not key_file.exists()


def test_a_wrong_key_file_is_refused_in_one_line(embedded, capsys):
    seed(capsys)
    key_file = key_file_for(embedded)
    key_file.write_text(Fernet.generate_key().decode() + "\n")
    line = one_refusal(
        *run(capsys, "reviews", "list"),
        start=f"myreview: the key file {key_file} cannot read this database's data: ",
    )
    assert line.endswith(HINT)


def test_a_new_database_still_gets_its_key_file(embedded, capsys):
    assert run(capsys, "db", "upgrade")[0] == 0
    assert key_file_for(embedded).exists()
