"""What every part of the running product shares: settings, database, clock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from cryptography.fernet import MultiFernet
from sqlmodel import Session

from bot.platform.clock import Clock, SystemClock
from bot.platform.db import Database
from bot.platform.encryption import check_data_key, key_source, load_cipher
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
    cipher: MultiFernet | None = None
    """The data key, checked against this database (also registered for every sealed column)."""

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.db.session() as session:
            yield session


def open_runtime(settings: Settings, clock: Clock | None = None) -> Runtime:
    """Load the data key, connect to the database, and check that the key reads this
    database's data before anything else is read or written (``DataKeyError`` if not)."""
    cipher = load_cipher(settings)
    db = Database(settings.database_url)
    try:
        check_data_key(db, cipher, key_source(settings))
    except BaseException:
        db.dispose()
        raise
    set_cipher(cipher)
    return Runtime(settings=settings, db=db, clock=clock or SystemClock(), cipher=cipher)
