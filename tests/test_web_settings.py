"""The web settings: environment overrides, a clear error for a bad URL or a busy port."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from assent.cli import main
from assent.settings import ConfigError, load_settings
from tests.services.ports import LOOPBACK, free_port


def test_environment_overrides_the_web_settings() -> None:
    settings = load_settings(env={
        "ASSENT_WEB_BASE_URL": "https://sign.example.com", "ASSENT_WEB_HOST": "0.0.0.0",
        "ASSENT_WEB_PORT": "9090",
    })
    assert (settings.web.base_url, settings.web.host, settings.web.port) == (
        "https://sign.example.com", "0.0.0.0", 9090)


@pytest.mark.parametrize(("key", "value", "named"), [
    ("ASSENT_WEB_BASE_URL", "sign.example.com", "web.base_url"),
    ("ASSENT_WEB_PORT", "70000", "web.port"),
    ("ASSENT_WEB_LINK_DAYS", "0", "web.link_days"),
])
def test_bad_web_settings_name_the_setting(key: str, value: str, named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        load_settings(env={key: value})


def test_assent_web_on_a_busy_port_stops_with_the_setting_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    with socket.socket() as taken:
        taken.bind((LOOPBACK, port))
        taken.listen()
        monkeypatch.setenv("ASSENT_DATABASE_URL", f"sqlite://{tmp_path}/a.sqlite3")
        monkeypatch.setenv("ASSENT_WEB_HOST", LOOPBACK)
        monkeypatch.setenv("ASSENT_WEB_PORT", str(port))
        assert main(["web"]) == 2
    assert f"web.port: cannot listen on {LOOPBACK}:{port}" in capsys.readouterr().err


def test_without_a_base_url_links_follow_the_web_server_wherever_it_listens(
    tmp_path: Path,
) -> None:
    config = tmp_path / "assent.toml"
    config.write_text('[web]\nhost = "0.0.0.0"\nport = 9191\n')
    assert load_settings(config, env={}).web.base_url == "http://127.0.0.1:9191"
    assert load_settings(env={"ASSENT_WEB_PORT": "9292"}).web.base_url == "http://127.0.0.1:9292"
    config.write_text('[web]\nhost = "::1"\nport = 9393\n')
    assert load_settings(config, env={}).web.base_url == "http://[::1]:9393"
    config.write_text('[web]\nbase_url = ""\nport = 9494\n')
    assert load_settings(config, env={}).web.base_url == ""  # empty: no links, no web server
