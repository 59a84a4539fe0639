"""Writing a site incrementally: each output has a path and a key (a digest of what it is made of);
an output whose key has not changed since the last publish is not made again, one whose bytes have
not changed is not rewritten, and a file the site no longer has is removed. A ``Group`` of outputs
(a document's pages, a release's) has a key of its own: when it is unchanged, its files are kept
without even listing its outputs, so a publish costs what changed, not what the site holds. The
state lives in ``.sectrack-publish.json`` beside the site."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATE = ".sectrack-publish.json"
STATE_FORMAT = 2


@dataclass
class Output:
    """One file of the site: ``make`` gives its bytes; ``key`` says what they are made of."""

    path: str  # relative, with forward slashes
    make: Callable[[], bytes]
    key: str = ""  # "" : made every time, written only when its bytes differ
    kind: str = "page"  # page | redline | file
    prepare: Callable[[], object] | None = None  # set for heavy outputs, made by workers: what they need first
    drop: Callable[[], None] | None = None  # frees what ``prepare`` made, once the output is made
    group: str = ""  # the key of the group it belongs to


class Held:
    """A value made on first use and kept until ``drop``: what heavy outputs' workers inherit."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make = make
        self._value: Any = None

    def get(self) -> Any:
        if self._value is None:
            self._value = self._make()
        return self._value

    def drop(self) -> None:
        self._value = None


@dataclass
class Group:
    """Outputs listed only when ``key`` changed since the last publish."""

    key: str
    outputs: Callable[[], Iterator[Output]]


def digest(*parts: object) -> str:
    """A key from the things an output is made of."""
    h = hashlib.sha256()
    for p in parts:
        h.update(str(p).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@dataclass
class Result:
    """What a publish did."""

    files: dict[str, str] = field(default_factory=dict)  # path -> sha256, every file of the site
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)  # page/redline/file -> count


class SiteWriter:
    """Writes outputs under ``root``, skipping what is already there and up to date."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.state, self.groups = self._load()
        self.new_state: dict[str, dict[str, str]] = {}
        self.new_groups: dict[str, list[str]] = {}
        self.result = Result()

    def _load(self) -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
        try:
            data = json.loads((self.root / STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}, {}
        files = data.get("files", {}) if isinstance(data, dict) else {}
        if data.get("format") != STATE_FORMAT:  # another version's site: remake it all, remove what it
            return {path: {} for path in files}, {}  # had that this one does not make
        return files, data.get("groups", {})

    def keep_group(self, group: Group) -> bool:
        """Keep every file of ``group`` when its key is unchanged and its files are intact."""
        paths = self.groups.get(group.key)
        if paths is None or not all((self.root / p).is_file() for p in paths):
            return False
        for path in paths:
            old = self.state[path]
            self._record(Output(path, _unmade, key=old["key"], kind=old.get("kind", "page"), group=group.key),
                         old["sha256"])
        self.new_groups[group.key] = list(paths)
        return True

    def open_group(self, group: Group) -> Iterator[Output]:
        """The outputs of a group that changed, each marked as its member."""
        self.new_groups.setdefault(group.key, [])
        for out in group.outputs():
            out.group = group.key
            yield out

    def up_to_date(self, out: Output) -> bool:
        """True when ``out`` was made from the same things last time and its file is intact."""
        old = self.state.get(out.path)
        return bool(out.key and old and old.get("key") == out.key and (self.root / out.path).is_file())

    def keep(self, out: Output) -> None:
        """Record ``out`` as published without making it again."""
        self._record(out, self.state[out.path]["sha256"])

    def write(self, out: Output, data: bytes) -> None:
        """Write ``out``'s bytes unless the file already holds exactly them."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.root / out.path
        old = self.state.get(out.path)
        if not (old and old.get("sha256") == sha and target.is_file() and target.stat().st_size == len(data)):
            write_atomically(target, data)
            self.result.written.append(out.path)
        self._record(out, sha)

    def _record(self, out: Output, sha: str) -> None:
        self.new_state[out.path] = {"key": out.key, "sha256": sha, "kind": out.kind}
        if out.group:
            self.new_groups.setdefault(out.group, []).append(out.path)
        self.result.files[out.path] = sha
        self.result.kinds[out.kind] = self.result.kinds.get(out.kind, 0) + 1

    def finish(self) -> Result:
        """Remove files of the last publish that this one did not make; save the state."""
        for path in sorted(set(self.state) - set(self.new_state)):
            target = self.root / path
            if target.is_file():
                target.unlink()
                self.result.removed.append(path)
                _prune(target.parent, self.root)
        data = {"format": STATE_FORMAT, "files": dict(sorted(self.new_state.items())),
                "groups": {key: sorted(paths) for key, paths in sorted(self.new_groups.items())}}
        write_atomically(self.root / STATE, (json.dumps(data, indent=0, sort_keys=True) + "\n").encode())
        return self.result


def _unmade() -> bytes:
    raise AssertionError("a kept file is not made again")


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target``, making its folders, through the redline's atomic writer."""
    from sectrack.redline import write_atomically as write_through_temporary

    target.parent.mkdir(parents=True, exist_ok=True)
    write_through_temporary(target, lambda: data)


def _prune(folder: Path, root: Path) -> None:
    """Remove folders left empty, up to ``root``."""
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
