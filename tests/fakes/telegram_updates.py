"""How updates reach the bot: getUpdates long polling, or POSTs to a registered webhook —
never both, as on Telegram."""

from __future__ import annotations

import re
from typing import Any

import aiohttp

from tests.fakes.telegram_errors import OTHER_POLLER, WEBHOOK_ACTIVE, bad_request
from tests.fakes.telegram_methods import Files, Handler, Params
from tests.fakes.telegram_objects import Delivery, Webhook, now
from tests.fakes.telegram_state import TelegramState

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


async def get_updates(state: TelegramState, p: Params, files: Files) -> list[dict[str, Any]]:
    """Hold the request up to ``timeout`` seconds; a newer getUpdates ends this one with 409."""
    if state.webhook:
        raise WEBHOOK_ACTIVE
    state.poll_generation += 1
    generation = state.poll_generation
    state.changed()
    if p.get("allowed_updates") is not None:
        state.allowed_updates = list(p["allowed_updates"])
    if p.get("offset"):
        state.confirm_updates(p["offset"])
    limit = min(max(p.get("limit") or 100, 1), 100)
    await state.wait_until(
        lambda: state.updates or state.webhook or state.closing
        or generation != state.poll_generation,
        max(p.get("timeout") or 0, 0),
    )
    if generation != state.poll_generation:
        raise OTHER_POLLER
    if state.webhook:
        raise WEBHOOK_ACTIVE
    return state.updates[:limit]


async def set_webhook(state: TelegramState, p: Params, files: Files) -> bool:
    """Plain http is accepted (Telegram wants https) because the bot listens on loopback."""
    url = p.get("url") or ""
    if not url:
        return await delete_webhook(state, p, files)
    if not re.match(r"https?://", url):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = p.get("secret_token")
    if secret is not None and not _SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    if p.get("drop_pending_updates"):
        state.updates.clear()
    if p.get("allowed_updates") is not None:
        state.allowed_updates = list(p["allowed_updates"])
    state.webhook = Webhook(url, secret, p.get("max_connections") or 40)
    return True


async def delete_webhook(state: TelegramState, p: Params, files: Files) -> bool:
    state.webhook = None
    if p.get("drop_pending_updates"):
        state.updates.clear()
    return True


async def get_webhook_info(state: TelegramState, p: Params, files: Files) -> dict[str, Any]:
    return state.webhook_info()


async def _post(session: aiohttp.ClientSession, webhook: Webhook, update: dict) -> Delivery:
    headers = {SECRET_HEADER: webhook.secret_token} if webhook.secret_token else {}
    try:
        async with session.post(webhook.url, json=update, headers=headers) as response:
            await response.read()
    except (aiohttp.ClientError, TimeoutError) as error:
        return Delivery(update["update_id"], 0, f"Connection failed: {error!r}")
    if 200 <= response.status < 300:
        return Delivery(update["update_id"], response.status)
    return Delivery(
        update["update_id"], response.status,
        f"Wrong response from the webhook: {response.status} {response.reason}",
    )


async def deliver_to_webhook(state: TelegramState, retry_delay: float) -> None:
    """Send pending updates one by one, in order; a refused update is retried, as Telegram does,
    and its failure shows in getWebhookInfo."""
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        while True:
            await state.wait_until(lambda: state.closing or (state.webhook and state.updates), None)
            if state.closing:
                return
            webhook, update = state.webhook, state.updates[0]
            delivery = await _post(session, webhook, update)
            state.deliveries.append(delivery)
            if delivery.error is None:
                if state.updates and state.updates[0] is update:
                    state.updates.pop(0)
            else:
                webhook.last_error_date, webhook.last_error_message = now(), delivery.error
            state.changed()
            if delivery.error:
                await state.wait_until(lambda: state.closing, retry_delay)


METHODS: dict[str, Handler] = {
    "getUpdates": get_updates, "setWebhook": set_webhook, "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
}
