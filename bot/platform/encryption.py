"""Encryption at rest for children's words and file ids (Fernet, MultiFernet).

``MYREVIEW_DATA_KEY`` holds one or more Fernet keys separated by commas; the
first encrypts, all of them decrypt, so a key can be rotated without downtime.
For the embedded SQLite default with no key set, a key file is created beside
the database (mode 0600) and a warning is logged: fine for a demo or a pilot,
not for production, where the key belongs in a secret store.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.platform.settings import Settings

log = logging.getLogger(__name__)


class DataKeyError(Exception):
    """The data key is missing or malformed."""


def parse_keys(raw: str) -> MultiFernet:
    """Build a MultiFernet from comma-separated keys, newest first."""
    keys = [part.strip() for part in raw.split(",") if part.strip()]
    if not keys:
        raise DataKeyError("MYREVIEW_DATA_KEY is empty")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as exc:
        raise DataKeyError(
            "MYREVIEW_DATA_KEY must be Fernet keys (32 url-safe base64 bytes), comma-separated"
        ) from exc


def key_file_for(database: Path) -> Path:
    """Where the embedded default keeps its key: beside the database file."""
    return database.with_name(database.name + ".key")


def load_cipher(settings: Settings) -> MultiFernet:
    """The cipher for this deployment, creating the embedded key file if needed."""
    if settings.data_key is not None:
        return parse_keys(settings.data_key.get_secret_value())
    database = settings.sqlite_path
    if database is None:
        raise DataKeyError(
            "MYREVIEW_DATA_KEY is not set. Production databases need a key: "
            "create one with `myreview keys new` and keep it in your secret store."
        )
    key_file = key_file_for(database)
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(Fernet.generate_key().decode("ascii") + "\n")
        log.warning(
            "MYREVIEW_DATA_KEY is not set: created key file %s (mode 0600). "
            "Back it up: without it the stored answers cannot be read.",
            key_file,
        )
    else:
        log.info("MYREVIEW_DATA_KEY is not set: using key file %s", key_file)
    return parse_keys(key_file.read_text())


def new_key() -> str:
    """A fresh Fernet key, for operators."""
    return Fernet.generate_key().decode("ascii")


__all__ = ["DataKeyError", "InvalidToken", "MultiFernet", "load_cipher", "new_key", "parse_keys"]
