"""How well inbound replies are understood, on a labelled corpus (default tests/fixtures/replies).

`--corpus DIR` scores another set with the same labels.json schema, e.g. a blind set written by
someone who never read the rules: its first score is the honest figure. Prints the headline
(false invoices, invoice recall, intent, signer, clean quote stripping), then corpus counts by
language and intent, per-intent precision/recall, the confusion matrix,
false accepts, decision/signer/language accuracy, quote stripping of our rules against quotequail
and email-reply-parser, and the median time to understand one message.

    .venv/bin/python bench/reply_quality.py [--corpus tests/fixtures/replies/blind/set1]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import quotequail
from email_reply_parser import EmailReplyParser

from bench.support.table import Figure, report
from mail.inbound import Intent, understand
from mail.inbound.decode import parse
from mail.inbound.htmltext import html_to_text
from mail.inbound.lexicon import LANGUAGES
from mail.inbound.quotes import strip_quotes
from tests.quote_corpora import squash
from tests.reply_labels import answered

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "replies"
INTENTS = [intent.value for intent in Intent]
ROUNDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder with labels.json")
    corpus = parser.parse_args().corpus.resolve()
    document = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    labels, defaults = document["messages"], document["defaults"]
    for label in labels.values():  # the brief allowed one footer phrase: a string, null or a list
        footer = label.get("footer")
        label["footer"] = [footer] if isinstance(footer, str) else list(footer or [])
    raws = {key: (corpus / key).read_bytes() for key in labels}
    number = str((defaults.pop("proposal", None) or {}).get("number", ""))

    def run(key: str):
        label = labels[key]
        return understand(raws[key], candidate_names=label["candidate_names"],
                          allowed_senders=label["allowed_senders"],
                          answered=answered(label, number), **defaults)

    seen = {key: run(key) for key in labels}
    print(f"Reply corpus: {len(labels)} messages in {corpus}\n")
    headline(labels, raws, seen)
    counts_by_language(labels)
    intent_quality(labels, seen)
    other_accuracy(labels, seen)
    quote_stripping(labels, raws, seen)
    timing(list(labels), run)


def signer_field(labels: dict) -> str:
    """Which `Understanding` field the labels' `signed_as` means.

    Label writers used two conventions: the contact the acceptance binds (only on invoices, as
    `Understanding.signed_as`), or who signed whatever the decision (`signed_by`). A set that
    names a signer on any non-invoice uses the second.
    """
    who_signed = any(lb["signed_as"] and lb["decision"] != "invoice" for lb in labels.values())
    return "signed_by" if who_signed else "signed_as"


def corpus_name(labels: dict) -> str:
    return f"{len(labels)} labelled"


def invoice_recall(labels: dict, seen: dict) -> float:
    invoices = [k for k, lb in labels.items() if lb["decision"] == "invoice"]
    made = sum(seen[k].decision.value == "invoice" for k in invoices)
    return made / len(invoices) if invoices else 0.0


def _is_human(label: dict) -> bool:
    return label["intent"] not in ("auto_reply", "bounce")


def _clean(label: dict, text: str) -> bool:
    """Kept the typed reply, cut the quoted proposal and the footer: what a reader needs."""
    text = squash(text or "")
    return (all(squash(f) in text for f in label["must"])
            and not any(squash(f) in text for f in label["must_not"] + label["footer"]))


def headline(labels: dict, raws: dict, seen: dict) -> None:
    """The figures issue 15 sets goals for; each is a share of the messages it is about.

    The signer row compares the field of the labels' meaning (see `signer_field`).
    """
    field = signer_field(labels)
    invoices = [k for k, lb in labels.items() if lb["decision"] == "invoice"]
    others = [k for k in labels if k not in invoices]
    human = [k for k, lb in labels.items() if _is_human(lb)]
    stripped = [k for k, lb in labels.items() if lb["must"] or lb["must_not"]]
    rows = [
        ("false invoices", sum(seen[k].decision.value == "invoice" for k in others), len(others)),
        ("invoice recall", sum(seen[k].decision.value == "invoice" for k in invoices),
         len(invoices)),
        ("intent accuracy",
         sum(seen[k].intent.value == lb["intent"] for k, lb in labels.items()), len(labels)),
        ("decision accuracy",
         sum(seen[k].decision.value == lb["decision"] for k, lb in labels.items()), len(labels)),
        ("signer accuracy (who signed)",
         sum(getattr(seen[k], field) == labels[k]["signed_as"] for k in human), len(human)),
        ("clean quote stripping",
         sum(_clean(labels[k], seen[k].reply_text) for k in stripped), len(stripped)),
    ]
    print("Headline")
    for name, hits, total in rows:
        share = hits / total if total else float("nan")
        print(f"  {name:29} {hits:>4}/{total:<4} {share:6.1%}")
    print(f"  (signer labels compared with Understanding.{field})\n")


def counts_by_language(labels: dict) -> None:
    table = Counter((label["language"] or key.split("/")[0], label["intent"])
                    for key, label in labels.items())
    print("Messages by language and intent")
    print(f"{'':6}" + "".join(f"{intent:>11}" for intent in INTENTS) + f"{'total':>8}")
    for language in LANGUAGES:
        row = [table[language, intent] for intent in INTENTS]
        print(f"{language:6}" + "".join(f"{n:>11}" for n in row) + f"{sum(row):>8}")
    totals = [sum(table[lang, intent] for lang in LANGUAGES) for intent in INTENTS]
    print(f"{'all':6}" + "".join(f"{n:>11}" for n in totals) + f"{sum(totals):>8}\n")


def intent_quality(labels: dict, seen: dict) -> None:
    pairs = Counter((label["intent"], seen[key].intent.value) for key, label in labels.items())
    print("Per-intent precision / recall")
    for intent in INTENTS:
        hit = pairs[intent, intent]
        predicted = sum(pairs[other, intent] for other in INTENTS)
        actual = sum(pairs[intent, other] for other in INTENTS)
        precision = hit / predicted if predicted else float("nan")
        recall = hit / actual if actual else float("nan")
        print(f"  {intent:11} precision {precision:6.1%}  recall {recall:6.1%}  (n={actual})")
    print("\nConfusion matrix (rows: label, columns: understood)")
    print(f"  {'':11}" + "".join(f"{intent:>11}" for intent in INTENTS))
    for intent in INTENTS:
        print(f"  {intent:11}" + "".join(f"{pairs[intent, other]:>11}" for other in INTENTS))
    false_accepts = [k for k, lb in labels.items()
                     if seen[k].intent is Intent.ACCEPT and lb["intent"] != "accept"]
    false_invoices = [k for k, lb in labels.items()
                      if seen[k].decision.value == "invoice" and lb["decision"] != "invoice"]
    print(f"\nFalse accepts: {len(false_accepts)}   false invoices: {len(false_invoices)}")
    report([
        Figure(f"replies ({corpus_name(labels)}): false invoices", len(false_invoices), "replies",
               target="<= 0"),
        Figure(f"replies ({corpus_name(labels)}): invoice recall", invoice_recall(labels, seen),
               "share"),
    ])
    for key in false_accepts + false_invoices:
        print(f"  ! {key}")


def other_accuracy(labels: dict, seen: dict) -> None:
    human = [k for k, lb in labels.items() if lb["intent"] not in ("auto_reply", "bounce")]
    field = signer_field(labels)
    checks = {
        "decision": [seen[k].decision.value == lb["decision"] for k, lb in labels.items()],
        "signer (typed and matched)": [
            (seen[k].signer, getattr(seen[k], field))
            == (labels[k]["signer"], labels[k]["signed_as"])
            for k in human
        ],
        "language": [seen[k].language == lb["language"] for k, lb in labels.items()
                     if lb["language"]],
    }
    print()
    for name, results in checks.items():
        print(f"{name:27} {sum(results):>4}/{len(results):<4} {sum(results) / len(results):6.1%}")
    print()


def _quotequail(decoded) -> str:
    if decoded.from_html:
        parts = quotequail.quote_html(decoded.html, quote_intro_line=True)
        return "\n".join(html_to_text(part, drop_quotes=False) for shown, part in parts if shown)
    return "\n".join(part for shown, part in quotequail.quote(decoded.text, quote_intro_line=True)
                     if shown)


def _flat(decoded) -> str:
    """The whole body as text, quotes included: what a text-only library gets to work with."""
    return html_to_text(decoded.html, drop_quotes=False) if decoded.from_html else decoded.text


def quote_stripping(labels: dict, raws: dict, seen: dict) -> None:
    """Each stripper gets the same decoded body; HTML-only mail is flattened for text tools."""
    strippers: dict[str, Callable] = {
        "ours (pipeline: HTML selectors + text rules)": lambda key, d: seen[key].reply_text,
        "ours (text rules only, HTML flattened)": lambda key, d: strip_quotes(_flat(d)),
        "quotequail 0.5.4": lambda key, d: _quotequail(d),
        "email-reply-parser 0.5.12": lambda key, d: EmailReplyParser.parse_reply(_flat(d)),
        "quotequail, then our text rules": lambda key, d: strip_quotes(_quotequail(d)),
    }
    keys = [k for k, lb in labels.items() if lb["must"] or lb["must_not"]]
    decoded = {key: parse(raws[key]) for key in keys}
    english = [k for k in keys if labels[k]["language"] == "en" or k.startswith("en/")]
    print(f"Quote stripping on {len(keys)} human replies ({len(english)} in English): share with")
    print("the typed reply kept, the quoted proposal cut, the mail program's footer cut, all three")
    print(f"  {'':46}{'kept':>7}{'quote':>7}{'footer':>7}{'all':>8}{'all, en':>9}")
    for name, strip in strippers.items():
        rows = {}
        for key in keys:
            label, text = labels[key], squash(strip(key, decoded[key]) or "")
            rows[key] = (
                all(squash(f) in text for f in label["must"]),
                not any(squash(f) in text for f in label["must_not"]),
                not any(squash(f) in text for f in label["footer"]),
            )
        columns = [sum(row[i] for row in rows.values()) / len(keys) for i in range(3)]
        both = sum(all(row) for row in rows.values()) / len(keys)
        both_en = sum(all(rows[key]) for key in english) / len(english) if english else float("nan")
        print(f"  {name:46}" + "".join(f"{c:>7.1%}" for c in columns)
              + f"{both:>8.1%}{both_en:>9.1%}")
    print()


def timing(keys: list[str], run: Callable) -> None:
    per_message = []
    for key in keys:
        samples = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            run(key)
            samples.append(time.perf_counter() - start)
        per_message.append(min(samples))
    per_message.sort()
    p95 = per_message[int(len(per_message) * 0.95)]
    print(f"Time to understand one message: median {statistics.median(per_message) * 1000:.2f} ms, "
          f"p95 {p95 * 1000:.2f} ms, max {per_message[-1] * 1000:.2f} ms "
          f"(best of {ROUNDS} per message)")


if __name__ == "__main__":
    main()
