"""Serving the web app with uvicorn inside Assent's own event loop, stopped by an Event.

uvicorn normally owns the process's signals; here `assent run` does, so the server's signal
capture is switched off and it stops when the shared `stop` event is set. The socket is bound
before anything starts, so a port in use stops start-up with the setting named.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator

import uvicorn
from starlette.types import ASGIApp


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def bind(host: str, port: int) -> socket.socket:
    """The listening socket; raises OSError (address in use, no such address)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


async def serve(app: ASGIApp, sock: socket.socket, stop: asyncio.Event) -> None:
    """Run until `stop` is set. Proxy headers are honoured from loopback only (uvicorn's
    default trusted address), so behind a local reverse proxy the client's IP is recorded."""
    config = uvicorn.Config(app, log_level="warning", lifespan="off", proxy_headers=True,
                            server_header=False, access_log=False)
    server = _Server(config)
    running = asyncio.create_task(server.serve(sockets=[sock]))
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
    server.should_exit = True
    stopping.cancel()
    await running
