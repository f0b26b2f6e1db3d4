"""The operator's command line: one JSON object with --json, one clear line and a
non-zero exit on any error, and nothing written when it fails."""

from __future__ import annotations

import json

import pytest
from cryptography.fernet import Fernet
from sqlmodel import select

from bot.cli import main
from bot.platform.db import Database, current_revision, head_revision, upgrade
from models import Person, Review


def people(cli) -> list[Person]:
    from bot.platform.settings import load_settings

    db = Database(load_settings(DATABASE_URL=cli.url).database_url)
    with db.session() as session:
        found = list(session.exec(select(Person)))
    db.dispose()
    return found


def test_people_add_prints_an_invite_as_json(cli):
    code, out, _ = cli("people", "add", "--role", "iro", "--name", "Jo Example", "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["id"] == 1
    assert len(payload["invite_token"]) >= 20
    assert payload["invite_link"] is None  # the bot's username is not known yet


def test_the_invite_link_uses_the_bot_username_once_known(cli, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "myreview_council_bot")
    _, out, _ = cli("people", "add", "--role", "iro", "--name", "Jo Example", "--json")
    payload = json.loads(out)
    assert (
        payload["invite_link"]
        == f"https://t.me/myreview_council_bot?start={payload['invite_token']}"
    )


def test_a_child_with_workers_and_a_review(cli):
    cli("people", "add", "--role", "iro", "--name", "Jo Example")
    cli("people", "add", "--role", "social-worker", "--name", "Pat Sample")
    cli("people", "add", "--role", "carer", "--name", "Lee Sample")
    code, out, _ = cli(
        "people", "add", "--role", "child", "--name", "Sky Test", "--dob", "2012-03-14",
        "--iro", "1", "--social-worker", "2", "--carer", "3", "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["id"] == 4
    code, out, _ = cli("reviews", "add", "--child", "4", "--at", "2026-12-08T10:00", "--json")
    added = json.loads(out)
    assert code == 0 and added["id"] == 1
    # Each date as ISO 8601 for scripts: the meeting, and the report 3 working days before.
    assert (added["at"], added["report_due"]) == ("2026-12-08T10:00:00+00:00", "2026-12-03")
    code, out, _ = cli("reviews", "list", "--json")
    rows = json.loads(out)["reviews"]
    assert [(r["id"], r["child_name"], r["my_review"], r["report_due"]) for r in rows] == [
        (1, "Sky Test", "not_started", "2026-12-03")
    ]
    code, out, _ = cli("reviews", "move", "1", "--at", "2026-12-15T14:30")
    assert code == 0
    code, out, _ = cli("consultations", "show", "--review", "1")
    assert "My Review: Sky Test" in out and "Tuesday 15 December, 14:30" in out
    code, out, _ = cli("reviews", "cancel", "1", "--json")
    assert json.loads(out)["status"] == "cancelled"


def test_a_fresh_invite_replaces_the_old_one(cli):
    _, first, _ = cli("people", "add", "--role", "iro", "--name", "Jo Example", "--json")
    code, second, _ = cli("people", "invite", "1", "--json")
    assert code == 0
    assert json.loads(first)["invite_token"] != json.loads(second)["invite_token"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["people", "add", "--role", "child", "--name", "Sky Test"], "a child needs an IRO"),
        (
            ["people", "add", "--role", "child", "--name", "Sky", "--iro", "99"],
            "no person with id 99",
        ),
        (["people", "add", "--role", "wizard", "--name", "X"], "unknown role 'wizard'"),
        (
            ["people", "add", "--role", "iro", "--name", "X", "--locale", "zz"],
            "unknown locale 'zz': use one of en, cy, ar, fa, prs, ps, ckb, ti, am, vi, sq",
        ),
        (
            ["people", "add", "--role", "iro", "--name", "X", "--locale", "ar"],
            "staff messages are in English",
        ),
        (["people", "language", "2", "xx"], "unknown locale 'xx': use one of en, cy, ar"),
        (["people", "language", "1", "ar"], "staff messages are in English"),
        (["people", "add", "--role", "iro", "--name", "   "], "a name is needed"),
        (["people", "invite", "42"], "no person with id 42"),
        (["reviews", "add", "--child", "42", "--at", "2026-12-08T10:00"], "no person with id 42"),
        (["reviews", "add", "--child", "1", "--at", "2026-12-08T10:00"], "person 1 is not a child"),
        (
            ["reviews", "add", "--child", "2", "--at", "2020-01-01T10:00"],
            "the meeting date is in the past",
        ),
        (["reviews", "add", "--child", "2", "--at", "next tuesday"], "cannot read the date"),
        (
            ["reviews", "add", "--child", "2", "--at", "2026-12-08T10:00", "--format", "zoom"],
            "unknown format",
        ),
        (["reviews", "cancel", "77"], "no review with id 77"),
        (["consultations", "show", "--review", "77"], "no review with id 77"),
        # A role is named as people say it.
        (["people", "add", "--role", "child", "--name", "Bo", "--iro", "2"], "is not an IRO"),
        # A meeting needs its time, on a day that exists, at a time the clocks show once.
        (["reviews", "add", "--child", "2", "--at", "2026-12-18"], "needs a time too"),
        (["reviews", "add", "--child", "2", "--at", "2027-02-31T10:00"], "date doesn't exist"),
        (
            ["reviews", "add", "--child", "2", "--at", "2027-03-28T01:30"],
            "does not exist in Europe/London: the clocks go forward",
        ),
        (
            ["reviews", "add", "--child", "2", "--at", "2027-10-31T01:30"],
            "happens twice in Europe/London (the clocks go back): say which",
        ),
        # Usage errors too: one line, exit 1, and where to read more.
        (["reviews", "add", "--child", "2"], "required: --at (see myreview reviews add --help)"),
        (["no-such-command"], "invalid choice: 'no-such-command'"),
        # A date typed as a date, on a day no calendar has.
        (["stats", "--from", "2026-02-31"], "that date doesn't exist: 2026-02-31"),
    ],
)
def test_errors_exit_non_zero_with_one_line_and_write_nothing(cli, args, message):
    cli("people", "add", "--role", "iro", "--name", "Jo Example")
    cli("people", "add", "--role", "child", "--name", "Sky Test", "--iro", "1")
    before = [(p.id, p.name) for p in people(cli)]
    code, out, err = cli(*args)
    assert code == 1
    assert out == ""
    assert err.strip().splitlines() == [f"myreview: {err.strip().removeprefix('myreview: ')}"]
    assert message in err
    assert [(p.id, p.name) for p in people(cli)] == before


