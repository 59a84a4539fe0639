"""Files in, files out, for the command line: read two .docx files, compare once, write each output
atomically (a temporary file renamed into place; nothing half-written).

With ``parallel=True`` (the ``redline`` command's choice, never a library default), large inputs use
two processes: the old version is read in a forked child while this process reads the new one, and
the .docx output is written here while a forked child writes the others. Only what the next step
needs is imported before the reading starts.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import os
import pickle
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from sectrack.docx import read
from sectrack.errors import SectrackError
from sectrack.model import Document, Message
from sectrack.render import Format, format_for_suffix

if TYPE_CHECKING:
    from sectrack.compare.changes import ChangeSet


def redline(
    old: str,
    new: str,
    outputs: Sequence[str],
    *,
    view: str = "accepted",
    options: Sequence[object] = (),
    parallel: bool = False,
) -> ChangeSet:
    """Compare the files ``old`` and ``new`` and write each output in the format its suffix names,
    with the options object of that format's type among ``options``; return the ChangeSet (its
    messages followed by the renderers')."""
    targets = [(Path(out), format_for_suffix(out)) for out in outputs]
    refuse_inputs_as_outputs((old, new), [path for path, _ in targets])
    # The .docx writer takes the tree the new version was read into when that is its accepted view.
    keep = view == "accepted" and any(f.name == "docx" for _, f in targets)
    later: list[_Child] = []  # the reading child, still looking at the old package for the .docx writer
    try:
        pair = read_pair(old, new, view, meanwhile=lambda: _import_writers(targets), keep_tree=keep,
                         parallel=parallel, later=later if keep else None)
        from sectrack.compare import compare

        cs = compare(*pair)
        for child in later:
            _remember_old_package(pair[0], child)
    finally:
        for child in later:
            child.close()
    chosen = {type(o): o for o in options}
    jobs = [(path, fmt, chosen.get(fmt.options)) for path, fmt in targets]
    if parallel and len(jobs) > 1 and _worth_a_process(old, new):
        notes = _write_side_by_side(cs, jobs)
    else:
        notes = write_outputs(cs, jobs)
    return dataclasses.replace(cs, messages=cs.messages + tuple(notes)) if notes else cs


PARALLEL_BYTES = 256 * 1024  # below this, a second process costs more than it saves
Job = tuple[Path, Format, Any]


def read_pair(
    old: str, new: str, view: str = "accepted", meanwhile: Callable[[], None] | None = None,
    keep_tree: bool = False, parallel: bool = False, later: list[_Child] | None = None,
) -> tuple[Document, Document]:
    """Read both versions; with ``parallel``, large ones side by side in two processes where the
    machine allows. ``meanwhile`` runs while the old version is still on its way from the other
    process; ``keep_tree`` keeps the new version's parsed tree on it (``Document.tree``). Given
    ``later``, a reading child goes on to look at the old package for the .docx writer once it has
    sent the old version, and is added there (``_remember_old_package`` takes its answer; the caller
    closes it)."""
    if not (parallel and _worth_a_process(old, new)):
        pair = read(old, view), read(new, view, keep_tree=keep_tree)
        if meanwhile is not None:
            meanwhile()
        return pair
    child = _Child(read, old, view, then=_look_at_package if later is not None else None)
    handed = False
    try:
        new_doc = read(new, view, keep_tree=keep_tree)
        if meanwhile is not None:
            meanwhile()
        old_doc = child.result()
        if later is not None:
            later.append(child)
            handed = True  # the caller's now
        return old_doc, new_doc
    finally:
        if not handed:
            child.close()


def _look_at_package(doc: Document) -> bool | None:
    """In the reading child, after it sent ``doc``: whether the .docx writer will want the old XML."""
    from sectrack.render.docx import beyond

    return beyond.in_package(doc.package, doc.source) if doc.package is not None else None


def _remember_old_package(old: Document, child: _Child) -> None:
    """Pass the reading child's look at the old package on to the .docx writer (nothing if it failed)."""
    from sectrack.render.docx import beyond

    try:
        found = child.then_result()
    except Exception:  # noqa: BLE001 - only a hint: the writer looks for itself without it
        return
    if old.package is not None:
        beyond.remember(old.package, found)


def _import_writers(targets: list[tuple[Path, Format]]) -> None:
    """Import the comparison and the writers of the outputs this process writes itself (the .docx
    ones, else the first: see ``_write_side_by_side``); a forked child writing the others imports
    theirs while the .docx is written here."""
    names = [f.name for _, f in targets]
    here = {"docx"} if "docx" in names else set(names[:1])
    for module, needed in (("compare", True), ("render.docx", "docx" in here), ("render.html", "html" in here)):
        if needed:
            importlib.import_module("sectrack." + module)


