"""Writing to the store: versions (ingest), releases (add, publish, drop). The slow work (reading
each .docx, comparing it with the version it replaces) happens before the write transaction; the
transaction then checks every rule against the store as it stands, under the store's write lock,
and writes everything or nothing."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from sectrack.errors import SectrackError
from sectrack.store import PUBLISH_CHECKS, core
from sectrack.store.comparisons import Computed, compute, save
from sectrack.store.engine import inserted_id, writing
from sectrack.store.errors import NotFound, StoreError
from sectrack.store.manifest import Manifest, ManifestDocument, parse
from sectrack.store.records import AddResult, IngestResult, LogEntry, Release, bare_version, version_key
from sectrack.store.schema import documents as D
from sectrack.store.schema import release_changes as RC
from sectrack.store.schema import releases as R
from sectrack.store.schema import versions as V

if TYPE_CHECKING:
    from sectrack.model import Document
    from sectrack.store.store import Store


@dataclass
class Prepared:
    """A version read and serialised, ready to be stored."""

    slug: str
    label: str
    sha256: str
    data: bytes
    doc: Document
    model: bytes
    name: str
    messages: tuple[str, ...]


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def prepare(data: bytes, name: str, slug: str | None, label: str | None) -> Prepared:
    """Read ``data`` (a .docx) and check it against the slug and label it is stored under."""
    doc = core.read(data, name)
    slug = slug or doc.slug
    label = label or doc.version
    if not slug:
        raise StoreError(name, "the document is not recognised as an SEC Section or Appendix: give its slug (--doc)")
    if not label:
        raise StoreError(name, "the file does not say its version: give it (--version)")
    if doc.slug and doc.slug != slug:
        raise StoreError(name, f"the file is {doc.display_name} ({doc.slug}), not {slug}")
    messages = [f"warning: {m}" for m in doc.messages]
    if doc.version and doc.version != label:
        messages.append(f"warning: the file says version {doc.version}; stored as {label}")
    sha = hashlib.sha256(data).hexdigest()
    return Prepared(slug, label, sha, data, doc, core.pack(core.dumps(doc)), name, tuple(messages))


def clause_refs(doc: Document) -> list[str]:
    """The references of the clauses a version holds, in order (numbered body paragraphs)."""
    return [b.ref for b in doc.blocks if getattr(b, "numbered", False) and b.ref]


def _kind_letter(slug: str, doc: Document) -> tuple[str, str]:
    if doc.kind and doc.letter:
        return doc.kind, doc.letter
    kind, _, letter = slug.partition("-")
    return (kind, letter.upper()) if kind in ("section", "appendix") else ("", "")


def put_version(conn: Connection, p: Prepared) -> tuple[int, bool]:
    """Store a prepared version in the caller's transaction: (its id, whether it is new)."""
    doc_id = conn.execute(select(D.c.id).where(D.c.slug == p.slug)).scalar()
    if doc_id is None:
        kind, letter = _kind_letter(p.slug, p.doc)
        doc_id = inserted_id(conn.execute(D.insert().values(slug=p.slug, kind=kind, letter=letter, title=p.doc.title)))
    found = conn.execute(select(V.c.id, V.c.sha256).where(V.c.document_id == doc_id, V.c.label == p.label)).first()
    if found is not None:
        if found.sha256 != p.sha256:
            raise StoreError(p.name, f"{p.slug}@{p.label} is stored already with other content "
                             f"(stored sha256 {found.sha256}, this file {p.sha256}); versions never change")
        return found.id, False
    newest = conn.execute(select(V.c.label_key).where(V.c.document_id == doc_id)
                          .order_by(V.c.label_key.desc()).limit(1)).scalar()
    if p.doc.title and (newest is None or version_key(p.label) > newest):
        conn.execute(D.update().where(D.c.id == doc_id).values(title=p.doc.title))
    vid = inserted_id(conn.execute(V.insert().values(
        document_id=doc_id, label=p.label, label_key=version_key(p.label), sha256=p.sha256, size=len(p.data),
        package=p.data, model=p.model, model_format=core.MODEL_FORMAT, title=p.doc.title,
        doc_date=p.doc.date or "", clauses="\n".join(clause_refs(p.doc)),
        terms="\n".join(d.term for d in p.doc.definitions), source_name=Path(p.name).name, ingested_by=_user(), ingested_at=_now(),
    )))
    return int(vid), True


