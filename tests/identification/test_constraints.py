"""The database refuses values outside a field's choices or bounds, whatever path writes them.

Each check constraint of the core and survey models is tried with a bad value through the
ORM (save() and a queryset update(), which bypass forms and full_clean()); completeness
tests fail when a choice field has no constraint or a constraint has no bad-value case here.
"""

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction

from identification.models import (
    ApiToken,
    Membership,
    NameReview,
    NonPersonInfluence,
    Organization,
    RankingEntry,
    RankingRun,
    WebhookDelivery,
    WebhookEndpoint,
)
from surveys.models import ImportJob, Survey
from tests.factories import BuyerFactory, EvidenceFactory, InfluencerFactory, MentionFactory

APPS = ("identification", "surveys")
MODELS = [m for label in APPS for m in apps.get_app_config(label).get_models()]


def _run(tenant):
    return RankingRun.objects.create(study=tenant.study, status=RankingRun.Status.SUCCEEDED)


def _entry(tenant):
    return RankingEntry.objects.create(
        run=_run(tenant),
        influencer_name="Someone",
        rank=3,
        score=0.2,
        mode="offline",
        direction="neutral",
        rank_low=2,
        rank_high=5,
    )


BUILDERS = {
    "membership": lambda t: Membership.objects.get(user=t.users["viewer"]),
    "organization": lambda t: Organization.objects.create(client=t.client, name="Initrode"),
    "buyer": lambda t: BuyerFactory(client=t.client),
    "category": lambda t: t.client.categories.first(),
    "influencer": lambda t: InfluencerFactory(client=t.client),
    "name_review": lambda t: NameReview.objects.create(client=t.client, name="A. Person"),
    "study": lambda t: t.study,
    "decision_stage": lambda t: t.study.stages.first(),
    "evidence": lambda t: EvidenceFactory(study=t.study),
    "non_person_influence": lambda t: NonPersonInfluence.objects.create(
        evidence=EvidenceFactory(study=t.study), stage=t.study.stages.first(), source="search"
    ),
    "mention": lambda t: MentionFactory(evidence=EvidenceFactory(study=t.study)),
    "ranking_run": _run,
    "ranking_entry": _entry,
    "survey": lambda t: Survey.objects.create(study=t.study, title="Buyers 2026"),
    "import_job": lambda t: ImportJob.objects.create(study=t.study, filename="a.csv", content=b""),
    "api_token": lambda t: ApiToken.objects.create(
        user=t.users["analyst"], name="CRM sync", hint="i50_abc", key_hash="0" * 64
    ),
    "webhook_delivery": lambda t: WebhookDelivery.objects.create(
        endpoint=WebhookEndpoint.objects.create(
            client=t.client, url="https://example.com/hook", secret="s" * 32
        ),
        event="run.published",
        payload={},
    ),
}

