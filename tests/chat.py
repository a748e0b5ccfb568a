"""Drive the dialog engine as a user would: type text, press buttons by their label, share files."""

from __future__ import annotations

from dataclasses import dataclass, field

from assent.settings import Settings
from assent.wiring import build_engine
from flows.engine import Engine
from flows.events import ContactCard, Event, EventKind, FileUpload
from flows.replies import Reply
from models import Client, User


@dataclass
class Chat:
    engine: Engine
    user: User
    chat_id: str = "chat-1"
    channel: str = "console"
    replies: list[Reply] = field(default_factory=list)

    @classmethod
    async def open(cls, settings: Settings, name: str = "olivia", language: str = "en") -> Chat:
        user, _ = await User.get_or_create(console_name=name, defaults={"language": language})
        return cls(build_engine(settings), user, chat_id=f"chat-{name}")

    async def send(self, event: Event) -> list[Reply]:
        self.replies = await self.engine.handle(self.channel, self.chat_id, self.user, event)
        return self.replies

    async def say(self, text: str) -> list[Reply]:
        return await self.send(Event.from_text(text))

    async def press(self, label: str) -> list[Reply]:
        """Press the button with this label (or containing it) among the last replies."""
        for reply in reversed(self.replies):
            for choice in reply.choices:
                if choice.label == label or choice.label.removeprefix("✅ ") == label:
                    return await self.send(Event.chosen(choice.value))
        for reply in reversed(self.replies):
            for choice in reply.choices:
                if label in choice.label:
                    return await self.send(Event.chosen(choice.value))
        raise AssertionError(f"no button {label!r} in {self.buttons()}")

    async def write_document(self, start: str, line: str, finish: str) -> list[Reply]:
        """`/newinvoice Jane`, one line, no notes, the usual date (an invoice: supplied on the
        issue date), then Issue or Save draft."""
        await self.say(start)
        await self.say(line)
        await self.press("Done")
        await self.press("Skip")
        await self.press("Skip")
        if "Same as issue date" in self.buttons():
            await self.press("Same as issue date")
        return await self.press(finish)

    async def register_jane(self, *, address: bool = True) -> list[Reply]:
        """Quick-add Jane Doe; with `address`, give her the billing address an invoice must name
        (Art. 226) — the quick add does not ask for it."""
        await self.say("/newclient Jane Doe, jane@doe.example")
        replies = await self.press("Save")
        if address:
            await Client.filter(display_name="Jane Doe").update(
                billing_street="Calle Mayor 5", billing_city="Madrid", billing_country="ES"
            )
        return replies

    async def share_contact(self, phone: str, first: str, last: str = "") -> list[Reply]:
        return await self.send(Event(EventKind.CONTACT, contact=ContactCard(phone, first, last)))

    async def upload(self, name: str, data: bytes, mime: str = "application/pdf") -> list[Reply]:
        return await self.send(Event(EventKind.FILE, file=FileUpload(name, mime, data)))

    @property
    def text(self) -> str:
        return "\n".join(reply.text for reply in self.replies)

    def buttons(self) -> list[str]:
        return [choice.label for reply in self.replies for choice in reply.choices]
