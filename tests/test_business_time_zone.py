"""Each business runs on its own clock: set from the country at setup (asked where the country
has several), editable in /settings, and followed by validity checks on acceptance.

Until now every business ran on UTC: a genuine acceptance sent at 21:00 in Mexico City on the
proposal's last valid day (03:00 the next day in UTC) was refused as expired.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import count

import pytest

from assent.settings import Settings
from billing.businesses.clock import country_zones, default_zone, today_for
from mail.inbound.process import process_inbound
from mail.inbound.storing import record
from models import Business, Document, InboundMessage, InboundStatus
from tests.chat import Chat
from tests.inbound_support import inbound_settings, sent_proposal, signed_acceptance

pytestmark = pytest.mark.usefixtures("db")
UIDS = count(1)


def test_a_country_with_one_clock_has_its_zone_and_the_others_are_asked() -> None:
    assert default_zone("RO") == "Europe/Bucharest"
    assert default_zone("AR") == "America/Argentina/Buenos_Aires"
    assert country_zones("ES") == ("Europe/Madrid", "Atlantic/Canary")  # Ceuta keeps Madrid's
    for several in ("ES", "MX", "US", "BR"):
        assert default_zone(several) is None and len(country_zones(several)) > 1
    assert country_zones("MX")[0] == "America/Mexico_City"
    assert country_zones("BR")[0] == "America/Sao_Paulo"


async def _setup_until_zone(chat: Chat, country: str) -> None:
    await chat.say("/start")
    await chat.say("Taller Lupita")
    await chat.say(country)


async def _finish_setup(chat: Chat) -> Business:
    """Every other question: required ones by typing "1" (their first button), optional ones
    left empty; then [1] Save."""
    while "Please check" not in chat.text and "Revisa los datos" not in chat.text:
        await chat.say("/skip" if "/skip" in chat.text else "1")
    await chat.say("1")
    return await Business.get(name="Taller Lupita")


async def test_setup_asks_mexico_its_zone_with_numbered_choices(db: str) -> None:
    chat = await Chat.open(Settings(), language="es")
    await _setup_until_zone(chat, "México")
    assert "zona horaria" in chat.text
    assert chat.buttons()[0] == "Ciudad de México"
    await chat.say("1")  # typed, as the console prints it: [1] Ciudad de México
    business = await _finish_setup(chat)
    assert business.timezone == "America/Mexico_City"


async def test_setup_of_a_one_clock_country_sets_the_zone_without_asking(db: str) -> None:
    chat = await Chat.open(Settings())
    await _setup_until_zone(chat, "Romania")
    assert "time zone" not in chat.text and "currency" in chat.text
    business = await _finish_setup(chat)
    assert business.timezone == "Europe/Bucharest"


async def test_the_zone_is_changed_in_settings(db: str) -> None:
    chat = await Chat.open(Settings())
    await _setup_until_zone(chat, "Spain")
    await chat.press("Madrid")
    business = await _finish_setup(chat)
    await chat.say("/settings")
    await chat.press("Business details")
    await chat.press("Edit…")
    await chat.press("Time zone")
    await chat.say("Canary")  # the label as shown, typed
    await chat.press("Save")
    assert "Saved: Time zone." in chat.text
    await business.refresh_from_db()
    assert business.timezone == "Atlantic/Canary"


async def _accept_at(zone: str, local: datetime) -> InboundMessage:
    """A signed acceptance received at `local` (the business's wall clock) on the proposal's last
    valid day, run through the listener's own pipeline."""
    settings = inbound_settings("sqlite://:memory:")
    last_day = local.date()
    sent = await sent_proposal(settings, valid_until=last_day, business_name=f"Biz {zone}")
    await Business.filter(id=sent.business.id).update(timezone=zone)
    stored = await record(
        signed_acceptance(sent), mailbox="test@imap/INBOX", uidvalidity=7, uid=next(UIDS)
    )
    await InboundMessage.filter(id=stored.id).update(received_at=local.astimezone(UTC))
    return await process_inbound(stored.id, settings)


async def test_an_acceptance_at_21h_in_mexico_city_on_the_last_day_is_accepted(db: str) -> None:
    from zoneinfo import ZoneInfo

    last_day = date.today() - timedelta(days=1)
    evening = datetime.combine(last_day, time(21), ZoneInfo("America/Mexico_City"))
    assert evening.astimezone(UTC).date() == last_day + timedelta(days=1)  # already "tomorrow"
    row = await _accept_at("America/Mexico_City", evening)
    assert (row.status, row.decision) == (InboundStatus.PROCESSED, "invoice")
    assert await Document.filter(converted_from_id=row.proposal_id).count() == 1

    # The same moment for a business on UTC is past the last day: put to the owner instead.
    late = await _accept_at("UTC", evening)
    assert (late.decision, late.skip_reason) == ("ask_owner", "proposal_expired")


async def test_today_follows_the_business_clock(db: str) -> None:
    business = Business(timezone="America/Mexico_City")
    moment = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)  # 21:00 on 28 February in Mexico City
    assert today_for(business, moment) == date(2026, 2, 28)
    assert today_for(Business(timezone="Asia/Dubai"), moment) == date(2026, 3, 1)
    assert today_for(Business(timezone="Not/AZone"), moment) == date(2026, 3, 1)  # UTC