class _Child:
    """``fn(*args)`` run in a forked child process (which inherits everything this one holds); its
    result, or the exception it raised, comes back pickled through a pipe, unpickled here while the
    child is still pickling it. With ``then``, the child goes on to send ``then(result)`` too."""

    def __init__(self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], Any] | None = None) -> None:
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            code = 0
            try:
                os.close(read_end)
                payload = _attempt(fn, *args)
                with os.fdopen(write_end, "wb") as pipe:
                    pickle.dump(payload, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                    if then is not None and payload[0]:
                        pipe.flush()  # the result is on its way before the rest is worked out
                        pickle.dump(_attempt(then, payload[1]), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:  # noqa: BLE001 - the child never returns: any failure is its exit status
                code = 1
            finally:
                os._exit(code)
        os.close(write_end)
        self.pipe: BinaryIO | None = os.fdopen(read_end, "rb")
        self.more = then is not None  # a second result follows the first

    def result(self) -> Any:
        """Wait for the child's result; its exception raised here."""
        return self._next(last=not self.more)

    def then_result(self) -> Any:
        """Wait for the child's second result (``then``), after ``result``."""
        return self._next(last=True)

    def _next(self, last: bool) -> Any:
        assert self.pipe is not None
        try:
            ok, value = pickle.load(self.pipe)
        except (EOFError, pickle.UnpicklingError):  # nothing, or cut short: the child could not send it
            ok, value = None, None
        if last or ok is not True:
            self.pipe.close()
            self.pipe = None
            self._reap()
        if ok is None:
            raise RuntimeError("a worker process ended without a result")
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Stop the child if it is still at work (after an error here) and reap it."""
        if self.pipe is not None:
            self.pipe.close()
            self.pipe = None
        if self.pid:
            try:
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
            self._reap()

    def _reap(self) -> None:
        if self.pid:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = 0


def _attempt(fn: Callable[..., Any], *args: Any) -> tuple[bool, Any]:
    """(True, ``fn(*args)``), or (False, the exception it raised), to be carried to the parent."""
    try:
        return True, fn(*args)
    except BaseException as exc:  # noqa: BLE001 - every exception is carried back and raised there
        return False, exc


def _worth_a_process(*paths: str) -> bool:
    # Forking a process that runs other threads can leave the child holding a lock no thread will
    # release (a library caller's threads, say): then everything happens here, in turn.
    if (os.cpu_count() or 1) < 2 or not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    try:
        return all(os.path.getsize(p) >= PARALLEL_BYTES for p in paths)
    except OSError:
        return False  # let the reader report the missing file


def refuse_inputs_as_outputs(inputs: Sequence[str], outputs: Sequence[Path]) -> None:
    """An output that is one of the inputs (by any path, link or case), named twice or an existing
    folder is refused before anything is read or written."""
    seen: list[Path] = []
    for out in outputs:
        if out.is_dir():  # renaming a finished output onto it would fail after the others were in place
            raise SectrackError(str(out), "is a folder, not a file; no output was written")
        for other in [Path(p) for p in inputs]:
            if _same_file(out, other):
                raise SectrackError(str(out), f"is an input of this comparison ({other}): a redline never overwrites its input")
        if any(_same_file(out, earlier) for earlier in seen):
            raise SectrackError(str(out), "is named twice as an output")
        seen.append(out)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def _write_side_by_side(cs: ChangeSet, jobs: list[Job]) -> list[Message]:
    """The .docx outputs here (this process holds the tree their writer takes), the others in a
    forked child, at the same time; every output renamed into place only once all are made. The
    renderers' messages."""
    here = [j for j in jobs if j[1].name == "docx"] or jobs[:1]
    there = [j for j in jobs if j not in here]
    child = _Child(_prepare_all, cs, there)  # the child inherits the ChangeSet: nothing is pickled
    made: list[tuple[str, Path]] = []
    messages: list[Message] = []
    try:
        for part in (_prepare_all(cs, here), child.result()):
            made += part[0]
            messages += part[1]
    except BaseException:
        _discard(made)
        raise
    finally:
        child.close()
    _commit(made)
    return messages


def write_outputs(cs: ChangeSet, jobs: list[Job]) -> list[Message]:
    """Each (path, format, options) output of a ChangeSet made, then all renamed into place (every one
    or none); the renderers' messages."""
    made, messages = _prepare_all(cs, jobs)
    _commit(made)
    return messages


def _prepare_all(cs: ChangeSet, jobs: list[Job]) -> tuple[list[tuple[str, Path]], list[Message]]:
    """Each output written to a temporary file beside it: (temporary path, output) pairs, and the
    renderers' messages. When one fails, those already made are removed and the error names the
    output that failed."""
    from sectrack.render import render

    made: list[tuple[str, Path]] = []
    messages: list[Message] = []

    def rendered(fmt: Format, options: Any) -> bytes:
        data = render(cs, fmt.name, options)
        messages.extend(getattr(data, "messages", ()))
        return data

    try:
        for path, fmt, options in jobs:
            made.append((prepare(path, functools.partial(rendered, fmt, options)), path))
    except BaseException:
        _discard(made)
        raise
    return made, messages


def _discard(made: list[tuple[str, Path]]) -> None:
    for tmp, _ in made:
        Path(tmp).unlink(missing_ok=True)


def _commit(made: list[tuple[str, Path]]) -> None:
    for tmp, out in made:
        os.replace(tmp, out)


def write_atomically(out: Path, make: Callable[[], bytes]) -> None:
    """Write ``make()`` to ``out`` through a temporary file renamed into place: nothing half-written."""
    _commit([(prepare(out, make), out)])


def prepare(out: Path, make: Callable[[], bytes]) -> str:
    """``make()`` written to a temporary file in ``out``'s folder, whose path is returned; on
    failure nothing is left and the error names ``out``."""
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise SectrackError(str(out), "the output folder does not exist; no output was written")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".sectrack-", suffix=out.suffix.lower(), dir=folder)
    except OSError as exc:
        raise SectrackError(str(out), f"cannot be written ({exc.strerror or exc}); no output was written") from exc
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        Path(tmp).write_bytes(make())
    except SectrackError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SectrackError(str(out), f"not written ({exc}); no output was written") from exc
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SectrackError(str(out), f"cannot be written ({exc.strerror or exc}); no output was written") from exc
    except Exception as exc:  # a renderer's failure (a broken override template, say), named by its output
        Path(tmp).unlink(missing_ok=True)
        raise SectrackError(str(out), f"not written ({type(exc).__name__}: {exc}); no output was written") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp
