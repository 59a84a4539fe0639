"""The checks over a store: the documents in effect at a release, its report and its delta.

``cache``: a folder where the index of each document version the checks read (``index.py``) is
kept as JSON, named by the version's SHA-256, so that a later check reads it instead of loading
the document from the store; None (the default) keeps nothing.

The configuration (``sectrack-check.yaml``): the file given (``--config``), else the one that
$SECTRACK_CHECK_CONFIG names, else ``sectrack-check.yaml`` in the working directory, else none
(``config_location``). ``release publish`` checks with the configuration (and index cache) that
``publish_config`` sets around ``Store.publish``, else with that one (and no cache).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sectrack import __version__
from sectrack.check.checks import Report, check
from sectrack.check.delta import Delta, delta
from sectrack.check.findings import CONFIG_NAME, Config, load_config
from sectrack.check.index import FORMAT, DocIndex
from sectrack.check.terms import ScanMemo

if TYPE_CHECKING:
    from sectrack.compare import ChangeSet


CONFIG_ENV = "SECTRACK_CHECK_CONFIG"
_PUBLISHING: ContextVar[tuple[Config, str | Path | None] | None] = ContextVar("sectrack_publish_config", default=None)


def config_location(path: str | Path | None = None, directory: str | Path = ".") -> Path | None:
    """Where the checks' configuration is: ``path``, else $SECTRACK_CHECK_CONFIG, else
    ``sectrack-check.yaml`` in ``directory`` when there is one; None for the default configuration."""
    if path:
        return Path(path)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    here = Path(directory) / CONFIG_NAME
    return here if here.is_file() else None


def find_config(path: str | Path | None = None, directory: str | Path = ".") -> Config:
    """The configuration at ``config_location``, or the default; ConfigError when the file named
    cannot be used."""
    return load_config(config_location(path, directory))


@contextmanager
def publish_config(config: Config, cache: str | Path | None = None) -> Iterator[Config]:
    """Within the block, ``publish_problems`` (which ``Store.publish`` runs) checks with ``config``,
    keeping the index of each version it reads in ``cache`` (see ``indexes_at``)."""
    token = _PUBLISHING.set((config, cache))
    try:
        yield config
    finally:
        _PUBLISHING.reset(token)


def _label(release: Any) -> str:
    return str(release.sec_version)


def resolve_release(store: Any, release: str | None) -> Any:
    """The Release named (a draft too), or the latest published one; None when the store has none."""
    return store.release(release) if release else store.latest()


def indexes_at(store: Any, release: Any, cache: str | Path | None = None,
               seen: dict[str, DocIndex] | None = None) -> dict[str, DocIndex]:
    """slug -> DocIndex of every document in effect at ``release``, each knowing its version's
    SHA-256 (``version_key``); ``seen``: the indexes already read, by SHA-256 (added to)."""
    seen = {} if seen is None else seen
    out = {}
    for slug, info in store.in_effect(_label(release)).items():
        if info.sha256 not in seen:
            seen[info.sha256] = _index(store, slug, info, cache)
            seen[info.sha256].version_key = info.sha256
        out[slug] = seen[info.sha256]
    return out


def _index(store: Any, slug: str, info: Any, cache: str | Path | None) -> DocIndex:
    """The version's index: from the cache when it holds it, else from the stored document (then kept)."""
    path = Path(cache) / f"check-{FORMAT}-{__version__}-{info.sha256}.json" if cache else None
    if path is not None and path.is_file():
        try:
            return DocIndex.from_json(path.read_bytes())
        except (OSError, ValueError):
            pass  # unreadable or of another format: made again below
    index = _stored_index(store, slug, info.version)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_name(f"{path.name}.{os.getpid()}.part")
            part.write_bytes(index.to_json())
            os.replace(part, path)
        except OSError:
            pass  # a cache that cannot be written only costs time
    return index


def _stored_index(store: Any, slug: str, version: str) -> DocIndex:
    """The version's index from its stored model, read for the checks only; from the Document when
    the model is stored in another format or cannot be read so."""
    text = store.model(slug, version)
    if text is not None:
        try:
            return DocIndex.from_model(text)
        except ValueError:
            pass
    return DocIndex.of(store.document(slug, version))


def release_report(store: Any, release: str | None = None, config: Config | None = None,
                   cache: str | Path | None = None) -> Report:
    """Check every document in effect at ``release`` (default: the latest published)."""
    rel = resolve_release(store, release)
    if rel is None:
        return check({}, config, "")
    return check(indexes_at(store, rel, cache), config, _label(rel))


def previous_release(store: Any, release: Any) -> Any:
    """The release before ``release`` in the store's order, or None."""
    releases = store.releases()
    i = [_label(r) for r in releases].index(_label(release))
    return releases[i - 1] if i > 0 else None


def release_delta(store: Any, release: str | None = None, config: Config | None = None,
                  cache: str | Path | None = None) -> Delta:
    """What ``release`` changed: findings introduced and fixed against the release before it,
    references left behind by its renumbering, and the impact of its definition changes."""
    rel = resolve_release(store, release)
    if rel is None:
        return Delta("", "")
    before = previous_release(store, rel)
    seen: dict[str, DocIndex] = {}
    memo = ScanMemo()
    after = check(indexes_at(store, rel, cache, seen), config, _label(rel), memo)
    if before is None:
        return delta(None, after, {})
    now, then = store.in_effect(_label(rel)), store.in_effect(_label(before))
    report = check(indexes_at(store, before, cache, seen), config, _label(before), memo)
    changesets: dict[str, ChangeSet] = {
        slug: store.changeset(slug, then[slug].version, info.version)
        for slug, info in now.items() if slug in then and then[slug].version != info.version
    }
    return delta(report, after, changesets)


def publish_problems(store: Any, release: Any) -> list[str]:
    """For ``release publish``: one line per error the release's delta introduces, with the
    configuration (and cache) ``publish_config`` set, else ``find_config``'s; none for the store's first
    release, which has no delta."""
    releases = store.releases()
    before = releases[: [_label(r) for r in releases].index(_label(release))]
    if not before or any(r.status == "draft" for r in before):
        return []  # nothing to compare with; or publish refuses it anyway, an earlier draft first
    config, cache = _PUBLISHING.get() or (find_config(), None)
    d = release_delta(store, _label(release), config, cache)
    return [f"{f.code}: {f.document} {f.ref}: {f.subject} ({f.detail})" for f in d.errors]
