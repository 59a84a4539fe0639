"""A published corpus site, made once per session: releases v52.0-v54.0 first, then v55.0 added
(an incremental publish), and the whole corpus published afresh into another folder."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CORPUS

from sectrack.publish import Report, publish
from sectrack.release.source import ManifestSource

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


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    base = tmp_path_factory.mktemp("site")
    grown, fresh = base / "grown", base / "fresh"
    first = publish(manifests("54.0"), grown, jobs=2)
    before = files_of(grown)
    second = publish(manifests("55.0"), grown, jobs=2)
    publish(manifests("55.0"), fresh, jobs=2)
    return Published(fresh, grown, before, first, second)


@pytest.fixture(scope="session")
def site(published: Published) -> Path:
    return published.fresh


@pytest.fixture
def site_copy(site: Path, tmp_path: Path) -> Path:
    shutil.copytree(site, tmp_path / "site")
    return tmp_path / "site"
