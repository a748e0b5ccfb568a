"""The reliability suite at reduced size (`make reliability` runs it at full size): kill -9 of the
listener, IMAP and SMTP outages, Telegram faults, dialog fuzzing and tenant isolation, each with
nothing lost, duplicated or crashed."""

from __future__ import annotations

import pytest

from tests.reliability.__main__ import REDUCED

NAMES = ["listener-kills", "imap-restarts", "smtp-faults", "telegram-faults", "dialog-fuzz",
         "tenants"]


@pytest.mark.parametrize("index", range(len(REDUCED)), ids=NAMES)
async def test_reduced_suite_loses_duplicates_and_crashes_nothing(index: int) -> None:
    result = await REDUCED[index]()
    assert result.runs > 0
    assert (result.lost, result.duplicated, result.crashed) == (0, 0, 0), result
