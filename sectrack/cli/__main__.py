"""``python -m sectrack.cli``: the sectrack program."""

from sectrack.cli import entry

entry()
