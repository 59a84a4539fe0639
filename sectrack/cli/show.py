"""``sectrack show``: one document as a clause outline, as text or as the JSON model."""

from __future__ import annotations

import sys

import click

from sectrack.cli import main
from sectrack.cli.common import VIEW_OPTION, handle_errors


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

    doc = read(file, view, keep_xml=fmt == "json")  # the JSON model carries the source XML properties
    for message in doc.messages:
        click.echo(f"sectrack: {file}: warning: {message}", err=True)
    if fmt == "json":
        from sectrack.serial import dumps

        sys.stdout.write(dumps(doc))
    elif fmt == "text":
        sys.stdout.write(render_text(doc))
    else:
        sys.stdout.write(render_outline(doc))
