"""An issued document's view as JSON and back, so what was issued is what is printed forever.

Generic over the view dataclasses: any field a view gains (with a default) is stored and read back
without touching this module. Decimals are strings (never floats), dates ISO strings, bytes
base64, nested views objects, tuples lists. Reading refuses keys the views do not know — data from
a newer version must not be silently dropped — and missing keys take the field's default, so
documents frozen before a field existed still thaw.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import types
import typing
from datetime import date
from decimal import Decimal
from typing import Any

from billing.pdf.view import DocumentView


class FrozenViewError(ValueError):
    """Stored frozen data does not fit the view classes (unknown key, wrong shape)."""


def freeze(view: DocumentView) -> dict[str, Any]:
    """The view as plain JSON values."""
    return _dump(view)


def thaw(data: dict[str, Any]) -> DocumentView:
    """The view back from `freeze`'s output; FrozenViewError when it does not fit."""
    return _load(DocumentView, data)


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return {field.name: _dump(getattr(value, field.name)) for field in fields}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, tuple | list):
        return [_dump(item) for item in value]
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(f"cannot freeze {type(value).__name__}")


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _load(cls: type, data: Any) -> Any:
    if not isinstance(data, dict):
        raise FrozenViewError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
    hints = _hints(cls)
    names = {field.name for field in dataclasses.fields(cls)}
    unknown = set(data) - names
    if unknown:
        raise FrozenViewError(f"{cls.__name__}: unknown keys {sorted(unknown)}")
    return cls(**{name: _value(hints[name], data[name], name) for name in data})


def _value(hint: Any, raw: Any, name: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if raw is None:
            return None
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _value(options[0], raw, name)
    if origin is typing.Literal:
        return raw
    if origin is tuple:
        item = typing.get_args(hint)[0]
        if not isinstance(raw, list):
            raise FrozenViewError(f"{name}: expected a list")
        return tuple(_value(item, entry, name) for entry in raw)
    if dataclasses.is_dataclass(hint):
        return _load(hint, raw)
    if hint is Decimal:
        return Decimal(raw)
    if hint is date:
        return date.fromisoformat(raw)
    if hint is bytes:
        return base64.b64decode(raw)
    if hint in (str, int, bool):
        if not isinstance(raw, hint):
            raise FrozenViewError(f"{name}: expected {hint.__name__}, got {type(raw).__name__}")
        return raw
    raise FrozenViewError(f"{name}: cannot thaw a {hint!r}")
