"""Every call the store makes into the rest of sectrack, in one place: reading a package, the
model's serialisation, comparing two versions and the comparison's own version.

Until the library's public API (``sectrack.read``, ``dumps``, ``loads``, ``compare``) is available,
these functions use the reader and comparison modules directly; a stored model is the
JSON of ``sectrack.modeljson`` and a Document is given back by reading its stored package again.
"""

from __future__ import annotations

import json
import os
import tempfile
import zlib
from typing import TYPE_CHECKING, Any

import sectrack
from sectrack.errors import SectrackError
from sectrack.model import SCHEMA_VERSION, Document

if TYPE_CHECKING:
    from sectrack.compare.changes import ChangeSet

#: The version of the serialised model the store writes; a stored model of another version is
#: not trusted (the Document is read again from the stored package).
MODEL_FORMAT = f"model-{SCHEMA_VERSION}"
#: The comparison's own version: cached comparisons made by another version are made again.
COMPARE_VERSION = f"sectrack-{sectrack.__version__}/entries-1"


def read(data: bytes, name: str) -> Document:
    """The Document held in ``data`` (the bytes of a .docx), named ``name`` in messages."""
    from sectrack.docx import read as read_path

    fd, tmp = tempfile.mkstemp(suffix=".docx")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        doc = read_path(tmp)
    except SectrackError as exc:
        raise type(exc)(name, exc.problem) from None
    finally:
        os.unlink(tmp)
    return _renamed(doc, name)


def _renamed(doc: Document, name: str) -> Document:
    import dataclasses

    return dataclasses.replace(doc, source=name)


def dumps(doc: Document) -> str:
    """The model as stored: JSON text."""
    from sectrack.modeljson import document_dict

    return json.dumps(document_dict(doc), ensure_ascii=False, separators=(",", ":"))


def loads(text: str, package: bytes, name: str) -> Document:
    """The Document a stored model stands for (with ``package``, its original bytes)."""
    return read(package, name)


def compare(old: Document, new: Document) -> "ChangeSet":
    """The comparison of two versions."""
    from sectrack.compare import compare as run

    return run(old, new)


def dumps_changeset(cs: "ChangeSet") -> str:
    """A comparison as stored: JSON text."""
    from sectrack.render.json import changeset_dict

    return json.dumps(changeset_dict(cs), ensure_ascii=False, separators=(",", ":"))


def pack(text: str) -> bytes:
    """Stored text, compressed."""
    return zlib.compress(text.encode("utf-8"), 6)


def unpack(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8")


def json_value(text: str | None) -> Any:
    return json.loads(text) if text else None
