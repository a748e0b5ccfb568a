"""Every flow and the command that starts it: the one place that wires the dialogs together."""

from __future__ import annotations

from assent.settings import Settings
from flows.business.menu import settings_flows
from flows.clients.card import ClientCardFlow
from flows.clients.categories import CategoriesFlow
from flows.clients.contact_list import ContactsFlow
from flows.clients.contacts import (
    AddContactFlow,
    ClientNoteFlow,
    EditContactFlow,
    NameSpellingsFlow,
)
from flows.clients.edit_client import EditClientFlow
from flows.clients.listing import ClientListFlow
from flows.clients.new_client import NewClientFlow
from flows.documents.card import DocumentCardFlow
from flows.documents.credit_note import CreditNoteFlow
from flows.documents.exchange_rate import ExchangeRateFlow
from flows.documents.listing import DocumentListFlow
from flows.documents.new_document import NewDocumentFlow
from flows.documents.send_invoice import SendInvoiceFlow
from flows.engine import Engine
from flows.flow import Flow
from flows.home import HelpFlow, HomeFlow
from flows.invite import InviteFlow
from flows.onboarding import OnboardingFlow
from flows.outbox import OutboxFlow
from flows.ports import DocumentMailer, ReplyReviewer
from flows.recent_mail import RecentMailFlow
from flows.report import ReportFlow
from flows.review import ReviewFlow
from models import DocumentKind

COMMANDS = {
    "start": "home",
    "menu": "home",
    "newclient": "new_client",
    "clients": "clients",
    "categories": "categories",
    "invite": "invite",
    "settings": "settings",
    "newproposal": "new_proposal",
    "newinvoice": "new_invoice",
    "invoices": "invoices",
    "proposals": "proposals",
    "report": "report",
    "mail": "recent_mail",
    "outbox": "outbox",
}


def build_flows_engine(
    settings: Settings, mailer: DocumentMailer, reviewer: ReplyReviewer
) -> Engine:
    """Use assent.wiring.build_engine, which supplies the real mailer."""
    flows: list[Flow] = [
        OnboardingFlow(settings.bot.open_registration),
        HomeFlow(),
        HelpFlow(),
        NewClientFlow(mailer),
        EditClientFlow(),
        ClientListFlow(),
        ClientCardFlow(settings.storage.path),
        AddContactFlow(),
        EditContactFlow(),
        ContactsFlow(),
        ClientNoteFlow(),
        NameSpellingsFlow(),
        CategoriesFlow(),
        InviteFlow(),
        *settings_flows(),
        NewDocumentFlow(DocumentKind.PROPOSAL),
        NewDocumentFlow(DocumentKind.INVOICE),
        DocumentCardFlow(mailer),
        SendInvoiceFlow(mailer),
        CreditNoteFlow(),
        ExchangeRateFlow(),
        DocumentListFlow(DocumentKind.INVOICE, "invoices"),
        DocumentListFlow(DocumentKind.PROPOSAL, "proposals"),
        DocumentListFlow(None, "documents"),
        ReportFlow(),
        RecentMailFlow(),
        OutboxFlow(mailer),
        ReviewFlow(reviewer),
    ]
    return Engine({flow.name: flow for flow in flows}, COMMANDS, settings.bot)
