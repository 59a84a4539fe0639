"""Every call the store makes into the rest of sectrack, in one place: reading a package, the
model's serialisation, comparing two versions and the comparison's own version.

A stored model is the JSON of ``sectrack.dumps`` and a Document is given back by
``sectrack.loads`` with its stored package; a cached comparison is the ChangeSet's
``sectrack.dumps``, given back with both packages.
"""

from __future__ import annotations

import dataclasses
import json
import zlib
from typing import TYPE_CHECKING, Any

import sectrack

if TYPE_CHECKING:
    from sectrack.compare.changes import ChangeSet
    from sectrack.model import Document


#: The version of the serialised model the store writes (``sectrack.serial``'s document schema and
#: version, written out so that answering from the store does not load the serialiser; a test checks
#: they agree). A stored model of another version is not trusted: the Document is read again.
MODEL_FORMAT = "sectrack/document-1"
#: The comparison's own version (with ``sectrack.serial``'s comparison schema and version): cached
#: comparisons made by another version are made again.
COMPARE_VERSION = f"sectrack-{sectrack.__version__}/sectrack/comparison-1/entries-1"


def read(data: bytes, name: str) -> Document:
    """The Document held in ``data`` (the bytes of a .docx), named ``name`` in messages."""
    return sectrack.read(data, name=name)


def dumps(doc: Document) -> str:
    """The model as stored: JSON text."""
    return sectrack.dumps(doc)


def loads(text: str, package: bytes | None, name: str) -> Document:
    """The Document a stored model stands for (with ``package``, its original bytes, if given)."""
    from sectrack.model import Document

    doc = sectrack.loads(text, package=package)
    assert isinstance(doc, Document)
    return doc if doc.source == name else dataclasses.replace(doc, source=name)


def compare(old: Document, new: Document) -> ChangeSet:
    """The comparison of two versions."""
    return sectrack.compare(old, new)


def dumps_changeset(cs: ChangeSet) -> str:
    """A comparison as stored: JSON text."""
    return sectrack.dumps(cs)


def loads_changeset(text: str, old_package: bytes | None, new_package: bytes | None) -> ChangeSet:
    """A stored comparison, given back its two versions' packages."""
    from sectrack.compare.changes import ChangeSet

    cs = sectrack.loads(text, package=(old_package, new_package))
    assert isinstance(cs, ChangeSet)
    return cs


def pack(text: str) -> bytes:
    """Stored text, compressed."""
    return zlib.compress(text.encode("utf-8"), 6)


def unpack(data: bytes) -> str:
    """Stored text, decompressed."""
    return inflate(data).decode("utf-8")


def inflate(data: bytes) -> bytes:
    """Stored text, decompressed, as its UTF-8 bytes."""
    return zlib.decompress(data)


def json_value(text: str | None) -> Any:
    return json.loads(text) if text else None
