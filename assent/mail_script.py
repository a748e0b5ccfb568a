"""`assent listen` and `assent classify`: the mailbox listener alone, and its reading for scripts.

`classify` runs the very function the listener reads replies with (`read_reply`), with the
client given on the command line instead of a routed proposal, so what it prints is what the
listener would conclude for a reply to a matching proposal.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from pathlib import Path

from assent.db import database
from assent.settings import ConfigError, Settings, replace
from mail.inbound.reading import read_reply
from mail.inbound.routing import Parties
from mail.inbound.sender import normalize_address
from mail.inbound.understand import to_json


async def listen_command(settings: Settings, _args: argparse.Namespace) -> int:
    """Listen until SIGINT or SIGTERM."""
    from mail.inbound.listener import MailboxListener  # the PDF renderer only when listening

    if not settings.imap.host:
        raise ConfigError("imap.host: must be set to listen to a mailbox")
    async with database(settings.database.url, serving=True):
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await MailboxListener(settings).run_forever(stop)
    return 0


async def classify_command(settings: Settings, args: argparse.Namespace) -> int:
    """One line per file; exit status 1 when a file could not be read."""
    trusted = (*settings.mail.trusted_authserv_ids, *(args.authserv_id or ()))
    settings = replace(settings, mail={"trusted_authserv_ids": trusted})
    parties = Parties(
        names=tuple(args.client_name or ()),
        addresses=tuple(normalize_address(a) for a in args.client_email or ()),
    )
    status = 0
    for name in args.files:
        try:
            raw = Path(name).read_bytes()
        except OSError as error:
            print(f"assent classify: {name}: {error.strerror}", file=sys.stderr)
            status = 1
            continue
        record = to_json(read_reply(raw, settings, parties), name)
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            print(f"{name}: {record['decision']} (intent {record['intent']}, "
                  f"signer {record['signer'] or '-'}, language {record['language']})")
    return status

