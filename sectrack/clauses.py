"""The clause tree: numbered paragraphs, the unnumbered blocks after them, and their sub-clauses."""

from __future__ import annotations

from dataclasses import dataclass, field

from sectrack.model import Block, Clause, Paragraph


@dataclass
class _Open:
    level: int
    heading: Paragraph
    blocks: list[Block] = field(default_factory=list)
    children: list[_Open] = field(default_factory=list)

    def freeze(self) -> Clause:
        return Clause(
            ref=self.heading.ref,
            label=self.heading.label,
            heading=self.heading,
            blocks=tuple(self.blocks),
            children=tuple(c.freeze() for c in self.children),
        )


def build_tree(blocks: tuple[Block, ...]) -> tuple[Clause, ...]:
    """Clauses from body blocks; blocks before the first numbered paragraph are left out."""
    roots: list[_Open] = []
    stack: list[_Open] = []
    for block in blocks:
        if isinstance(block, Paragraph) and block.numbered:
            level = block.num_level or 0
            while stack and stack[-1].level >= level:
                stack.pop()
            node = _Open(level, block)
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
        elif stack:
            stack[-1].blocks.append(block)
    return tuple(n.freeze() for n in roots)


def preamble(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The blocks before the first numbered paragraph (titles, version lines)."""
    out = []
    for block in blocks:
        if isinstance(block, Paragraph) and block.numbered:
            break
        out.append(block)
    return tuple(out)