def test_no_help_sends_the_operator_to_the_source_code():
    import argparse

    from bot.cli import build_parser

    def every(parser: argparse.ArgumentParser):
        yield parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    yield from every(child)

    helps = {parser.prog: parser.format_help() for parser in every(build_parser())}
    assert len(helps) > 20  # every command and subcommand
    for prog, shown in helps.items():
        assert ".py" not in shown and "bot/" not in shown, prog


def test_commands_refuse_an_out_of_date_schema(database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MYREVIEW_DATA_KEY", Fernet.generate_key().decode())
    assert main(["reviews", "list"]) == 1
    assert "run `myreview db upgrade` first" in capsys.readouterr().err


def test_db_upgrade_leaves_the_query_planner_its_statistics(database_url, monkeypatch):
    # Without them a Monday's digests were each planned as if the tables were empty.
    from sqlalchemy import text
    from sqlmodel import SQLModel

    from bot.platform.settings import load_settings

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MYREVIEW_DATA_KEY", Fernet.generate_key().decode())
    assert main(["db", "upgrade"]) == 0
    db = Database(load_settings(DATABASE_URL=database_url).database_url)
    ours = sorted(table.name for table in SQLModel.metadata.sorted_tables)
    with db.engine.connect() as connection:
        if db.engine.dialect.name == "sqlite":
            # ANALYZE makes the table of statistics, even while the tables are empty.
            found = text("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert connection.execute(found).scalars().all() == ["sqlite_stat1"]
        else:
            # A table never analysed has reltuples -1; once analysed, what it holds.
            never = connection.execute(
                text(
                    "SELECT c.relname FROM pg_class c JOIN pg_namespace n"
                    " ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
                    " AND c.relkind = 'r' AND c.reltuples < 0"
                )
            ).scalars()
            assert not set(never) & set(ours)
    db.dispose()


def test_run_needs_a_token(database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["run"]) == 1
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().err


def test_migrations_build_exactly_the_schema_the_models_describe(database_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from bot.platform.settings import load_settings

    db = Database(load_settings(DATABASE_URL=database_url).database_url)
    assert current_revision(db) is None  # an empty database
    upgrade(db)
    assert current_revision(db) == head_revision()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        # The start-up check reads the revisions without Alembic: Alembic agrees.
        assert current_revision(db) == context.get_current_revision()
        diff = compare_metadata(context, SQLModel.metadata)
    db.dispose()
    assert diff == []


def test_the_newest_migration_is_the_one_alembic_finds():
    from alembic.script import ScriptDirectory

    from bot.platform.db import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert head_revision() == scripts.get_current_head()


def test_python_dash_m_bot_is_the_same_command():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "myreview" in result.stdout


def test_reviews_are_stored_in_utc_from_london_time(cli):
    cli("people", "add", "--role", "iro", "--name", "Jo Example")
    cli("people", "add", "--role", "child", "--name", "Sky Test", "--iro", "1")
    cli("reviews", "add", "--child", "2", "--at", "2027-06-01T10:00")
    from bot.platform.settings import load_settings

    db = Database(load_settings(DATABASE_URL=cli.url).database_url)
    with db.session() as session:
        review = session.exec(select(Review)).one()
    db.dispose()
    assert review.scheduled_at.isoformat() == "2027-06-01T09:00:00+00:00"  # BST


@pytest.mark.parametrize(
    "code", ["en", "cy", "ar", "fa", "prs", "ps", "ckb", "ti", "am", "vi", "sq"]
)
def test_a_child_can_be_added_in_every_language_we_speak(cli, code):
    cli("people", "add", "--role", "iro", "--name", "Jo Example")
    code_, _, err = cli(
        "people", "add", "--role", "child", "--name", "Sky Test", "--iro", "1", "--locale", code
    )
    assert code_ == 0, err
    assert [p.locale for p in people(cli) if p.role == "child"] == [code]


def test_a_childs_language_can_be_changed(cli):
    cli("people", "add", "--role", "iro", "--name", "Jo Example")
    cli("people", "add", "--role", "child", "--name", "Sky Test", "--iro", "1")
    code, out, _ = cli("people", "language", "2", "prs")
    assert code == 0
    assert out.strip() == "person 2 will be written to in Dari"
    assert [p.locale for p in people(cli) if p.role == "child"] == ["prs"]
