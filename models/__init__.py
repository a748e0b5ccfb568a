"""Tortoise models, one module per aggregate; every business-owned row carries its business."""

from models.audit import AuditLog
from models.business import AcceptancePolicy, Business, Invite, Membership, Role, User
from models.clients import (
    Attachment,
    Category,
    Client,
    ClientKind,
    Contact,
    CustomField,
    CustomFieldType,
    CustomFieldValue,
)
from models.dialogs import CallbackToken, DialogState, TelegramUpdate
from models.documents import (
    Document,
    DocumentKind,
    DocumentLine,
    DocumentStatus,
    IssuedFile,
    StatusChange,
)
from models.evidence import Acceptance, AcceptanceMethod
from models.mail import InboundMessage, InboundStatus, MailboxCheckpoint, OutboxEmail, OutboxStatus
from models.notifications import Notification
from models.payments import Payment
from models.sequences import Sequence

MODEL_MODULES = [
    "models.audit",
    "models.business",
    "models.clients",
    "models.dialogs",
    "models.documents",
    "models.evidence",
    "models.mail",
    "models.notifications",
    "models.payments",
    "models.sequences",
]

__all__ = [
    "MODEL_MODULES",
    "Acceptance",
    "AcceptanceMethod",
    "AcceptancePolicy",
    "Attachment",
    "AuditLog",
    "Business",
    "CallbackToken",
    "Category",
    "Client",
    "ClientKind",
    "Contact",
    "CustomField",
    "CustomFieldType",
    "CustomFieldValue",
    "DialogState",
    "Document",
    "DocumentKind",
    "DocumentLine",
    "DocumentStatus",
    "InboundMessage",
    "InboundStatus",
    "Invite",
    "IssuedFile",
    "MailboxCheckpoint",
    "Membership",
    "Notification",
    "OutboxEmail",
    "OutboxStatus",
    "Payment",
    "Role",
    "Sequence",
    "StatusChange",
    "TelegramUpdate",
    "User",
]
