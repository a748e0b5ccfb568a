"""Dependencies point one way (ARCHITECTURE.md): a package imports only the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = {"assent", "models", "billing", "flows", "bot", "mail", "templates", "web"}
# assent.settings is a leaf every layer may import; the rest of assent/ is the composition root.
ALLOWED = {
    "models": {"models"},
    "billing": {"billing", "models", "templates", "assent.settings"},
    "flows": {"flows", "billing", "models", "assent.settings"},
    "bot": {"bot", "flows", "billing", "models", "assent.settings"},
    "mail": {"mail", "billing", "models", "templates", "assent.settings"},
    "web": {"web", "billing", "models", "templates", "assent.settings"},
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] in PROJECT or name == "telegram"}


def allowed(module: str, rules: set[str]) -> bool:
    return any(module == rule or module.startswith(rule + ".") for rule in rules)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_the_layers_below(package: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for module in sorted(imports_of(path))
        if not allowed(module, ALLOWED[package]) and not (package == "bot" and module == "telegram")
    ]
    assert wrong == []


def test_flows_never_import_telegram() -> None:
    offenders = [
        p
        for p in (ROOT / "flows").rglob("*.py")
        if "telegram" in {m.split(".")[0] for m in imports_of(p)}
    ]
    assert offenders == []
