"""Fixtures: a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set),
a frozen clock, and the real Application talking to the in-process Bot API."""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, func, text
from sqlmodel import SQLModel, select
from telegram.ext import CallbackContext

from bot.calendar.reviews import add_review
from bot.people.invites import issue_invite
from bot.people.records import add_person
from bot.platform.clock import FrozenClock
from bot.platform.runtime import Runtime, open_runtime
from bot.platform.settings import load_settings
from handlers.app import build_application, run_reminders
from models import Notification
from telegram_double import BotAPIDouble, FakeUser

# Monday 23 November 2026, 10:00 in London (GMT).
START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
DATA_KEY = Fernet.generate_key().decode()
LONDON = ZoneInfo("Europe/London")


def _postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


# Each test run works in its own schema, so two runs on one server never meet.
PG_SCHEMA = f"myreview_test_{os.getpid()}"


def reset_postgres(url: str) -> str:
    """A clean schema for each test; returns a URL whose connections use it."""
    settings = load_settings(DATABASE_URL=url)
    engine = create_engine(settings.database_url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    engine.dispose()
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{PG_SCHEMA}"


@pytest.fixture(scope="session", autouse=True)
def _drop_test_schema() -> Iterator[None]:
    yield
    url = _postgres_url()
    if url is None:
        return
    engine = create_engine(load_settings(DATABASE_URL=url).database_url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'myreview.db'}"
    url = _postgres_url()
    if url is None:
        pytest.skip("TEST_DATABASE_URL is not set (.ci/run sets it)")
    return reset_postgres(url)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def rt(database_url: str, clock: FrozenClock) -> Iterator[Runtime]:
    settings = load_settings(DATABASE_URL=database_url, MYREVIEW_DATA_KEY=DATA_KEY)
    runtime = open_runtime(settings, clock)
    SQLModel.metadata.create_all(runtime.db.engine)
    yield runtime
    runtime.db.dispose()


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

    def user(self, first_name: str) -> FakeUser:
        user = FakeUser(self.double, self.app, next(self._ids), first_name)
        self.users.append(user)
        return user

    async def join(self, role: str, name: str, **fields) -> FakeUser:
        """Add a person and have them open their invite link."""
        person_id, token = self.add(role, name, **fields)
        user = self.user(name.split()[0])
        user.person_id = person_id
        await user.send(f"/start {token}")
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


@pytest.fixture
async def team(world: World):
    """An IRO, a social worker and a carer, each with their Telegram account linked."""
    iro = await world.join("iro", "Jo Example")
    sw = await world.join("social_worker", "Pat Sample")
    carer = await world.join("carer", "Lee Sample")
    return iro, sw, carer


CHILD_DOB = date(2012, 3, 14)  # 14 at the meeting: the 13+ questions
MEETING = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)


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
