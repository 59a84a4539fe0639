"""The store's errors: each is one line naming the input (file, store or release) and the problem."""

from __future__ import annotations

from sectrack.errors import SectrackError


class StoreError(SectrackError):
    """A request the store refuses, or a store it cannot use; nothing was written."""


class StoreBusy(StoreError):
    """Another process held the store's write lock too long: nothing was written; try again."""


class NotFound(StoreError):
    """A document, version or release that is not in the store."""
