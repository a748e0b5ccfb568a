"""config.toml defaults, ASSENT_* overrides, and one clear error naming a bad setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from assent.settings import ConfigError, Settings, load_settings


def test_the_shipped_config_documents_exactly_the_defaults() -> None:
    assert load_settings(env={}) == Settings()


def test_environment_overrides_with_types() -> None:
    settings = load_settings(
        env={
            "ASSENT_DATABASE_URL": "postgres://u@127.0.0.1:5432/a",
            "ASSENT_SMTP_PORT": "2525",
            "ASSENT_BOT_OPEN_REGISTRATION": "yes",
            "ASSENT_MAIL_TRUSTED_AUTHSERV_IDS": "mx.example, mx2.example",
        }
    )
    assert settings.database.url.startswith("postgres://")
    assert settings.smtp.port == 2525 and settings.bot.open_registration is True
    assert settings.mail.trusted_authserv_ids == ("mx.example", "mx2.example")


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"ASSENT_SMTP_PORT": "seventy"}, "ASSENT_SMTP_PORT: must be a number"),
        ({"ASSENT_SMTP_PORT": "70000"}, "smtp.port: must be between 1 and 65535"),
        (
            {"ASSENT_IMAP_SECURITY": "tls"},
            "ASSENT_IMAP_SECURITY: must be one of plain, starttls, ssl",
        ),
        ({"ASSENT_BOT_OPEN_REGISTRATION": "maybe"}, "ASSENT_BOT_OPEN_REGISTRATION: must be true"),
        ({"ASSENT_DATABASE_URL": "mysql://x"}, "database.url: must start with"),
        ({"ASSENT_BOT_DEFAULT_LANGUAGE": "zh"}, "bot.default_language"),
        ({"ASSENT_TELEGRAM_WEBHOOK_URL": "https://bot.example/hook"}, "telegram.webhook_secret"),
        ({"ASSENT_TELEGRAM_WEBHOOK_URL": "http://bot.example/hook"}, "https://"),
        ({"ASSENT_REMINDERS_MAX_COUNT": "-1"}, "must not be negative"),
        ({"ASSENT_SMTP_HOST": "127.0.0.1"}, "mail.token_secret: set ASSENT_MAIL_TOKEN_SECRET"),
        ({"ASSENT_IMAP_HOST": "127.0.0.1"}, "mail.token_secret"),
        ({"ASSENT_SMTP_HOST": "mx", "ASSENT_MAIL_TOKEN_SECRET": "x" * 31}, "mail.token_secret"),
    ],
)
def test_bad_values_name_the_setting(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named.replace("(", r"\(").replace("+", r"\+")):
        load_settings(env=env)


def test_mail_needs_a_long_secret_and_no_mail_needs_none() -> None:
    assert load_settings(env={}).mail.token_secret == "change-me"  # make run without mail
    secret = "k" * 32
    env = {"ASSENT_SMTP_HOST": "mx", "ASSENT_IMAP_HOST": "mx", "ASSENT_MAIL_TOKEN_SECRET": secret}
    assert load_settings(env=env).mail.token_secret == secret


def test_unknown_sections_keys_and_broken_files_are_refused(tmp_path: Path) -> None:
    for text, named in [
        ("[smtp]\nhots = 'x'\n", "smtp.hots: unknown setting"),
        ("[smpt]\n", r"\[smpt\]: unknown section"),
        ("[smtp\n", "not valid TOML"),
        ("smtp = 3\n", r"\[smtp\]: must be a table"),
    ]:
        path = tmp_path / "config.toml"
        path.write_text(text)
        with pytest.raises(ConfigError, match=named):
            load_settings(path, env={})
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "missing.toml", env={})
