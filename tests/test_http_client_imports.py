"""httpcore, under every Bot API request, asks `import sniffio` which event loop runs it
(httpcore/_synchronization.py, `current_async_library`). sniffio is no dependency of httpx,
httpcore or anyio any more, so an install without it paid a failed import — a walk over every
sys.path entry — several times per request (~5 % of the bot's time under load). The test
extras happened to bring it (selenium → trio → sniffio), hiding that from the test suite, so
this reads the dependencies a plain `pip install assent` gets."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, requires


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def runtime_closure(distribution: str) -> set[str]:
    """Every distribution installed by `distribution` without extras, transitively (the
    extras a requirement names, like tortoise-orm[asyncpg], are followed as pip does)."""
    seen: set[str] = set()
    todo = [(distribution, frozenset[str]())]
    while todo:
        name, extras = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            needs = requires(name) or []
        except PackageNotFoundError:
            continue
        for requirement in needs:
            marker = requirement.partition(";")[2]
            wanted = re.findall(r"extra\s*==\s*[\"']([^\"']+)[\"']", marker)
            if wanted and not set(wanted) & extras:
                continue
            named = re.search(r"\[([^\]]+)\]", requirement.partition(";")[0])
            more = frozenset(e.strip() for e in named[1].split(",")) if named else frozenset()
            todo.append((_name(requirement), more))
    return seen


def test_the_runtime_install_has_what_httpcore_imports_per_request() -> None:
    closure = runtime_closure("assent")
    assert "httpcore" in closure  # the check reads the real tree
    assert "sniffio" in closure
