"""The client signs in a real browser: a proposal emailed through SMTP, its link opened in
chromium, the totals checked, a signature drawn on the canvas, the form sent — then the invoice
exists once, the owner's chat (the real PTB Application on the fake Bot API) gets its PDF, and
an email acceptance arriving afterwards changes nothing and is put to the owner.

Screenshots of the page in English, Spanish, Romanian and Arabic at phone (390 px) and desktop
(1280 px) widths are written to var/screenshots/ for a person to look at.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from assent.settings import ROOT, Settings, replace
from assent.wiring import build_engine, build_web_app
from billing.i18n import money
from bot.app import WebhookInbox, run_bot
from mail.inbound.process import process_inbound
from mail.inbound.storing import record
from mail.outbound.sender import OutboxSender
from models import Acceptance, AcceptanceMethod, Document, Notification
from tests.browser import chromium, full_page_screenshot
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_ptb import TOKEN
from tests.inbound_support import CLIENT, inbound_settings, reply, sent_proposal
from tests.services.ports import LOOPBACK, free_port
from tests.services.smtp import SmtpSink
from tests.web_support import link_in
from web.server import bind, serve

OWNER_CHAT = 4_240_077
SCREENSHOTS = ROOT / "var" / "screenshots"
PHONE, DESKTOP = 390, 1280


def _settings(db: str, sink: SmtpSink, telegram: FakeTelegram, port: int, files: Path) -> Settings:
    return replace(
        inbound_settings(db),
        smtp={"host": sink.host, "port": sink.port},
        telegram={"token": TOKEN, "base_url": telegram.base_url,
                  "base_file_url": telegram.base_file_url},
        web={"base_url": f"http://{LOOPBACK}:{port}", "host": LOOPBACK, "port": port},
        storage={"path": str(files)},
    )


async def _emailed_link(settings: Settings, sink: SmtpSink, count: int) -> str:
    """Deliver the queued proposal email by SMTP and read the link out of what arrived."""
    assert await OutboxSender(settings.smtp).run_once() == 1
    received = await sink.wait_for(count)
    return link_in(received[-1].content)


def _sign_in_browser(link: str, expected_total: str, shots: Path) -> str:
    """What a client does: read, check the total, sign, tick, send. Returns the confirmation."""
    with chromium(DESKTOP) as driver:
        driver.get(link)
        assert driver.find_element(By.ID, "total").text == expected_total
        assert driver.find_element(By.ID, "grand-total").text == expected_total
        driver.find_element(By.ID, "full_name").send_keys(CLIENT)
        pad = driver.find_element(By.ID, "pad")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", pad)
        strokes = ActionChains(driver).move_to_element_with_offset(pad, -150, 20).click_and_hold()
        for dx, dy in ((40, -30), (40, 35), (50, -40), (40, 30), (30, -10)):
            strokes = strokes.move_by_offset(dx, dy)
        strokes.release().perform()
        drawn = driver.find_element(By.ID, "signature").get_attribute("value")
        assert drawn.startswith("data:image/png;base64,")
        driver.find_element(By.ID, "consent").click()
        full_page_screenshot(driver, str(shots / "web-en-signed-desktop.png"), DESKTOP)
        driver.find_element(By.ID, "accept").click()
        banner = WebDriverWait(driver, 20).until(
            ready.presence_of_element_located((By.CSS_SELECTOR, ".banner.ok")))
        text = banner.text
        full_page_screenshot(driver, str(shots / "web-en-accepted-desktop.png"), DESKTOP)
        return text


def _screenshots(link: str, language: str, shots: Path) -> None:
    with chromium(DESKTOP) as driver:
        driver.get(link)
        for name, width in (("phone", PHONE), ("desktop", DESKTOP)):
            driver.set_window_size(width, 900)
            full_page_screenshot(driver, str(shots / f"web-{language}-{name}.png"), width)


async def test_a_client_signs_in_a_real_browser_and_the_owner_gets_the_invoice_once(
    db: str, smtp_sink: SmtpSink, tmp_path: Path
) -> None:
    shots = SCREENSHOTS
    shots.mkdir(parents=True, exist_ok=True)
    port = free_port()
    async with FakeTelegram(token=TOKEN) as telegram:
        telegram.user(OWNER_CHAT, "Olivia")
        settings = _settings(db, smtp_sink, telegram, port, tmp_path)
        sent = await sent_proposal(settings, telegram_id=OWNER_CHAT)
        link = await _emailed_link(settings, smtp_sink, 1)
        assert link.startswith(f"http://{LOOPBACK}:{port}/p/")

        stop = asyncio.Event()
        inbox = WebhookInbox()
        app = build_web_app(settings, inbox.deliver)
        tasks = [asyncio.create_task(serve(app, bind(LOOPBACK, port), stop)),
                 asyncio.create_task(run_bot(settings, build_engine(settings), stop))]
        try:
            await asyncio.to_thread(_screenshots, link, "en", shots)
            total = money(sent.proposal.total, sent.proposal.currency, "en")
            confirmation = await asyncio.to_thread(_sign_in_browser, link, total, shots)
            await telegram.wait_for(
                lambda: any(m.document for m in telegram.transcript(OWNER_CHAT)), timeout=30)
            for emails, (language, business) in enumerate(
                (("es", "Estudio Acme"), ("ro", "Atelier Acme"), ("ar", "استوديو أكمي")), start=2
            ):
                await sent_proposal(settings, language=language, business_name=business)
                await asyncio.to_thread(
                    _screenshots, await _emailed_link(settings, smtp_sink, emails), language, shots)
        finally:
            stop.set()
            await asyncio.wait_for(asyncio.gather(*tasks), 20)

    assert "Your acceptance has been recorded" in confirmation
    acceptance = await Acceptance.get(proposal_id=sent.proposal.id)
    assert acceptance.method == AcceptanceMethod.WEB and acceptance.signer_name == CLIENT
    assert acceptance.ip_address == LOOPBACK and "Chrome" in acceptance.user_agent
    assert await Document.filter(converted_from_id=sent.proposal.id).count() == 1
    (owner_message,) = [m for m in telegram.transcript(OWNER_CHAT) if m.document]
    assert owner_message.document.file_name.endswith(".pdf")
    assert CLIENT in (owner_message.caption or "")

    # The client also replies "I accept" by email afterwards: nothing changes, the owner is asked.
    answer = reply(sent.reply_to, f"I accept — {CLIENT}")
    inbound = await record(answer, mailbox="test@imap/INBOX", uidvalidity=1, uid=1)
    processed = await process_inbound(inbound.id, settings)
    assert processed.skip_reason == "already_accepted"
    assert await Document.filter(converted_from_id=sent.proposal.id).count() == 1
    assert await Acceptance.filter(proposal_id=sent.proposal.id).count() == 1
    review = await Notification.get(business=sent.business, kind="reply_needs_review")
    assert review.payload["reason"] == "already_accepted"
    for language in ("en", "es", "ro", "ar"):
        for width in ("phone", "desktop"):
            assert (shots / f"web-{language}-{width}.png").stat().st_size > 10_000
