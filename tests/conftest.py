"""Shared fixtures: a status database on SQLite and on PostgreSQL (its own schema per test)."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from report_fixtures import report_home  # noqa: F401 - one report home for the report and browser tests

PG_URL = os.environ.get("MEDIUM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# CI must exercise PostgreSQL: there an unreachable server is a failure, not a skip.
REQUIRE_PG = os.environ.get("MEDIUM_TEST_REQUIRE_PG") == "1"


def _postgres_reachable() -> str | None:
    try:
        with create_engine(PG_URL).connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return f"{type(error).__name__}: {error}".splitlines()[0]
    return None


@pytest.fixture(scope="session")
def postgres_server() -> str:
    problem = _postgres_reachable()
    if problem:
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL at {PG_URL} is required here (MEDIUM_TEST_REQUIRE_PG=1): {problem}")
        pytest.skip(f"no PostgreSQL server reachable at {PG_URL} ({problem})")
    return PG_URL


@pytest.fixture
def postgres_url(postgres_server):
    """A URL whose search_path is a fresh schema, dropped afterwards: runs never collide."""
    schema = f"medium_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in postgres_server else "?"
    yield f"{postgres_server}{separator}options=-csearch_path%3D{schema}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """The status database on each engine we support."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'medium.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'medium.db'}"
