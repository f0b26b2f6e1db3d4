"""Fixtures both tiers share: a real database (SQLite, and PostgreSQL when
TEST_DATABASE_URL is set, so every test that asks for one runs on both), a frozen
clock, and the Runtime over them. The Application on the Bot API double, and the
people in it, are in ``tests/journeys/conftest.py``."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from sqlalchemy import create_engine
from sqlalchemy import text as sql
from sqlmodel import SQLModel

from bot.platform.clock import FrozenClock
from bot.platform.runtime import Runtime, open_runtime
from bot.platform.settings import load_settings
from messages import render, text
from tests.support import DATA_KEY, START


def _postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


# Each test run works in its own schema, so two runs on one server never meet.
PG_SCHEMA = f"myreview_test_{os.getpid()}"


def reset_postgres(url: str) -> str:
    """A clean schema for each test; returns a URL whose connections use it."""
    settings = load_settings(DATABASE_URL=url)
    engine = create_engine(settings.database_url)
    with engine.begin() as connection:
        connection.execute(sql(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        connection.execute(sql(f"CREATE SCHEMA {PG_SCHEMA}"))
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
        connection.execute(sql(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
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


# --- languages -----------------------------------------------------------------------


@pytest.fixture
def arabic_catalog(tmp_path, monkeypatch):
    """A small Arabic catalog, standing in for a translator's file: English and Arabic
    are offered while it is in place (the unit tier's machinery and a child's choice)."""
    po = Catalog(locale="ar")
    po.add(text.WORDS_INTRO, "بعض الكلمات التي يستخدمها الكبار قد تبدو غريبة.")
    po.add(text.WORD_SAVED, "شكرًا! سأقول “{value}”.")
    po.add("What do you call the place where you live?", "ماذا تسمي المكان الذي تعيش فيه؟")
    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as handle:
        write_po(handle, po)
    monkeypatch.setattr(render, "LOCALES_DIR", tmp_path)
    render.available_locales.cache_clear()
    render.translations.cache_clear()
    yield tmp_path
    render.available_locales.cache_clear()
    render.translations.cache_clear()
