"""The store suite runs against both backends: SQLite in a temp file and a real PostgreSQL server."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.pg import pg_bin, postgres_server


@pytest.fixture(scope="session")
def pg_url():
    if pg_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries missing in CI: scripts/test.sh installs the postgresql package")
        pytest.skip("PostgreSQL binaries not installed (bash scripts/test.sh installs them)")
    with postgres_server() as url:
        yield url


@pytest.fixture()
def pg_database(pg_url):
    """A fresh database per test on the shared server."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield pg_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def make_store(request, tmp_path):
    """A factory for stores of one backend (each call opens a new connection to the same database)."""
    opened = []
    if request.param == "sqlite":
        from bot.store.sqlite import SQLiteStore

        path = tmp_path / "store.sqlite3"

        def factory(**kw):
            opened.append(SQLiteStore(path, **kw))
            return opened[-1]
    else:
        from bot.store.postgres import PostgresStore

        url = request.getfixturevalue("pg_database")

        def factory(**kw):
            kw.pop("max_bytes", None)
            opened.append(PostgresStore(url, **kw))
            return opened[-1]
    yield factory
    for store in opened:
        store.close()


@pytest.fixture()
def store(make_store):
    return make_store()
