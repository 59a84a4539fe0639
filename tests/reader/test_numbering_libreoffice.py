"""Parity with LibreOffice: our numbering labels equal the labels LibreOffice computes for the same .docx.

Each case is a small .docx; all are opened in one LibreOffice session through its Python bridge, which
gives every paragraph's own list label (tests/lo_labels.py): nothing depends on the layout of
LibreOffice's text export, which changed between 7.4 and 25.2. Bullets compare as "•", whatever
w:lvlText says.

Where LibreOffice and Word differ we follow Word (see sectrack/docx/numbering.py), and the case lists
the difference: LibreOffice must then print our labels for the same numbering changed the way
LibreOffice reads it. LibreOffice (7.4 and 25.2) ignores w:lvlRestart and the paragraph style a
w:lvl/w:pStyle links to; 7.4 ignores w:isLgl, and 25.2 honours it but shows the level's own number as
decimal too, where Word shows only the levels above as decimal. The Word behaviour itself is pinned
in test_numbering.py.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import FIXTURES
from docxbuild import (
    abstract_num,
    build_docx,
    engine_labels,
    level_override,
    lvl,
    num,
    para,
    start_override,
    style,
    table,
)
from lo import LoParagraph, libreoffice_paragraphs
from lxml import etree


def _strip(tag: str) -> Callable[[str], str]:
    """A numbering read without one element, as a LibreOffice that ignores it reads it."""
    pattern = re.compile(rf"<w:{tag}(?: [^>]*)?/>")
    return lambda numbering: pattern.sub("", numbering)


def _legal_own_level_decimal(numbering: str) -> str:
    """Each w:isLgl level's own format made decimal, as LibreOffice 25.2 shows it."""
    def level(m: re.Match[str]) -> str:
        xml = m.group(0)
        if not _ISLGL.search(xml):
            return xml
        return re.sub(r'<w:numFmt w:val="(?!decimal)[^"]*"/>', '<w:numFmt w:val="decimal"/>', xml)
    return re.sub(r"<w:lvl [^>]*>.*?</w:lvl>", level, numbering, flags=re.S)


_ISLGL = re.compile(r"<w:isLgl(?: [^>]*)?/>")
# The ways LibreOffice reads what Word honours differently: any one of them may be what soffice shows.
LO_READINGS: dict[str, tuple[Callable[[str], str], ...]] = {
    "isLgl": (_strip("isLgl"), _legal_own_level_decimal),
    "lvlRestart": (_strip("lvlRestart"),),
    "pStyle": (_strip("pStyle"),),
}


@dataclass
class Case:
    """One test document: paragraphs are numbered "#1", "#2", … so LibreOffice's lines can be matched."""

    numbering: str = ""
    styles: str | None = None
    lo_differs: tuple[str, ...] = ()
    parts: list[str] = field(default_factory=list)
    count: int = 0

    def p(self, num_id: int | None = None, ilvl: int | None = None, style_id: str | None = None) -> str:
        """A paragraph with the next marker text (added to the body unless used in a table)."""
        self.count += 1
        return para(f"#{self.count}", num_id, ilvl, style_id)

    def add(self, *specs: tuple) -> None:
        """Body paragraphs from (num_id, ilvl[, style]) tuples."""
        self.parts.extend(self.p(*spec) for spec in specs)

    @property
    def body(self) -> str:
        return "".join(self.parts)


def _formats() -> Case:
    c = Case()
    runs = [("decimal", 1, 12), ("decimalZero", 1, 12), ("lowerLetter", 1, 30), ("upperLetter", 24, 6),
            ("lowerRoman", 1, 15), ("upperRoman", 3990, 12), ("ordinal", 1, 25), ("ordinal", 110, 5),
            ("cardinalText", 1, 25), ("cardinalText", 98, 5), ("cardinalText", 999, 3),
            ("ordinalText", 1, 25), ("ordinalText", 98, 5), ("ordinalText", 1999, 3), ("none", 1, 2),
            ("chicago", 1, 9), ("decimalEnclosedCircle", 18, 5), ("upperLetter", 0, 2), ("lowerRoman", 0, 2)]
    for i, (fmt, start, count) in enumerate(runs):
        c.numbering += abstract_num(i, lvl(0, fmt, "[%1]", start=start)) + num(i + 1, i)
        c.add(*[(i + 1, 0)] * count)
    bullets = abstract_num(50, lvl(0, "bullet", "\uf0b7"), lvl(1, "bullet", "o"), lvl(2, "bullet", "\uf0a7"))
    c.numbering += bullets + num(51, 50)
    c.add((51, 0), (51, 1), (51, 2), (51, 0))
    c.numbering += abstract_num(60, lvl(0, "decimal", "%1."), lvl(1, "bullet", "-"), lvl(2, "lowerLetter", "%1.%3"))
    c.numbering += num(61, 60)
    c.add((61, 0), (61, 1), (61, 1), (61, 2), (61, 0), (61, 2))
    return c


