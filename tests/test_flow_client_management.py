"""Finding, opening, editing, categorizing and archiving clients by chat."""

from __future__ import annotations

import pytest

from assent.settings import Settings, replace
from mail.inbound.routing import parties_of
from mail.inbound.signature import find_signer
from models import Attachment, Category, Client, Contact
from tests.chat import Chat
from tests.factories.outbound import make_issued
from tests.test_flow_onboarding import setup_business


@pytest.fixture
async def chat(db: str, tmp_path) -> Chat:
    settings = replace(Settings(), bot={"page_size": 3}, storage={"path": str(tmp_path)})
    chat = await Chat.open(settings)
    await setup_business(chat)
    for line in (
        "Ana Alba, ana@alba.example, +34 600 000 001",
        "Bruno Bravo, bruno@bravo.example",
        "Carla Campos, carla@campos.example",
        "Dario Diaz, dario@diaz.example",
        "Elena Estevez, elena@estevez.example",
    ):
        await chat.say(f"/newclient {line}")
        await chat.press("Save")
    return chat


async def test_list_pages_with_next_and_previous(chat: Chat) -> None:
    await chat.say("/clients")
    assert "Clients 1–3 of 5" in chat.text and "Next ▶" in chat.buttons()
    await chat.press("Next ▶")
    assert "Clients 4–5 of 5" in chat.text and "Dario Diaz" in chat.text
    await chat.press("◀ Previous")
    assert "Ana Alba" in chat.text


async def test_search_by_name_email_phone_and_free_text_from_the_menu(chat: Chat) -> None:
    await chat.say("/clients bravo")
    assert "1–1 of 1" in chat.text and "Bruno Bravo" in chat.text
    await chat.say("600 000 001")
    assert "Ana Alba" in chat.text
    await chat.say("/cancel")
    await chat.say("campos")  # free text outside any dialog searches clients
    assert "Carla Campos" in chat.text
    await chat.say("zzz")
    assert "No client matches" in chat.text


async def test_card_shows_totals_and_edit_changes_a_field(chat: Chat) -> None:
    await chat.say("/clients ana")
    await chat.press("Ana Alba")
    assert "👤 Ana Alba" in chat.text and "outstanding €0.00" in chat.text
    await chat.press("Edit")
    assert "Please check" in chat.text
    await chat.press("Edit…")
    await chat.press("Email")
    await chat.say("ana@new.example")
    await chat.press("Save")
    assert "Saved changes to Ana Alba" in chat.text and "ana@new.example" in chat.text
    assert (await Client.get(display_name="Ana Alba")).email == "ana@new.example"


async def test_contacts_notes_and_files_on_the_card(chat: Chat) -> None:
    await chat.say("/clients bruno")
    await chat.press("Bruno Bravo")
    await chat.press("Add contact")
    await chat.say("Berta Bravo")
    await chat.say("berta@bravo.example")
    await chat.say("/skip")
    await chat.say("Accounts")
    await chat.say("Берта Браво; بيرتا برافو")
    await chat.press("Save")
    assert "Added Berta Bravo" in chat.text and "★ Berta Bravo" in chat.text
    await chat.press("Add note")
    await chat.say("Prefers email")
    await chat.press("Save")
    assert "Prefers email" in chat.text
    await chat.press("Attach file")
    await chat.say("not a file")
    assert "Please send a file" in chat.text
    await chat.upload("contract.pdf", b"%PDF-1.4 contract")
    assert "Attached contract.pdf" in chat.text and "contract.pdf" in chat.text
    attachment = await Attachment.get()
    assert attachment.size == 17 and len(attachment.sha256) == 64
    assert await Contact.filter(name="Berta Bravo", is_primary=True,
                                name_spellings="Берта Браво; بيرتا برافو").exists()


async def test_the_owner_stores_other_spellings_a_reply_may_be_signed_with(chat: Chat) -> None:
    await chat.say("/clients bruno")
    await chat.press("Bruno Bravo")
    await chat.press("Name spellings")
    await chat.say("123")
    assert "A name needs at least one letter" in chat.text
    await chat.say("برونو برافو;  Bruno  Bravo-Ruiz ")
    await chat.press("Save")
    assert "now counts as signed by Bruno Bravo" in chat.text
    client = await Client.get(display_name="Bruno Bravo")
    assert client.name_spellings == "برونو برافو; Bruno Bravo-Ruiz"
    parties = await parties_of(await make_issued(await client.business, client))
    assert find_signer("أوافق على العرض\nبرونو برافو", parties.names).matched == "برونو برافو"


async def test_archive_hides_the_client_from_lists(chat: Chat) -> None:
    await chat.say("/clients elena")
    await chat.press("Elena Estevez")
    await chat.press("Archive")
    await chat.press("Yes, archive")
    assert "(archived)" in chat.text
    await chat.say("/clients")
    assert "of 4" in chat.text and "Elena" not in chat.text


async def test_categories_create_rename_filter_and_delete_with_confirmation(chat: Chat) -> None:
    await chat.say("/categories")
    assert "No categories yet" in chat.text
    await chat.press("New category")
    await chat.say("Wholesale")
    assert "Saved category Wholesale" in chat.text
    await chat.press("New category")
    await chat.say("Wholesale")
    assert "already a category called Wholesale" in chat.text
    await chat.say("/cancel")
    await chat.say("/clients carla")
    await chat.press("Carla Campos")
    await chat.press("Edit")
    await chat.press("Edit…")
    await chat.press("Categories")
    await chat.press("Wholesale")
    await chat.press("Done")
    await chat.press("Save")
    await chat.say("/categories")
    await chat.press("Wholesale (1)")
    await chat.press("Rename")
    await chat.say("Trade")
    await chat.press("Trade (1)")
    await chat.press("Show clients")
    assert "Carla Campos" in chat.text and "1–1 of 1" in chat.text
    await chat.say("/categories")
    await chat.press("Trade (1)")
    await chat.press("Delete")
    assert "1 client is in Trade. Delete it anyway? The client stays." in chat.text
    await chat.press("Yes, delete")
    assert await Category.all().count() == 0
    assert await Client.filter(display_name="Carla Campos").exists()


async def test_settings_switch_the_language(chat: Chat) -> None:
    await chat.say("/settings")
    await chat.press("Español")
    await chat.press("Save")
    await chat.user.refresh_from_db()
    assert chat.user.language == "es"
    await chat.say("/newclient")
    assert "¿El cliente es una persona o una empresa?" in chat.text


async def test_currency_is_locked_once_the_client_has_an_issued_document(chat: Chat) -> None:
    await chat.write_document("/newinvoice ana", "Work @ 100", "Issue")
    await chat.say("/clients ana")
    await chat.press("Ana Alba")
    await chat.press("Edit")
    await chat.press("Edit…")
    await chat.press("Currency")
    await chat.say("USD")
    await chat.press("Save")
    assert "The currency stays EUR: this client already has issued documents." in chat.text
    assert "Which currency" in chat.text
    assert (await Client.get(display_name="Ana Alba")).currency == "EUR"
