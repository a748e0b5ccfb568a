"""A client's card shows where goods go (the shipping address), and its contact people can be
corrected and one of them made the main contact, who gets the emails with the client."""

from __future__ import annotations

from pathlib import Path

from assent.settings import Settings, replace
from mail.outbound.compose import Parties, recipients
from models import AuditLog, Client, Contact
from tests.chat import Chat
from tests.factories import make_business, make_client, make_owner


async def _chat(tmp_path: Path) -> tuple[Chat, Client]:
    business = await make_business()
    owner = await make_owner(business)
    client = await make_client(
        business, "Bruno Bravo", email="bruno@bravo.example",
        billing_street="Calle Mayor 5", billing_city="Madrid", billing_country="ES",
        shipping_street="Polígono Sur, nave 3", shipping_postcode="41016",
        shipping_city="Sevilla", shipping_country="ES",
    )  # fmt: skip
    chat = await Chat.open(replace(Settings(), storage={"path": str(tmp_path)}))
    chat.user = owner
    await Contact.create(business=business, client=client, name="Pat Partner",
                         email="pat@bravo.example", is_primary=True)  # fmt: skip
    await Contact.create(business=business, client=client, name="Quim Cuentas",
                         email="quim@bravo.example", role="Accounts")  # fmt: skip
    return chat, client


async def test_the_card_shows_the_shipping_address(db: str, tmp_path: Path) -> None:
    chat, client = await _chat(tmp_path)
    await chat.say(f"/clients {client.display_name}")
    await chat.press("Bruno Bravo")
    assert "Address: Calle Mayor 5, 28013, Madrid, Spain" in chat.text
    assert "Shipping address: Polígono Sur, nave 3, 41016, Sevilla, Spain" in chat.text


async def test_a_contact_is_edited_and_made_main(db: str, tmp_path: Path) -> None:
    chat, client = await _chat(tmp_path)
    await chat.say(f"/clients {client.display_name}")
    await chat.press("Bruno Bravo")
    await chat.press("Contacts")
    assert "★ Pat Partner — pat@bravo.example" in chat.text and "Quim Cuentas" in chat.buttons()

    await chat.press("Quim Cuentas")
    await chat.press("Edit")
    await chat.press("Edit…")
    await chat.press("Email")
    await chat.say("quim.cuentas@bravo.example")
    await chat.press("Save")
    assert "Saved changes to Quim Cuentas" in chat.text
    quim = await Contact.get(name="Quim Cuentas")
    assert quim.email == "quim.cuentas@bravo.example" and quim.role == "Accounts"

    await chat.press("Quim Cuentas")
    await chat.press("Make main contact")
    assert "Quim Cuentas is now the main contact." in chat.text
    assert "★ Quim Cuentas" in chat.text and "Pat Partner" in chat.buttons()
    mains = await Contact.filter(client=client, is_primary=True).values_list("name", flat=True)
    assert mains == ["Quim Cuentas"]
    assert await AuditLog.filter(action="client.main_contact").count() == 1

    contacts = await Contact.filter(client=client)
    fresh = await Client.get(id=client.id)
    business = await fresh.business
    addresses = [a.addr_spec for a in recipients(Parties(business, fresh, contacts))]
    assert addresses == ["bruno@bravo.example", "quim.cuentas@bravo.example"]
    await chat.press("Back to the client")
    assert "Contact: ★ Quim Cuentas — quim.cuentas@bravo.example · Accounts" in chat.text


async def test_another_business_contact_cannot_be_opened(db: str, tmp_path: Path) -> None:
    chat, client = await _chat(tmp_path)
    other = await make_business("Other Ltd")
    stranger = await Contact.create(
        business=other, client=await make_client(other, "Zoe Zed"), name="Zoe Zed"
    )
    await chat.say(f"/clients {client.display_name}")
    await chat.press("Bruno Bravo")
    await chat.press("Contacts")
    from flows.events import Event

    await chat.send(Event.chosen(f"ct:main:{stranger.id}", verified=True))
    await chat.send(Event.chosen(f"go:edit_contact:{stranger.id}", verified=True))
    assert "That contact doesn't exist (any more)." in chat.text
    assert not (await Contact.get(id=stranger.id)).is_primary
