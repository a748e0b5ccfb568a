"""How a billing refusal reads to the owner: one wording per error key, in the bot catalog.

Billing errors carry a key and the values that explain them (billing/errors.py); this is the only
place that turns them into sentences, for document actions, settings and client forms alike.
Messages with a literal {seq}, {year} or {month} are shown as written, not filled.
"""

from __future__ import annotations

from string import Formatter

from billing.errors import BillingError
from flows.context import Context
from flows.documents.names import STATUS_NAMES
from flows.errors import Invalid
from flows.flow import N_
from models import DocumentStatus

STATUS_VALUES = {status.value for status in DocumentStatus}

REFUSALS = {
    "payment_out_of_range": N_("The amount must be more than 0 and at most {balance}."),
    "invalid_transition": N_("That is not possible while the document is {current}."),
    "document_empty": N_("Add at least one line before issuing."),
    "document_not_issued": N_("Issue the document before sending it."),
    "client_without_email": N_("The client has no email address. Add one on the client's card."),
    "email_address_invalid": N_("An email address of this client is not valid: {address}."),
    "send_out_of_order": N_("That button is out of date. Here is the document as it is now."),
    "amount_not_a_number": N_("That is not an amount I can read."),
    "discount_out_of_range": N_("A discount is between 0 and 100 %; {discount} is not."),
    "tax_rate_negative": N_("A tax rate is between 0 and 100; {tax_rate} is not."),
    "quantity_too_large": N_("A quantity can be at most {max}."),
    "unit_price_too_large": N_("A unit price can be at most {max}."),
    "line_amount_too_large": N_("One line can come to at most {max}; split it into several."),
    "total_too_large": N_("A document can total at most {max}."),
    "reply_not_found": N_("That reply doesn't exist (any more)."),
    "document_not_found": N_("That document doesn't exist."),
    "client_not_found": N_("That client doesn't exist (any more)."),
    "tax_rate_unreadable": N_(
        "I couldn't read {rate} as a tax rate. "
        "Separate the rates with a comma and a space, like 21, 10, 4, 0."
    ),
    "tax_rate_out_of_range": N_("A tax rate is between 0 and 100; {rate} is not."),
    "number_format_invalid": N_(
        "That format can't number documents: it needs {seq}, may also use {year} and {month}, "
        "and has at most 40 characters. For example: INV-{year}-{seq:04}."
    ),
    "numbering_would_repeat": N_(
        "Numbering restarts every year, so the format needs {year}: without it, next year would "
        "repeat this year's numbers. Add {year}, or first turn off the yearly restart."
    ),
    "brand_colour_invalid": N_("A colour is # and six hex digits, like #1f4e79."),
    "days_out_of_range": N_("Type a number of days from 0 to {max}."),
    "custom_field_choice_count": N_("Type {min} to {max} options, separated by commas."),
    "custom_field_choice_length": N_("Each option needs 1 to {max} characters."),
    "custom_field_name_length": N_("A field name needs 1 to {max} characters."),
    "custom_field_exists": N_("There is already a field called {name}."),
    "logo_not_an_image": N_(
        "That is not a PNG or JPEG image. Send the logo as a photo, or as a .png or .jpg file."
    ),
    "logo_too_big": N_("That image is larger than {max_mb} MB."),
    "logo_size": N_("A logo needs {min} to {max} pixels on each side."),
    "tax_id_length": N_("That tax ID is empty or too long."),
    "tax_id_characters": N_("A tax ID has only letters and digits."),
    "tax_id_invalid": N_("That isn't a valid tax ID for {country}. Check the digits."),
    "tax_id_trn": N_("A tax registration number (TRN) in {country} has 15 digits."),
    "issue_needs_seller_tax_id": N_(
        "An invoice must show your VAT ID. Add it in /settings → Business details, then issue."
    ),
    "issue_needs_buyer_address": N_(
        "An invoice must show the buyer's name and address. Add {client}'s billing address "
        "(street and city) on the client's card, then issue."
    ),
    "issue_needs_buyer_tax_id": N_(
        "Reverse charge and intra-EU supplies must show the buyer's VAT ID. Add {client}'s VAT "
        "ID on the client's card, then issue."
    ),
    "tax_category_needs_rate": N_("A line with VAT needs a rate above 0%, like vat21."),
    "tax_category_rate_zero": N_(
        "Reverse charge, intra-EU, export, exempt and out-of-scope lines carry 0% VAT: "
        "leave the rate out."
    ),
    "tax_category_unknown": N_("{category} is not a VAT category."),
    "issue_needs_exchange_rate": N_(
        "This invoice is in {currency}: its VAT must also be stated in {accounting}. Tap "
        "Exchange rate on its card and type the rate, then issue."
    ),
    "exchange_rate_out_of_range": N_("An exchange rate is a number above 0, like 2.9845."),
    "exchange_rate_too_precise": N_("Type the rate with at most {places} decimals."),
    "credit_line_unknown": N_("The invoice has lines 1 to {lines}."),
    "credit_amount_several_rates": N_(
        "This invoice has several VAT rates: credit some of its lines instead of an amount."
    ),
    "credit_amount_out_of_range": N_("The amount must be more than 0 and at most {net}."),
    "credit_exceeds_invoice": N_(
        "That is more than is left to credit on this invoice ({remaining})."
    ),
    "withholding_unreadable": N_(
        "I couldn't read {rate}. Type a name and a rate, like IRPF 15, several separated by a "
        "semicolon, or none."
    ),
}


def refusal(error: BillingError) -> Invalid:
    """The refusal as a form error, filled with the values its wording names."""
    msgid = REFUSALS.get(error.key)
    if msgid is None:
        return Invalid(N_("That didn't work ({detail})."), detail=error.key)
    wanted = {name for _, name, _, _ in Formatter().parse(msgid) if name}
    if not wanted <= set(error.params):
        return Invalid(msgid)
    return Invalid(msgid, **{name: str(error.params[name]) for name in wanted})


def error_text(ctx: Context, error: BillingError) -> str:
    """The refusal in the user's language, statuses included ("borrador", not "draft")."""
    refused = refusal(error)
    params = {
        name: ctx.t(STATUS_NAMES[DocumentStatus(value)])
        if value in STATUS_VALUES and name in ("current", "to")
        else value
        for name, value in refused.params.items()
    }
    return ctx.t(refused.key, **params)
