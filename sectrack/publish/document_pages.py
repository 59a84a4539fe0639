"""A document's outputs in the site: its timeline, each version (page, .docx, redline in HTML, .docx
and PDF), comparisons with the current version, a history page per clause lineage and its share of
the search index. They form one group, keyed by the document's whole history, so a publish that
did not change the document lists none of them."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import sectrack
from sectrack.publish.history import Lineage, clause_lineages
from sectrack.publish.model import Facts, Version
from sectrack.publish.writer import Group, Held, Output, digest
from sectrack.release.changes import CLAUSE
from sectrack.render.templating import render


class DocumentPages:
    """The outputs of one document; ``site`` is the ``Pages`` of the whole site."""

    def __init__(self, site: Any, slug: str) -> None:
        self.site = site
        self.facts: Facts = site.facts
        self.templates: str | Path | None = site.templates
        self.slug = slug
        self.base = f"documents/{slug}/"

    def group(self) -> Group:
        key = digest("document", self.site.version_tag, self.facts.chain(self.slug))
        return Group(key, self.outputs)

    def outputs(self) -> Iterator[Output]:
        versions = self.facts.versions[self.slug]
        current = self.facts.current(self.slug)
        path = self.base + "index.html"
        yield Output(path, lambda: self.site.page(path, "site/document.html.j2", slug=self.slug, versions=versions,
                                                  current=current))
        shas = [self.facts.sha256(self.slug, v.version) for v in versions]
        for k, v in enumerate(versions):
            yield from self.version(v, shas[:k + 1])
        if current is not None:
            for v in versions[:-2]:  # consecutive pairs are the redlines
                yield self.comparison(v.version, current.version)
            yield Output(f"search/documents/{self.slug}.js", partial(self.search_shard, current), kind="file")
        yield from self.clauses()

    # ---------------------------------------------------------------- versions

    def version(self, v: Version, history: list[str]) -> Iterator[Output]:
        """A version's page, .docx and redline; ``history``: the files of it and the versions before,
        which name its clauses' lineages."""
        base = f"{self.base}{v.version}/"
        banner = self.site.banner(v)
        yield Output(base + f"{v.slug}-v{v.version}.docx", lambda: self.facts.source.package(v.slug, v.version),
                     key=digest("docx", history[-1]), kind="file")
        doc = Held(partial(self.facts.document, v.slug, v.version))  # a worker's, like the redlines below
        yield Output(base + "index.html", lambda: self.version_page(v, banner, doc.get()),
                     key=digest("version", self.site.version_tag, history, banner, v), prepare=doc.get, drop=doc.drop)
        if v.previous:
            yield from self.redline(v, banner)

    def version_page(self, v: Version, banner: str, doc: Any) -> bytes:
        from sectrack.publish.documents import document_html

        clauses = [(ref, lineage.address) for (version, ref), lineage in self.lineages().items()
                   if version == v.version]
        path = f"{self.base}{v.version}/index.html"
        return self.site.page(path, "site/version.html.j2", v=v, banner=banner, body=document_html(doc),
                              clauses=clauses)

    def redline(self, v: Version, banner: str) -> Iterator[Output]:
        from sectrack.publish.documents import pdf_ready, redline_docx, redline_page, redline_pdf

        base = f"{self.base}{v.version}/redline/"
        old_sha, new_sha = self.facts.sha256(v.slug, v.previous), self.facts.sha256(v.slug, v.version)
        cs = partial(self.facts.changeset, v.slug, v.previous, v.version)
        name = f"{v.slug}-v{v.version}-redline"
        nav = self.redline_nav(base, v, banner)
        tag = self.site.version_tag
        # the comparison and both .docx files, fetched before the workers start (they touch no store)
        held = Held(lambda: (cs(), (self.facts.source.package(v.slug, v.previous),
                                    self.facts.source.package(v.slug, v.version))))
        yield Output(base + "index.html", lambda: redline_page(held.get()[0], nav, self.templates),
                     key=digest("redline", tag, old_sha, new_sha, nav), kind="redline", prepare=held.get,
                     drop=held.drop)
        yield Output(base + name + ".docx", lambda: redline_docx(*held.get()),
                     key=digest("redline.docx", sectrack.__version__, old_sha, new_sha), kind="file",
                     prepare=held.get, drop=held.drop)
        yield Output(base + name + ".pdf", lambda: redline_pdf(held.get()[0], self.templates),
                     key=digest("redline.pdf", tag, old_sha, new_sha), kind="file",
                     prepare=partial(_both, held.get, pdf_ready), drop=held.drop)

    def redline_nav(self, path: str, v: Version, banner: str, old: str = "") -> str:
        return render("site/redline-nav.html.j2", self.templates, root="../" * path.count("/"), v=v,
                      banner=banner, old=old or v.previous, site_title=self.site.site_title)

    def comparison(self, old: str, new: str) -> Output:
        from sectrack.compare import compare
        from sectrack.publish.documents import redline_page

        base = f"{self.base}compare/{old}..{new}/"
        v = self.facts.version(self.slug, new)
        nav = self.redline_nav(base, v, "", old)
        key = digest("compare", self.site.version_tag, self.facts.sha256(self.slug, old),
                     self.facts.sha256(self.slug, new), nav)
        docs = Held(lambda: (self.facts.document(self.slug, old), self.facts.document(self.slug, new)))
        return Output(base + "index.html", lambda: redline_page(compare(*docs.get()), nav, self.templates), key=key,
                      kind="redline", prepare=docs.get, drop=docs.drop)

    # ---------------------------------------------------------------- clauses

    def lineages(self) -> dict[tuple[str, str], Lineage]:
        """Every clause of every version of the document (version, ref) -> its lineage."""
        return self.site.lineage(self.slug)

    def clauses(self) -> Iterator[Output]:
        """A history page per clause lineage, keyed by its events (so kept until the clause changes)."""
        versions = {x.version: x for x in self.facts.versions[self.slug]}
        title = self.facts.versions[self.slug][-1].title
        seen: set[str] = set()
        for lineage in self.lineages().values():
            if lineage.address in seen:
                continue
            seen.add(lineage.address)
            path = f"{self.base}clauses/{lineage.address}/index.html"
            events = lineage.changes
            facts = [(e, versions[e.version].release, versions[e.version].effective, versions[e.version].previous)
                     for e in events]
            yield Output(path, partial(self.site.page, path, "site/clause.html.j2", slug=self.slug, title=title,
                                       lineage=lineage, events=events, versions=versions),
                         key=digest("clause", self.site.version_tag, self.slug, title, facts))

    def clause_path(self, version: str, ref: str) -> str:
        """The site path of the history page of clause ``ref`` of ``version`` ("" when unknown)."""
        lineage = self.lineages().get((version, ref))
        return f"{self.base}clauses/{lineage.address}/index.html" if lineage else ""

    def search_shard(self, current: Version) -> bytes:
        """The search entries of the version in effect: the document and each of its clauses."""
        entries = [{"t": current.title, "u": f"{self.base}{current.version}/", "k": "document", "x": ""}]
        for (version, ref), lineage in self.lineages().items():
            if version == current.version:
                text = next(e.text for e in lineage.events if e.version == version and e.ref == ref)
                entries.append({"t": f"{ref} ({current.title})", "u": f"{self.base}clauses/{lineage.address}/",
                                "k": "clause", "x": text[:400]})
        return search_script(entries)


