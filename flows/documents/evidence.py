"""What proves an accepted proposal, on its card: who, when, how, the sender checks, the hash.

The Acceptance row keeps the evidence as it arrived (models/evidence.py); an owner asked "how do
you know they accepted?" should find the answer on the card without opening a PDF.
"""

from __future__ import annotations

from babel.dates import format_datetime

from flows.context import Context
from flows.flow import N_
from models import Acceptance, AcceptanceMethod, Client, Document, User

HOW = {
    AcceptanceMethod.EMAIL_REPLY: N_("by email reply"),
    AcceptanceMethod.WEB: N_("on the review page"),
    AcceptanceMethod.OWNER_BUTTON: N_("by hand, marked by {owner}"),
}


async def evidence_lines(ctx: Context, document: Document) -> list[str]:
    """The acceptance's lines for the proposal's card; none when it was not accepted."""
    acceptance = await Acceptance.get_or_none(
        proposal_id=document.id, business_id=document.business_id
    )
    if acceptance is None:
        return []
    owner = (
        await User.get_or_none(id=acceptance.decided_by_id) if acceptance.decided_by_id else None
    )
    client = await Client.get(id=document.client_id)
    who = acceptance.signer_name or acceptance.sender_address or client.display_name
    when = format_datetime(acceptance.accepted_at, "medium", locale=ctx.language) + " UTC"
    how = ctx.t(HOW[acceptance.method], owner=owner.name if owner else "?")
    lines = [ctx.t("Accepted by {who}, {how}, on {when}", who=who, how=how, when=when)]
    if acceptance.sender_address and acceptance.sender_address != who:
        lines.append(ctx.t("From: {address}", address=acceptance.sender_address))
    if acceptance.method != AcceptanceMethod.WEB and acceptance.message_id:
        verdicts = ", ".join(
            f"{name.upper()} {verdict}"
            for name, verdict in sorted(acceptance.auth_verdicts.items())
        )
        checked = ctx.t("authenticated") if acceptance.authenticated else ctx.t("not authenticated")
        lines.append(
            ctx.t(
                "Sender checks: {verdicts} ({checked})",
                verdicts=verdicts or ctx.t("none reported"),
                checked=checked,
            )
        )
    if acceptance.raw_sha256:
        lines.append(ctx.t("Message SHA-256: {hash}", hash=acceptance.raw_sha256))
    if acceptance.document_sha256:
        lines.append(ctx.t("Signed PDF SHA-256: {hash}", hash=acceptance.document_sha256))
    if acceptance.ip_address:
        lines.append(ctx.t("Signed from {ip}", ip=acceptance.ip_address))
    return lines
