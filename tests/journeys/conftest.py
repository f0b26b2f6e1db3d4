"""The journeys' world: the real Application on the in-process Bot API double, the
people who talk to it, and the reminders job run at the moments a test picks.

Who is in it, as the fixtures build it (the clock starts at 10:00 on Monday 23
November 2026, ``tests.support.START``):

- ``world``: the bot, started, with nobody in it; ``world.join(role, name, ...)`` adds
  someone who opens their invite link, ``world.user(name)`` someone it doesn't know;
- ``team``: Jo Example (IRO), Pat Sample (social worker), Lee Sample (carer);
- ``manager``: Max Example, a service manager, who joins after the team;
- ``child``: Sky Test, 14, with the team around her, a review on Tuesday 8 December at
  10:00 and her own words chosen; ``started_child``: the same Sky on her first
  question; ``people``: the team and Sky on her first question, by name;
- ``reminders``: the reminders job of ``myreview run``, run when a test says;
- ``cli``: ``myreview`` at the command line on a fresh database of its own (no bot).

Steps people take, and readers of what the bot kept, are in ``tests/journeys/steps.py``.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from alembic import command
from cryptography.fernet import Fernet
from sqlalchemy import func
from sqlmodel import select
from telegram.ext import CallbackContext

from bot.calendar.reviews import add_review
from bot.cli import main
from bot.people.invites import issue_invite
from bot.people.records import add_person
from bot.platform.db import alembic_config
from bot.platform.runtime import Runtime
from handlers.app import build_application, run_reminders
from models import Notification
from telegram_double import BotAPIDouble, FakeUser
from tests.journeys.steps import choose_words, join_child
from tests.support import DATA_KEY, LONDON, MEETING


class World:
    """The people of a test and the running bot, with the words tests use most."""

    _ids = itertools.count(1001)

    def __init__(self, rt: Runtime, double: BotAPIDouble) -> None:
        self.rt = rt
        self.double = double
        self.app = None
        self.users: list[FakeUser] = []

    async def start_app(self) -> None:
        self.app = build_application(self.rt, token="123456:TEST", request=self.double)
        await self.app.initialize()
        await self.app.post_init(self.app)

    async def restart_app(self) -> None:
        """A deploy or a crash: the Application is thrown away and a new one is built."""
        await self.app.shutdown()
        await self.start_app()
        for user in self.users:
            user.application = self.app

    def add(self, role: str, name: str, **fields) -> tuple[int, str]:
        now = self.rt.clock.now()
        with self.rt.session() as session:
            person = add_person(session, now, role=role, name=name, **fields)
            invite = issue_invite(session, person, now, 14)
            return person.id, invite.token

    def user(self, first_name: str, app_language: str | None = "en") -> FakeUser:
        user = FakeUser(
            self.double, self.app, next(self._ids), first_name, language_code=app_language
        )
        self.users.append(user)
        return user

    async def join(
        self,
        role: str,
        name: str,
        *,
        language: str | None = "English",
        app_language: str | None = "en",
        **fields,
    ) -> FakeUser:
        """Add a person and have them open their invite link. A child is offered the
        language picker first, and taps ``language`` (``None``: leaves it open)."""
        person_id, token = self.add(role, name, **fields)
        user = self.user(name.split()[0], app_language)
        user.person_id = person_id
        await user.send(f"/start {token}")
        if role == "child" and language is not None:
            await user.tap(language)
        return user

    def schedule(self, child_id: int, at: datetime) -> int:
        with self.rt.session() as session:
            return add_review(session, self.rt.clock.now(), child_id=child_id, at=at).id


@pytest.fixture
async def world(rt: Runtime) -> AsyncIterator[World]:
    w = World(rt, BotAPIDouble())
    await w.start_app()
    yield w
    await w.app.shutdown()


# --- the people --------------------------------------------------------------------------
#
# Who joins first matters (person ids, and who is told what), so each fixture says
# what it adds to the world and in which order: the team (ids 1, 2, 3), then a manager
# if a test asks for one before Sky, then Sky.


@pytest.fixture
async def team(world: World):
    """Jo Example (IRO), Pat Sample (social worker) and Lee Sample (carer), each with
    their Telegram account linked; ``iro, sw, carer = team``."""
    iro = await world.join("iro", "Jo Example")
    sw = await world.join("social_worker", "Pat Sample")
    carer = await world.join("carer", "Lee Sample")
    return iro, sw, carer


@pytest.fixture
async def manager(world: World, team) -> FakeUser:
    """Max Example, a service manager, who joins after the team."""
    return await world.join("manager", "Max Example")


async def _sky(world: World, team, *, started: bool) -> FakeUser:
    user = await join_child(world, team)
    user.review_id = world.schedule(user.person_id, MEETING)
    await choose_words(user)
    if started:
        await user.tap("▶️ Start now")
    return user


@pytest.fixture
async def child(world: World, team) -> FakeUser:
    """Sky Test, 14 (the 13+ questions), whose IRO, social worker and carer are the
    team. Her review is on Tuesday 8 December at 10:00 (``child.review_id``) and she
    has chosen her words (``steps.WORDS``: "Nan's", "Nan", ...). My Review is open, not
    started: she was last offered "▶️ Start now"."""
    return await _sky(world, team, started=False)


@pytest.fixture
async def started_child(world: World, team) -> FakeUser:
    """Sky, as in ``child``, who has tapped "▶️ Start now": she is on question 1 of 28."""
    return await _sky(world, team, started=True)


@pytest.fixture
async def people(team, started_child) -> SimpleNamespace:
    """Everyone around Sky once she has started: ``people.iro``, ``.sw``, ``.carer``
    (the team) and ``people.sky`` (``started_child``)."""
    iro, sw, carer = team
    return SimpleNamespace(iro=iro, sw=sw, carer=carer, sky=started_child)


# --- the reminders job ------------------------------------------------------


class Timeline(list):
    """What the bot sent on its own, and when: (moment, SentMessage), oldest first."""

    def of(self, user, containing: str = "") -> list:
        return [(at, m) for at, m in self if m.chat_id == user.chat_id and containing in m.plain]

    def when(self, user, containing: str = "") -> list[str]:
        """Local (London) times, as people read them: "Tue 15 Dec 09:00"."""
        return [f"{at.astimezone(LONDON):%a %d %b %H:%M}" for at, _ in self.of(user, containing)]

    def texts(self, user, containing: str = "") -> list[str]:
        return [m.plain for _, m in self.of(user, containing)]


class Reminders:
    """The JobQueue job of `myreview run` (a dispatcher pass), run at moments a test picks."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.reports = []

    async def run(self, at: datetime | None = None):
        """One pass, as the job runs it, at ``at`` (default: now). Returns what was sent."""
        if at is not None:
            self.world.rt.clock.set(at)
        mark = self.world.double.checkpoint()
        self.reports.append(await run_reminders(CallbackContext(self.world.app)))
        return self.world.double.since(mark)

    async def run_until(self, end: datetime) -> Timeline:
        """As if the job ran every minute until ``end``: a pass at every moment something
        is due (and at least daily), which is when a minute-by-minute job would act."""
        timeline = Timeline()
        clock = self.world.rt.clock
        last = None
        while True:
            with self.world.rt.session() as session:
                due = session.exec(
                    select(func.min(Notification.due_at)).where(Notification.status == "pending")
                ).one()
            due = due.replace(tzinfo=UTC) if due is not None and due.tzinfo is None else due
            target = min(t for t in (due, clock.now() + timedelta(days=1), end) if t is not None)
            # The job runs within a minute of starting, then every minute.
            target = clock.now() if last is None else max(target, last + timedelta(minutes=1))
            target = min(target, max(end, clock.now()))
            sent = await self.run(target)
            timeline += [(target, m) for m in sent]
            last = target
            if target >= end:
                return timeline


