"""The bundled corpus: sources, build determinism, manifests and sizes.

Independent of sectrack's own reader, and of python-docx too (tests/docx shadows the name `docx`
once tests/ is on sys.path): the .docx files are read here with zipfile and lxml.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CHANGES = {"new", "amended", "re-designated", "removed"}
MEANING = re.compile(r"^(means\b|has the meaning given to that expression in )")
TYPED_NUMBER = re.compile(r"^([A-Z]{0,2}\d+(\.\d+)*\s|\([a-z]{1,4}\)\s|\([A-Z]\)\s)")


def _load_markup():
    spec = importlib.util.spec_from_file_location("corpus_secmarkup", CORPUS / "secmarkup.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_secmarkup"] = module
    spec.loader.exec_module(module)
    return module


build = _load_markup()  # the parser and helpers that corpus/build.py uses

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}


@dataclass
class Docx:
    """Just enough of a .docx for these tests: body paragraphs (style id, text), tables, parts."""

    paragraphs: list[tuple[str, str]]
    tables: list[list[list[str]]]
    styles: etree._Element
    numbering: etree._Element
    core: etree._Element
    header: str
    footer: str


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{{{W}}}t"))


def _read(path: Path) -> Docx:
    with zipfile.ZipFile(path) as zf:
        part = {n: etree.fromstring(zf.read(n)) for n in zf.namelist() if n.endswith(".xml")}
    body = part["word/document.xml"].find("w:body", NS)
    paragraphs = [(p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") if p.find("w:pPr/w:pStyle", NS) is not None
                   else "", _text(p)) for p in body.findall("w:p", NS)]
    tables = [[[_text(tc).strip() for tc in tr.findall("w:tc", NS)] for tr in tbl.findall("w:tr", NS)]
              for tbl in body.findall("w:tbl", NS)]
    return Docx(paragraphs, tables, part["word/styles.xml"], part["word/numbering.xml"],
                part["docProps/core.xml"], _text(part["word/header1.xml"]), _text(part["word/footer1.xml"]))


def _core(doc: Docx, name: str) -> str:
    return doc.core.findtext(name, namespaces=NS)


def _manifests() -> list[tuple[Path, dict]]:
    paths = sorted((CORPUS / "releases").glob("v*.yaml"), key=lambda p: build.version_key(p.stem[1:]))
    return [(p, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in paths]


def _sources() -> list[tuple[str, str, Path]]:
    return [(slug, v, CORPUS / "src" / slug / f"{v}.txt") for slug in build.slugs() for v in build.source_versions(slug)]


def _latest(slug: str) -> Path:
    version = build.source_versions(slug)[-1]
    return CORPUS / "documents" / slug / f"{slug}-v{version}.docx"


# ---- build ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """Build the corpus twice, into two temporary folders, with the command line."""
    outs = []
    for name in ("one", "two"):
        out = tmp_path_factory.mktemp(name)
        run = subprocess.run([sys.executable, str(CORPUS / "build.py"), "--out", str(out)],
                             capture_output=True, text=True, cwd=ROOT)
        assert run.returncode == 0, run.stderr
        outs.append(out)
    return outs[0], outs[1]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.docx"))}


def test_build_is_byte_identical_on_rerun(built):
    one, two = built
    assert _files(one) and _files(one) == _files(two)


def test_committed_documents_match_sources(built):
    """corpus/documents is what build.py makes of corpus/src: rebuild after editing a source."""
    assert _files(CORPUS / "documents") == _files(built[0])


def test_zip_entries_sorted_with_fixed_dates():
    for path in (CORPUS / "documents").rglob("*.docx"):
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            assert names[0] == "[Content_Types].xml"
            assert names == sorted(names, key=lambda n: (n != "[Content_Types].xml", n))
            assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_sources_parse_and_markers_match_word_numbers():
    for _slug, _version, path in _sources():
        text = path.read_text(encoding="utf-8")
        build.parse_source(text, str(path))
        assert build.renumber_source(text) == text, f"{path}: run `python corpus/build.py --renumber`"


def test_parse_rejects_bad_markup():
    with pytest.raises(build.SourceError):
        build.parse_source("# H\n    (i) level 3 straight after a heading\n")
    with pytest.raises(build.SourceError):
        build.parse_source("| a | b |\n| only one |\n")
    with pytest.raises(build.SourceError):
        build.parse_source("   three spaces of body text\n")


# ---- manifests --------------------------------------------------------------------------------


def test_four_releases_with_increasing_dates():
    manifests = _manifests()
    assert [m["sec_version"] for _, m in manifests] == ["52.0", "53.0", "54.0", "55.0"]
    dates = [m["effective"] for _, m in manifests]
    assert dates == sorted(dates) and len(set(dates)) == 4
    for path, m in manifests:
        assert path.stem == f"v{m['sec_version']}"
        assert m["title"].startswith(f"SEC v{m['sec_version']}")
        assert m["summary"].strip() and m["references"]
        assert isinstance(m["illustrative"], bool)


def test_manifest_files_exist_and_are_named_by_slug_and_version():
    for path, m in _manifests():
        for entry in m["documents"]:
            target = (path.parent / entry["file"]).resolve()
            assert target.is_file(), f"{path.name}: missing {entry['file']}"
            assert target == (CORPUS / "documents" / entry["slug"] / f"{entry['slug']}-v{entry['version']}.docx")
            assert entry["summary"].strip()
            if m.get("baseline"):
                assert "change" not in entry
            else:
                assert entry["change"] in CHANGES


def test_every_source_version_is_released_exactly_once():
    released = [(e["slug"], str(e["version"])) for _, m in _manifests() for e in m["documents"]]
    assert len(released) == len(set(released))
    assert sorted(released) == sorted((slug, v) for slug, v, _ in _sources())


def test_baseline_lists_every_document_existing_then():
    (_, first), *later = _manifests()
    assert first.get("baseline") is True
    baseline = {e["slug"] for e in first["documents"]}
    new_later = {e["slug"] for _, m in later for e in m["documents"] if e["change"] == "new"}
    assert baseline | new_later == set(build.slugs()) and not baseline & new_later


def test_v54_follows_the_published_facts():
    m = dict(_manifests())[CORPUS / "releases" / "v54.0.yaml"]
    assert str(m["effective"]) == "2021-12-17"
    assert m["title"] == "SEC v54.0 implemented to support the SMETS1 Cryptographic Key Management Policy"
    changes = {e["slug"]: (e["change"], e["version"]) for e in m["documents"]}
    assert changes == {"section-a": ("amended", "22.0"), "appendix-am": ("re-designated", "16.0"),
                       "appendix-at": ("new", "1.0")}
    assert "L14.8" in m["summary"] and "SMKI" in m["summary"]
    assert {r["type"] for r in m["references"]} == {"designation"}


# ---- the documents ----------------------------------------------------------------------------


def _definitions(path: Path) -> list[tuple[str, str]]:
    rows = [tuple(r) for r in _read(path).tables[0]]
    assert rows[0] == ("Expression", "Meaning") and {len(r) for r in rows} == {2}
    return rows[1:]


@pytest.mark.parametrize("version", build.source_versions("section-a"))
def test_section_a_definitions(version):
    rows = _definitions(CORPUS / "documents" / "section-a" / f"section-a-v{version}.docx")
    terms = [t for t, _ in rows]
    assert len(terms) >= 250
    assert terms == sorted(terms, key=str.lower) and len(set(terms)) == len(terms)
    for term, meaning in rows:
        assert not term.startswith(("'", '"', "“")), term
        assert MEANING.match(meaning), f"{term}: {meaning[:40]}"


def test_section_a_counts_from_the_source_too():
    blocks = build.parse_source((CORPUS / "src" / "section-a" / "20.0.txt").read_text(encoding="utf-8"))
    tables = [b for b in blocks if isinstance(b, build.Table)]
    assert len(tables[0].rows) - 1 >= 250


def _count(doc: Docx, style_id: str) -> int:
    return sum(style == style_id for style, _ in doc.paragraphs)


def _doc(slug: str, version: str) -> Docx:
    return _read(CORPUS / "documents" / slug / f"{slug}-v{version}.docx")


def test_sizes():
    for version in build.source_versions("appendix-am"):
        doc = _doc("appendix-am", version)
        assert _count(doc, "SECClause") >= 80 and len(doc.tables) >= 3 and _count(doc, "SECHeading1") >= 6
        assert _count(doc, "SECSub-paragraph") and _count(doc, "SECSub-sub-paragraph")
    for version in build.source_versions("appendix-at"):
        assert _count(_doc("appendix-at", version), "SECClause") >= 50
    for version in build.source_versions("section-l"):
        doc = _doc("section-l", version)
        assert _count(doc, "SECClause") >= 40 and _count(doc, "SECHeading1") >= 14


def test_sizes_from_sources():
    def clauses(slug, version):
        text = (CORPUS / "src" / slug / f"{version}.txt").read_text(encoding="utf-8")
        return sum(isinstance(b, build.Para) and b.kind == "clause" and b.level == 1 for b in build.parse_source(text))

    assert min(clauses("appendix-am", v) for v in build.source_versions("appendix-am")) >= 80
    assert min(clauses("appendix-at", v) for v in build.source_versions("appendix-at")) >= 50
    assert min(clauses("section-l", v) for v in build.source_versions("section-l")) >= 40


def _style_el(doc: Docx, style_id: str):
    return doc.styles.find(f"w:style[@w:styleId='{style_id}']", NS)


def test_numbering_is_automatic_and_linked_to_styles():
    for path in (CORPUS / "documents").rglob("*.docx"):
        doc = _read(path)
        for style, text in doc.paragraphs:
            if style.startswith("SEC"):
                assert not TYPED_NUMBER.match(text), f"{path.name}: typed number in {text[:30]!r}"
        meta = build.load_meta(path.parent.name)
        prefix = meta.letter if meta.kind == "section" else ""
        levels = {}
        for lvl in doc.numbering.iterfind("w:abstractNum/w:lvl", NS):
            pstyle = lvl.find("w:pStyle", NS)
            if pstyle is not None:
                levels[pstyle.get(f"{{{W}}}val")] = (lvl.get(f"{{{W}}}ilvl"), lvl.find("w:lvlText", NS).get(f"{{{W}}}val"),
                                                     lvl.find("w:numFmt", NS).get(f"{{{W}}}val"))
        assert levels["SECHeading1"] == ("0", f"{prefix}%1", "decimal")
        assert levels["SECClause"] == ("1", f"{prefix}%1.%2", "decimal")
        assert levels["SECSub-paragraph"] == ("2", "(%3)", "lowerLetter")
        assert levels["SECSub-sub-paragraph"] == ("3", "(%4)", "lowerRoman")
        assert levels["SECSub-sub-sub-paragraph"] == ("4", "(%5)", "upperLetter")
        clause = _style_el(doc, "SECClause")
        assert clause.find("w:basedOn", NS).get(f"{{{W}}}val") == "SECBody"
        assert clause.find("w:pPr/w:numPr/w:ilvl", NS).get(f"{{{W}}}val") == "1"
        num_id = clause.find("w:pPr/w:numPr/w:numId", NS).get(f"{{{W}}}val")
        assert doc.numbering.find(f"w:num[@w:numId='{num_id}']", NS) is not None


def test_section_l_keeps_l14_8_on_consultation():
    for version in build.source_versions("section-l"):
        text = (CORPUS / "src" / "section-l" / f"{version}.txt").read_text(encoding="utf-8")
        sections = text.split("\n# ")
        assert sections[14].startswith("SMETS1 CRYPTOGRAPHIC KEY MANAGEMENT")
        clause_8 = [line for line in sections[14].splitlines() if line.startswith("8. ")]
        assert clause_8 and "shall consult" in clause_8[0]


def test_documents_are_labelled_illustrative_with_core_properties():
    dates = build.effective_dates()
    for slug, version, _ in _sources():
        doc = _doc(slug, version)
        meta = build.load_meta(slug)
        assert doc.paragraphs[0] == ("Title", meta.title)
        assert doc.paragraphs[1] == ("Subtitle", f"Version {version} — illustrative text for sectrack, not the legal text")
        assert (_core(doc, "dc:title"), _core(doc, "dc:subject"), _core(doc, "cp:version")) == (meta.display, slug, version)
        assert "not the legal text" in _core(doc, "dc:description")
        day = dates[(slug, version)].isoformat()
        assert _core(doc, "dcterms:created") == _core(doc, "dcterms:modified") == f"{day}T00:00:00Z"
        assert meta.display in doc.header and f"Version {version}" in doc.footer


def test_policy_terms_are_defined_when_appendix_at_arrives():
    terms = {t for t, _ in _definitions(CORPUS / "documents" / "section-a" / "section-a-v22.0.docx")}
    before = {t for t, _ in _definitions(CORPUS / "documents" / "section-a" / "section-a-v21.0.docx")}
    at = (CORPUS / "src" / "appendix-at" / "1.0.txt").read_text(encoding="utf-8")
    for term in ("Key Custodian", "Key Rotation", "Cryptoperiod", "Dual Control", "Split Knowledge",
                 "SMETS1 Key", "SMKI PMA", "Key Ceremony", "Hardware Security Module", "SMETS1 Cohort"):
        assert term in at and term in terms
    assert "Key Custodian" not in before and "SMETS1 Cryptographic Key Management Policy" in terms - before


def test_readme_documents_the_markup_and_the_label():
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert "not the legal text" in readme and "python corpus/build.py" in readme
    for token in ("`# TEXT`", "`1. text`", "|% 30 | 70 |", "//"):
        assert token in readme
