"""The apps form layers, and the import graph between them is read from the
source, not kept by hand: every ``import steerco.<app>…`` and every
``apps.get_model("<app>.<Model>")`` in an app's modules (tests and
migrations aside) is an edge from that app to the other one. The test fails
on a cycle, and on any edge that does not go down the layer order written
in docs/architecture.md (apps on one line are peers and import neither
way)."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "steerco"
SKIPPED = {"tests", "migrations"}


def apps() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())


def documented_layers() -> list[list[str]]:
    """The ```layers block of docs/architecture.md, lowest first."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = re.search(r"```layers\n(.*?)```", text, re.S)
    assert block, "docs/architecture.md has no ```layers block"
    return [line.split("#")[0].split() for line in block.group(1).splitlines() if line.split("#")[0].strip()]


def _targets(node: ast.AST, known: set[str]) -> list[str]:
    names: list[str] = []
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        names = [node.module] + ([f"steerco.{a.name}" for a in node.names] if node.module == "steerco" else [])
    elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "get_model":
        args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if args:
            return [args[0].split(".")[0]] if args[0].split(".")[0] in known else []
    return [n.split(".")[1] for n in names if n.startswith("steerco.") and n.split(".")[1] in known]


def import_graph() -> dict[str, dict[str, set[str]]]:
    """app -> {imported app -> modules that import it}."""
    known = set(apps())
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for app in known:
        for path in (PACKAGE / app).rglob("*.py"):
            if SKIPPED & set(path.relative_to(PACKAGE).parts):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                for target in _targets(node, known):
                    if target != app:
                        graph[app][target].add(str(path.relative_to(ROOT)))
    return graph


def find_cycle(graph) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(app):
        state[app] = 1
        stack.append(app)
        for target in sorted(graph.get(app, {})):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[app] = 2
        return None

    for app in sorted(graph):
        if app not in state and (found := visit(app)):
            return found
    return None


def test_the_graph_is_read_from_the_source():
    graph = import_graph()
    assert "units" in graph["accounts"], "accounts.access reads units: the reader must see that edge"
    assert len(apps()) > 10


def test_every_app_has_its_place_in_the_documented_layers():
    placed = [app for layer in documented_layers() for app in layer]
    assert sorted(placed) == apps(), "docs/architecture.md's layers must name every app once"


def test_no_cycle_between_apps():
    assert find_cycle(import_graph()) is None, f"import cycle: {' -> '.join(find_cycle(import_graph()))}"


def test_imports_only_go_down_the_layers():
    level = {app: i for i, layer in enumerate(documented_layers()) for app in layer}
    wrong = [
        f"{app} (layer {level[app]}) imports {target} (layer {level[target]}): {', '.join(sorted(modules))}"
        for app, targets in sorted(import_graph().items())
        for target, modules in sorted(targets.items())
        if level[target] >= level[app]
    ]
    assert not wrong, "\n".join(wrong)


def test_the_cycle_finder_finds_one():
    assert find_cycle({"a": {"b": set()}, "b": {"c": set()}, "c": {"a": set()}}) == ["a", "b", "c", "a"]
