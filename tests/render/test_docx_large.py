"""render_docx on a large document: 4,000 clauses (about 500 pages) written whole (speed: see bench/)."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

from lxml import etree

from sectrack.compare.changes import BlockChange
from sectrack.render.docx import render_docx
from tests.render.test_docx_support import changeset, delete, edit, ins, ins_row, keep_row, ppr, same, table

WORDS = ["the", "Panel", "shall", "DCC", "Party", "Supplier", "Network", "Operator", "comply", "with", "Section", "Code", "Agreement", "notice"]
CLAUSE = ppr('<w:pStyle w:val="Heading2"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr>'
             '<w:spacing w:after="120"/><w:rPr><w:b/></w:rPr>')


def big_changeset(clauses: int = 4000) -> tuple:
    rnd = random.Random(7)

    def sentence(n: int) -> str:
        return " ".join(rnd.choice(WORDS) for _ in range(n))

    body: list[BlockChange] = []
    for k in range(clauses):
        body.append(same((f"Clause {k} ", "b"), sentence(30), ppr=CLAUSE))
        r = rnd.random()
        if r < 0.80:
            body.append(same(sentence(40) + " & <more>"))
        elif r < 0.90:
            body.append(edit(sentence(15) + " ", ("-", "old words"), ("+", "new words"), " " + sentence(15)))
        elif r < 0.95:
            body.append(ins(sentence(40)))
        else:
            body.append(delete(sentence(40), ppr=CLAUSE))
        body.append(same(sentence(25)))
        if k % 200 == 0:
            body.append(table(*[keep_row(sentence(3), sentence(20)) for _ in range(15)], ins_row("new", sentence(10))))
    return changeset(*body)


def test_large_document_is_written_whole(tmp_path: Path) -> None:
    cs = big_changeset()
    render_docx(cs, tmp_path / "big.docx")
    root = etree.fromstring(zipfile.ZipFile(tmp_path / "big.docx").read("word/document.xml"))
    assert len(root.findall(f"{{{root.nsmap['w']}}}body/{{{root.nsmap['w']}}}p")) == 12000


def test_large_real_package_is_written_whole(tmp_path: Path) -> None:
    """The same size read back from .docx files: paragraphs are written from the new file's own XML."""
    from sectrack.compare import compare
    from sectrack.compare.changes import ChangeSet
    from sectrack.docx import read
    from sectrack.render.docx.spans import keep_all

    cs = big_changeset(2000)
    for doc, name in ((cs.old, "old.docx"), (cs.new, "new.docx")):
        render_docx(ChangeSet(doc, doc, keep_all(doc.blocks)), tmp_path / name)
    real = compare(read(tmp_path / "old.docx"), read(tmp_path / "new.docx"))
    render_docx(real, tmp_path / "redline.docx")
    assert b"<w:del " in zipfile.ZipFile(tmp_path / "redline.docx").read("word/document.xml")
