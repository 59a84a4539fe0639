"""The library path as a program that renders many redlines in one process would take it: no fork,
the garbage collector on, a normal exit.

    python bench/library.py OLD.docx NEW.docx OUT.html OUT.docx
"""

from __future__ import annotations

import sys
from pathlib import Path

import sectrack


def main(old: str, new: str, html: str, docx: str) -> None:
    """Read both versions, compare them once, render the HTML and the .docx, write them."""
    cs = sectrack.compare(sectrack.read(old), sectrack.read(new))
    Path(html).write_bytes(sectrack.render(cs, "html"))
    Path(docx).write_bytes(sectrack.render(cs, "docx"))


if __name__ == "__main__":
    main(*sys.argv[1:5])
