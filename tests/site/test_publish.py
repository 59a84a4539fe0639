"""``sectrack publish``: the static site's pages, links, machine-readable files, determinism and
incremental publishing, read back with lxml, csv, json and feedparser-free Atom parsing."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html

from sectrack.cli import main
from sectrack.publish import publish
from sectrack.release.store_source import StoreSource
from tests.site.conftest import RELEASES, Published, files_of, store

ATOM = "{http://www.w3.org/2005/Atom}"

def _links(page: Path) -> list[tuple[str, str]]:
    tree = lxml_html.fromstring(page.read_bytes())
    out = [("href", h) for h in tree.xpath("//a/@href | //link/@href")]
    return out + [("src", s) for s in tree.xpath("//script/@src | //img/@src")]

def test_every_link_is_relative_and_resolves(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 500
    for page in pages:
        for attr, link in _links(page):
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc and not link.startswith("/"), (page, link)
            if not parts.path:
                continue  # a fragment of the same page
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(site)}: {attr} {link} leads nowhere"

def test_pages_promised_exist(site: Path) -> None:
    for path in ["index.html", "releases/index.html", "releases/v54.0/index.html", "documents/index.html",
                 "documents/appendix-am/index.html", "documents/appendix-am/16.0/index.html",
                 "documents/appendix-am/16.0/appendix-am-v16.0.docx",
                 "documents/appendix-am/16.0/redline/index.html",
                 "documents/appendix-am/16.0/redline/appendix-am-v16.0-redline.pdf",
                 "documents/appendix-am/16.0/redline/appendix-am-v16.0-redline.docx",
                 "documents/appendix-am/compare/14.0..17.0/index.html",
                 "documents/appendix-am/clauses/14.0/2.3/index.html", "terms/key-rotation/index.html",
                 "search/index.html", "search/documents/appendix-am.js", "search/terms.js", "feed.xml",
                 "manifest.json"]:
        assert (site / path).is_file(), path
    pdf = (site / "documents/appendix-am/16.0/redline/appendix-am-v16.0-redline.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")

def test_index_shows_the_current_document_log(site: Path) -> None:
    tree = lxml_html.fromstring((site / "index.html").read_bytes())
    rows = [[c.text_content().strip() for c in tr.xpath("td")] for tr in tree.xpath("//table[@class='log']/tbody/tr")]
    assert ["SEC Appendix AM 'SMETS1 Supporting Requirements'", "V17.0", "SEC v55.0", "24 February 2022"] in rows
    assert len(rows) == 4
    assert tree.xpath("//ul[@class='releases']/li/a")[0].text_content().startswith("SEC v55.0")

def test_superseded_versions_carry_a_banner_naming_the_current_one(site: Path) -> None:
    def banner(path: str) -> str:
        tree = lxml_html.fromstring((site / path).read_bytes())
        return " ".join(e.text_content() for e in tree.xpath("//*[@role='note']"))

    for path in ["documents/appendix-am/15.0/index.html", "documents/appendix-am/16.0/redline/index.html"]:
        text = banner(path)
        assert "no longer in effect" in text and "the current version is V17.0" in text, path
    assert banner("documents/appendix-am/17.0/index.html") == ""
    assert banner("documents/appendix-am/17.0/redline/index.html") == ""

def test_document_log_json_and_csv_agree(site: Path) -> None:
    rows = json.loads((site / "releases/v54.0/document-log.json").read_text(encoding="utf-8"))
    assert [(r["document"], r["version"], r["release"]) for r in rows] == [
        ("section-a", "22.0", "54.0"), ("section-l", "10.0", "53.0"), ("appendix-am", "16.0", "54.0"),
        ("appendix-at", "1.0", "54.0")]
    docx = (site / "documents/appendix-am/16.0/appendix-am-v16.0.docx").read_bytes()
    assert rows[2]["sha256"] == hashlib.sha256(docx).hexdigest()
    table = list(csv.DictReader(io.StringIO((site / "releases/v54.0/document-log.csv").read_text(encoding="utf-8"))))
    assert table == rows

def test_feed_lists_every_release_newest_first(site: Path) -> None:
    feed = etree.fromstring((site / "feed.xml").read_bytes())
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert len(titles) == 4 and titles[0].startswith("SEC v55.0") and titles[-1].startswith("SEC v52.0")
    assert feed.findtext(f"{ATOM}updated").startswith("2022-02-24")

def test_manifest_lists_every_file_with_its_sha256(site: Path) -> None:
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    present = {p for p in files_of(site) if p not in ("manifest.json", ".sectrack-publish.json")}
    assert set(listed) == present
    for path, sha in listed.items():
        assert hashlib.sha256((site / path).read_bytes()).hexdigest() == sha

def test_clause_lineage_follows_renumbering(site: Path) -> None:
    version = lxml_html.fromstring((site / "documents/appendix-am/16.0/index.html").read_bytes())
    link = version.xpath("//ul[@class='clause-list']//a[.='2.5']/@href")[0]
    assert link == "../clauses/14.0/2.3/index.html"  # the lineage's first version and number
    tree = lxml_html.fromstring((site / "documents/appendix-am/16.0" / link).read_bytes())
    rows = [[c.text_content().strip() for c in tr.xpath("td")] for tr in tree.xpath("//table[@class='lineage']/tbody/tr")]
    assert rows[0][0] == "V14.0" and [r[2:] for r in rows if r[0] == "V16.0"] == [["renumbered", "2.5", "2.3"]]
    assert not [r for r in rows if r[2] == "unchanged"]  # only the versions that changed it

def test_term_history(site: Path) -> None:
    tree = lxml_html.fromstring((site / "terms/key-rotation/index.html").read_bytes())
    rows = [[c.text_content().strip() for c in tr.xpath("td")] for tr in tree.xpath("//table[@class='lineage']/tbody/tr")]
    assert rows[0][:3] == ["V22.0", "SEC v54.0 (17 December 2021)", "added"]

def test_search_index_holds_current_clauses_and_terms(site: Path) -> None:
    entries = []
    for shard in sorted((site / "search").rglob("*.js")):
        text = shard.read_text(encoding="utf-8")
        prefix = "window.SECTRACK_SEARCH = (window.SECTRACK_SEARCH || []).concat("
        entries += json.loads(text.removeprefix(prefix).rstrip().removesuffix(");"))
    urls = {e["u"] for e in entries}
    assert "terms/key-rotation/" in urls and "documents/appendix-am/clauses/14.0/2.3/" in urls
    documents = {e["u"] for e in entries if e["k"] == "document"}
    assert "documents/appendix-am/17.0/" in documents and not any("/16.0/" in u for u in documents)  # in effect
    page = (site / "search/index.html").read_text(encoding="utf-8")
    assert all(f'src="{shard.relative_to(site / "search").as_posix()}"' in page
               for shard in (site / "search").rglob("*.js"))

def test_incremental_publish_rewrites_only_what_changed(published: Published) -> None:
    after = files_of(published.grown)
    assert after == files_of(published.fresh)  # the same bytes as publishing from nothing
    rewritten = {p for p in after if p in published.before and after[p] != published.before[p]}
    kept = [p for p in published.before if p.endswith((".pdf", ".docx")) and p in after]
    assert kept and not [p for p in kept if after[p] != published.before[p]]
    assert "index.html" in rewritten and "releases/index.html" in rewritten
    assert not [p for p in rewritten if p.startswith("releases/v5") and "v55.0" not in p]
    assert published.second.written < published.first.written
    log = json.loads(after["releases/v55.0/document-log.json"])
    brought = {r["document"]: f"V{r['version']}" for r in log if r["release"] == "55.0"}
    histories = [p for p in rewritten if "/clauses/" in p]
    assert histories and len(histories) < len([p for p in after if "/clauses/" in p]) / 2
    for path in histories:  # a clause's history is written again only when v55.0 changed the clause
        tree = lxml_html.fromstring(after[path])
        versions = [tr.xpath("td")[0].text_content().strip() for tr in tree.xpath("//table[@class='lineage']/tbody/tr")]
        assert brought[path.split("/")[1]] in versions, path

def test_publishing_again_writes_nothing_and_removes_what_is_gone(site_copy: Path, tmp_path: Path) -> None:
    before = files_of(site_copy)
    store(tmp_path / "all.db", "55.0").close()
    result = CliRunner().invoke(main, ["publish", "--store", str(tmp_path / "all.db"), "-o", str(site_copy)])
    assert result.exit_code == 0 and result.stderr == ""  # no progress bar when stderr is not a terminal
    assert "0 written, 0 removed" in result.stdout and len(result.stdout.splitlines()) == 1
    assert files_of(site_copy) == before

    report = publish(StoreSource(store(tmp_path / "three.db", "54.0")), site_copy)
    assert report.removed and not (site_copy / "releases/v55.0").exists()
    assert not (site_copy / "documents/appendix-am/17.0").exists()
    for page in site_copy.rglob("*.html"):
        assert "v55.0" not in page.read_text(encoding="utf-8"), page

def test_manifests_publish_the_same_releases_as_the_store(tmp_path: Path, site: Path) -> None:
    out = tmp_path / "s"
    result = CliRunner().invoke(main, ["publish", "--quiet", "--from-manifests", str(RELEASES), "-o", str(out)])
    assert result.exit_code == 0 and result.output == "" and (out / "index.html").is_file()
    assert set(files_of(out)) == set(files_of(site))
    for log in ("releases/v54.0/document-log.json", "index.html", "terms/key-rotation/index.html"):
        assert (out / log).read_bytes() == (site / log).read_bytes()

def test_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("keep me")
    result = CliRunner().invoke(main, ["publish", "--from-manifests", str(RELEASES), "-o", str(target)])
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1 and target.read_text() == "keep me"


def test_release_page_shows_what_the_checks_say_of_the_release(site: Path) -> None:
    tree = lxml_html.fromstring((site / "releases/v54.0/index.html").read_bytes())
    assert tree.xpath("//h2[@id='checks']")
    impact = [li.text_content() for li in tree.xpath("//ul[@class='impact']/li")]
    assert any(t.startswith("Key Rotation (added): ") and "appendix-am 2.2" in t for t in impact), impact


def test_a_site_of_an_earlier_state_format_loses_its_stale_files(site_copy: Path, tmp_path: Path) -> None:
    stale = site_copy / "documents/appendix-am/16.0/clauses/2.5/index.html"  # an earlier address scheme
    stale.parent.mkdir(parents=True)
    stale.write_text("<p>old</p>", encoding="utf-8")
    state = site_copy / ".sectrack-publish.json"
    files = json.loads(state.read_text(encoding="utf-8"))["files"]
    earlier = {p: {"key": "", "sha256": ""} for p in [*files, "documents/appendix-am/16.0/clauses/2.5/index.html"]}
    state.write_text(json.dumps({"format": 1, "files": earlier}), encoding="utf-8")
    report = publish(StoreSource(store(tmp_path / "all.db", "55.0")), site_copy)
    assert report.removed == 1 and not stale.exists()
    assert not (site_copy / "documents/appendix-am/16.0/clauses").exists()



def test_heavy_outputs_in_many_small_batches_give_the_same_site(tmp_path: Path, site: Path, monkeypatch) -> None:
    """One redline (PDF and .docx) per batch of forked workers, the store source keeping two
    documents and comparisons: the same bytes as the site published in one batch."""
    import sectrack.publish
    import sectrack.release.store_source

    monkeypatch.setattr(sectrack.publish, "BATCH", 1)
    monkeypatch.setattr(sectrack.release.store_source, "KEPT", 2)
    source = StoreSource(store(tmp_path / "all.db", "55.0"))
    publish(source, tmp_path / "s", jobs=2)
    assert files_of(tmp_path / "s") == files_of(site)
    assert source._changeset.cache_info().currsize <= 2 and source._document.cache_info().currsize <= 2


def test_batches_never_part_a_redlines_pdf_and_docx() -> None:
    from sectrack.publish import _batches
    from sectrack.publish.writer import Held, Output

    helds = [Held(lambda: b"") for _ in range(5)]
    heavy = [Output(f"r{k}/x.{ext}", bytes, prepare=h.get, drop=h.drop)
             for k, h in enumerate(helds) for ext in ("docx", "pdf")]
    for size in (1, 2, 3, 4):
        batches = _batches(heavy, size)
        assert sorted(o.path for b in batches for o in b) == sorted(o.path for o in heavy)
        assert all(len({o.path.split("/")[0] for o in b}) * 2 == len(b) for b in batches)
        assert all(b[0].path.endswith(".pdf") for b in batches)
