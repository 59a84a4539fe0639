"""What every command shares: the --view option and turning errors into one line and exit 2."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from sectrack.errors import SectrackError

VIEW_OPTION = click.option(
    "--view",
    type=click.Choice(["accepted", "original"]),
    default="accepted",
    show_default=True,
    help="Read tracked changes inside the input as accepted, or as the original before them.",
)


_QUICK_EXIT = [False]
_HELD: list[object] = []  # what a quick exit leaves in place rather than free object by object


def quick_exit(*hold: object) -> None:
    """Let the program leave without tearing the interpreter down once this command returns (for a
    short command whose outputs are complete and closed then; never one holding connections). The
    objects in ``hold`` stay alive until then: freeing a large result when the command returns
    costs as much as tearing it down."""
    _QUICK_EXIT[0] = True
    _HELD.extend(hold)


def quick_exit_wanted() -> bool:
    """True when the command that ran asked for ``quick_exit``."""
    return _QUICK_EXIT[0]


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
        except Exception as exc:  # last resort: one line, never a traceback
            if os.environ.get("SECTRACK_DEBUG"):
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (set SECTRACK_DEBUG=1 for details)")

    return wrapper
