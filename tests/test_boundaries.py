"""Pure layers never import Django or the apps (ARCHITECTURE.md: analytics is pure)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "msoko"
PURE = [
    ROOT / "analytics",
    ROOT / "tabular",
    ROOT / "demo" / "generator.py",
    ROOT / "demo" / "names.py",
    ROOT / "demo" / "results",
]
FORBIDDEN = ("django", "msoko.core", "msoko.registry", "msoko.config", "msoko.demo.services")


def _modules(path: Path) -> list[Path]:
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "module", [m for p in PURE for m in _modules(p)], ids=lambda m: str(m.relative_to(ROOT))
)
def test_pure_module_imports_no_framework(module):
    bad = {name for name in _imports(module) if name.startswith(FORBIDDEN)}

    assert not bad, f"{module} imports {bad}"
