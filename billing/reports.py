"""The owner's numbers: revenue by month, what each client owes, how late it is, by category.

Only issued documents count (drafts and cancelled ones never do); credit notes subtract from the
month they were issued in. Amounts are kept per currency: adding euros to pesos is never right.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from billing.documents.balance import balance_due
from models import Business, Client, Document, DocumentKind, DocumentStatus

NOT_COUNTED = (DocumentStatus.DRAFT, DocumentStatus.CANCELLED)
UNPAID = (
    DocumentStatus.ISSUED,
    DocumentStatus.SENT,
    DocumentStatus.OVERDUE,
    DocumentStatus.PARTIALLY_PAID,
)
AGING_BUCKETS = (("current", 0), ("1-30", 30), ("31-60", 60), ("61-90", 90), ("90+", None))
ZERO = Decimal(0)


@dataclass
class Report:
    revenue_by_month: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # cur → month
    outstanding_by_client: list[tuple[str, str, Decimal]] = field(default_factory=list)
    aging: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # cur → bucket
    by_category: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # cur → category


def _bucket(due: date | None, today: date) -> str:
    late = (today - due).days if due else 0
    for name, limit in AGING_BUCKETS:
        if limit is None or late <= limit:
            return name
    return AGING_BUCKETS[-1][0]  # pragma: no cover - the last bucket has no limit


async def build_report(business: Business, today: date, months: int = 12) -> Report:
    report = Report()
    documents = await Document.filter(
        business=business, kind__in=[DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE]
    ).exclude(status__in=NOT_COUNTED)
    clients = {
        c.id: c for c in await Client.filter(business=business).prefetch_related("categories")
    }
    first_month = _month_start(today, months - 1)
    revenue: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    owed: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    aging: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {name: ZERO for name, _ in AGING_BUCKETS}
    )
    categories: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for document in documents:
        cur = document.currency
        if document.issue_date and document.issue_date >= first_month:
            revenue[cur][document.issue_date.strftime("%Y-%m")] += document.net
        client = clients[document.client_id]
        for category in client.categories or []:
            categories[cur][category.name] += document.net
        if not client.categories:
            categories[cur]["—"] += document.net
        if document.kind == DocumentKind.INVOICE and document.status in UNPAID:
            balance = balance_due(document)
            owed[(client.display_name, cur)] += balance
            aging[cur][_bucket(document.due_date, today)] += balance
    report.revenue_by_month = {cur: dict(sorted(m.items())) for cur, m in revenue.items()}
    report.outstanding_by_client = sorted(
        ((name, cur, amount) for (name, cur), amount in owed.items() if amount),
        key=lambda row: (-row[2], row[0]),
    )
    report.aging = dict(aging)
    report.by_category = {cur: dict(sorted(c.items())) for cur, c in categories.items()}
    return report


def _month_start(today: date, back: int) -> date:
    index = today.year * 12 + today.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def revenue_chart(report: Report, title: str) -> bytes:
    """A bar chart per currency of net revenue by month, as PNG (matplotlib, no display)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    currencies = sorted(report.revenue_by_month) or ["—"]
    figure, axes = pyplot.subplots(
        len(currencies), 1, figsize=(8, 3 * len(currencies)), squeeze=False
    )
    for axis, currency in zip(axes[:, 0], currencies, strict=True):
        months = report.revenue_by_month.get(currency, {})
        axis.bar(list(months), [float(v) for v in months.values()], color="#1f4e79")
        axis.set_title(f"{title} ({currency})")
        axis.tick_params(axis="x", labelrotation=45)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    pyplot.close(figure)
    return buffer.getvalue()
