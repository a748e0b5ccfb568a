"""The user's own preference: the language Assent speaks to them in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from babel import Locale

from flows import validators as v
from flows.context import Context
from flows.fields import SUMMARY_STEP, Field
from flows.flow import N_, Outcome
from flows.form import FormFlow
from flows.replies import Choice, Reply


def language_name(_ctx: Context, code: str) -> str:
    """A language in its own words (Español), as its speakers look for it."""
    return Locale.parse(code).display_name.capitalize()


async def _languages(ctx: Context, _values: dict[str, Any]) -> list[Choice]:
    return [Choice(language_name(ctx, code), code) for code in v.BOT_LANGUAGES]


class SettingsFlow(FormFlow):
    """Started from the /settings menu, with the language tapped there as its answer."""

    name = "language"
    title = N_("Settings")

    async def fields(self, ctx: Context) -> Sequence[Field]:
        return (
            Field(
                "language",
                N_("Language"),
                N_("Which language should I speak?"),
                v.bot_language,
                required=True,
                choices=_languages,
                show=language_name,
            ),
        )

    async def commit(self, ctx: Context, values: dict[str, Any], state: dict[str, Any]) -> Outcome:
        ctx.user.language = values["language"]
        await ctx.user.save(update_fields=["language"])
        return Outcome(
            [
                Reply(
                    ctx.t(
                        "Done. I will speak {language} from now on.",
                        language=Locale.parse(ctx.language).display_name,
                    )
                )
            ]
        )

    async def start(self, ctx: Context, args: str, event: Any, carry: dict[str, Any]) -> Outcome:
        if args in v.BOT_LANGUAGES:
            values = {"language": args}
            state = {"values": values, "step": SUMMARY_STEP, "quick": False}
            return await super().start(ctx, "", None, {"values": values, "state": state})
        return await super().start(ctx, "", None, {"state": {"quick": False}})
