"""sectrack: read, compare and track versions of Smart Energy Code documents."""

__version__ = "0.1.0"
