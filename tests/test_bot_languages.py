"""The owner hears Assent in their own language: picked from Telegram's language_code on first
contact, switchable in /settings, with counts, statuses, payment methods and language names in
that language — through the real engine, and through the real PTB application and fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from assent.settings import BOT_LANGUAGES, BotSettings, Settings
from assent.wiring import build_engine
from billing.documents.issue import issue
from billing.i18n import RLM
from bot.console import posix_language
from bot.notices import notification_replies
from flows.context import Context
from flows.validators import country
from mail.inbound.notices import review_payload
from mail.outbound.reminders import run_reminders
from models import DocumentKind, DocumentStatus, Notification, User
from tests.bot_support import running_bot, settings_for
from tests.chat import Chat
from tests.factories import make_business, make_client, make_draft, make_owner
from tests.fakes.telegram_api import FakeTelegram

# What an owner with a one-draft business and a client paying by bank transfer sees, per language:
# the /invoices header, the draft's status, the card's payment method and document language (de).
SEEN = {
    "en": ("1 document", "(draft)", "Payment method: Bank transfer", "Document language: German"),
    "es": ("1 documento", "(borrador)", "Forma de pago: Transferencia bancaria",
           "Idioma de los documentos: Alemán"),
    "pt": ("1 documento", "(rascunho)", "Forma de pagamento: Transferência bancária",
           "Idioma dos documentos: Alemão"),
    "fr": ("1 document", "(brouillon)", "Mode de paiement: Virement bancaire",
           "Langue des documents: Allemand"),
    "de": ("1 Dokument", "(Entwurf)", "Zahlungsart: Banküberweisung",
           "Sprache der Dokumente: Deutsch"),
    "it": ("1 documento", "(bozza)", "Metodo di pagamento: Bonifico bancario",
           "Lingua dei documenti: Tedesco"),
    "ro": ("1 document", "(ciornă)", "Metodă de plată: Transfer bancar",
           "Limba documentelor: Germană"),
    "ar": ("مستند واحد", "(مسودة)", "طريقة الدفع: تحويل مصرفي", "لغة المستندات: الألمانية"),
}


async def test_an_owner_works_in_each_language(db: str) -> None:
    assert set(SEEN) == set(BOT_LANGUAGES)
    engine = build_engine(Settings())
    for language, (count, status, payment, document_language) in SEEN.items():
        business = await make_business(f"Studio {language}")
        owner = await make_owner(business)
        owner.language = language
        await owner.save()
        client = await make_client(business, payment_method="Bank transfer", language="de")
        await make_draft(business, client)
        chat = Chat(engine, owner, chat_id=f"chat-{language}")

        await chat.say("/invoices")
        header, line = chat.text.split("\n")[:2]
        assert header == count and status in line, (language, chat.text)
        await chat.say("/clients")
        await chat.press("Jane Doe")
        card = chat.text.split("\n")
        assert payment in card and document_language in card, (language, card)


async def test_settings_lists_each_language_in_its_own_words_and_switches(db: str) -> None:
    business = await make_business()
    owner = await make_owner(business)
    chat = Chat(build_engine(Settings()), owner)
    await chat.say("/settings")
    for name in ("English", "Español", "Português", "Français", "Deutsch", "Italiano",
                 "Română", "العربية"):
        assert any(label.removeprefix("✅ ") == name for label in chat.buttons()), chat.buttons()
    await chat.press("Română")
    await chat.press("Save")
    assert chat.text == "Gata. De acum vorbesc română."
    assert (await User.get(id=owner.id)).language == "ro"
    await chat.say("/help")
    assert chat.text.startswith("Ce pot face:"), chat.text


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


async def test_first_contact_speaks_the_telegram_language(db: str, fake: FakeTelegram) -> None:
    """es-MX gets Spanish, ar gets Arabic laid out right to left, zh-hans the default English;
    each keeps it, and Telegram's command menu is set in every language."""
    async with running_bot(fake, build_engine(settings_for(fake))) as application:
        await application.post_init(application)  # what `assent run` does first: the menus
        ana = fake.user(1, "Ana", language_code="es-MX")
        await ana.send_text("hola")
        (welcome, *_) = await fake.wait_for_messages(1, 1)
        layla = fake.user(2, "ليلى", language_code="ar")
        await layla.send_text("مرحبا")
        (salam, *_) = await fake.wait_for_messages(2, 1)
        wei = fake.user(3, "Wei", language_code="zh-hans")
        await wei.send_text("hello")
        (hello, *_) = await fake.wait_for_messages(3, 1)
    assert welcome.text.startswith("¡Te damos la bienvenida a Assent!")
    assert salam.text.startswith("مرحبًا بك في Assent!") and RLM not in salam.text
    assert hello.text.startswith("Welcome to Assent!")
    languages = {user.telegram_id: user.language for user in await User.all()}
    assert languages == {1: "es", 2: "ar", 3: "en"}
    spanish = {c["command"]: c["description"] for c in fake.commands("es")}
    arabic = {c["command"]: c["description"] for c in fake.commands("ar")}
    assert spanish["newclient"] == "dar de alta un cliente"
    assert arabic["newclient"] == "تسجيل عميل"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "pt_BR.UTF-8"}, "pt-BR"),
        ({"LC_ALL": "C.UTF-8", "LANG": "ro_RO.UTF-8"}, "ro-RO"),  # C names no language
        ({"LC_MESSAGES": "ar_AE.UTF-8", "LANG": "en_US.UTF-8"}, "ar-AE"),
        ({"LANG": "de_DE@euro"}, "de-DE"),
        ({"LC_ALL": "POSIX"}, None),
    ],
)
def test_the_console_reads_the_terminals_language(
    environ: dict[str, str], expected: str | None
) -> None:
    assert posix_language(environ) == expected


