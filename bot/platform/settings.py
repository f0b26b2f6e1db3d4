"""Settings from the environment (and an optional ``.env``), checked once at start."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///myreview.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(Exception):
    """The environment is wrong; ``str()`` has one line per problem."""


class Settings(BaseSettings):
    """Everything an operator can set. Names match the README."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org/bot", alias="TELEGRAM_API_BASE_URL"
    )
    telegram_api_base_file_url: str = Field(
        default="https://api.telegram.org/file/bot", alias="TELEGRAM_API_BASE_FILE_URL"
    )
    telegram_bot_username: str | None = Field(default=None, alias="TELEGRAM_BOT_USERNAME")
    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    timezone: str = Field(default="Europe/London", alias="MYREVIEW_TIMEZONE")
    data_key: SecretStr | None = Field(default=None, alias="MYREVIEW_DATA_KEY")
    invite_days: int = Field(default=14, ge=1, le=90, alias="MYREVIEW_INVITE_DAYS")
    # The product's own loggers (bot/platform/logs.py); None: INFO for `run` and `demo`,
    # WARNING for the other commands, whose output is for people and scripts.
    log_level: str | None = Field(default=None, alias="MYREVIEW_LOG_LEVEL")
    # "text" (readable, the default) or "json" (one object per line, for a log shipper).
    log_format: Literal["text", "json"] = Field(default="text", alias="MYREVIEW_LOG_FORMAT")
    # How long after a child leaves care their words are kept (`myreview retention run`).
    retention_days: int = Field(default=365, ge=1, le=36500, alias="MYREVIEW_RETENTION_DAYS")
    # The web chat (web/, docs/web.md): the address children open, the host:port the
    # server listens on, and where "Quick exit" goes.
    web_url: str | None = Field(default=None, alias="MYREVIEW_WEB_URL")
    # None: no web server, unless the web chat or the webhook needs one (then 127.0.0.1:8080).
    listen: str | None = Field(default=None, alias="MYREVIEW_LISTEN")
    # Webhook mode (handlers/webhook.py): Telegram POSTs updates to this URL's path,
    # each with the secret; long polling when no URL is set.
    telegram_webhook_url: str | None = Field(default=None, alias="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_secret: SecretStr | None = Field(default=None, alias="TELEGRAM_WEBHOOK_SECRET")
    # Seconds a stopping process (SIGTERM) lets requests and updates in hand finish.
    stop_grace: float = Field(default=20, ge=0, le=600, alias="MYREVIEW_STOP_GRACE")
    quick_exit_url: str = Field(
        default="https://www.bbc.co.uk/weather", alias="MYREVIEW_QUICK_EXIT_URL"
    )

    @field_validator("web_url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("https://", "http://")):
            raise ValueError("MYREVIEW_WEB_URL must start with https:// (or http:// to try it)")
        return value.rstrip("/")

    @field_validator("telegram_webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith("https://"):
            raise ValueError("Telegram only sends webhooks to https:// URLs")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.telegram_webhook_url and not self.telegram_webhook_secret:
            raise ValueError(
                "TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL "
                "(1-256 of A-Z a-z 0-9 _ -)"
            )
        secret = self.telegram_webhook_secret
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret.get_secret_value()):
            raise ValueError("TELEGRAM_WEBHOOK_SECRET: use 1-256 of A-Z a-z 0-9 _ -")
        return self

    @property
    def serves_http(self) -> bool:
        return bool(self.web_url or self.telegram_webhook_url or self.listen)

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("MYREVIEW_LISTEN must be host:port, such as 127.0.0.1:8080")
        return value

    @property
    def listen_host(self) -> str:
        return (self.listen or "127.0.0.1:8080").rpartition(":")[0].strip("[]")

    @property
    def listen_port(self) -> int:
        return int((self.listen or "127.0.0.1:8080").rpartition(":")[2])

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        upper = value.strip().upper()
        if upper not in LOG_LEVELS:
            raise ValueError(f"unknown log level {value!r}: use one of {', '.join(LOG_LEVELS)}")
        return upper

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:", "postgres:")):
            raise ValueError("use a sqlite:/// or postgresql:// URL")
        if value.startswith("postgres:"):
            value = "postgresql:" + value.removeprefix("postgres:")
        if value.startswith("postgresql:"):
            # psycopg 3 is the driver we install and test.
            value = "postgresql+psycopg:" + value.removeprefix("postgresql:")
        return value

    @field_validator("telegram_api_base_url", "telegram_api_base_file_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def sqlite_path(self) -> Path | None:
        """The database file, for the embedded default; None on PostgreSQL."""
        if not self.database_url.startswith("sqlite:"):
            return None
        path = self.database_url.split(":///", 1)[1] if ":///" in self.database_url else ""
        return None if path in ("", ":memory:") else Path(path)


def load_settings(**overrides: object) -> Settings:
    """Read and check the settings, turning pydantic's report into plain lines."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"]) or "settings"
            message = str(error["msg"]).removeprefix("Value error, ")
            lines.append(f"{name.upper()}: {message}")
        raise SettingsError("\n".join(lines)) from None
