"""Builders for hand-made ChangeSets used by the DOCX renderer tests (and a check of the builders).

    cs = changeset(
        same("Kept paragraph."),
        edit("The Panel ", ("-", "may"), ("+", "shall"), " meet."),
        ins("A new paragraph."),
        delete(("Old bold text", "b")),
    )

A run is "text" or ("text", flags) with flags b, i, u, s; an edit piece is a run or (op, run) with
op "=", "+" or "-". Each Paragraph gets a real serialised w:rPr, as the reader would keep it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from changesets import (
    cs,
    deleted,
    equal,
    inserted,
    moved,
    new_runs,
    old_runs,
    row_changed,
    row_equal,
    row_one,
    table_change,
)

from sectrack.compare.changes import DELETED, EQUAL, INSERTED, MODIFIED, BlockChange, ChangeSet, RowChange, Span, SpanOp
from sectrack.model import Cell, Document, Paragraph, Row, Run, Table, iter_paragraphs
from sectrack.render.docx import minimal_package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FLAGS = {"b": "<w:b/>", "i": "<w:i/>", "u": '<w:u w:val="single"/>', "s": "<w:strike/>"}


def run(spec: Any) -> Run:
    """A Run from "text" or ("text", "flags")."""
    if isinstance(spec, Run):
        return spec
    if isinstance(spec, str):
        return Run(spec)
    text, flags = spec
    rpr = f'<w:rPr xmlns:w="{W}">' + "".join(_FLAGS[f] for f in flags) + "</w:rPr>" if flags else ""
    return Run(text, "b" in flags, "i" in flags, "u" in flags, "s" in flags, "", rpr)


def para(*runs: Any, ppr: str = "") -> Paragraph:
    """A Paragraph from run specs, with an optional serialised w:pPr."""
    return Paragraph(tuple(run(r) for r in runs), ppr=ppr)


def ppr(inner: str) -> str:
    """A serialised w:pPr holding ``inner``."""
    return f'<w:pPr xmlns:w="{W}">{inner}</w:pPr>'


def same(*runs: Any, ppr: str = "") -> BlockChange:
    """An unchanged paragraph."""
    return equal(para(*runs, ppr=ppr))


def ins(*runs: Any, ppr: str = "") -> BlockChange:
    """An inserted paragraph."""
    return inserted(para(*runs, ppr=ppr))


def delete(*runs: Any, ppr: str = "") -> BlockChange:
    """A deleted paragraph."""
    return deleted(para(*runs, ppr=ppr))


def _pieces(pieces: tuple[Any, ...]) -> tuple[Span, ...]:
    """Spans from pieces: a run spec (kept) or (op, run spec) with op "=", "+" or "-"."""
    spans = []
    for piece in pieces:
        op, spec = piece if isinstance(piece, tuple) and piece[0] in ("=", "+", "-") else ("=", piece)
        r = run(spec)
        spans.append(Span({"=": SpanOp.EQUAL, "+": SpanOp.INSERT, "-": SpanOp.DELETE}[op], r.text, r))
    return tuple(spans)


def edit(*pieces: Any, old_ppr: str = "", new_ppr: str = "") -> BlockChange:
    """A modified paragraph: pieces kept ("="), inserted ("+") and deleted ("-")."""
    spans = _pieces(pieces)
    old, new = Paragraph(old_runs(spans), ppr=old_ppr), Paragraph(new_runs(spans), ppr=new_ppr)
    return BlockChange(MODIFIED, old, new, spans=spans)


def restyle(old_runs: list[Any], new_runs: list[Any]) -> BlockChange:
    """Same text, different run formatting."""
    old, new = para(*old_runs), para(*new_runs)
    assert old.text == new.text
    return equal(old, new, format_changed=True)


def moved_from(move_id: int, *runs: Any) -> BlockChange:
    """The old place of a moved paragraph."""
    p = para(*runs)
    return moved(p, p, move_id)[0]


def moved_to(move_id: int, *pieces: Any) -> BlockChange:
    """The new place of a moved paragraph, possibly edited (pieces as in ``edit``)."""
    spans = _pieces(pieces)
    return moved(Paragraph(old_runs(spans)), Paragraph(new_runs(spans)), move_id, spans)[1]


# ------------------------------------------------------------------------------------------- tables


def _cell(spec: Any) -> Cell:
    if isinstance(spec, Cell):
        return spec
    items = spec if isinstance(spec, list) else [spec]
    return Cell(tuple(x if isinstance(x, (Paragraph, Table)) else para(x) for x in items))


def _row(cells: Sequence[Any]) -> Row:
    return Row(tuple(_cell(c) for c in cells))


def keep_row(*cells: Any) -> RowChange:
    """An unchanged row; cells are str, list of str/blocks, or Cell."""
    return row_equal(_row(cells))


def ins_row(*cells: Any) -> RowChange:
    """An inserted row."""
    return row_one(INSERTED, _row(cells))


def del_row(*cells: Any) -> RowChange:
    """A deleted row."""
    return row_one(DELETED, _row(cells))


def mod_row(*cells: Any) -> RowChange:
    """A changed row: each cell is a list of BlockChanges (or a str for an unchanged cell)."""
    return row_changed([c if isinstance(c, list) else [equal(b) for b in _cell(c).blocks] for c in cells])


def table(*rows: RowChange) -> BlockChange:
    """A table in both versions, row by row."""
    return table_change(EQUAL if all(r.kind == EQUAL for r in rows) else MODIFIED, rows)


def ins_table(*rows: list[Any]) -> BlockChange:
    """A wholly inserted table; rows are lists of cell specs."""
    return inserted(Table(tuple(_row(r) for r in rows)))


def del_table(*rows: list[Any]) -> BlockChange:
    """A wholly deleted table."""
    return deleted(Table(tuple(_row(r) for r in rows)))


# ---------------------------------------------------------------------------------------- changeset


def changeset(*body: BlockChange, date: str = "2024-02-29") -> ChangeSet:
    """A ChangeSet whose old and new Documents are the two sides of ``body``, each in an empty package."""
    return cs(*body, package=minimal_package(), old_date="2023-01-01", new_date=date)


def texts(doc: Document) -> list[str]:
    """Non-empty, whitespace-normalised paragraph texts of a Document."""
    return [t for t in (" ".join(p.text.split()) for p in iter_paragraphs(doc.blocks)) if t]


def soffice_pdf(paths: list[Path], outdir: Path) -> subprocess.CompletedProcess[bytes]:
    """Convert ``paths`` to PDF with one LibreOffice run."""
    profile = outdir / "profile"
    return subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), *map(str, paths)],
        capture_output=True, timeout=600,
    )


def test_builders_give_both_sides() -> None:
    cs = changeset(same("a"), edit("b ", ("-", "c"), ("+", "d")), ins("e"), delete("f"))
    assert texts(cs.old) == ["a", "b c", "f"]
    assert texts(cs.new) == ["a", "b d", "e"]


def pandoc_texts(path: Path | str, track_changes: str) -> list[str]:
    """Like tests/pandoc.pandoc_paragraphs, with the paragraphs pandoc lifts into metadata put back
    first (styles Title, Subtitle, Author, Date, Abstract)."""
    import json

    from pandoc import _blocks, _inlines

    out = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "json", f"--track-changes={track_changes}", str(path)],
        check=True, capture_output=True,
    ).stdout
    doc = json.loads(out)
    texts: list[str] = []
    for key in ("title", "subtitle", "author", "date", "abstract"):
        _meta(doc["meta"].get(key), texts, _blocks, _inlines)
    _blocks(doc["blocks"], texts)
    return [t for t in (" ".join(x.split()) for x in texts) if t]


def _meta(value: Any, texts: list[str], blocks: Any, inlines: Any) -> None:
    if not value:
        return
    t, c = value["t"], value.get("c")
    if t == "MetaInlines":
        texts.append(inlines(c))
    elif t == "MetaString":
        texts.append(c)
    elif t == "MetaBlocks":
        blocks(c, texts)
    elif t == "MetaList":
        for item in c:
            _meta(item, texts, blocks, inlines)


MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def _whole_revision(equation: Any) -> str:
    """The revision ("ins", "del", "moveTo", "moveFrom") every math run of ``equation`` stands inside, else ""."""
    ops = set()
    wrappers = [f"{{{W}}}{tag}" for tag in ("ins", "del", "moveTo", "moveFrom")]
    for run in equation.iter(f"{{{MATH}}}r"):
        marks = {a.tag.split("}")[1] for a in run.iterancestors(*wrappers)}
        ops.add(next(iter(marks)) if len(marks) == 1 else "")
    return ops.pop() if len(ops) == 1 else ""


def flatten_math(src: Path, dst: Path) -> Path:
    """A copy of ``src`` whose equations are plain runs of their text, as our reader flattens them
    (pandoc writes equations as TeX, which no model text can equal). An equation whose every math run
    is inside one revision (w:ins, w:del, w:moveTo, w:moveFrom) becomes a run inside the same revision
    (a deleted one's text w:delText), so that pandoc, which reads no revision inside an equation,
    resolves the equation's revision as one of the text's."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith(".xml") and b"oMath" in data:
                root = etree.fromstring(data)
                ns = {"m": MATH}
                outer = root.xpath("//m:oMathPara | //m:oMath[not(ancestor::m:oMathPara) and not(ancestor::m:oMath)]", namespaces=ns)
                for el in outer:
                    r = etree.Element(f"{{{W}}}r")
                    op = _whole_revision(el)
                    t = etree.SubElement(r, f"{{{W}}}{'delText' if op == 'del' else 't'}")
                    t.text = "".join(x.text or "" for x in el.iter(f"{{{MATH}}}t"))
                    if op:
                        wrapper = etree.Element(f"{{{W}}}{op}", {f"{{{W}}}id": "0", f"{{{W}}}author": "flat"})
                        wrapper.append(r)
                        r = wrapper
                    el.getparent().replace(el, r)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(info, data)
    return dst
