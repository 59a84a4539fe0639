"""render_docx on real Word files: every compare pair of the shared fixtures and of the corpus.

pandoc (--track-changes=accept|reject) and our reader (accepted|original) must read each redline as
exactly the new and the old document; labels too, with our reader. Parts other than the ones the
redline rebuilds are copied byte for byte.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import CORPUS, FIXTURES, ROOT
from docxbuild import build_docx
from lxml import etree
from pandoc import pandoc_notes

from sectrack.compare import compare
from sectrack.docx import read
from sectrack.model import Document
from sectrack.render.docx import render_docx
from tests.render.test_docx_support import flatten_math, pandoc_texts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
COMPARE = FIXTURES / "compare"


def fixture_pairs() -> list[tuple[str, Path, Path]]:
    with open(COMPARE / "pairs.csv", newline="", encoding="utf-8") as fh:
        return [(r["id"], COMPARE / r["before"], COMPARE / r["after"]) for r in csv.DictReader(fh)]


def _version(path: Path) -> tuple[int, ...]:
    m = re.search(r"-v(\d+(?:\.\d+)*)\.docx$", path.name)
    return tuple(int(x) for x in m.group(1).split(".")) if m else (0,)


def corpus_pairs() -> list[tuple[str, Path, Path]]:
    out = []
    folder = CORPUS / "documents"
    if folder.is_dir():
        for slug in sorted(p for p in folder.iterdir() if p.is_dir()):
            versions = sorted(slug.glob("*.docx"), key=_version)
            out.extend((b.stem, a, b) for a, b in zip(versions, versions[1:]))
    return out


PAIRS = fixture_pairs() + corpus_pairs()


def texts(doc: Document) -> list[str]:
    return [t for t in (" ".join(p.text.split()) for p in doc.paragraphs()) if t]


def labelled(doc: Document) -> list[tuple[str, str]]:
    return [(p.label, " ".join(p.text.split())) for p in doc.paragraphs() if p.text.strip() or p.label]


def part_texts(doc: Document) -> list[tuple[str, str]]:
    return [(part.name, " ".join(b.text for b in part.blocks)) for part in doc.parts]


@pytest.fixture(scope="module")
def redlines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Document, Document, Path]]:
    """Every pair read, compared and written once, as `sectrack redline` does: the writer takes the
    tree the reader parsed the new version into."""
    folder = tmp_path_factory.mktemp("pairs")
    out = {}
    for pid, before, after in PAIRS:
        old, new = read(before), read(after, keep_tree=True)
        path = folder / f"{pid}.docx"
        render_docx(compare(old, new), path)
        out[pid] = (old, new, path)
    return out


@pytest.mark.parametrize("pid", [p[0] for p in PAIRS])
def test_the_writer_parsing_the_new_version_itself_writes_the_same_bytes(pid: str, redlines: dict, tmp_path: Path) -> None:
    old, new, path = redlines[pid]
    again = tmp_path / "again.docx"
    render_docx(compare(old, read(new.source)), again)  # no kept tree: the package is parsed again
    assert again.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("pid", [p[0] for p in PAIRS])
def test_pandoc_accepts_to_new_and_rejects_to_old(pid: str, redlines: dict) -> None:
    old, new, path = redlines[pid]
    flat = flatten_math(path, path.with_name(path.stem + "-flat.docx"))
    assert pandoc_texts(flat, "accept") == texts(new)
    assert pandoc_texts(flat, "reject") == texts(old)


@pytest.mark.parametrize("pid", [p[0] for p in PAIRS])
def test_our_reader_sees_both_versions_with_labels(pid: str, redlines: dict) -> None:
    old, new, path = redlines[pid]
    accepted, original = read(path, "accepted"), read(path, "original")
    assert labelled(accepted) == labelled(new)
    assert labelled(original) == labelled(old)
    new_names = {p.name for p in new.parts}
    assert part_texts(accepted) == part_texts(new)
    assert [t for t in part_texts(original) if t[0] in new_names] == [
        (name, text) for name, text in _old_parts_by_new_name(old, new) if name in new_names
    ]


def _old_parts_by_new_name(old: Document, new: Document) -> list[tuple[str, str]]:
    """Old header/footer texts under the names of the new parts they were compared with (kind, order)."""
    out = []
    for kind in ("header", "footer"):
        olds = [p for p in old.parts if p.kind == kind]
        news = [p for p in new.parts if p.kind == kind]
        for o, n in zip(olds, news):
            out.append((n.name, " ".join(b.text for b in o.blocks)))
        out.extend((n.name, " ".join(b.text for b in n.blocks)) for n in news[len(olds):])
    order = [p.name for p in new.parts]
    return sorted(out, key=lambda t: order.index(t[0]))


@pytest.mark.parametrize("pid", [p[0] for p in PAIRS])
def test_other_parts_copied_unchanged(pid: str, redlines: dict) -> None:
    _old, new, path = redlines[pid]
    with zipfile.ZipFile(new.source) as src, zipfile.ZipFile(path) as out:
        src_names = list(dict.fromkeys(i.filename for i in src.infolist()))
        out_names = [i.filename for i in out.infolist()]
        assert out_names[: len(src_names)] == src_names  # parts added (a notes part) come last
        rebuilt = {"word/document.xml"} | {p.name for p in new.parts} | {"word/numbering.xml"}
        if len(out_names) > len(src_names):  # a part was added: its content type and relationship too
            rebuilt |= {"[Content_Types].xml", "word/_rels/document.xml.rels"}
        rebuilt |= {"word/footnotes.xml", "word/endnotes.xml"}  # rewritten where notes changed
        # marked as a redline: its title, and a custom property (a part, its type and relationship)
        rebuilt |= {"docProps/core.xml", "docProps/custom.xml", "[Content_Types].xml", "_rels/.rels"}
        for name in src_names:
            if name == "word/_rels/document.xml.rels" and out.read(name) != src.read(name):
                # relationships of deleted pictures and links carried over: the new version's all kept
                kept = {tuple(r.attrib.items()) for r in etree.fromstring(src.read(name))}
                assert kept <= {tuple(r.attrib.items()) for r in etree.fromstring(out.read(name))}
            elif name not in rebuilt:
                assert out.read(name) == src.read(name), name
        root = etree.fromstring(out.read("word/document.xml"))
        tags = [f"{{{W}}}{t}" for t in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange")]
        ids = [e.get(f"{{{W}}}id") for e in root.iter(*tags)]
        assert len(ids) == len(set(ids))


def test_footers_that_changed_carry_revisions(redlines: dict) -> None:
    """The corpus's footers name the version: each redline's footer shows the change."""
    pairs = corpus_pairs()
    if not pairs:
        pytest.skip("no corpus/documents yet")
    for pid, _a, _b in pairs:
        _old, new, path = redlines[pid]
        with zipfile.ZipFile(path) as zf:
            changed = [
                n for n in zf.namelist()
                if re.fullmatch(r"word/(header|footer)\d*\.xml", n) and b"<w:ins " in zf.read(n) and b"<w:del " in zf.read(n)
            ]
        assert changed, pid
        with zipfile.ZipFile(new.source) as src, zipfile.ZipFile(path) as zf:
            for name in changed:  # the footer's own XML is kept: its PAGE field still counts pages
                assert src.read(name).count(b"<w:fldSimple") == zf.read(name).count(b"<w:fldSimple"), name


def test_same_pair_same_bytes(tmp_path: Path) -> None:
    pid, before, after = PAIRS[-1]
    cs = compare(read(before), read(after, keep_tree=True))
    render_docx(cs, tmp_path / "a.docx")  # takes the reader's tree
    render_docx(cs, tmp_path / "b.docx")  # parses the package again
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_same_bytes_in_fresh_processes(tmp_path: Path) -> None:
    """No dependence on hash seeds or object addresses."""
    _pid, before, after = PAIRS[-1]
    script = (
        "import sys; from sectrack.docx import read; from sectrack.compare import compare; "
        "from sectrack.render.docx import render_docx; "
        "render_docx(compare(read(sys.argv[1]), read(sys.argv[2])), sys.argv[3])"
    )
    outs = []
    for seed in ("1", "2"):
        outs.append(tmp_path / f"seed{seed}.docx")
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-c", script, str(before), str(after), str(outs[-1])], env=env, check=True)
    assert outs[0].read_bytes() == outs[1].read_bytes()


def note_texts(doc: Document) -> list[str]:
    """Footnote and endnote texts in citation order, as pandoc lists them."""
    return [" ".join(" ".join(b.text for b in n.blocks).split()) for p in doc.paragraphs() for n in p.notes]


@pytest.mark.parametrize("pid", [p[0] for p in PAIRS])
def test_notes_accept_to_new_and_reject_to_old(pid: str, redlines: dict) -> None:
    """Changed, inserted and deleted footnotes/endnotes carry revisions too."""
    old, new, path = redlines[pid]
    assert pandoc_notes(str(path), "accept") == note_texts(new)
    assert pandoc_notes(str(path), "reject") == note_texts(old)


def test_new_version_notes_are_referenced(redlines: dict) -> None:
    """Footnotes of the new version stay referenced (kept as the new version has them)."""
    for pid in [p[0] for p in PAIRS]:
        _old, new, path = redlines[pid]
        cited = [n for p in new.paragraphs() for n in p.notes]
        if not cited:
            continue
        root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
        refs = {(etree.QName(e).localname[:-9], e.get(f"{{{W}}}id")) for e in root.iter(f"{{{W}}}footnoteReference", f"{{{W}}}endnoteReference")}
        assert {(n.kind, n.id) for n in cited} <= refs, pid


# ------------------------------------------------------------------------------------------ numbering


def _abstract(aid: int, fmt: str, text: str) -> str:
    return (
        f'<w:abstractNum w:abstractNumId="{aid}"><w:nsid w:val="1000000{aid}"/><w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
    )


def _num(nid: int, aid: int) -> str:
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/></w:num>'


def _p(text: str, nid: int | None = None) -> str:
    ppr = f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{nid}"/></w:numPr></w:pPr>' if nid else ""
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


DECIMAL, LETTERS, ROMAN = ("decimal", "%1."), ("lowerLetter", "(%1)"), ("lowerRoman", "%1)")


def _pair(tmp_path: Path, old_body: str, old_num: str | None, new_body: str, new_num: str | None) -> tuple[Document, Document, Path]:
    old = read(build_docx(tmp_path / "old.docx", old_body, old_num))
    new = read(build_docx(tmp_path / "new.docx", new_body, new_num))
    out = tmp_path / "redline.docx"
    render_docx(compare(old, new), out)
    return old, new, out


def test_deleted_paragraphs_list_missing_from_new_numbering_is_copied(tmp_path: Path) -> None:
    old_num = _abstract(0, *DECIMAL) + _abstract(1, *LETTERS) + _num(1, 0) + _num(2, 1)
    new_num = _abstract(0, *DECIMAL) + _num(1, 0)
    old_body = _p("First clause of the list", 1) + _p("Lettered item alpha here", 2) + _p("Lettered item beta here", 2) + _p("Second clause of the list", 1)
    new_body = _p("First clause of the list", 1) + _p("Second clause of the list", 1)
    old, new, out = _pair(tmp_path, old_body, old_num, new_body, new_num)
    assert labelled(read(out, "accepted")) == labelled(new)
    assert labelled(read(out, "original")) == labelled(old) == [
        ("1.", "First clause of the list"), ("(a)", "Lettered item alpha here"),
        ("(b)", "Lettered item beta here"), ("2.", "Second clause of the list"),
    ]
    numbering = etree.fromstring(zipfile.ZipFile(out).read("word/numbering.xml"))
    assert [n.get(f"{{{W}}}numId") for n in numbering.findall(f"{{{W}}}num")] == ["1", "2"]
    tags = [etree.QName(e).localname for e in numbering]
    assert tags == ["abstractNum", "abstractNum", "num", "num"]  # abstractNums before nums, as the schema wants


def test_same_list_under_another_id_is_mapped_not_copied(tmp_path: Path) -> None:
    old_num = _abstract(3, *DECIMAL) + _num(7, 3)
    new_num = _abstract(0, *DECIMAL) + _num(1, 0)
    old_body = _p("Alpha clause text here", 7) + _p("Removed clause text here", 7) + _p("Gamma clause text here", 7)
    new_body = _p("Alpha clause text here", 1) + _p("Gamma clause text here", 1)
    old, new, out = _pair(tmp_path, old_body, old_num, new_body, new_num)
    assert labelled(read(out, "original")) == labelled(old) == [
        ("1.", "Alpha clause text here"), ("2.", "Removed clause text here"), ("3.", "Gamma clause text here")
    ]
    assert labelled(read(out, "accepted")) == labelled(new)
    assert zipfile.ZipFile(out).read("word/numbering.xml") == zipfile.ZipFile(new.source).read("word/numbering.xml")
    assert b"pPrChange" not in zipfile.ZipFile(out).read("word/document.xml")


def test_same_id_other_list_gets_its_own_copy(tmp_path: Path) -> None:
    old_num = _abstract(0, *DECIMAL) + _abstract(1, *LETTERS) + _num(1, 0) + _num(2, 1)
    new_num = _abstract(0, *DECIMAL) + _abstract(1, *ROMAN) + _num(1, 0) + _num(2, 1)
    old_body = _p("Numbered clause one here", 1) + _p("Old lettered item here", 2)
    new_body = _p("Numbered clause one here", 1) + _p("New roman item here", 2)
    old, new, out = _pair(tmp_path, old_body, old_num, new_body, new_num)
    assert labelled(read(out, "original")) == labelled(old)
    assert labelled(read(out, "accepted")) == labelled(new)


def test_numbering_part_created_when_new_version_has_none(tmp_path: Path) -> None:
    old_num = _abstract(0, *DECIMAL) + _num(1, 0)
    old, new, out = _pair(tmp_path, _p("Kept plain paragraph") + _p("Deleted numbered one", 1), old_num, _p("Kept plain paragraph"), None)
    with zipfile.ZipFile(out) as zf:
        assert "word/numbering.xml" in zf.namelist()
        assert b"numbering+xml" in zf.read("[Content_Types].xml")
        assert b"numbering.xml" in zf.read("word/_rels/document.xml.rels")
    assert labelled(read(out, "original")) == labelled(old) == [("", "Kept plain paragraph"), ("1.", "Deleted numbered one")]
    assert labelled(read(out, "accepted")) == labelled(new)
    assert pandoc_texts(out, "reject") == texts(old)


def test_unknown_list_is_dropped(tmp_path: Path) -> None:
    """A numId neither version defines: the number goes, the file stays valid."""
    old, new, out = _pair(tmp_path, _p("Kept plain paragraph") + _p("Deleted numbered one", 9), None, _p("Kept plain paragraph"), None)
    with zipfile.ZipFile(out) as zf:
        assert "word/numbering.xml" not in zf.namelist()
        assert b"numId" not in zf.read("word/document.xml")
    assert texts(read(out, "original")) == texts(old)
