"""freeze/thaw keep every field, refuse what they do not know, fill in what is missing."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from billing.documents.frozen import FrozenViewError, freeze, thaw
from billing.pdf import LogoView
from billing.pdf.view import DocumentView, WithholdingView
from tests.pdf_documents import Shop, issued, view_of


@pytest.fixture(scope="module")
def views(sqlite_template: Path) -> dict[str, DocumentView]:
    """One document of each kind, issued in Spanish through the real verbs."""

    async def build(shop: Shop) -> dict[str, DocumentView]:
        proposal, invoice = await shop.accepted_proposal(await shop.client("es"))
        note = await shop.credit(invoice)
        return {
            "proposal": await view_of(proposal),
            "invoice": await view_of(invoice),
            "credit_note": await view_of(note),
        }

    return issued(build, sqlite_template)


@pytest.mark.parametrize("kind", ["proposal", "invoice", "credit_note"])
def test_a_view_survives_json_exactly(views: dict[str, DocumentView], kind: str) -> None:
    view = replace(
        views[kind],
        logo=LogoView(data=b"\x89PNG\r\n\x1a\n\x00\xff", mime="image/png"),
        withholdings=(
            WithholdingView(label="IRPF", rate=Decimal("15"), base=Decimal("100.00"),
                            amount=Decimal("15.00")),
        ),
        payable=Decimal("106.00"),
        exchange_rate=Decimal("0.003215"),
        credited_invoice_date=date(2026, 2, 28),
    )
    data = json.loads(json.dumps(freeze(view)))
    back = thaw(data)
    assert back == view
    assert isinstance(back.lines[0].quantity, Decimal) and isinstance(back.lines, tuple)
    assert data["exchange_rate"] == "0.003215"  # a string, never a float


def test_unknown_keys_are_refused_and_missing_ones_take_defaults(
    views: dict[str, DocumentView],
) -> None:
    data = freeze(views["invoice"])
    with pytest.raises(FrozenViewError, match="colour_of_the_day"):
        thaw({**data, "colour_of_the_day": "red"})
    with pytest.raises(FrozenViewError, match="mood"):
        thaw({**data, "seller": {**data["seller"], "mood": "happy"}})
    older = {key: value for key, value in data.items() if key not in ("withholdings", "payable")}
    assert thaw(older).withholdings == () and thaw(older).payable is None
    with pytest.raises(FrozenViewError):
        thaw({**data, "number": 7})