@pytest.fixture
def reminders(world: World) -> Reminders:
    return Reminders(world)


# --- the command line ------------------------------------------------------------------


@pytest.fixture
def cli(database_url, monkeypatch, capsys):
    """``myreview`` as an operator runs it, on a fresh database it has just upgraded
    (``myreview db upgrade``), with no bot token or username set:
    ``code, out, err = cli("people", "add", ...)``, at 10:00 on Monday 23 November
    unless ``now=`` says otherwise; ``cli.url`` is the database."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MYREVIEW_DATA_KEY", Fernet.generate_key().decode())
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_USERNAME", raising=False)

    def run(*args: str, now: str = "2026-11-23T10:00+00:00") -> tuple[int, str, str]:
        code = main(["--now", now, *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("db", "upgrade")[0] == 0
    run.url = database_url
    return run


@pytest.fixture
def world_cli(world, monkeypatch, capsys):
    """The real `myreview` command line, on the world's own database."""
    url = world.rt.settings.database_url
    with world.rt.db.engine.begin() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.stamp(config, "head")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MYREVIEW_DATA_KEY", DATA_KEY)
    monkeypatch.delenv("MYREVIEW_RETENTION_DAYS", raising=False)

    def run(*args: str, now: datetime | None = None) -> tuple[int, str, str]:
        moment = (now or world.rt.clock.now()).isoformat()
        code = main(["--now", moment, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run
