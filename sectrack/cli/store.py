"""Store commands: ``ingest``, ``log``, ``history``, ``load-corpus`` and ``store upgrade``/``info``
(``release …`` is in ``sectrack.cli.release``). Every one takes ``--store URL`` (default:
$SECTRACK_STORE, else ``sectrack.db`` in the working directory)."""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from sectrack.cli import main
from sectrack.cli.common import fail, handle_errors

STORE_OPTION = click.option(
    "--store", "store_url", default=None, metavar="URL",
    help="The store: a file name, sqlite:///FILE or postgresql+psycopg://USER:PASSWORD@HOST/DB "
    "(default: $SECTRACK_STORE, else sectrack.db here).",
)


def open_store(url: str | None, create: bool = False) -> Any:
    """The store named on the command line."""
    from sectrack.store import Store

    return Store.open(url, create=create)


@contextlib.contextmanager
def reading(url: str | None) -> Iterator[Any]:
    """The store, for a command that answers a question from it (history may fill the comparison
    cache on the way). Once the block has closed the store, the objects alive are frozen out of the
    collector, so the interpreter's normal exit does not walk SQLAlchemy's modules again; the
    process still exits normally (a command holding a connection never skips the teardown)."""
    import gc

    with open_store(url) as st:
        yield st
    gc.freeze()


