"""Redlines from the store: a stored version named ``DOC@VERSION`` (``appendix-am@16.0``) or
``DOC@vSEC`` (the version in effect at an SEC release, ``appendix-am@v53.0``), and the redlines of
every document a span of releases changed, with an index page."""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sectrack.store.errors import StoreError
from sectrack.store.records import Release, VersionInfo, bare_version, version_key

if TYPE_CHECKING:
    from sectrack.compare.changes import ChangeSet
    from sectrack.model import Document
    from sectrack.store.store import Store

STORED = re.compile(r"^(?P<slug>[a-z0-9][a-z0-9-]*)@(?P<version>v?\d+(\.\d+)*)$")


def stored_name(arg: str) -> tuple[str, str] | None:
    """(slug, version) when ``arg`` names a stored version rather than a file, else None."""
    m = STORED.match(arg)
    if m is None or Path(arg).exists():
        return None
    return m.group("slug"), m.group("version")


def stored_document(store: Store, arg: str, view: str = "accepted") -> Document:
    """The stored version ``arg`` names (``DOC@VERSION`` or ``DOC@vSEC``) as a Document."""
    import sectrack

    name = stored_name(arg)
    if name is None:
        raise StoreError(arg, "not a stored version (DOC@VERSION or DOC@vSEC)")
    slug, version = name
    info = store.version(slug, version)
    if view == "accepted":
        return dataclasses.replace(store.document(slug, info.version), source=f"{slug}@{info.version}")
    return sectrack.read(store.package(slug, info.version), view=view, name=f"{slug}@{info.version}")


@dataclass(frozen=True)
class DocumentRedline:
    """One document's redline across a span of releases, and the files written for it."""

    document: str
    display_name: str
    change: str  # "amended", "new" or "removed" across the span
    old_version: str | None
    new_version: str | None
    summary: str
    files: tuple[str, ...]


def changed_documents(store: Store, old: Release, new: Release) -> list[tuple[str, VersionInfo | None, VersionInfo | None]]:
    """Each document whose version in effect differs between two releases: (slug, old, new)."""
    before, after = store.in_effect(old.sec_version), store.in_effect(new.sec_version)
    out = []
    for slug in [*after, *(s for s in before if s not in after)]:
        a, b = before.get(slug), after.get(slug)
        if a is None or b is None or a.sha256 != b.sha256:
            out.append((slug, a, b))
    return out


def _empty(doc: Document, date: str) -> Document:
    """The other side of a new or removed document: nothing in its body, the same package."""
    return dataclasses.replace(doc, blocks=(), version="", date=date, messages=())


def span_changeset(store: Store, slug: str, a: VersionInfo | None, b: VersionInfo | None, date: str) -> ChangeSet:
    """The comparison of a document across a span: wholly inserted when new, wholly deleted when removed."""
    import sectrack

    if a is not None and b is not None:
        return store.changeset(slug, a.version, b.version)
    if b is not None:
        new = store.document(slug, b.version)
        return sectrack.compare(_empty(new, date), new)
    assert a is not None
    old = store.document(slug, a.version)
    return sectrack.compare(old, _empty(old, date))


def release_span(store: Store, old: str, new: str) -> tuple[Release, Release]:
    """The two releases of a span, oldest first; an error when they are the same or reversed."""
    a, b = store.release(old), store.release(new)
    if version_key(a.sec_version) >= version_key(b.sec_version):
        raise StoreError(f"v{bare_version(new)}", f"comes before or is v{a.sec_version}: give the older release first")
    return a, b


def file_stem(slug: str, a: VersionInfo | None, b: VersionInfo | None) -> str:
    if a is not None and b is not None:
        return f"{slug}-v{a.version}-to-v{b.version}"
    if b is not None:
        return f"{slug}-v{b.version}-new"
    assert a is not None, "a redline has at least one version"
    return f"{slug}-v{a.version}-removed"


def write_release_redlines(store: Store, old: str, new: str, folder: str | Path, *, author: str = "sectrack",
                           templates: str | None = None) -> tuple[Release, Release, list[DocumentRedline]]:
    """Write the HTML and .docx redline of every document that changed between two releases into
    ``folder`` (made if missing), with ``index.html`` listing them; each file written atomically."""
    import sectrack
    from sectrack.redline import write_atomically
    from sectrack.render.templating import render as render_template
    from sectrack.store.entries import summary_line

    a, b = release_span(store, old, new)
    out = Path(folder)
    if not out.is_dir():
        if out.exists() or not (out.parent if str(out.parent) else Path(".")).is_dir():
            raise StoreError(str(out), "not a folder, and one cannot be made here")
        out.mkdir()
    done = []
    for slug, va, vb in changed_documents(store, a, b):
        cs = span_changeset(store, slug, va, vb, b.effective.isoformat())
        stem = file_stem(slug, va, vb)
        options = {"html": sectrack.HtmlOptions(templates=templates),
                   "docx": sectrack.DocxOptions(author=author, date=b.effective.isoformat())}
        for fmt, opts in options.items():
            write_atomically(out / f"{stem}.{fmt}", functools.partial(sectrack.render, cs, fmt, opts))
        change = "amended" if va is not None and vb is not None else ("new" if vb is not None else "removed")
        info = vb or va
        assert info is not None
        done.append(DocumentRedline(slug, info.display_name, change, va.version if va else None,
                                    vb.version if vb else None, summary_line(dict(vars(cs.summary))),
                                    (f"{stem}.html", f"{stem}.docx")))
    page = render_template("release-redlines.html.j2", templates, old=a, new=b, redlines=done)
    write_atomically(out / "index.html", lambda: page.encode("utf-8"))
    return a, b, done
