#!/usr/bin/env python3
"""Build the illustrative SEC corpus: corpus/src/<slug>/<version>.txt -> documents/<slug>/<slug>-v<version>.docx.

The output is deterministic: running the build twice gives byte-identical files (fixed core-property
dates taken from the release manifests, fixed zip timestamps, entries in sorted order).
The source markup is described in corpus/README.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell

sys.dont_write_bytecode = True  # keep corpus/ free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
from secmarkup import (  # noqa: E402  (build.py runs as a script)
    CORPUS,
    DOCUMENTS,
    RELEASES,
    SRC,
    Meta,
    Para,
    SourceError,
    Table,
    effective_dates,
    load_meta,
    parse_source,
    renumber_source,
    slugs,
    source_versions,
)

ILLUSTRATIVE = "Illustrative text for sectrack — not the legal text of the SEC"
AUTHOR = "sectrack corpus (illustrative)"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# --------------------------------------------------------------------------------------------
# Word document writer
# --------------------------------------------------------------------------------------------

STYLE_BODY = "SEC Body"
LEVEL_STYLES = ["SEC Heading 1", "SEC Clause", "SEC Sub-paragraph", "SEC Sub-sub-paragraph",
                "SEC Sub-sub-sub-paragraph"]
BODY_STYLES = {1: "SEC Body Indent 1", 2: "SEC Body Indent 2", 3: "SEC Body Indent 3",
               4: "SEC Body Indent 4"}
STYLE_SUBHEADING = "SEC Heading 2"
STYLE_TABLE_TEXT = "SEC Table Text"
TABLE_LIST_STYLES = ["SEC Table List (a)", "SEC Table List (i)"]
INDENT = 720  # twips per level

CLAUSE_ABSTRACT_ID = 20
CELL_ABSTRACT_ID = 21


def style_id(name: str) -> str:
    """The styleId python-docx gives a style name."""
    return name.replace(" ", "")


def _levels(meta: Meta) -> list[tuple[str, str]]:
    """(numFmt, lvlText) for the five clause levels."""
    prefix = meta.letter if meta.kind == "section" else ""
    return [("decimal", f"{prefix}%1"), ("decimal", f"{prefix}%1.%2"), ("lowerLetter", "(%3)"),
            ("lowerRoman", "(%4)"), ("upperLetter", "(%5)")]


def _w(tag: str, **attrs: str):
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _lvl(ilvl: int, fmt: str, text: str, pstyle: str | None, left: int, hanging: int):
    lvl = _w("w:lvl", ilvl=str(ilvl))
    lvl.append(_w("w:start", val="1"))
    lvl.append(_w("w:numFmt", val=fmt))
    if pstyle:
        lvl.append(_w("w:pStyle", val=style_id(pstyle)))
    lvl.append(_w("w:lvlText", val=text))
    lvl.append(_w("w:lvlJc", val="left"))
    ppr = _w("w:pPr")
    ppr.append(_w("w:ind", left=str(left), hanging=str(hanging)))
    lvl.append(ppr)
    return lvl


def _abstract_num(abstract_id: int, nsid: str, name: str, levels: list):
    an = _w("w:abstractNum", abstractNumId=str(abstract_id))
    an.append(_w("w:nsid", val=nsid))
    an.append(_w("w:multiLevelType", val="multilevel"))
    an.append(_w("w:name", val=name))
    for lvl in levels:
        an.append(lvl)
    return an


class Numbering:
    """The numbering.xml part: our abstract numbering definitions and their instances."""

    def __init__(self, document, meta: Meta) -> None:
        self.root = document.part.numbering_part.element
        nums = self.root.findall(qn("w:num"))
        self.next_num = max((int(n.get(qn("w:numId"))) for n in nums), default=0) + 1
        first_num = nums[0] if nums else None

        clause_levels = [
            _lvl(i, fmt, text, LEVEL_STYLES[i], INDENT * max(i, 1), INDENT)
            for i, (fmt, text) in enumerate(_levels(meta))
        ]
        clause_levels += [_lvl(i, "decimal", f"%{i + 1}.", None, INDENT * i, INDENT) for i in range(5, 9)]
        cell_levels = [
            _lvl(0, "lowerLetter", "(%1)", TABLE_LIST_STYLES[0], 567, 567),
            _lvl(1, "lowerRoman", "(%2)", TABLE_LIST_STYLES[1], 1134, 567),
        ]
        cell_levels += [_lvl(i, "decimal", f"%{i + 1}.", None, 567 * (i + 1), 567) for i in range(2, 9)]
        for an in (
            _abstract_num(CLAUSE_ABSTRACT_ID, "5EC00001", f"SEC {meta.kind} clauses", clause_levels),
            _abstract_num(CELL_ABSTRACT_ID, "5EC00002", "SEC table lists", cell_levels),
        ):
            if first_num is not None:
                first_num.addprevious(an)
            else:
                self.root.append(an)
        self.clause_num = self.add_num(CLAUSE_ABSTRACT_ID)
        self.cell_num = self.add_num(CELL_ABSTRACT_ID)

    def add_num(self, abstract_id: int, restart_levels: int = 0) -> int:
        """Add a w:num instance; restart_levels > 0 adds startOverride for the first levels."""
        num_id = self.next_num
        self.next_num += 1
        num = _w("w:num", numId=str(num_id))
        num.append(_w("w:abstractNumId", val=str(abstract_id)))
        for ilvl in range(restart_levels):
            override = _w("w:lvlOverride", ilvl=str(ilvl))
            override.append(_w("w:startOverride", val="1"))
            num.append(override)
        self.root.append(num)
        return num_id


def _add_styles(document, numbering: Numbering) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), "Arial")

    body = styles.add_style(STYLE_BODY, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.paragraph_format.space_after = Pt(6)
    body.paragraph_format.line_spacing = 1.1
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    for level, name in enumerate(LEVEL_STYLES):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = body
        ppr = style.element.get_or_add_pPr()
        num_pr = ppr.get_or_add_numPr()
        if level:
            num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = numbering.clause_num
        if level == 0:
            style.font.bold = True
            style.font.all_caps = True
            style.paragraph_format.space_before = Pt(12)
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
            ppr.get_or_add_outlineLvl().val = 0
    for level, name in enumerate(LEVEL_STYLES):
        styles[name].next_paragraph_style = styles[LEVEL_STYLES[1 if level == 0 else level]]

    for level, name in BODY_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = body
        style.paragraph_format.left_indent = Pt(INDENT * level / 20)

    sub = styles.add_style(STYLE_SUBHEADING, WD_STYLE_TYPE.PARAGRAPH)
    sub.base_style = body
    sub.font.bold = True
    sub.font.italic = True
    sub.paragraph_format.left_indent = Pt(INDENT / 20)
    sub.paragraph_format.keep_with_next = True
    sub.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    sub.element.get_or_add_pPr().get_or_add_outlineLvl().val = 1

    cell = styles.add_style(STYLE_TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(9.5)
    cell.paragraph_format.space_after = Pt(3)
    for level, name in enumerate(TABLE_LIST_STYLES):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = cell
        num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
        if level:
            num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = numbering.cell_num

    for name in ("Title", "Subtitle"):
        styles[name].font.name = "Arial"
        styles[name].font.color.rgb = RGBColor(0x1F, 0x2A, 0x44)
    styles["Title"].font.size = Pt(18)
    styles["Subtitle"].font.size = Pt(11)


INLINE_RE = re.compile(r"(\*\*.+?\*\*|\*[^*\s][^*]*?\*)")


def _add_runs(paragraph, text: str) -> None:
    """Add runs for text with **bold** and *italic* spans."""
    for piece in INLINE_RE.split(text):
        if not piece:
            continue
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            paragraph.add_run(piece[2:-2]).bold = True
        elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            paragraph.add_run(piece[1:-1]).italic = True
        else:
            paragraph.add_run(piece)


def _set_cell_width(cell, twips: int) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_w = tc_pr.find(qn("w:tcW"))
    if tc_w is None:
        tc_w = _w("w:tcW")
        tc_pr.insert(0, tc_w)
    tc_w.set(qn("w:w"), str(twips))
    tc_w.set(qn("w:type"), "dxa")


TEXT_WIDTH = 9026  # A4 with 2.54 cm margins, in twips


def _add_table(document, table: Table, numbering: Numbering) -> None:
    ncols = len(table.rows[0])
    widths = table.widths or [100 // ncols] * ncols
    if len(widths) != ncols:
        raise SourceError(f"table at line {table.line}: {len(widths)} widths for {ncols} columns")
    twips = [TEXT_WIDTH * w // 100 for w in widths]
    t = document.add_table(rows=len(table.rows), cols=ncols)
    t.style = document.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    t.autofit = False
    grid = t._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), twips):
        col.set(qn("w:w"), str(w))
    for r, (row, tr) in enumerate(zip(table.rows, t._tbl.tr_lst)):
        cells = [_Cell(tc, t) for tc in tr.tc_lst]  # t.cell(r, c) is quadratic in the table size
        is_header = table.header and r == 0
        if is_header:
            tr_pr = tr.get_or_add_trPr()
            tr_pr.append(_w("w:tblHeader"))
        for c, paragraphs in enumerate(row):
            cell = cells[c]
            _set_cell_width(cell, twips[c])
            num_id = None
            for i, (text, level) in enumerate(paragraphs):
                p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                p._p.style = style_id(STYLE_TABLE_TEXT if level is None else TABLE_LIST_STYLES[level])
                if level is not None:
                    if num_id is None:  # a w:num of its own, so that each cell's list restarts at (a)
                        num_id = numbering.add_num(CELL_ABSTRACT_ID, restart_levels=2)
                    num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
                    num_pr.get_or_add_ilvl().val = level
                    num_pr.get_or_add_numId().val = num_id
                _add_runs(p, text)
                if is_header:
                    for run in p.runs:
                        run.bold = True


def _header_footer(document, meta: Meta, version: str) -> None:
    section = document.sections[0]
    section.page_height = Cm(29.7)
    section.page_width = Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.54))
    header = section.header.paragraphs[0]
    header.text = f"{meta.display} — illustrative text"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{meta.kind.capitalize()} {meta.letter} — Version {version} — page ")
    field_el = _w("w:fldSimple", instr=" PAGE ")
    run = _w("w:r")
    t = _w("w:t")
    t.text = "1"
    run.append(t)
    field_el.append(run)
    footer._p.append(field_el)
    for p in (header, footer):
        for r in p.runs:
            r.font.size = Pt(8)


def _core_properties(document, meta: Meta, version: str, date: dt.date) -> None:
    cp = document.core_properties
    when = dt.datetime(date.year, date.month, date.day, 0, 0, 0)
    cp.title = meta.display
    cp.subject = meta.slug
    cp.version = version
    cp.keywords = f"SEC; {meta.slug}; {version}; illustrative"
    cp.category = "Smart Energy Code (illustrative)"
    cp.comments = ILLUSTRATIVE
    cp.author = AUTHOR
    cp.last_modified_by = AUTHOR
    cp.created = when
    cp.modified = when
    cp.revision = 1
    cp.language = "en-GB"
    cp.identifier = f"{meta.slug}-v{version}"


def _drop_thumbnail(document) -> None:
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[r_id]


def _paragraph(document, style_name: str):
    """Add a paragraph with a style (set by id: python-docx's lookup by name is slow)."""
    paragraph = document.add_paragraph()
    paragraph._p.style = style_id(style_name)
    return paragraph


def render_docx(meta: Meta, version: str, blocks: list[Para | Table], date: dt.date) -> bytes:
    """Write one document version as .docx bytes (deterministic)."""
    document = docx.Document()
    _drop_thumbnail(document)
    numbering = Numbering(document, meta)
    _add_styles(document, numbering)
    _header_footer(document, meta, version)
    _core_properties(document, meta, version, date)

    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    _paragraph(document, "Title").add_run(meta.title)
    _paragraph(document, "Subtitle").add_run(f"Version {version} — illustrative text for sectrack, not the legal text")
    for i, block in enumerate(blocks):
        if isinstance(block, Table):
            _add_table(document, block, numbering)
            if i + 1 == len(blocks) or isinstance(blocks[i + 1], Table):
                # Word needs a paragraph between two tables and after a final table
                _paragraph(document, STYLE_BODY)
        elif block.kind in ("heading", "clause"):
            _add_runs(_paragraph(document, LEVEL_STYLES[block.level]), block.text)
        elif block.kind == "subheading":
            _add_runs(_paragraph(document, STYLE_SUBHEADING), block.text)
        else:
            _add_runs(_paragraph(document, BODY_STYLES[block.level]), block.text)
    raw = io.BytesIO()
    document.save(raw)
    return normalise_zip(raw.getvalue())


APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Template>Normal.dotm</Template><Application>sectrack corpus/build.py (python-docx)</Application>"
    b"<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    b"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>1.0000</AppVersion>"
    b"</Properties>"
)


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with sorted entries, fixed timestamps and attributes, and a neutral app.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            blob = APP_XML if name == "docProps/app.xml" else src.read(name)
            dst.writestr(info, blob, compresslevel=9)
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


