"""The fake Bot API is good enough for the real python-telegram-bot: commands, buttons, files and
contacts round-trip in polling and in webhook mode, exactly as the bot tests will use them."""

from collections.abc import AsyncIterator

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import Conflict
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import builder_for, polling, webhook

JANE = 1001
SECRET = "webhook-secret_42"


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offers both keyboard kinds the bot will use: inline choices and a contact request."""
    await update.message.reply_text(
        "<b>Welcome</b>, choose:", parse_mode="HTML",
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Yes ✅", callback_data="answer:yes"),
              InlineKeyboardButton("No", callback_data="answer:no")]]
        ),
    )
    await update.message.reply_text(
        "Share your number",
        reply_markup=ReplyKeyboardMarkup([[KeyboardButton("Share", request_contact=True)]]),
    )


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text(f"echo: {update.message.text}")


async def chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer("noted")
    await query.edit_message_text(f"You chose {query.data.split(':')[1]}")


async def contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text(f"phone {update.message.contact.phone_number}")


async def reverse_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Downloads through getFile and the file URL, uploads the result back."""
    received = await update.message.document.get_file()
    data = bytes(await received.download_as_bytearray())
    await update.message.reply_document(
        data[::-1], filename=f"reversed-{update.message.document.file_name}", caption="reversed"
    )


def _application(fake: FakeTelegram) -> Application:
    app = builder_for(fake).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(chosen, pattern=r"^answer:"))
    app.add_handler(MessageHandler(filters.CONTACT, contact))
    app.add_handler(MessageHandler(filters.Document.ALL, reverse_file))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


async def _converse(fake: FakeTelegram) -> None:
    """One conversation touching every kind of update and reply the bot tests rely on."""
    jane = fake.user(JANE, "Jane", language_code="fr")
    await jane.send_text("/start")
    welcome, share = await fake.wait_for_messages(JANE, 2)
    assert (welcome.text, welcome.entities) == (
        "Welcome, choose:", [{"type": "bold", "offset": 0, "length": 7}]
    )
    assert welcome.button_texts() == ["Yes ✅", "No"]
    assert share.reply_markup["keyboard"][0][0]["request_contact"] is True

    query = await jane.press("Yes ✅")
    assert query["message"]["message_id"] == welcome.message_id
    assert await fake.wait_for(lambda: fake.callback_answer(query["id"])) == {
        "callback_query_id": query["id"], "text": "noted",
    }
    await fake.wait_for(lambda: welcome.text == "You chose yes")
    assert welcome.versions[0]["text"] == "Welcome, choose:" and welcome.buttons() == []

    await jane.send_contact("+33612345678", "Jane", user_id=JANE)
    await jane.send_text("hello")
    await jane.send_document(b"%PDF-1.7 quote", "quote.pdf", "application/pdf")
    *_, phone, echoed, reversed_file = await fake.wait_for_messages(JANE, 5)
    assert (phone.text, echoed.text) == ("phone +33612345678", "echo: hello")
    assert reversed_file.caption == "reversed"
    assert reversed_file.document.data == b"etouq 7.1-FDP%"
    assert reversed_file.document.file_name == "reversed-quote.pdf"
    assert [m.message_id for m in fake.messages(JANE)] == [2, 3, 7, 8, 9]


async def test_polling_application_converses(fake: FakeTelegram) -> None:
    async with polling(_application(fake)):
        await _converse(fake)
    assert fake.calls_to("getUpdates")[-1].status == 200
    assert fake.updates == []


async def test_webhook_application_converses_and_getupdates_conflicts(
    fake: FakeTelegram,
) -> None:
    app = _application(fake)
    async with webhook(app, SECRET) as url:
        assert fake.webhook_info()["url"] == url
        await _converse(fake)
        assert {d.status for d in fake.deliveries} == {200}
        with pytest.raises(Conflict, match="webhook is active"):
            await app.bot.get_updates()


async def test_webhook_with_wrong_secret_is_refused_then_retried(fake: FakeTelegram) -> None:
    async with webhook(_application(fake), SECRET):
        fake.webhook.secret_token = "not-the-secret"
        jane = fake.user(JANE, "Jane")
        await jane.send_text("first try")
        (refused,) = await fake.wait_for(lambda: fake.deliveries)
        assert refused.status == 403
        info = fake.webhook_info()
        assert info["last_error_message"].startswith("Wrong response from the webhook: 403")
        assert info["pending_update_count"] == 1
        assert fake.messages(JANE) == []

        fake.webhook.secret_token = SECRET
        (reply,) = await fake.wait_for_messages(JANE, 1)
        assert reply.text == "echo: first try"
        assert [d.status for d in fake.deliveries][-1] == 200
