"""The layer rule of ARCHITECTURE.md, checked on every import statement (lazy ones inside
functions too): storage <- crawler; storage <- classifier <- analysis <- medium (the CLI);
the sample world imports none of them and none of them imports it; no two modules import
each other, however indirectly (a module's import of its own package aside)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLEWORLD_SRC = ROOT / "sampleworld" / "src"
OURS = ("storage", "crawler", "classifier", "analysis", "medium", "sampleworld", "medium_demo")
MAY_IMPORT = {
    "storage": {"storage"},
    "crawler": {"storage", "crawler"},
    "classifier": {"storage", "classifier"},
    "analysis": {"storage", "classifier", "analysis"},
    "medium": {"storage", "crawler", "classifier", "analysis", "medium"},
    "sampleworld": {"sampleworld"},
    "medium_demo": set(OURS),
}
HEAVY = {"tensorflow", "keras", "shap", "scrapy", "twisted"}
NO_HEAVY = {"storage": HEAVY, "crawler": HEAVY - {"scrapy", "twisted"}}


def package_dir(package: str) -> Path:
    return SAMPLEWORLD_SRC / package if package in ("sampleworld", "medium_demo") else ROOT / package


def module_name(path: Path, package: str) -> str:
    parts = path.relative_to(package_dir(package).parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, name: str) -> set[str]:
    """Every module an import statement of the module `name` at `path` names, relative imports resolved."""
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(here.split(".")[: len(here.split(".")) - node.level + 1]) if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}  # `from pkg import module`
    return found


def all_modules() -> dict[str, tuple[str, Path]]:
    return {module_name(path, package): (package, path)
            for package in OURS for path in sorted(package_dir(package).rglob("*.py"))}


def violations(package: str, path: Path, name: str) -> list[str]:
    wrong = []
    for module in sorted(imports_of(path, name)):
        top = module.split(".")[0]
        if top in OURS and top not in MAY_IMPORT[package]:
            wrong.append(f"{name} imports {module}")
        if top in NO_HEAVY.get(package, ()):
            wrong.append(f"{name} imports {module}, which {package} must not load")
    return wrong


@pytest.mark.parametrize("package", OURS)
def test_each_package_imports_only_the_layers_below_it(package):
    wrong = [problem for path in sorted(package_dir(package).rglob("*.py"))
             for problem in violations(package, path, module_name(path, package))]
    assert not wrong, "\n".join(wrong)


def test_no_two_modules_import_each_other():
    modules = all_modules()
    # a module's own packages are imported before it whatever it says: those edges are no cycle
    graph = {name: {module for module in imports_of(path, name)
                    if module in modules and not (name == module or name.startswith(f"{module}."))}
             for name, (_, path) in modules.items()}
    cycles = []
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                cycles.append(" -> ".join(trail[trail.index(target):] + [node, target]) if target in trail
                              else f"{node} -> {target}")
            elif target not in state:
                visit(target, trail + [node])
        state[node] = "closed"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert not cycles, "\n".join(cycles)


def test_the_checker_sees_lazy_and_relative_imports_that_break_the_rule(tmp_path):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("from . import neighbourhoods\nfrom ..medium import cli\n\n\n"
                      "def f():\n    from classifier.model import build_model\n    import shap\n")
    assert violations("analysis", sneaky, "analysis.sneaky") == ["analysis.sneaky imports medium",
                                                                   "analysis.sneaky imports medium.cli"]
    assert violations("storage", sneaky, "storage.sneaky") == [
        "storage.sneaky imports classifier.model", "storage.sneaky imports classifier.model.build_model",
        "storage.sneaky imports medium", "storage.sneaky imports medium.cli",
        "storage.sneaky imports shap, which storage must not load"]
