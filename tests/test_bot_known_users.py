"""The bot keeps the user rows of the accounts it has seen (bot/users.py), so an update of a known
account reads no user row before the dialog step, whose first statement reads it afresh anyway:
what another worker changed (the language, a removed membership) still counts from the very next
step, and a Telegram name change is still saved. Real PTB against the fake Bot API."""

from __future__ import annotations

import logging

import pytest

from assent.wiring import build_engine
from models import Membership, User
from tests.bot_support import running_bot, settings_for
from tests.factories import make_business, make_owner
from tests.fakes.telegram_api import FakeTelegram

OLIVIA = 4242


def user_reads(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records
            if record.name == "tortoise.db_client" and 'FROM "user" WHERE' in record.getMessage()]


async def test_known_accounts_are_not_read_again_and_changes_elsewhere_still_count(
    db: str, caplog: pytest.LogCaptureFixture
) -> None:
    owner = await make_owner(await make_business("Acme"), telegram_id=OLIVIA)  # "Olivia Owner"
    async with FakeTelegram() as fake:
        settings = settings_for(fake)
        async with running_bot(fake, build_engine(settings)):
            olivia = fake.user(OLIVIA, "Olivia", last_name="Owner")
            await olivia.send_text("/help")
            await fake.wait_for_messages(OLIVIA, 1)

            await User.filter(id=owner.id).update(language="es")  # in another worker
            with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
                await olivia.send_text("/help")
                (*_, spanish) = await fake.wait_for_messages(OLIVIA, 2)
            assert user_reads(caplog) == []
            assert spanish.text.startswith("Esto es lo que puedo hacer:")

            await Membership.filter(user_id=owner.id).delete()  # in another worker
            await olivia.send_text("/help")
            (*_, outside) = await fake.wait_for_messages(OLIVIA, 3)
            assert "/start" in outside.text and "/newclient" not in outside.text

            olivia.info["last_name"] = "Ortega"
            await olivia.send_text("/help")
            await fake.wait_for_messages(OLIVIA, 4)
    assert (await User.get(id=owner.id)).name == "Olivia Ortega"