def build(out: Path = DOCUMENTS, src: Path = SRC, releases: Path = RELEASES) -> list[Path]:
    """Build every document version; return the files written."""
    dates = effective_dates(releases)
    written: list[Path] = []
    for slug in slugs(src):
        meta = load_meta(slug, src)
        for version in source_versions(slug, src):
            path = src / slug / f"{version}.txt"
            if (slug, version) not in dates:
                raise SourceError(f"{path}: no release manifest brings in {slug} v{version}")
            origin = path.relative_to(CORPUS.parent) if path.is_relative_to(CORPUS.parent) else path
            blocks = parse_source(path.read_text(encoding="utf-8"), str(origin))
            data = render_docx(meta, version, blocks, dates[(slug, version)])
            target = out / slug / f"{slug}-v{version}.docx"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DOCUMENTS, help="output folder (default corpus/documents)")
    parser.add_argument("--renumber", action="store_true",
                        help="rewrite the level markers in corpus/src so they match the numbers Word shows, then build")
    args = parser.parse_args(argv)
    if args.renumber:
        for slug in slugs():
            for version in source_versions(slug):
                path = SRC / slug / f"{version}.txt"
                text = path.read_text(encoding="utf-8")
                if (new := renumber_source(text)) != text:
                    path.write_text(new, encoding="utf-8")
                    print(f"renumbered {path}")
    try:
        written = build(args.out)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