def test_country_names_are_read_in_every_bot_language() -> None:
    ctx = Context(User(name="o", language="ro"), None, "console", "c", BotSettings())
    names = ("Spania", "إسبانيا", "Spanien", "Espanha", "Espagne")
    assert {country(ctx, name) for name in names} == {"ES"}


async def test_notices_count_days_and_name_statuses_in_the_readers_language(db: str) -> None:
    """The expiry notice says "1 día", not "1 días"; a reply to a declined proposal names the
    status in the owner's words, not the code's ("declined")."""
    business = await make_business()
    owner = await make_owner(business)
    client = await make_client(business)
    draft = await make_draft(business, client, DocumentKind.PROPOSAL)
    proposal = await issue(business, draft.id, on_date=date(2026, 1, 1))
    assert proposal.valid_until is not None
    the_day_before = proposal.valid_until - timedelta(days=1)
    await run_reminders(Settings(), datetime.combine(the_day_before, time(12), UTC))
    expiring = await Notification.get(kind="proposal_expiry")
    number = proposal.number
    for language, expected in (
        ("en", f"Proposal {number} for Jane Doe expires in 1 day."),
        ("es", f"El presupuesto {number} para Jane Doe caduca en 1 día."),
        ("ro", f"Oferta {number} pentru Jane Doe expiră peste 1 zi."),
        ("ar", f"تنتهي صلاحية عرض السعر {number} المقدَّم إلى Jane Doe خلال يوم واحد."),
    ):
        (reply,) = await notification_replies(expiring, language, Path("var/files"))
        assert reply.text == expected

    proposal.status = DocumentStatus.DECLINED
    payload = review_payload(
        1, proposal, "Jane Doe", "proposal_not_open", sender="jane@doe.example",
        reply_text="Ok!", signer=None, language="es",
    )
    notice = await Notification.create(
        business=business, user=owner, key="review:1", kind="review", payload=payload
    )
    (reply,) = await notification_replies(notice, "es", Path("var/files"))
    assert reply.text.startswith(
        f"Jane Doe ha respondido al presupuesto {number}, que ya no está abierto (rechazado)"
    )
