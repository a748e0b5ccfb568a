"""The task that delivers queued emails: each row sent once, retried with backoff, given up loudly.

Claiming a row is a compare-and-set on `attempts`: UPDATE … SET attempts = n + 1, next_attempt_at
= now + lease WHERE id = ? AND status = 'pending' AND attempts = n. Whoever changes the row owns
it until the lease runs out; any other sender, in this process or another one on PostgreSQL,
sees zero rows updated and moves on. No lock is held during the SMTP conversation, which is
bounded to three quarters of the lease, so a slow server cannot let a second sender in.

A crash mid-attempt is found by the next claim in last_error, which every outcome overwrites:
- "interrupted: …" (written by the claim): the message was never handed over, because the crash
  came before DATA. It is sent again; nobody received it.
- "handed over: …" (written just before DATA): the server may have accepted it. It is NOT sent
  again (a slow server made that a duplicate 14 times in 15 kills): the row fails as
  "Unconfirmed" and the owners are told it may not have arrived, with the document's Retry
  sending, which re-queues the stored bytes with the same Message-ID (receivers drop a copy).
The window left is therefore a crash between "handed over" and the server's answer to DATA
(the message's transfer and the server's processing): the email may or may not have arrived,
and the owner decides. Nothing is lost silently and nothing is sent twice on its own.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from assent.settings import SmtpSettings
from billing.documents.acceptance_pdf import prerender_acceptance_invoice
from mail.outbound.errors import DeliveryError, SmtpUnavailable
from mail.outbound.smtp import transmit
from models import DocumentKind, Membership, Notification, OutboxEmail, OutboxStatus, Role

log = logging.getLogger(__name__)

INTERRUPTED = "interrupted:"
HANDED_OVER = "handed over:"
UNCONFIRMED_TEXT = (
    "Your email “{subject}” to {recipients} may not have arrived: Assent stopped while the mail "
    "server was taking it. If the client did not get it, open the document and retry sending."
)
OPEN = "Open"  # the notice's button label, a msgid of the bot catalog
FAILED_TEXT = (
    "Your email “{subject}” to {recipients} could not be delivered after {attempts} attempts: "
    "{error}"
)


@dataclass(frozen=True)
class Backoff:
    """Capped exponential delays with equal jitter, so a recovered server is not stampeded."""

    base_seconds: float = 60.0
    cap_seconds: float = 3600.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        ceiling = min(self.cap_seconds, self.base_seconds * 2 ** (attempt - 1))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


def _now() -> datetime:
    return datetime.now(UTC)


class OutboxSender:
    """Delivers due outbox rows through smtp.*; several may run against one database."""

    def __init__(
        self,
        smtp: SmtpSettings,
        *,
        poll_seconds: float = 5.0,
        backoff: Backoff | None = None,
        lease_seconds: float | None = None,
        batch_size: int = 20,
        rng: random.Random | None = None,
    ) -> None:
        self._smtp = smtp
        self._poll_seconds = poll_seconds
        self._backoff = backoff or Backoff()
        # Long enough for a connect, a login and a large DATA, each bounded by the timeout.
        lease = lease_seconds if lease_seconds is not None else 4 * smtp.timeout_seconds
        self._lease = timedelta(seconds=lease)
        self._deadline = lease * 0.6  # with its QUIT, a conversation ends within 0.75 × lease
        self._batch_size = batch_size
        self._rng = rng or random.Random()
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Ask a sleeping run_forever to look now, e.g. right after a commit that queued mail."""
        self._wake.set()

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set: a pass, then sleep for the poll interval or a wake()."""
        while not stop.is_set():
            self._wake.clear()
            try:
                await self.run_once()
            except Exception:  # the database went away, say: log it and keep the loop alive
                log.exception("outbox pass failed; retrying in %s s", self._poll_seconds)
            waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
            try:
                await asyncio.wait(
                    waiters, timeout=self._poll_seconds, return_when=asyncio.FIRST_COMPLETED
                )
            finally:
                for waiter in waiters:
                    waiter.cancel()

    async def run_once(self) -> int:
        """Deliver every row due now; returns how many were sent. No host: mail waits.

        Then, for each proposal that went out, the invoice its acceptance would create is
        rendered ahead (billing/documents/acceptance_pdf.py): after the pass, so no email
        waits on a render."""
        if not self._smtp.host:
            return 0
        proposals: list[int] = []
        sent = await self._deliver_due(proposals)
        for proposal_id in proposals:  # the client may answer from now on
            await prerender_acceptance_invoice(proposal_id)
        return sent

    async def _deliver_due(self, proposals: list[int]) -> int:
        """One pass over the due rows; the ids of proposals sent are added to `proposals`."""
        sent = 0
        tried: set[int] = set()  # one attempt per row per pass, however short the backoff
        while due := await self._due(tried):
            for candidate in due:
                tried.add(candidate.id)
                row = await self._claim(candidate)
                if row is None:
                    continue
                if row.last_error.startswith(HANDED_OVER):
                    await self._unconfirmed(row)
                    continue
                try:
                    refused = await transmit(
                        self._smtp,
                        sender=row.sender,
                        recipients=row.recipients,
                        message=bytes(row.raw_bytes),
                        deadline=self._deadline,
                        before_data=lambda row=row: self._handing_over(row),
                    )
                except DeliveryError as error:
                    await self._record_failure(row, error)
                    if isinstance(error, SmtpUnavailable):
                        return sent  # the rest would fail the same way; they stay due
                    continue
                await self._mark_sent(row, refused)
                sent += 1
                if row.purpose == DocumentKind.PROPOSAL.value and row.document_id:
                    proposals.append(row.document_id)
        return sent

    async def _due(self, tried: set[int]) -> list[OutboxEmail]:
        query = OutboxEmail.filter(status=OutboxStatus.PENDING).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=_now())
        )
        if tried:
            query = query.exclude(id__in=tried)
        return await query.order_by("next_attempt_at", "id").limit(self._batch_size)

    async def _claim(self, row: OutboxEmail) -> OutboxEmail | None:
        """Take the row for one attempt, or None when another sender got there first."""
        now = _now()
        attempt = row.attempts + 1
        won = await OutboxEmail.filter(
            id=row.id, status=OutboxStatus.PENDING, attempts=row.attempts
        ).update(
            attempts=attempt,
            next_attempt_at=now + self._lease,
            last_error=f"{INTERRUPTED} attempt {attempt} from {now.isoformat()}, outcome unknown",
        )
        if not won:
            return None
        if row.last_error.startswith(INTERRUPTED):
            log.info("outbox %s: sending again after an attempt interrupted before DATA", row.id)
        row.attempts = attempt
        return row

    async def _handing_over(self, row: OutboxEmail) -> None:
        """Recorded just before DATA: from here a crash leaves the outcome unknown."""
        await self._mine(row).update(
            last_error=f"{HANDED_OVER} attempt {row.attempts} at {_now().isoformat()}, "
            "the server's answer was not recorded"
        )

    async def _unconfirmed(self, row: OutboxEmail) -> None:
        log.warning("outbox %s: a crash interrupted DATA of %s; not sending it again on its own",
                    row.id, row.message_id)
        await self._give_up(row, "Unconfirmed: the process stopped during DATA", UNCONFIRMED_TEXT,
                            {"reason": "Unconfirmed", "error": ""})

    def _mine(self, row: OutboxEmail) -> QuerySet[OutboxEmail]:
        """The row while this sender's claim still holds (nobody has claimed it since)."""
        return OutboxEmail.filter(id=row.id, status=OutboxStatus.PENDING, attempts=row.attempts)

    async def _mark_sent(self, row: OutboxEmail, refused: dict[str, str]) -> None:
        note = "; ".join(f"RecipientRefused: {a}: {reply}" for a, reply in refused.items())
        if not await self._mine(row).update(
            status=OutboxStatus.SENT, sent_at=_now(), next_attempt_at=None, last_error=note
        ):
            log.warning("outbox %s: delivered after its claim ran out", row.id)

    async def _record_failure(self, row: OutboxEmail, error: DeliveryError) -> None:
        text = f"{type(error).__name__}: {error}"
        if not error.permanent and row.attempts < self._smtp.max_attempts:
            delay = self._backoff.delay(row.attempts, self._rng)
            log.info("outbox %s: attempt %s failed (%s), next in %.0f s", row.id, row.attempts,
                     type(error).__name__, delay)
            await self._mine(row).update(
                next_attempt_at=_now() + timedelta(seconds=delay), last_error=text
            )
            return
        # The reason stays in last_error (shown to the owner): a server's text may name people.
        log.warning("outbox %s: giving up after %s attempts (%s)", row.id, row.attempts,
                    type(error).__name__)
        await self._give_up(
            row, text, FAILED_TEXT, {"error": str(error), "reason": type(error).__name__}
        )

    async def _give_up(
        self, row: OutboxEmail, text: str, notice: str, details: dict[str, str]
    ) -> None:
        """Fail the row and tell every owner once, with the document's card to retry from."""
        async with in_transaction() as connection:
            if not await self._mine(row).using_db(connection).update(
                status=OutboxStatus.FAILED, next_attempt_at=None, last_error=text
            ):
                return
            owners = await Membership.filter(
                business_id=row.business_id, role=Role.OWNER
            ).using_db(connection).values_list("user_id", flat=True)
            params = {
                "subject": row.subject,
                "recipients": ", ".join(row.recipients),
                "attempts": row.attempts,
                **details,
                "outbox_id": row.id,
                "document_id": row.document_id,
            }
            # A retried email can fail again: each failure is its own notice (its round in the
            # key), while a repeat of this same give-up is still one row per owner.
            earlier = await Notification.filter(
                kind="email_failed", key__startswith=f"outbox-failed:{row.id}:"
            ).using_db(connection).values_list("key", flat=True)
            failure = 1 + len({key.split(":")[2] for key in earlier})
            await Notification.bulk_create(
                [
                    Notification(
                        business_id=row.business_id,
                        user_id=user_id,
                        key=f"outbox-failed:{row.id}:{failure}:{user_id}",
                        kind="email_failed",
                        payload={
                            "text": notice,
                            "params": params,
                            # The card says what happened and offers Retry sending.
                            "choices": [[OPEN, f"go:document:{row.document_id}"]]
                            if row.document_id
                            else [],
                        },
                    )
                    for user_id in owners
                ],
                ignore_conflicts=True,
                using_db=connection,
            )
