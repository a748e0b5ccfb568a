"""Quote stripping on public reply corpora: the tests of talon, email_reply_parser, quotequail
and Discourse's email_reply_trimmer.

Each case is a reply body (text, or HTML read the way an HTML-only email is) and the reply text
its project's tests expect. "Clean" means our reply text is that text, whitespace aside. Where
Assent reads a reply differently on purpose (it cuts "Sent from my iPhone" and the "-- "
signature; a forwarded message's old part is not the reply; a sign-off name stays), the
corpus's `assent_policy.json` gives the reply Assent wants and why; both figures are printed.
The same cases are read by quotequail and email-reply-parser for comparison.

    .venv/bin/python bench/quote_corpora.py [--misses]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import quotequail
from email_reply_parser import EmailReplyParser

from bench.support.table import Figure, report
from mail.inbound.htmltext import html_to_text
from tests.quote_corpora import CORPORA, Case, is_clean, load, our_reply


def _flat(case: Case) -> str:
    return html_to_text(case.body, drop_quotes=False) if case.kind == "html" else case.body


def _quotequail(case: Case) -> str:
    parts = quotequail.quote(_flat(case), quote_intro_line=True)
    return "\n".join(part for shown, part in parts if shown)


# Each comparison and its goal: the policy figure counts the cases where Assent reads otherwise
# on purpose by what Assent wants; "where policy agrees" leaves those cases out.
AGAINST = {"their tests": ">= 0.92", "their tests, where policy agrees": ">= 0.92",
           "assent policy": ">= 0.97"}
STRIPPERS: dict[str, Callable[[Case], str]] = {
    "ours": our_reply,
    "quotequail 0.5.4": _quotequail,
    "email-reply-parser 0.5.12": lambda case: EmailReplyParser.parse_reply(_flat(case)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print each case ours gets wrong")
    show_misses = parser.parse_args().misses
    cases = load()
    corpora = sorted({case.corpus for case in cases})
    print(f"Public quote-stripping cases: {len(cases)} in {CORPORA}\n")
    print(f"  {'':60}" + "".join(f"{name:>20}" for name in [*corpora, "all"]))
    figures = []
    for name, strip in STRIPPERS.items():
        for against in AGAINST:
            row = []
            for corpus in [*corpora, None]:
                chosen = [c for c in cases if corpus in (None, c.corpus)
                          and (against != "their tests, where policy agrees" or c.ours == c.reply)]
                hits = sum(is_clean(strip(c), c.ours if against == "assent policy" else c.reply)
                           for c in chosen)
                row.append(f"{hits}/{len(chosen)} {hits / len(chosen):6.1%}")
                if name == "ours" and corpus is None:
                    figures.append(Figure(f"public quote corpora clean ({against})",
                                          hits / len(chosen), "share", target=AGAINST[against]))
            print(f"  {name + ', ' + against:60}" + "".join(f"{cell:>20}" for cell in row))
    print()
    report(figures)
    if show_misses:
        for case in cases:
            got = our_reply(case)
            if not is_clean(got, case.ours):
                print(f"\n! {case.corpus}/{case.name}\n  want: {case.ours[:300]!r}\n"
                      f"  got:  {got[:300]!r}")


if __name__ == "__main__":
    main()
