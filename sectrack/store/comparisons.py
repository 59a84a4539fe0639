"""Cached comparisons between stored versions, keyed by both files' SHA-256 and the comparison's
own version (``core.COMPARE_VERSION``): a newer sectrack compares again rather than trust them.
Each is kept with its counts, the serialised ChangeSet and the compact entries history reads."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from sectrack.store import core
from sectrack.store.engine import inserted_id, writing
from sectrack.store.entries import entries, summary_counts
from sectrack.store.schema import comparison_entries as E
from sectrack.store.schema import comparisons as C
from sectrack.store.schema import documents as D
from sectrack.store.schema import versions as V

if TYPE_CHECKING:
    from sectrack.compare.changes import ChangeSet
    from sectrack.model import Document
    from sectrack.store.store import Store


@dataclass(frozen=True)
class Computed:
    """A comparison made, ready to be stored."""

    old_sha256: str
    new_sha256: str
    counts: dict[str, int]
    changeset: bytes
    rows: list[dict[str, object]]


def compute(old: Document, new: Document, old_sha256: str, new_sha256: str) -> tuple[ChangeSet, Computed]:
    """Compare two versions and prepare the cache rows."""
    cs = core.compare(old, new)
    rows = [vars(e) for e in entries(cs)]
    return cs, Computed(old_sha256, new_sha256, summary_counts(cs), core.pack(core.dumps_changeset(cs)), rows)


def cached_id(conn: Connection, old_sha256: str, new_sha256: str) -> int | None:
    """The id of the cached comparison of two files by this sectrack, or None."""
    return conn.execute(select(C.c.id).where(
        C.c.old_sha256 == old_sha256, C.c.new_sha256 == new_sha256,
        C.c.compare_version == core.COMPARE_VERSION)).scalar()


def save(conn: Connection, made: Computed) -> int:
    """Store a comparison inside the caller's write transaction (kept if already there)."""
    found = cached_id(conn, made.old_sha256, made.new_sha256)
    if found is not None:
        return found
    cid = inserted_id(conn.execute(C.insert().values(
        old_sha256=made.old_sha256, new_sha256=made.new_sha256, compare_version=core.COMPARE_VERSION,
        summary=json.dumps(made.counts, sort_keys=True), changeset=made.changeset,
        created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
    )))
    if made.rows:
        conn.execute(E.insert(), [{"comparison_id": cid, "position": k, **row} for k, row in enumerate(made.rows)])
    return int(cid)


def ensure(store: Store, slug: str, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The cached comparison id of each (old label, new label) pair of a document's versions,
    comparing and storing those not cached yet (one write transaction for all of them)."""
    with store.engine.connect() as conn:
        shas = dict(conn.execute(select(V.c.label, V.c.sha256).join(D, D.c.id == V.c.document_id)
                                 .where(D.c.slug == slug)).all())
        ids = {pair: cached_id(conn, shas[pair[0]], shas[pair[1]]) for pair in pairs}
    missing = [pair for pair, cid in ids.items() if cid is None]
    if missing:
        made = [compute(store.document(slug, o, package=False), store.document(slug, n, package=False), shas[o], shas[n])[1]
                for o, n in missing]
        with writing(store.engine, store.where) as conn:
            for pair, m in zip(missing, made):
                ids[pair] = save(conn, m)
    return {pair: int(cid) for pair, cid in ids.items() if cid is not None}


def changeset(store: Store, slug: str, old_version: str, new_version: str) -> ChangeSet:
    """The ChangeSet of two stored versions: the cached comparison given back with both packages,
    or compared now (and cached) when there is none."""
    old, new = store.version(slug, old_version), store.version(slug, new_version)
    with store.engine.connect() as conn:
        stored = conn.execute(select(C.c.changeset).where(
            C.c.old_sha256 == old.sha256, C.c.new_sha256 == new.sha256,
            C.c.compare_version == core.COMPARE_VERSION)).scalar()
    if stored:
        return core.loads_changeset(core.unpack(stored), store.package(slug, old.version),
                                    store.package(slug, new.version))
    cs, made = compute(store.document(slug, old.version), store.document(slug, new.version), old.sha256, new.sha256)
    with writing(store.engine, store.where) as conn:
        save(conn, made)
    return cs
