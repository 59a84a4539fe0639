"""The PDF redline, read back with pypdf and pdfminer.six: A4 pages, running header, page numbers, table
header rows repeated, and each mark drawn as promised (insertions blue and underlined, deletions red and
struck, moves green and doubled)."""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTCurve, LTPage, LTTextContainer
from pypdf import PdfReader

from sectrack.cli import main
from sectrack.compare import compare
from sectrack.docx import read
from sectrack.render.pdf import render_pdf

AM = CORPUS / "documents" / "appendix-am"
BLUE, RED, GREEN = (0.043137, 0.341176, 0.815686), (0.772549, 0.133333, 0.121569), (0.07451, 0.45098, 0.2)


@pytest.fixture(scope="module")
def am_pdf() -> bytes:
    return render_pdf(compare(read(AM / "appendix-am-v15.0.docx"), read(AM / "appendix-am-v16.0.docx")))


def _rgb(colour: object) -> tuple[float, ...] | None:
    return tuple(round(float(c), 6) for c in colour) if isinstance(colour, (tuple, list)) and len(colour) == 3 else None


def _walk(node: object):
    yield node
    if isinstance(node, (LTPage, LTTextContainer)) or hasattr(node, "_objs"):
        for child in node:  # type: ignore[attr-defined]
            yield from _walk(child)


def _page_marks(page: LTPage) -> tuple[dict, dict]:
    """Characters by colour, and horizontal rules (y, x0, x1) by colour, on one page."""
    chars, rules = defaultdict(list), defaultdict(list)
    for obj in _walk(page):
        if isinstance(obj, LTChar) and obj.get_text().strip():
            chars[_rgb(obj.graphicstate.ncolor)].append(obj)
        elif isinstance(obj, LTCurve) and obj.height < 1.5 and obj.width > 0:
            rules[_rgb(obj.stroking_color) or _rgb(obj.non_stroking_color)].append((obj.y0, obj.x0, obj.x1))
    return chars, rules


def _crossed(ch: LTChar, rules: list, low: float, high: float) -> int:
    """How many rules pass under the character between ``low`` and ``high`` (fractions of its height)."""
    return sum(1 for y, x0, x1 in rules if x0 - 0.5 <= (ch.x0 + ch.x1) / 2 <= x1 + 0.5
               and ch.y0 + low * ch.height <= y <= ch.y0 + high * ch.height)


def test_pages_are_a4_with_running_header_and_page_numbers(am_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(am_pdf))
    total = len(reader.pages)
    assert total >= 5
    for number, page in enumerate(reader.pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        text = page.extract_text()
        assert "SEC Appendix AM 'SMETS1 Supporting Requirements'" in text, number
        assert "Version 15.0 → 16.0" in text, number
        assert f"Page {number} of {total}" in text
    assert reader.metadata is not None and "Appendix AM" in (reader.metadata.title or "")


def test_marks_are_coloured_and_drawn(am_pdf: bytes) -> None:
    seen = {"ins": 0, "del": 0, "moved": 0}
    unmarked = {"ins": 0, "del": 0, "moved": 0}
    for page in extract_pages(io.BytesIO(am_pdf)):
        chars, rules = _page_marks(page)
        for ch in chars[BLUE]:  # underline: one blue rule near the baseline
            seen["ins"] += 1
            unmarked["ins"] += not _crossed(ch, rules[BLUE], -0.35, 0.25)
        for ch in chars[RED]:  # strike-through: one red rule across the middle
            seen["del"] += 1
            unmarked["del"] += not _crossed(ch, rules[RED], 0.25, 0.75)
        for ch in chars[GREEN]:  # a move: two green rules (double underline or double strike)
            seen["moved"] += 1
            unmarked["moved"] += _crossed(ch, rules[GREEN], -0.5, 0.8) < 2
    assert all(seen.values()), seen
    # Labels and badges share the colours without a rule (a deleted clause number is struck, a move
    # link is not); the text itself is marked.
    for kind, count in seen.items():
        assert unmarked[kind] <= count * 0.1, (kind, unmarked[kind], count)


def test_the_same_changeset_gives_the_same_bytes(am_pdf: bytes) -> None:
    again = render_pdf(compare(read(AM / "appendix-am-v15.0.docx"), read(AM / "appendix-am-v16.0.docx")))
    assert again == am_pdf


def test_redline_command_writes_a_pdf_beside_other_formats(tmp_path: Path) -> None:
    pdf, html = tmp_path / "am.pdf", tmp_path / "am.html"
    result = CliRunner().invoke(main, ["redline", str(AM / "appendix-am-v15.0.docx"),
                                       str(AM / "appendix-am-v16.0.docx"), "-o", str(pdf), "-o", str(html)])
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF-") and html.is_file()
    assert "Appendix AM" in PdfReader(pdf).pages[0].extract_text()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".sectrack-")]


def test_table_header_rows_repeat_on_every_page_the_table_spans() -> None:
    section_a = CORPUS / "documents" / "section-a"
    new = read(section_a / "section-a-v22.0.docx")
    pdf = render_pdf(compare(read(section_a / "section-a-v21.0.docx"), new))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    first = next(k for k, text in enumerate(pages) if "Expression Meaning" in text)
    last_term = new.definitions[-1].term
    last = max(k for k, text in enumerate(pages) if last_term in text)
    assert last - first >= 10  # the definitions table runs over many pages
    assert all("Expression Meaning" in pages[k] for k in range(first, last + 1))
