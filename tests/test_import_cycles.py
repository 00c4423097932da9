"""No import cycles in src/genresp (issue 9 section 2).

The graph is built from the source with `ast`, nothing is imported. Its nodes are genresp's modules;
an edge A -> B means A's code imports B, where it stands:

- module level, including inside ``try`` / ``if`` blocks, since they run when A is imported;
- inside functions and methods too: an import deferred into a function to dodge a cycle is still a
  cycle in the design (the module below needs the module above), and that is what this test is
  for. Lazy imports of the standard library or of a framework are not edges (only genresp's
  modules are nodes);
- but not under ``if TYPE_CHECKING:``: those imports never run, they only name types.

``from pkg import name`` is an edge to ``pkg.name`` when that is a module, else to ``pkg`` (its
``__init__``). The implicit import of a module's parent packages is not an edge: every submodule
would otherwise be in a cycle with ``genresp/__init__``, which imports the public classes. An
``importlib.import_module`` call by name is not seen (exceptions.py uses one to build the
interface's Response class; see its comment).

One deferred edge is allowed, and listed in ALLOWED_DEFERRED with its reason; the test checks that
it is still deferred and still needed, so the list cannot go stale.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "genresp"

#: (importer, imported) pairs whose import is allowed inside a function only, and why.
ALLOWED_DEFERRED = {
    # WSGIMixin.force_type turns a WSGI application into genresp.Response, the class composed from
    # WSGIMixin itself (Werkzeug's force_type builds its base Response the same way), then sets
    # the caller's class. genresp.response imports wsgi to compose it, so the glue can only reach
    # the composed class at call time.
    ("genresp.wsgi", "genresp.response"),
}


def _module_names() -> dict[str, Path]:
    names: dict[str, Path] = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement of the tree but those under ``if TYPE_CHECKING:``, each with whether
    it stands inside a function."""
    found: list[tuple[ast.Import | ast.ImportFrom, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append((node, in_function))
            return
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child, in_function)
            return
        inside = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        for child in ast.iter_child_nodes(node):
            visit(child, inside)

    visit(tree, False)
    return found


def _edges(name: str, path: Path, modules: set[str]) -> dict[str, bool]:
    """The genresp modules ``name`` imports, each mapped to whether only functions import it."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    targets: dict[str, bool] = {}
    for node, in_function in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            if node.level:
                base_parts = package.split(".")
                if node.level > 1:
                    base_parts = base_parts[: -(node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            candidates = []
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                candidates.append(submodule if submodule in modules else base)
        for target in candidates:
            if target in modules and target != name:
                targets[target] = targets.get(target, True) and in_function
    return targets


def _edges_by_module() -> dict[str, dict[str, bool]]:
    paths = _module_names()
    modules = set(paths)
    return {name: _edges(name, path, modules) for name, path in paths.items()}


def import_graph() -> dict[str, set[str]]:
    """genresp module -> the genresp modules it imports (see the module docstring), less the
    allowed deferred edges."""
    return {
        name: {target for target in edges if (name, target) not in ALLOWED_DEFERRED}
        for name, edges in _edges_by_module().items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as [a, b, ..., a], or None (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in sorted(graph):
        if root in state:
            continue
        path = [root]
        state[root] = 1
        stack = [iter(sorted(graph[root]))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                state[path.pop()] = 2
                continue
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph[nxt])))
    return None


def test_graph_sees_the_package() -> None:
    graph = import_graph()
    # A sanity check that the walk found the modules and resolved relative imports.
    assert "genresp._grammar" in graph
    assert "genresp.http" in graph
    assert "genresp._grammar" in graph["genresp.http"]
    assert "genresp.sansio.preconditions" in graph["genresp.sansio.conditional"]


def test_grammar_is_the_bottom_layer() -> None:
    graph = import_graph()
    allowed = {"genresp._cache", "genresp._lazy", "genresp._typing"}
    assert graph["genresp._grammar"] <= allowed
    for name in allowed:
        assert graph[name] <= allowed


def test_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize(("importer", "imported"), sorted(ALLOWED_DEFERRED))
def test_allowed_deferred_edges_are_deferred_and_needed(importer: str, imported: str) -> None:
    edges = _edges_by_module()
    # Still there, and only inside functions ...
    assert edges[importer].get(imported) is True
    # ... and still needed: without the exception the graph would have a cycle through it.
    graph = import_graph()
    graph[importer].add(imported)
    assert find_cycle(graph) is not None


@pytest.mark.parametrize(
    ("graph", "has_cycle"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, False),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, True),
        ({"a": {"b", "c"}, "b": {"c"}, "c": set()}, False),
        ({"a": set(), "b": {"c"}, "c": {"b"}}, True),
    ],
)
def test_find_cycle(graph: dict[str, set[str]], has_cycle: bool) -> None:
    cycle = find_cycle(graph)
    assert (cycle is not None) == has_cycle
    if cycle is not None:
        assert cycle[0] == cycle[-1]
        assert all(b in graph[a] for a, b in zip(cycle[:-1], cycle[1:], strict=True))


def test_edges_follow_the_rules(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .sub import leaf\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "leaf.py").write_text(
        "from __future__ import annotations\n"
        "TYPE_CHECKING = False\n"
        "if TYPE_CHECKING:\n"
        "    from .. import other\n"
        "def f():\n"
        "    from ..other import thing\n"
        "    import json\n"
    )
    (pkg / "other.py").write_text("")
    modules = {"pkg", "pkg.sub", "pkg.sub.leaf", "pkg.other"}
    assert _edges("pkg", pkg / "__init__.py", modules) == {"pkg.sub.leaf": False}
    # The function-level import counts (marked deferred), the TYPE_CHECKING one and the stdlib one
    # do not.
    assert _edges("pkg.sub.leaf", pkg / "sub" / "leaf.py", modules) == {"pkg.other": True}
