"""Stores for the store tests: each test runs on SQLite and on PostgreSQL ($SECTRACK_TEST_POSTGRES,
e.g. postgresql+psycopg://sectrack:sectrack@127.0.0.1:5432/sectrack_test; each store is a schema
of its own in that database, dropped afterwards)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS

RELEASES = sorted((CORPUS / "releases").glob("v*.yaml"), key=lambda p: tuple(map(int, p.stem[1:].split("."))))
BACKENDS = ["sqlite", "postgresql"]


def _postgres_base() -> str:
    base = os.environ.get("SECTRACK_TEST_POSTGRES")
    if not base:
        pytest.skip("SECTRACK_TEST_POSTGRES is not set: no PostgreSQL to test against")
    return base


def make_url(backend: str, tmp: Path) -> Iterator[str]:
    """A fresh, empty store URL on ``backend``; the PostgreSQL schema is dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp / 'sectrack.db'}"
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url as parse

    base = _postgres_base()
    schema = "t_" + uuid.uuid4().hex[:16]
    engine = create_engine(base)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield parse(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store on each backend."""
    yield from make_url(request.param, tmp_path)


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store holding the bundled corpus' four releases (shared by a module's tests: read only)."""
    from sectrack.store import Store

    for url in make_url(request.param, tmp_path_factory.mktemp("corpus")):
        with Store.open(url, create=True) as st:
            for path in RELEASES:
                st.add_release(path)
        yield url
