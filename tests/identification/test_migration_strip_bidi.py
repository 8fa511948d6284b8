"""Migration 0009 strips the bidirectional controls from names stored before it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("identification", "0008_mention_position")]
AFTER = [("identification", "0009_names_refuse_bidi_controls")]


@pytest.fixture
def old_state(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_stored_names_lose_their_controls_and_clashes_are_told_apart(old_state):
    apps = old_state
    Client = apps.get_model("identification", "Client")
    Organization = apps.get_model("identification", "Organization")
    Category = apps.get_model("identification", "Category")
    Influencer = apps.get_model("identification", "Influencer")
    Alias = apps.get_model("identification", "InfluencerAlias")
    Buyer = apps.get_model("identification", "Buyer")

    client = Client.objects.create(name="\u202eAcme\u202c", slug="acme")
    Organization.objects.create(client=client, name="Initech")
    hostile_org = Organization.objects.create(client=client, name="Init\u2066ech\u2069")
    category = Category.objects.create(client=client, name="Peers", family="peer")
    evil = Influencer.objects.create(
        client=client,
        name="\u202eevil\u202c txt.exe",
        normalized_name="\u202eevil\u202c txt.exe",
        category=category,
        affiliation="\u202bLabs",
    )
    kept = Alias.objects.create(influencer=evil, name="E\u202dvil", normalized="e\u202dvil")
    copy = Alias.objects.create(influencer=evil, name="\u2067evil txt.exe", normalized="x")
    buyer = Buyer.objects.create(
        client=client, organization=hostile_org, name="Bob\u202e", title="\u2068CTO", role="user"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    assert Client.objects.get(pk=client.pk).name == "Acme"
    assert Organization.objects.get(pk=hostile_org.pk).name == "Initech (2)"
    evil.refresh_from_db()
    assert (evil.name, evil.normalized_name, evil.affiliation) == (
        "evil txt.exe",
        "evil txt.exe",
        "Labs",
    )
    kept.refresh_from_db()
    assert (kept.name, kept.normalized) == ("Evil", "evil")
    # The other alias became a copy of the influencer's own name.
    assert not Alias.objects.filter(pk=copy.pk).exists()
    buyer.refresh_from_db()
    assert (buyer.name, buyer.title) == ("Bob", "CTO")
