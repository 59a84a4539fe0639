"""The schema: made by the shipped Alembic migrations, checked on every open, upgraded on request."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import create_engine, inspect, text
from store.conftest import RELEASES

from sectrack.cli import main
from sectrack.store import Store, StoreError, core
from sectrack.store.engine import MIGRATIONS, make_engine, upgrade
from sectrack.store.schema import HEAD, metadata


def cli(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--store", url])
    return result.exit_code, result.stdout, result.stderr


def test_the_migrations_make_the_tables_the_code_reads(store_url: str) -> None:
    Store.open(store_url, create=True).close()
    engine = create_engine(store_url)
    with engine.connect() as conn:
        found = inspect(conn)
        tables = set(found.get_table_names()) - {"alembic_version"}
        assert tables == set(metadata.tables)
        for name, table in metadata.tables.items():
            assert [c["name"] for c in found.get_columns(name)] == [c.name for c in table.columns], name
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    engine.dispose()


def test_an_older_store_is_refused_until_upgraded(store_url: str) -> None:
    engine = make_engine(store_url)
    upgrade(engine, "old", target="0001")
    engine.dispose()
    code, _out, err = cli(store_url, "release", "add", str(RELEASES[0]))
    assert code == 2 and "the store was made by an older sectrack (schema 0001, this one reads 0002): run `sectrack store upgrade`" in err
    code, out, err = cli(store_url, "store", "upgrade")
    assert code == 0 and out.strip().endswith("schema 0001 -> 0002"), err
    code, out, _ = cli(store_url, "store", "upgrade")
    assert code == 0 and "nothing to do" in out
    code, out, err = cli(store_url, "release", "add", str(RELEASES[0]))
    assert code == 0, err
    code, out, _ = cli(store_url, "store", "info")
    assert code == 0 and "3 documents, 3 versions, 1 releases" in out


def test_a_newer_or_foreign_store_is_never_misread(store_url: str) -> None:
    Store.open(store_url, create=True).close()
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    code, _out, err = cli(store_url, "log")
    assert code == 2 and "made by a newer sectrack (schema 0099" in err
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    try:
        Store.open(store_url)
        raise AssertionError("a store without a revision was opened")
    except StoreError as exc:
        assert "not a sectrack store" in str(exc)
    engine.dispose()


def test_the_revision_this_sectrack_reads_is_the_head_of_its_migrations() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD


def test_the_stored_formats_name_the_serialisers_schemas() -> None:
    import sectrack
    from sectrack.serial import COMPARISON_SCHEMA, DOCUMENT_SCHEMA, SCHEMA_VERSION

    assert f"{DOCUMENT_SCHEMA}-{SCHEMA_VERSION}" == core.MODEL_FORMAT
    assert core.COMPARE_VERSION.startswith(f"sectrack-{sectrack.__version__}/{COMPARISON_SCHEMA}-{SCHEMA_VERSION}/")
