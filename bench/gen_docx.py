"""The .docx writer of bench/generate.py: a generated document as a Word package made like an SEC one.

Paragraph styles with multi-level list numbering attached to them, a definitions table, bordered tables,
a footer and fixed core properties; the zip is normalised so that the same seed gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from gen_content import Doc

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


STYLE_TITLE = "SEC Title"
STYLE_BODY = "SEC Body"
STYLE_SUBHEADING = "SEC Subheading"
LEVEL_STYLES = ["SEC Part Heading", "SEC Clause", "SEC Sub Paragraph", "SEC Sub Sub Paragraph"]
STYLE_TERM = "SEC Definition Term"
STYLE_MEANING = "SEC Definition Text"
STYLE_DEF_LIST = "SEC Definition List"
STYLE_TABLE_TEXT = "SEC Table Text"
CLAUSE_ABSTRACT, DEF_ABSTRACT = 10, 11
INDENT = 709  # twips


def sid(name: str) -> str:
    return name.replace(" ", "")


def _w(tag: str, **attrs: object):
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _lvl(ilvl: int, fmt: str, text: str, pstyle: str | None, left: int, hanging: int):
    lvl = _w("w:lvl", ilvl=ilvl)
    lvl.append(_w("w:start", val=1))
    lvl.append(_w("w:numFmt", val=fmt))
    if pstyle:
        lvl.append(_w("w:pStyle", val=sid(pstyle)))
    lvl.append(_w("w:lvlText", val=text))
    lvl.append(_w("w:lvlJc", val="left"))
    ppr = _w("w:pPr")
    ppr.append(_w("w:ind", left=left, hanging=hanging))
    lvl.append(ppr)
    return lvl


class Writerx:
    """Builds one .docx from a Doc, appending raw WordprocessingML to the body for speed."""

    def __init__(self, letter: str, version: str, date: dt.datetime) -> None:
        self.document = docx.Document()
        self.version = version
        self.date = date
        self.letter = letter
        self.numbering = self.document.part.numbering_part.element
        self.next_num = 1
        self._numbering()
        self._styles()
        self.body = self.document.element.body
        self.sect_pr = self.body[-1]  # keep w:sectPr last
        for el in list(self.body)[:-1]:
            self.body.remove(el)

    # -- numbering and styles ---------------------------------------------------------------

    def _numbering(self) -> None:
        root = self.numbering
        for el in list(root):
            root.remove(el)
        clause = _w("w:abstractNum", abstractNumId=CLAUSE_ABSTRACT)
        clause.append(_w("w:nsid", val="5EC0B001"))
        clause.append(_w("w:multiLevelType", val="multilevel"))
        clause.append(_w("w:name", val="SEC clauses"))
        specs = [("decimal", "%1", 0, INDENT), ("decimal", "%1.%2", INDENT, INDENT),
                 ("lowerLetter", "(%3)", 2 * INDENT, INDENT), ("lowerRoman", "(%4)", 3 * INDENT, INDENT)]
        for i, (fmt, text, left, hanging) in enumerate(specs):
            clause.append(_lvl(i, fmt, text, LEVEL_STYLES[i], left or INDENT, hanging))
        for i in range(4, 9):
            clause.append(_lvl(i, "decimal", f"%{i + 1}.", None, INDENT * i, INDENT))
        defs = _w("w:abstractNum", abstractNumId=DEF_ABSTRACT)
        defs.append(_w("w:nsid", val="5EC0B002"))
        defs.append(_w("w:multiLevelType", val="multilevel"))
        defs.append(_w("w:name", val="SEC definition lists"))
        defs.append(_lvl(0, "lowerLetter", "(%1)", STYLE_DEF_LIST, 567, 567))
        for i in range(1, 9):
            defs.append(_lvl(i, "lowerRoman", f"(%{i + 1})", None, 567 * (i + 1), 567))
        root.append(clause)
        root.append(defs)
        self.clause_num = self.add_num(CLAUSE_ABSTRACT)
        self.def_num = self.add_num(DEF_ABSTRACT)
        self.nums_start = len(root)

    def add_num(self, abstract_id: int, restart: bool = False) -> int:
        num_id = self.next_num
        self.next_num += 1
        num = _w("w:num", numId=num_id)
        num.append(_w("w:abstractNumId", val=abstract_id))
        if restart:
            ov = _w("w:lvlOverride", ilvl=0)
            ov.append(_w("w:startOverride", val=1))
            num.append(ov)
        self.numbering.append(num)
        return num_id

    def _styles(self) -> None:
        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10)
        rfonts = normal.element.get_or_add_rPr().find(qn("w:rFonts"))
        for attr in ("w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), "Arial")

        def para_style(name, base, *, bold=False, size=None, after=4, align=None, keep=False, caps=False):
            st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = base
            pf = st.paragraph_format
            pf.space_after = Pt(after)
            if align is not None:
                pf.alignment = align
            if keep:
                pf.keep_with_next = True
            if bold:
                st.font.bold = True
            if caps:
                st.font.all_caps = True
            if size:
                st.font.size = Pt(size)
            return st

        body = para_style(STYLE_BODY, normal, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        para_style(STYLE_TITLE, normal, bold=True, size=14, after=12, align=WD_ALIGN_PARAGRAPH.CENTER)
        para_style(STYLE_SUBHEADING, body, bold=True, keep=True)
        for level, name in enumerate(LEVEL_STYLES):
            st = para_style(name, body, bold=level == 0, keep=level == 0, caps=level == 0,
                            after=12 if level == 0 else 4)
            num_pr = st.element.get_or_add_pPr().get_or_add_numPr()
            if level:
                num_pr.get_or_add_ilvl().val = level
            num_pr.get_or_add_numId().val = self.clause_num
            if level == 0:
                st.paragraph_format.space_before = Pt(12)
        table_text = para_style(STYLE_TABLE_TEXT, normal, after=3)
        para_style(STYLE_TERM, table_text, bold=True)
        meaning = para_style(STYLE_MEANING, table_text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        dl = para_style(STYLE_DEF_LIST, meaning)
        dl.element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = self.def_num

    # -- body -------------------------------------------------------------------------------

    def p(self, text: str, style: str, bold: bool = False, num_id: int | None = None, parent=None):
        p = _w("w:p")
        ppr = _w("w:pPr")
        ppr.append(_w("w:pStyle", val=sid(style)))
        if num_id is not None:
            num_pr = _w("w:numPr")
            num_pr.append(_w("w:ilvl", val=0))
            num_pr.append(_w("w:numId", val=num_id))
            ppr.append(num_pr)
        p.append(ppr)
        if text:
            r = _w("w:r")
            if bold:
                rpr = _w("w:rPr")
                rpr.append(_w("w:b"))
                r.append(rpr)
            t = _w("w:t")
            t.text = text
            if text != text.strip():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(t)
            p.append(r)
        if parent is None:
            self.sect_pr.addprevious(p)
        else:
            parent.append(p)
        return p

    def table(self, rows: list[list[list[tuple[str, str, int | None]]]], widths: list[int], grid: bool,
              header: bool) -> None:
        tbl = _w("w:tbl")
        tpr = _w("w:tblPr")
        if grid:
            tpr.append(_w("w:tblStyle", val="TableGrid"))
        tpr.append(_w("w:tblW", w=sum(widths), type="dxa"))
        tpr.append(_w("w:tblLayout", type="fixed"))
        tpr.append(_w("w:tblLook", val="04A0", firstRow=1 if header else 0, lastRow=0, firstColumn=0,
                      lastColumn=0, noHBand=0, noVBand=1))
        tbl.append(tpr)
        g = _w("w:tblGrid")
        for wd in widths:
            g.append(_w("w:gridCol", w=wd))
        tbl.append(g)
        for ri, row in enumerate(rows):
            tr = _w("w:tr")
            if header and ri == 0:
                trpr = _w("w:trPr")
                trpr.append(_w("w:tblHeader"))
                tr.append(trpr)
            for ci, cell in enumerate(row):
                tc = _w("w:tc")
                tcpr = _w("w:tcPr")
                tcpr.append(_w("w:tcW", w=widths[ci], type="dxa"))
                tc.append(tcpr)
                for text, style, num_id in cell:
                    self.p(text, style, bold=header and ri == 0, num_id=num_id, parent=tc)
                tr.append(tc)
            tbl.append(tr)
        self.sect_pr.addprevious(tbl)

    def write(self, d: Doc, title: str) -> bytes:
        self.p(f"SECTION {self.letter} – {title}", STYLE_TITLE)
        self.p(f"Version {self.version}", STYLE_TITLE)
        self.p("Illustrative benchmark text generated by sectrack bench/generate.py — not the legal text "
               "of the Smart Energy Code.", STYLE_BODY)
        level_style = {1: LEVEL_STYLES[1], 2: LEVEL_STYLES[2], 3: LEVEL_STYLES[3]}
        for part in d.parts:
            self.p(part.title, LEVEL_STYLES[0])
            for ci, c in enumerate(part.clauses):
                if c.subheading:
                    self.p(c.subheading, STYLE_SUBHEADING)
                for para in c.paras:
                    self.p(para.text, level_style[para.level])
                if c.table:
                    rows = [[[(h, STYLE_TABLE_TEXT, None)] for h in c.table.header]]
                    rows += [[[(cell, STYLE_TABLE_TEXT, None)] for cell in row] for row in c.table.rows]
                    self.table(rows, [1900, 5000, 2100], grid=True, header=True)
                if ci == 0 and part.definitions:
                    rows = []
                    for df in part.definitions:
                        meaning = [(df.meaning, STYLE_MEANING, None)]
                        if df.items:
                            num = self.add_num(DEF_ABSTRACT, restart=True)
                            meaning += [(it, STYLE_DEF_LIST, num) for it in df.items]
                        rows.append([[(df.term, STYLE_TERM, None)], meaning])
                    self.table(rows, [2800, 6200], grid=False, header=False)
        self._footer(title)
        self._core(title)
        package = self.document.part.package
        for r_id, rel in list(package.rels.items()):  # the template's thumbnail: drop part and rel
            if rel.reltype.endswith("/thumbnail"):
                del package.rels[r_id]
        buf = io.BytesIO()
        self.document.save(buf)
        return normalise_zip(buf.getvalue())

    def _footer(self, title: str) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for m in ("left_margin", "right_margin"):
            setattr(section, m, Cm(2.0))
        fp = section.footer.paragraphs[0]
        fp.text = f"SEC Section {self.letter} ({title.title()}) – benchmark document"
        fp.style = self.document.styles[STYLE_BODY]

    def _core(self, title: str) -> None:
        cp = self.document.core_properties
        cp.title = f"SEC Section {self.letter} – {title.title()}"
        cp.author = "sectrack bench"
        cp.last_modified_by = "sectrack bench"
        cp.version = self.version
        cp.revision = 1
        cp.created = dt.datetime(2024, 1, 1, 9, 0, 0)
        cp.modified = self.date


def normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed zip dates and sorted entries: same seed, same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name))
    return out.getvalue()
