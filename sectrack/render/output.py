"""What a renderer returns: bytes, with the messages of anything it had to do without."""

from __future__ import annotations

from sectrack.model import Message


class Rendered(bytes):
    """The bytes of one rendered output; ``messages`` (stable codes) say where a renderer wrote
    something another way than it would have (a part it could not read, a picture not carried)."""

    messages: tuple[Message, ...]

    def __new__(cls, data: bytes, messages: tuple[Message, ...] = ()) -> Rendered:
        """``data`` carrying ``messages``."""
        obj = super().__new__(cls, data)
        obj.messages = messages
        return obj

    def __reduce__(self) -> tuple[type, tuple[bytes, tuple[Message, ...]]]:
        """Pickle with the messages (a forked writer sends its output's messages back)."""
        return (Rendered, (bytes(self), self.messages))
