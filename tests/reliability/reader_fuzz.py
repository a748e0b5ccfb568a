"""The email reader under fire: corpus replies cut, flipped, re-labelled and stitched, and plain
random bytes. Every message must get a verdict, and no exception may escape `understand`."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from mail.inbound import Decision, understand
from tests.reliability.report import SuiteResult

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "replies"
KWARGS = dict(
    candidate_names=["Jane Doe"],
    allowed_senders=["jane@doe.example"],
    own_addresses=["assent@assent.test"],
    trusted_authserv_ids=["mx.assent.test"],
)
CHARSETS = [b"utf-8", b"iso-8859-1", b"windows-1256", b"koi8-r", b"x-made-up", b"utf-16", b""]
Mutation = Callable[[bytes, random.Random], bytes]


def _flip(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 40)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def _cut(raw: bytes, rng: random.Random) -> bytes:
    return raw[: rng.randrange(len(raw))]


def _relabel(raw: bytes, rng: random.Random) -> bytes:
    return raw.replace(b"charset=", b"charset=" + rng.choice(CHARSETS) + b";x=", 1)


def _stitch(raw: bytes, rng: random.Random) -> bytes:
    head, _, body = raw.partition(b"\n\n")
    return head + b"\n" + head[: rng.randrange(len(head) + 1)] + b"\n\n" + body * rng.randint(1, 3)


def _noise(_raw: bytes, rng: random.Random) -> bytes:
    return rng.randbytes(rng.randint(0, 4000))


MUTATIONS: list[Mutation] = [_flip, _cut, _relabel, _stitch, _noise]


def reader_fuzz(messages: int, seed: int = 31) -> SuiteResult:
    started = time.monotonic()
    rng = random.Random(seed)
    corpus = sorted(CORPUS.glob("*/*.eml"))
    result = SuiteResult("email reader fuzz", runs=messages)
    for _ in range(messages):
        mutation = rng.choice(MUTATIONS)
        raw = mutation(rng.choice(corpus).read_bytes() or b"x", rng)
        try:
            read = understand(raw, **KWARGS)
        except Exception:
            result.crashed += 1
            continue
        result.lost += not isinstance(read.decision, Decision)  # every message gets a verdict
    result.seconds = time.monotonic() - started
    return result
