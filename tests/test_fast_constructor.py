"""Every call of a ``model.fast_constructor`` passes the fields in declaration order.

The generated constructors take every field positionally and apply no checks, so a call site that
passes two fields the other way round would build a wrong object silently. This test reads every
call site in the package: each argument must be a name equal to its field's, or stand on a line
whose comment names the fields of that line's arguments in order (``# op, text, run``; a starred
argument takes the names left over).
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import io
import tokenize

import pytest
from conftest import ROOT

PACKAGE = ROOT / "sectrack"


def _comments(source: str) -> dict[int, list[str]]:
    """Line number -> the field names a trailing comment lists."""
    out = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            out[tok.start[0]] = [n.strip() for n in tok.string.lstrip("#").split(",") if n.strip()]
    return out


def _call_sites() -> list[tuple[str, int, type, ast.Call, dict[int, list[str]]]]:
    sites = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "fast_constructor(" not in source:
            continue
        tree = ast.parse(source)
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        makers = {}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                    and getattr(node.value.func, "id", "") == "fast_constructor"):
                makers[node.targets[0].id] = getattr(module, node.value.args[0].id)  # type: ignore[attr-defined]
        comments = _comments(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in makers:
                sites.append((str(path.relative_to(ROOT)), node.lineno, makers[node.func.id], node, comments))  # type: ignore[attr-defined]
    return sites


SITES = _call_sites()


def test_the_call_sites_are_found() -> None:
    assert len(SITES) >= 4


@pytest.mark.parametrize("where,line,cls,call,comments", SITES, ids=[f"{s[0]}:{s[1]}" for s in SITES])
def test_fields_in_declaration_order(where: str, line: int, cls: type, call: ast.Call, comments: dict) -> None:
    fields = [f.name for f in dataclasses.fields(cls)]
    assert not call.keywords, f"{where}:{line}: pass every field positionally"
    lines: dict[int, list[ast.expr]] = {}
    for arg in call.args:
        lines.setdefault(arg.end_lineno or arg.lineno, []).append(arg)
    got: list[str] = []
    for lineno in sorted(lines):
        args = lines[lineno]
        if lineno in comments:
            got.extend(comments[lineno])
            continue
        for arg in args:
            assert isinstance(arg, ast.Name), f"{where}:{lineno}: name the field of {ast.unparse(arg)} in a comment"
            got.append(arg.id)
    assert got == fields, f"{where}:{line}: fields passed as {got}, declared as {fields}"
