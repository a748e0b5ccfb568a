"""`assent mail list`: what the listener received and what it decided, newest first, for scripts
and for an owner asking "did the client's reply arrive, and why was nothing done with it?"."""

from __future__ import annotations

import argparse
import json
from typing import Any

from assent.db import database
from assent.settings import Settings
from models import InboundMessage

FIELDS = (
    "id", "received_at", "processed_at", "sender", "subject", "status", "intent", "decision",
    "skip_reason", "error", "attempts", "business_id", "proposal_id", "message_id",
)  # fmt: skip


async def mail_list_command(settings: Settings, args: argparse.Namespace) -> int:
    async with database(settings.database.url):
        rows = await InboundMessage.all().order_by("-id").limit(max(args.limit, 0)).values(*FIELDS)
    records = [_plain(row) for row in rows]
    if args.json:
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    for record in records:
        verdict = record["decision"] or record["status"]
        why = f" ({record['skip_reason']})" if record["skip_reason"] else ""
        print(f"{record['id']:>6}  {record['received_at'][:16]}  {verdict}{why}  "
              f"{record['sender'] or '-'}  {record['subject']}")
    return 0


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready: enums as their values, times as ISO 8601."""
    return {
        key: value.isoformat() if hasattr(value, "isoformat") else getattr(value, "value", value)
        for key, value in row.items()
    }
