"""A loopback reverse proxy that spreads webhook posts over several workers, one each in turn.

It stands where nginx or Caddy would in a deployment: Telegram posts to one URL, consecutive
updates of one chat land on different workers. Like nginx's proxy_next_upstream, a worker that
refuses the connection (it died) is skipped for the next one.
"""

from __future__ import annotations

import aiohttp
from aiohttp import web

from tests.services.ports import LOOPBACK

FORWARDED = ("Content-Type", "X-Telegram-Bot-Api-Secret-Token")


class RoundRobin:
    def __init__(self, backends: list[str], path: str) -> None:
        self.backends = backends
        self.path = path
        self.sent_to: list[int] = []  # which backend took each post, in order
        self.lose_answers = 0  # posts whose worker's 200 is lost on the way back (re-delivered)
        self._turn = 0
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.url = ""

    async def __aenter__(self) -> RoundRobin:
        app = web.Application()
        app.router.add_post(self.path, self._forward)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, LOOPBACK, 0).start()
        self.url = f"http://{LOOPBACK}:{self._runner.addresses[0][1]}{self.path}"
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._session:
            await self._session.close()
        if self._runner:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {k: request.headers[k] for k in FORWARDED if k in request.headers}
        for _ in self.backends:
            index = self._turn % len(self.backends)
            self._turn += 1
            try:
                async with self._session.post(self.backends[index], data=body,
                                              headers=headers) as answer:
                    await answer.read()
            except aiohttp.ClientConnectionError:
                continue
            self.sent_to.append(index)
            if self.lose_answers > 0:
                self.lose_answers -= 1
                return web.Response(status=502)
            return web.Response(status=answer.status)
        return web.Response(status=502)
