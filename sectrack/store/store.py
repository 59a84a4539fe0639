"""The Store: open a store, and what it answers (releases, the Document Log, versions, documents,
packages and comparisons). Writing lives in ``sectrack.store.writes``, history in
``sectrack.store.history``; both are reached through methods of Store."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, and_, func, select
from sqlalchemy.engine import make_url

from sectrack.store.engine import check_revision, display_url, make_engine, resolve_url, upgrade
from sectrack.store.errors import NotFound, StoreError
from sectrack.store.records import (
    AddResult,
    DocumentEvent,
    DocumentLog,
    HistoryEvent,
    IngestResult,
    LogEntry,
    Release,
    ReleaseChange,
    VersionInfo,
    bare_version,
    display_name,
)
from sectrack.store.schema import documents as D
from sectrack.store.schema import release_changes as RC
from sectrack.store.schema import releases as R
from sectrack.store.schema import versions as V

if TYPE_CHECKING:
    from sectrack.compare.changes import ChangeSet
    from sectrack.model import Document
    from sectrack.store.manifest import Manifest

_VERSION_COLUMNS = (D.c.slug, D.c.kind, D.c.letter, V.c.id, V.c.label, V.c.sha256, V.c.size, V.c.title,
                    V.c.doc_date, V.c.source_name, V.c.ingested_by, V.c.ingested_at)


class Store:
    """A version store (SQLite file or PostgreSQL database); see the package docstring."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.where = display_url(url)

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = False) -> Store:
        """The store at ``url`` (default: $SECTRACK_STORE, else ``sectrack.db`` here). ``create``
        makes an empty one (schema included) when there is none; without it, a missing store is
        an error. A store of another schema revision is an error (``store upgrade``)."""
        url = resolve_url(url)
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and not create:
            db = parsed.database or ""
            if db and db != ":memory:" and not Path(db).exists():
                raise NotFound(db, "no store here (add a release with `sectrack release add`, "
                               "or `sectrack load-corpus`; or give --store / SECTRACK_STORE)")
        store = cls(make_engine(url), url)
        rev = check_revision(store.engine, store.where)
        if rev is None:
            if not create:
                raise NotFound(store.where, "the store is empty (add a release with `sectrack release add`)")
            upgrade(store.engine, store.where)
        return store

    def upgrade(self) -> tuple[str | None, str]:
        """Bring the store's schema to this sectrack's revision; (revision before, after)."""
        return upgrade(self.engine, self.where)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read(self) -> Connection:
        return self.engine.connect()

    # -- releases ------------------------------------------------------------------------------

    def releases(self) -> list[Release]:
        """Every release, in order, each with its document changes."""
        with self._read() as conn:
            rows = conn.execute(select(R).order_by(R.c.sort_key)).all()
            changes = _changes(conn, [r.id for r in rows])
        return [_release(r, changes.get(r.id, ())) for r in rows]

    def release(self, sec_version: str) -> Release:
        """One release (``"54.0"`` or ``"v54.0"``) with its document changes; NotFound if absent."""
        v = bare_version(sec_version)
        with self._read() as conn:
            row = conn.execute(select(R).where(R.c.sec_version == v)).first()
            if row is None:
                raise NotFound(f"v{v}", "no such release in the store")
            return _release(row, _changes(conn, [row.id]).get(row.id, ()))

    def latest(self, *, published: bool = True) -> Release | None:
        """The latest release (published only, unless ``published`` is False), or None."""
        query = select(R).order_by(R.c.sort_key.desc()).limit(1)
        if published:
            query = query.where(R.c.status == "published")
        with self._read() as conn:
            row = conn.execute(query).first()
            return _release(row, _changes(conn, [row.id]).get(row.id, ())) if row is not None else None

    def release_on(self, date: dt.date) -> Release:
        """The latest published release in effect on ``date``; NotFound before the first."""
        query = (select(R.c.sec_version).where(R.c.status == "published", R.c.effective <= date)
                 .order_by(R.c.effective.desc(), R.c.sort_key.desc()).limit(1))
        with self._read() as conn:
            v = conn.execute(query).scalar()
        if v is None:
            raise NotFound(date.isoformat(), "no published release was in effect on that date")
        return self.release(v)

    # -- the Document Log ----------------------------------------------------------------------

    def log(self, release: str | None = None, on: dt.date | None = None) -> list[LogEntry]:
        """The Document Log: every document in effect after ``release`` (default: the latest
        published) or on date ``on``, with its version and the release that brought it in."""
        found = self.document_log(release, on)
        return list(found.entries) if found is not None else []

    def document_log(self, release: str | None = None, on: dt.date | None = None) -> DocumentLog | None:
        """The Document Log with the release it is taken after (as ``log``); None when no release
        is published and none is named."""
        if release is not None and on is not None:
            raise StoreError("log", "give a release or a date, not both")
        with self._read() as conn:
            head = _log_release(conn, release, on)
            if head is None:
                return None
            entries = tuple(_log(conn, head.sort_key))
        return DocumentLog(release=head.sec_version, effective=head.effective, on=on, entries=entries)

    def in_effect(self, release: str | None = None, on: dt.date | None = None) -> dict[str, VersionInfo]:
        """The version of each document in effect after ``release`` (or on ``on``), by slug."""
        entries = {e.document: e for e in self.log(release, on)}
        out = {}
        for info in self._version_infos(None):
            e = entries.get(info.document)
            if e is not None and e.version == info.version:
                out[info.document] = info
        return {slug: out[slug] for slug in entries if slug in out}

    # -- documents and versions ---------------------------------------------------------------

    def documents(self) -> list[dict[str, str]]:
        """Every document the store knows: slug, kind, letter, title, display_name."""
        with self._read() as conn:
            rows = conn.execute(select(D).order_by(D.c.slug)).all()
        return [{"document": r.slug, "kind": r.kind, "letter": r.letter, "title": r.title,
                 "display_name": display_name(r.kind, r.letter, r.title)} for r in rows]

    def versions(self, slug: str) -> list[VersionInfo]:
        """The stored versions of a document, oldest first; NotFound for an unknown document."""
        out = self._version_infos(slug)
        if not out:
            with self._read() as conn:
                if conn.execute(select(D.c.id).where(D.c.slug == slug)).first() is None:
                    raise NotFound(slug, "no such document in the store")
        return out

    def _version_infos(self, slug: str | None) -> list[VersionInfo]:
        first = (select(RC.c.version_id, func.min(R.c.sort_key).label("key"))
                 .join(R, R.c.id == RC.c.release_id).where(RC.c.version_id.is_not(None))
                 .group_by(RC.c.version_id).subquery())
        query = (select(*_VERSION_COLUMNS, R.c.sec_version, R.c.effective)
                 .join(D, D.c.id == V.c.document_id)
                 .outerjoin(first, first.c.version_id == V.c.id)
                 .outerjoin(R, R.c.sort_key == first.c.key)
                 .order_by(D.c.slug, V.c.label_key))
        if slug is not None:
            query = query.where(D.c.slug == slug)
        with self._read() as conn:
            return [_version_info(r) for r in conn.execute(query)]

    def version(self, slug: str, version: str) -> VersionInfo:
        """One stored version; a version given as ``vSEC`` (``v54.0``) is the one in effect at that
        release. NotFound when absent."""
        if version[:1] in "vV":
            info = self.in_effect(release=version).get(slug)
            if info is None:
                raise NotFound(f"{slug}@{version}", "the document is not in effect at that release")
            return info
        for info in self.versions(slug):
            if info.version == version:
                return info
        raise NotFound(f"{slug}@{version}", "no such version in the store")

    def package(self, slug: str, version: str) -> bytes:
        """The original .docx bytes of a stored version."""
        return bytes(self._stored(slug, version, V.c.package)[1].package)

    def document(self, slug: str, version: str, *, package: bool = True) -> Document:
        """A stored version as a Document: its stored model, with the original .docx bytes (read in
        the same query) unless ``package`` is False; a Document without them is compared, checked
        and rendered as HTML, not written as .docx."""
        columns = (V.c.model, V.c.model_format) + ((V.c.package,) if package else ())
        label, row = self._stored(slug, version, *columns)
        from sectrack.store import core

        name = f"{slug}@{label}"
        data = bytes(row.package) if package else None
        if row.model_format == core.MODEL_FORMAT and row.model:
            return core.loads(core.unpack(row.model), data, name)
        return core.read(data if data is not None else self.package(slug, label), name)

    def model(self, slug: str, version: str) -> bytes | None:
        """A stored version's model, the UTF-8 JSON ``sectrack.dumps`` wrote, for readers that need
        less than the Document; None when it was stored in another format (``document`` reads the package)."""
        row = self._stored(slug, version, V.c.model, V.c.model_format)[1]
        from sectrack.store import core

        return core.inflate(row.model) if row.model_format == core.MODEL_FORMAT and row.model else None

    def _stored(self, slug: str, version: str, *columns: Any) -> tuple[str, Any]:
        """The version's label and the given columns of its row, in one query for a label (a
        ``vSEC`` version is looked up first); NotFound, as ``version`` says it, when absent."""
        label = self.version(slug, version).version if version[:1] in "vV" else version
        with self._read() as conn:
            row = conn.execute(select(*columns).join(D, D.c.id == V.c.document_id)
                               .where(D.c.slug == slug, V.c.label == label)).first()
        if row is None:
            self.version(slug, label)  # raises the NotFound that names what is missing
            raise NotFound(f"{slug}@{label}", "no such version in the store")
        return label, row

    # -- comparisons ---------------------------------------------------------------------------

    def changeset(self, slug: str, old_version: str, new_version: str) -> ChangeSet:
        """The comparison of two stored versions of a document (cached: see ``comparison``)."""
        from sectrack.store.comparisons import changeset

        return changeset(self, slug, old_version, new_version)

    # -- writing (sectrack.store.writes) ------------------------------------------------------

    def ingest(self, source: str | Path | bytes, slug: str | None = None, version: str | None = None,
               *, name: str | None = None) -> IngestResult:
        """Store one version of a document (a .docx path or its bytes). Same bytes under the same
        label again: nothing changes; other bytes under an existing label: StoreError."""
        from sectrack.store.writes import ingest

        return ingest(self, source, slug, version, name=name)

    def add_release(self, manifest: Manifest | str | Path, *, draft: bool = False) -> AddResult:
        """Add a release from its manifest (a path or a parsed Manifest), with all its documents,
        in one transaction; ``draft`` keeps it editable. A draft of the same version is replaced."""
        from sectrack.store.writes import add_release

        return add_release(self, manifest, draft=draft)

    def publish(self, sec_version: str, *, force: bool = False) -> Release:
        """Publish a draft release (every release before it must be published); the checks in
        ``sectrack.store.PUBLISH_CHECKS`` must find no problem unless ``force``."""
        from sectrack.store.writes import publish

        return publish(self, sec_version, force=force)

    def drop(self, sec_version: str) -> None:
        """Drop a draft release (a published one cannot be altered)."""
        from sectrack.store.writes import drop

        drop(self, sec_version)

    # -- history (sectrack.store.history) -----------------------------------------------------

    def history(self, slug: str) -> list[DocumentEvent]:
        """A document's versions in release order, each with a one-line count of changes."""
        from sectrack.store.history import document_history

        return document_history(self, slug)

    def clause_history(self, slug: str, ref: str, at: str | None = None) -> list[HistoryEvent]:
        """The lineage of a clause through every version (renumbering and moves followed); ``ref``
        names it in version ``at`` (default: the latest)."""
        from sectrack.store.history import clause_history

        return clause_history(self, slug, ref, at)

    def term_history(self, term: str, slug: str = "section-a") -> list[HistoryEvent]:
        """When a defined term was added, amended (with the words) and removed."""
        from sectrack.store.history import term_history

        return term_history(self, term, slug)