def three(aid: int) -> str:
    """A three-level abstractNum: 1. / 1.a / 1.a.i"""
    return abstract_num(aid, lvl(0, "decimal", "%1."), lvl(1, "lowerLetter", "%1.%2"),
                        lvl(2, "lowerRoman", "%1.%2.%3"))


def _multilevel() -> Case:
    c = Case(numbering=abstract_num(0, lvl(0, "upperLetter", "Article %1"), lvl(1, "decimal", "A%1.%2"),
                                    lvl(2, "lowerLetter", "(%3)"), lvl(3, "lowerRoman", "%4."))
             + num(1, 0) + three(1) + num(2, 1))
    c.add((1, 0), (1, 1), (1, 2), (1, 3), (1, 3), (1, 2), (1, 1), (1, 2), (1, 0), (1, 1), (None, None))
    inner = table([c.p(2, 1), c.p(1, 3)])
    c.parts.append(table([c.p(1, 0), c.p(2, 0)], [c.p(), c.p(1, 1) + c.p(1, 1) + inner + c.p(1, 1)]))
    c.add((1, 2), (2, 0), (2, 1), (2, 2), (1, 0))
    return c


def _shared_and_overrides() -> Case:
    c = Case(numbering=three(0) + num(1, 0) + num(2, 0) + num(3, 0, start_override(0, 7))
             + num(4, 0, start_override(1, 5)) + num(5, 0, start_override(0, 1), start_override(1, 1))
             + num(6, 0, start_override(0, 3)))
    c.add((1, 0), (1, 1), (2, 0), (2, 1), (1, 1), (None, None), (3, 0), (1, 0), (3, 0), (3, 1))
    c.add((1, 0), (4, 0), (4, 1), (4, 1), (1, 0), (4, 1), (1, 1), (4, 0), (4, 1))
    c.add((5, 1), (5, 0), (1, 1), (5, 1), (6, 1), (6, 1), (6, 0), (6, 0), (1, 0))
    c.numbering += (abstract_num(7, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2")) + num(7, 7)
                    + num(8, 7, level_override(1, lvl(1, "upperLetter", "[%1-%2]", start=3)))
                    + num(9, 7, start_override(0, 4, lvl(0, "lowerRoman", "%1)", start=9))))
    c.add((7, 0), (7, 1), (8, 1), (8, 1), (7, 1), (8, 0), (8, 1), (7, 1), (9, 0), (9, 0), (7, 0), (9, 1))
    return c


def _style_link() -> Case:
    c = Case(numbering=abstract_num(10, lvl(0, "upperRoman", "%1."), lvl(1, "lowerLetter", "%1(%2)"),
                                    extra='<w:styleLink w:val="MyList"/>')
             + abstract_num(11, extra='<w:numStyleLink w:val="MyList"/>')
             + abstract_num(12, extra='<w:numStyleLink w:val="MyList"/>')
             + num(1, 10) + num(2, 11) + num(3, 12, start_override(0, 5)),
             styles=style("Normal", "Normal", default=True) + style("MyList", "My List", kind="numbering", num_id=1))
    c.add((1, 0), (2, 0), (2, 1), (1, 1), (3, 0), (3, 1), (2, 0), (1, 1))
    return c


def _skipped() -> Case:
    c = Case(numbering=abstract_num(0, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2", start=3),
                                    lvl(2, "decimal", "%1.%2.%3"), lvl(3, "decimal", "%1.%2.%3.%4")) + num(1, 0)
             + abstract_num(1, lvl(0, "decimal", "%1.", start=0), lvl(1, "decimal", "%1.%2", start=0),
                            lvl(2, "lowerLetter", "%1.%2.%3", start=2)) + num(2, 1))
    c.add((1, 2), (1, 2), (1, 1), (1, 0), (1, 3), (1, 1), (1, 3), (1, 2), (1, 0), (1, 3), (1, 2), (1, 3), (1, 1))
    c.add((2, 2), (2, 0), (2, 2), (2, 1), (2, 0), (2, 0), (2, 2))
    return c


HEADINGS = abstract_num(0, lvl(0, "decimal", "Article %1"), lvl(1, "decimal", "%1.%2"),
                        lvl(2, "lowerLetter", "(%3)"), lvl(3, "lowerRoman", "(%4)")) + num(1, 0)
HEADING_STYLES = (style("Normal", "Normal", default=True) + style("H1", "heading 1", num_id=1)
                  + style("H2", "heading 2", based="H1", ilvl=1) + style("H3", "heading 3", based="H2", ilvl=2)
                  + style("H4", "heading 4", based="H1", ilvl=3) + style("Off", "Off", based="H1", num_id=0)
                  + style("L", "List X", num_id=2, ilvl=1) + style("L2", "List Y", based="L")
                  + style("H1b", "Heading 1 B", based="H1") + style("Plain", "Plain"))


def _styles() -> Case:
    other = abstract_num(5, lvl(0, "upperLetter", "%1."), lvl(1, "decimal", "%1-%2")) + num(2, 5)
    c = Case(numbering=HEADINGS + other, styles=HEADING_STYLES)
    c.add((None, None, "H1"), (None, None, "H2"), (None, None, "H3"), (None, None, "H3"), (None, None, "H4"),
          (None, 1, "H3"), (0, None, "H1"), (None, None, "H1"), (1, None, "Plain"), (None, None, "L"),
          (None, None, "L2"), (1, None, "L"), (None, None, "Off"), (None, None, "H1b"), (2, None, "H2"),
          (2, 0, "H2"), (None, 2, "H2"), (0, 1, "H2"), (None, None, "Plain"), (None, None, "H2"))
    return c


def _defaults() -> Case:
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    custom = (f'<mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="w14">'
              '<w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice>'
              '<mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>')
    c = Case(numbering=abstract_num(
        0, '<w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>',
        '<w:lvl w:ilvl="1"><w:start w:val="2"/><w:lvlText w:val="%1.%2"/></w:lvl>',
        '<w:lvl w:ilvl="2"><w:start w:val="2"/><w:numFmt w:val="lowerRoman"/></w:lvl>',
        f'<w:lvl w:ilvl="3"><w:start w:val="8"/>{custom}<w:lvlText w:val="%4)"/></w:lvl>',
    ) + num(1, 0) + abstract_num(1, lvl(0, "decimal", "%1.", extra='<w:suff w:val="space"/>'),
                                 lvl(1, "decimal", "%1.%2", extra='<w:suff w:val="nothing"/>')) + num(2, 1))
    c.add((1, 0), (1, 1), (1, 2), (1, 3), (1, 3), (1, 3), (1, 0), (1, None), (2, 0), (2, 1), (2, 0))
    return c


def _legal() -> Case:
    c = Case(lo_differs=("isLgl",), numbering=abstract_num(
        0, lvl(0, "upperRoman", "Art %1."), lvl(1, "upperLetter", "%1.%2"),
        lvl(2, "lowerLetter", "%1.%2.%3", extra="<w:isLgl/>"), lvl(3, "lowerRoman", "(%4)", extra="<w:isLgl/>"),
    ) + num(1, 0) + abstract_num(1, lvl(0, "upperRoman", "Article %1"),
                                 lvl(1, "decimalZero", "Section %1.%2", extra="<w:isLgl/>")) + num(2, 1))
    c.add((1, 0), (1, 1), (1, 2), (1, 2), (1, 3), (1, 1), (1, 2), (1, 0), (1, 2), (2, 0), (2, 0), (2, 1), (2, 1))
    return c


def _restart() -> Case:
    c = Case(lo_differs=("lvlRestart",), numbering=abstract_num(
        1, lvl(0, "decimal", "%1."), lvl(1, "lowerLetter", "%2)", extra='<w:lvlRestart w:val="0"/>'),
        lvl(2, "lowerRoman", "%3.", extra='<w:lvlRestart w:val="1"/>'), lvl(3, "decimal", "%1-%2-%3-%4"),
    ) + num(2, 1))
    c.add((2, 0), (2, 1), (2, 2), (2, 2), (2, 0), (2, 1), (2, 2), (2, 1), (2, 2), (2, 3), (2, 1), (2, 3),
          (2, 0), (2, 3))
    return c


def _linked() -> Case:
    numbering = abstract_num(0, lvl(0, "decimal", "Article %1", pstyle="H1"), lvl(1, "decimal", "%1.%2", pstyle="H2"),
                             lvl(2, "lowerLetter", "(%3)", pstyle="H3"), lvl(3, "lowerRoman", "(%4)")) + num(1, 0)
    styles = (style("Normal", "Normal", default=True) + style("H1", "heading 1", num_id=1)
              + style("H2", "heading 2", based="H1", num_id=1) + style("H3", "heading 3", based="H1"))
    c = Case(numbering=numbering, styles=styles, lo_differs=("pStyle",))
    c.add((None, None, "H1"), (None, None, "H2"), (None, None, "H3"), (None, None, "H3"), (1, None, "H3"),
          (None, None, "H2"), (None, None, "H1"), (None, 3, "H3"))
    return c


CASES = {
    "formats": _formats(), "multilevel": _multilevel(), "overrides": _shared_and_overrides(),
    "stylelink": _style_link(), "skipped": _skipped(), "styles": _styles(), "defaults": _defaults(),
    "legal": _legal(), "restart": _restart(), "linked": _linked(),
}


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _marked_body(el: etree._Element, case: Case) -> None:
    """Copy the paragraphs (pStyle and numPr only) and tables of a real body, texts replaced by markers."""
    for child in el:
        if child.tag == f"{_W}p":
            ppr = child.find(f"{_W}pPr")
            keep = [c for c in (ppr if ppr is not None else []) if c.tag in (f"{_W}pStyle", f"{_W}numPr")]
            xml = "".join(etree.tostring(c, encoding="unicode") for c in keep)
            case.count += 1
            case.parts.append(f"<w:p><w:pPr>{xml}</w:pPr><w:r><w:t>#{case.count}</w:t></w:r></w:p>")
        elif child.tag == f"{_W}tbl":
            case.parts.append("<w:tbl><w:tblPr/><w:tblGrid/>")
            for tr in child.findall(f"{_W}tr"):
                case.parts.append("<w:tr>")
                for tc in tr.findall(f"{_W}tc"):
                    case.parts.append("<w:tc>")
                    _marked_body(tc, case)
                    case.parts.append("</w:tc>")
                case.parts.append("</w:tr>")
            case.parts.append("</w:tbl>")
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            _marked_body(child, case)


def _real_cases() -> dict[str, Case]:
    """Real Word documents from the shared fixtures that use numbering and carry no tracked changes."""
    cases: dict[str, Case] = {}
    for path in sorted(FIXTURES.rglob("*.docx")):
        try:
            with zipfile.ZipFile(path) as zf:
                parts = {n: zf.read(n).decode("utf-8-sig") for n in zf.namelist()
                         if n in ("word/document.xml", "word/numbering.xml", "word/styles.xml")}
        except (zipfile.BadZipFile, UnicodeDecodeError):
            continue
        if "word/numbering.xml" not in parts or "word/document.xml" not in parts:
            continue
        body = etree.fromstring(parts["word/document.xml"].encode()).find(f"{_W}body")
        if body is None or next(body.iter(f"{_W}ins", f"{_W}del", f"{_W}moveFrom", f"{_W}moveTo"), None) is not None:
            continue
        case = Case(numbering=parts["word/numbering.xml"], styles=parts.get("word/styles.xml"))
        _marked_body(body, case)
        if case.count:
            cases["real_" + re.sub(r"\W+", "_", path.stem)] = case
    return cases


REAL = _real_cases() if FIXTURES.is_dir() else {}


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[int, str]]:
    """Every case built as .docx and read by one LibreOffice session: label by paragraph number."""
    work = tmp_path_factory.mktemp("numbering_lo")
    everything = {**CASES, **REAL}
    files = [str(build_docx(work / f"{name}.docx", c.body, c.numbering, c.styles)) for name, c in everything.items()]
    read = libreoffice_paragraphs(files, work)
    return {name: _lo_labels(paras) for name, paras in zip(everything, read)}


