"""Assembling the dialog engine with the real mail side: the one place both layers meet."""

from __future__ import annotations

from assent.settings import Settings
from flows.engine import Engine
from flows.registry import build_flows_engine
from mail.inbound.reviewer import InboundReviewer
from mail.outbound.mailer import OutboundMailer


def build_engine(settings: Settings) -> Engine:
    return build_flows_engine(settings, OutboundMailer(settings), InboundReviewer(settings))
