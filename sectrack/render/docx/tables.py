"""Tables in the tracked-changes .docx: a table pair row by row and cell by cell, a table or row of
one version only, and a table that did not change at all kept as its own element.

Rows of one version are whole rows marked ``w:trPr/w:ins`` or ``w:del``; cells of one version in a
kept row stay as cells, emptied in the other version (no ``w:cellIns``/``w:cellDel``, which Word and
LibreOffice handle poorly). The cells' blocks are written by the paragraph writer (``body``), each
with the block elements of its cell in each version (``located``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial

from lxml import etree

from sectrack.compare.changes import DELETED, EQUAL, INSERTED, MOVED_FROM, MOVED_TO, BlockChange, CellChange, RowChange
from sectrack.model import Block, Cell, Row, Table
from sectrack.render.docx.located import NOWHERE, Blocks, no_cells
from sectrack.render.docx.spans import keep_all
from sectrack.render.docx.xmltext import Fragments, Kept, Revs

_GRID_COL = re.compile(r"<w:gridCol\b[^>]*?(?:/>|>.*?</w:gridCol>)", re.S)
NEW_SIDE = (INSERTED, MOVED_TO)
OLD_SIDE = (DELETED, MOVED_FROM)


class TableWriter:
    """The table half of ``body.BodyWriter``, which gives it its containers and paragraphs."""

    revs: Revs
    frags: Fragments
    kept: Kept

    def container(
        self, changes: Sequence[BlockChange], out: list[str], new: Blocks = NOWHERE, old: Blocks = NOWHERE
    ) -> None:
        """A container present in both views (see ``BodyWriter.container``)."""
        raise NotImplementedError

    def one_sided(self, blocks: Sequence[Block], side: str, out: list[str], where: Blocks = NOWHERE) -> None:
        """A container present in one view only (see ``BodyWriter.one_sided``)."""
        raise NotImplementedError

    def _keeps(self, c: BlockChange, where: Blocks | None) -> etree._Element | None:
        """A paragraph entry's own element when it shows no change (see ``BodyWriter._keeps``)."""
        raise NotImplementedError

    def table(self, c: BlockChange, new_at: Blocks = NOWHERE, old_at: Blocks = NOWHERE) -> str:
        """A table entry: paired row by row, or wholly inserted or deleted (moved tables too); a
        table that did not change at all is its own w:tbl from the new version."""
        if self._table_keeps(c, new_at):
            return self.kept.mark(new_at.at(c.new_index, c.new))  # type: ignore[arg-type]  # kept: found
        new_cells, old_cells = partial(new_at.cell, c.new_index, c.new), partial(old_at.cell, c.old_index, c.old)
        if c.kind in NEW_SIDE or (c.old is None and isinstance(c.new, Table)):
            return self.whole_table(c.new, "new", new_cells)  # type: ignore[arg-type]  # a table entry's sides are tables
        if c.kind in OLD_SIDE or c.new is None:
            return self.whole_table(c.old, "old", old_cells)  # type: ignore[arg-type]  # as above
        new: Table = c.new  # type: ignore[assignment]  # as above
        out = [""]
        cols = 0
        if not c.rows:
            for r, row in enumerate(new.rows):
                cols = max(cols, self._row_whole(row, "", out, partial(new_cells, r)))
        ni = oi = 0  # rows of the new and the old table so far
        for rc in c.rows:
            if rc.new is not None and (rc.kind == INSERTED or rc.old is None):
                cols = max(cols, self._row_whole(rc.new, "new", out, partial(new_cells, ni)))
                ni += 1
            elif rc.old is not None and (rc.kind == DELETED or rc.new is None):
                cols = max(cols, self._row_whole(rc.old, "old", out, partial(old_cells, oi)))
                oi += 1
            else:
                cols = max(cols, self._row_pair(rc, out, partial(new_cells, ni), partial(old_cells, oi)))
                ni, oi = ni + 1, oi + 1
        out[0] = self._tbl_start(new, cols, c.old if isinstance(c.old, Table) else None)
        out.append("</w:tbl>")
        return "".join(out)

    def whole_table(self, t: Table, side: str, cells: Callable[[int, int], Blocks] = no_cells) -> str:
        """A table present in one view only: every row inserted or deleted; ``cells(row, cell)``
        gives the block elements of each of its cells."""
        out = [""]
        cols = 0
        for r, row in enumerate(t.rows):
            cols = max(cols, self._row_whole(row, side, out, partial(cells, r)))
        out[0] = self._tbl_start(t, cols)
        out.append("</w:tbl>")
        return "".join(out)

    def _tbl_start(self, t: Table, cols: int, old: Table | None = None) -> str:
        """w:tbl, w:tblPr and a w:tblGrid of at least ``cols`` columns (the old grid's widths for the
        columns only deleted rows and cells use: readers such as pandoc drop cells beyond the grid)."""
        have = _GRID_COL.findall(self.frags.grid(t.grid))
        if len(have) < cols:
            spare = _GRID_COL.findall(self.frags.grid(old.grid))[len(have):cols] if old is not None else []
            have += spare + ['<w:gridCol w:w="1000"/>'] * (cols - len(have) - len(spare))
        pr = self.frags.tblpr(t.tblpr) or '<w:tblW w:w="0" w:type="auto"/>'
        return f"<w:tbl><w:tblPr>{pr}</w:tblPr><w:tblGrid>{''.join(have)}</w:tblGrid>"

    def _row_whole(self, row: Row, side: str, out: list[str], cells: Callable[[int], Blocks]) -> int:
        """A row present in one view only (``side`` "" writes it unchanged); returns its grid columns."""
        mark = f"<w:{'ins' if side == 'new' else 'del'}{self.revs.attrs()}/>" if side else ""
        trpr = self.frags.trpr(row.trpr) + mark
        out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>" if trpr else "<w:tr>")
        for k, cell in enumerate(row.cells):
            self._tc_start(cell, out)
            if side:
                self.one_sided(cell.blocks, side, out, cells(k))
            else:
                self.container(keep_all(cell.blocks), out, cells(k))
            out.append("</w:tc>")
        out.append("</w:tr>")
        return sum(max(c.span, 1) for c in row.cells)

    def _row_pair(
        self, rc: RowChange, out: list[str], new_cells: Callable[[int], Blocks], old_cells: Callable[[int], Blocks]
    ) -> int:
        """A row in both versions, cell by cell (a cell of one version only stays, emptied in the other)."""
        new, old = rc.new, rc.old
        assert new is not None and old is not None
        trpr = self.frags.trpr(new.trpr)
        out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>" if trpr else "<w:tr>")
        cells: Sequence[CellChange] = rc.cells or tuple(
            CellChange(keep_all(c.blocks)) for c in new.cells
        )
        io = jn = cols = 0
        for cc in cells:
            has_new = any(b.kind not in OLD_SIDE and b.new is not None for b in cc.blocks)
            has_old = any(b.kind not in NEW_SIDE and b.old is not None for b in cc.blocks)
            src: Cell | None = None
            if has_new and jn < len(new.cells):
                src = new.cells[jn]
            elif not has_new and has_old and io < len(old.cells):
                src = old.cells[io]
            new_at, old_at = new_cells(jn) if has_new else NOWHERE, old_cells(io) if has_old else NOWHERE
            jn += has_new
            io += has_old
            cols += max(src.span, 1) if src is not None else 1
            self._tc_start(src, out)
            self.container(cc.blocks, out, new_at, old_at)
            out.append("</w:tc>")
        out.append("</w:tr>")
        return cols

    def _tc_start(self, cell: Cell | None, out: list[str]) -> None:
        tcpr = self.frags.tcpr(cell.tcpr) if cell is not None else ""
        if not tcpr and cell is not None and cell.span > 1:
            tcpr = f'<w:gridSpan w:val="{int(cell.span)}"/>'
        out.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>" if tcpr else "<w:tc>")

    def _table_keeps(self, c: BlockChange, where: Blocks) -> bool:
        """True when a table entry shows no change anywhere inside, and the writer has its w:tbl."""
        if c.kind != EQUAL or c.format_changed or where.at(c.new_index, c.new) is None:
            return False
        for r, rc in enumerate(c.rows):
            if rc.kind != EQUAL or not rc.cells:
                return False
            for k, cc in enumerate(rc.cells):
                cell = where.cell(c.new_index, c.new, r, k)
                for b in cc.blocks:
                    if not (self._table_keeps(b, cell) if isinstance(b.new, Table) else self._keeps(b, cell) is not None):
                        return False
        return True
