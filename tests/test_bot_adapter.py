"""The Telegram adapter shows replies the way the user must see them — escaped text, split long
messages, opaque token buttons, edits in place, documents, contact requests — and turns what the
user sends (text, contacts, files, photos) into engine events; real PTB against the fake API."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

import pytest

from bot.render import MAX_TEXT, split_text, utf16_len
from models import Business, CallbackToken, DialogState, User
from tests.bot_support import (
    PDF,
    newcomer,
    probe_engine,
    push_message,
    running_bot,
    settings_for,
)
from tests.fakes.telegram_api import FakeTelegram

JANE = 1001


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bot(db: str, fake: FakeTelegram) -> AsyncIterator[None]:
    async with running_bot(fake, probe_engine(settings_for(fake))):
        yield


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_markup_typed_by_the_user_comes_back_literally(
    db: str, fake: FakeTelegram, mode: str
) -> None:
    async with running_bot(fake, probe_engine(settings_for(fake)), mode):
        jane = await newcomer(fake, JANE)
        await jane.send_text("/echo <b>Tom & Jerry</b> &amp; <a href='x'>")
        *_, echoed = await fake.wait_for_messages(JANE, 2)
    assert echoed.text == "<b>Tom & Jerry</b> &amp; <a href='x'>"
    assert echoed.entities == [] and echoed.parse_mode == "HTML"
    assert (await Business.get()).name == "Jane Ltd"


async def test_first_contact_picks_the_language_once_and_follows_name_changes(
    bot: None, fake: FakeTelegram
) -> None:
    await newcomer(fake, 1, "Ana", language_code="es-MX")
    pierre = await newcomer(fake, 2, "Pierre", language_code="fr")
    await newcomer(fake, 3, "Wei", language_code="zh-hans")
    assert (await User.get(telegram_id=1)).language == "es"
    assert (await User.get(telegram_id=2)).language == "fr"
    assert (await User.get(telegram_id=3)).language == "en"  # the default: no Chinese bot texts

    pierre.info["first_name"], pierre.info["last_name"] = "Pierre", "Dupont"
    await pierre.send_text("bonjour")
    await fake.wait_for_messages(2, 2)
    assert (await User.get(telegram_id=2)).name == "Pierre Dupont"
    assert await User.all().count() == 3


def test_long_text_is_cut_at_line_breaks_and_overlong_lines_by_utf16_length() -> None:
    lines = [f"line {i:03d} " + "x" * 90 for i in range(100)]  # 100 × 100 characters
    chunks = split_text("\n".join(lines))
    assert [len(chunk.split("\n")) for chunk in chunks] == [40, 40, 20]
    assert "\n".join(chunks) == "\n".join(lines)

    emoji_line = "😀" * 3000  # 6000 UTF-16 units in one line
    chunks = split_text(emoji_line)
    assert [utf16_len(chunk) for chunk in chunks] == [4096, 1904]
    assert "".join(chunks) == emoji_line
    assert split_text("  \n  ") == []


async def test_long_reply_arrives_as_several_messages_with_buttons_on_the_last(
    bot: None, fake: FakeTelegram
) -> None:
    jane = await newcomer(fake, JANE)
    await jane.send_text("/long 200")
    _, *parts = await fake.wait_for_messages(JANE, 4)
    assert all(utf16_len(part.text) <= MAX_TEXT for part in parts)
    lines = "\n".join(part.text for part in parts).split("\n")
    assert lines == [f"{i:04d} " + "x" * 45 for i in range(200)]
    assert [part.button_texts() for part in parts] == [[], [], ["More"]]


async def test_choices_become_opaque_token_buttons_laid_out_in_columns(
    bot: None, fake: FakeTelegram
) -> None:
    jane = await newcomer(fake, JANE)
    await jane.send_text("/pick")
    *_, prompt = await fake.wait_for_messages(JANE, 2)
    rows = prompt.reply_markup["inline_keyboard"]
    assert [[button["text"] for button in row] for row in rows] == [
        ["A & B", "<i>C</i>"], ["D", "Done"],
    ]
    tokens = {row.token: row for row in await CallbackToken.all()}
    user = await User.get(telegram_id=JANE)
    offer = (await DialogState.get(user=user)).data["offer"]  # the turn that showed them
    for button, value in zip(prompt.buttons(), ["a", "c", "d", "done"], strict=True):
        token = tokens[button["callback_data"]]
        assert len(button["callback_data"]) == 12  # secrets.token_urlsafe(9)
        assert (token.payload, token.user_id) == ({"value": value, "offer": offer}, user.id)
        assert token.business_id == user.current_business_id is not None


async def test_pressed_button_edits_its_own_message(bot: None, fake: FakeTelegram) -> None:
    jane = await newcomer(fake, JANE)
    await jane.send_text("/pick")
    *_, prompt = await fake.wait_for_messages(JANE, 2)
    for button, shown in (("A & B", "a"), ("D", "a, d")):
        query = await jane.press(button)
        await fake.wait_for(lambda shown=shown: prompt.text == f"Picked so far: {shown}")
        assert fake.callback_answer(query["id"]) == {"callback_query_id": query["id"]}
    await jane.press("Done")
    await fake.wait_for(lambda: prompt.text == "Picked: a, d")
    assert prompt.buttons() == [] and len(prompt.versions) == 3
    assert len(fake.transcript(JANE)) == 2


async def test_refused_edit_becomes_a_new_message_and_an_unchanged_one_is_fine(
    bot: None, fake: FakeTelegram
) -> None:
    jane = await newcomer(fake, JANE)
    await jane.send_text("/pick")
    *_, prompt = await fake.wait_for_messages(JANE, 2)
    fake.fail_next("editMessageText", 400, description="Bad Request: message can't be edited")
    await jane.press("A & B", prompt)
    *_, fresh = await fake.wait_for_messages(JANE, 3)
    assert (prompt.text, fresh.text) == ("Pick some", "Picked so far: a")

    fake.fail_next(
        "editMessageText", 400,
        description="Bad Request: message is not modified: specified new message content…",
    )
    await jane.press("D", fresh)
    await fake.wait_for(lambda: len(fake.calls_to("editMessageText")) == 2)
    await jane.send_text("/echo after")
    *_, last = await fake.wait_for_messages(JANE, 4)
    assert last.text == "after"  # nothing sent for the unmodified edit, no error either


async def test_documents_go_out_with_their_filename_and_an_escaped_caption(
    bot: None, fake: FakeTelegram
) -> None:
    jane = await newcomer(fake, JANE)
    await jane.send_text("/doc")
    _, report, long_text, long_file = await fake.wait_for_messages(JANE, 4)
    assert (report.document.file_name, report.document.data) == ("report <1>.pdf", PDF)
    assert report.caption == "Your <report>"
    assert long_text.text == "y" * 1500  # too long for a caption (1024): a message before it
    assert (long_file.document.file_name, long_file.caption) == ("long.pdf", None)
    # "Sending a file…" before the large file only: the small one arrives before it would show.
    sent = [call.method if call.method == "sendDocument" else call.params.get("action")
            for call in fake.calls if call.method in ("sendDocument", "sendChatAction")]
    assert [one for one in sent if one != "typing"] == [
        "sendDocument", "upload_document", "sendDocument"]


async def test_contact_request_is_a_one_time_share_button(bot: None, fake: FakeTelegram) -> None:
    jane = await newcomer(fake, JANE)
    await jane.send_text("/phone")
    *_, asked = await fake.wait_for_messages(JANE, 2)
    assert asked.text == "Your phone number, please."
    assert asked.reply_markup["one_time_keyboard"] is True
    (share,), = asked.reply_markup["keyboard"]
    assert share == {"text": "📱 Share my phone number", "request_contact": True}

    await jane.send_contact("+34600000001", "Jane", "Roe", user_id=JANE)
    *_, answered = await fake.wait_for_messages(JANE, 3)
    assert answered.text == "Contact: Jane|Roe|+34600000001|"

    await jane.send_text("/phone both")  # inline buttons and the share button need two messages
    *_, inline, keyboard = await fake.wait_for_messages(JANE, 5)
    assert (inline.text, inline.button_texts()) == ("Phone?", ["Skip"])
    assert keyboard.text == "Or share your number:"
    assert keyboard.reply_markup["keyboard"][0][0]["request_contact"] is True


async def test_forwarded_contact_card_keeps_its_vcard_email(bot: None, fake: FakeTelegram) -> None:
    jane = await newcomer(fake, JANE)
    vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Tom\nEMAIL;TYPE=INTERNET:tom@example.com\nEND:VCARD"
    contact = {"phone_number": "+34600000002", "first_name": "Tom", "vcard": vcard}
    push_message(fake, jane, contact=contact)
    *_, answered = await fake.wait_for_messages(JANE, 2)
    assert answered.text == "Contact: Tom||+34600000002|tom@example.com"


async def test_files_and_photos_reach_the_dialog_and_too_big_ones_are_refused(
    bot: None, fake: FakeTelegram
) -> None:
    jane = await newcomer(fake, JANE)
    data = b"%PDF-1.7 signed contract"
    await jane.send_document(data, "contract.pdf", "application/pdf")
    *_, got = await fake.wait_for_messages(JANE, 2)
    digest = hashlib.sha256(data).hexdigest()[:12]
    assert got.text == f"Got contract.pdf (application/pdf, {len(data)} bytes, {digest})"

    png = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + (4).to_bytes(4, "big") * 2 + b"\0" * 20
    photo = fake.store_file(png, None, "image/png", "photos")
    push_message(fake, jane, photo=photo.as_photo())
    *_, got_photo = await fake.wait_for_messages(JANE, 3)
    assert got_photo.text.startswith("Got photo-")
    assert f".jpg (image/jpeg, {len(png)} bytes" in got_photo.text

    too_big = "That file is too big for me: I can take files up to 20 MB."
    await jane.send_document(b"x" * 20_000_001, "huge.zip")  # refused before downloading
    *_, refused = await fake.wait_for_messages(JANE, 4)
    assert refused.text == too_big and len(fake.calls_to("getFile")) == 2
    fake.max_download_bytes = 10  # or refused by Telegram when the bot asks for it
    await jane.send_document(b"y" * 11, "eleven.txt")
    *_, refused = await fake.wait_for_messages(JANE, 5)
    assert refused.text == too_big and fake.calls_to("getFile")[-1].status == 400


async def test_typing_shows_only_where_a_reply_says_more_is_coming(
    bot: None, fake: FakeTelegram
) -> None:
    """A step that merely takes a while (a busy database) sends no chat action of its own:
    one per step doubled the Bot API calls under load. Slow work the engine knows of (PDFs,
    photos: tests/test_typing_only_when_slow.py) and a reply marked `typing` do show it."""
    jane = await newcomer(fake, JANE)
    await jane.send_text("/slow 1.5")
    await fake.wait_for_messages(JANE, 3)
    calls = [
        call.params.get("action") or call.params.get("text") for call in fake.calls
        if call.method in ("sendChatAction", "sendMessage")
    ][1:]
    assert calls == ["Rendering…", "typing", "Rendered."]


async def test_unsupported_messages_get_a_hint(bot: None, fake: FakeTelegram) -> None:
    jane = await newcomer(fake, JANE)
    push_message(fake, jane, location={"latitude": 40.4, "longitude": -3.7})
    *_, hint = await fake.wait_for_messages(JANE, 2)
    assert hint.text == "I can read text, contact cards, files and photos."


async def test_a_failing_event_is_reported_and_earlier_answers_are_kept(
    bot: None, fake: FakeTelegram
) -> None:
    jane = await newcomer(fake, JANE)
    await jane.send_text("/pick")
    *_, prompt = await fake.wait_for_messages(JANE, 2)
    await jane.press("A & B")
    await fake.wait_for(lambda: prompt.text == "Picked so far: a")
    state = await DialogState.get()
    await jane.send_text("boom")
    *_, apology = await fake.wait_for_messages(JANE, 3)
    assert apology.text == "Something went wrong; your answers so far are kept. Please try again."
    await state.refresh_from_db()
    assert state.data["picks"] == ["a"]

    await jane.press("D", prompt)
    await fake.wait_for(lambda: prompt.text == "Picked so far: a, d")
