"""Whether the old version's main part holds anything a paragraph written from the model's runs would
lose, so that the writer parses the old package only when some deleted paragraph can gain from it.

Looking costs a scan of the whole part (about 20 ms for a 650-page document); a process that reads
the old version anyway (the ``redline`` command's reading child) can look once it has sent its
Document and pass the answer on with ``remember``: the writer then takes it instead of looking again.
"""

from __future__ import annotations

from sectrack.errors import SectrackError
from sectrack.ooxml.package import open_package

# Run content that writing a deleted paragraph from the model's runs would lose (fields, hyperlinks,
# symbols, soft hyphens, page and date blocks, pictures): a main part without any of these names
# gains nothing from its own XML. A name met in plain text only costs a parse.
NAMES = tuple(
    name.encode() for name in (
        "fldChar", "fldSimple", "hyperlink", ":sym ", "softHyphen", "ptab", "pgNum", "dayShort", "dayLong",
        "monthShort", "monthLong", "yearShort", "yearLong",
        ":drawing>",  # the end tag: "drawing" alone is in every DrawingML namespace name
    )
)
_KNOWN: dict[bytes, bool] = {}  # packages looked at elsewhere, by their bytes (a few at a time)
_KEPT = 4


def in_main_part(data: bytes) -> bool:
    """True when the main part's XML ``data`` names any of the content the model does not keep."""
    return any(name in data for name in NAMES)


def in_package(package: bytes, path: str = "") -> bool | None:
    """``in_main_part`` of the package's main part; None when the package cannot be read."""
    try:
        pkg = open_package(package, path)
        try:
            return in_main_part(pkg.read(pkg.main))
        finally:
            pkg.zf.close()
    except SectrackError:
        return None


def remember(package: bytes, found: bool | None) -> None:
    """Record ``in_package(package)``, worked out by another process that held the same bytes."""
    if found is None:
        return
    if len(_KNOWN) >= _KEPT:
        _KNOWN.clear()
    _KNOWN[package] = found


def known(package: bytes) -> bool | None:
    """What ``remember`` recorded for these bytes, or None."""
    return _KNOWN.get(package)
