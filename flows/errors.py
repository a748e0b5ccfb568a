"""Why an answer was refused; the engine shows the message in the user's language and asks again."""

from __future__ import annotations


class Invalid(Exception):
    """An answer does not fit the field; `key` is a msgid in the bot catalog, `params` fill it."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class ConcurrentUpdate(Exception):
    """Another event of the same chat changed the dialog first; the event re-runs on new state."""


class UnreadableImage(Exception):
    """A picture could not be read as text: not a picture, too large, or the reader gave up."""
