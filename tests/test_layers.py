"""The layers hold: no import cycle between apps or core packages (docs/architecture.md).

Built with grimp, which reads every module's imports (also those inside functions) without
running them. Also checks that nothing imports an interface (web, management commands, CLI) and
that the framework-free core imports no app.
"""

from __future__ import annotations

import grimp

# (lower, upper) pairs known to import each other. Empty since the architecture step; a pair
# put here must say where the loop closes, and the test fails once the loop is gone.
KNOWN_CYCLES: set[tuple[str, str]] = set()

# Units on a longer loop (three or more units) that is known and may only shrink. Empty since the
# hazard lines, the situation duty and the reminders came to be registered from above and the
# survey job moved into the register app (docs/architecture.md); any loop now fails the test.
KNOWN_LOOP: set[str] = set()

# The interfaces: pages and the API, management commands, the CLI. They may import everything;
# nothing below them imports them.
INTERFACES = {"web", "management", "cli", "__main__", "wsgi"}
# The framework-free core (docs/architecture.md): imports neither apps nor interfaces.
CORE = {
    "thai",
    "gazetteer",
    "nlp",
    "report",
    "register",
    "hazards",
    "evaluate",
    "encoding",
    "encryption",
    "keys",
    "progress",
    "zip_limits",
    "api_messages",
}


def _unit(module: str) -> str:
    parts = module.split(".")
    if "management" in parts[:4] and parts[1] == "apps":
        return "management"  # each app's commands are interfaces, like the web
    if len(parts) > 2 and parts[1] == "apps":
        return f"apps.{parts[2]}"
    return parts[1] if len(parts) > 1 else parts[0]


def _edges() -> dict[tuple[str, str], list[str]]:
    graph = grimp.build_graph("msoc", include_external_packages=False)
    edges: dict[tuple[str, str], list[str]] = {}
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            a, b = _unit(module), _unit(imported)
            if a != b:
                edges.setdefault((a, b), []).append(f"{module} → {imported}")
    return edges


def _cycles(
    edges: dict[tuple[str, str], list[str]] | None = None,
) -> dict[tuple[str, str], list[str]]:
    edges = _edges() if edges is None else edges
    return {(a, b): edges[(a, b)] + edges[(b, a)] for (a, b) in edges if a < b and (b, a) in edges}


def test_no_new_import_cycles_between_apps_and_core_packages() -> None:
    cycles = _cycles()
    new = {pair: where for pair, where in cycles.items() if pair not in KNOWN_CYCLES}
    assert not new, f"import cycles between layers: {new}"


def test_known_cycles_are_still_there() -> None:
    gone = KNOWN_CYCLES - set(_cycles())
    assert not gone, f"these cycles are gone: take them out of KNOWN_CYCLES: {sorted(gone)}"


def _loops(edges: dict[tuple[str, str], list[str]]) -> list[set[str]]:
    """The strongly connected groups of more than one unit (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                loops.append(group)

    for v in list(graph):
        if v not in index:
            visit(v)
    return loops


def test_no_new_longer_loops() -> None:
    """Loops through three or more units: none outside the known one (none is known now)."""
    loops = _loops(_edges())
    assert all(group <= KNOWN_LOOP for group in loops), f"new import loops: {loops}"


def test_no_upward_imports() -> None:
    """Nothing imports an interface; the core imports no app."""
    upward = {
        (a, b): where
        for (a, b), where in _edges().items()
        if (b in INTERFACES and a not in INTERFACES)
        or (a in CORE and (b.startswith("apps.") or b in INTERFACES))
    }
    assert not upward, f"upward imports: {upward}"


def test_the_check_sees_a_cycle() -> None:
    """The walk finds a loop and an upward import it is shown (so empty results mean something)."""
    assert _unit("msoc.apps.news.models") == "apps.news"
    assert _unit("msoc.web.views.search") == "web"
    assert _unit("msoc.apps.reports.management.commands.report") == "management"
    edges = _edges()
    # A real edge (review reads news items) closed by a made-up one back.
    assert ("apps.review", "apps.news") in edges
    looped = {**edges, ("apps.news", "apps.review"): ["msoc.apps.news.x → msoc.apps.review.y"]}
    assert ("apps.news", "apps.review") in _cycles(looped)
    assert ("apps.news", "apps.review") not in _cycles(edges)
    chain = {("a", "b"): [], ("b", "c"): [], ("c", "a"): [], ("c", "d"): []}
    assert _loops(chain) == [{"a", "b", "c"}]
