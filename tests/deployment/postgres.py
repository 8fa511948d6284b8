"""Scratch PostgreSQL databases beside the test database, for tests that need a fresh one."""

import os
from contextlib import contextmanager
from urllib.parse import quote

import dj_database_url
import psycopg2
from django.db import connection
from psycopg2 import sql


def url_of(name: str) -> str:
    """A URL for database `name` on the test database's server, with its credentials."""
    config = connection.settings_dict
    credentials = quote(config["USER"] or "")
    if config["PASSWORD"]:
        credentials += f":{quote(config['PASSWORD'])}"
    host = config["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{config['PORT'] or 5432}/{name}"


def _server():
    server = psycopg2.connect(url_of("postgres"))
    server.autocommit = True
    return server


@contextmanager
def scratch_database(suffix: str):
    """An empty database named after DATABASE_URL's (`<name>_<suffix>`), dropped afterwards."""
    name = f"{dj_database_url.parse(os.environ['DATABASE_URL'])['NAME']}_{suffix}"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    server = _server()
    try:
        with server.cursor() as cursor:
            cursor.execute(drop)
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield url_of(name)
    finally:
        with server.cursor() as cursor:
            cursor.execute(drop)
        server.close()


def query(url: str, statement: str, params=()) -> list[tuple]:
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    conn.close()
    return rows
