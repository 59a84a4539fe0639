"""Redlines from the store: DOC@VERSION and DOC@vSEC mixed with files, and every document a span
of releases changed (new ones wholly inserted, removed ones wholly deleted), read back by pandoc."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from conftest import CORPUS
from pandoc import pandoc_paragraphs
from store.conftest import RELEASES

from sectrack.cli import main
from sectrack.store import Store

DOCS = CORPUS / "documents"


def cli(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--store", url])
    return result.exit_code, result.stdout, result.stderr


def links(index: Path) -> list[str]:
    return re.findall(r'href="([^"]+)"', index.read_text(encoding="utf-8"))


def test_redlines_of_every_document_a_release_changed(corpus_url: str, tmp_path: Path) -> None:
    out = tmp_path / "v54"
    code, stdout, err = cli(corpus_url, "redline", "--release", "v53.0", "v54.0", "-o", str(out))
    assert code == 0, err
    assert stdout.strip().endswith(f"3 documents changed from v53.0 to v54.0: {out / 'index.html'}")
    hrefs = links(out / "index.html")
    assert sorted(hrefs) == sorted(p.name for p in out.iterdir() if p.name != "index.html")
    assert len(hrefs) == 6 and all((out / h).stat().st_size for h in hrefs)
    am = out / "appendix-am-v15.0-to-v16.0.docx"
    assert pandoc_paragraphs(str(am), "accept") == pandoc_paragraphs(str(DOCS / "appendix-am/appendix-am-v16.0.docx"))
    assert pandoc_paragraphs(str(am), "reject") == pandoc_paragraphs(str(DOCS / "appendix-am/appendix-am-v15.0.docx"))
    at = out / "appendix-at-v1.0-new.docx"
    assert pandoc_paragraphs(str(at), "accept") == pandoc_paragraphs(str(DOCS / "appendix-at/appendix-at-v1.0.docx"))
    assert pandoc_paragraphs(str(at), "reject") == []
    page = (out / "appendix-at-v1.0-new.html").read_text(encoding="utf-8")
    main_part = page[page.index('<main id="redline"'):]
    assert "<ins" in main_part and "<del" not in main_part
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "SEC Appendix AT &#39;SMETS1 Cryptographic Key Management Policy&#39;" in index and "15.0 → 16.0" in index


def test_redlines_across_several_releases(corpus_url: str, tmp_path: Path) -> None:
    out = tmp_path / "span"
    code, stdout, err = cli(corpus_url, "redline", "--release", "52.0", "v55.0", "-o", str(out))
    assert code == 0, err
    names = sorted(p.name for p in out.glob("*.docx"))
    assert names == ["appendix-am-v14.0-to-v17.0.docx", "appendix-at-v1.1-new.docx",
                     "section-a-v20.0-to-v23.0.docx", "section-l-v9.0-to-v11.0.docx"]
    span = out / "section-l-v9.0-to-v11.0.docx"
    assert pandoc_paragraphs(str(span), "reject") == pandoc_paragraphs(str(DOCS / "section-l/section-l-v9.0.docx"))
    code, _out, err = cli(corpus_url, "redline", "--release", "v55.0", "v53.0", "-o", str(out))
    assert code == 2 and "give the older release first" in err
    code, _out, err = cli(corpus_url, "redline", "--release", "v53.0", "v54.0")
    assert code == 2 and err.strip() == "sectrack: redline --release: give one folder to write into (-o DIR)"


def test_a_removed_document_is_wholly_deleted(store_url: str, tmp_path: Path) -> None:
    with Store.open(store_url, create=True) as st:
        for path in RELEASES:
            st.add_release(path)
    manifest = tmp_path / "v56.0.yaml"
    manifest.write_text('sec_version: "56.0"\neffective: 2022-03-30\ntitle: "SEC v56.0"\ndocuments:\n'
                        "  - slug: appendix-at\n    change: removed\n", encoding="utf-8")
    code, _out, err = cli(store_url, "release", "add", str(manifest))
    assert code == 0, err
    with Store.open(store_url) as st:
        assert "appendix-at" not in {e.document for e in st.log()}
    out = tmp_path / "v56"
    code, _out, err = cli(store_url, "redline", "--release", "v55.0", "v56.0", "-o", str(out))
    assert code == 0, err
    gone = out / "appendix-at-v1.1-removed.docx"
    assert pandoc_paragraphs(str(gone), "accept") == []
    assert pandoc_paragraphs(str(gone), "reject") == pandoc_paragraphs(str(DOCS / "appendix-at/appendix-at-v1.1.docx"))


def test_stored_versions_mixed_with_files(corpus_url: str, tmp_path: Path) -> None:
    am15, am17 = DOCS / "appendix-am/appendix-am-v15.0.docx", DOCS / "appendix-am/appendix-am-v17.0.docx"
    files = CliRunner().invoke(main, ["redline", str(am15), str(am17), "--check"])
    mixed = CliRunner().invoke(main, ["redline", str(am15), "appendix-am@v55.0", "--check", "--store", corpus_url])
    stored = CliRunner().invoke(main, ["redline", "appendix-am@v53.0", "appendix-am@17.0", "--check", "--store", corpus_url])
    assert files.exit_code == mixed.exit_code == stored.exit_code == 1
    assert files.stderr == mixed.stderr == stored.stderr and files.stderr.startswith("different: ")
    out = tmp_path / "am.docx"
    code, _out, err = cli(corpus_url, "redline", "appendix-am@15.0", "appendix-am@16.0", "-o", str(out), "-o", str(tmp_path / "am.html"))
    assert code == 0, err
    assert pandoc_paragraphs(str(out), "accept") == pandoc_paragraphs(str(DOCS / "appendix-am/appendix-am-v16.0.docx"))
    code, _out, err = cli(corpus_url, "redline", "appendix-am@9.0", "appendix-am@16.0")
    assert code == 2 and err.strip() == "sectrack: appendix-am@9.0: no such version in the store"
    code, _out, err = cli(corpus_url, "redline", "appendix-zz@1.0", str(am15))
    assert code == 2 and err.strip() == "sectrack: appendix-zz: no such document in the store"
