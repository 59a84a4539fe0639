"""The version store as a source of releases, Document Logs, documents and comparisons for release
notes and the published site: one small adapter over ``sectrack.store.Store``."""

from __future__ import annotations

import functools
from typing import Any

from sectrack.compare.changes import ChangeSet
from sectrack.model import Document
from sectrack.release.source import ListedDocument, LogRow, ReleaseInfo

#: How many documents and comparisons a source keeps at once: those in use now (a document's pages,
#: a release's note) are asked for again soon; a whole store's would not fit in memory.
KEPT = 32


class StoreSource:
    """Answers ``Source``'s questions from a store; the latest documents and comparisons asked for
    are kept (``KEPT`` of each), the releases and Document Logs all."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._logs: dict[str, list[LogRow]] = {}
        self._releases: list[ReleaseInfo] | None = None
        self._document = functools.lru_cache(maxsize=KEPT)(store.document)
        self._changeset = functools.lru_cache(maxsize=KEPT)(store.changeset)

    @classmethod
    def open(cls, url: str | None = None) -> StoreSource:
        from sectrack.store import Store

        return cls(Store.open(url))

    def close(self) -> None:
        self.store.close()

    def releases(self) -> list[ReleaseInfo]:
        if self._releases is None:
            self._releases = [_info(r) for r in self.store.releases()]
        return list(self._releases)

    def log(self, sec_version: str) -> list[LogRow]:
        if sec_version not in self._logs:
            self._logs[sec_version] = [
                LogRow(e.document, e.display_name, e.version, e.release, e.effective.isoformat(), e.sha256)
                for e in self.store.log(release=sec_version)]
        return list(self._logs[sec_version])

    def document(self, slug: str, version: str) -> Document:
        return self._document(slug, version)

    def package(self, slug: str, version: str) -> bytes:
        return bytes(self.store.package(slug, version))

    def changeset(self, slug: str, old: str, new: str) -> ChangeSet:
        return self._changeset(slug, old, new)


def _info(r: Any) -> ReleaseInfo:
    listed = tuple(
        ListedDocument(c.document, c.version or c.previous or "", "" if c.change == "baseline" else c.change,
                       c.summary or "")
        for c in r.changes)
    return ReleaseInfo(sec_version=r.sec_version, effective=r.effective.isoformat(), title=r.title,
                       summary=r.summary or "", references=tuple(r.references or ()), documents=listed,
                       status=r.status, baseline=bool(r.baseline))
