"""A client in one message: a pasted signature, a one-liner, a shared contact or a .vcf fills the
new-client form; only what is required and missing is asked, and every doubtful value is shown
and asked about. Through the real engine and database."""

from __future__ import annotations

from pathlib import Path

import pytest

from assent.settings import Settings
from billing.clients.custom_fields import add_custom_field
from flows.events import ContactCard, Event, EventKind
from models import Client, Contact, CustomFieldType
from tests.chat import Chat
from tests.test_flow_onboarding import setup_business

FIXTURES = Path(__file__).parent / "fixtures" / "intake"

SIGNATURE = (FIXTURES / "signature_es.txt").read_text()

VCARD = (FIXTURES / "tomas_ruiz.vcf").read_text()


@pytest.fixture
async def chat(db: str) -> Chat:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    return chat


async def test_pasted_signature_registers_a_complete_company_in_two_messages(chat: Chat) -> None:
    await chat.say("/newclient\n" + SIGNATURE)
    assert "Here is what I read" in chat.text and "Please check:" in chat.text
    for shown in ("Name: Olivar Verde S.L.", "Contact person: María López García",
                  "Contact's role: Directora Comercial", "Street: C/ Mayor, 5, 3ºB",
                  "Postcode: 28013", "Country: Spain", "Tax ID: B12345674"):
        assert shown in chat.text
    await chat.press("Save")
    client = await Client.get(display_name="Olivar Verde S.L.")
    assert (client.kind.value, client.legal_name, client.email, client.phone) == (
        "company", "Olivar Verde S.L.", "maria.lopez@olivarverde.es", "+34912345678"
    )
    assert (client.billing_street, client.billing_postcode, client.billing_city) == (
        "C/ Mayor, 5, 3ºB", "28013", "Madrid"
    )
    assert (client.billing_country, client.tax_id, client.tax_id_kind) == (
        "ES", "B12345674", "es_nif"
    )
    assert client.notes == "Web: www.olivarverde.es\nFax: +34912345679"
    contact = await Contact.get(client=client)
    assert (contact.name, contact.role, contact.phone) == (
        "María López García", "Directora Comercial", "+34600123456"
    )


async def test_first_question_answered_with_a_signature_reads_it(chat: Chat) -> None:
    await chat.say("/newclient")
    assert "person or a company" in chat.text
    await chat.say(SIGNATURE)
    assert "Please check:" in chat.text and "Name: Olivar Verde S.L." in chat.text
    await chat.press("Save")
    assert await Client.exists(email="maria.lopez@olivarverde.es", tax_id="B12345674")


async def test_one_liner_shows_and_asks_about_what_failed_its_check(chat: Chat) -> None:
    """The issue's example: the bad email and phone used to be dropped without a word."""
    await chat.say("/newclient María, maria@, 600")
    assert "Email: I read “maria@”, but it doesn't look right." in chat.text
    assert "like name@example.com" in chat.text
    await chat.say("maria@lopez.example")
    assert "Phone: I read “600”, but it doesn't look right." in chat.text
    await chat.say("/skip")
    assert "Please check:" in chat.text and "Name: María" in chat.text
    await chat.press("Save")
    client = await Client.get(display_name="María")
    assert (client.kind.value, client.email, client.phone) == ("person", "maria@lopez.example", "")


async def test_a_repaired_reading_is_offered_and_kept_by_skipping(chat: Chat) -> None:
    await chat.say("/newclient Lucía Fernández\nlucia.fernandezGolivarverde.es\nwww.olivarverde.es")
    assert "took it as lucia.fernandez@olivarverde.es" in chat.text
    await chat.press("Skip")
    await chat.press("Save")
    assert await Client.exists(
        display_name="Lucía Fernández", email="lucia.fernandez@olivarverde.es"
    )


async def test_thats_all_on_an_optional_question_jumps_to_the_summary(chat: Chat) -> None:
    await chat.say("/newclient")
    await chat.press("Person")
    await chat.say("Jane Doe")
    assert "That's all" in chat.buttons()
    await chat.say("jane@doe.example")
    await chat.press("That's all")
    assert "Please check:" in chat.text and "Email: jane@doe.example" in chat.text
    await chat.press("Save")
    assert await Client.exists(display_name="Jane Doe", email="jane@doe.example")


async def test_thats_all_still_asks_what_is_required(chat: Chat) -> None:
    business = (await chat.user.memberships.all().prefetch_related("business"))[0].business
    await add_custom_field(business, "Account manager", CustomFieldType.TEXT, required=True)
    await chat.say("/newclient")
    await chat.press("Company")
    await chat.say("Acme Ltd")
    await chat.press("That's all")  # on "legal name", the first optional question
    assert "Account manager" in chat.text and "That's all" not in chat.buttons()
    await chat.say("Ana")
    assert "Please check:" in chat.text
    await chat.press("Save")
    assert await Client.exists(display_name="Acme Ltd")


async def test_shared_contact_keeps_its_vcard_email_company_and_address(chat: Chat) -> None:
    card = ContactCard("+34 913 651 234", "Tomás", "Ruiz", "tomas@ferreteriaruiz.es", VCARD)
    await chat.send(Event(EventKind.CONTACT, contact=card))
    assert "Name: Ferretería Ruiz S.L." in chat.text and "tomas@ferreteriaruiz.es" in chat.text
    await chat.press("Save")
    client = await Client.get(display_name="Ferretería Ruiz S.L.")
    assert (client.email, client.billing_postcode, client.billing_country) == (
        "tomas@ferreteriaruiz.es", "28005", "ES"
    )


async def test_a_vcf_file_sent_outside_a_dialog_starts_a_new_client(chat: Chat) -> None:
    await chat.upload("tomas.vcf", VCARD.encode(), "text/vcard")
    assert "New client" in chat.text and "Contact person: Tomás Ruiz" in chat.text
    await chat.press("Save")
    assert await Client.exists(display_name="Ferretería Ruiz S.L.", phone="+34913651234")


async def test_a_forwarded_email_outside_a_dialog_starts_a_new_client(chat: Chat) -> None:
    await chat.say((FIXTURES / "forwarded_es.txt").read_text())
    assert "Here is what I read" in chat.text and "lucia@estudiolucia.com" in chat.text
    assert "hello@acme.example" not in chat.text  # the owner's own address is not the client's
    await chat.press("Save")
    assert await Client.exists(display_name="Lucía Fernández", billing_city="Barcelona")


async def test_one_line_outside_a_dialog_is_still_a_search(chat: Chat) -> None:
    await chat.say("/newclient Jane Doe, jane@doe.example")
    await chat.press("Save")
    await chat.say("Jane")
    assert "Jane Doe" in chat.text and "Please check" not in chat.text


@pytest.mark.parametrize(
    ("typed", "country"),
    [
        ("Ana Ruiz, ana@ruiz.example, 600 123 456", "Spain"),  # the owner's own country
        ("Hans Müller GmbH, hans@mueller.example, +49 30 1234567", "Germany"),  # phone prefix
        ("Jean Dupont, jean@dupont.fr", "France"),  # the email's country domain
        ("Atelier Rossi, IT12345670017", "Italy"),  # an EU VAT number's prefix
    ],
)
async def test_a_quick_add_proposes_the_clients_likely_country(
    chat: Chat, typed: str, country: str
) -> None:
    """A quick add names no country, yet an e-invoice needs one: the summary proposes one."""
    await chat.say(f"/newclient {typed}")
    assert f"Country: {country}" in chat.text, chat.text
