"""How well a photographed business card becomes a client: OCR field recall and messages needed.

Over the card photos in tests/fixtures/cards (drawn by tests/card_images.py from `blind.jsonl`,
24 cards written by someone who never saw the code, and `own.jsonl`), each picture is read by
the real Tesseract adapter in the languages of the card's business country, the text goes
through the same intake as a pasted signature, and the fields are scored as
tests/intake_scoring.py scores pasted text (phones in E.164, tax IDs compacted, …). Then each
photo is replayed through the real engine on a fresh SQLite database, as an owner would: send
the photo, answer what is asked with the card's true value (a field the photo missed), press
Save; a value read wrong is not corrected there, so the cards whose summary shows no wrong value
are counted apart. Target (issue 12): a client from a photo in ≤ 3 messages.

    .venv/bin/python bench/ocr_cards.py [--set blind|own|all] [--psm 3] [--scale 2000]
                                        [--misses] [--transcript es]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from assent.db import close_database, migrate, open_database
from assent.ocr import PAGE_SEGMENTATION, SCALE_TO, TesseractRecognizer
from assent.settings import Settings
from bench.support.table import Figure, report
from billing.businesses.setup import create_business
from flows.events import Event, EventKind, FileUpload
from flows.fields import SUMMARY_STEP, THATS_ALL
from flows.pictures import card_languages
from models import Client, DialogState, User
from tests.chat import Chat
from tests.intake_scoring import SCORED, score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake_conversations import _shown  # bench/ is not a package

CARDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "cards"
TARGET = 3
MAX_MESSAGES = 10
# The form's question → the card's true value an owner would type there.
ANSWERS = {
    "display_name": ("company", "name"), "legal_name": ("company",), "contact_name": ("name",),
    "email": ("email",), "phone": ("phone",), "billing_street": ("street",),
    "billing_city": ("city",), "billing_postcode": ("postcode",), "country": ("country",),
    "tax_id": ("tax_id",),
}


class Remembering:
    """The real recognizer, reading each picture once: the replay reuses the recall pass's text."""

    def __init__(self, recognizer: TesseractRecognizer) -> None:
        self.recognizer = recognizer
        self.texts: dict[bytes, str] = {}
        self.seconds: list[float] = []

    async def read(self, image: bytes, languages: list[str]) -> str:
        if image not in self.texts:
            started = time.perf_counter()
            self.texts[image] = await self.recognizer.read(image, languages)
            self.seconds.append(time.perf_counter() - started)
        return self.texts[image]


def load(which: str) -> list[dict]:
    names = ("blind", "own") if which == "all" else (which,)
    ids = [json.loads(line)["id"] for name in names
           for line in (CARDS / f"{name}.jsonl").read_text().splitlines() if line.strip()]
    return [json.loads((CARDS / f"{card_id}.json").read_text()) for card_id in ids]


async def register(chat: Chat, card: dict, transcript: bool) -> int:
    """Send the photo and answer until the client is saved; the messages the owner sent."""
    picture = (CARDS / f"{card['id']}.jpg").read_bytes()
    upload = FileUpload(f"{card['id']}.jpg", "image/jpeg", picture)
    messages, said = 1, "[📷 photo]"
    await chat.send(Event(EventKind.FILE, file=upload))
    while True:
        if transcript:
            print(f"\n👤 {said}\n" + "\n".join(_shown(reply) for reply in chat.replies))
        if await Client.filter(business_id=chat.user.current_business_id).exists():
            return messages
        if messages >= MAX_MESSAGES:
            return MAX_MESSAGES + 1
        said = await _answer(chat, card)
        messages += 1


async def _answer(chat: Chat, card: dict) -> str:
    state = await DialogState.filter(chat_id=chat.chat_id).first()
    step = (state.data or {}).get("step", "") if state else ""
    expected = card["expected"]
    if step == SUMMARY_STEP:
        return await _press(chat, "f:save")
    if step == "kind":
        return await _press(chat, "company" if expected.get("company") else "person")
    value = next((expected[key] for key in ANSWERS.get(step, ()) if expected.get(key)), "")
    if value:
        await chat.say(value)
        return value
    if THATS_ALL in [choice.value for reply in chat.replies for choice in reply.choices]:
        return await _press(chat, THATS_ALL)
    await chat.say("/skip")
    return "/skip"


