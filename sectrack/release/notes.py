"""The release note of one SEC release: built from a source of releases and documents, checked against
what the documents did, rendered in SECAS's shape as HTML, Markdown or plain text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sectrack.release.changes import ChangeGroup, change_groups, document_counts
from sectrack.release.source import LogRow, ReleaseInfo, Source, previous
from sectrack.render.templating import render

FORMATS = {"html": "release-note.html.j2", "md": "release-note.md.j2", "txt": "release-note.txt.j2"}
CHANGE_WORDS = {"new": "new document", "removed": "removed from the Code"}


@dataclass(frozen=True)
class NoteWarning:
    """The release's narrative disagrees with its documents; ``code`` is stable."""

    code: str  # note.unchanged-document | note.unlisted-change
    document: str  # slug, or the name as written
    text: str

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"


@dataclass(frozen=True)
class AffectedDocument:
    """A document whose version changed in the release, and what changed in it."""

    slug: str
    name: str  # SEC Appendix AM 'SMETS1 Supporting Requirements'
    old_version: str | None  # None: new document
    new_version: str | None  # None: removed
    change: str  # new | amended | re-designated | removed
    summary: str = ""  # the manifest's words
    groups: tuple[ChangeGroup, ...] = ()
    size: str = ""  # a new or removed document's clauses and terms

    @property
    def versions(self) -> str:
        """``V15.0 → V16.0``, ``new document, V1.0`` or ``V3.0, removed``."""
        if self.old_version is None:
            return f"new document, V{self.new_version}"
        if self.new_version is None:
            return f"V{self.old_version}, removed"
        return f"V{self.old_version} → V{self.new_version}"

    @property
    def redline_name(self) -> str:
        """The published redline's name: ``RED LINED SEC Appendix AM SMETS1 Supporting Requirements V16.0``."""
        version = self.new_version or self.old_version
        return f"RED LINED {self.name.replace(chr(39), '')} V{version}"


