"""pyproject.toml declares exactly the distributions sectrack imports at run time, each on its own line."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from conftest import ROOT

# Declared, but loaded by name rather than imported: the PostgreSQL driver SQLAlchemy finds from a
# postgresql+psycopg:// store URL.
LOADED_BY_NAME = {"psycopg"}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_canonical(re.split(r"[\s\[<>=!~;]", req, maxsplit=1)[0]) for req in project["dependencies"]}


def _imported_modules() -> dict[str, str]:
    """Top-level module name -> the first file of sectrack/ that imports it (standard library left out)."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "sectrack").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top != "sectrack" and top not in sys.stdlib_module_names:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_runtime_import_is_declared_and_every_declared_dependency_imported() -> None:
    owners = packages_distributions()
    imported: dict[str, str] = {}
    for module, where in _imported_modules().items():
        assert module in owners, f"{where} imports {module}, which no installed distribution provides"
        for dist in owners[module]:
            imported.setdefault(_canonical(dist), where)
    declared = _declared()
    missing = {dist: where for dist, where in imported.items() if dist not in declared}
    assert not missing, f"imported at run time but not in [project] dependencies: {missing}"
    unused = declared - set(imported) - LOADED_BY_NAME
    assert not unused, f"declared but imported nowhere in sectrack/: {unused}"
