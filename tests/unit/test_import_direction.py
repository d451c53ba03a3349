"""Imports point one way: settings → datasets → transforms → figures → components → views → shell → factory.

The package is parsed with `ast` (nothing is imported), every `import` is resolved to the top-level part of
`imapdash` it names (`imapdash.views.explorer.charts` is part `views`; a relative import is resolved
against its module), and two rules are checked over ALL imports, function-local ones included (a local
import that dodges a cycle is still a cycle):

1. a part of the chain never imports a part above it (the shell sits above the views, the factory on top);
2. no cycle between parts at all, in or outside the chain (api, auth, news, partner, releases, … included).

Known exceptions are listed in ONE allowlist below, each with the reason; an entry that no longer occurs
fails the test too, so the list can only shrink.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "imapdash"

CHAIN = ("settings", "datasets", "transforms", "figures", "components", "views", "shell", "factory")
RANK = {name: level for level, name in enumerate(CHAIN)}
ROOT = "imapdash"  # the package's own __init__ (create_app, __version__)

# (importing part, imported part): why it is still allowed. Keep this list short and dated.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {
    # 2026-12 (issue 12, found after merging main): imapdash/api/openapi.py does `from imapdash import __version__`;
    # the package root imports create_app from the factory, which registers the api: a root -> factory -> api ->
    # root cycle. Fix (opendata's file): `from imapdash.version import __version__`, then remove this entry.
    ("api", ROOT): "openapi.py reads __version__ from the package root instead of imapdash.version",
}


def modules(package: Path) -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package __init__), for every .py file under `package`."""
    found = {}
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_package)
    return found


def imported(module: str, is_package: bool, node: ast.Import | ast.ImportFrom, known: Iterable[str]) -> list[str]:
    """The modules of our package an import statement names (a `from X import name` of a submodule names it)."""
    top = module.split(".")[0]
    names: list[str] = []
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            target = ".".join([*base, node.module] if node.module else base)
        else:
            target = node.module or ""
        known = set(known)
        names = [f"{target}.{a.name}" if f"{target}.{a.name}" in known else target for a in node.names]
    return [n for n in names if n == top or n.startswith(top + ".")]


def part(module: str) -> str:
    """The top-level part of the package a module belongs to ('imapdash.views.context' -> 'views')."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else ROOT


def import_edges(package: Path) -> dict[tuple[str, str], set[str]]:
    """(importing part, imported part) -> the 'module -> module' imports behind it (parts differ)."""
    found = modules(package)
    edges: dict[tuple[str, str], set[str]] = {}
    for module, (path, is_package) in found.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in imported(module, is_package, node, found):
                source_part, target_part = part(module), part(target)
                if source_part != target_part:
                    edges.setdefault((source_part, target_part), set()).add(f"{module} -> {target}")
    return edges


def against_the_chain(edges: dict[tuple[str, str], set[str]]) -> dict[tuple[str, str], set[str]]:
    """Imports from a part of the chain to a part above it."""
    return {(a, b): why for (a, b), why in edges.items() if a in RANK and b in RANK and RANK[b] > RANK[a]}


def cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected groups of more than one part (Tarjan), each sorted."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for vertex in sorted(graph):
        if vertex not in index:
            visit(vertex)
    return groups


def _explain(edges: dict[tuple[str, str], set[str]], pairs: Iterable[tuple[str, str]]) -> str:
    return "\n".join(f"  {a} -> {b}: {sorted(edges[(a, b)])[:3]}" for a, b in sorted(pairs))


def test_no_import_points_against_the_chain():
    edges = {k: v for k, v in import_edges(PACKAGE).items() if k not in KNOWN_EXCEPTIONS}
    wrong = against_the_chain(edges)
    assert not wrong, "imports against " + " → ".join(CHAIN) + ":\n" + _explain(edges, wrong)


def test_no_cycle_between_parts_of_the_package():
    edges = {k: v for k, v in import_edges(PACKAGE).items() if k not in KNOWN_EXCEPTIONS}
    found = cycles(edges)
    detail = "\n".join(_explain(edges, [(a, b) for a, b in edges if a in g and b in g]) for g in found)
    assert found == [], f"import cycles between parts: {found}\n{detail}"


def test_every_known_exception_still_occurs():
    edges = import_edges(PACKAGE)
    stale = [pair for pair in KNOWN_EXCEPTIONS if pair not in edges]
    assert stale == [], f"remove these fixed exceptions from KNOWN_EXCEPTIONS: {stale}"


# --- the checker itself finds what it should (a test that cannot fail is no test) ------------------------------


def _write(root: Path, files: dict[str, str]) -> Path:
    package = root / "imapdash"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_checker_flags_an_upward_import_and_a_local_import_cycle(tmp_path):
    package = _write(
        tmp_path,
        {
            "__init__.py": "",
            "figures/__init__.py": "",
            "figures/map.py": "from ..views.explorer import charts\n",  # figures -> views: against the chain
            "views/__init__.py": "",
            "views/explorer/__init__.py": "from . import charts\n",
            "views/explorer/charts.py": "from imapdash.figures import map\n",
            "api/__init__.py": "def f():\n    from imapdash import news  # a local import dodging a cycle\n",
            "news/__init__.py": "from ..api import f\n",
        },
    )
    edges = import_edges(package)
    assert against_the_chain(edges) == {
        ("figures", "views"): {"imapdash.figures.map -> imapdash.views.explorer.charts"}
    }
    assert sorted(cycles(edges)) == [["api", "news"], ["figures", "views"]]


def test_checker_accepts_the_chain_order(tmp_path):
    package = _write(
        tmp_path,
        {
            "__init__.py": "",
            "settings.py": "",
            "datasets/__init__.py": "from imapdash.settings import x\n",
            "views/__init__.py": "from ..datasets import y\nfrom ..components import chart\n",
            "components/chart.py": "from imapdash.figures import z\n",
            "factory.py": "from .views import VIEWS\nfrom .shell import layout\n",
            "shell.py": "from .views import find_view\n",
        },
    )
    edges = import_edges(package)
    assert against_the_chain(edges) == {} and cycles(edges) == []
