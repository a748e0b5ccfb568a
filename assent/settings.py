"""Typed settings: config.toml documents every default, ASSENT_<SECTION>_<KEY> overrides it.

This module is a leaf (it imports nothing of the project) so that every layer can receive the
section it needs without reaching up into the composition root. A bad value raises
`ConfigError` naming the setting, which the CLI turns into one line and exit code 2.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

# The languages the bot has a catalog for (templates/locale/<code>/LC_MESSAGES/bot.po).
BOT_LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "ro", "ar")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "config.toml"
SHIPPED_TOKEN_SECRET = "change-me"  # config.toml's placeholder: public, so it protects nothing
MIN_TOKEN_SECRET = 32  # characters; a shorter key is a guessable key for the reply-token HMAC


class ConfigError(Exception):
    """A setting is missing, mistyped or out of range; the message names it."""


@dataclasses.dataclass(frozen=True)
class DatabaseSettings:
    url: str = "sqlite://var/assent.sqlite3"


@dataclasses.dataclass(frozen=True)
class TelegramSettings:
    token: str = ""
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str = ""
    messages_per_second: float = 30.0


@dataclasses.dataclass(frozen=True)
class BotSettings:
    open_registration: bool = False
    default_language: str = "en"
    dialog_ttl_minutes: int = 1440
    page_size: int = 8


@dataclasses.dataclass(frozen=True)
class SmtpSettings:
    host: str = ""
    port: int = 587
    security: Literal["plain", "starttls", "ssl"] = "starttls"
    username: str = ""
    password: str = ""
    from_address: str = ""
    timeout_seconds: float = 30.0
    max_attempts: int = 8


@dataclasses.dataclass(frozen=True)
class ImapSettings:
    host: str = ""
    port: int = 993
    security: Literal["plain", "starttls", "ssl"] = "ssl"
    username: str = ""
    password: str = ""
    mailbox: str = "INBOX"
    idle_renew_seconds: int = 300
    command_timeout_seconds: float = 30.0
    processed_keyword: str = "$AssentProcessed"
    move_to: str = ""


@dataclasses.dataclass(frozen=True)
class MailSettings:
    reply_local: str = "assent"
    reply_domain: str = "localhost"
    token_secret: str = SHIPPED_TOKEN_SECRET
    trusted_authserv_ids: tuple[str, ...] = ()
    verify_dkim: bool = False


@dataclasses.dataclass(frozen=True)
class RemindersSettings:
    first_after_days: int = 3
    interval_days: int = 7
    max_count: int = 3
    expiring_notice_days: int = 3
    check_every_minutes: int = 60


@dataclasses.dataclass(frozen=True)
class StorageSettings:
    path: str = "var/files"


@dataclasses.dataclass(frozen=True)
class WebSettings:
    base_url: str = "http://127.0.0.1:8080"
    host: str = "127.0.0.1"
    port: int = 8080
    link_days: int = 90
    guesses_per_minute: int = 20


@dataclasses.dataclass(frozen=True)
class OcrSettings:
    max_bytes: int = 20 * 1024 * 1024
    max_pixels: int = 40_000_000
    timeout_seconds: float = 20.0
    concurrent: int = 1


@dataclasses.dataclass(frozen=True)
class LoggingSettings:
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


@dataclasses.dataclass(frozen=True)
class Settings:
    database: DatabaseSettings = DatabaseSettings()
    telegram: TelegramSettings = TelegramSettings()
    bot: BotSettings = BotSettings()
    smtp: SmtpSettings = SmtpSettings()
    imap: ImapSettings = ImapSettings()
    mail: MailSettings = MailSettings()
    reminders: RemindersSettings = RemindersSettings()
    storage: StorageSettings = StorageSettings()
    web: WebSettings = WebSettings()
    ocr: OcrSettings = OcrSettings()
    logging: LoggingSettings = LoggingSettings()


def _coerce(name: str, hint: Any, value: Any) -> Any:
    """Turn a TOML or environment value into the declared type, or say which setting is wrong."""
    origin = typing.get_origin(hint)
    if origin is Literal:
        allowed = typing.get_args(hint)
        if value not in allowed:
            raise ConfigError(
                f"{name}: must be one of {', '.join(map(str, allowed))}, got {value!r}"
            )
        return value
    if hint is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {
            "1",
            "true",
            "yes",
            "on",
            "0",
            "false",
            "no",
            "off",
        }:
            return value.lower() in {"1", "true", "yes", "on"}
        raise ConfigError(f"{name}: must be true or false, got {value!r}")
    if hint in (int, float):
        if isinstance(value, bool):
            raise ConfigError(f"{name}: must be a number, got {value!r}")
        try:
            number = hint(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{name}: must be a number, got {value!r}") from None
        if number < 0:
            raise ConfigError(f"{name}: must not be negative, got {value!r}")
        return number
    if origin is tuple or hint is tuple:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{name}: must be a list of strings, got {value!r}")
        return tuple(value)
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(f"{name}: must be a string, got {value!r}")
        return value
    raise ConfigError(f"{name}: unsupported type {hint!r}")  # pragma: no cover - programming error


def _section(cls: type, section: str, data: Mapping[str, Any], env: Mapping[str, str]) -> Any:
    hints = typing.get_type_hints(cls)
    unknown = set(data) - set(hints)
    if unknown:
        raise ConfigError(f"{section}.{sorted(unknown)[0]}: unknown setting")
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        name = f"{section}.{field.name}"
        env_key = f"ASSENT_{section}_{field.name}".upper()
        if env_key in env:
            values[field.name] = _coerce(env_key, hints[field.name], env[env_key])
        elif field.name in data:
            values[field.name] = _coerce(name, hints[field.name], data[field.name])
    return cls(**values)


def load_settings(path: Path | str | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read the TOML file (the repo's config.toml by default) and apply environment overrides."""
    env = os.environ if env is None else env
    config_path = Path(path) if path else Path(env.get("ASSENT_CONFIG", DEFAULT_CONFIG))
    try:
        with open(config_path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"--config: file {config_path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{config_path}: not valid TOML ({exc})") from None
    hints = typing.get_type_hints(Settings)
    unknown = set(data) - set(hints)
    if unknown:
        raise ConfigError(f"[{sorted(unknown)[0]}]: unknown section")
    sections = {}
    for section, cls in hints.items():
        raw = data.get(section, {})
        if not isinstance(raw, dict):
            raise ConfigError(f"[{section}]: must be a table")
        sections[section] = _section(cls, section, raw, env)
    if "base_url" not in data.get("web", {}) and "ASSENT_WEB_BASE_URL" not in env:
        sections["web"] = dataclasses.replace(sections["web"], base_url=_own_url(sections["web"]))
    settings = Settings(**sections)
    _check(settings)
    return settings


