"""The command line: parse arguments, call the library, print, map errors to exit codes."""

from __future__ import annotations

import functools
import gc
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Callable

import click

from sectrack import __version__
from sectrack.errors import SectrackError

VIEW_OPTION = click.option(
    "--view",
    type=click.Choice(["accepted", "original"]),
    default="accepted",
    show_default=True,
    help="Read tracked changes inside the input as accepted, or as the original before them.",
)


def fail(message: str) -> None:
    """Print one error line and exit with status 2."""
    click.echo(f"sectrack: {message}", err=True)
    sys.exit(2)


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one line on stderr and exit status 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except SectrackError as exc:
            fail(str(exc))
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            sys.exit(2)
        except Exception as exc:  # noqa: BLE001 - last resort: one line, never a traceback
            if os.environ.get("SECTRACK_DEBUG"):
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (set SECTRACK_DEBUG=1 for details)")

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sectrack")
def main() -> None:
    """Read, compare and track versions of Smart Energy Code (SEC) documents."""


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@VIEW_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["outline", "text", "json"]),
    default="outline",
    show_default=True,
    help="outline: the clause tree; text: one line per paragraph (label TAB text); json: the model.",
)
@handle_errors
def show(file: str, view: str, fmt: str) -> None:
    """Show FILE (.docx) as a clause outline, as text, or as the JSON model."""
    from sectrack.docx import read
    from sectrack.render.outline import render_outline, render_text

    doc = read(file, view, keep_xml=False)
    for message in doc.messages:
        click.echo(f"sectrack: {file}: warning: {message}", err=True)
    if fmt == "json":
        from sectrack.modeljson import document_dict

        click.echo(json.dumps(document_dict(doc), ensure_ascii=False, indent=1))
    elif fmt == "text":
        sys.stdout.write(render_text(doc))
    else:
        sys.stdout.write(render_outline(doc))


REDLINE_FORMATS = (".html", ".docx", ".json", ".md")


@main.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False),
              help="Write the redline here; the format follows the extension (.html .docx .json .md). "
              "Repeat for several formats from one comparison.")
@VIEW_OPTION
@click.option("--author", default="sectrack", show_default=True, help="Author of the tracked changes written.")
@click.option("--date", "date", default=None, help="Date of the tracked changes (YYYY-MM-DD); default: the new version's own date.")
@click.option("--context", type=click.IntRange(min=0), default=None,
              help="HTML: show only changes with N unchanged blocks around them (default: the whole document).")
@click.option("--templates", type=click.Path(file_okay=False, exists=True), default=None,
              help="A folder of jinja2 templates overriding the shipped ones.")
@click.option("--check", is_flag=True, help="Exit 0 when the versions have the same content, 1 when they differ.")
@handle_errors
def redline(old: str, new: str, outputs: tuple[str, ...], view: str, author: str, date: str | None,
            context: int | None, templates: str | None, check: bool) -> None:
    """Compare OLD with NEW (.docx) and write redlines as HTML, tracked-changes DOCX, JSON or Markdown."""
    gc.disable()  # a short run that allocates millions of acyclic objects: collection is wasted time
    from sectrack.redline import redline as run_redline

    for out in outputs:
        if Path(out).suffix.lower() not in REDLINE_FORMATS:
            fail(f"{out}: unknown output format (use one of {', '.join(REDLINE_FORMATS)})")
    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        fail(f"--date {date}: expected YYYY-MM-DD")
    result = run_redline(old, new, outputs, view=view, author=author, date=date,
                         context=context, templates=templates)
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


def entry() -> None:
    """The ``sectrack`` program: the command line, then a quick exit.

    Every output is complete and closed when a command returns, so the process leaves without
    tearing the interpreter down: freeing a large redline's objects one by one would take longer
    than the last step of the work."""
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        code = code or 2
    os._exit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    entry()
