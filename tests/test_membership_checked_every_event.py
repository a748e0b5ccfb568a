"""Who acts for which business is read from the database on every event, in the same query as
the user's row (flows/state_rows.py): nothing about it is kept between events, so a membership
removed by an owner (or in another worker) takes effect on the member's very next message."""

from __future__ import annotations

from assent.settings import Settings
from models import Business, Membership, Role, User
from tests.chat import Chat
from tests.test_flow_onboarding import setup_business


async def test_a_removed_membership_takes_effect_on_the_next_event(db: str) -> None:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    await chat.register_jane()
    await chat.say("/clients")
    assert "Jane Doe" in chat.text
    await Membership.filter(user_id=chat.user.id).delete()  # chat.user is now stale
    await chat.say("/clients")
    assert "Jane Doe" not in chat.text
    assert "send the invite code" in chat.text  # onboarding: no business any more


async def test_a_business_switched_elsewhere_is_the_one_acted_for(db: str) -> None:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    await chat.register_jane()
    other = await Business.create(name="Other Ltd", country="ES")
    await Membership.create(business=other, user_id=chat.user.id, role=Role.OWNER)
    await User.filter(id=chat.user.id).update(current_business_id=other.id)  # another worker
    await chat.say("/clients")
    assert "Jane Doe" not in chat.text
    assert chat.user.current_business_id == other.id  # the caller's object follows the row
