"""`myreview import`: a caseload file at the command line, with one line for each
error and nothing written unless every row is right. (The importer's rules
themselves are in tests/unit/test_importer.py.)"""

from __future__ import annotations

import json

import pytest
from cryptography.fernet import Fernet

import bot.cli
from bot.platform.db import alembic_config
from tests.caseloads import BAD, GOOD, everyone


@pytest.fixture
def cli(rt, monkeypatch, capsys):
    """``myreview import`` through bot.cli.main, on ``rt``'s database stamped at the newest
    schema (not conftest's ``cli``: these tests read the database through ``rt``)."""
    from alembic import command

    config = alembic_config(rt.db.url)
    with rt.db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.stamp(config, "head")
    monkeypatch.setenv("DATABASE_URL", rt.settings.database_url)
    monkeypatch.setenv("MYREVIEW_DATA_KEY", Fernet.generate_key().decode())

    def call(*args: str) -> tuple[int, str, str]:
        code = bot.cli.main(["--now", "2026-11-23T10:00+00:00", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return call


def test_the_command_imports_and_says_how_to_send_invites(cli, rt, tmp_path):
    path = tmp_path / "caseload.csv"
    path.write_text(GOOD, encoding="utf-8")
    code, out, _ = cli("import", "--csv", str(path))
    assert code == 0
    assert "3 children created" in out
    assert "myreview people invite ID" in out
    assert len(everyone(rt)) == 7


def test_the_command_prints_one_json_object(cli, tmp_path):
    path = tmp_path / "caseload.csv"
    path.write_text(GOOD, encoding="utf-8")
    code, out, _ = cli("import", "--csv", str(path), "--dry-run", "--json")
    payload = json.loads(out)
    assert code == 0
    assert (payload["dry_run"], payload["written"]) == (True, False)
    assert payload["counts"]["children_created"] == 3


def test_the_command_lists_every_error_and_exits_1(cli, rt, tmp_path):
    path = tmp_path / "caseload.csv"
    path.write_text(BAD, encoding="utf-8")
    code, out, err = cli("import", "--csv", str(path))
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith("myreview: row 2, dob: cannot read the date")
    assert lines[-1] == "myreview: nothing was imported: 13 error(s) in 13 row(s)"
    assert everyone(rt) == {}

    code, out, err = cli("import", "--csv", str(path), "--json")
    assert code == 1
    assert len(json.loads(out)["errors"]) == 13
    assert err.strip() == "myreview: nothing was imported: 13 error(s) in 13 row(s)"


def test_a_missing_file_is_one_line(cli, tmp_path):
    code, _, err = cli("import", "--csv", str(tmp_path / "nope.csv"))
    assert code == 1
    assert err.startswith("myreview: no such file")
