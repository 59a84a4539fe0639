"""LibreOffice opens every redline we write: one headless PDF conversion for all of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docxbuild import build_docx

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.render.docx import render_docx
from tests.render.test_docx_deleted import CASES as DELETED_CASES
from tests.render.test_docx_deleted import write_case
from tests.render.test_docx_files import PAIRS
from tests.render.test_docx_overlay import CASES as XML_CASES
from tests.render.test_docx_support import soffice_pdf
from tests.render.test_docx_writer import CASES

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path, str]:
    """All hand-built cases, the XML cases (new and deleted paragraphs) and all real pairs, written and
    converted to PDF in one soffice run."""
    folder = tmp_path_factory.mktemp("lo")
    docs = []
    for name, cs in CASES.items():
        docs.append(folder / f"case-{name}.docx")
        render_docx(cs, docs[-1])
    for name, (old_body, new_body) in XML_CASES.items():
        old = read(build_docx(folder / f"src-{name}-old.docx", old_body))
        new = read(build_docx(folder / f"src-{name}-new.docx", new_body))
        docs.append(folder / f"xml-{name}.docx")
        render_docx(compare(old, new), docs[-1])
    for name in DELETED_CASES:
        docs.append(write_case(folder, name)[2])
    for pid, before, after in PAIRS:
        docs.append(folder / f"pair-{pid}.docx")
        render_docx(compare(read(before), read(after)), docs[-1])
    pdfs = folder / "pdf"
    pdfs.mkdir()
    result = soffice_pdf(docs, pdfs)
    return docs, pdfs, result.stderr.decode("utf-8", "replace")


def test_every_redline_converts_to_pdf(converted: tuple[list[Path], Path, str]) -> None:
    docs, pdfs, log = converted
    missing = [d.name for d in docs if not (pdfs / (d.stem + ".pdf")).is_file()]
    assert not missing, f"LibreOffice could not convert {missing}: {log[-2000:]}"
    for d in docs:
        head = (pdfs / (d.stem + ".pdf")).read_bytes()[:5]
        assert head == b"%PDF-", d.name