@dataclass(frozen=True)
class ReleaseNote:
    """Everything a release note says, computed from the source; ``links`` are site paths."""

    release: ReleaseInfo
    date: str  # 17 December 2021
    opening: str
    summary: tuple[str, ...]  # paragraphs of the manifest's prose
    pointers: tuple[str, ...]  # designation letter / modification and redlining
    affected: tuple[AffectedDocument, ...]
    log: tuple[LogRow, ...]
    further: str
    warnings: tuple[NoteWarning, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    checks: Any = None  # sectrack.check.Delta: findings introduced and fixed, definition impact

    @property
    def title(self) -> str:
        return self.release.title or f"SEC v{self.release.sec_version}"


def long_date(iso: str) -> str:
    """``2021-12-17`` -> ``17 December 2021``."""
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%B')} {d.year}"


DEFAULT_FURTHER = ("For further information about this release, contact the SEC Administrator and Secretariat "
                   "(SECAS) helpdesk.")


def build_note(source: Source, sec_version: str, config: dict[str, Any] | None = None,
               memo: CheckMemo | None = None) -> ReleaseNote:
    """The release note of ``sec_version``: affected documents, what changed, narrative warnings;
    ``memo`` shares the consistency checks between the notes of consecutive releases."""
    config = config or {}
    releases = source.releases()
    before = previous(releases, sec_version.lstrip("vV"))
    info = next(r for r in releases if r.sec_version == sec_version.lstrip("vV"))
    old = {r.document: r for r in (source.log(before.sec_version) if before else [])}
    new = {r.document: r for r in source.log(info.sec_version)}
    affected = tuple(_affected(source, info, old, new))
    warnings = tuple(check_narrative(info, affected, new, old))
    further = str(info.extra.get("further_information") or config.get("further_information") or DEFAULT_FURTHER)
    checks = release_checks(source, info, before, config, memo) if before is not None else None
    return ReleaseNote(
        release=info, date=long_date(info.effective), opening=_opening(info, affected),
        summary=tuple(p.strip().replace("\n", " ") for p in info.summary.split("\n\n") if p.strip()),
        pointers=tuple(_pointers(info)), affected=affected, log=tuple(new.values()), further=further.strip(),
        warnings=warnings, extra=dict(config), checks=checks)


@dataclass
class CheckMemo:
    """Consistency checks kept between the notes of one run: the last releases' reports, each
    version's index (by SHA-256) and what reading each document for terms found."""

    reports: dict[str, Any] = field(default_factory=dict)
    indexes: dict[str, Any] = field(default_factory=dict)
    scan: Any = None
    settings: Any = None  # the checks' configuration, read once for the run

    def prune(self) -> None:
        """Forget the indexes and term readings of versions no kept report holds, so a run over many
        releases keeps about two releases' documents in memory, not every version it met."""
        held = [ix for r in self.reports.values() for ix in r.code.docs.values()]
        kept = {id(ix) for ix in held}
        self.indexes = {k: v for k, v in self.indexes.items() if id(v) in kept}
        if self.scan is not None:
            self.scan.keep_only({ix.version_key for ix in held})


def release_checks(source: Source, info: ReleaseInfo, before: ReleaseInfo, config: dict[str, Any],
                   memo: CheckMemo | None = None) -> Any:
    """The consistency checks' delta of the release: what it introduced and fixed against the release
    before, references its renumbering left behind, and where its definition changes are used."""
    from sectrack.check import check, delta, find_config
    from sectrack.check.terms import ScanMemo

    memo = memo if memo is not None else CheckMemo()
    memo.scan = memo.scan if memo.scan is not None else ScanMemo()
    memo.settings = memo.settings if memo.settings is not None else find_config(config.get("check_config"))

    def report(sec: str) -> Any:
        if sec not in memo.reports:
            memo.reports[sec] = check(_indexes(source, sec, memo.indexes), memo.settings, sec, memo.scan)
            for old in list(memo.reports)[:-2]:  # a note needs its release's and the one before
                del memo.reports[old]
            memo.prune()
        return memo.reports[sec]

    old = {r.document: r.version for r in source.log(before.sec_version)}
    new = {r.document: r.version for r in source.log(info.sec_version)}
    changesets = {slug: source.changeset(slug, old[slug], v) for slug, v in new.items()
                  if slug in old and old[slug] != v}
    return delta(report(before.sec_version), report(info.sec_version), changesets)


def _indexes(source: Source, sec: str, seen: dict[str, Any]) -> dict[str, Any]:
    """slug -> the checks' index of each document in effect at ``sec``, each version indexed once
    (from its stored model, without loading the Document, when the source is a store)."""
    from sectrack.check import DocIndex
    from sectrack.check.release import indexes_at, resolve_release

    store = getattr(source, "store", None)
    if store is not None:
        return indexes_at(store, resolve_release(store, sec), None, seen)
    out = {}
    for row in source.log(sec):
        key = row.sha256 or f"{row.document}@{row.version}"
        if key not in seen:
            seen[key] = DocIndex.of(source.document(row.document, row.version))
            seen[key].version_key = row.sha256
        out[row.document] = seen[key]
    return out


def _affected(source: Source, info: ReleaseInfo, old: dict[str, LogRow], new: dict[str, LogRow]):
    """Every document whose version changed between the two Document Logs, in log order."""
    listed = {d.slug: d for d in info.documents}
    for slug in [*new, *(s for s in old if s not in new)]:
        o, n = old.get(slug), new.get(slug)
        if o is not None and n is not None and o.version == n.version:
            continue
        d = listed.get(slug)
        if n is None:
            assert o is not None  # a slug in neither mapping is never listed
            doc = source.document(slug, o.version)
            yield AffectedDocument(slug, o.title, o.version, None, "removed", d.summary if d else "",
                                   size=document_counts(doc))
        elif o is None:
            doc = source.document(slug, n.version)
            yield AffectedDocument(slug, n.title, None, n.version, "new", d.summary if d else "",
                                   size=document_counts(doc))
        else:
            change = (d.change if d and d.change else "amended")
            groups = change_groups(source.changeset(slug, o.version, n.version))
            yield AffectedDocument(slug, n.title, o.version, n.version, change, d.summary if d else "", groups)


def _opening(info: ReleaseInfo, affected: tuple[AffectedDocument, ...]) -> str:
    n = len(affected)
    what = {"new": 0, "removed": 0}
    for a in affected:
        if a.change in what:
            what[a.change] += 1
    parts = [f"{n} document{'' if n == 1 else 's'} of the Smart Energy Code changed"]
    if what["new"]:
        parts.append(f"{what['new']} of {'them' if n > 1 else 'it'} new")
    if what["removed"]:
        parts.append(f"{what['removed']} removed")
    return f"SEC v{info.sec_version} came into effect on {long_date(info.effective)}: {', '.join(parts)}."


def _pointers(info: ReleaseInfo):
    for ref in info.references:
        kind, name = ref.get("type", ""), ref.get("ref", "")
        title = f" '{ref['title']}'" if ref.get("title") else ""
        if kind == "designation":
            yield f"The changes were made by designation: {name}{title}. {ref.get('note', '')}".strip()
        elif kind == "modification":
            yield f"This release implements Modification Proposal {name}{title}."
        else:
            yield f"{name}{title}. {ref.get('note', '')}".strip()
    yield "Each affected document is published with a redline marking every change against its previous version."


NAMED = re.compile(r"\b(Section|Appendix)\s+([A-Z]{1,2})(?![A-Za-z0-9])")


def named_documents(text: str) -> list[str]:
    """Slugs of the documents a narrative names (``Section L``, ``Appendix AM``), not clause
    references (``Section L14.8`` cites a clause, it does not say Section L changed)."""
    out: list[str] = []
    for kind, letter in NAMED.findall(text):
        slug = f"{kind.lower()}-{letter.lower()}"
        if slug not in out:
            out.append(slug)
    return out


def check_narrative(info: ReleaseInfo, affected: tuple[AffectedDocument, ...], new: dict[str, LogRow],
                    old: dict[str, LogRow]) -> list[NoteWarning]:
    """Warnings where the release's list or summary names a document that did not change, or misses one that did."""
    if info.baseline:
        return []
    changed = {a.slug for a in affected}
    listed = [d.slug for d in info.documents]
    out = []
    for slug in listed:
        if slug not in changed:
            out.append(NoteWarning("note.unchanged-document", slug,
                                   f"the release lists {slug} but its version did not change in v{info.sec_version}"))
    for slug in named_documents(info.summary):
        if slug not in changed and slug not in listed:
            text = f"the summary names {_display(slug)} but its version did not change in v{info.sec_version}"
            out.append(NoteWarning("note.unchanged-document", slug, text))
    named = named_documents(info.summary)
    for a in affected:
        if a.slug not in listed or a.slug not in named:
            where = "list of documents" if a.slug not in listed else "summary"
            out.append(NoteWarning("note.unlisted-change", a.slug,
                                   f"{a.name} changed ({a.versions}) but the release's {where} does not name it"))
    return out


def _display(slug: str) -> str:
    kind, _, letter = slug.partition("-")
    return f"{kind.capitalize()} {letter.upper()}"


def render_note(note: ReleaseNote, fmt: str, *, templates: str | Path | None = None, base: str = "",
                template: str | None = None, clauses: ClausePath | None = None) -> str:
    """The note as ``html``, ``md`` or ``txt``; ``base`` prefixes the site paths of links;
    ``clauses`` (the site's) gives each clause's history page, so that What changed links each
    clause and term to its history."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown release note format {fmt!r} (use html, md or txt)")
    links = NoteLinks(base, note.release.sec_version, clauses)
    return render(template or FORMATS[fmt], templates, note=note, links=links)


ClausePath = Callable[[str, str, str], str]  # (slug, version, ref) -> a path in the site, "" for none


@dataclass(frozen=True)
class NoteLinks:
    """The addresses a note links to, as paths in the published site under ``base`` (pages named
    ``index.html`` in full, so the links also work from ``file://``)."""

    base: str
    sec_version: str
    clauses: ClausePath | None = None  # (slug, version, ref) -> a clause's history page; None: no links

    @property
    def linked(self) -> bool:
        return self.clauses is not None

    def release(self) -> str:
        return f"{self.base}releases/v{self.sec_version}/index.html"

    def log(self, fmt: str = "") -> str:
        folder = f"{self.base}releases/v{self.sec_version}/"
        return folder + (f"document-log.{fmt}" if fmt else "index.html#document-log")

    def version(self, slug: str, version: str) -> str:
        return f"{self.base}documents/{slug}/{version}/index.html"

    def docx(self, slug: str, version: str) -> str:
        return f"{self.base}documents/{slug}/{version}/{slug}-v{version}.docx"

    def redline(self, slug: str, version: str, fmt: str = "") -> str:
        folder = f"{self.base}documents/{slug}/{version}/redline/"
        return folder + (f"{slug}-v{version}-redline.{fmt}" if fmt else "index.html")

    def clause(self, slug: str, version: str, ref: str) -> str:
        path = self.clauses(slug, version, ref) if self.clauses is not None else ""
        return f"{self.base}{path}" if path else ""

    def term(self, term: str) -> str:
        return f"{self.base}terms/{term_slug(term)}/index.html"

    def item(self, doc: AffectedDocument, label: str, item: str) -> str:
        """The address of one item of the What changed part: a clause's or a term's history."""
        if label.startswith("Definitions"):
            return self.term(item)
        ref = item.split(" → ")[-1]
        version = doc.old_version if label == "Clauses deleted" else doc.new_version
        return self.clause(doc.slug, version, ref) if version else ""


def term_slug(term: str) -> str:
    """A defined term's address segment: ``Key Rotation`` -> ``key-rotation``."""
    return re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-") or "term"
