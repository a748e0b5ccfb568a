"""A fake Telegram Bot API on loopback, so the real python-telegram-bot runs unchanged in tests:
it answers over HTTP like api.telegram.org, simulates users, and records what the bot did."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import Any

from aiohttp import web

from tests.fakes import telegram_methods, telegram_updates
from tests.fakes.telegram_errors import NOT_FOUND, TOO_LARGE, UNAUTHORIZED, ApiError, bad_request
from tests.fakes.telegram_faults import DROP, FaultInjection
from tests.fakes.telegram_objects import Call, Upload
from tests.fakes.telegram_state import TelegramState
from tests.fakes.telegram_users import FakeUser

METHODS = {**telegram_methods.METHODS, **telegram_updates.METHODS}
_BY_LOWER_NAME = {name.lower(): name for name in METHODS}
_INTEGERS = frozenset({
    "chat_id", "message_id", "offset", "limit", "reply_to_message_id",
    "max_connections", "cache_time", "user_id", "message_thread_id",
})
_BOOLEANS = frozenset({
    "show_alert", "drop_pending_updates", "disable_notification", "protect_content",
    "allow_sending_without_reply", "disable_content_type_detection",
})
_JSON = frozenset({
    "reply_markup", "entities", "caption_entities", "commands", "scope", "allowed_updates",
    "reply_parameters", "link_preview_options",
})
_MAX_BODY = 60 * 1024 * 1024


def _coerce(name: str, value: Any) -> Any:
    """Form fields arrive as strings (PTB sends objects as JSON text); give them their types."""
    if not isinstance(value, str):
        return value
    try:
        if name in _JSON:
            return json.loads(value)
        if name == "timeout":
            return float(value)
    except ValueError:
        raise bad_request(f"can't parse {name}") from None
    if name in _INTEGERS and value.lstrip("-").isdigit():
        return int(value)
    if name in _BOOLEANS:
        return value.lower() == "true"
    return value


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, Upload] = {}
    if request.content_type == "application/json" and request.can_read_body:
        body = await request.json()
        if not isinstance(body, dict):
            raise bad_request("parameters must be a JSON object")
        raw.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.post()
        except web.HTTPRequestEntityTooLarge:
            raise TOO_LARGE from None
        for name, value in form.items():
            if isinstance(value, web.FileField):
                files[name] = Upload(value.file.read(), value.filename, value.content_type)
            else:
                raw[name] = value
    return {name: _coerce(name, value) for name, value in raw.items()}, files


class FakeTelegram(TelegramState, FaultInjection):
    """Start it, point PTB's base_url/base_file_url at it, then drive users and assert."""

    def __init__(
        self, *, token: str | None = None, bot_id: int = 7_000_000_001,
        bot_username: str = "assent_test_bot", bot_first_name: str = "Assent",
        webhook_retry_delay: float = 0.2,
    ) -> None:
        TelegramState.__init__(
            self, bot_id=bot_id, bot_username=bot_username, bot_first_name=bot_first_name
        )
        FaultInjection.__init__(self)
        self.token = token
        self.webhook_retry_delay = webhook_retry_delay
        self.users: dict[int, FakeUser] = {}
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._deliverer: asyncio.Task[None] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/file/bot"

    async def start(self) -> None:
        app = web.Application(client_max_size=_MAX_BODY)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._port = self._runner.addresses[0][1]
        self._deliverer = asyncio.create_task(
            telegram_updates.deliver_to_webhook(self, self.webhook_retry_delay)
        )

    async def stop(self) -> None:
        """End long polls and webhook retries at once, then close the server."""
        self.closing = True
        self.changed()
        if self._deliverer:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._deliverer, 2)
        if self._runner:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def user(
        self, user_id: int, first_name: str = "Test", *, last_name: str | None = None,
        username: str | None = None, language_code: str = "en",
    ) -> FakeUser:
        """A simulated user who has started the bot; the same id gives back the same user."""
        if user_id not in self.users:
            self.users[user_id] = FakeUser(
                self, user_id, first_name, last_name=last_name, username=username,
                language_code=language_code,
            )
        return self.users[user_id]

    def _authorised(self, request: web.Request) -> bool:
        return self.token is None or request.match_info["token"] == self.token

    async def _api(self, request: web.Request) -> web.StreamResponse:
        asked = request.match_info["method"]
        method = _BY_LOWER_NAME.get(asked.lower(), asked)
        call = Call(method=method, params={}, files={}, at=time.monotonic())
        self.calls.append(call)
        try:
            if not self._authorised(request):
                raise UNAUTHORIZED
            if method not in METHODS:
                raise NOT_FOUND
            call.params, call.files = await _read_params(request)
            fault = self.fault_for(method, call.params)
            if isinstance(fault, asyncio.Event):
                self.changed()  # the call is visible (calls_to) while it hangs
                await fault.wait()
                fault = DROP
            if fault == DROP:
                call.status = 0
                if request.transport is not None:  # None: the caller is already gone
                    request.transport.abort()
                return web.Response()
            if isinstance(fault, ApiError):
                raise fault
            result = await METHODS[method](self, call.params, call.files)
        except ApiError as error:
            call.status, call.description = error.code, error.description
            self.changed()
            return web.json_response(error.payload(), status=error.code)
        self.changed()
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        stored = next((f for f in self.files.values() if f.file_path == path), None)
        if not self._authorised(request) or stored is None:
            raise web.HTTPNotFound()
        return web.Response(body=stored.data, content_type="application/octet-stream")
