"""What a serving process (`assent run` with a Telegram token) imports at start, and that the
libraries it leaves for first use still work then.

Each library below is several MB resident in every serving process if imported at start
(bench/dialog_throughput.py measures `assent run`), and most processes rarely or never need
it: the console chat, e-invoices (factur-x, pypdf, lxml, drafthorse), HTML-only emails (Beautiful
Soup), DKIM checks of our own (dkimpy), PDFs (WeasyPrint, in the rendering workers), photos and
logos (pytesseract, Pillow) and PostgreSQL's own connections (asyncpg, on SQLite never)."""

from __future__ import annotations

import json
import subprocess
import sys

LEFT_FOR_FIRST_USE = ("prompt_toolkit", "facturx", "pypdf", "lxml", "drafthorse", "bs4", "dkim",
                      "weasyprint", "pytesseract", "numpy", "PIL", "asyncpg")

SCRIPT = """
import json, sys
import assent.cli, assent.runner, bot.app, mail.inbound.listener, mail.outbound.sender, web.app
loaded = sorted(name for name in %r if name in sys.modules)

from mail.inbound.htmltext import html_to_text
outlook = ('<div>I accept<br>Jane Doe</div><div id="x_divRplyFwdMsg">From: Acme</div>'
           '<p>Please find attached our proposal.</p>')
print(json.dumps({"loaded": loaded, "text": html_to_text(outlook), "bs4": "bs4" in sys.modules}))
"""


def test_a_serving_process_leaves_heavy_libraries_for_their_first_use() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT % (LEFT_FOR_FIRST_USE,)],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    result = json.loads(done.stdout)
    assert result["loaded"] == []
    assert result["text"] == "I accept\nJane Doe"  # read with Beautiful Soup, imported just then
    assert result["bs4"]
