"""Registering a client by chat: every field of a web form, one question at a time, skippable."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from typing import Any

from billing.clients.register import CLIENT_FIELDS, register_client
from billing.clients.search import find_duplicates
from billing.errors import BillingError
from flows import validators as v
from flows.clients.choices import (
    category_choices,
    currency_choices,
    kind_choices,
    language_choices,
    payment_choices,
    show_country,
    show_language,
    show_payment_method,
)
from flows.clients.custom_answers import custom_fields
from flows.context import Context
from flows.errors import Invalid
from flows.events import Event, EventKind
from flows.fields import Field, yes_no_field
from flows.flow import N_, Outcome
from flows.form import FormFlow
from flows.ports import DocumentMailer
from flows.refusals import error_text
from flows.replies import Choice, Reply
from models import Category, Client, Contact

COMPANY_SUFFIXES = re.compile(
    r"\b(s\.?l\.?u?|s\.?a\.?(\s+de\s+c\.?v\.?)?|ltd|llc|inc|gmbh|sarl|srl|s\.?p\.?a|b\.?v|corp|co)\.?$",
    re.IGNORECASE,
)


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
        show=show_payment_method,
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


class NewClientFlow(FormFlow):
    name = "new_client"
    title = N_("New client")
    can_save_new = True

    def __init__(self, mailer: DocumentMailer | None = None) -> None:
        self.mailer = mailer  # sends the welcome email; without one, none is sent

    async def fields(self, ctx: Context) -> Sequence[Field]:
        return (*BASE_FIELDS[:-1], *await custom_fields(ctx), BASE_FIELDS[-1])

    async def prefill(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> dict[str, Any]:
        values = dict(carry.get("values", {}))
        if event is not None and event.kind == EventKind.CONTACT and event.contact is not None:
            card = event.contact
            values["kind"] = "person"
            full_name = " ".join(part for part in (card.first_name, card.last_name) if part)
            if full_name:
                values["display_name"] = full_name
            with contextlib.suppress(Invalid):
                values["phone"] = v.phone(ctx, card.phone)
        if args:
            values.update(parse_quick_add(ctx, args))
        return values

    async def duplicates(self, ctx: Context, values: dict[str, Any]) -> list[Choice]:
        similar = await find_duplicates(
            ctx.require_business(),
            name=values.get("display_name") or "",
            email=values.get("email") or "",
            tax_id=values.get("tax_id") or "",
        )
        return [
            Choice(ctx.t("Open {name}", name=client.display_name), f"go:client:{client.id}")
            for client in similar[:5]
        ]

    async def commit(self, ctx: Context, values: dict[str, Any], state: dict[str, Any]) -> Outcome:
        business = ctx.require_business()
        fields = {key: values.get(key) for key in ANSWERED_FIELDS}
        fields["billing_country"] = values.get("country")
        contact = {
            "name": values.get("contact_name") or "",
            "email": values.get("contact_email") or "",
            "phone": values.get("contact_phone") or "",
        }
        custom = {
            int(key[3:]): str(value)
            for key, value in values.items()
            if key.startswith("cf:") and value
        }
        client = await register_client(
            business,
            fields,
            categories=values.get("categories") or [],
            custom_values=custom,
            contact=contact,
            user=ctx.user,
        )
        text = ctx.t("Saved client {name}.", name=client.display_name)
        if business.send_welcome_email and client.email and self.mailer is not None:
            text += "\n" + await self._welcome(ctx, self.mailer, client)
        choices = (
            Choice(ctx.t("Open card"), f"go:client:{client.id}"),
            Choice(ctx.t("New client"), "go:new_client:"),
            Choice(ctx.t("All clients"), "go:clients:"),
        )
        return Outcome([Reply(text, () if state.get("save_new") else choices, columns=3)])

    @staticmethod
    async def _welcome(ctx: Context, mailer: DocumentMailer, client: Client) -> str:
        try:
            await mailer.welcome(ctx.require_business(), client)
        except BillingError as error:
            return "⚠️ " + ctx.t("No welcome email: {reason}", reason=error_text(ctx, error))
        return ctx.t("A welcome email to {email} is queued.", email=client.email)

    def carry_for_next(self, values: dict[str, Any]) -> dict[str, Any]:
        return {"categories": values.get("categories") or []}


def parse_quick_add(ctx: Context, args: str) -> dict[str, Any]:
    """`Jane Doe, jane@doe.com, +34 600 000 000`: each part is recognized by its shape."""
    values: dict[str, Any] = {}
    for part in (piece.strip() for piece in args.split(",")):
        if not part:
            continue
        for key, parser in (("email", v.email), ("phone", v.phone)):
            if key in values:
                continue
            try:
                values[key] = parser(ctx, part)
                break
            except Invalid:
                continue
        else:
            if "display_name" not in values and any(ch.isalpha() for ch in part):
                with contextlib.suppress(Invalid):  # unprintable: the form asks for it again
                    values["display_name"] = v.name(ctx, part)
            elif "tax_id" not in values:
                with contextlib.suppress(Invalid):
                    values["tax_id"] = v.client_tax_id(ctx, part)
    if "display_name" in values:
        is_company = COMPANY_SUFFIXES.search(values["display_name"]) is not None
        values["kind"] = "company" if is_company else "person"
    return values
