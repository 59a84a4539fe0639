"""The outputs of a published site, page by page: what each is made of (its key) and how to make it.

Addresses (permanent; each names one thing for ever):

    index.html                                   current Document Log, latest releases
    releases/index.html, releases/v54.0/         a release: note, Document Log, what changed, redlines
    releases/v54.0/document-log.json|.csv, note.md, note.txt
    documents/index.html, documents/appendix-am/ a document's timeline and comparisons
    documents/appendix-am/16.0/                  a version, readable, and its .docx
    documents/appendix-am/16.0/redline/          V16.0 against the version before: HTML, .docx, PDF
    documents/appendix-am/16.0/clauses/2.5/      clause 2.5 as V16.0 numbers it, and its whole life
    documents/appendix-am/compare/14.0..17.0/    any version against the current one
    terms/index.html, terms/key-rotation/        a Section A defined term and its history
    search/index.html, feed.xml, manifest.json
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import sectrack
from sectrack.publish.history import Event, clause_lineages, term_lives
from sectrack.publish.model import Facts, Version
from sectrack.publish.writer import Output, digest
from sectrack.release.changes import CLAUSE
from sectrack.release.notes import ReleaseNote, build_note, long_date, render_note, term_slug
from sectrack.render.templating import render, shipped_templates

SECTION_A = "section-a"


class Pages:
    """Every output of the site for one set of facts."""

    def __init__(self, facts: Facts, config: dict[str, Any], templates: str | Path | None) -> None:
        self.facts = facts
        self.config = config
        self.templates = templates
        self.site_title = str(config.get("site_title", "Smart Energy Code: documents and releases"))
        self.version_tag = digest(sectrack.__version__, _templates_digest(shipped_templates()),
                                  _templates_digest(templates))
        self._lineages: dict[str, dict[tuple[str, str], list[Event]]] = {}

    # ---------------------------------------------------------------- helpers

    def page(self, path: str, template: str, **values: Any) -> bytes:
        depth = path.count("/")
        root = "../" * depth
        html = render(template, self.templates, root=root, site_title=self.site_title, path=path,
                      facts=self.facts, long_date=long_date, **values)
        return html.encode("utf-8")

    def banner(self, v: Version) -> str:
        """The notice on pages of a version no longer in effect ("" while in effect)."""
        if not v.until:
            return ""
        current = self.facts.current(v.slug)
        if current is None:
            return (f"V{v.version} of {v.title} is no longer in effect: the document was removed from the Code "
                    f"by SEC v{v.until_release} ({long_date(v.until)}).")
        return (f"V{v.version} of {v.title} is no longer in effect: the current version is V{current.version}, "
                f"in effect since SEC v{current.release} ({current.date}).")

    def lineage(self, slug: str) -> dict[tuple[str, str], list[Event]]:
        if slug not in self._lineages:
            versions = [v.version for v in self.facts.versions[slug]]
            changesets = [self.facts.changeset(slug, a, b) for a, b in itertools.pairwise(versions)]
            texts = {ver: _clause_texts(self.facts.document(slug, ver)) for ver in versions}
            first = list(texts[versions[0]])
            self._lineages[slug] = clause_lineages(versions, changesets, first, texts)
        return self._lineages[slug]

    # ---------------------------------------------------------------- all outputs

    def outputs(self) -> Iterator[Output]:
        yield from self.listings()
        for r in self.facts.releases:
            yield from self.release(r.sec_version)
        for slug in self.facts.versions:
            yield from self.document(slug)
        yield from self.terms()

    def listings(self) -> Iterator[Output]:
        latest = self.facts.latest
        log = self.facts.logs[latest.sec_version] if latest else []
        releases = list(reversed(self.facts.releases))
        yield Output("index.html", lambda: self.page("index.html", "site/index.html.j2", log=log, releases=releases[:5]))
        yield Output("releases/index.html", lambda: self.page("releases/index.html", "site/releases.html.j2",
                                                              releases=releases))
        yield Output("documents/index.html", lambda: self.page("documents/index.html", "site/documents.html.j2"))
        yield Output("search/index.html", lambda: self.page("search/index.html", "site/search.html.j2"))
        yield Output("search-index.js", self.search_index)
        yield Output("feed.xml", self.feed)
        for name in ("site.css", "search.js"):
            yield Output(name, partial(self.asset, name), kind="file")

    def asset(self, name: str) -> bytes:
        return render(f"site/{name}", self.templates).encode("utf-8")

    # ---------------------------------------------------------------- releases

    def release(self, sec: str) -> Iterator[Output]:
        base = f"releases/v{sec}/"
        note = build_note(self.facts.source, sec, self.config)
        log = self.facts.logs[sec]

        def page() -> bytes:
            body = render_note(note, "html", templates=self.templates, base="../../",
                               template="release-note-body.html.j2", linked=True)
            return self.page(base + "index.html", "site/release.html.j2", note=note, note_html=body, log=log, sec=sec)

        yield Output(base + "index.html", page)
        for fmt in ("md", "txt"):
            yield Output(base + f"note.{fmt}", partial(self.note_file, note, fmt), kind="file")
        rows = [self._log_row(row) for row in log]
        yield Output(base + "document-log.json", lambda: (json.dumps(rows, indent=2) + "\n").encode(), kind="file")
        yield Output(base + "document-log.csv", lambda: _csv(rows), kind="file")

    def note_file(self, note: ReleaseNote, fmt: str) -> bytes:
        return render_note(note, fmt, templates=self.templates, base="../../").encode("utf-8")

    def _log_row(self, row: Any) -> dict[str, str]:
        sha = row.sha256 or self.facts.sha256(row.document, row.version)
        return {"document": row.document, "title": row.title, "version": row.version, "release": row.release,
                "effective": row.effective, "sha256": sha}

    # ---------------------------------------------------------------- documents

    def document(self, slug: str) -> Iterator[Output]:
        versions = self.facts.versions[slug]
        current = self.facts.current(slug)
        base = f"documents/{slug}/"
        yield Output(base + "index.html", lambda: self.page(base + "index.html", "site/document.html.j2",
                                                            slug=slug, versions=versions, current=current))
        for v in versions:
            yield from self.version(v)
        if current is not None:
            for v in versions[:-2]:  # consecutive pairs are the redlines
                yield self.comparison(slug, v.version, current.version)

    def version(self, v: Version) -> Iterator[Output]:
        base = f"documents/{v.slug}/{v.version}/"
        sha = self.facts.sha256(v.slug, v.version)
        banner = self.banner(v)
        yield Output(base + f"{v.slug}-v{v.version}.docx", lambda: self.facts.source.package(v.slug, v.version),
                     key=digest("docx", sha), kind="file")
        yield Output(base + "index.html", lambda: self.version_page(v, banner),
                     key=digest("version", self.version_tag, sha, banner, v))
        if v.previous:
            yield from self.redline(v, banner)
        lineage = self.lineage(v.slug)
        versions = {x.version: x for x in self.facts.versions[v.slug]}
        for (version, ref), life in lineage.items():
            if version == v.version:
                path = base + f"clauses/{ref}/index.html"
                yield Output(path, partial(self.page, path, "site/clause.html.j2", v=v, ref=ref, life=life,
                                           banner=banner, versions=versions))

    def version_page(self, v: Version, banner: str) -> bytes:
        from sectrack.publish.documents import document_html

        doc = self.facts.document(v.slug, v.version)
        refs = [ref for (version, ref) in self.lineage(v.slug) if version == v.version]
        path = f"documents/{v.slug}/{v.version}/index.html"
        return self.page(path, "site/version.html.j2", v=v, banner=banner, body=document_html(doc), refs=refs)

    def redline(self, v: Version, banner: str) -> Iterator[Output]:
        from sectrack.publish.documents import redline_docx, redline_page, redline_pdf

        base = f"documents/{v.slug}/{v.version}/redline/"
        old_sha, new_sha = self.facts.sha256(v.slug, v.previous), self.facts.sha256(v.slug, v.version)
        cs = partial(self.facts.changeset, v.slug, v.previous, v.version)
        name = f"{v.slug}-v{v.version}-redline"
        nav = self.redline_nav(base, v, banner)
        yield Output(base + "index.html", lambda: redline_page(cs(), nav, self.templates),
                     key=digest("redline", self.version_tag, old_sha, new_sha, nav), kind="redline")
        packages = partial(self.packages, v.slug, v.previous, v.version)
        yield Output(base + name + ".docx", lambda: redline_docx(cs(), packages()),
                     key=digest("redline.docx", sectrack.__version__, old_sha, new_sha), kind="file", prepare=cs)
        yield Output(base + name + ".pdf", lambda: redline_pdf(cs(), self.templates),
                     key=digest("redline.pdf", self.version_tag, old_sha, new_sha), kind="file", prepare=cs)

    def packages(self, slug: str, old: str, new: str) -> tuple[bytes, bytes]:
        return self.facts.source.package(slug, old), self.facts.source.package(slug, new)

    def redline_nav(self, path: str, v: Version, banner: str, old: str = "") -> str:
        return render("site/redline-nav.html.j2", self.templates, root="../" * path.count("/"), v=v,
                      banner=banner, old=old or v.previous, site_title=self.site_title)

    def comparison(self, slug: str, old: str, new: str) -> Output:
        from sectrack.publish.documents import redline_page

        base = f"documents/{slug}/compare/{old}..{new}/"
        v = self.facts.version(slug, new)
        nav = self.redline_nav(base, v, "", old)
        key = digest("compare", self.version_tag, self.facts.sha256(slug, old), self.facts.sha256(slug, new), nav)
        return Output(base + "index.html", lambda: redline_page(self.facts.changeset(slug, old, new), nav,
                                                                self.templates), key=key, kind="redline")

    # ---------------------------------------------------------------- terms, search, feed

    def term_lives(self) -> dict[str, list[Event]]:
        versions = [v.version for v in self.facts.versions.get(SECTION_A, [])]
        if not versions:
            return {}
        changesets = [self.facts.changeset(SECTION_A, a, b) for a, b in itertools.pairwise(versions)]
        first = {d.term: d.meaning for d in self.facts.document(SECTION_A, versions[0]).definitions}
        return term_lives(versions, changesets, first)

    def terms(self) -> Iterator[Output]:
        lives = self.term_lives()
        versions = {v.version: v for v in self.facts.versions.get(SECTION_A, [])}
        entries = sorted(lives.items(), key=lambda kv: kv[0].casefold())
        yield Output("terms/index.html", lambda: self.page("terms/index.html", "site/terms.html.j2",
                                                           terms=[(t, term_slug(t), life) for t, life in entries]))
        for term, life in entries:
            path = f"terms/{term_slug(term)}/index.html"
            yield Output(path, partial(self.page, path, "site/term.html.j2", term=term, life=life, versions=versions))

    def search_index(self) -> bytes:
        """A static index of the current documents' clauses and the defined terms, as a script."""
        entries = []
        for slug in self.facts.versions:
            v = self.facts.current(slug)
            if v is None:
                continue
            entries.append({"t": v.title, "u": f"documents/{slug}/{v.version}/", "k": "document", "x": ""})
            for (version, ref), life in self.lineage(slug).items():
                if version == v.version:
                    text = next(e.text for e in life if e.version == version and e.ref == ref)
                    entries.append({"t": f"{ref} ({v.title})", "u": f"documents/{slug}/{version}/clauses/{ref}/",
                                    "k": "clause", "x": text[:400]})
        for term, life in sorted(self.term_lives().items()):
            if life[-1].event != "removed":
                entries.append({"t": term, "u": f"terms/{term_slug(term)}/", "k": "term", "x": life[-1].text[:400]})
        data = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
        return f"window.SECTRACK_SEARCH = {data};\n".encode()

    def feed(self) -> bytes:
        from sectrack.publish.feed import atom

        return atom(self.facts, self.config, self.site_title)


def _clause_texts(doc: Any) -> dict[str, str]:
    """Each clause's text (its own paragraphs and sub-paragraphs), by reference."""
    out: dict[str, list[str]] = {}
    for block in doc.blocks:
        ref = (getattr(block, "ref", "") or "").split("(", 1)[0]
        if CLAUSE.fullmatch(ref):
            label = getattr(block, "label", "")
            text = block.text if not label else f"{label} {block.text}"
            out.setdefault(ref, []).append(text.strip())
    return {ref: "\n".join(t for t in texts if t) for ref, texts in out.items()}


def _csv(rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["document", "title", "version", "release", "effective", "sha256"],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _templates_digest(templates: object) -> str:
    """A digest of a folder of templates, so restyling the site remakes what they shape."""
    if not isinstance(templates, (str, Path)):
        return ""
    folder = Path(templates)
    return digest(*(f"{p.relative_to(folder)}:{p.read_bytes()!r}" for p in sorted(folder.rglob("*")) if p.is_file()))
