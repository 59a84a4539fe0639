"""A paragraph whose style changed (body text made a heading) is a change, in every output."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from click.testing import CliRunner
from docxbuild import build_docx, para, style
from lxml import etree
from pandoc import pandoc_paragraphs

from sectrack.cli import main
from sectrack.compare import compare
from sectrack.docx import read
from sectrack.render.html import render_html
from sectrack.render.json import render_json
from sectrack.render.markdown import render_markdown

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STYLES = style("BodyText", "Body Text") + style("Heading2", "heading 2", ppr='<w:outlineLvl w:val="1"/>')
TEXTS = ["Charges", "The DCC shall publish its charges.", "Each Party shall pay them."]


def _pair(tmp_path: Path) -> tuple[Path, Path]:
    old = build_docx(tmp_path / "old.docx", "".join(para(t, style="BodyText") for t in TEXTS), styles_xml=STYLES)
    new_body = para(TEXTS[0], style="Heading2") + "".join(para(t, style="BodyText") for t in TEXTS[1:])
    new = build_docx(tmp_path / "new.docx", new_body, styles_xml=STYLES)
    return old, new


def test_the_comparison_flags_the_style_change_alone(tmp_path: Path) -> None:
    old, new = _pair(tmp_path)
    cs = compare(read(old), read(new))
    flagged = [c for c in cs.body if c.style_changed]
    assert [c.new.text for c in flagged] == ["Charges"]
    assert flagged[0].kind == "equal" and flagged[0].changed
    assert cs.summary.restyled == 1 and not cs.same


def test_every_output_tells_it(tmp_path: Path) -> None:
    old, new = _pair(tmp_path)
    cs = compare(read(old), read(new))
    html = render_html(cs)
    marks = etree.HTML(html).xpath('//main[@id="redline"]//*[contains(@class, "restyled")]')
    assert len(marks) == 1 and "style: Body Text → heading 2" in "".join(marks[0].itertext())
    entry = next(c for c in json.loads(render_json(cs))["body"] if c["style_changed"])
    assert (entry["old_style"], entry["new_style"], entry["changed"]) == ("Body Text", "heading 2", True)
    assert "style changed (Body Text → heading 2)" in render_markdown(cs)


def test_the_docx_records_the_old_style_and_reads_back(tmp_path: Path) -> None:
    old, new = _pair(tmp_path)
    out = tmp_path / "redline.docx"
    result = CliRunner().invoke(main, ["redline", str(old), str(new), "-o", str(out), "--check"])
    assert result.exit_code == 1  # the versions differ
    root = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    first = root.find(f".//{{{W}}}p")
    assert first.find(f"{{{W}}}pPr/{{{W}}}pStyle").get(f"{{{W}}}val") == "Heading2"
    change = first.find(f"{{{W}}}pPr/{{{W}}}pPrChange/{{{W}}}pPr/{{{W}}}pStyle")
    assert change is not None and change.get(f"{{{W}}}val") == "BodyText"
    assert [p.style for p in read(out, "accepted").blocks] == ["Heading2", "BodyText", "BodyText"]
    assert [p.style for p in read(out, "original").blocks] == ["BodyText"] * 3
    assert pandoc_paragraphs(out, "accept") == pandoc_paragraphs(out, "reject") == TEXTS
