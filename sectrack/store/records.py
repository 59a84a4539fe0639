"""What the store answers with: plain frozen dataclasses, each with ``to_dict`` for JSON output."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


def display_name(kind: str, letter: str, title: str) -> str:
    """``SEC Appendix AM 'SMETS1 Supporting Requirements'`` (as ``Document.display_name``)."""
    if not kind:
        return title
    head = f"SEC {kind.capitalize()} {letter}"
    return f"{head} '{title}'" if title else head


def version_key(label: str) -> str:
    """A key that sorts version labels as numbers: "1.10" after "1.9", "54.0" after "9.0"."""
    return ".".join(part.zfill(6) if part.isdigit() else part for part in label.split("."))


def bare_version(name: str) -> str:
    """An SEC version as given on the command line ("v54.0" or "54.0") without its "v"."""
    return name[1:] if name[:1] in "vV" and name[1:2].isdigit() else name


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class _Dict:
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: dates as ISO text."""
        return _plain(asdict(self))  # type: ignore[call-overload]  # a dataclass mixin: mypy cannot see self is one


@dataclass(frozen=True)
class ReleaseChange(_Dict):
    """One document a release changes: how, the version it brings in and the one it replaces."""

    document: str  # slug
    change: str  # baseline, new, amended, re-designated, removed
    version: str | None  # None when removed
    previous: str | None  # the version in effect before (None when new or in a baseline)
    display_name: str
    sha256: str | None
    summary: str


@dataclass(frozen=True)
class Release(_Dict):
    """One SEC release: its version, date, prose, status and the document changes it brings."""

    sec_version: str
    effective: dt.date
    title: str
    summary: str
    references: tuple[dict[str, str], ...]
    status: str  # "draft" or "published"
    baseline: bool
    illustrative: bool
    added_by: str
    added_at: dt.datetime
    published_at: dt.datetime | None
    changes: tuple[ReleaseChange, ...] = field(default=())


@dataclass(frozen=True)
class VersionInfo(_Dict):
    """One stored version of a document (without its bytes or model)."""

    document: str
    version: str
    sha256: str
    size: int
    title: str
    display_name: str
    date: str  # the file's own date (ISO), "" when it has none
    source_name: str
    ingested_by: str
    ingested_at: dt.datetime
    release: str | None  # the SEC version that first brought it into effect (None: in no release)
    effective: dt.date | None


@dataclass(frozen=True)
class LogEntry(_Dict):
    """One line of the Document Log: a document and the version of it in effect."""

    document: str
    title: str
    display_name: str
    version: str
    release: str  # the SEC version that brought this version in
    effective: dt.date
    sha256: str
    change: str  # how that release brought it in


@dataclass(frozen=True)
class DocumentLog(_Dict):
    """The Document Log after one release (or on a date): that release and every document in effect."""

    release: str  # the SEC version the log is taken after
    effective: dt.date
    on: dt.date | None  # the date asked for, if any
    entries: tuple[LogEntry, ...]


@dataclass(frozen=True)
class DocumentEvent(_Dict):
    """One version in a document's history, with the release that brought it in."""

    document: str
    version: str
    release: str
    effective: dt.date
    change: str
    previous: str | None
    changes: str  # one-line count of changes against ``previous``
    counts: dict[str, int] | None = None


@dataclass(frozen=True)
class HistoryEvent(_Dict):
    """One event in the life of a clause or a defined term."""

    document: str
    version: str
    release: str | None
    effective: dt.date | None
    event: str  # inserted, amended, moved, renumbered, deleted (terms: added, amended, removed)
    ref: str | None  # the clause reference in this version (None once deleted)
    old_ref: str | None  # in the version before (None when inserted)
    previous: str | None  # the version before
    deleted_words: str = ""
    inserted_words: str = ""
    term: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Clause events carry ``ref``/``old_ref``; term events ``term`` instead."""
        out = super().to_dict()
        if self.term is not None:
            out.pop("ref")
            out.pop("old_ref")
        else:
            out.pop("term")
        return out


@dataclass(frozen=True)
class IngestResult(_Dict):
    """What ``ingest`` did: stored a new version, or found the same bytes already there."""

    document: str
    version: str
    sha256: str
    created: bool
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class AddResult(_Dict):
    """What ``add_release`` did."""

    sec_version: str
    status: str
    outcome: str  # "added", "replaced" (a draft edited) or "unchanged" (already there)
    versions_added: int
    messages: tuple[str, ...] = ()
