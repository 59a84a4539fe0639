"""A published corpus site, made once per session from version stores: releases v52.0-v54.0 first,
then v55.0 added to the store and published again (incremental), and the whole corpus loaded into
another store and published afresh into another folder."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CORPUS

from sectrack.publish import Report, publish
from sectrack.release.source import ManifestSource
from sectrack.release.store_source import StoreSource
from sectrack.store import Store

RELEASES = CORPUS / "releases"


@dataclass
class Published:
    fresh: Path  # the whole corpus, published from nothing
    grown: Path  # v52.0-v54.0 published, then again with v55.0
    before: dict[str, bytes]  # the files of the v54.0 site, before v55.0 was added
    first: Report
    second: Report


def manifests(upto: str) -> ManifestSource:
    files = sorted(RELEASES.glob("*.yaml"))
    return ManifestSource([f for f in files if f.stem <= f"v{upto}"])


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def store(path: Path, upto: str) -> Store:
    st = Store.open(f"sqlite:///{path}", create=True)
    for manifest in sorted(RELEASES.glob("*.yaml")):
        if manifest.stem <= f"v{upto}":
            st.add_release(str(manifest))
    return st


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    base = tmp_path_factory.mktemp("site")
    grown, fresh = base / "grown", base / "fresh"
    growing = store(base / "grown.db", "54.0")
    first = publish(StoreSource(growing), grown, jobs=2)
    before = files_of(grown)
    growing.add_release(str(RELEASES / "v55.0.yaml"))
    second = publish(StoreSource(growing), grown, jobs=2)
    publish(StoreSource(store(base / "fresh.db", "55.0")), fresh, jobs=2)
    return Published(fresh, grown, before, first, second)


@pytest.fixture(scope="session")
def site(published: Published) -> Path:
    return published.fresh


@pytest.fixture
def site_copy(site: Path, tmp_path: Path) -> Path:
    shutil.copytree(site, tmp_path / "site")
    return tmp_path / "site"
