"""Clause references from number labels: "1.1" in Section A is A1.1; "(b)" under L4.6 is L4.6(b)."""

from __future__ import annotations

import re

_BRACKETED = re.compile(r"^\(?([A-Za-z0-9]+)\)$")


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
        core = label.strip().rstrip(".").strip()
        sub = _BRACKETED.match(core)
        if sub and self.stack:
            ref = f"{self.stack[-1][1]}({sub.group(1)})"
        elif sub:
            ref = f"({sub.group(1)})"
        elif self.prefix and core[:1].isdigit():
            ref = self.prefix + core
        else:
            ref = core
        self.stack.append((level, ref))
        self.current = ref
        return ref
