"""Telegram's webhook, received by the same server as the client pages (webhook mode).

The bot adapter hands in `deliver` (bot.app.WebhookInbox.deliver), so this layer never imports
python-telegram-bot. Only requests carrying the configured secret header are accepted.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

SECRET_HEADER = "x-telegram-bot-api-secret-token"
MAX_UPDATE_BYTES = 1_000_000

Deliver = Callable[[dict[str, Any]], Awaitable[bool]]


def webhook_endpoint(deliver: Deliver, secret: str) -> Callable[[Request], Awaitable[Response]]:
    async def receive_update(request: Request) -> Response:
        """One update from Telegram: checked, then queued for the running bot."""
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return Response(status_code=403)
        body = await request.body()
        if len(body) > MAX_UPDATE_BYTES:
            return Response(status_code=413)
        try:
            update = json.loads(body)
        except ValueError:
            return Response(status_code=400)
        if not isinstance(update, dict):
            return Response(status_code=400)
        # 503 while the bot is not running: Telegram keeps the update and retries it.
        return Response(status_code=200 if await deliver(update) else 503)

    return receive_update
