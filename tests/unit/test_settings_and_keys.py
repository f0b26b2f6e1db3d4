"""Settings are checked at start with one line per problem; data keys are parsed
strictly, several decrypt and the first encrypts, and the embedded default gets a
private key file. (That a child's words are sealed at rest is a journey:
tests/journeys/test_settings_and_keys.py.)"""

from __future__ import annotations

import stat

import pytest
from cryptography.fernet import Fernet

from bot.platform.encryption import DataKeyError, key_file_for, load_cipher, parse_keys
from bot.platform.settings import SettingsError, load_settings


def test_defaults_are_the_embedded_database_and_london(monkeypatch):
    for name in ("DATABASE_URL", "MYREVIEW_TIMEZONE", "TELEGRAM_API_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.database_url == "sqlite:///myreview.db"
    assert settings.timezone == "Europe/London"
    assert settings.telegram_api_base_url == "https://api.telegram.org/bot"


def test_every_bad_setting_is_reported_on_its_own_line():
    with pytest.raises(SettingsError) as caught:
        load_settings(
            DATABASE_URL="mysql://somewhere",
            MYREVIEW_TIMEZONE="Mars/Olympus",
            TELEGRAM_API_BASE_URL="ftp://example",
        )
    lines = str(caught.value).splitlines()
    assert lines == [
        "TELEGRAM_API_BASE_URL: must start with http:// or https://",
        "DATABASE_URL: use a sqlite:/// or postgresql:// URL",
        "MYREVIEW_TIMEZONE: unknown time zone 'Mars/Olympus'",
    ]


def test_postgres_urls_use_the_psycopg_driver():
    settings = load_settings(DATABASE_URL="postgresql://postgres@127.0.0.1/test")
    assert settings.database_url == "postgresql+psycopg://postgres@127.0.0.1/test"


def test_a_self_hosted_bot_api_server_is_used_for_every_call(tmp_path):
    from bot.platform.runtime import open_runtime
    from handlers.app import build_application

    settings = load_settings(
        DATABASE_URL=f"sqlite:///{tmp_path}/x.db",
        MYREVIEW_DATA_KEY=Fernet.generate_key().decode(),
        TELEGRAM_API_BASE_URL="http://127.0.0.1:8081/bot",
        TELEGRAM_API_BASE_FILE_URL="http://127.0.0.1:8081/file/bot",
    )
    app = build_application(open_runtime(settings), token="123:ABC")
    assert app.bot.base_url == "http://127.0.0.1:8081/bot123:ABC"
    assert app.bot.base_file_url == "http://127.0.0.1:8081/file/bot123:ABC"


def test_the_embedded_default_creates_a_private_key_file_and_warns(tmp_path, caplog):
    settings = load_settings(DATABASE_URL=f"sqlite:///{tmp_path}/myreview.db")
    load_cipher(settings)
    key_file = key_file_for(tmp_path / "myreview.db")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "created key file" in caplog.text
    # The same key is used next time, so stored answers stay readable.
    token = load_cipher(settings).encrypt(b"x")
    assert load_cipher(settings).decrypt(token) == b"x"


def test_postgresql_without_a_key_refuses_to_start():
    settings = load_settings(DATABASE_URL="postgresql://postgres@127.0.0.1/test")
    with pytest.raises(DataKeyError, match="MYREVIEW_DATA_KEY is not set"):
        load_cipher(settings)


def test_a_malformed_key_is_reported_clearly():
    with pytest.raises(DataKeyError, match="Fernet keys"):
        parse_keys("not-a-key")


def test_several_keys_decrypt_and_the_first_encrypts():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = parse_keys(old).encrypt(b"kept")
    both = parse_keys(f"{new},{old}")
    assert both.decrypt(token) == b"kept"
    assert Fernet(new.encode()).decrypt(both.encrypt(b"n")) == b"n"