def _own_url(web: WebSettings) -> str:
    """Links to the web server itself when no public URL is set: moving web.port must not
    leave proposal emails pointing at the old one. A wildcard address is no link: loopback."""
    host = "127.0.0.1" if web.host in ("", "0.0.0.0") else "[::1]" if web.host == "::" else web.host
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{web.port}"


LOOPBACK_HTTP = ("http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:",
                 "http://localhost/")


def _check(settings: Settings) -> None:
    """Cross-field rules that a single type cannot express."""
    url = settings.database.url
    if not url.startswith(("sqlite://", "postgres://", "postgresql://", "asyncpg://")):
        raise ConfigError("database.url: must start with sqlite:// or postgres://")
    if settings.bot.default_language not in BOT_LANGUAGES:
        raise ConfigError(f"bot.default_language: must be one of {', '.join(BOT_LANGUAGES)}")
    telegram = settings.telegram
    if telegram.webhook_url and not telegram.webhook_url.startswith(("https://", *LOOPBACK_HTTP)):
        raise ConfigError("telegram.webhook_url: Telegram only delivers to https:// URLs "
                          "(plain http only on loopback, for a local Bot API server)")
    if telegram.webhook_url and len(telegram.webhook_secret) < 16:
        raise ConfigError(
            "telegram.webhook_secret: needs 16+ characters when webhook_url is set "
            "(every request is checked against it)"
        )
    web = settings.web
    if web.base_url and not web.base_url.startswith(("http://", "https://")):
        raise ConfigError("web.base_url: must start with http:// or https://")
    if web.link_days < 1:
        raise ConfigError("web.link_days: must be at least 1")
    for section in ("smtp", "imap", "web"):
        port = getattr(settings, section).port
        if not 0 < port < 65536:
            raise ConfigError(f"{section}.port: must be between 1 and 65535, got {port}")
    _check_token_secret(settings)


def _check_token_secret(settings: Settings) -> None:
    """Reply addresses carry an HMAC keyed with mail.token_secret: with the shipped or a short
    key anyone could compute a valid reply address for any proposal and accept it. Without SMTP
    or IMAP no reply address is made or read, so `make run` needs no secret."""
    if not (settings.smtp.host or settings.imap.host):
        return
    secret = settings.mail.token_secret
    if secret == SHIPPED_TOKEN_SECRET or len(secret) < MIN_TOKEN_SECRET:
        raise ConfigError(
            f"mail.token_secret: set ASSENT_MAIL_TOKEN_SECRET to a random value of "
            f"{MIN_TOKEN_SECRET}+ characters when SMTP or IMAP is configured "
            f"(the shipped or a short one lets anyone forge reply addresses)"
        )


def replace(settings: Settings, **sections: Mapping[str, Any]) -> Settings:
    """Copy with some fields of some sections changed; tests and the CLI use it."""
    changed = {
        name: dataclasses.replace(getattr(settings, name), **values)
        for name, values in sections.items()
    }
    return dataclasses.replace(settings, **changed)


__all__ = ["ConfigError", "Settings", "load_settings", "replace"]
