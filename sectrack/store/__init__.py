"""The version store: every version of every SEC document, every release, and the answers built
on them (the Document Log, a document's, a clause's and a defined term's history).

A store is an SQLite file (default ``sectrack.db`` in the working directory) or a PostgreSQL
database (``postgresql+psycopg://user:password@host/db``) shared by a team. Its schema is made and
changed by Alembic migrations shipped with sectrack (``Store.upgrade``; ``sectrack store upgrade``);
a store made by another sectrack is refused with an error saying what to do, never misread.

Python API (everything returns plain frozen dataclasses from ``sectrack.store.records``, each with
``to_dict()`` for JSON; errors are ``StoreError`` subclasses, one line each)::

    from sectrack.store import Store
    st = Store.open(url=None)                 # url, else $SECTRACK_STORE, else sqlite:///sectrack.db
    st = Store.open(url, create=True)         # make the store (schema included) when there is none
    st.add_release("corpus/releases/v54.0.yaml", draft=False)   # -> AddResult; one transaction
    st.publish("54.0", force=False) / st.drop("54.0")           # drafts only; PUBLISH_CHECKS run first
    st.ingest("file.docx", "appendix-am", "16.0")               # -> IngestResult (path or bytes)

    st.releases()                 # -> [Release], in order; each with .changes
    st.release("54.0")            # -> Release ("v54.0" also accepted); NotFound if absent
    st.latest()                   # -> the latest published Release, or None
    st.release_on(date)           # -> the latest published release in effect on a date
    st.log(release=None, on=None) # -> [LogEntry] (document, title, display_name, version, release,
                                  #    effective, sha256, change): the Document Log
    st.document_log(release=None, on=None)  # -> DocumentLog (release, effective, on, entries), or
                                  #    None when no release is published: the log and what it is after
    st.in_effect(release=None, on=None)   # -> {slug: VersionInfo}
    st.documents()                # -> [{document, kind, letter, title, display_name}]
    st.versions(slug)             # -> [VersionInfo] oldest first (version, sha256, size, title,
                                  #    display_name, date, release and effective that brought it in)
    st.version(slug, "16.0")      # -> VersionInfo; "v54.0" names the version in effect at v54.0
    st.document(slug, "16.0")     # -> sectrack.model.Document (from the stored model, with its
                                  #    .docx bytes; package=False: without them, not read at all)
    st.package(slug, "16.0")      # -> bytes of the original .docx
    st.model(slug, "16.0")        # -> the stored model's JSON (UTF-8 bytes), or None if stored
                                  #    in another format (then ``document`` reads the package)
    st.changeset(slug, "15.0", "16.0")    # -> ChangeSet
    st.history(slug)              # -> [DocumentEvent]: each version, its release, a count of changes
    st.clause_history(slug, "2.5", at=None)   # -> [HistoryEvent] (version, release, effective, event,
                                              #    ref, old_ref, deleted_words, inserted_words)
    st.term_history("Key Rotation")           # -> [HistoryEvent] with ``term`` instead of refs

Release.changes are ReleaseChange(document, change, version, previous, display_name, sha256,
summary), ``change`` one of ``baseline``, ``new``, ``amended``, ``re-designated``, ``removed``.
Versions are immutable; a published release cannot be altered; a draft can be replaced (add the
same SEC version again) or dropped. Answering log and history reads no .docx: comparisons are
cached (keyed by both files' SHA-256 and the comparison's own version) with compact entries.
"""

from __future__ import annotations

from collections.abc import Callable

from sectrack.store.errors import NotFound, StoreBusy, StoreError
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
)


def _consistency(store: Store, release: Release) -> list[str]:
    """The errors the release's delta introduces (``sectrack.check``: missing clauses and documents)."""
    from sectrack.check import publish_problems

    return publish_problems(store, release)


#: Checks run before a release is published: each takes (store, release) and returns problems;
#: ``Store.publish`` refuses a release with problems unless forced.
PUBLISH_CHECKS: list[Callable[[Store, Release], list[str]]] = [_consistency]

from sectrack.store.store import Store  # noqa: E402  (after PUBLISH_CHECKS, which writes.py imports)

__all__ = [
    "Store", "StoreError", "StoreBusy", "NotFound", "PUBLISH_CHECKS", "Release", "ReleaseChange", "LogEntry",
    "VersionInfo", "DocumentEvent", "DocumentLog", "HistoryEvent", "IngestResult", "AddResult",
]
