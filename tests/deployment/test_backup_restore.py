"""The README's backup commands: pg_dump a database holding the demo and its ranking, restore
it into an empty database, and the report's entries are the same."""

import subprocess

import pytest
from django.db import connection

from identification.demo.seed import seed
from tests.deployment.postgres import query, scratch_database, url_of

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

# The published ranking of every study, as the report lists it.
REPORT = """
SELECT s.id, e.rank, e.influencer_name, e.score, e.rank_low, e.rank_high,
       e.reach_respondents, e.reach_organizations, e.mode, e.direction,
       e.stage_scores::text, e.channel_profile::text
FROM identification_study s
JOIN identification_rankingentry e ON e.run_id = s.published_run_id
ORDER BY s.id, e.rank
"""
TABLES = """
SELECT table_name FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
"""


def row_counts(url: str) -> dict[str, int]:
    tables = [name for (name,) in query(url, TABLES)]
    return {name: query(url, f'SELECT count(*) FROM "{name}"')[0][0] for name in tables}


def test_a_dump_restored_into_an_empty_database_gives_the_same_report(tmp_path):
    seeded = seed()
    assert seeded.run is not None
    source = url_of(connection.settings_dict["NAME"])
    dump = tmp_path / "influencer50.dump"
    # The README's commands (operations: backups), with the server given as a URL.
    subprocess.run(["pg_dump", "--format=custom", "--file", dump, source], check=True)
    with scratch_database("restore") as target:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", target, dump], check=True
        )
        report = query(source, REPORT)
        assert len(report) == seeded.run.entries.count() > 40
        assert query(target, REPORT) == report
        assert row_counts(target) == row_counts(source)
