"""A loopback TCP proxy in front of Dovecot: an outage on demand, and TLS the test server lacks.

`cut()` drops every connection and stops listening, as a server going down does; `resume()`
listens again on the same port, so a client configured with that port reconnects to it.
`stall()` keeps every connection open and accepts new ones but forwards nothing, as a server
too slow for any timeout does, until `flow()`. With
`tls` the proxy terminates implicit TLS (imap.security = "ssl"); with `starttls` it offers
STARTTLS in the capabilities, answers the command itself and upgrades the client side, then
forwards the rest in clear to Dovecot — which keeps the test Dovecot free of certificates.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import ssl
import subprocess
from pathlib import Path

from tests.services.ports import LOOPBACK

_STARTTLS = re.compile(rb"(\S+) STARTTLS\r\n", re.IGNORECASE)


class ImapProxy:
    def __init__(
        self,
        target_port: int,
        *,
        tls: ssl.SSLContext | None = None,
        starttls: ssl.SSLContext | None = None,
    ) -> None:
        self.target_port = target_port
        self.port = 0
        self._tls = tls
        self._starttls = starttls
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._flowing = asyncio.Event()
        self._flowing.set()

    def stall(self) -> None:
        """Hold every byte in both directions; sockets stay open, nothing is refused."""
        self._flowing.clear()

    def flow(self) -> None:
        """Deliver what was held and carry on."""
        self._flowing.set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._serve, LOOPBACK, self.port, ssl=self._tls, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        """Stop listening and hang up on every client, mid-command or mid-IDLE."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.sleep(0)

    async def resume(self) -> None:
        await self.start()

    async def stop(self) -> None:
        await self.cut()

    async def _serve(
        self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            server_in, server_out = await asyncio.open_connection(LOOPBACK, self.target_port)
        except OSError:
            client_out.transport.abort()
            self._tasks.discard(task)
            return
        self._writers.update((client_out, server_out))
        upgraded = asyncio.Event()
        try:
            await asyncio.gather(
                self._upstream(client_in, server_out, client_out, upgraded),
                self._downstream(server_in, client_out, upgraded),
            )
        except (OSError, asyncio.IncompleteReadError, ssl.SSLError):
            pass
        except asyncio.CancelledError:  # cut(): this task is the top of its own stack
            pass
        finally:
            for writer in (client_out, server_out):
                self._writers.discard(writer)
                writer.transport.abort()
            self._tasks.discard(task)

    async def _upstream(
        self, client_in: asyncio.StreamReader, server_out: asyncio.StreamWriter,
        client_out: asyncio.StreamWriter, upgraded: asyncio.Event,
    ) -> None:
        while self._starttls is not None and not upgraded.is_set():
            line = await client_in.readline()
            if not line:
                return
            command = _STARTTLS.fullmatch(line)
            if command is None:
                server_out.write(line)
                continue
            client_out.write(command.group(1) + b" OK Begin TLS negotiation now\r\n")
            await client_out.drain()
            await client_out.start_tls(self._starttls)
            upgraded.set()
        while data := await client_in.read(65536):
            await self._flowing.wait()
            server_out.write(data)
            await server_out.drain()

    async def _downstream(
        self, server_in: asyncio.StreamReader, client_out: asyncio.StreamWriter,
        upgraded: asyncio.Event,
    ) -> None:
        while data := await server_in.read(65536):
            await self._flowing.wait()
            if self._starttls is not None and not upgraded.is_set():
                data = data.replace(b"IMAP4rev1 ", b"IMAP4rev1 STARTTLS ")
            client_out.write(data)
            with contextlib.suppress(ConnectionResetError):
                await client_out.drain()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 valid for a day, made by the openssl command line."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key
