"""The embedded database and the files SQLite keeps beside it are readable by their
owner only (0600), whatever the umask, from the first write on."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.cli import main
from bot.platform.db import Database, make_private
from bot.platform.encryption import key_file_for
from bot.platform.settings import load_settings

NOW = "2026-11-23T10:00+00:00"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def companions(database: Path) -> list[Path]:
    return [database.with_name(database.name + tail) for tail in ("-wal", "-shm")]


@pytest.fixture
def open_umask():
    """The usual umask of a server account, which would make new files 0644."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_a_new_database_and_its_wal_files_are_0600(tmp_path, open_umask):
    database = tmp_path / "fresh.db"
    db = Database(f"sqlite:///{database}")
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE note (words TEXT)"))
        connection.execute(text("INSERT INTO note VALUES ('x')"))
    # Held open, so SQLite keeps its -wal and -shm files (it removes them on the last close).
    with db.engine.connect() as connection:
        connection.execute(text("SELECT * FROM note")).all()
        for path in (database, *companions(database)):
            assert path.exists(), path
            assert mode(path) == 0o600, (path, oct(mode(path)))
    db.dispose()


def test_files_left_world_readable_by_an_earlier_version_are_made_private(tmp_path, open_umask):
    database = tmp_path / "old.db"
    db = Database(f"sqlite:///{database}")
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE note (words TEXT)"))
    db.dispose()
    database.chmod(0o644)
    stale = database.with_name(database.name + "-journal")
    stale.write_text("")
    stale.chmod(0o644)
    db = Database(f"sqlite:///{database}")
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1")).all()
        assert mode(database) == 0o600 and mode(stale) == 0o600
    db.dispose()


def test_the_command_line_leaves_every_file_private(tmp_path, monkeypatch, capsys, open_umask):
    database = tmp_path / "myreview.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.delenv("MYREVIEW_DATA_KEY", raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_USERNAME", raising=False)

    def run(*args: str) -> str:
        code = main(["--now", NOW, *args])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    run("db", "upgrade")
    iro = json.loads(run("people", "add", "--role", "iro", "--name", "Jo Example", "--json"))
    run("people", "add", "--role", "child", "--name", "Sky Test", "--iro", str(iro["id"]))
    run("reviews", "add", "--child", "2", "--at", "2026-12-08T10:00")
    run("export", "--review", "1", "--format", "md", "--out", str(tmp_path / "sky.md"))
    run("stats", "--from", "2026-04-01", "--to", "2027-03-31", "--charts", str(tmp_path))
    made = [database, key_file_for(database), tmp_path / "sky.md", *tmp_path.glob("*.png")]
    assert len(made) > 4
    for path in made:
        assert mode(path) == 0o600, (path, oct(mode(path)))
    # The umask is the process's own again once the command is done.
    assert os.umask(0o022) == 0o022

    # A running process writing again: its -wal and -shm files are private too.
    db = Database(load_settings().database_url)
    with db.engine.connect() as connection:
        connection.execute(text("SELECT count(*) FROM person")).all()
        for path in companions(database):
            if path.exists():
                assert mode(path) == 0o600, path
    db.dispose()


def test_make_private_never_makes_a_folder(tmp_path):
    make_private(tmp_path / "missing" / "x.db")
    assert not (tmp_path / "missing").exists()


def test_only_a_sqlite_file_url_has_a_file():
    from bot.platform.db import sqlite_file

    assert sqlite_file("postgresql+psycopg://postgres@127.0.0.1/test") is None
    assert sqlite_file("sqlite://") is None
    assert sqlite_file("sqlite:///:memory:") is None
    assert sqlite_file("sqlite:////srv/myreview/myreview.db") == Path("/srv/myreview/myreview.db")
