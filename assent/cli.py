"""The `assent` command: one entry point whose subcommands start or inspect each component.

Bad configuration ends here as one line naming the setting and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from assent.settings import ConfigError, Settings, load_settings

Command = Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]
log = logging.getLogger("assent")
LIBRARY_LOGGERS = (
    "weasyprint", "fontTools", "httpx", "httpcore", "telegram", "tortoise", "aiosqlite",
    "asyncpg", "aiosmtplib", "aioimaplib", "matplotlib", "PIL", "apscheduler", "uvicorn", "asyncio",
    "factur-x", "pypdf",
)


async def _migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from assent.db import migrate

    await migrate(settings.database.url)
    log.info("database is up to date: %s", _redacted(settings.database.url))
    return 0


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    from assent.runner import run_all

    return await run_all(settings, args)


async def _bot(settings: Settings, args: argparse.Namespace) -> int:
    from assent.runner import run_bot_only

    return await run_bot_only(settings, args)


async def _web(settings: Settings, args: argparse.Namespace) -> int:
    from assent.runner import run_web_only

    return await run_web_only(settings, args)


async def _chat(settings: Settings, args: argparse.Namespace) -> int:
    from assent.runner import run_console

    return await run_console(settings, args)


async def _clients(settings: Settings, args: argparse.Namespace) -> int:
    from assent.scripts import clients_command

    return await clients_command(settings, args)


async def _documents(settings: Settings, args: argparse.Namespace) -> int:
    from assent.documents_script import documents_command

    return await documents_command(settings, args)


async def _listen(settings: Settings, args: argparse.Namespace) -> int:
    from assent.mail_script import listen_command

    return await listen_command(settings, args)


async def _mail(settings: Settings, args: argparse.Namespace) -> int:
    from assent.inbound_script import mail_list_command

    return await mail_list_command(settings, args)


async def _classify(settings: Settings, args: argparse.Namespace) -> int:
    from assent.mail_script import classify_command

    return await classify_command(settings, args)


def _redacted(url: str) -> str:
    """Database URLs may carry passwords; logs never do."""
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    return f"{scheme}://***@{rest.split('@', 1)[1]}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assent",
        description="Assent: clients, proposals and invoices by chat; signed acceptance by email.",
    )
    parser.add_argument(
        "--config", metavar="PATH", help="configuration file (default: ./config.toml)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Command, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--config", metavar="PATH", default=argparse.SUPPRESS, help="configuration file"
        )
        sub.set_defaults(handler=handler)
        return sub

    add("migrate", _migrate, "apply database migrations")
    run = add("run", _run, "migrate, then start every configured component")
    run.add_argument("--user", help="console chat user (default: the OS user)")
    add("bot", _bot, "run only the Telegram bot (needs telegram.token)")
    add("web", _web, "run only the client web pages (proposal review & sign, documents)")
    chat = add("chat", _chat, "chat with Assent in this terminal (reads stdin, writes stdout)")
    chat.add_argument("--user", help="who is chatting (default: the OS user)")
    clients = add("clients", _clients, "list or show clients for scripts")
    clients_sub = clients.add_subparsers(dest="clients_command", required=True, metavar="ACTION")
    listing = clients_sub.add_parser("list", help="list clients")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--business", type=int, help="business id (default: all you can see)")
    show = clients_sub.add_parser("show", help="show one client")
    show.add_argument("client_id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON")
    documents = add("documents", _documents, "list documents or export their PDFs for scripts")
    documents_sub = documents.add_subparsers(
        dest="documents_command", required=True, metavar="ACTION"
    )
    doc_list = documents_sub.add_parser("list", help="list proposals, invoices and credit notes")
    doc_list.add_argument("--client", type=int, metavar="ID", help="only this client's documents")
    doc_list.add_argument("--status", metavar="S", help="only documents in this status (e.g. paid)")
    doc_list.add_argument("--json", action="store_true", help="print JSON")
    doc_pdf = documents_sub.add_parser("pdf", help="render a document's PDF")
    doc_pdf.add_argument(
        "number", metavar="NUMBER", help="document number, or id:ID (drafts have no number)"
    )
    doc_pdf.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    doc_xml = documents_sub.add_parser("xml", help="export an issued document's e-invoice XML")
    doc_xml.add_argument("number", metavar="NUMBER", help="document number, or id:ID")
    doc_xml.add_argument("--out", required=True, metavar="FILE.xml", help="where to write the XML")
    doc_xml.add_argument(
        "--syntax",
        choices=("cii", "ubl"),
        default="cii",
        help="cii: UN/CEFACT CII as in Factur-X (default); ubl: UBL 2.1, Peppol BIS Billing 3.0",
    )
    add("listen", _listen, "listen to the IMAP mailbox for client replies (runs until stopped)")
    mail = add("mail", _mail, "list the emails the listener received and what it decided")
    mail_sub = mail.add_subparsers(dest="mail_command", required=True, metavar="ACTION")
    mail_list = mail_sub.add_parser("list", help="recent inbound emails with their verdicts")
    mail_list.add_argument("--limit", type=int, default=50, help="how many, newest first")
    mail_list.add_argument("--json", action="store_true", help="print JSON")
    classify = add("classify", _classify, "read reply emails as the listener would, for scripts")
    classify.add_argument("files", nargs="+", metavar="FILE.eml", help="raw messages to read")
    classify.add_argument("--json", action="store_true", help="print one JSON object per line")
    for option, meta, what in (
        ("--client-name", "NAME", "a name the reply may be signed with"),
        ("--client-email", "ADDR", "an address the client writes from"),
        ("--authserv-id", "ID", "also trust Authentication-Results from this server"),
    ):
        classify.add_argument(option, action="append", metavar=meta, help=f"{what} (repeatable)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as error:
        print(f"assent: configuration error: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.logging.level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Libraries log their own chatter (HTTP requests, SQL, font subsetting) at INFO and DEBUG; in
    # console mode that lands between the chat's lines. The owner's log is about Assent.
    for noisy in LIBRARY_LOGGERS:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
    try:
        return asyncio.run(args.handler(settings, args))
    except ConfigError as error:
        print(f"assent: configuration error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