def _both(first: Callable[[], object], second: Callable[[], object]) -> None:
    first()
    second()


def search_script(entries: list[dict[str, str]]) -> bytes:
    """Search entries as a script adding them to ``window.SECTRACK_SEARCH`` (works from file://)."""
    data = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    return f"window.SECTRACK_SEARCH = (window.SECTRACK_SEARCH || []).concat({data});\n".encode()


def lineages_of(facts: Facts, slug: str) -> dict[tuple[str, str], Lineage]:
    """The clause lineages of a document, from its consecutive comparisons."""
    versions = [v.version for v in facts.versions[slug]]
    changesets = [facts.changeset(slug, a, b) for a, b in itertools.pairwise(versions)]
    docs = [changesets[0].old] if changesets else [facts.document(slug, versions[0])]
    texts = {ver: clause_texts(doc) for ver, doc in zip(versions, docs + [cs.new for cs in changesets])}
    return clause_lineages(versions, changesets, list(texts[versions[0]]), texts)


def clause_texts(doc: Any) -> dict[str, str]:
    """Each clause's text (its own paragraphs and sub-paragraphs), by reference."""
    out: dict[str, list[str]] = {}
    for block in doc.blocks:
        ref = (getattr(block, "ref", "") or "").split("(", 1)[0]
        if CLAUSE.fullmatch(ref):
            label = getattr(block, "label", "")
            text = block.text if not label else f"{label} {block.text}"
            out.setdefault(ref, []).append(text.strip())
    return {ref: "\n".join(t for t in texts if t) for ref, texts in out.items()}
