"""The tree shows the architecture: areas depend one way, no module imports itself back, and no
module grows past what a reader takes in at once."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400
# Each area may import only from the areas listed for it (and from itself).
ALLOWED = {
    "text": set(),
    # processes that end with the one that started them
    "lifetime": set(),
    "models": {"text"},
    "search_indexes": {"models", "text"},
    "search": {"models", "text", "search_indexes"},
    "entities": {"models", "text", "lifetime"},
    "stories": {"models", "text", "search", "search_indexes"},
    "ingest": {"models", "text", "search", "search_indexes", "entities", "stories", "lifetime"},
    "web": {"models", "text", "search", "search_indexes", "entities", "stories", "ingest"},
    # the signed-in layer on top of the public pages
    "workspace": {"models", "text", "search", "search_indexes", "web"},
    "admin": {"models", "text", "search", "search_indexes", "entities", "stories", "ingest"},
    "api": {"models", "text", "search", "search_indexes", "entities", "stories", "ingest"},
    "templatetags": {"models", "text", "web", "workspace"},
    "management": {
        *("models", "text", "search", "search_indexes", "entities", "stories", "ingest"),
        *("workspace", "lifetime"),
    },
    "checks": set(),
    "apps": {"checks"},
}


def modules():
    for path in sorted((ROOT / "archive").rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path):
    """The archive modules ``path`` imports (``from archive.x import y`` counts archive.x.y
    when that is a module)."""
    known = {module_name(p) for p in modules()}
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & known
            names.update(submodules or {node.module})
    return names & known


def area(name):
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else None


def test_areas_depend_one_way():
    wrong = []
    for path in modules():
        name = module_name(path)
        own = area(name)
        for other in imported(path):
            if area(other) not in {own, None} and area(other) not in ALLOWED.get(own, set()):
                wrong.append(f"{name} imports {other}")
    assert wrong == []


def test_no_import_cycles():
    graph = {module_name(path): imported(path) for path in modules()}
    done, stack, cycles = set(), [], []

    def visit(name):
        if name in stack:
            cycles.append(" -> ".join([*stack[stack.index(name) :], name]))
            return
        if name in done:
            return
        stack.append(name)
        for other in sorted(graph.get(name, ())):
            # a package's __init__ importing its own modules is how packages re-export
            if not other.startswith(f"{name}."):
                visit(other)
        stack.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)
    assert cycles == []


def test_no_module_is_longer_than_a_reader_takes_in():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in [*modules(), *(ROOT / "config").glob("*.py")]
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
