"""Connecting to a store: the URL, the engine (SQLite or PostgreSQL), write transactions that hold
the store's write lock, and the schema revision check (``store upgrade`` runs the migrations)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, CursorResult, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from sectrack.store.errors import StoreBusy, StoreError
from sectrack.store.schema import HEAD

DEFAULT_URL = "sqlite:///sectrack.db"
BUSY_SECONDS = 60  # how long a writer waits for another writer before giving up ($SECTRACK_STORE_WAIT)
WRITE_LOCK_KEY = 0x5EC7_5EC7  # PostgreSQL advisory lock held by every write transaction
MIGRATIONS = Path(__file__).parent / "migrations"


def resolve_url(url: str | None = None) -> str:
    """The store's URL: ``url``, else $SECTRACK_STORE, else ``sectrack.db`` in the working directory.
    A plain path (no ``://``) names an SQLite file."""
    url = url or os.environ.get("SECTRACK_STORE") or DEFAULT_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def wait_seconds() -> float:
    """How long a writer waits for the store's write lock: $SECTRACK_STORE_WAIT, else BUSY_SECONDS."""
    try:
        return max(0.0, float(os.environ.get("SECTRACK_STORE_WAIT", BUSY_SECONDS)))
    except ValueError:
        return BUSY_SECONDS


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and writers that queue."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(url, "not a store URL (use a file name, sqlite:///FILE or postgresql+psycopg://...)") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database or "")
    if parsed.get_backend_name() == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            raise StoreError(display_url(url), "PostgreSQL is reached through psycopg 3: use postgresql+psycopg://")
        return create_engine(url, pool_pre_ping=False)
    raise StoreError(display_url(url), f"unsupported database {parsed.get_backend_name()!r} (SQLite or PostgreSQL)")


def _sqlite_engine(url: str, database: str) -> Engine:
    if database and database != ":memory:":
        folder = Path(database).expanduser().resolve().parent
        if not folder.is_dir():
            raise StoreError(database, "the store's folder does not exist")
    wait = wait_seconds()
    engine = create_engine(url, connect_args={"timeout": wait})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # transactions are begun below, as each needs
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("sectrack_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@contextlib.contextmanager
def writing(engine: Engine, where: str) -> Iterator[Connection]:
    """One write transaction holding the store's write lock: committed whole or not at all.
    Writers queue for the lock; one that waits too long gets StoreBusy (try again)."""
    try:
        with engine.connect() as conn:
            conn = conn.execution_options(sectrack_write=True)
            with conn.begin():
                if engine.dialect.name != "sqlite":  # SQLite: BEGIN IMMEDIATE took the lock already
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{max(1, int(wait_seconds() * 1000))}ms'")
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
                yield conn
    except OperationalError as exc:
        if _is_busy(exc):
            raise StoreBusy(where, "the store is busy (another sectrack is writing to it): try again") from None
        raise


def _is_busy(exc: DBAPIError) -> bool:
    message = str(exc.orig).lower()
    return "locked" in message or "busy" in message or "lock timeout" in message


def revision(conn: Connection) -> str | None:
    """The store's schema revision, read from its ``alembic_version`` table; None for an empty
    database, "" for tables sectrack did not make."""
    if not conn.dialect.has_table(conn, "alembic_version"):
        return "" if any(conn.dialect.has_table(conn, t) for t in ("documents", "versions", "releases")) else None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def check_revision(engine: Engine, where: str) -> str | None:
    """The store's revision; an error unless it is the one this sectrack reads (or the store is empty)."""
    try:
        with engine.connect() as conn:
            rev = revision(conn)
            conn.rollback()
    except OperationalError as exc:
        raise StoreError(where, f"cannot open the store ({_first_line(exc)})") from None
    if rev is None or rev == HEAD:
        return rev
    if rev == "":
        raise StoreError(where, "not a sectrack store (its tables have no schema revision)")
    if rev in _known_revisions():
        raise StoreError(where, f"the store was made by an older sectrack (schema {rev}, this one reads {HEAD}): "
                         "run `sectrack store upgrade`")
    raise StoreError(where, f"the store was made by a newer sectrack (schema {rev}, this one reads {HEAD}): "
                     "upgrade sectrack")


def _known_revisions() -> set[str]:
    return {p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*.py")}


def _first_line(exc: Exception) -> str:
    orig = getattr(exc, "orig", exc)
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


def upgrade(engine: Engine, where: str, target: str = HEAD) -> tuple[str | None, str]:
    """Run every migration the store lacks (up to ``target``), in one transaction; (revision
    before, after)."""
    from alembic import command
    from alembic.config import Config

    with writing(engine, where) as conn:
        before = revision(conn)
        if before == "":
            raise StoreError(where, "not a sectrack store (its tables have no schema revision)")
        if before is not None and before != HEAD and before not in _known_revisions():
            raise StoreError(where, f"the store was made by a newer sectrack (schema {before})")
        if before != target:
            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
    return before, target


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the one row an INSERT added."""
    key = result.inserted_primary_key
    assert key is not None, "an INSERT of one row returns its key"
    return int(key[0])