def _lo_labels(paras: list[LoParagraph]) -> dict[int, str]:
    """Paragraph number -> LibreOffice's label of the paragraph whose text is "#N" (bullets as "•")."""
    labels: dict[int, str] = {}
    for p in paras:
        m = re.fullmatch(r"#(\d+)", p.text)
        if m:
            labels[int(m.group(1))] = "•" if p.bullet else p.label
    return labels


def _ours(case: Case, numbering: str | None) -> list[str]:
    """Our labels for a case, bullets as "•", unnumbered as ""."""
    out = []
    for lab in engine_labels(case.body, numbering, case.styles):
        out.append("" if lab is None else "•" if lab.bullet else lab.text)
    return out


@pytest.mark.parametrize("name", list(CASES) + list(REAL))
def test_labels_match_libreoffice(name: str, libreoffice: dict[str, dict[int, str]]) -> None:
    case = CASES.get(name) or REAL[name]
    printed = libreoffice[name]
    assert len(printed) == case.count, "every paragraph must appear in LibreOffice's text"
    order = [int(n) for n in re.findall(r">#(\d+)</w:t>", case.body)]  # markers in document order
    lo = [printed[n] for n in order]
    ours = _ours(case, case.numbering)
    if not case.lo_differs:
        assert ours == lo
        return
    readings = [case.numbering]
    for feature in case.lo_differs:
        readings = [change(n) for n in readings for change in LO_READINGS[feature]]
    theirs = [_ours(case, n) for n in readings]
    assert all(t != ours for t in theirs), "the case must exercise what LibreOffice reads differently"
    assert lo in [ours, *theirs], f"LibreOffice shows {lo}: neither ours nor a known reading {theirs}"


def test_real_word_documents_are_checked(fixtures: Path) -> None:
    """The shared fixtures give real Word numbering definitions to the parity test."""
    assert len(REAL) >= 10
