"""The first statement of a dialog step returns the state row, the user and the business they act
for (flows/state_rows.py); on SQLite the last two travel as JSON inside the upsert's RETURNING.
Whatever the route, every column must come back exactly as the ORM reads it."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from flows.state_rows import open_step
from models import Business, Membership, Role, User


async def test_the_step_reads_user_and_business_exactly_as_the_orm_does(db: str) -> None:
    business = await Business.create(
        name="Ñandú «Ltd» ☃", country="ES", default_tax_rates=["21", "10"],
        withholdings=[{"label": "IRPF", "rate": "15"}], embed_einvoice=True,
        numbering_reset_yearly=False, logo_attachment_id=2**31 - 1, bank_details="a\nb \"c\"",
    )
    user = await User.create(telegram_id=2**53 + 1, name="Olivia ☃", current_business=business)
    await Membership.create(business=business, user=user, role=Role.OWNER)
    stale = User(id=user.id)  # only the id: the step fills in the rest

    async with in_transaction():
        state, acting = await open_step("telegram", "1", stale)

    assert state.version == 0 and state.data == {} and state.user_id == user.id
    assert acting is not None
    stored_business, stored_user = await Business.get(id=business.id), await User.get(id=user.id)
    for name in Business._meta.fields_db_projection:
        ours, orm = getattr(acting, name), getattr(stored_business, name)
        assert (ours, type(ours)) == (orm, type(orm)), name
    for name in User._meta.fields_db_projection:
        ours, orm = getattr(stale, name), getattr(stored_user, name)
        assert (ours, type(ours)) == (orm, type(orm)), name


async def test_a_user_without_membership_acts_for_no_business(db: str) -> None:
    business = await Business.create(name="Left", country="ES")
    user = await User.create(console_name="gone", current_business=business)
    async with in_transaction():
        _, acting = await open_step("console", "c", user)
    assert acting is None and user.current_business_id == business.id
