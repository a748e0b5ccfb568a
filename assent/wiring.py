"""Assembling the dialog engine with the real mail side and picture reader: the one place the
layers meet."""

from __future__ import annotations

from starlette.applications import Starlette

from assent.ocr import TesseractRecognizer
from assent.settings import Settings
from flows.engine import Engine
from flows.registry import build_flows_engine
from mail.inbound.reviewer import InboundReviewer
from mail.outbound.mailer import OutboundMailer
from web.app import build_app
from web.telegram import Deliver


def build_engine(settings: Settings) -> Engine:
    return build_flows_engine(
        settings,
        OutboundMailer(settings),
        InboundReviewer(settings),
        TesseractRecognizer(settings.ocr),
    )


def build_web_app(settings: Settings, telegram: Deliver | None = None) -> Starlette:
    """The client pages, accepting through the same mailer the chat's Send button uses."""
    return build_app(settings, OutboundMailer(settings), telegram=telegram)