def _load(source: str | Path | bytes, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, name or "<bytes>"
    try:
        return Path(source).read_bytes(), name or str(source)
    except OSError as exc:
        raise StoreError(name or str(source), f"cannot read the file ({exc.strerror})") from None


def ingest(store: Store, source: str | Path | bytes, slug: str | None, label: str | None,
           *, name: str | None = None) -> IngestResult:
    """Store one version (see ``Store.ingest``)."""
    data, name = _load(source, name)
    p = prepare(data, name, slug, label)
    with writing(store.engine, name) as conn:
        _vid, created = put_version(conn, p)
    messages = p.messages if created else (*p.messages, f"{p.slug}@{p.label} is in the store already with these bytes: nothing to do")
    return IngestResult(p.slug, p.label, p.sha256, created, tuple(messages))


# -- releases ----------------------------------------------------------------------------------


def add_release(store: Store, manifest: Manifest | str | Path, *, draft: bool = False) -> AddResult:
    """Add a release with all its documents in one transaction (see ``Store.add_release``)."""
    m = manifest if isinstance(manifest, Manifest) else parse(manifest)
    prepared = {d.slug: _prepare_entry(m, d) for d in m.documents if d.change != "removed"}
    comparisons = _compare_ahead(store, m, prepared)
    status = "draft" if draft else "published"
    with writing(store.engine, m.path) as conn:
        existing = conn.execute(select(R).where(R.c.sec_version == m.sec_version)).first()
        fingerprint = _fingerprint(m, prepared)
        if existing is not None and existing.status == "published":
            if existing.fingerprint == fingerprint:
                return AddResult(m.sec_version, "published", "unchanged", 0,
                                 (f"release {m.sec_version} is in the store already, as this manifest says: nothing to do",))
            raise StoreError(_at(m, "sec_version"), f"release {m.sec_version} is published and cannot be altered "
                             "(the store holds it with other content)")
        prev = _check_place(conn, m, existing, draft)
        state = _state(conn, prev.sort_key) if prev is not None else {}
        for d in m.documents:
            _check_entry(m, d, state, prepared.get(d.slug), prev.sec_version if prev is not None else None)
        added = 0
        version_ids: dict[str, int | None] = {}
        for slug, p in prepared.items():
            version_ids[slug], created = put_version(conn, p)
            added += created
        release_id = _write_release(conn, m, existing, status, fingerprint)
        for k, d in enumerate(m.documents):
            doc_id = conn.execute(select(D.c.id).where(D.c.slug == d.slug)).scalar()
            if doc_id is None:
                raise NotFound(_at(m, d.slug), f"{d.slug} is not in the store")
            conn.execute(RC.insert().values(release_id=release_id, document_id=doc_id,
                                            version_id=version_ids.get(d.slug), change=d.change,
                                            position=k, summary=d.summary))
        for made in comparisons:
            save(conn, made)
    outcome = "replaced" if existing is not None else "added"
    messages = tuple(msg for p in prepared.values() for msg in p.messages)
    return AddResult(m.sec_version, status, outcome, added, messages)


def _at(m: Manifest, field: str) -> str:
    line = m.lines.get(field) or m.line_of(field)
    return f"{m.path}: line {line}"


def _prepare_entry(m: Manifest, d: ManifestDocument) -> Prepared:
    assert d.file is not None and d.version is not None
    try:
        data = d.file.read_bytes()
    except OSError as exc:
        raise StoreError(f"{m.path}: line {d.line}", f"documents: {d.file}: cannot read the file ({exc.strerror})") from None
    return prepare(data, str(d.file), d.slug, d.version)


def _compare_ahead(store: Store, m: Manifest, prepared: dict[str, Prepared]) -> list[Computed]:
    """Comparisons of each changed document with the version in effect before, made before the
    transaction (the store may move meanwhile: they are only a cache)."""
    if m.baseline:
        return []
    with store.engine.connect() as conn:
        prev = conn.execute(select(R.c.sort_key).where(R.c.sort_key < version_key(m.sec_version))
                            .order_by(R.c.sort_key.desc()).limit(1)).scalar()
        state = _state(conn, prev) if prev is not None else {}
    out = []
    for slug, p in prepared.items():
        before = state.get(slug)
        if before is not None and before.sha256 != p.sha256:
            try:
                old = store.document(slug, before.version, package=False)
            except SectrackError:
                continue
            out.append(compute(old, p.doc, before.sha256, p.sha256)[1])
    return out


def _state(conn: Connection, key: str) -> dict[str, LogEntry]:
    from sectrack.store.store import _log

    return {e.document: e for e in _log(conn, key)}


def _check_place(conn: Connection, m: Manifest, existing: Any, draft: bool) -> Any:
    """The release this one follows, after checking that it may be added there."""
    key = version_key(m.sec_version)
    later = conn.execute(select(R.c.sec_version).where(R.c.sort_key > key).order_by(R.c.sort_key.desc()).limit(1)).scalar()
    if later is not None:
        raise StoreError(_at(m, "sec_version"), f"release {m.sec_version} comes before {later}, the latest in the store: "
                         "releases are added in order")
    prev = conn.execute(select(R).where(R.c.sort_key < key).order_by(R.c.sort_key.desc()).limit(1)).first()
    if prev is None:
        return None
    if m.baseline:
        raise StoreError(_at(m, "baseline"), f"baseline: only the first release of a store is a baseline "
                         f"({prev.sec_version} is in the store already)")
    if m.effective < prev.effective:
        raise StoreError(_at(m, "effective"), f"effective: {m.effective} is before {prev.effective}, when "
                         f"{prev.sec_version} (the release it follows) came into effect")
    if not draft and prev.status == "draft":
        raise StoreError(_at(m, "sec_version"), f"release {m.sec_version} would follow the draft {prev.sec_version}: "
                         "publish or drop that first, or add this one as a draft (--draft)")
    return prev


def _check_entry(m: Manifest, d: ManifestDocument, state: dict[str, LogEntry], p: Prepared | None,
                 prev: str | None) -> None:
    """One document of the release against the version of it in effect before."""
    where = f"{m.path}: line {d.line}"
    before = state.get(d.slug)
    at = f"at {prev}" if prev else "before this release"
    if d.change == "new" and before is not None:
        raise StoreError(where, f"{d.slug}: change new, but version {before.version} is in effect {at}")
    if d.change in ("amended", "re-designated", "removed") and before is None:
        raise StoreError(where, f"{d.slug}: change {d.change}, but the document is not in effect {at}")
    if d.change in ("amended", "re-designated") and before is not None and p is not None:
        if version_key(p.label) <= version_key(before.version):
            raise StoreError(where, f"{d.slug}: version {p.label} does not come after {before.version}, "
                             f"the version in effect {at}")


def _fingerprint(m: Manifest, prepared: dict[str, Prepared]) -> str:
    content = {
        "sec_version": m.sec_version, "effective": m.effective.isoformat(), "title": m.title,
        "summary": m.summary, "references": list(m.references), "baseline": m.baseline,
        "illustrative": m.illustrative,
        "documents": [[d.slug, d.change, d.version, prepared[d.slug].sha256 if d.slug in prepared else None,
                       d.summary] for d in m.documents],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _write_release(conn: Connection, m: Manifest, existing: Any, status: str, fingerprint: str) -> int:
    values = dict(
        sec_version=m.sec_version, sort_key=version_key(m.sec_version), effective=m.effective, title=m.title,
        summary=m.summary, refs=json.dumps(list(m.references)), status=status, baseline=m.baseline,
        illustrative=m.illustrative, fingerprint=fingerprint, added_by=_user(), added_at=_now(),
        published_at=_now() if status == "published" else None,
    )
    if existing is None:
        return inserted_id(conn.execute(R.insert().values(**values)))
    conn.execute(RC.delete().where(RC.c.release_id == existing.id))
    conn.execute(R.update().where(R.c.id == existing.id).values(**values))
    return int(existing.id)


def _draft(conn: Connection, sec_version: str, verb: str) -> Any:
    v = bare_version(sec_version)
    row = conn.execute(select(R).where(R.c.sec_version == v)).first()
    if row is None:
        raise NotFound(f"v{v}", "no such release in the store")
    if row.status != "draft":
        raise StoreError(f"v{v}", f"the release is published and cannot be {verb}")
    return row


def publish(store: Store, sec_version: str, *, force: bool = False) -> Release:
    """Publish a draft release (see ``Store.publish``); PUBLISH_CHECKS run first unless ``force``."""
    release = store.release(sec_version)
    if release.status == "draft" and not force:
        problems = [p for check in PUBLISH_CHECKS for p in check(store, release)]
        if problems:
            raise StoreError(f"v{release.sec_version}", f"not published: {problems[0]}"
                             + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "") + "; --force publishes anyway")
    with writing(store.engine, f"v{release.sec_version}") as conn:
        row = _draft(conn, sec_version, "published again")
        earlier = conn.execute(select(R.c.sec_version).where(R.c.sort_key < row.sort_key, R.c.status == "draft")
                               .order_by(R.c.sort_key).limit(1)).scalar()
        if earlier is not None:
            raise StoreError(f"v{row.sec_version}", f"the draft {earlier} comes before it: publish that first")
        conn.execute(R.update().where(R.c.id == row.id).values(status="published", published_at=_now()))
    return store.release(sec_version)


def drop(store: Store, sec_version: str) -> None:
    """Drop a draft release and its document changes (the versions stay stored)."""
    with writing(store.engine, f"v{bare_version(sec_version)}") as conn:
        row = _draft(conn, sec_version, "dropped")
        conn.execute(RC.delete().where(RC.c.release_id == row.id))
        conn.execute(R.delete().where(R.c.id == row.id))
