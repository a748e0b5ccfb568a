"""The bank details an owner typed as free text, read into the parts a document prints.

Owners type "IBAN ES91 2100 0418 4502 0005 1332" (the settings dialog even suggests it), and the
document labels the value "IBAN" itself: printed as typed it read "IBAN IBAN ES91…". Each line is
read for what it is (an IBAN, a BIC, or the bank's name and anything else), labels dropped.
"""

from __future__ import annotations

import re

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban

from billing.pdf.view import BankView

_LABEL = re.compile(r"^\s*(IBAN|BIC|SWIFT(?:/BIC)?|BIC/SWIFT)\s*:?\s*", re.IGNORECASE)


def bank_view(text: str) -> BankView | None:
    """None when nothing was typed; unlabelled lines that are neither IBAN nor BIC name the bank."""
    iban = bic = ""
    others: list[str] = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        value = _LABEL.sub("", line)
        compact = re.sub(r"[\s.\-]", "", value).upper()
        if not iban and stdnum_iban.is_valid(compact):
            iban = stdnum_iban.format(compact)
        elif not bic and stdnum_bic.is_valid(compact):
            bic = compact
        else:
            others.append(line)
    if not (iban or bic or others):
        return None
    return BankView(iban=iban, bic=bic, bank_name=", ".join(others))
