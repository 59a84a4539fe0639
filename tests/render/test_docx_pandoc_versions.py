"""The .docx redline read by pandoc, an independent reader, against the two versions *as pandoc
reads them* (not as sectrack reads them): Accept All gives the new document and Reject All the old
one, paragraph by paragraph, on every compare pair of the shared fixtures and of the corpus.

pandoc 2.17 reads an equation (OMML) as TeX and cannot read a tracked change to an equation at all:
it drops an equation inside ``w:ins``/``w:del`` in both views and ignores the revisions inside one,
where Word keeps them (the last test shows it). An unchanged equation in a changed paragraph is
compared as TeX. The four fixture pairs whose equations were inserted or changed are compared with
every equation flattened to a run of its text, in the redline and in both versions alike, an
equation marked inserted or deleted as a whole becoming a run inserted or deleted (``flatten_math``):
pandoc then resolves those revisions with the text's, so each equation's place and text are checked.
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.render.docx import render_docx
from tests.render.test_docx_files import PAIRS
from tests.render.test_docx_support import flatten_math, pandoc_texts

EQUATION_CHANGED = {"WC-1230", "WC-1430", "WC-1540", "WC-1830"}  # an equation inserted or edited


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, Path]]:
    folder = tmp_path_factory.mktemp("pandoc-versions")
    out = {}
    for pid, before, after in PAIRS:
        path = folder / f"{pid}.docx"
        render_docx(compare(read(before), read(after, keep_tree=True)), path)
        out[pid] = (before, after, path)
    return out


@pytest.mark.parametrize("pid", [p[0] for p in PAIRS])
def test_pandoc_reads_the_redline_as_it_reads_each_version(pid: str, written: dict, tmp_path: Path) -> None:
    before, after, path = written[pid]
    if pid in EQUATION_CHANGED:
        before, after, path = (flatten_math(x, tmp_path / f"{k}-flat.docx") for k, x in enumerate((before, after, path)))
    accepted, rejected = pandoc_texts(path, "accept"), pandoc_texts(path, "reject")
    assert accepted == pandoc_texts(after, "accept")
    assert rejected == pandoc_texts(before, "accept")


def test_unchanged_equations_are_compared_as_tex() -> None:
    """The pairs compared in full include equations pandoc reads as TeX (so they are checked)."""
    with_math = [pid for pid, before, _ in PAIRS if pid not in EQUATION_CHANGED and _has_math(before)]
    assert with_math, "no pair with an unchanged equation"


def _has_math(path: Path) -> bool:
    with zipfile.ZipFile(path) as z:
        return b"oMath" in z.read("word/document.xml")


def test_pandoc_drops_an_equation_inside_a_tracked_change(tmp_path: Path) -> None:
    """Why the four pairs above leave their equations out: pandoc 2.17 reads nothing of an
    equation inside w:ins, in either view."""
    src = next(before for pid, before, _ in PAIRS if pid == "WC-1230")
    dst = tmp_path / "wrapped.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                i, j = text.index("<m:oMathPara>"), text.index("</m:oMathPara>") + len("</m:oMathPara>")
                ins = '<w:ins w:id="9001" w:author="a" w:date="2021-01-01T00:00:00Z">'
                data = (text[:i] + ins + text[i:j] + "</w:ins>" + text[j:]).encode("utf-8")
            zout.writestr(info, data)
    for view in ("accept", "reject"):
        ast = json.loads(subprocess.run(["pandoc", "-f", "docx", "-t", "json", f"--track-changes={view}", str(dst)],
                                        check=True, capture_output=True).stdout)
        assert '"Math"' not in json.dumps(ast) or '"DisplayMath"}, ""]' in json.dumps(ast)