def emit(view: Any, fmt: str, data: Callable[[], Any]) -> None:
    """Print a table view as a rich table, JSON (from ``data()``), CSV, Markdown or HTML."""
    from sectrack.store import tables

    if fmt == "json":
        click.echo(json.dumps(data(), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        click.echo(tables.to_csv(view), nl=False)
    elif fmt == "md":
        click.echo(tables.to_markdown(view), nl=False)
    elif fmt == "html":
        click.echo(tables.to_html(view), nl=False)
    else:
        print_table(view)


def print_table(view: Any) -> None:
    """A table for people, with rich; every cell is plain text (never read as rich markup)."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    natural = [max(map(cell_len, cells)) for cells in zip(view.columns, *view.rows)]
    widths = column_widths(natural, console.width)
    table = Table(title=Text(view.title), title_justify="left", show_lines=False)
    for column, width, need in zip(view.columns, widths, natural):
        table.add_column(Text(column), overflow="fold", width=width, no_wrap=width == need)
    for row in view.rows:
        table.add_row(*map(Text, row))
    console.print(table)


def column_widths(natural: list[int], room: int) -> list[int | None]:
    """Each column's width, from its widest cell (``natural``): all of them when they fit in ``room``,
    else the widest column takes what is left (so rich folds that one, not the dates); None each
    (rich measures every cell) when that would leave it narrower than 12."""
    borders = 3 * len(natural) + 1  # a rule and a space either side of each cell
    if sum(natural) + borders <= room:
        return list(natural)
    widest = natural.index(max(natural))
    left = room - borders - (sum(natural) - natural[widest])
    if left < 12:
        return [None] * len(natural)
    return [left if i == widest else w for i, w in enumerate(natural)]


def print_changes(release: Any) -> None:
    """What a release changed, for people: a table, then each document's summary as a paragraph
    the width of the terminal (a summary in a table column would be a narrow ribbon of words)."""
    import textwrap

    from rich.console import Console

    from sectrack.store import tables

    print_table(tables.changes_table(release, summaries=False))
    width = max(40, Console().width)
    for heading, summary in tables.change_paragraphs(release):
        click.echo("\n" + textwrap.fill(heading, width, break_on_hyphens=False))
        click.echo(textwrap.fill(summary, width, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False))


def echo_messages(messages: Sequence[str], where: str) -> None:
    for message in messages:
        click.echo(f"sectrack: {where}: {message}", err=True)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--doc", "slug", default=None, help="The document's slug (appendix-am); default: from the file.")
@click.option("--version", "label", default=None, help="The document's version (16.0); default: from the file.")
@STORE_OPTION
@handle_errors
def ingest(file: str, slug: str | None, label: str | None, store_url: str | None) -> None:
    """Store one version of a document (a .docx) without adding it to a release."""
    with open_store(store_url, create=True) as st:
        result = st.ingest(file, slug, label)
    echo_messages(result.messages, file)
    if result.created:
        click.echo(f"stored {result.document}@{result.version} (sha256 {result.sha256})")


@main.command("log")
@click.option("--release", "release", default=None, metavar="V", help="After SEC release V (default: the latest published).")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="DATE",
              help="As it stood on DATE (YYYY-MM-DD).")
@click.option("--changes", "changes", default=None, metavar="V", help="What release V changed, against the release before it.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "md", "html"]), default="table", show_default=True)
@STORE_OPTION
@handle_errors
def log_command(release: str | None, on: Any, changes: str | None, fmt: str, store_url: str | None) -> None:
    """The Document Log: every document in effect and its version, after a release or on a date."""
    from sectrack.store import tables

    if changes is not None and (release is not None or on is not None):
        fail("log: --changes names a release on its own (without --release or --on)")
    if release is not None and on is not None:
        fail("log: give --release or --on, not both")
    with reading(store_url) as st:
        if changes is not None:
            rel = st.release(changes)
            if fmt == "table":
                print_changes(rel)
            else:
                emit(tables.changes_table(rel), fmt, lambda: [c.to_dict() for c in rel.changes])
            return
        found = st.document_log(release, on.date() if on is not None else None)
        if found is None:
            fail(f"{st.where}: no published release in the store")
    when = f" on {found.on.isoformat()}" if found.on is not None else ""
    title = f"Document Log after SEC v{found.release} ({found.effective.isoformat()}){when}"
    emit(tables.log_table(found.entries, title), fmt, lambda: [e.to_dict() for e in found.entries])


@main.command("history")
@click.argument("document")
@click.option("--clause", "clause", default=None, metavar="REF", help="A clause as cited (AM2.5, 2.5, A3.3, L4.6(b)).")
@click.option("--term", "term", default=None, metavar="TERM", help="A defined term (Section A).")
@click.option("--at", "at", default=None, metavar="V",
              help="REF as numbered in version V (16.0, or v54.0 for the one in effect then); default: the latest.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "md"]), default="table", show_default=True)
@STORE_OPTION
@handle_errors
def history_command(document: str, clause: str | None, term: str | None, at: str | None, fmt: str,
                    store_url: str | None) -> None:
    """A document's versions, a clause's lineage, or a defined term's life."""
    from sectrack.store import tables

    if clause is not None and term is not None:
        fail("history: give --clause or --term, not both")
    if at is not None and clause is None:
        fail("history: --at goes with --clause")
    with reading(store_url) as st:
        if clause is not None:
            events: Any = st.clause_history(document, clause, at=at)
            view = tables.event_table(f"History of {document} clause {clause}", events)
        elif term is not None:
            events = st.term_history(term, document)
            view = tables.event_table(f"History of the term {term!r} in {document}", events)
        else:
            events = st.history(document)
            view = tables.document_history_table(document, events)
    emit(view, fmt, lambda: [e.to_dict() for e in events])


def corpus_manifests(folder: str | None) -> list[Path]:
    """The release manifests of a corpus folder (or of its ``releases`` folder), in SEC order."""
    from sectrack.store.manifest import parse
    from sectrack.store.records import version_key

    if folder is None:
        here = Path("corpus")
        folder = str(here if here.is_dir() else Path(__file__).resolve().parents[2] / "corpus")
    base = Path(folder)
    releases = base / "releases" if (base / "releases").is_dir() else base
    found = sorted(releases.glob("*.yaml")) + sorted(releases.glob("*.yml"))
    if not found:
        fail(f"{folder}: no release manifests (*.yaml) here")
    return sorted(found, key=lambda p: version_key(parse(p).sec_version))


@main.command("load-corpus")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@STORE_OPTION
@handle_errors
def load_corpus(folder: str | None, store_url: str | None) -> None:
    """Add a corpus' releases (default: the bundled corpus/) to the store, in order."""
    manifests = corpus_manifests(folder)
    with open_store(store_url, create=True) as st:
        for path in manifests:
            result = st.add_release(path)
            echo_messages(result.messages, str(path))
            click.echo(f"v{result.sec_version}: {result.outcome} ({result.versions_added} new versions)")


@main.group("store")
def store_group() -> None:
    """The store itself: its schema and what it holds."""


@store_group.command("upgrade")
@STORE_OPTION
@handle_errors
def store_upgrade(store_url: str | None) -> None:
    """Bring a store made by an older sectrack to this one's schema (or make an empty one)."""
    from sectrack.store import Store
    from sectrack.store.engine import make_engine, resolve_url, upgrade

    url = resolve_url(store_url)
    st = Store(make_engine(url), url)
    try:
        before, after = upgrade(st.engine, st.where)
    finally:
        st.close()
    if before == after:
        click.echo(f"{st.where}: schema {after}, nothing to do")
    else:
        click.echo(f"{st.where}: schema {before or 'none'} -> {after}")


@store_group.command("info")
@STORE_OPTION
@handle_errors
def store_info(store_url: str | None) -> None:
    """The store's URL, schema and counts."""
    from sectrack.store.schema import HEAD

    with reading(store_url) as st:
        docs, rels = st.documents(), st.releases()
        versions = sum(len(st.versions(d["document"])) for d in docs)
        click.echo(f"{st.where}: schema {HEAD}; {len(docs)} documents, {versions} versions, {len(rels)} releases")


def stored_redline(old: str, new: str, outputs: Sequence[str], view: str, options: Sequence[object],
                   store_url: str | None) -> Any:
    """``redline`` with stored versions (DOC@VERSION, DOC@vSEC) among its inputs: the ChangeSet, its
    outputs written as a redline of files writes them (every one or none); None when both inputs
    are files."""
    import sectrack
    from sectrack.redline import refuse_inputs_as_outputs, write_outputs
    from sectrack.render import format_for_suffix
    from sectrack.store.redlines import stored_document, stored_name

    names = stored_name(old), stored_name(new)
    if names == (None, None):
        return None
    refuse_inputs_as_outputs([arg for arg, name in ((old, names[0]), (new, names[1])) if name is None],
                             [Path(out) for out in outputs])
    with open_store(store_url) as st:
        a, b = names
        if a is not None and b is not None and a[0] == b[0] and view == "accepted":
            cs = st.changeset(a[0], st.version(*a).version, st.version(*b).version)
        else:
            docs = [stored_document(st, arg, view) if name else sectrack.read(arg, view=view)
                    for arg, name in ((old, a), (new, b))]
            cs = sectrack.compare(*docs)
    chosen = {type(o): o for o in options}
    jobs = [(Path(out), fmt, chosen.get(fmt.options)) for out, fmt in ((o, format_for_suffix(o)) for o in outputs)]
    notes = write_outputs(cs, jobs)
    return dataclasses.replace(cs, messages=cs.messages + tuple(notes)) if notes else cs


def release_redlines(old: str, new: str, outputs: Sequence[str], store_url: str | None, author: str,
                     templates: str | None) -> None:
    """``redline --release OLD NEW -o DIR``: every changed document's redline and an index."""
    from sectrack.store.redlines import write_release_redlines

    if len(outputs) != 1:
        fail("redline --release: give one folder to write into (-o DIR)")
    with open_store(store_url) as st:
        a, b, done = write_release_redlines(st, old, new, outputs[0], author=author, templates=templates)
    for r in done:
        versions = f"{r.old_version or 'new'} -> {r.new_version or 'removed'}"
        click.echo(f"{r.document} {versions}: {r.summary} ({', '.join(r.files)})")
    click.echo(f"{len(done)} documents changed from v{a.sec_version} to v{b.sec_version}: "
               f"{Path(outputs[0]) / 'index.html'}")
