"""crawler/ reads as its architecture: no import cycles, no upward imports, and the code that runs
in the helper processes imports no Scrapy (read from the source, module-level imports only)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Lowest first: a module may import modules of its own layer or below, never above.
LAYERS: tuple[tuple[str, ...], ...] = (
    # plain values and pure functions; the code the helper processes run
    ("crawler.meta", "crawler.discovery", "crawler.sitemaps", "crawler.sites",
     "crawler.extensions.helper_processes", "crawler.extensions.batch_calls",
     "crawler.extensions.extraction_worker", "crawler.extensions.archive_writer_process"),
    # Scrapy components, and the item they hand on
    ("crawler.middlewares", "crawler.extensions", "crawler.scheduler", "crawler.items"),
    # the spider and the pipeline, which use the components through the crawler
    ("crawler.spiders", "crawler.pipelines"),
    # wiring and running
    ("crawler.settings", "crawler.runner"),
)
HELPER_PROCESS_MODULES = LAYERS[0][4:]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_level_imports(path: Path) -> set[str]:
    """Modules imported when ``path`` is imported (not those under ``if TYPE_CHECKING:`` or inside
    functions)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = {_module_name(path): path for path in sorted((ROOT / "crawler").rglob("*.py"))}
CRAWLER_IMPORTS = {
    name: {imported for imported in _module_level_imports(path) if imported in MODULES and imported != name}
    for name, path in MODULES.items()
}


def _layer(module: str) -> int:
    """The layer of the longest prefix of ``module`` named in LAYERS."""
    best, rank = -1, -1
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), number
    return rank


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "crawler"))
def test_every_crawler_module_has_a_layer_and_imports_nothing_above_it(module: str) -> None:
    assert _layer(module) >= 0, f"{module} is in no layer of LAYERS"
    upward = sorted(i for i in CRAWLER_IMPORTS[module] if _layer(i) > _layer(module))
    assert upward == [], f"{module} imports from a higher layer"


def test_crawler_has_no_import_cycles() -> None:
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        if module in done:
            return
        assert module not in visiting, "import cycle: " + " -> ".join([*visiting[visiting.index(module):], module])
        visiting.append(module)
        for imported in sorted(CRAWLER_IMPORTS[module]):
            visit(imported)
        visiting.pop()
        done.add(module)

    for module in sorted(CRAWLER_IMPORTS):
        visit(module)


@pytest.mark.parametrize("module", HELPER_PROCESS_MODULES)
def test_code_run_in_the_helper_processes_imports_neither_scrapy_nor_twisted(module: str) -> None:
    imported = _module_level_imports(MODULES[module])
    assert sorted(i for i in imported if i.split(".")[0] in {"scrapy", "twisted"}) == []


def test_the_archive_library_never_imports_the_crawler_at_module_level() -> None:
    offenders = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "archive").rglob("*.py"))
        if any(i.split(".")[0] in {"crawler", "scrapy"} for i in _module_level_imports(path))
    ]
    assert offenders == []
