"""The owner's settings, one form per section: who the business is, how it invoices, and what
happens when a client accepts a proposal by email."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from billing.einvoice.payment import CARD, CASH, TRANSFER
from flows import validators as v
from flows.business import parsers as p
from flows.business.owner_form import SettingsForm
from flows.business.time_zone import zone_field
from flows.context import Context
from flows.fields import Field, yes_no_field
from flows.flow import N_
from flows.onboarding import FIELDS as SETUP_FIELDS
from flows.replies import Choice
from flows.tax_fields import business_tax_fields
from models import AcceptancePolicy, Business

SETUP = {field.name: field for field in SETUP_FIELDS}

DETAILS: tuple[Field, ...] = (
    SETUP["name"],
    Field(
        "legal_name",
        N_("Legal name"),
        N_("The registered legal name, if it differs from the business name?"),
        v.short_text,
        stored_in=(Business, "legal_name"),
    ),
    SETUP["street"],
    SETUP["postcode"],
    SETUP["city"],
    SETUP["region"],
    SETUP["country"],
    zone_field(at_setup=False),
    SETUP["tax_id"],
    Field(
        "registration",
        N_("Trade register"),
        N_("Your trade register entry, printed on invoices as the register writes it? "
           "/skip if you have none."),
        v.short_text,
        hint=N_("J40/1234/2020 or Madrid, T. 1234, F. 56, H. M-78901"),
        stored_in=(Business, "registration"),
    ),
    SETUP["email"],
    Field(
        "phone",
        N_("Phone"),
        N_("Phone number?"),
        v.phone,
        hint=N_("+34 600 000 000"),
        stored_in=(Business, "phone"),
    ),
)


PAYMENT_MEANS_LABELS = {
    TRANSFER: N_("Bank transfer"),
    CARD: N_("Card"),
    CASH: N_("Cash"),
}


async def _payment_means(ctx: Context, _values: dict[str, Any]) -> list[Choice]:
    return [Choice(ctx.t(label), value) for value, label in PAYMENT_MEANS_LABELS.items()]


def _show_payment_means(ctx: Context, value: str) -> str:
    return ctx.t(PAYMENT_MEANS_LABELS[value])


INVOICING: tuple[Field, ...] = (
    Field(
        "payment_terms_days",
        N_("Payment terms (days)"),
        N_("How many days do clients have to pay an invoice?"),
        p.days,
        numeric=True,
    ),
    Field(
        "proposal_validity_days",
        N_("Proposal validity (days)"),
        N_("For how many days is a proposal valid?"),
        p.days,
        numeric=True,
    ),
    # Setup's question says what /skip means there (the country's rates); here /skip keeps them.
    replace(
        SETUP["default_tax_rates"],
        prompt=N_("Which tax rates do you use? The most used first, separated by commas."),
    ),
    yes_no_field(
        "numbering_reset_yearly",
        N_("Numbering restarts every year"),
        N_("Should numbering start again from 1 every January?"),
    ),
    Field(
        "invoice_number_format",
        N_("Invoice numbers"),
        N_(
            "How should invoice numbers look? {seq} is the running number ({seq:04} pads it to "
            "four digits); {year} and {month} are the issue date's."
        ),
        p.number_format("invoice_number_format"),
    ),
    Field(
        "proposal_number_format",
        N_("Proposal numbers"),
        N_("How should proposal numbers look? Use {seq}, and {year} or {month} if you like."),
        p.number_format("proposal_number_format"),
    ),
    Field(
        "credit_note_number_format",
        N_("Credit note numbers"),
        N_("How should credit note numbers look? Use {seq}, and {year} or {month} if you like."),
        p.number_format("credit_note_number_format"),
    ),
    SETUP["bank_details"],
    Field(
        "payment_means",
        N_("Clients pay by"),
        N_("How do your clients usually pay your invoices?"),
        required=True,
        choices=_payment_means,
        free_text=False,
        show=_show_payment_means,
    ),
    yes_no_field(
        "embed_einvoice",
        N_("E-invoice in the PDF (Factur-X)"),
        N_(
            "Should issued invoices carry their e-invoice (EN 16931 XML, Factur-X) inside the "
            "PDF? Accounting software reads it; issuing then checks that the e-invoice is complete."
        ),
    ),
    Field(
        "brand_colour",
        N_("Brand colour"),
        N_("The colour of your documents' headings, as #rrggbb?"),
        p.brand_colour,
        hint=N_("#1f4e79"),
    ),
    *business_tax_fields(),
)

POLICY_LABELS = {
    AcceptancePolicy.DRAFT.value: N_("Draft for me to check"),
    AcceptancePolicy.ISSUE.value: N_("Issue it, I send it"),
    AcceptancePolicy.ISSUE_AND_SEND.value: N_("Issue and send it"),
}


async def _policies(ctx: Context, _values: dict[str, Any]) -> list[Choice]:
    return [Choice(ctx.t(label), value) for value, label in POLICY_LABELS.items()]


def _show_policy(ctx: Context, value: str) -> str:
    return ctx.t(POLICY_LABELS[value])


AFTER_ACCEPTANCE: tuple[Field, ...] = (
    Field(
        "acceptance_policy",
        N_("When a client accepts"),
        N_(
            "When a client accepts a proposal by email, I make the invoice. Then:\n"
            "• Draft for me to check: it waits as a draft; you check it and send it.\n"
            "• Issue it, I send it: it gets its number; you send it when you like.\n"
            "• Issue and send it: it gets its number and goes to the client at once."
        ),
        required=True,
        choices=_policies,
        free_text=False,
        show=_show_policy,
    ),
    yes_no_field(
        "send_welcome_email",
        N_("Welcome email to new clients"),
        N_(
            "Email each new client a short welcome from your address, so your proposals and "
            "invoices don't end up in their spam?"
        ),
    ),
)


class BusinessDetailsFlow(SettingsForm):
    name = "business_details"
    title = N_("Business details")

    async def fields(self, ctx: Context) -> Sequence[Field]:
        return DETAILS


class InvoicingFlow(SettingsForm):
    name = "invoicing"
    title = N_("Invoicing")

    async def fields(self, ctx: Context) -> Sequence[Field]:
        return INVOICING


class AcceptanceFlow(SettingsForm):
    name = "acceptance"
    title = N_("After acceptance")

    async def fields(self, ctx: Context) -> Sequence[Field]:
        return AFTER_ACCEPTANCE
