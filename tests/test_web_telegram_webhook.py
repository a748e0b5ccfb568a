"""In webhook mode the one web server also receives Telegram's updates: the real PTB Application
registers the web server's URL with the fake Bot API, which then posts updates to it."""

from __future__ import annotations

import asyncio

import httpx

from assent.settings import replace
from assent.wiring import build_web_app
from bot.app import WebhookInbox, run_bot
from tests.bot_support import SECRET, newcomer, probe_engine, settings_for
from tests.fakes.telegram_api import FakeTelegram
from tests.services.ports import LOOPBACK, free_port
from web.server import bind, serve
from web.telegram import SECRET_HEADER

JANE = 1001


async def test_the_web_server_hosts_the_telegram_webhook(db: str) -> None:
    port = free_port()
    url = f"http://{LOOPBACK}:{port}/telegram/hook"
    async with FakeTelegram() as fake:
        settings = replace(
            settings_for(fake),
            telegram={"webhook_url": url, "webhook_secret": SECRET},
            web={"base_url": f"http://{LOOPBACK}:{port}", "host": LOOPBACK, "port": port},
        )
        stop = asyncio.Event()
        inbox = WebhookInbox()
        tasks = [
            asyncio.create_task(serve(build_web_app(settings, inbox.deliver),
                                      bind(LOOPBACK, port), stop)),
            asyncio.create_task(run_bot(settings, probe_engine(settings), stop, inbox)),
        ]
        try:
            jane = await newcomer(fake, JANE)
            await jane.send_text("/echo through the web server")
            await fake.wait_for(lambda: fake.last_message(JANE).text == "through the web server")
            async with httpx.AsyncClient() as http:
                forged = await http.post(url, json={"update_id": 1},
                                         headers={SECRET_HEADER: "not-the-secret"})
                unsigned = await http.post(url, json={"update_id": 2})
        finally:
            stop.set()
            await asyncio.wait_for(asyncio.gather(*tasks), 15)

    assert fake.webhook is not None and fake.webhook.url == url
    assert fake.webhook.secret_token == SECRET
    assert (forged.status_code, unsigned.status_code) == (403, 403)
