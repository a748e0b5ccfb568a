"""What the suites share: a migrated SQLite file, Dovecot, proposals sent to clients, and the
settings and environment a listener process needs to read their replies."""

from __future__ import annotations

import asyncio
import contextlib
import imaplib
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

from assent.db import close_database, migrate, open_database
from assent.settings import Settings, replace
from models import Document, Notification
from tests.cli_support import cli_env
from tests.inbound_support import TRUSTED, Sent, inbound_settings, sent_proposal
from tests.services.dovecot import DovecotServer

SECRET = "reliability-suite-token-secret-0123456789"
PASSWORD = "secret"


@dataclass
class Mailbox:
    server: DovecotServer
    user: str

    def append(self, raw: bytes) -> int:
        return self.server.append(self.user, PASSWORD, raw)

    def unflagged(self, keyword: str = "$AssentProcessed") -> int:
        """Messages in INBOX without the processed keyword."""
        with imaplib.IMAP4(self.server.host, self.server.port, timeout=10) as imap:
            imap.login(self.user, PASSWORD)
            imap.select("INBOX")
            status, data = imap.uid("SEARCH", None, "UNKEYWORD", keyword)
            return len(data[0].split()) if status == "OK" and data[0] else 0


@contextlib.contextmanager
def dovecot() -> Iterator[DovecotServer]:
    server = DovecotServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def new_mailbox(server: DovecotServer) -> Mailbox:
    box = Mailbox(server, f"r{uuid.uuid4().hex[:10]}")
    server.add_user(box.user, PASSWORD)
    return box


@contextlib.asynccontextmanager
async def sqlite_database() -> AsyncIterator[tuple[str, Path]]:
    """A migrated SQLite file in a fresh folder, open in this process."""
    with tempfile.TemporaryDirectory(prefix="assent-reliability-") as folder:
        url = f"sqlite://{folder}/assent.sqlite3"
        await migrate(url)
        await open_database(url)
        try:
            yield url, Path(folder)
        finally:
            await close_database()


def listener_settings(url: str, box: Mailbox, **imap: object) -> Settings:
    base = inbound_settings(
        url, host=box.server.host, port=box.server.port, username=box.user, password=PASSWORD,
        **imap,
    )  # fmt: skip
    return replace(base, mail={"token_secret": SECRET})


def listener_env(settings: Settings, folder: Path) -> dict[str, str]:
    """`assent listen` configured like `settings`, for a subprocess."""
    imap, mail = settings.imap, settings.mail
    return cli_env() | {
        "ASSENT_DATABASE_URL": settings.database.url,
        "ASSENT_STORAGE_PATH": str(folder / "files"),
        "ASSENT_IMAP_HOST": imap.host,
        "ASSENT_IMAP_PORT": str(imap.port),
        "ASSENT_IMAP_USERNAME": imap.username,
        "ASSENT_IMAP_PASSWORD": imap.password,
        "ASSENT_IMAP_SECURITY": imap.security,
        "ASSENT_MAIL_TOKEN_SECRET": mail.token_secret,
        "ASSENT_MAIL_REPLY_DOMAIN": mail.reply_domain,
        "ASSENT_MAIL_TRUSTED_AUTHSERV_IDS": TRUSTED,
        "ASSENT_LOGGING_LEVEL": "WARNING",
    }


async def proposals(settings: Settings, count: int) -> list[Sent]:
    return [await sent_proposal(settings, business_name=f"Studio {i}") for i in range(count)]


@dataclass
class Tally:
    lost: int = 0
    duplicated: int = 0


async def invoice_tally(sent: list[Sent]) -> Tally:
    """One invoice and one 'accepted' notice per accepted proposal: missing ones are lost."""
    tally = Tally()
    for item in sent:
        invoices = await Document.filter(converted_from_id=item.proposal.id).count()
        notices = await Notification.filter(
            business=item.business, kind="proposal_accepted"
        ).count()
        for made in (invoices, notices):
            tally.lost += made == 0
            tally.duplicated += max(0, made - 1)
    return tally


async def eventually(check: object, timeout: float) -> bool:
    """Poll an async predicate until it holds or `timeout` seconds pass."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if await check():  # type: ignore[operator]
            return True
        await asyncio.sleep(0.2)
    return False