async def _press(chat: Chat, value: str) -> str:
    for reply in reversed(chat.replies):
        for choice in reply.choices:
            if choice.value == value:
                await chat.send(Event.chosen(value))
                return f"[{choice.label}]"
    raise AssertionError(f"no button {value!r} in {chat.buttons()}")


async def replay(cards: list[dict], reader: Remembering, transcript: str | None) -> list[int]:
    workdir = Path(tempfile.mkdtemp(prefix="assent-ocr-bench-"))
    url = f"sqlite://{workdir / 'bench.sqlite3'}"
    await migrate(url)
    await open_database(url)
    counts = []
    try:
        for index, card in enumerate(cards):
            show = transcript is not None and index == 0
            language = transcript if show else "en"
            owner = await User.create(console_name=f"owner{index}", language=language)
            await create_business(owner, {"name": f"Business {index}",
                                          "country": card["business_country"],
                                          "language": language})
            chat = await Chat.open(Settings(), name=owner.console_name, language=language)
            chat.engine.recognizer = reader
            if show:
                print(f"== transcript ({language}): card {card['id']}")
            counts.append(await register(chat, card, show))
    finally:
        await close_database()
    return counts


async def run(args: argparse.Namespace) -> None:
    cards = load(args.set)
    reader = Remembering(TesseractRecognizer(Settings().ocr, psm=args.psm, scale_to=args.scale))
    rows = []
    for card in cards:
        languages = card_languages(card["business_country"])
        text = await reader.read((CARDS / f"{card['id']}.jpg").read_bytes(), languages)
        rows.append({**card, "text": text})
    result = score(rows)
    counts = await replay(cards, reader, args.transcript)
    print(f"cards: {len(cards)} ({args.set}), psm {args.psm}, scale {args.scale} px")
    print(f"{'field':<10} {'right/present':>13} {'recall':>7} {'read':>5} {'precision':>9}")
    for name in SCORED:
        right, present, read = result.right[name], result.expected[name], result.read[name]
        print(f"{name:<10} {f'{right}/{present}':>13} {right / max(1, present):>7.0%} "
              f"{read:>5} {right / max(1, read):>9.0%}")
    right, present = sum(result.right.values()), sum(result.expected.values())
    print(f"{'overall':<10} {f'{right}/{present}':>13} {result.recall:>7.1%} "
          f"{sum(result.read.values()):>5} {result.precision:>9.1%}")
    clean = sum(score([row]).precision == 1 for row in rows)
    print(f"cards whose summary shows no wrong value: {clean}/{len(rows)} (the others need "
          f"[Edit…], a field and its value: 3 more messages per wrong field)")
    met = sum(count <= TARGET for count in counts)
    print(f"messages to register a client from a photo: median {statistics.median(counts)}, "
          f"max {max(counts)}, ≤ {TARGET} on {met}/{len(counts)} cards")
    print(f"OCR seconds per picture: median {statistics.median(reader.seconds):.2f}, "
          f"max {max(reader.seconds):.2f}")
    report([
        Figure(f"OCR cards ({args.set}): field recall", result.recall, "share"),
        Figure(f"OCR cards ({args.set}): messages to a client from a photo, median",
               statistics.median(counts), "messages", target=f"<= {TARGET}"),
        Figure(f"OCR cards ({args.set}): OCR seconds per picture, median",
               statistics.median(reader.seconds), "s"),
    ])
    if args.misses:
        print("\n".join(result.misses))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--set", choices=("blind", "own", "all"), default="blind")
    parser.add_argument("--psm", type=int, default=PAGE_SEGMENTATION)
    parser.add_argument("--scale", type=int, default=SCALE_TO)
    parser.add_argument("--misses", action="store_true", help="list every field read wrong")
    parser.add_argument("--transcript", metavar="LANG", help="print the first card's dialog")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
