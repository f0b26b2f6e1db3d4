"""What every part of the running product shares: settings, database, clock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlmodel import Session

from bot.platform.clock import Clock, SystemClock
from bot.platform.db import Database
from bot.platform.encryption import load_cipher
from bot.platform.settings import Settings
from models import set_cipher

# The Setting row where the bot keeps its own username, for invite links.
BOT_USERNAME = "bot_username"


@dataclass
class Runtime:
    """Handed to handlers, the CLI and the dispatcher, so each uses the same rules."""

    settings: Settings
    db: Database
    clock: Clock = field(default_factory=SystemClock)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.db.session() as session:
            yield session


def open_runtime(settings: Settings, clock: Clock | None = None) -> Runtime:
    """Load the data key and connect to the database."""
    set_cipher(load_cipher(settings))
    return Runtime(
        settings=settings, db=Database(settings.database_url), clock=clock or SystemClock()
    )
