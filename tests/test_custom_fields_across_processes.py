"""A process keeps each business's custom client fields between events
(flows/clients/custom_answers.py) and trusts them only while the business's stamp, read with
every step, is unchanged. A field added or deleted by another process (another bot worker, the
console) is therefore asked, or no longer asked, from the very next step of a dialog already
under way here."""

from __future__ import annotations

import asyncio
import sys

from assent.settings import Settings
from billing.clients.custom_fields import add_custom_field
from models import Business, Client, CustomFieldType, CustomFieldValue
from tests.chat import Chat
from tests.test_flow_onboarding import setup_business

OTHER_PROCESS = """
import asyncio, sys
from assent.db import database
from billing.clients.custom_fields import add_custom_field, delete_custom_field
from models import Business, CustomField, CustomFieldType

async def main(url, verb, name):
    async with database(url, apply_migrations=False):
        business = await Business.get(name="Acme Studio")
        if verb == "add":
            await add_custom_field(business, name, CustomFieldType.TEXT, required=True)
        else:
            field = await CustomField.get(business=business, name=name)
            await delete_custom_field(business, field.id)

asyncio.run(main(*sys.argv[1:]))
"""


async def in_other_process(url: str, verb: str, name: str) -> None:
    """Change the fields through the verbs, in a process that shares nothing with this one
    but the database."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", OTHER_PROCESS, url, verb, name, stderr=asyncio.subprocess.PIPE
    )
    _, errors = await child.communicate()
    assert child.returncode == 0, errors.decode()


async def test_fields_changed_in_another_process_are_seen_at_the_next_step(db: str) -> None:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    business = await Business.get(name="Acme Studio")
    await add_custom_field(business, "Sector", CustomFieldType.TEXT, required=True)
    await chat.say("/newclient")
    await chat.press("Company")
    await chat.say("Acme Ltd")  # the fields are read (and kept) at every step so far
    await chat.press("That's all")
    assert "Sector" in chat.text

    await in_other_process(db, "add", "Account manager")
    await chat.say("Retail")
    assert "Account manager" in chat.text
    await in_other_process(db, "delete", "Sector")
    await chat.say("Ana")
    assert "Please check:" in chat.text
    assert "Account manager: Ana" in chat.text and "Sector" not in chat.text
    await chat.press("Save")

    client = await Client.get(display_name="Acme Ltd")
    answers = await CustomFieldValue.filter(client=client).prefetch_related("field")
    assert [(a.field.name, a.value) for a in answers] == [("Account manager", "Ana")]