# constraint name -> bad values, each a dict of fields to set on a valid object.
BAD = {
    "membership_role_valid": [{"role": "owner"}],
    "organization_size_band_valid": [{"size_band": "huge"}],
    "buyer_role_valid": [{"role": "ceo"}, {"role": ""}],
    "buyer_buying_situation_valid": [{"buying_situation": "impulse"}],
    "buyer_outcome_valid": [{"outcome": "won"}],
    "buyer_deal_size_band_valid": [{"deal_size_band": "xl"}],
    "category_family_valid": [{"family": "celebrity"}],
    "influencer_kind_valid": [{"kind": "('web',)"}, {"kind": "Person"}],
    "name_review_status_valid": [{"status": "closed"}],
    "study_recency_half_life_days_range": [{"recency_half_life_days": 0}],
    "study_damping_range": [{"damping": -0.1}, {"damping": 0.99}],
    "study_strength_weights_range": [
        {"strength_weights": {"minor": -1, "notable": 2, "decisive": 4}},
        {"strength_weights": {"minor": 1, "notable": 2}},
    ],
    "study_role_weights_range": [{"role_weights": {"decision_maker": 1, "user": -0.5}}],
    "decision_stage_weight_range": [{"weight": -1.0}, {"weight": float("inf")}],
    "decision_stage_order_range": [{"order": 0}],
    "evidence_kind_valid": [{"kind": "email"}],
    "non_person_influence_source_valid": [{"source": "tv"}],
    "mention_strength_valid": [{"strength": "huge"}],
    "mention_direction_valid": [{"direction": "sideways"}],
    "mention_channel_valid": [{"channel": "carrier_pigeon"}, {"channel": "In person"}],
    "ranking_run_status_valid": [{"status": "paused"}],
    "ranking_run_trigger_valid": [{"trigger": "cron"}],
    "ranking_run_progress_range": [{"progress": 101}],
    "ranking_entry_mode_valid": [{"mode": "telepathic"}],
    "ranking_entry_direction_valid": [{"direction": "hostile"}],
    "ranking_entry_rank_range": [{"rank": 0}],
    "ranking_entry_rank_low_range": [{"rank_low": 0}],
    "ranking_entry_interval_range": [{"rank_low": 5, "rank_high": 2}],
    "ranking_entry_score_range": [{"score": 1.5}, {"score": -0.1}],
    "ranking_entry_online_share_range": [{"online_share": 2.0}],
    "ranking_entry_top_n_share_range": [{"top_n_share": -0.5}],
    "ranking_entry_direction_score_range": [{"direction_score": -2.0}],
    "ranking_entry_weighted_mentions_range": [{"weighted_mentions": -1.0}],
    "import_job_status_valid": [{"status": "paused"}],
    "import_job_progress_range": [{"progress": 150}],
    "survey_names_per_stage_range": [{"names_per_stage": 0}, {"names_per_stage": 11}],
    "api_token_scope_valid": [{"scope": "admin"}],
    "webhook_delivery_status_valid": [{"status": "lost"}],
}


def _check_constraints():
    return {
        c.name: model
        for model in MODELS
        for c in model._meta.constraints
        if isinstance(c, models.CheckConstraint)
        and (c.name.endswith("_valid") or c.name.endswith("_range"))
    }


def _cases():
    for name, values in BAD.items():
        builder = name.split("_")[0]
        for prefix in sorted(BUILDERS, key=len, reverse=True):
            if name.startswith(prefix + "_"):
                builder = prefix
                break
        for fields in values:
            yield pytest.param(builder, name, fields, id=f"{name}-{fields}")


def _allowed_by(constraint, field: str):
    """The values a `field__in` constraint allows, or None if it is another kind."""
    children = constraint.condition.children
    if len(children) == 1 and isinstance(children[0], tuple):
        lookup, values = children[0]
        if lookup == f"{field}__in":
            return set(values)
    return None


def test_every_choice_field_has_a_constraint_with_exactly_its_choices():
    missing = []
    for model in MODELS:
        checks = [c for c in model._meta.constraints if isinstance(c, models.CheckConstraint)]
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            allowed = {str(v) for v, _ in field.flatchoices} | ({""} if field.blank else set())
            found = [_allowed_by(c, field.name) for c in checks]
            if [a for a in found if a is not None] != [allowed]:
                missing.append(f"{model.__name__}.{field.name}")
    assert missing == []


def test_every_check_constraint_is_tried_with_a_bad_value_here():
    assert set(_check_constraints()) == set(BAD)


@pytest.mark.parametrize(("builder", "constraint", "fields"), list(_cases()))
def test_the_database_refuses_a_bad_value_through_save_and_update(
    tenant, builder, constraint, fields
):
    obj = BUILDERS[builder](tenant)
    model = type(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        obj.save()
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        model.objects.filter(pk=obj.pk).update(**fields)
    stored = model.objects.filter(pk=obj.pk).values(*fields).first()
    assert all(stored[name] != value for name, value in fields.items())


def test_valid_boundary_values_are_stored(tenant):
    stage = tenant.study.stages.first()
    stage.weight = 0.0
    stage.save()
    tenant.study.strength_weights = {"minor": 0, "notable": 0.5, "decisive": 10}
    tenant.study.role_weights = {}
    tenant.study.recency_half_life_days = 1
    tenant.study.save()
    entry = _entry(tenant)
    entry.score, entry.online_share, entry.direction_score = 1.0, 0.0, -1.0
    entry.rank_low = entry.rank_high = 1
    entry.save()
    buyer = BuyerFactory(client=tenant.client, outcome="", deal_size_band="", buying_situation="")
    survey = Survey.objects.create(study=tenant.study, title="Ten names", names_per_stage=10)
    assert all(obj.pk for obj in (stage, tenant.study, entry, buyer, survey))
