"""The new-client form's questions, as data: asked one by one, or filled from one message.

Kept apart from the dialog (new_client.py) so that both the form and the intake that fills it
from a pasted signature (intake.py) read the same questions and parsers.
"""

from __future__ import annotations

from typing import Any

from billing.clients.register import CLIENT_FIELDS
from flows import validators as v
from flows.clients.choices import (
    category_choices,
    currency_choices,
    kind_choices,
    language_choices,
    payment_choices,
    show_country,
    show_language,
)
from flows.context import Context
from flows.fields import Field, yes_no_field
from flows.flow import N_
from models import Category, Client, Contact

# Every client column the form asks for under its own name; the country is asked as "country".
ANSWERED_FIELDS = tuple(key for key in CLIENT_FIELDS if key != "billing_country")


def _company(values: dict[str, Any]) -> bool:
    return values.get("kind") == "company"


def _ships_elsewhere(values: dict[str, Any]) -> bool:
    return values.get("shipping_same") == "no"


def _show_kind(ctx: Context, value: str) -> str:
    return ctx.t("Company") if value == "company" else ctx.t("Person")


BASE_FIELDS: tuple[Field, ...] = (
    Field(
        "kind",
        N_("Type"),
        N_("Is the client a person or a company?"),
        required=True,
        choices=kind_choices,
        free_text=False,
        show=_show_kind,
    ),
    Field(
        "display_name",
        N_("Name"),
        N_("What is the client's name?"),
        v.name,
        required=True,
        hint=N_("Jane Doe, or Acme Ltd"),
        stored_in=(Client, "display_name"),
    ),
    Field(
        "legal_name",
        N_("Legal name"),
        N_("The company's registered legal name?"),
        v.short_text,
        when=_company,
        stored_in=(Client, "legal_name"),
    ),
    Field(
        "email",
        N_("Email"),
        N_("Email address for proposals and invoices?"),
        v.email,
        stored_in=(Client, "email"),
    ),
    Field(
        "phone",
        N_("Phone"),
        N_("Phone number?"),
        v.phone,
        hint=N_("+34 600 000 000"),
        stored_in=(Client, "phone"),
    ),
    Field(
        "billing_street",
        N_("Street"),
        N_("Billing address: street and number?"),
        v.short_text,
        stored_in=(Client, "billing_street"),
    ),
    Field(
        "billing_city", N_("City"), N_("City?"), v.short_text, stored_in=(Client, "billing_city")
    ),
    Field(
        "billing_postcode",
        N_("Postcode"),
        N_("Postcode?"),
        v.short_text,
        stored_in=(Client, "billing_postcode"),
    ),
    Field(
        "country",
        N_("Country"),
        N_("Country?"),
        v.country,
        hint=N_("Spain, or ES"),
        show=show_country,
        stored_in=(Client, "billing_country"),
    ),
    Field(
        "tax_id",
        N_("Tax ID"),
        N_("Tax ID (VAT number, NIF, RFC…)?"),
        v.client_tax_id,
        stored_in=(Client, "tax_id"),
    ),
    Field(
        "business_line",
        N_("Business line"),
        N_("What does the client do (business line)?"),
        v.short_text,
        stored_in=(Client, "business_line"),
    ),
    Field(
        "payment_method",
        N_("Payment method"),
        N_("How does the client usually pay?"),
        v.short_text,
        choices=payment_choices,
        stored_in=(Client, "payment_method"),
    ),
    Field(
        "currency",
        N_("Currency"),
        N_("Which currency do you bill this client in?"),
        v.currency,
        choices=currency_choices,
        stored_in=(Client, "currency"),
    ),
    Field(
        "language",
        N_("Document language"),
        N_("In which language should documents be?"),
        v.document_language,
        choices=language_choices,
        show=show_language,
    ),
    Field(
        "categories",
        N_("Categories"),
        N_("Categories for this client?"),
        v.short_text,
        choices=category_choices,
        multiple=True,
        stored_in=(Category, "name"),
    ),
    Field(
        "contact_name",
        N_("Contact person"),
        N_("Who is the contact person there?"),
        v.name,
        when=_company,
        stored_in=(Contact, "name"),
    ),
    Field(
        "contact_role",
        N_("Contact's role"),
        N_("The contact person's role or job title?"),
        v.short_text,
        # Asked only when a pasted signature or card named one: shown, corrected, kept.
        when=lambda values: _company(values) and bool(values.get("contact_role")),
        stored_in=(Contact, "role"),
    ),
    Field(
        "contact_email",
        N_("Contact email"),
        N_("The contact person's email?"),
        v.email,
        when=lambda values: _company(values) and bool(values.get("contact_name")),
        stored_in=(Contact, "email"),
    ),
    Field(
        "contact_phone",
        N_("Contact phone"),
        N_("The contact person's phone?"),
        v.phone,
        when=lambda values: _company(values) and bool(values.get("contact_name")),
        stored_in=(Contact, "phone"),
    ),
    yes_no_field(
        "shipping_same",
        N_("Ships to billing address"),
        N_("Do you ship to the billing address?"),
    ),
    Field(
        "shipping_street",
        N_("Shipping street"),
        N_("Shipping address: street and number?"),
        v.short_text,
        when=_ships_elsewhere,
        required=True,
        stored_in=(Client, "shipping_street"),
    ),
    Field(
        "shipping_city",
        N_("Shipping city"),
        N_("Shipping city?"),
        v.short_text,
        when=_ships_elsewhere,
        stored_in=(Client, "shipping_city"),
    ),
    Field(
        "shipping_postcode",
        N_("Shipping postcode"),
        N_("Shipping postcode?"),
        v.short_text,
        when=_ships_elsewhere,
        stored_in=(Client, "shipping_postcode"),
    ),
    Field(
        "shipping_country",
        N_("Shipping country"),
        N_("Shipping country?"),
        v.country,
        when=_ships_elsewhere,
        show=show_country,
        stored_in=(Client, "shipping_country"),
    ),
    Field(
        "notes",
        N_("Private note"),
        N_("A private note about this client (only you see it)?"),
        v.long_text,
    ),
)
