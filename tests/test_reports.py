"""Reports count only issued documents, per currency, with aging buckets and a real PNG chart."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from assent.settings import Settings
from billing.documents.issue import issue
from billing.documents.payments import record_payment
from billing.reports import build_report, revenue_chart
from models import Category
from tests.chat import Chat
from tests.factories import make_business, make_client, make_draft
from tests.test_flow_onboarding import setup_business


async def test_revenue_outstanding_aging_and_categories(db: str) -> None:
    business = await make_business()
    jane, tom = await make_client(business), await make_client(business, "Tom", email="t@t.example")
    vip = await Category.create(business=business, name="VIP")
    await jane.categories.add(vip)
    early = await issue(business, (await make_draft(business, jane)).id, on_date=date(2026, 1, 10))
    late = await issue(business, (await make_draft(business, tom)).id, on_date=date(2026, 3, 5))
    await make_draft(business, tom)  # a draft never counts
    await record_payment(business, late.id, Decimal("100"), paid_on=date(2026, 3, 6))
    report = await build_report(business, today=date(2026, 4, 20))
    assert report.revenue_by_month["EUR"] == {
        "2026-01": Decimal("759.99"),
        "2026-03": Decimal("759.99"),
    }
    assert report.outstanding_by_client == [
        ("Jane Doe", "EUR", early.total),
        ("Tom", "EUR", late.total - Decimal("100")),
    ]
    # early was due 2026-02-09 (70 days late), late on 2026-04-04 (16 days late)
    assert report.aging["EUR"]["61-90"] == early.total
    assert report.aging["EUR"]["1-30"] == late.total - Decimal("100")
    assert report.by_category["EUR"] == {"VIP": Decimal("759.99"), "—": Decimal("759.99")}
    png = revenue_chart(report, "Revenue")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


async def test_report_command_sends_text_and_chart(db: str) -> None:
    chat = await Chat.open(Settings())
    await setup_business(chat)
    await chat.say("/report")
    assert "Revenue by month" in chat.text and "nothing issued yet" in chat.text
    images = [r.document for r in chat.replies if r.document]
    assert images and images[0].mime_type == "image/png"
