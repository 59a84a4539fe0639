"""One OOXML layer: XML is parsed only by sectrack/ooxml/xml.py's safe parser, packages are opened
only by sectrack/ooxml/, and namespace names are written only in sectrack/ooxml/names.py."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "sectrack"
PARSING = {"fromstring", "XML", "parse", "iterparse", "XMLParser", "XMLPullParser", "HTML"}
NAMESPACE = re.compile(r"https?://schemas\.(openxmlformats\.org|microsoft\.com)/|http://purl\.oclc\.org/ooxml|urn:schemas-microsoft-com")


def _modules(but: str) -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if not p.relative_to(PACKAGE).as_posix().startswith(but)]


def _attribute_calls(path: Path) -> list[tuple[int, str, str]]:
    """(line, object, attribute) of every ``obj.attr(...)`` call in ``path``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            out.append((node.lineno, node.func.value.id, node.func.attr))
    return out


def test_xml_is_parsed_only_by_the_safe_parser() -> None:
    found = [f"{p.relative_to(ROOT)}:{line}: {obj}.{attr}"
             for p in _modules("ooxml/xml.py") for line, obj, attr in _attribute_calls(p)
             if obj == "etree" and attr in PARSING]
    assert not found, found


def test_packages_are_opened_only_by_the_ooxml_layer() -> None:
    found = [f"{p.relative_to(ROOT)}:{line}: {obj}.{attr}"
             for p in _modules("ooxml/") for line, obj, attr in _attribute_calls(p)
             if obj == "zipfile" and attr == "ZipFile"]
    assert not found, found


def test_namespace_names_are_written_in_one_place() -> None:
    found = [f"{p.relative_to(ROOT)}:{k}" for p in _modules("ooxml/names.py")
             for k, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if NAMESPACE.search(line)]
    assert not found, found
