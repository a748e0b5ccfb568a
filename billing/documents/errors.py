"""Why a document action was refused, named for the situation so chat and logs say it plainly."""

from __future__ import annotations

from billing.errors import BillingError


class DocumentError(BillingError):
    """A document action was refused."""

    key = "document_error"


class DocumentNotFound(DocumentError, LookupError):
    """No document with that id belongs to the acting business (or it never existed)."""

    key = "document_not_found"


class DocumentLocked(DocumentError):
    """An issued document's amounts, lines or parties were to change: use a credit note instead."""

    key = "document_locked"


class InvalidTransition(DocumentError):
    """The document's status does not allow that step (e.g. paying a proposal)."""

    key = "invalid_transition"


class EmptyDocument(DocumentError):
    """A document with no lines was to be issued."""

    key = "document_empty"


class EInvoiceIncomplete(DocumentError):
    """The business embeds e-invoices and this one would break an EN 16931 rule; the key names
    what to add (billing.einvoice.rules)."""

    key = "einvoice_incomplete"


class InvalidNumberFormat(DocumentError, ValueError):
    """A numbering format lacks {seq} or uses a field other than {year}, {month} and {seq}."""

    key = "number_format_invalid"
