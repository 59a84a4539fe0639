"""Where the model's blocks stand in a package's XML: a container's block elements, by position.

The reader reads a body, cell, header, footer or note as its w:p and w:tbl in order (through content
controls and the transparent containers: ``ooxml.text.block_elements``), one model block for each.
So the k-th block of a container was read from the k-th block element of that container, and a
block change carries k (``BlockChange.new_index`` / ``old_index``). ``Blocks`` pairs them: it gives
a block's element only when the container has as many block elements as blocks, the element is of
the block's kind (w:p or w:tbl) and the model block at that position is the very block asked about,
so a stale or shifted position gives nothing rather than another block's XML. Cells of tables are
reached the same way, row by row and cell by cell. The elements are found when first asked for: the old version's
package is parsed only when some paragraph needs its XML.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lxml import etree

from sectrack.docx.body import block_children
from sectrack.model import Block, Paragraph, Table
from sectrack.ooxml.names import w
from sectrack.ooxml.text import block_elements

P, TBL, TR, TC = w("p"), w("tbl"), w("tr"), w("tc")
Find = Callable[[], "etree._Element | None"]


class Blocks:
    """The block elements of one container of one version, paired by position with ``model``, the
    blocks read from it. ``exact``: the elements are the ones the blocks were read from (the reader's
    own tree, or the same package parsed again the same way), so their text needs no check."""

    __slots__ = ("model", "exact", "_find", "_els", "_rows", "_cells")

    def __init__(self, model: Sequence[Block], find: Find | None, exact: bool = False) -> None:
        self.model = model
        self.exact = exact
        self._find = find
        self._els: list[etree._Element] | None = None if find is not None else []  # found when first asked for
        self._rows: dict[int, list[list[etree._Element]] | None] = {}  # table position -> its cells, row by row
        self._cells: dict[tuple[int, int, int], Blocks] = {}

    @classmethod
    def of(cls, model: Sequence[Block], container: etree._Element | None, exact: bool = False) -> Blocks:
        """The blocks of ``container`` (None: a container whose XML is not known)."""
        return cls(model, (lambda: container) if container is not None else None, exact)

    def _load(self) -> list[etree._Element]:
        find, self._find = self._find, None
        container = find() if find is not None else None
        els = list(block_elements(container)) if container is not None else []
        self._els = els if len(els) == len(self.model) else []
        return self._els

    def at(self, index: int | None, block: Block | None) -> etree._Element | None:
        """The element ``block`` was read from, at ``index`` in this container; None when not known."""
        els = self._els if self._els is not None else self._load()
        if index is None or not 0 <= index < len(els) or self.model[index] is not block:
            return None
        el = els[index]
        return el if el.tag == (TBL if isinstance(block, Table) else P) else None

    def cell(self, index: int | None, table: Block | None, row: int, cell: int) -> Blocks:
        """The blocks of cell ``cell`` of row ``row`` of the table at ``index`` (none when unknown)."""
        known = self._find is not None or bool(self._els)
        if not known or index is None or not isinstance(table, Table) or not 0 <= row < len(table.rows):
            return NOWHERE
        cells = table.rows[row].cells
        if not 0 <= cell < len(cells):
            return NOWHERE
        key = (index, row, cell)
        found = self._cells.get(key)
        if found is None:
            found = Blocks(cells[cell].blocks, lambda: self._cell_element(index, table, row, cell), self.exact)
            self._cells[key] = found
        return found

    def _cell_element(self, index: int, table: Table, row: int, cell: int) -> etree._Element | None:
        if index not in self._rows:
            tbl = self.at(index, table)
            trs = block_children(tbl, TR) if tbl is not None else []
            grid = [block_children(tr, TC) for tr in trs] if len(trs) == len(table.rows) else None
            self._rows[index] = grid
        grid = self._rows[index]
        if grid is None or len(grid[row]) != len(table.rows[row].cells):
            return None
        return grid[row][cell]


NOWHERE = Blocks((), None)  # a container whose XML is not known: every block is written from the model


def no_cells(row: int, cell: int) -> Blocks:
    """The cells of a table whose XML is not known."""
    return NOWHERE


def paragraph_at(where: Blocks | None, index: int | None, block: Block | None) -> etree._Element | None:
    """The w:p of paragraph ``block`` at ``index`` in ``where``, when known."""
    if where is None or not isinstance(block, Paragraph):
        return None
    return where.at(index, block)
