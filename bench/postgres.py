"""What the PostgreSQL benchmarks share: a database of their own, and Django set up on it."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit


def with_database(url: str, name: str) -> str:
    """`url` with its database replaced by `name`."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def admin(url: str, *statements: str) -> None:
    """Run statements (CREATE/DROP DATABASE) on the server's `postgres` database."""
    import psycopg2

    conn = psycopg2.connect(with_database(url, "postgres"))
    conn.autocommit = True
    with conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    conn.close()


def setup_django(database_url: str) -> None:
    """Set Django up on `database_url` with the project's settings and quiet logging."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["DJANGO_SETTINGS_MODULE"] = "influencer50.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
