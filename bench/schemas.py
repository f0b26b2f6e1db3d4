"""Where a benchmark's database lives: a SQLite file in its folder, or a schema of its
own on PostgreSQL (``BENCH_DATABASE_URL``, default the local server's ``test``
database), dropped afterwards."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy import text as sql

from bot.platform.settings import load_settings

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
SCHEMA = f"myreview_bench_{os.getpid()}"
KINDS = ("sqlite", "postgresql")


def _server() -> str:
    return load_settings(DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT)).database_url


def database(kind: str, folder: Path, schema: str = SCHEMA) -> str:
    """A fresh, empty database of this kind, as a URL."""
    if kind == "sqlite":
        return f"sqlite:///{folder / 'bench.db'}"
    engine = create_engine(_server())
    with engine.begin() as connection:
        connection.execute(sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(sql(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    url = os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT)
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}"


def drop_schema(schema: str = SCHEMA) -> None:
    engine = create_engine(_server())
    with engine.begin() as connection:
        connection.execute(sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


def kinds_of(choice: str) -> tuple[str, ...]:
    """``--db sqlite|postgresql|both``."""
    return KINDS if choice == "both" else (choice,)
