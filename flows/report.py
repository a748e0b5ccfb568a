"""/report: the owner's numbers as text, with a revenue chart as an image."""

from __future__ import annotations

import asyncio
from typing import Any

from billing.businesses.clock import today_for
from billing.i18n import money
from billing.reports import build_report, revenue_chart
from flows.context import Context
from flows.events import Event
from flows.flow import Outcome
from flows.home import HomeFlow
from flows.replies import Attachment, Reply


class ReportFlow(HomeFlow):
    name = "report"

    async def start(
        self, ctx: Context, args: str, event: Event | None, carry: dict[str, Any]
    ) -> Outcome:
        report = await build_report(ctx.require_business(), today_for(ctx.require_business()))
        lang = ctx.language
        lines = [ctx.t("Revenue by month (net):")]
        for cur, months in report.revenue_by_month.items():
            lines += [f"  {month}: {money(amount, cur, lang)}" for month, amount in months.items()]
        if not report.revenue_by_month:
            lines.append("  " + ctx.t("nothing issued yet"))
        lines.append(ctx.t("Outstanding by client:"))
        lines += [
            f"  {name}: {money(amount, cur, lang)}"
            for name, cur, amount in report.outstanding_by_client[:15]
        ]
        if not report.outstanding_by_client:
            lines.append("  " + ctx.t("nothing outstanding"))
        for cur, buckets in report.aging.items():
            parts = ", ".join(
                f"{ctx.t('current') if name == 'current' else name}: {money(amount, cur, lang)}"
                for name, amount in buckets.items()
            )
            lines.append(ctx.t("Aging (days overdue): {buckets}", buckets=parts))
        lines.append(ctx.t("By client category (net):"))
        for cur, categories in report.by_category.items():
            lines += [
                f"  {name}: {money(amount, cur, lang)}" for name, amount in categories.items()
            ]
        chart = await asyncio.to_thread(revenue_chart, report, ctx.t("Revenue by month"))
        image = Attachment("revenue.png", "image/png", chart)
        return Outcome([Reply("\n".join(lines)), Reply(ctx.t("Revenue chart"), document=image)])
