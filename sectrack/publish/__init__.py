"""``publish``: the store (every published release) as a static site that works offline.

``publish(source, "site/")`` writes the pages listed in ``sectrack.publish.pages`` (their addresses
never change meaning), the Document Log of each release as JSON and CSV, an Atom feed, a static search
index and ``manifest.json`` (every file with its SHA-256). Links are relative and nothing is fetched
from elsewhere, so the site works from ``file://``. Publishing the same store twice gives the same
bytes; publishing again after a new release makes only what changed (see ``writer``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sectrack.errors import SectrackError
from sectrack.publish.model import Facts
from sectrack.publish.pages import Pages
from sectrack.publish.parallel import Parallel
from sectrack.publish.writer import Group, Output, SiteWriter
from sectrack.release.source import Source


@dataclass(frozen=True)
class Report:
    """What a publish did, for its one-line summary."""

    pages: int
    redlines: int
    files: int
    written: int
    removed: int
    seconds: float

    def summary(self, folder: str) -> str:
        index = Path(folder) / "index.html"
        return (f"published {folder}: {self.pages} pages, {self.redlines} redlines, {self.files} files in all; "
                f"{self.written} written, {self.removed} removed in {self.seconds:.1f} s; open {index}")


Progress = Callable[[int, int], None]  # (done, total)
BATCH = 6  # heavy outputs per worker in a batch (a redline's PDF and .docx share what is prepared)


def publish(source: Source, folder: str | Path, *, config: dict[str, Any] | None = None,
            templates: str | Path | None = None, jobs: int = 1, progress: Progress | None = None) -> Report:
    """Publish ``source`` into ``folder``; ``jobs`` > 1 makes PDFs and .docx in that many processes."""
    start = time.perf_counter()
    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise SectrackError(str(folder), "not a folder")
    root.mkdir(parents=True, exist_ok=True)
    facts = Facts.gather(source)
    if not facts.releases:
        raise SectrackError(str(folder), "nothing to publish: the store has no published release")
    pages = Pages(facts, config or {}, templates)
    writer = SiteWriter(root)
    todo = []
    for out in _listed(pages, writer):
        if writer.up_to_date(out):
            writer.keep(out)
        else:
            todo.append(out)
    heavy = [o for o in todo if o.prepare is not None]
    light = [o for o in todo if o.prepare is None]
    done = [len(writer.new_state), len(writer.new_state) + len(todo)]

    def write(out: Output, data: bytes) -> None:
        writer.write(out, data)
        done[0] += 1
        if progress is not None:
            progress(*done)

    _make_all(heavy, light, jobs, write)
    _manifest(writer)
    result = writer.finish()
    return Report(pages=sum(1 for p in result.files if p.endswith(".html")),
                  redlines=result.kinds.get("redline", 0), files=len(result.files) + 1,
                  written=len(result.written), removed=len(result.removed),
                  seconds=time.perf_counter() - start)


def _make_all(heavy: list[Output], light: list[Output], jobs: int, write: Callable[[Output, bytes], None]) -> None:
    """Make every output: the heavy ones (PDFs, .docx) a batch at a time in ``jobs`` forked workers,
    which inherit what the batch needs (prepared here just before: comparisons, packages, WeasyPrint),
    while this process prepares the next batch and makes light ones (pages) until the batch is done.
    What a batch needed is dropped once it is made, so memory holds two batches, not the site."""
    batches = _batches(heavy, BATCH * jobs)
    pages = iter(light)
    _prepare(batches[0] if batches else [])
    for k, batch in enumerate(batches):
        with Parallel(batch, jobs) as made:
            _prepare(batches[k + 1] if k + 1 < len(batches) else [])
            while made.busy() and (page := next(pages, None)) is not None:
                write(page, page.make())
            for out, data in made:
                write(out, data)
        for o in batch:
            if o.drop is not None:
                o.drop()
    for o in pages:
        write(o, o.make())


def _batches(heavy: list[Output], size: int) -> list[list[Output]]:
    """The heavy outputs in batches of about ``size``, never parting two that share what is prepared
    (a redline's PDF and .docx), each with its PDFs (the long ones) first."""
    batches: list[list[Output]] = []
    for k, o in enumerate(heavy):
        if not batches or (len(batches[-1]) >= size and o.drop != heavy[k - 1].drop):
            batches.append([])
        batches[-1].append(o)
    return [sorted(b, key=lambda o: not o.path.endswith(".pdf")) for b in batches]


def _prepare(batch: list[Output]) -> None:
    for o in batch:
        if o.prepare is not None:
            o.prepare()


def _listed(pages: Pages, writer: SiteWriter) -> Iterator[Output]:
    """Every output to consider: those of groups that changed, and those not in a group."""
    for item in pages.outputs():
        if isinstance(item, Group):
            if not writer.keep_group(item):
                yield from writer.open_group(item)
        else:
            yield item


def _manifest(writer: SiteWriter) -> None:
    files = [{"path": p, "sha256": sha} for p, sha in sorted(writer.result.files.items())]
    data = (json.dumps({"generator": "sectrack", "files": files}, indent=1) + "\n").encode("utf-8")
    writer.write(Output("manifest.json", lambda: data, kind="file"), data)


__all__ = ["Report", "publish"]
