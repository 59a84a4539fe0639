"""The facts a published site shows, gathered once from a source: releases, Document Logs, each
document's versions with the release that brought them in, and which version is current."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from sectrack.compare.changes import ChangeSet
from sectrack.model import Document
from sectrack.release.notes import long_date
from sectrack.release.source import LogRow, ReleaseInfo, Source


@dataclass(frozen=True)
class Version:
    """One version of one document and its place in time."""

    slug: str
    version: str
    title: str  # the display name
    release: str  # the SEC version that brought it in
    effective: str  # ISO date
    until: str = ""  # ISO date a later version (or removal) took effect; "" while in effect
    until_release: str = ""
    previous: str = ""  # the version before it ("" for the first)

    @property
    def date(self) -> str:
        return long_date(self.effective)


@dataclass
class Facts:
    """Everything the site needs from the source, with comparisons and documents asked for lazily."""

    source: Source
    releases: list[ReleaseInfo] = field(default_factory=list)
    logs: dict[str, list[LogRow]] = field(default_factory=dict)
    versions: dict[str, list[Version]] = field(default_factory=dict)  # slug -> oldest first
    removed: dict[str, str] = field(default_factory=dict)  # slug -> the SEC version that removed it

    @classmethod
    def gather(cls, source: Source) -> Facts:
        facts = cls(source, [r for r in source.releases() if r.status == "published"])
        seen: dict[str, list[Version]] = {}
        last: dict[str, LogRow] = {}
        for r in facts.releases:
            rows = source.log(r.sec_version)
            facts.logs[r.sec_version] = rows
            now = {row.document: row for row in rows}
            facts._hashes.update({(row.document, row.version): row.sha256 for row in rows if row.sha256})
            for slug, row in now.items():
                if slug not in last or last[slug].version != row.version:
                    prev = seen.setdefault(slug, [])
                    if prev and not prev[-1].until:
                        prev[-1] = _ended(prev[-1], r)
                    prev.append(Version(slug, row.version, row.title, r.sec_version, r.effective,
                                        previous=prev[-1].version if prev else ""))
            for slug in last:
                if slug not in now:
                    seen[slug][-1] = _ended(seen[slug][-1], r)
                    facts.removed[slug] = r.sec_version
            last = now
        facts.versions = seen
        return facts

    @property
    def latest(self) -> ReleaseInfo | None:
        return self.releases[-1] if self.releases else None

    def current(self, slug: str) -> Version | None:
        """The version in effect now (None when the document was removed)."""
        v = self.versions[slug][-1]
        return None if v.until else v

    def version(self, slug: str, version: str) -> Version:
        return next(v for v in self.versions[slug] if v.version == version)

    def document(self, slug: str, version: str) -> Document:
        return self.source.document(slug, version)

    def changeset(self, slug: str, old: str, new: str) -> ChangeSet:
        """Consecutive versions compared, as the source keeps them (a store caches them for history)."""
        return self.source.changeset(slug, old, new)

    def sha256(self, slug: str, version: str) -> str:
        return self._hashes.setdefault((slug, version), hashlib.sha256(self.source.package(slug, version)).hexdigest())

    @cached_property
    def _hashes(self) -> dict[tuple[str, str], str]:
        return {}

    def chain(self, slug: str) -> str:
        """A digest of a document's whole history: its versions, their files, releases and dates."""
        parts: list[object] = [slug, self.removed.get(slug, "")]
        for v in self.versions[slug]:
            parts += [v.version, self.sha256(slug, v.version), v.title, v.release, v.effective, v.until,
                      v.until_release]
        return _digest(parts)

    @cached_property
    def release_keys(self) -> dict[str, str]:
        """Each release -> a digest of it and every release before it, with their Document Logs."""
        out, running = {}, ""
        for r in self.releases:
            rows = [(row.document, row.title, row.version, row.release, row.effective,
                     self.sha256(row.document, row.version)) for row in self.logs[r.sec_version]]
            running = _digest([running, r, rows])
            out[r.sec_version] = running
        return out


def _digest(parts: list[object]) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def _ended(v: Version, r: ReleaseInfo) -> Version:
    return Version(v.slug, v.version, v.title, v.release, v.effective, r.effective, r.sec_version, v.previous)
