"""Builders for outbound-mail tests: settings pointing at an SMTP sink, issued documents."""

from __future__ import annotations

from assent.settings import Settings, replace
from billing.documents.issue import issue
from models import Business, Client, Document, DocumentKind
from tests.factories import make_draft
from tests.services.smtp import SmtpSink

PDF = b"%PDF-1.7\n% stand-in bytes: attachments are opaque to the outbox\n%%EOF\n"


def mail_settings(sink: SmtpSink | None = None, **smtp: object) -> Settings:
    """Plain SMTP to the sink (no host without one), short timeouts, a fixed reply domain."""
    return replace(
        Settings(),
        smtp={
            "host": sink.host if sink else "",
            "port": sink.port if sink else 25,
            "security": "plain",
            "from_address": "billing@assent.example",
            "timeout_seconds": 5.0,
            **smtp,
        },
        mail={"reply_domain": "reply.example", "token_secret": "test-secret"},
    )


async def make_issued(
    business: Business, client: Client, kind: DocumentKind = DocumentKind.PROPOSAL
) -> Document:
    draft = await make_draft(business, client, kind)
    return await issue(business, draft.id)
