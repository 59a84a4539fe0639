"""The checks over a store: the documents in effect at a release, its report and its delta."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sectrack.check.checks import Report, check
from sectrack.check.delta import Delta, delta
from sectrack.check.findings import CONFIG_NAME, Config, load_config
from sectrack.model import Document

if TYPE_CHECKING:
    from sectrack.compare import ChangeSet


def find_config(directory: str | Path = ".") -> Config:
    """The ``sectrack-check.yaml`` of ``directory`` (the working directory), or the default."""
    path = Path(directory) / CONFIG_NAME
    return load_config(path) if path.is_file() else Config()


def _label(release: Any) -> str:
    return str(release.sec_version)


def resolve_release(store: Any, release: str | None) -> Any:
    """The Release named (a draft too), or the latest published one; None when the store has none."""
    return store.release(release) if release else store.latest()


def documents_at(store: Any, release: Any) -> dict[str, Document]:
    """slug -> Document of every document in effect at ``release``."""
    return {slug: store.document(slug, info.version) for slug, info in store.in_effect(_label(release)).items()}


def release_report(store: Any, release: str | None = None, config: Config | None = None) -> Report:
    """Check every document in effect at ``release`` (default: the latest published)."""
    rel = resolve_release(store, release)
    if rel is None:
        return check({}, config, "")
    return check(documents_at(store, rel), config, _label(rel))


def previous_release(store: Any, release: Any) -> Any:
    """The release before ``release`` in the store's order, or None."""
    labels = [_label(r) for r in store.releases()]
    i = labels.index(_label(release))
    return store.releases()[i - 1] if i > 0 else None


def release_delta(store: Any, release: str | None = None, config: Config | None = None) -> Delta:
    """What ``release`` changed: findings introduced and fixed against the release before it,
    references left behind by its renumbering, and the impact of its definition changes."""
    rel = resolve_release(store, release)
    if rel is None:
        return Delta("", "")
    before = previous_release(store, rel)
    now = store.in_effect(_label(rel))
    after = check({slug: store.document(slug, i.version) for slug, i in now.items()}, config, _label(rel))
    if before is None:
        return delta(None, after, {})
    then = store.in_effect(_label(before))
    report = check({slug: store.document(slug, i.version) for slug, i in then.items()}, config, _label(before))
    changesets: dict[str, ChangeSet] = {
        slug: store.changeset(slug, then[slug].version, info.version)
        for slug, info in now.items() if slug in then and then[slug].version != info.version
    }
    return delta(report, after, changesets)


def publish_problems(store: Any, release: Any) -> list[str]:
    """For ``release publish``: one line per error the release's delta introduces, with the
    configuration of the working directory; none for the store's first release, which has no delta."""
    releases = store.releases()
    before = releases[: [_label(r) for r in releases].index(_label(release))]
    if not before or any(r.status == "draft" for r in before):
        return []  # nothing to compare with; or publish refuses it anyway, an earlier draft first
    d = release_delta(store, _label(release), find_config())
    return [f"{f.code}: {f.document} {f.ref}: {f.subject} ({f.detail})" for f in d.errors]