def _release(row: Any, changes: Iterable[ReleaseChange]) -> Release:
    return Release(
        sec_version=row.sec_version, effective=row.effective, title=row.title, summary=row.summary,
        references=tuple(json.loads(row.refs or "[]")), status=row.status, baseline=row.baseline,
        illustrative=row.illustrative, added_by=row.added_by, added_at=row.added_at,
        published_at=row.published_at, changes=tuple(changes),
    )


def _changes(conn: Connection, release_ids: list[int]) -> dict[int, list[ReleaseChange]]:
    """The document changes of the given releases, each with the version it replaces."""
    if not release_ids:
        return {}
    query = (select(RC.c.release_id, RC.c.change, RC.c.summary, RC.c.document_id, R.c.sort_key,
                    D.c.slug, D.c.kind, D.c.letter, D.c.title.label("doc_title"),
                    V.c.label, V.c.sha256, V.c.title)
             .join(R, R.c.id == RC.c.release_id).join(D, D.c.id == RC.c.document_id)
             .outerjoin(V, V.c.id == RC.c.version_id)
             .where(RC.c.release_id.in_(release_ids)).order_by(R.c.sort_key, RC.c.position))
    out: dict[int, list[ReleaseChange]] = {}
    for r in conn.execute(query).all():
        previous = _previous_label(conn, r.document_id, r.sort_key) if r.change not in ("new", "baseline") else None
        out.setdefault(r.release_id, []).append(ReleaseChange(
            document=r.slug, change=r.change, version=r.label, previous=previous,
            display_name=display_name(r.kind, r.letter, r.title or r.doc_title), sha256=r.sha256,
            summary=r.summary))
    return out


