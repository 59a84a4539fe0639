"""The outputs of a published site, page by page: what each is made of (its key) and how to make it.

Addresses (permanent; each names one thing for ever):

    index.html                                   current Document Log, latest releases
    releases/index.html, releases/v54.0/         a release: note, Document Log, what changed, redlines
    releases/v54.0/document-log.json|.csv, note.md, note.txt
    documents/index.html, documents/appendix-am/ a document's timeline and comparisons
    documents/appendix-am/16.0/                  a version, readable, and its .docx
    documents/appendix-am/16.0/redline/          V16.0 against the version before: HTML, .docx, PDF
    documents/appendix-am/clauses/14.0/2.3/      the clause V14.0 numbered 2.3 (its first version in the
                                                 site), whatever it became later, and its whole life
    documents/appendix-am/compare/14.0..17.0/    any version against the current one
    terms/index.html, terms/key-rotation/        a Section A defined term and its history
    search/index.html, search/documents/appendix-am.js, search/terms.js   the offline search and its index
    feed.xml, manifest.json

A document's outputs (``document_pages``), a release's and the defined terms' each form a group keyed
by the history they show, so an unchanged group costs nothing to publish again.
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
from sectrack.publish.document_pages import DocumentPages, lineages_of, search_script
from sectrack.publish.history import Event, Lineage, term_lives
from sectrack.publish.model import Facts, Version
from sectrack.publish.writer import Group, Held, Output, digest
from sectrack.release.notes import CheckMemo, build_note, long_date, render_note, term_slug
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
                                  _templates_digest(templates), json.dumps(config, sort_keys=True, default=str),
                                  _checks_digest(config))
        self._lineages: dict[str, dict[tuple[str, str], Lineage]] = {}
        self.documents = {slug: DocumentPages(self, slug) for slug in facts.versions}
        self.checks = CheckMemo()  # release notes are listed in release order: each check serves two

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

    def lineage(self, slug: str) -> dict[tuple[str, str], Lineage]:
        """A document's clause lineages, computed once."""
        if slug not in self._lineages:
            self._lineages[slug] = lineages_of(self.facts, slug)
        return self._lineages[slug]

    def clause_path(self, slug: str, version: str, ref: str) -> str:
        """The site path of a clause's history page ("" for a document or clause the site lacks)."""
        pages = self.documents.get(slug)
        return pages.clause_path(version, ref) if pages is not None else ""

    # ---------------------------------------------------------------- all outputs

    def outputs(self) -> Iterator[Output | Group]:
        yield from self.listings()
        for r in self.facts.releases:
            key = digest("release", self.version_tag, self.facts.release_keys[r.sec_version])
            yield Group(key, partial(self.release, r.sec_version))
        for pages in self.documents.values():
            yield pages.group()
        chain = self.facts.chain(SECTION_A) if SECTION_A in self.facts.versions else ""
        yield Group(digest("terms", self.version_tag, chain), self.terms)

    def listings(self) -> Iterator[Output]:
        latest = self.facts.latest
        log = self.facts.logs[latest.sec_version] if latest else []
        releases = list(reversed(self.facts.releases))
        yield Output("index.html", lambda: self.page("index.html", "site/index.html.j2", log=log, releases=releases[:5]))
        yield Output("releases/index.html", lambda: self.page("releases/index.html", "site/releases.html.j2",
                                                              releases=releases))
        yield Output("documents/index.html", lambda: self.page("documents/index.html", "site/documents.html.j2"))
        shards = [slug for slug in self.facts.versions if self.facts.current(slug) is not None]
        yield Output("search/index.html", lambda: self.page("search/index.html", "site/search.html.j2",
                                                            shards=shards))
        yield Output("feed.xml", self.feed)
        for name in ("site.css", "search.js"):
            yield Output(name, partial(self.asset, name), kind="file")

    def asset(self, name: str) -> bytes:
        return render(f"site/{name}", self.templates).encode("utf-8")

    # ---------------------------------------------------------------- releases

    def release(self, sec: str) -> Iterator[Output]:
        base = f"releases/v{sec}/"
        # built when first made: pages are made in release order, so each check serves two notes
        note = Held(partial(build_note, self.facts.source, sec, self.config, self.checks))
        log = self.facts.logs[sec]

        def page() -> bytes:
            body = render_note(note.get(), "html", templates=self.templates, base="../../",
                               template="release-note-body.html.j2", clauses=self.clause_path)
            return self.page(base + "index.html", "site/release.html.j2", note=note.get(), note_html=body, log=log,
                             sec=sec)

        yield Output(base + "index.html", page)
        for fmt in ("md", "txt"):
            yield Output(base + f"note.{fmt}", partial(self.note_file, note, fmt), kind="file")
        rows = [self._log_row(row) for row in log]
        yield Output(base + "document-log.json", lambda: (json.dumps(rows, indent=2) + "\n").encode(), kind="file")
        yield Output(base + "document-log.csv", lambda: _csv(rows), kind="file")

    def note_file(self, note: Held, fmt: str) -> bytes:
        return render_note(note.get(), fmt, templates=self.templates, base="../../").encode("utf-8")

    def _log_row(self, row: Any) -> dict[str, str]:
        sha = row.sha256 or self.facts.sha256(row.document, row.version)
        return {"document": row.document, "title": row.title, "version": row.version, "release": row.release,
                "effective": row.effective, "sha256": sha}

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
            yield Output(path, partial(self.page, path, "site/term.html.j2", term=term, life=life, versions=versions),
                         key=digest("term", self.version_tag, life,
                                    [(versions[e.version].release, versions[e.version].effective,
                                      versions[e.version].previous) for e in life]))
        found = [{"t": term, "u": f"terms/{term_slug(term)}/", "k": "term", "x": life[-1].text[:400]}
                 for term, life in sorted(lives.items()) if life[-1].event != "removed"]
        yield Output("search/terms.js", lambda: search_script(found), kind="file")

    def feed(self) -> bytes:
        from sectrack.publish.feed import atom

        return atom(self.facts, self.config, self.site_title)


def _csv(rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["document", "title", "version", "release", "effective", "sha256"],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _checks_digest(config: dict[str, Any]) -> str:
    """A digest of the checks' configuration the notes use, so editing it remakes the notes."""
    from sectrack.check import config_location

    where = config_location(config.get("check_config"))
    return digest(where.read_bytes()) if where is not None and where.is_file() else ""


def _templates_digest(templates: object) -> str:
    """A digest of a folder of templates, so restyling the site remakes what they shape."""
    if not isinstance(templates, (str, Path)):
        return ""
    folder = Path(templates)
    return digest(*(f"{p.relative_to(folder)}:{p.read_bytes()!r}" for p in sorted(folder.rglob("*")) if p.is_file()))
