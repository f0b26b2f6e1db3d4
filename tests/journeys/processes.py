"""Real ``myreview`` processes for tests: a database, a Bot API stand-in, and the bot.

The tests that need what only separate processes show (a crash with kill -9, two
processes on one database) use these; everything else drives the Application in
the test's own process, which is faster and says the same.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from telegram_double import FakeUser
from telegram_double.records import SentMessage
from telegram_double.server import BotAPIServer

TOKEN = "123456:PROCESS-TEST"
MYREVIEW = [sys.executable, "-m", "bot"]


def environment(database_url: str, data_key: str, server: BotAPIServer) -> dict[str, str]:
    """The settings a real process gets: this database, this key, this Bot API."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MYREVIEW_", "TELEGRAM_"))}
    env.update(
        DATABASE_URL=database_url,
        MYREVIEW_DATA_KEY=data_key,
        TELEGRAM_BOT_TOKEN=TOKEN,
        **server.environment(),
    )
    return env


def myreview(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run one operator command to the end."""
    return subprocess.run(
        [*MYREVIEW, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=60, check=True
    )


@contextmanager
def running_bot(env: dict[str, str], cwd: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``myreview run`` in a process of its own, killed at the end if still running."""
    with log.open("ab") as out:
        process = subprocess.Popen([*MYREVIEW, "run"], env=env, cwd=cwd, stdout=out, stderr=out)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)


class RemoteUser(FakeUser):
    """A person talking to a bot in another process: updates go into the stand-in's
    queue for ``getUpdates``, and what the bot sends arrives over HTTP."""

    def __init__(self, server: BotAPIServer, user_id: int, first_name: str) -> None:
        super().__init__(server.double, None, user_id, first_name)  # type: ignore[arg-type]
        self.server = server

    def say(self, text: str, *, expect: str) -> list[SentMessage]:
        """Send words, and wait until the bot sends a message containing ``expect``."""
        return self._post(self.text_update(text), expect)

    def press(self, label: str, *, expect: str) -> list[SentMessage]:
        """Tap a button on the newest message that has it (waiting for it to arrive),
        and wait until the bot sends a message containing ``expect``."""

        def showing() -> SentMessage | None:
            found = (m for m in reversed(self.history) if m.button(label) and not m.deleted)
            return next(found, None)

        self.server.wait_for(lambda: showing() is not None)
        message = showing()
        assert message is not None
        button = message.button(label)
        assert button is not None and button.callback_data is not None
        return self._post(self.callback_update(button.callback_data, message.raw), expect)

    def _post(self, update: dict, expect: str) -> list[SentMessage]:
        """Push the update; wait until a new message, or one the bot edited in place,
        says ``expect``. Returns the messages that are new or changed."""
        before = [m.plain for m in self.history]

        def changed() -> list[SentMessage]:
            return [
                m for i, m in enumerate(self.history) if i >= len(before) or m.plain != before[i]
            ]

        self.double.push_update(update)
        self.server.wait_for(lambda: any(expect in m.plain for m in changed()))
        return changed()
