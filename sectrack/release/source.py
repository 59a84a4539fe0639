"""Where release notes and the published site get their facts: releases, the Document Log after each
release, documents and cached comparisons. ``ManifestSource`` reads release manifests (the corpus'
``releases/*.yaml`` format) and their .docx files; the version store offers the same questions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sectrack.compare.changes import ChangeSet
from sectrack.errors import SectrackError
from sectrack.model import Document


@dataclass(frozen=True)
class ListedDocument:
    """A document as a release's manifest lists it: the version it brings in and how."""

    slug: str
    version: str
    change: str = ""  # new | amended | re-designated | removed ("" in a baseline)
    summary: str = ""


@dataclass(frozen=True)
class ReleaseInfo:
    """One SEC release: its number, date and narrative, as its manifest gives them."""

    sec_version: str
    effective: str  # ISO date
    title: str
    summary: str = ""
    references: tuple[dict[str, str], ...] = ()
    documents: tuple[ListedDocument, ...] = ()
    status: str = "published"
    baseline: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class LogRow:
    """One line of the Document Log: a document and the version of it in effect."""

    document: str  # slug
    title: str  # display name
    version: str
    release: str  # the SEC version that brought this document version in
    effective: str  # ISO date of that release
    sha256: str = ""


class Source(Protocol):
    """What release notes and the site ask of a store of versions."""

    def releases(self) -> list[ReleaseInfo]: ...
    def log(self, sec_version: str) -> list[LogRow]: ...
    def document(self, slug: str, version: str) -> Document: ...
    def package(self, slug: str, version: str) -> bytes: ...
    def changeset(self, slug: str, old: str, new: str) -> ChangeSet: ...


def version_key(label: str) -> tuple[int, ...]:
    """Sort key of a version label such as ``54.0`` or ``v16.0``."""
    try:
        return tuple(int(p) for p in label.lstrip("vV").split("."))
    except ValueError:
        return (1 << 30,)


def previous(releases: list[ReleaseInfo], sec_version: str) -> ReleaseInfo | None:
    """The release before ``sec_version`` in ``releases`` (None for the first)."""
    names = [r.sec_version for r in releases]
    if sec_version not in names:
        raise SectrackError(f"v{sec_version}", "no such release")
    k = names.index(sec_version)
    return releases[k - 1] if k else None


class ManifestSource:
    """Releases from manifest files (YAML), documents read from the .docx files they name."""

    def __init__(self, manifests: list[Path]) -> None:
        import yaml

        self._files: dict[tuple[str, str], Path] = {}
        infos = []
        for path in manifests:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            infos.append(self._info(path, data))
        self._releases = sorted(infos, key=lambda r: version_key(r.sec_version))
        self._docs: dict[tuple[str, str], Document] = {}
        self._changes: dict[tuple[str, str, str], ChangeSet] = {}
        self._logs: dict[str, list[LogRow]] = {}

    @classmethod
    def from_folder(cls, folder: str | Path) -> ManifestSource:
        """Every ``*.yaml`` manifest in ``folder``."""
        files = sorted(Path(folder).glob("*.yaml"))
        if not files:
            raise SectrackError(str(folder), "no release manifests (*.yaml) here")
        return cls(files)

    def _info(self, path: Path, data: dict[str, Any]) -> ReleaseInfo:
        listed = []
        for d in data.get("documents") or ():
            listed.append(ListedDocument(d["slug"], str(d["version"]), d.get("change", ""), d.get("summary", "")))
            if d.get("file"):
                self._files[(d["slug"], str(d["version"]))] = (path.parent / d["file"]).resolve()
        effective = data["effective"]
        known = {"sec_version", "effective", "title", "summary", "references", "documents", "baseline"}
        return ReleaseInfo(
            sec_version=str(data["sec_version"]),
            effective=effective.isoformat() if isinstance(effective, dt.date) else str(effective),
            title=data.get("title", ""), summary=data.get("summary", "") or "",
            references=tuple(data.get("references") or ()), documents=tuple(listed),
            baseline=bool(data.get("baseline")), extra={k: v for k, v in data.items() if k not in known})

    def releases(self) -> list[ReleaseInfo]:
        return list(self._releases)

    def log(self, sec_version: str) -> list[LogRow]:
        if sec_version not in self._logs:
            before = previous(self._releases, sec_version)
            rows = {r.document: r for r in (self.log(before.sec_version) if before else [])}
            info = next(r for r in self._releases if r.sec_version == sec_version)
            for d in info.documents:
                if d.change == "removed":
                    rows.pop(d.slug, None)
                else:
                    title = self.document(d.slug, d.version).display_name
                    rows[d.slug] = LogRow(d.slug, title, d.version, info.sec_version, info.effective)
            self._logs[sec_version] = sorted(rows.values(), key=lambda r: _log_order(r.document))
        return list(self._logs[sec_version])

    def package(self, slug: str, version: str) -> bytes:
        path = self._files.get((slug, version))
        if path is None:
            raise SectrackError(f"{slug}@{version}", "no such document version")
        return path.read_bytes()

    def document(self, slug: str, version: str) -> Document:
        key = (slug, version)
        if key not in self._docs:
            from sectrack.docx import read

            self.package(slug, version)  # a clear error for an unknown version
            self._docs[key] = read(self._files[key])
        return self._docs[key]

    def changeset(self, slug: str, old: str, new: str) -> ChangeSet:
        key = (slug, old, new)
        if key not in self._changes:
            from sectrack.compare import compare

            self._changes[key] = compare(self.document(slug, old), self.document(slug, new))
        return self._changes[key]


def _log_order(slug: str) -> tuple[int, int, str]:
    """Document Log order: Sections, then Appendices, by letter (A … Z, AA … AZ)."""
    kind, _, letter = slug.partition("-")
    return (0 if kind == "section" else 1 if kind == "appendix" else 2, len(letter), letter)
