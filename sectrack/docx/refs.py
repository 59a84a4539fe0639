"""Clause references from number labels: "1.1" in Section A is A1.1; "(b)" under L4.6 is L4.6(b)."""

from __future__ import annotations

import functools
import re

_BRACKETED = re.compile(r"^\(?([A-Za-z0-9]+)\)$")


def _core(label: str) -> str:
    """The label without spaces and trailing dots: "1.2. " -> "1.2"."""
    return label.strip().rstrip(".").strip()


@functools.lru_cache(maxsize=4096)
def _sub(label: str) -> str | None:
    """The sub-reference of a bracketed label, "(b)" -> "b"; else None.

    Cached: most such labels recur ("(a)", "(b)", …), and this runs once per numbered paragraph.
    """
    sub = _BRACKETED.match(_core(label))
    return sub.group(1) if sub else None


class RefTracker:
    """Turns number labels, met in body order, into the references people cite."""

    def __init__(self, kind: str = "", letter: str = "") -> None:
        self.prefix = letter if kind == "section" else ""
        self.letter = letter
        self.stack: list[tuple[int, str]] = []  # (level, ref) of the open clauses
        self.current = ""

    def numbered(self, label: str, level: int, num_id: int = 0) -> str:
        """The reference of a numbered paragraph at ``level``; it becomes the current clause."""
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        sub = _sub(label)
        if sub is not None and self.stack:
            ref = f"{self.stack[-1][1]}({sub})"
        elif sub is not None:
            ref = f"({sub})"
        else:
            core = _core(label)
            ref = self.prefix + core if self.prefix and core[:1].isdigit() else core
        self.stack.append((level, ref))
        self.current = ref
        return ref
