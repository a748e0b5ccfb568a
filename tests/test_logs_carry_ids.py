"""Logs carry ids, not what people typed: a refused name, postcode or amount appears in the chat
reply, never in a log line or a logged exception's text."""

from __future__ import annotations

from billing.clients.errors import CategoryExists
from billing.documents.errors import DocumentNotFound
from billing.errors import InvalidAmount


def test_billing_errors_name_their_params_but_show_only_ids() -> None:
    assert str(DocumentNotFound(document_id=42)) == "document_not_found: document_id=42"
    assert str(CategoryExists(name="Jane Secret")) == "category_exists: name"
    text = str(InvalidAmount("amount_not_a_number", text="28001 Calle Mayor"))
    assert "28001" not in text and "Calle" not in text

