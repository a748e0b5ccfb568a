"""Messages an owner sends to register one client, by intake path, replayed through the real
engine on a fresh migrated SQLite database (the tests' Chat harness: events in, replies out).

Paths: a pasted email signature (with /newclient, or as the answer to the first question), one
with doubtful values to answer, a Telegram contact card with its vCard, a .vcf file, a forwarded
email, and the form typed question by question (with "That's all", and the old way: /skip to the
end). A message is one thing the owner sends: a text or a button press. "Complete" means what a
company client's invoice needs: name, legal name, email, phone, street, postcode, city, country,
tax ID. Target (issue 12): a complete company client in ≤ 6 messages from a pasted signature.

    .venv/bin/python bench/intake_conversations.py [--transcript es]

`--transcript LANG` also prints the pasted-signature conversation in that bot language.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from dataclasses import dataclass
from pathlib import Path

from assent.db import close_database, migrate, open_database
from assent.settings import Settings
from bench.support.table import Figure, report
from billing.businesses.setup import create_business
from flows.events import ContactCard, Event, EventKind, FileUpload
from models import Client, User
from tests.chat import Chat

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "intake"
SIGNATURE = (FIXTURES / "signature_es.txt").read_text()
VCARD = (FIXTURES / "tomas_ruiz.vcf").read_text()
FORWARDED = (FIXTURES / "forwarded_es.txt").read_text()
DOUBTFUL = SIGNATURE.replace("NIF: B12345674", "NIF: B12345670").replace(
    "maria.lopez@olivarverde.es", "maria.lopez@olivarverde"
)
COMPLETE = (
    "display_name", "legal_name", "email", "phone", "billing_street", "billing_postcode",
    "billing_city", "billing_country", "tax_id",
)
TARGET = 6
FORM_ANSWERS = [
    "/newclient", "!Company", "Olivar Verde S.L.", "Olivar Verde S.L.",
    "maria.lopez@olivarverde.es", "912 345 678", "C/ Mayor 5", "Madrid", "28013", "España",
    "B12345674",
]

# A step: text to send, "!Label" to press a button, or an Event (a contact, a file).
Step = str | Event


@dataclass
class Conversation:
    name: str
    steps: list[Step]
    target: int | None = None


PATHS = [
    Conversation(
        "pasted signature: /newclient + text", ["/newclient\n" + SIGNATURE, "!Save"], TARGET
    ),
    Conversation("pasted signature as first answer", ["/newclient", SIGNATURE, "!Save"], TARGET),
    Conversation(
        "pasted signature, 2 doubtful values",
        ["/newclient\n" + DOUBTFUL, "maria.lopez@olivarverde.es", "B12345674", "!Save"],
        TARGET,
    ),
    Conversation(
        "Telegram contact card with vCard",
        [Event(EventKind.CONTACT, contact=ContactCard("+34913651234", "Tomás", "Ruiz", "", VCARD)),
         "!Save"],
    ),
    Conversation(
        ".vcf file",
        [Event(EventKind.FILE, file=FileUpload("tomas.vcf", "text/vcard", VCARD.encode())),
         "!Save"],
    ),
    Conversation("forwarded email (no tax ID in it)", [FORWARDED, "!Save"]),
    Conversation("form, question by question, That's all", [*FORM_ANSWERS, "!That's all", "!Save"]),
    Conversation(
        "form, question by question, /skip to the end",
        [*FORM_ANSWERS, *["/skip"] * 4, "!Done", "/skip", "!Yes", "/skip", "!Save"],
    ),
]


async def replay(
    path: Conversation, index: int, language: str, transcript: bool
) -> tuple[int, int]:
    """Send the path's steps as one owner; returns (messages sent, complete fields saved)."""
    owner = await User.create(console_name=f"owner{index}-{language}", language=language)
    await create_business(owner, {"name": f"Studio {index}", "country": "ES", "language": "es"})
    chat = await Chat.open(Settings(), name=owner.console_name, language=language)
    for step in path.steps:
        if isinstance(step, Event):
            await chat.send(step)
            said = f"[{step.kind}]"
        elif step.startswith("!"):
            said = f"[{await _press(chat, BUTTONS[step[1:]])}]"
        else:
            await chat.say(step)
            said = step
        if transcript:
            print(f"\n👤 {said}")
            print("\n".join(_shown(reply) for reply in chat.replies))
    client = await Client.filter(business__name=f"Studio {index}").first()
    filled = sum(1 for key in COMPLETE if client and getattr(client, key))
    return len(path.steps), filled


async def _press(chat: Chat, value: str) -> str:
    """Press the button with this value, whatever the language shows on it; returns its label."""
    for reply in reversed(chat.replies):
        for choice in reply.choices:
            if choice.value == value:
                await chat.send(Event.chosen(choice.value))
                return choice.label
    raise AssertionError(f"no button {value!r} in {chat.buttons()}")


BUTTONS = {"Save": "f:save", "That's all": "f:thats_all", "Done": "f:done", "Yes": "yes",
           "Company": "company"}


def _shown(reply: object) -> str:
    text = getattr(reply, "text", "")
    buttons = "  ".join(f"[{c.label}]" for c in getattr(reply, "choices", ()))
    return "🤖 " + text.replace("\n", "\n   ") + (f"\n   {buttons}" if buttons else "")


async def run(transcript: str | None) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="assent-intake-bench-"))
    url = f"sqlite://{workdir / 'bench.sqlite3'}"
    await migrate(url)
    await open_database(url)
    try:
        rows = []
        for index, path in enumerate(PATHS):
            messages, filled = await replay(path, index, "en", transcript=False)
            rows.append((path, messages, filled))
        if transcript:
            print(f"== transcript ({transcript}): {PATHS[0].name}")
            await replay(PATHS[0], len(PATHS), transcript, transcript=True)
            print()
    finally:
        await close_database()
    width = max(len(path.name) for path in PATHS)
    print(f"{'intake path':<{width}}  messages  complete fields  target  met")
    for path, messages, filled in rows:
        target, met = "—", ""
        if path.target:
            target = f"≤ {path.target}"
            met = "yes" if messages <= path.target and filled == len(COMPLETE) else "no"
        complete = f"{filled}/{len(COMPLETE)}"
        print(f"{path.name:<{width}}  {messages:>8}  {complete:>15}  {target:>6}  {met}")
    report([
        Figure(f"intake: messages to a client, {path.name}"
               + ("" if filled == len(COMPLETE) else f" ({filled}/{len(COMPLETE)} fields)"),
               messages, "messages", target=f"<= {path.target}" if path.target else "")
        for path, messages, filled in rows
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--transcript", metavar="LANG", help="print one conversation (en, es)")
    args = parser.parse_args()
    asyncio.run(run(args.transcript))


if __name__ == "__main__":
    main()
