"""The reliability suite at reduced size (`make reliability` runs it at full size): kill -9 of the
listener, IMAP, SMTP, Telegram and PostgreSQL faults, dialog fuzzing and tenant isolation, each
with nothing lost, duplicated or crashed."""

from __future__ import annotations

import pytest

from tests.reliability.__main__ import SUITES

pytestmark = pytest.mark.timeout(900)  # real servers, kills and restarts


@pytest.mark.parametrize("name", list(SUITES))
async def test_reduced_suite_loses_duplicates_and_crashes_nothing(name: str) -> None:
    result = await SUITES[name](False)
    assert result.runs > 0
    assert (result.lost, result.duplicated, result.crashed) == (0, 0, 0), result
