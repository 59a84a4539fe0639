"""Exceptions for problems that stop the work; recoverable ones are model.Message values."""

from __future__ import annotations


class SectrackError(Exception):
    """A problem that stops the work, reported as one line naming the file."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Pickle as (path, problem), so the error survives a worker process."""
        return (type(self), (self.path, self.problem))


class BadDocument(SectrackError):
    """The input is not a readable, safe .docx file."""
