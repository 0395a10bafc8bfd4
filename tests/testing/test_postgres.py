"""The throwaway PostgreSQL server: reachable on loopback, one database per test, gone after."""

from __future__ import annotations

import os

import psycopg
import pytest

from bot.testing.postgres import PostgresServer, running_postgres


def test_each_test_gets_its_own_empty_database(postgres_db: str, postgres_dsn: str) -> None:
    assert postgres_db.startswith("postgresql://postgres@127.0.0.1:")
    with psycopg.connect(postgres_db) as connection:
        connection.execute("CREATE TABLE marks (n integer)")
        tables = connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()
    assert tables == (1,)
    with psycopg.connect(postgres_dsn) as connection:
        found = connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'marks'"
        ).fetchone()
    assert found == (0,)


def test_a_copy_of_a_template_database_holds_its_tables(postgres_server: PostgresServer) -> None:
    source = postgres_server.create_database("template_source")
    with psycopg.connect(source, autocommit=True) as connection:
        connection.execute("CREATE TABLE kept (n integer)")
        connection.execute("INSERT INTO kept VALUES (7)")
    copy = postgres_server.create_database("template_copy", template="template_source")
    with psycopg.connect(copy) as connection:
        assert connection.execute("SELECT n FROM kept").fetchall() == [(7,)]
    postgres_server.drop_database("template_copy")
    postgres_server.drop_database("template_source")


@pytest.mark.slow
def test_leaving_the_block_stops_the_server_and_removes_its_files() -> None:
    with running_postgres() as server:
        pid, root = server.pid, server.root
        assert pid is not None
        with psycopg.connect(server.dsn) as connection:
            assert connection.execute("SELECT 1").fetchone() == (1,)
    assert not root.exists()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(server.dsn, connect_timeout=2)
