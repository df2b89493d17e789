"""The house stays as built: the real import graph of ``archive`` and ``crawler`` has no cycles,
no upward imports, and ``archive`` (the library) loads neither Scrapy nor ``crawler`` at import.

Floors, from the bottom (a module may import its own package, and any floor below its own):

    0  archive, archive.errors, archive.runtime                 the package face and exception tree
    1  archive.config, archive.normalize, archive.clean         shared pure helpers
    2  archive.decode, archive.extract, archive.store           the stages (no stage imports another)
    3  archive.process                                          one fetched page through the stages (pure)
    4  archive.warc                                             fetched pages to and from WARC files
    5  archive.ingest, archive.export                           into and out of the archive
    5.5 archive.web                                             browsing it (its downloads are the export's stream)
    6-9 crawler                                                 the Scrapy layer, in four floors of its own:
        6  plain values, pure helpers and the code the helper processes run (no Scrapy there)
        7  Scrapy components (middlewares, extensions, scheduler) and the item they hand on
        8  the spider and the pipeline, which reach the components through the crawler
        9  wiring and running (settings, runner, schedule)
    10 archive.cli                                              the command, on top of everything

Rooms of one crawler floor may import each other; elsewhere a floor's rooms are independent.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS: dict[str, float] = {
    "archive": 0, "archive.errors": 0, "archive.runtime": 0,
    "archive.config": 1, "archive.normalize": 1, "archive.clean": 1,
    "archive.decode": 2, "archive.extract": 2, "archive.store": 2,
    "archive.process": 3,
    "archive.warc": 4,
    "archive.ingest": 5, "archive.export": 5, "archive.web": 5.5,
    "crawler": 6, "crawler.meta": 6, "crawler.discovery": 6, "crawler.sitemaps": 6, "crawler.sites": 6,
    "crawler.extensions.helper_processes": 6, "crawler.extensions.batch_calls": 6,
    "crawler.extensions.extraction_worker": 6, "crawler.extensions.archive_writer_process": 6,
    "crawler.middlewares": 7, "crawler.extensions": 7, "crawler.distributed": 7, "crawler.scheduler": 7, "crawler.items": 7,
    "crawler.spiders": 8, "crawler.pipelines": 8,
    "crawler.settings": 9, "crawler.runner": 9, "crawler.schedule": 9,
    "archive.cli": 10,
}
# What runs in the crawl's helper processes (extraction workers, the writer, their fork server)
# must start without Scrapy or Twisted.
HELPER_PROCESS_MODULES = [
    "crawler.extensions.helper_processes", "crawler.extensions.batch_calls",
    "crawler.extensions.extraction_worker", "crawler.extensions.archive_writer_process",
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def room(module: str) -> str:
    """The FLOORS entry a module belongs to: its longest listed prefix."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        if prefix in FLOORS:
            return prefix
    raise AssertionError(f"{module} is in no room of FLOORS: give it one")


def imports_of(path: Path) -> list[tuple[str, bool]]:
    """(imported module, at module level outside TYPE_CHECKING) for each first-party import."""
    tree = ast.parse(path.read_text("utf-8"))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend((alias.name, top) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.append((child.module, top))
                found.extend((f"{child.module}.{alias.name}", top) for alias in child.names)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, False)
            elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                visit(child, False)
            else:
                visit(child, top)

    visit(tree, True)
    return found


MODULES = {module_name(p): p for pkg in ("archive", "crawler") for p in (ROOT / pkg).rglob("*.py")}
MODULES = {name: path for name, path in MODULES.items() if not name.startswith("archive._migrations")}


def first_party(name: str) -> str | None:
    """The module an imported name refers to (``archive.x.y.Name`` -> ``archive.x.y``)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def graph(module_level_only: bool) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for imported, top in imports_of(path):
            target = first_party(imported)
            if target and target != name and (top or not module_level_only):
                edges[name].add(target)
    return edges


def test_every_module_has_a_floor() -> None:
    for name in MODULES:
        room(name)


def test_no_upward_or_sideways_imports() -> None:
    wrong = []
    for name, targets in graph(module_level_only=False).items():
        here = room(name)
        for target in targets:
            there = room(target)
            if there == here or target == "archive" or there in ("archive.errors",):
                continue
            if FLOORS[there] == FLOORS[here] and here.startswith("crawler"):
                continue
            if FLOORS[there] >= FLOORS[here]:
                wrong.append(f"{name} ({here}, floor {FLOORS[here]}) imports {target} ({there}, floor {FLOORS[there]})")
    assert wrong == []


def test_no_import_cycles() -> None:
    edges = graph(module_level_only=True)
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def walk(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                walk(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            walk(node, [node])
    assert cycles == []


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if m.startswith("archive.") and m != "archive.cli") + HELPER_PROCESS_MODULES
)
def test_library_and_helper_process_modules_load_neither_scrapy_nor_twisted(module: str) -> None:
    banned = "('scrapy', 'twisted')" if module.startswith("crawler.") else "('scrapy', 'twisted', 'crawler')"
    code = (
        f"import sys, {module}\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {banned})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
