"""The console chat shows an owner's notifications too, and their buttons work there."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from assent.settings import Settings
from assent.wiring import build_engine
from billing.documents.convert import Evidence, accept_proposal
from billing.documents.issue import issue
from bot.console import run_console
from models import AcceptanceMethod, Document, DocumentKind, Notification, User
from tests.factories import make_business, make_client, make_draft, make_owner


async def test_an_acceptance_notice_prints_with_its_pdf_and_send_works(
    db: str, tmp_path: Path
) -> None:
    business = await make_business()
    owner = await make_owner(business)
    owner.console_name = "olivia"
    await owner.save()
    client = await make_client(business)
    proposal = await issue(business, (await make_draft(business, client, DocumentKind.PROPOSAL)).id)
    evidence = Evidence(
        method=AcceptanceMethod.EMAIL_REPLY, signer_name="Jane Doe", accepted_at=datetime.now(UTC)
    )
    conversion = await accept_proposal(business, proposal.id, evidence)
    out = io.StringIO()
    await run_console(
        build_engine(Settings()),
        await User.get(id=owner.id),
        stdin=io.StringIO("Send\n"),
        stdout=out,
        output_folder=tmp_path,
    )
    text = out.getvalue()
    assert "Jane Doe accepted proposal" in text and "[1] Send" in text
    assert "Queued the email to jane@doe.example" in text
    assert list(tmp_path.glob("*.pdf"))
    assert (await Document.get(id=conversion.invoice.id)).number is not None
    assert await Notification.filter(sent_at__isnull=True).count() == 0
