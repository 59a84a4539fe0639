"""One redline run: read both versions, compare once, write every requested output."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sectrack.compare import compare
from sectrack.compare.changes import ChangeSet
from sectrack.docx import read
from sectrack.errors import SectrackError
from sectrack.model import Document


def redline(
    old: str,
    new: str,
    outputs: tuple[str, ...] | list[str],
    *,
    view: str = "accepted",
    author: str = "sectrack",
    date: str | None = None,
    context: int | None = None,
    templates: str | None = None,
) -> ChangeSet:
    """Compare ``old`` with ``new`` and write each output by its extension; return the ChangeSet."""
    cs = compare(*read_pair(old, new, view))
    opts = {"author": author, "date": date, "context": context, "templates": templates}
    paths = [Path(out) for out in outputs]
    if len(paths) > 1 and _worth_a_process(old, new):
        _write_side_by_side(cs, paths, opts)
    else:
        for path in paths:
            _write(cs, path, **opts)
    return cs


PARALLEL_BYTES = 256 * 1024  # below this, a second process costs more than it saves


def read_pair(old: str, new: str, view: str = "accepted") -> tuple[Document, Document]:
    """Read both versions; large ones side by side in two processes where the machine allows."""
    if not _worth_a_process(old, new):
        return read(old, view), read(new, view)
    with _forked_worker() as pool:
        future = pool.submit(read, old, view)
        new_doc = read(new, view)
        return future.result(), new_doc


def _forked_worker() -> ProcessPoolExecutor:
    """One worker process forked from this one (it inherits what this process holds)."""
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))


def _worth_a_process(*paths: str) -> bool:
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return False
    try:
        return all(os.path.getsize(p) >= PARALLEL_BYTES for p in paths)
    except OSError:
        return False  # let the reader report the missing file


_SHARED: ChangeSet | None = None  # the ChangeSet a forked writer inherits (never pickled)


def _write_side_by_side(cs: ChangeSet, paths: list[Path], opts: dict[str, object]) -> None:
    """The .docx outputs (the slowest) in a forked worker, the others here, at the same time."""
    global _SHARED
    there = [p for p in paths if p.suffix.lower() == ".docx"] or paths[:1]
    here = [p for p in paths if p not in there]
    _SHARED = cs
    try:
        with _forked_worker() as pool:
            futures = [pool.submit(_write_shared, str(p), opts) for p in there]
            for path in here:
                _write(cs, path, **opts)
            for future in futures:
                future.result()
    finally:
        _SHARED = None


def _write_shared(path: str, opts: dict[str, object]) -> None:
    """In a forked worker: write one output of the inherited ChangeSet."""
    assert _SHARED is not None
    _write(_SHARED, Path(path), **opts)


def _write(cs: ChangeSet, out: Path, **opts: object) -> None:
    """Write one output atomically: a temporary file renamed into place, nothing half-written."""
    suffix = out.suffix.lower()
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise SectrackError(str(out), "the output folder does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".sectrack-", suffix=suffix, dir=folder)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        if suffix == ".docx":
            from sectrack.render.docx import render_docx

            render_docx(cs, tmp, author=str(opts["author"]), date=opts["date"])  # type: ignore[arg-type]
        else:
            Path(tmp).write_text(_text_output(cs, suffix, opts), encoding="utf-8")
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _text_output(cs: ChangeSet, suffix: str, opts: dict[str, object]) -> str:
    if suffix == ".html":
        from sectrack.render.html import render_html

        return render_html(cs, context=opts["context"], templates=opts["templates"])  # type: ignore[arg-type]
    if suffix == ".json":
        from sectrack.render.json import render_json

        return render_json(cs)
    from sectrack.render.markdown import render_markdown

    return render_markdown(cs)
