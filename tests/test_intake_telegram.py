"""A client from Telegram in one step: a shared contact with its vCard (email, company, address)
and a .vcf sent as a document, through the real PTB Application against the fake Bot API."""

from __future__ import annotations

from models import Client, Contact
from tests.bot_support import push_message
from tests.fakes.telegram_api import FakeTelegram
from tests.test_bot_scenarios import OLIVIA, bot, fake, onboard, said, settings  # noqa: F401
from tests.test_intake_new_client import VCARD


async def test_shared_contact_keeps_the_email_and_company_of_its_vcard(
    bot: None, fake: FakeTelegram  # noqa: F811
) -> None:
    olivia = fake.user(OLIVIA, "Olivia")
    await onboard(fake, olivia, "Acme Studio")
    contact = {"phone_number": "+34913651234", "first_name": "Tomás", "last_name": "Ruiz",
               "vcard": VCARD}
    push_message(fake, olivia, contact=contact)
    summary = await said(fake, olivia, "Please check:", "tomas@ferreteriaruiz.es")
    assert "Name: Ferretería Ruiz S.L." in summary.text
    await olivia.press("Save", summary)
    await said(fake, olivia, "Saved client Ferretería Ruiz S.L.")
    client = await Client.get(display_name="Ferretería Ruiz S.L.")
    assert (client.email, client.phone, client.billing_city) == (
        "tomas@ferreteriaruiz.es", "+34913651234", "Madrid"
    )
    assert (await Contact.get(client=client)).role == "Gerente"


async def test_a_vcf_document_registers_its_contact(
    bot: None, fake: FakeTelegram  # noqa: F811
) -> None:
    olivia = fake.user(OLIVIA, "Olivia")
    await onboard(fake, olivia, "Acme Studio")
    card = VCARD.replace("\n", "\r\n").encode()
    await olivia.send_document(card, "Tomás Ruiz.vcf", "text/x-vcard")
    summary = await said(fake, olivia, "Please check:", "Tomás Ruiz")
    await olivia.press("Save", summary)
    await said(fake, olivia, "Saved client Ferretería Ruiz S.L.")
    assert await Client.exists(email="tomas@ferreteriaruiz.es", billing_postcode="28005")
