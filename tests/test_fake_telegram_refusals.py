"""The fake Bot API refuses what Telegram refuses, and the refusals reach the bot as the same
python-telegram-bot exceptions — so bot tests catch oversize texts, bad HTML and bad buttons."""

import struct
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, EndPointNotFound, Forbidden, InvalidToken, NetworkError

from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_markup import parse_html
from tests.fakes.telegram_ptb import TOKEN

JANE = 1001


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        server.user(JANE, "Jane")
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url) as client:
        yield client


def _button(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data=data)]])


@pytest.mark.parametrize(
    ("text", "options", "refusal"),
    [
        ("x" * 4097, {}, "Message is too long"),
        ("😀" * 2049, {}, "Message is too long"),
        (" \n", {}, "Message text is empty"),
        ("<b>bold", {"parse_mode": "HTML"}, 'find end tag corresponding to start tag "b"'),
        ("<b>x</i>", {"parse_mode": "HTML"}, 'expected "</b>", found "</i>"'),
        ("<script>x</script>", {"parse_mode": "HTML"}, 'unsupported start tag "script"'),
        ("a < b", {"parse_mode": "HTML"}, "unclosed start tag at byte offset 2"),
        ("x", {"reply_markup": _button("é" * 33)}, "Button_data_invalid"),
        ("x", {"parse_mode": "MarkdownV2"}, "Unsupported parse_mode"),
    ],
)
async def test_refused_message_raises_bad_request(
    bot: Bot, fake: FakeTelegram, text: str, options: dict, refusal: str
) -> None:
    with pytest.raises(BadRequest, match=refusal):
        await bot.send_message(JANE, text, **options)
    assert fake.messages(JANE) == []
    assert fake.calls_to("sendMessage")[0].status == 400


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("x" * 4096, {}),
        ("😀" * 2048, {}),
        ("<b>4096</b> visible" + "x" * 4083, {"parse_mode": "HTML"}),
        ("x", {"reply_markup": _button("é" * 32)}),
        ("AT&T &lt;ok&gt; &nbsp;", {"parse_mode": "HTML"}),
    ],
)
async def test_limits_are_inclusive(bot: Bot, fake: FakeTelegram, text: str, options: dict) -> None:
    await bot.send_message(JANE, text, **options)
    assert len(fake.messages(JANE)) == 1


def test_html_becomes_text_and_utf16_entities() -> None:
    text, entities = parse_html(
        '😀 <b>bold <i>both</i></b> &lt;&amp;&gt; <a href="https://x.test/?a=1&amp;b=2">link</a>'
        '<pre><code class="language-python">1</code></pre>'
    )
    assert text == "😀 bold both <&> link1"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 9},
        {"type": "italic", "offset": 8, "length": 4},
        {"type": "text_link", "offset": 17, "length": 4, "url": "https://x.test/?a=1&b=2"},
        {"type": "pre", "offset": 21, "length": 1, "language": "python"},
    ]


async def test_unknown_chat_blocked_user_and_unknown_method(bot: Bot, fake: FakeTelegram) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "hi")
    fake.users[JANE].block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(JANE, "hi")
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy")
    assert fake.calls[-1].status == 404


async def test_wrong_token_is_unauthorized() -> None:
    async with FakeTelegram(token=TOKEN) as fake:
        stranger = Bot("1:other", base_url=fake.base_url)
        with pytest.raises(InvalidToken, match="rejected by the server"):
            await stranger.initialize()
        await stranger.shutdown()
        async with Bot(TOKEN, base_url=fake.base_url) as owner:
            assert (await owner.get_me()).is_bot


async def test_edits_deletes_and_callback_answers(bot: Bot, fake: FakeTelegram) -> None:
    sent = await bot.send_message(
        JANE, "<b>Pick</b>", parse_mode="HTML", reply_markup=_button("pick")
    )
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<strong>Pick</strong>", JANE, sent.message_id, parse_mode="HTML",
            reply_markup=_button("pick"),
        )
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(JANE, sent.message_id, reply_markup=_button("pick"))
    await bot.edit_message_reply_markup(JANE, sent.message_id, reply_markup=None)
    query = await fake.users[JANE].forge_callback("forged:1", sent.message_id)
    assert query["message"]["edit_date"] and "reply_markup" not in query["message"]
    assert await bot.answer_callback_query(query["id"])
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query["id"])
    assert await bot.delete_message(JANE, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(JANE, sent.message_id)
    assert fake.messages(JANE) == []
    assert [m.deleted for m in fake.transcript(JANE)] == [True]


def _png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + header + b"\0" * 4


async def test_files_photos_and_their_limits(bot: Bot, fake: FakeTelegram) -> None:
    photo = await bot.send_photo(JANE, _png(640, 480), caption="chart")
    assert (photo.photo[0].width, photo.photo[0].height) == (640, 480)
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(JANE, b"not an image")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_document(JANE, b"pdf", filename="q.pdf", caption="c" * 1025)
    fake.max_document_bytes = 1000
    with pytest.raises(NetworkError, match="Request Entity Too Large"):
        await bot.send_document(JANE, b"x" * 1001, filename="big.pdf")
    resent = await bot.send_document(JANE, photo.photo[0].file_id)
    assert fake.messages(JANE)[-1].document.data == _png(640, 480)
    assert bytes(await (await resent.document.get_file()).download_as_bytearray())[:4] == (
        b"\x89PNG"
    )
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("no-such-file")


async def test_commands_are_kept_per_language(bot: Bot, fake: FakeTelegram) -> None:
    await bot.set_my_commands([("start", "Start"), ("invoice", "New invoice")])
    await bot.set_my_commands([("start", "Démarrer")], language_code="fr")
    assert [c.description for c in await bot.get_my_commands(language_code="fr")] == ["Démarrer"]
    assert [c["command"] for c in fake.commands()] == ["start", "invoice"]
    await bot.delete_my_commands(language_code="fr")
    assert fake.commands("fr") == []
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Start-Now", "bad")])
