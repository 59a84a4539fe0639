"""Small SEC documents for the checks' tests, written in the corpus markup and built by corpus/build.py."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import sectrack.docx
from sectrack.model import Document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _builder() -> ModuleType:
    name = "corpus_build_for_checks"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, CORPUS / "build.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def make(folder: Path, slug: str, name: str, source: str, version: str = "1.0") -> Document:
    """Build ``source`` (corpus markup) as document ``slug`` at ``version`` and read it back."""
    build = _builder()
    kind, _, letter = slug.partition("-")
    meta = build.Meta(slug, kind, letter.upper(), name)
    blocks = build.parse_source(textwrap.dedent(source).strip() + "\n")
    path = folder / f"{slug}-v{version}.docx"
    path.write_bytes(build.render_docx(meta, version, blocks, dt.date(2024, 1, 1)))
    return sectrack.docx.read(path)


def definitions(*rows: tuple[str, str]) -> str:
    """Section A's source: clause A1.1 and its definitions table."""
    table = "\n".join(f"| {term} | {meaning} |" for term, meaning in rows)
    return (
        "# DEFINITIONS\n"
        "1. In this Code, each expression in the left-hand column of the table below has the meaning in the right-hand column.\n"
        "|! Expression | Meaning |\n|% 30 | 70 |\n" + table + "\n"
    )
