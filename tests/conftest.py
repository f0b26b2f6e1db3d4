"""Fixtures: a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set),
a frozen clock, and the real Application talking to the in-process Bot API."""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from bot.app import build_application
from bot.clock import FrozenClock
from bot.people import add_person, issue_invite
from bot.reviews import add_review
from bot.runtime import Runtime, open_runtime
from bot.settings import load_settings
from bot.telegram_double import BotAPIDouble, FakeUser

# Monday 23 November 2026, 10:00 in London (GMT).
START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
DATA_KEY = Fernet.generate_key().decode()


def _postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


def reset_postgres(url: str) -> None:
    """A clean schema for each test: drop everything the last one made."""
    settings = load_settings(DATABASE_URL=url)
    engine = create_engine(settings.database_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'myreview.db'}"
    url = _postgres_url()
    if url is None:
        pytest.skip("TEST_DATABASE_URL is not set (.ci/run sets it)")
    reset_postgres(url)
    return url


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
