"""A footnote reference only the old version has comes back, with Reject All, at its own place in the
text: after the word it followed, not before the next note, at the paragraph's end or inside a word."""

from __future__ import annotations

import importlib
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from docxbuild import build_docx
from lo import run_bridge

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.render.docx import render_docx
from sectrack.render.docx.notes import at_offset
from sectrack.serial import dumps, loads
from tests.render.test_docx_deleted import FIRST, LAST
from tests.render.test_docx_overlay import p, r

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NOTES = (
    f'<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>The video note.</w:t></w:r></w:p></w:footnote>'
    '<w:footnote w:id="2"><w:p><w:r><w:t>The audio note.</w:t></w:r></w:p></w:footnote></w:footnotes>'
)


def ref(nid: int) -> str:
    return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{nid}"/></w:r>'


# name -> (old paragraph, new paragraph): the reference after "Video" is the old version's only
CASES = {
    "alone": (
        p(r("The meter records Video"), ref(1), r(" of the site visit.")),
        p(r("The meter records Video of the whole site visit.")),
    ),
    "before-a-kept-note": (
        p(r("Video"), ref(1), r(" and Audio"), ref(2), r(" are kept.")),
        p(r("Video and Audio"), ref(2), r(" are both kept.")),
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, Path]]:
    cases = {name: (FIRST + old_p + LAST, FIRST + new_p + LAST) for name, (old_p, new_p) in CASES.items()}
    return write_cases(tmp_path_factory.mktemp("notes"), cases)


def write_cases(folder: Path, cases: dict[str, tuple[str, str]]) -> dict[str, tuple[Path, Path, Path]]:
    """name -> (old, new, redline) for each (old body, new body), the footnotes above in both."""
    out = {}
    for name, (old_body, new_body) in cases.items():
        old = build_docx(folder / f"{name}-old.docx", old_body, parts_xml={"footnotes": NOTES})
        new = build_docx(folder / f"{name}-new.docx", new_body, parts_xml={"footnotes": NOTES})
        render_docx(compare(read(old), read(new, keep_tree=True)), folder / f"{name}.docx")
        out[name] = (old, new, folder / f"{name}.docx")
    return out


def markdown(path: Path, view: str) -> str:
    done = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "markdown", f"--track-changes={view}", str(path)],
        check=True, capture_output=True, text=True,
    )
    return done.stdout


def test_the_reader_records_where_each_reference_stands(built: dict) -> None:
    old = read(built["before-a-kept-note"][0])
    (para,) = [x for x in old.paragraphs() if x.notes]
    assert [(n.id, n.offset) for n in para.notes] == [("1", len("Video")), ("2", len("Video and Audio"))]
    again = loads(dumps(old))
    assert [n.offset for q in again.paragraphs() for n in q.notes] == [5, 15]


def pandoc_views_agree(paths: tuple[Path, Path, Path], rejected_holds: str) -> None:
    """pandoc's Reject All of the redline is its reading of the old version (``rejected_holds`` in it),
    its Accept All its reading of the new one."""
    old, new, out = paths
    rejected = markdown(out, "reject")
    assert rejected_holds in rejected
    assert rejected == markdown(old, "accept")
    assert markdown(out, "accept") == markdown(new, "accept")


def libreoffice_views_agree(written: dict, names: list[str], work: Path, held: Callable[[list[str]], bool]) -> None:
    """The same for LibreOffice's Accept All and Reject All (note references shown as [note])."""
    views = run_bridge("noted", work, [str(x) for name in names for x in written[name]])
    for k, name in enumerate(names):
        old, new, out = views[3 * k: 3 * k + 3]
        assert held(out["reject"]), name
        assert out["reject"] == old["accept"], name
        assert out["accept"] == new["accept"], name


@pytest.mark.parametrize("name", CASES)
def test_pandoc_rejects_to_the_old_text_with_the_note_after_video(name: str, built: dict) -> None:
    pandoc_views_agree(built[name], "Video[^1]")


def test_libreoffice_rejects_to_the_old_text_with_the_note_after_video(built: dict, tmp_path: Path) -> None:
    libreoffice_views_agree(
        built, sorted(CASES), tmp_path, lambda texts: any(t.startswith("Video[note]") or "records Video[note] of" in t for t in texts)
    )


RUN = '<w:r><w:rPr><w:b/></w:rPr><w:t>Video &amp; clip</w:t></w:r>'
NOTE = '<w:r><w:footnoteReference w:id="9"/></w:r>'


def test_a_run_is_split_at_the_reference_keeping_its_properties() -> None:
    xml = at_offset(f"<w:p>{RUN}</w:p>", len("Video"), NOTE, f"<w:del>{NOTE}</w:del>")
    assert xml == (
        '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Video</w:t></w:r><w:del>' + NOTE + "</w:del>"
        '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> &amp; clip</w:t></w:r></w:p>'
    )


def test_inserted_text_is_not_counted_and_deleted_text_takes_the_bare_run() -> None:
    xml = (
        '<w:p><w:ins w:id="1"><w:r><w:t>New </w:t></w:r></w:ins>'
        '<w:del w:id="2"><w:r><w:delText>Old</w:delText></w:r></w:del></w:p>'
    )
    assert at_offset(xml, 3, NOTE, "wrapped") == xml.replace("</w:r></w:del>", "</w:r>" + NOTE + "</w:del>")
    assert at_offset(xml, 4, NOTE, "wrapped") is None


