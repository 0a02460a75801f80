"""The package's import graph: no circle, and no layer importing a layer above it.

Layers, lowest first (docs/layout.md says why they are in this order):

    base        pipeline/__init__, document, jsonl, textnorm, config, schema
    record      extract/__init__, extract.record, extract.language
    extractors  pipeline.extractors.*                 (may import base, record)
    ingest      pipeline.ingest.*                     (may import base)
    crawl       pipeline.crawl.*                      (may import base, ingest)
    stage       extract.nlp, step, inputs, engines, stage (base, record, extractors, ingest)
    downstream  pipeline.downstream.*                 (base, record, extractors, ingest, stage)
    evaluation  pipeline.evaluation.*                 (everything below but cli)
    cli         pipeline.cli, pipeline.__main__       (everything)

Every import counts for the layers, at module level or inside a function (a lazy import is
still a dependency). Circles are looked for among module-level imports, the ones that run when
a module is loaded; an import inside a function is how a circle is legitimately broken.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASE = {"pipeline", "pipeline.document", "pipeline.jsonl", "pipeline.textnorm",
        "pipeline.config", "pipeline.schema", "pipeline.runlog"}
RECORD = {"pipeline.extract", "pipeline.extract.record",
          "pipeline.extract.language"}
STAGE = {"pipeline.extract.nlp", "pipeline.extract.step", "pipeline.extract.inputs",
         "pipeline.extract.engines", "pipeline.extract.incremental", "pipeline.extract.stage"}
CLI = {"pipeline.cli", "pipeline.__main__"}
PACKAGE_LAYERS = {"pipeline.extractors": "extractors", "pipeline.ingest": "ingest",
                  "pipeline.crawl": "crawl", "pipeline.downstream": "downstream",
                  "pipeline.evaluation": "evaluation"}

#: what each layer may import besides itself
ALLOWED = {
    "base": set(),
    "record": {"base"},
    "extractors": {"base", "record"},
    "ingest": {"base"},
    "crawl": {"base", "ingest"},
    "stage": {"base", "record", "extractors", "ingest"},
    "downstream": {"base", "record", "extractors", "ingest", "stage"},
    "evaluation": {"base", "record", "extractors", "ingest", "crawl", "stage", "downstream"},
    "cli": {"base", "record", "extractors", "ingest", "crawl", "stage", "downstream",
            "evaluation"},
}


def layer_of(module: str) -> str | None:
    if module in BASE:
        return "base"
    if module in RECORD:
        return "record"
    if module in STAGE:
        return "stage"
    if module in CLI:
        return "cli"
    for package, layer in PACKAGE_LAYERS.items():
        if module == package or module.startswith(package + "."):
            return layer
    return None


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    module_level: bool


def module_files(root: Path, package: str) -> dict[str, Path]:
    """Every module of `package` (a folder under `root`) by its dotted name."""
    modules = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imported_names(node: ast.Import | ast.ImportFrom, module: str, is_package: bool,
                    known: dict[str, Path]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    # `from pipeline.extract import record` imports the module pipeline.extract.record
    return [f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in known else prefix
            for alias in node.names]


def _module_level_nodes(tree: ast.Module) -> set[int]:
    """ids of the import nodes that run when the module loads (top level, and inside top-level
    if/try/with blocks, TYPE_CHECKING included: a circle there is still a design circle)."""
    found: set[int] = set()
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.add(id(node))
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            for field in ("body", "orelse", "finalbody", "handlers"):
                stack.extend(getattr(node, field, []))
        elif isinstance(node, ast.ExceptHandler):
            stack.extend(node.body)
    return found


def package_imports(root: Path, package: str = "pipeline") -> list[Import]:
    """Every import of one module of `package` by another, with where it is."""
    modules = module_files(root, package)
    imports = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        top = _module_level_nodes(tree)
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for name in _imported_names(node, module, path.name == "__init__.py", modules):
                if name == package or name.startswith(package + "."):
                    imports.append(Import(module, name, node.lineno, id(node) in top))
    return imports


def upward_imports(imports: list[Import]) -> list[str]:
    found = []
    for imp in imports:
        src, dst = layer_of(imp.importer), layer_of(imp.imported)
        if src is None or dst is None or src == dst:
            continue
        if dst not in ALLOWED[src]:
            found.append(f"{imp.importer}:{imp.line} ({src}) imports {imp.imported} ({dst})")
    return sorted(found)


def import_circles(imports: list[Import]) -> list[list[str]]:
    """Strongly connected components of more than one module (or a module importing itself)
    among module-level imports, each sorted."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if imp.module_level:
            graph.setdefault(imp.importer, set()).add(imp.imported)
            graph.setdefault(imp.imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    circles = []

    def visit(node: str) -> None:  # Tarjan's algorithm; the graph has ~120 nodes
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(circles)


# --- the package ------------------------------------------------------------------------------


def pipeline_imports() -> list[Import]:
    imports = package_imports(ROOT)
    # guard against a parser that finds nothing: the stage imports the extractors through nlp
    assert Import("pipeline.__main__", "pipeline.cli", 1, True) in imports
    assert any(i.importer == "pipeline.extract.nlp" and i.imported.startswith(
        "pipeline.extractors") for i in imports)
    return imports


def test_every_module_has_a_layer():
    modules = module_files(ROOT, "pipeline")
    assert len(modules) > 80
    assert [m for m in modules if layer_of(m) is None] == []


def test_no_import_circle_among_module_level_imports():
    assert import_circles(pipeline_imports()) == []


def test_no_layer_imports_a_layer_above_it():
    assert upward_imports(pipeline_imports()) == []


# --- the checks themselves can fail -----------------------------------------------------------


def write_package(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def test_an_upward_import_inside_a_function_is_found(tmp_path):
    write_package(tmp_path, {
        "pipeline/__init__.py": "",
        "pipeline/document.py": "def f():\n    from pipeline.extract import step\n",
        "pipeline/extract/__init__.py": "",
        "pipeline/extract/step.py": "from pipeline import document\n",
        "pipeline/ingest/local.py": "from ..extractors.people import names\n",
        "pipeline/extractors/people/names.py": "import pipeline.textnorm\n",
    })
    found = upward_imports(package_imports(tmp_path))
    assert found == [
        "pipeline.document:2 (base) imports pipeline.extract.step (stage)",
        "pipeline.ingest.local:1 (ingest) imports pipeline.extractors.people.names (extractors)",
    ]


def test_a_circle_of_module_level_imports_is_found_and_a_lazy_one_is_not(tmp_path):
    write_package(tmp_path, {
        "pipeline/__init__.py": "",
        "pipeline/document.py": "from pipeline.extract.record import Record\n",
        "pipeline/extract/__init__.py": "",
        "pipeline/extract/record.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from pipeline.document import Document\n"),
        "pipeline/jsonl.py": "def f():\n    import pipeline.textnorm\n",
        "pipeline/textnorm.py": "import pipeline.jsonl\n",
    })
    assert import_circles(package_imports(tmp_path)) == [
        ["pipeline.document", "pipeline.extract.record"]]