def _previous_label(conn: Connection, document_id: int, before_key: str) -> str | None:
    """The document's version in effect just before the release with sort key ``before_key``."""
    row = conn.execute(
        select(RC.c.change, V.c.label).join(R, R.c.id == RC.c.release_id)
        .outerjoin(V, V.c.id == RC.c.version_id)
        .where(RC.c.document_id == document_id, R.c.sort_key < before_key)
        .order_by(R.c.sort_key.desc()).limit(1)).first()
    return None if row is None or row.change == "removed" else row.label


def _log_release(conn: Connection, release: str | None, on: dt.date | None) -> Any:
    """The row (sec_version, effective, sort_key) of the release a Document Log is taken after:
    ``release``, else the latest published on date ``on``, else the latest published; None when
    neither is named and none is published. NotFound for an absent release or a date before the first."""
    query = select(R.c.sec_version, R.c.effective, R.c.sort_key)
    if release is not None:
        row = conn.execute(query.where(R.c.sec_version == bare_version(release))).first()
        if row is None:
            raise NotFound(f"v{bare_version(release)}", "no such release in the store")
        return row
    query = query.where(R.c.status == "published")
    if on is not None:
        query = query.where(R.c.effective <= on).order_by(R.c.effective.desc())
    row = conn.execute(query.order_by(R.c.sort_key.desc()).limit(1)).first()
    if row is None and on is not None:
        raise NotFound(on.isoformat(), "no published release was in effect on that date")
    return row


