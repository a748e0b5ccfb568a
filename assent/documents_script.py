"""`assent documents list|pdf`: documents for scripts, rendered by the same code the chat uses."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from assent.db import database
from assent.settings import Settings
from billing.documents.issued_file import document_pdf
from billing.money import quantize
from models import Document, DocumentLine, DocumentStatus


async def document_json(document: Document) -> dict[str, Any]:
    lines = await DocumentLine.filter(document=document).order_by("position")
    return {
        "id": document.id,
        "business_id": document.business_id,
        "client_id": document.client_id,
        "kind": document.kind.value,
        "number": document.number,
        "status": document.status.value,
        "currency": document.currency,
        "language": document.language,
        "issue_date": document.issue_date.isoformat() if document.issue_date else None,
        "due_date": document.due_date.isoformat() if document.due_date else None,
        "valid_until": document.valid_until.isoformat() if document.valid_until else None,
        "net": str(quantize(document.net, document.currency)),
        "tax": str(quantize(document.tax, document.currency)),
        "total": str(quantize(document.total, document.currency)),
        "amount_paid": str(quantize(document.amount_paid, document.currency)),
        "taxes": document.tax_breakdown,
        "converted_from_id": document.converted_from_id,
        "credited_invoice_id": document.credited_invoice_id,
        "lines": [
            {
                "description": line.description,
                "quantity": str(line.quantity),
                "unit": line.unit,
                "unit_price": str(line.unit_price),
                "discount_percent": str(line.discount_percent),
                "tax_rate": str(line.tax_rate),
                "net": str(quantize(line.net, document.currency)),
            }
            for line in lines
        ],
    }


async def documents_command(settings: Settings, args: argparse.Namespace) -> int:
    async with database(settings.database.url):
        if args.documents_command == "pdf":
            return await _pdf(args.number, Path(args.out))
        query = Document.all().order_by("business_id", "id")
        if args.client:
            query = query.filter(client_id=args.client)
        if args.status:
            if args.status not in {status.value for status in DocumentStatus}:
                print(f"assent: unknown status {args.status!r}")
                return 2
            query = query.filter(status=args.status)
        rows = [await document_json(document) for document in await query]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for row in rows:
                number = row["number"] or "draft"
                print(f"{row['id']}\t{number}\t{row['status']}\t{row['total']} {row['currency']}")
    return 0


async def _pdf(number: str, out: Path) -> int:
    if number.startswith("id:") and number[3:].isdigit():
        document = await Document.get_or_none(id=int(number[3:]))
    else:
        matches = await Document.filter(number=number)
        if len(matches) > 1:
            print(f"assent: {number} exists in several businesses; use id:ID")
            return 1
        document = matches[0] if matches else None
    if document is None:
        print(f"assent: no document {number}")
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(await document_pdf(document))
    print(out)
    return 0