M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
AREA = "<m:oMath><m:r><m:t>A=πr2</m:t></m:r></m:oMath>"


def _noted_doc(path: Path, paragraph: str) -> Path:
    """A document with the footnotes above, its root declaring the math namespace (for pandoc)."""
    body = f"<w:body>{p(r('First paragraph stays.'))}{paragraph}{p(r('Last paragraph stays.'))}</w:body>"
    return build_docx(path, f'<w:document xmlns:w="{W}" xmlns:m="{M}">{body}</w:document>', parts_xml={"footnotes": NOTES})


def test_a_deleted_reference_after_an_equation_comes_back_after_its_word(tmp_path: Path) -> None:
    """The equation's text counts in the reference's place, as the reader counts it."""
    old = _noted_doc(tmp_path / "old.docx", p(r("The area "), AREA, r(" holds"), ref(1), r(" for circles.")))
    new = _noted_doc(tmp_path / "new.docx", p(r("The area "), AREA, r(" holds for all circles.")))
    out = tmp_path / "r.docx"
    render_docx(compare(read(old), read(new, keep_tree=True)), out)
    rejected = markdown(out, "reject")
    assert "holds[^1] for" in rejected
    assert rejected == markdown(old, "accept")
    assert markdown(out, "accept") == markdown(new, "accept")


@pytest.mark.parametrize("offset", ["mid-sentence", "after-an-equation"])
def test_a_new_reference_in_a_paragraph_written_from_the_model_stands_at_its_place(
    offset: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no XML of the new version to pair with (the writer builds every paragraph from the
    model), a reference only the new version has goes where it stands in the new text, not at the end."""
    monkeypatch.setattr(importlib.import_module("sectrack.render.docx.located").Blocks, "at", lambda *a: None)
    head = (r("The meter records "), AREA, r(" Video")) if offset == "after-an-equation" else (r("The meter records Video"),)
    old = _noted_doc(tmp_path / "old.docx", p(*head, r(" of the site visit.")))
    new = _noted_doc(tmp_path / "new.docx", p(*head, ref(1), r(" of the whole site visit.")))
    out = tmp_path / "r.docx"
    render_docx(compare(read(old), read(new)), out)
    accepted = markdown(out, "accept")
    assert "Video[^1] of the whole" in accepted
    assert accepted == markdown(new, "accept")
    assert markdown(out, "reject") == markdown(old, "accept")
    if offset == "mid-sentence":  # LibreOffice shows no equation's text: the case without one
        old_views, new_views, out_views = run_bridge("noted", tmp_path, [str(old), str(new), str(out)])
        assert "The meter records Video[note] of the whole site visit." in out_views["accept"]
        assert out_views["accept"] == new_views["accept"]
        assert out_views["reject"] == old_views["accept"]


def test_a_mark_in_properties_is_not_taken_for_an_open_deletion() -> None:
    """A deleted paragraph mark (<w:del …/> in w:rPr) does not make a reference after it bare."""
    xml = '<w:pPr><w:rPr><w:del w:id="1"/></w:rPr></w:pPr>' + RUN
    assert at_offset(xml, len("Video"), NOTE, "wrapped") == (
        xml[: xml.index("<w:r>")] + '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Video</w:t></w:r>wrapped'
        '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> &amp; clip</w:t></w:r>'
    )


VIDEO = p(r("The meter records Video"), ref(1), r(" of the site visit."))
TABLE = '<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="5000"/></w:tblGrid>'  # pandoc drops cells beyond the grid
STAYS = [p(r(f"Paragraph {k} stays where it is, long enough to be matched.")) for k in range(3)]
# name -> (old body, new body): the paragraph citing note 1 exists in the old version only
GONE = {
    "deleted-paragraph": (STAYS[0] + VIDEO + STAYS[1], STAYS[0] + STAYS[1]),
    "moved-paragraph": (VIDEO + "".join(STAYS), "".join(STAYS) + VIDEO),
    "deleted-row": (
        TABLE + "<w:tr><w:tc>" + STAYS[0] + "</w:tc></w:tr><w:tr><w:tc>" + VIDEO + "</w:tc></w:tr></w:tbl>" + STAYS[1],
        TABLE + "<w:tr><w:tc>" + STAYS[0] + "</w:tc></w:tr></w:tbl>" + STAYS[1],
    ),
}


@pytest.fixture(scope="module")
def gone(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, Path]]:
    return write_cases(tmp_path_factory.mktemp("gone"), GONE)


@pytest.mark.parametrize("name", GONE)
def test_the_note_of_a_paragraph_of_the_old_version_only_comes_back_at_its_place(name: str, gone: dict) -> None:
    """A paragraph deleted, moved away or in a deleted row keeps its note reference for Reject All."""
    pandoc_views_agree(gone[name], "Video[^1] of the site")


def test_libreoffice_puts_back_the_notes_of_paragraphs_of_the_old_version_only(gone: dict, tmp_path: Path) -> None:
    names = sorted(name for name in GONE if "row" not in name)  # the bridge's "noted" reads body paragraphs only
    libreoffice_views_agree(gone, names, tmp_path, lambda texts: "The meter records Video[note] of the site visit." in texts)