def _log(conn: Connection, key: str) -> list[LogEntry]:
    """The Document Log after the release with sort key ``key``."""
    last = (select(RC.c.document_id, func.max(R.c.sort_key).label("key"))
            .join(R, R.c.id == RC.c.release_id).where(R.c.sort_key <= key)
            .group_by(RC.c.document_id).subquery())
    query = (select(D.c.slug, D.c.kind, D.c.letter, V.c.label, V.c.sha256, V.c.title, RC.c.change,
                    R.c.sec_version, R.c.effective)
             .select_from(last)
             .join(R, R.c.sort_key == last.c.key)
             .join(RC, and_(RC.c.release_id == R.c.id, RC.c.document_id == last.c.document_id))
             .join(D, D.c.id == RC.c.document_id)
             .outerjoin(V, V.c.id == RC.c.version_id)
             .where(RC.c.change != "removed")
             .order_by(D.c.kind.desc(), func.length(D.c.letter), D.c.letter))
    return [LogEntry(document=r.slug, title=r.title, display_name=display_name(r.kind, r.letter, r.title),
                     version=r.label, release=r.sec_version, effective=r.effective, sha256=r.sha256,
                     change=r.change) for r in conn.execute(query)]


def _version_info(r: Any) -> VersionInfo:
    return VersionInfo(
        document=r.slug, version=r.label, sha256=r.sha256, size=r.size, title=r.title,
        display_name=display_name(r.kind, r.letter, r.title), date=r.doc_date, source_name=r.source_name,
        ingested_by=r.ingested_by, ingested_at=r.ingested_at, release=r.sec_version, effective=r.effective,
    )
