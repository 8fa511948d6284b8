"""The migration that adds the check constraints repairs what it can and refuses the rest.

Each test migrates the database back to before the constraints, stores bad rows through
the historical models (as the buggy demo and old code did), migrates forward and looks.
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from identification.data_repair import UnrepairableValues, choice_for, shifted_channels
from identification.models import Influencer, Mention, Study

BEFORE = [("identification", "0002_evidence_change_counter"), ("surveys", "0001_initial")]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def old_schema():
    """Historical models from before the constraints; the schema is put back afterwards."""
    executor = _migrate(BEFORE)
    try:
        yield executor.loader.project_state(BEFORE).apps
    finally:
        # Whatever a test left (even rows that stop the migration) goes before migrating on.
        call_command("flush", interactive=False, verbosity=0)
        _migrate(_latest())


def _old_demo_rows(old):
    """A client with the rows the buggy demo stored: a kind holding channels, and so on."""
    Client = old.get_model("identification", "Client")
    Category = old.get_model("identification", "Category")
    Study = old.get_model("identification", "Study")
    Stage = old.get_model("identification", "DecisionStage")
    Organization = old.get_model("identification", "Organization")
    Buyer = old.get_model("identification", "Buyer")
    Influencer = old.get_model("identification", "Influencer")
    Evidence = old.get_model("identification", "Evidence")
    Mention = old.get_model("identification", "Mention")
    client = Client.objects.create(name="Northwind Software", slug="northwind")
    category = Category.objects.create(client=client, name="Commentators", family="media")
    study = Study.objects.create(client=client, name="Demo", slug="demo")
    stage = Stage.objects.create(study=study, order=1, name="Selection", weight=2.0)
    org = Organization.objects.create(client=client, name="Calder Logistics")
    buyer = Buyer.objects.create(client=client, organization=org, role="decision_maker")
    podcaster = Influencer.objects.create(
        client=client, name="Claire Dunn", kind="('web',)", category=category,
        external_id="claire-dunn",
    )  # fmt: skip
    forum = Influencer.objects.create(
        client=client, name="UK Payroll Forum", kind="Community", category=category
    )
    demo = Evidence.objects.create(
        study=study, kind="interview", buyer=buyer, collected_on=dt.date(2026, 8, 1),
        source_key="demo-interview-01",
    )  # fmt: skip
    peer = Influencer.objects.create(
        client=client, name="Lucy Adams", kind="('in_person',)", category=category,
        external_id="lucy-adams",
    )  # fmt: skip
    other = Evidence.objects.create(
        study=study, kind="interview", buyer=buyer, collected_on=dt.date(2026, 8, 2),
        source_key="demo-interview-02",
    )  # fmt: skip
    for evidence, influencer in (
        (demo, podcaster),
        (demo, podcaster),
        (demo, forum),
        (other, peer),
    ):
        Mention.objects.create(
            evidence=evidence, influencer=influencer, stage=stage, strength="Decisive",
            direction="neutral", channel="in_person",
        )  # fmt: skip
    return {
        "study": study.pk, "podcaster": podcaster.pk, "forum": forum.pk, "peer": peer.pk,
        "stage": stage,
    }  # fmt: skip


def test_the_demo_kinds_and_their_lost_channels_are_repaired(old_schema):
    rows = _old_demo_rows(old_schema)
    _migrate(_latest())
    podcaster = Influencer.objects.get(pk=rows["podcaster"])
    assert podcaster.kind == "person"
    assert set(podcaster.mentions.values_list("channel", flat=True)) == {"web"}
    # A choice spelled as its label is that choice; other channels are left as they were.
    assert Influencer.objects.get(pk=rows["forum"]).kind == "community"
    assert set(Mention.objects.values_list("strength", flat=True)) == {"decisive"}
    assert Mention.objects.filter(influencer_id=rows["forum"]).get().channel == "in_person"
    # Lucy Adams is met in person, as her mentions already said: only her kind was wrong.
    lucy = Influencer.objects.get(pk=rows["peer"])
    assert (lucy.kind, lucy.mentions.get().channel) == ("person", "in_person")
    # The one changed interview counts as one change the published ranking has not seen.
    assert Study.objects.get(pk=rows["study"]).evidence_changes == 1


def test_a_value_that_cannot_be_known_stops_the_migration_and_changes_nothing(old_schema):
    rows = _old_demo_rows(old_schema)
    Mention = old_schema.get_model("identification", "Mention")
    Study_ = old_schema.get_model("identification", "Study")
    bad = Mention.objects.filter(influencer_id=rows["forum"]).get()
    bad.channel = "carrier pigeon"
    bad.save()
    Study_.objects.filter(pk=rows["study"]).update(recency_half_life_days=0)
    with pytest.raises(UnrepairableValues) as refused:
        _migrate(_latest())
    message = str(refused.value)
    assert "identification_mention: 1 row(s) break mention_channel_valid" in message
    assert f"id {bad.pk} = 'carrier pigeon'" in message
    assert "identification_study: 1 row(s) break study_recency_half_life_days_range" in message
    assert "run migrate again" in message
    # Nothing was repaired half-way: the recoverable rows still hold their old values.
    Influencer_ = old_schema.get_model("identification", "Influencer")
    assert Influencer_.objects.get(pk=rows["podcaster"]).kind == "('web',)"
    # Corrected by hand, the migration goes through.
    Mention.objects.filter(pk=bad.pk).update(channel="online_community")
    Study_.objects.filter(pk=rows["study"]).update(recency_half_life_days=365)
    _migrate(_latest())
    assert Mention.objects.filter(pk=bad.pk).get().channel == "online_community"


@pytest.mark.django_db(transaction=False)
def test_choice_spellings_and_shifted_channels_are_recognised():
    choices = [("in_person", "In person"), ("phone_email", "Phone or email")]
    assert choice_for("In Person", choices) == "in_person"
    assert choice_for("in-person", choices) == "in_person"
    assert choice_for("phone or email", choices) == "phone_email"
    assert choice_for("carrier pigeon", choices) is None
    assert shifted_channels("('web',)") == ("web",)
    assert shifted_channels("('publication', 'event')") == ("publication", "event")
    assert shifted_channels("(1, 2)") is None
    assert shifted_channels("person") is None
    assert shifted_channels("(not python") is None
