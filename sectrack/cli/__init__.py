"""The command line: a thin layer over the library. Each module of this package holds a group of
commands and registers them on ``main``; errors become one line on stderr and exit status 2 in one
place (``sectrack.cli.common``)."""

from __future__ import annotations

import os
import sys

import click

from sectrack import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sectrack")
def main() -> None:
    """Read, compare and track versions of Smart Energy Code (SEC) documents."""


def entry() -> None:
    """The ``sectrack`` program: the command line, then a quick exit when the command asked for one.

    A command whose outputs are complete and closed when it returns (``redline``) may leave without
    tearing the interpreter down: freeing a large redline's objects one by one would take longer
    than the last step of the work. Every other command exits normally."""
    from sectrack.cli.common import quick_exit_wanted

    try:
        main()
        code: str | int | None = 0
    except SystemExit as exc:
        code = exc.code
    if not quick_exit_wanted():
        sys.exit(code)
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        code = code or 2
    os._exit(code or 0)


# Each module below adds its commands to ``main`` when imported.
from sectrack.cli import check, redline, release, show, store  # noqa: E402,F401

# isort: split
from sectrack.cli import site  # noqa: E402,F401  (last: it adds to the release group)
