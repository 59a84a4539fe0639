"""sectrack: read, compare and track versions of Smart Energy Code documents.

The library in five calls (every one takes and returns values; none forks, exits or prints)::

    import sectrack
    doc = sectrack.read("section-a-v22.0.docx")          # a path, bytes or a binary file object
    cs = sectrack.compare(old_doc, new_doc)                # a ChangeSet
    html = sectrack.render(cs, "html")                     # bytes; formats: sectrack.formats()
    text = sectrack.dumps(doc)                             # JSON with its schema and version
    again = sectrack.loads(text, package=doc.package)      # the Document (or ChangeSet) back
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING

from sectrack.errors import BadDocument, SectrackError

if TYPE_CHECKING:
    from sectrack.compare.changes import ChangeSet
    from sectrack.model import Document
    from sectrack.ooxml.package import Source
    from sectrack.render import (
        DocxOptions,
        HtmlOptions,
        JsonOptions,
        MarkdownOptions,
        PdfOptions,
        UnknownFormat,
        formats,
        render,
    )
    from sectrack.serial import Packages

__version__ = "0.1.0"
__all__ = [
    "read", "compare", "render", "dumps", "loads", "formats", "Document", "ChangeSet",
    "HtmlOptions", "DocxOptions", "PdfOptions", "JsonOptions", "MarkdownOptions",
    "SectrackError", "BadDocument", "UnknownFormat", "__version__",
]

def read(source: Source, *, view: str = "accepted", name: str | None = None) -> Document:
    """One .docx (path, bytes or binary file object) as a Document; ``name`` is what messages call it."""
    from sectrack.docx import read as read_docx

    return read_docx(source, view, name=name)


def compare(old: Document, new: Document) -> ChangeSet:
    """Compare two versions of a document: the ChangeSet every format renders."""
    from sectrack.compare import compare as compare_documents

    return compare_documents(old, new)


def dumps(obj: Document | ChangeSet) -> str:
    """A Document or ChangeSet as JSON text (schemas in docs/model-schema.md, docs/changeset-schema.md)."""
    from sectrack.serial import dumps as dump

    return dump(obj)


def loads(text: str | bytes, *, package: Packages = None) -> Document | ChangeSet:
    """The Document or ChangeSet ``dumps`` wrote, given back its .docx bytes (``package``)."""
    from sectrack.serial import loads as load

    return load(text, package=package)


class _Package(types.ModuleType):
    """This package's module: importing the ``sectrack.compare`` subpackage (lazily, on the first
    comparison) does not replace the ``compare`` function with it."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in ("compare", "render") and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


_LAZY = {"ChangeSet": "sectrack.compare.changes", "Document": "sectrack.model", "Source": "sectrack.ooxml.package",
         **dict.fromkeys(("render", "formats", "UnknownFormat", "HtmlOptions", "DocxOptions", "PdfOptions",
                          "JsonOptions", "MarkdownOptions"), "sectrack.render")}


def __getattr__(name: str) -> object:
    """The names of ``_LAZY``, imported when first asked for: a program that only asks the store
    (``sectrack log``) loads neither the model, lxml nor the renderers' registry."""
    if name not in _LAZY:
        raise AttributeError(f"module 'sectrack' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value
