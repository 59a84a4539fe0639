"""``sectrack redline``: compare two versions and write the redlines."""

from __future__ import annotations

import gc
import os
import re
import sys

import click

from sectrack.cli import main
from sectrack.cli.common import VIEW_OPTION, fail, handle_errors, quick_exit


@main.command("redline")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(),
              help="Write the redline here; the format follows the extension (.html .docx .pdf .json .md). "
              "Repeat for several formats from one comparison. With --release: the folder to write into.")
@VIEW_OPTION
@click.option("--author", default="sectrack", show_default=True, help="Author of the tracked changes written.")
@click.option("--date", "date", default=None, help="Date of the tracked changes (YYYY-MM-DD); default: the new version's own date.")
@click.option("--context", type=click.IntRange(min=0), default=None,
              help="HTML: show only changes with N unchanged blocks around them (default: the whole document).")
@click.option("--templates", type=click.Path(file_okay=False, exists=True), default=None,
              help="A folder of jinja2 templates overriding the shipped ones.")
@click.option("--check", is_flag=True, help="Exit 0 when the versions have the same content, 1 when they differ.")
@click.option("--release", "releases", is_flag=True,
              help="OLD and NEW are SEC releases (v53.0 v54.0): write the HTML and .docx redline of every "
              "document that changed between them, and an index, into the folder -o names.")
@click.option("--store", "store_url", default=None, metavar="URL",
              help="The store holding DOC@VERSION inputs and releases (default: $SECTRACK_STORE, else sectrack.db here).")
@handle_errors
def redline_command(old: str, new: str, outputs: tuple[str, ...], view: str, author: str, date: str | None,
            context: int | None, templates: str | None, check: bool, releases: bool, store_url: str | None) -> None:
    """Compare OLD with NEW and write redlines as HTML, tracked-changes DOCX, PDF, JSON or Markdown.

    OLD and NEW are .docx files or stored versions: DOC@VERSION (appendix-am@16.0) or DOC@vSEC (the
    version in effect at an SEC release, appendix-am@v53.0)."""
    if releases:
        from sectrack.cli.store import release_redlines

        release_redlines(old, new, outputs, store_url, author, templates)
        return
    gc.disable()  # a short run that allocates millions of acyclic objects: collection is wasted time
    quick_exit()  # and the process leaves without freeing them one by one
    from sectrack.redline import redline as run_redline
    from sectrack.render import DocxOptions, HtmlOptions, PdfOptions, format_for_suffix

    for out in outputs:
        format_for_suffix(out)  # an unknown suffix: one line, before any reading
    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        fail(f"--date {date}: expected YYYY-MM-DD")
    options = (HtmlOptions(context=context, templates=templates), DocxOptions(author=author, date=date),
               PdfOptions(templates=templates))
    result = None
    if not (os.path.exists(old) and os.path.exists(new)):  # DOC@VERSION inputs: the store is needed
        from sectrack.cli.store import stored_redline

        result = stored_redline(old, new, outputs, view, options, store_url)
    if result is None:
        result = run_redline(old, new, outputs, view=view, options=options, parallel=True)
    quick_exit(result)  # the documents and the comparison are left to the process's end
    for doc, path in ((result.old, old), (result.new, new)):
        for message in doc.messages:
            click.echo(f"sectrack: {path}: warning: {message}", err=True)
    for message in result.messages:
        click.echo(f"sectrack: warning: {message}", err=True)
    if not outputs or check:
        s = result.summary
        click.echo(
            f"{'same' if result.same else 'different'}: {s.inserted} inserted, {s.deleted} deleted, "
            f"{s.modified} modified, {s.moved} moved, {s.renumbered} renumbered; definitions "
            f"{s.definitions_added} added, {s.definitions_removed} removed, {s.definitions_amended} amended",
            err=check,
        )
    if check:
        sys.exit(0 if result.same else 1)
