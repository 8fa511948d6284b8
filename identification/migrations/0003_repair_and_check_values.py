"""Check constraints on every choice field and bounded number of the core models.

Before they are added, rows that would break them are repaired where the intended value
is certain (identification.data_repair) and the migration stops with a list otherwise.
"""

from collections import Counter

from django.db import migrations, models

import identification.models.studies
import identification.models.validators
from identification.data_repair import repair_or_refuse, shifted_channels

CONSTRAINTS = [
    (
        "buyer",
        models.CheckConstraint(condition=models.Q(('role__in', ['decision_maker', 'buying_influencer', 'user', 'gatekeeper', 'procurement'])), name='buyer_role_valid', violation_error_message='Role must be one of: decision_maker, buying_influencer, user, gatekeeper, procurement.'),
    ),
    (
        "buyer",
        models.CheckConstraint(condition=models.Q(('buying_situation__in', ['new_buy', 'modified_rebuy', 'straight_rebuy', ''])), name='buyer_buying_situation_valid', violation_error_message='Buying situation must be one of: new_buy, modified_rebuy, straight_rebuy, or blank.'),
    ),
    (
        "buyer",
        models.CheckConstraint(condition=models.Q(('outcome__in', ['client', 'competitor', 'no_decision', ''])), name='buyer_outcome_valid', violation_error_message='Outcome must be one of: client, competitor, no_decision, or blank.'),
    ),
    (
        "buyer",
        models.CheckConstraint(condition=models.Q(('deal_size_band__in', ['small', 'medium', 'large', 'enterprise', ''])), name='buyer_deal_size_band_valid', violation_error_message='Deal size band must be one of: small, medium, large, enterprise, or blank.'),
    ),
    (
        "category",
        models.CheckConstraint(condition=models.Q(('family__in', ['media', 'analyst', 'consultant', 'academic', 'social', 'association', 'peer', 'channel', 'internal', 'other'])), name='category_family_valid', violation_error_message='Family must be one of: media, analyst, consultant, academic, social, association, peer, channel, internal, other.'),
    ),
    (
        "decisionstage",
        models.CheckConstraint(condition=models.Q(('weight__gte', 0), ('weight__lte', 1.7976931348623157e+308)), name='decision_stage_weight_range', violation_error_message='Weight must be a finite number, at least 0.'),
    ),
    (
        "decisionstage",
        models.CheckConstraint(condition=models.Q(('order__gte', 1)), name='decision_stage_order_range', violation_error_message='Order must be at least 1.'),
    ),
    (
        "evidence",
        models.CheckConstraint(condition=models.Q(('kind__in', ['interview', 'survey'])), name='evidence_kind_valid', violation_error_message='Kind must be one of: interview, survey.'),
    ),
    (
        "influencer",
        models.CheckConstraint(condition=models.Q(('kind__in', ['person', 'organization', 'community'])), name='influencer_kind_valid', violation_error_message='Kind must be one of: person, organization, community.'),
    ),
    (
        "membership",
        models.CheckConstraint(condition=models.Q(('role__in', ['analyst', 'marketing_head', 'engagement_owner', 'viewer'])), name='membership_role_valid', violation_error_message='Role must be one of: analyst, marketing_head, engagement_owner, viewer.'),
    ),
    (
        "mention",
        models.CheckConstraint(condition=models.Q(('strength__in', ['minor', 'notable', 'decisive'])), name='mention_strength_valid', violation_error_message='Strength must be one of: minor, notable, decisive.'),
    ),
    (
        "mention",
        models.CheckConstraint(condition=models.Q(('direction__in', ['client', 'competitor', 'neutral'])), name='mention_direction_valid', violation_error_message='Direction must be one of: client, competitor, neutral.'),
    ),
    (
        "mention",
        models.CheckConstraint(condition=models.Q(('channel__in', ['in_person', 'phone_email', 'event', 'publication', 'social_media', 'online_community', 'web'])), name='mention_channel_valid', violation_error_message='Channel must be one of: in_person, phone_email, event, publication, social_media, online_community, web.'),
    ),
    (
        "namereview",
        models.CheckConstraint(condition=models.Q(('status__in', ['open', 'accepted', 'created', 'merged'])), name='name_review_status_valid', violation_error_message='Status must be one of: open, accepted, created, merged.'),
    ),
    (
        "nonpersoninfluence",
        models.CheckConstraint(condition=models.Q(('source__in', ['search', 'vendor_website', 'previous_experience', 'events'])), name='non_person_influence_source_valid', violation_error_message='Source must be one of: search, vendor_website, previous_experience, events.'),
    ),
    (
        "organization",
        models.CheckConstraint(condition=models.Q(('size_band__in', ['1-49', '50-249', '250-999', '1000+', ''])), name='organization_size_band_valid', violation_error_message='Size band must be one of: 1-49, 50-249, 250-999, 1000+, or blank.'),
    ),
    (
        "rankingentry",
        models.CheckConstraint(condition=models.Q(('mode__in', ['online', 'offline', 'hybrid'])), name='ranking_entry_mode_valid', violation_error_message='Mode must be one of: online, offline, hybrid.'),
    ),
    (
        "rankingentry",
        models.CheckConstraint(condition=models.Q(('direction__in', ['advocate', 'neutral', 'detractor'])), name='ranking_entry_direction_valid', violation_error_message='Direction must be one of: advocate, neutral, detractor.'),
    ),
    (
        "rankingentry",
        models.CheckConstraint(condition=models.Q(('rank__gte', 1)), name='ranking_entry_rank_range', violation_error_message='Rank must be at least 1.'),
    ),
    (
        "rankingentry",
        models.CheckConstraint(condition=models.Q(('rank_low__gte', 1)), name='ranking_entry_rank_low_range', violation_error_message='Rank low must be at least 1.'),
    ),
    (
        "rankingentry",
        models.CheckConstraint(condition=models.Q(('rank_low__lte', models.F('rank_high'))), name='ranking_entry_interval_range', violation_error_message='The rank interval must run from low to high.'),
    ),
    (
        "rankingentry",
        models.CheckConstraint(condition=models.Q(('score__gte', 0), ('score__lte', 1)), name='ranking_entry_score_range', violation_error_message='Score must be between 0 and 1.'),
    ),
    (
        "rankingentry",
        models.CheckConstraint(condition=models.Q(('online_share__gte', 0), ('online_share__lte', 1)), name='ranking_entry_online_share_range', violation_error_message='Online share must be between 0 and 1.'),
    ),
    (
        "rankingentry",
        models.CheckConstraint(condition=models.Q(('top_n_share__gte', 0), ('top_n_share__lte', 1)), name='ranking_entry_top_n_share_range', violation_error_message='Top n share must be between 0 and 1.'),
    ),
    (
        "rankingentry",
        models.CheckConstraint(condition=models.Q(('direction_score__gte', -1), ('direction_score__lte', 1)), name='ranking_entry_direction_score_range', violation_error_message='Direction score must be between -1 and 1.'),
    ),
    (
        "rankingentry",
        models.CheckConstraint(condition=models.Q(('weighted_mentions__gte', 0), ('weighted_mentions__lte', 1.7976931348623157e+308)), name='ranking_entry_weighted_mentions_range', violation_error_message='Weighted mentions must be a finite number, at least 0.'),
    ),
    (
        "rankingrun",
        models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'running', 'succeeded', 'failed'])), name='ranking_run_status_valid', violation_error_message='Status must be one of: queued, running, succeeded, failed.'),
    ),
    (
        "rankingrun",
        models.CheckConstraint(condition=models.Q(('trigger__in', ['manual', 'auto', 'command'])), name='ranking_run_trigger_valid', violation_error_message='Trigger must be one of: manual, auto, command.'),
    ),
    (
        "rankingrun",
        models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='ranking_run_progress_range', violation_error_message='Progress must be at most 100.'),
    ),
    (
        "study",
        models.CheckConstraint(condition=models.Q(('recency_half_life_days__gte', 1)), name='study_recency_half_life_days_range', violation_error_message='Recency half life days must be at least 1.'),
    ),
    (
        "study",
        models.CheckConstraint(condition=models.Q(('strength_weights__has_keys', ['minor', 'notable', 'decisive']), ('strength_weights__minor__gte', 0), ('strength_weights__notable__gte', 0), ('strength_weights__decisive__gte', 0)), name='study_strength_weights_range', violation_error_message='Strength weights: give a weight of zero or more for minor, notable, decisive.'),
    ),
    (
        "study",
        models.CheckConstraint(condition=models.Q(('role_weights__decision_maker__gte', 0), ('role_weights__buying_influencer__gte', 0), ('role_weights__user__gte', 0), ('role_weights__gatekeeper__gte', 0), ('role_weights__procurement__gte', 0)), name='study_role_weights_range', violation_error_message='Role weights: a weight of zero or more for decision_maker, buying_influencer, user, gatekeeper, procurement.'),
    ),
]


def restore_demo_channels(apps, schema_editor):
    """Give the demo's mentions of people whose channels landed in `kind` those channels.

    Each of them had a single channel, which the demo would have drawn for every one of
    their mentions; they got the default "in_person" instead. Runs before the kinds
    themselves are repaired, while they still say which channel was meant, and counts the
    interviews it changes as evidence changes, so the study page offers a new ranking.
    """
    Influencer = apps.get_model("identification", "Influencer")
    Mention = apps.get_model("identification", "Mention")
    Study = apps.get_model("identification", "Study")
    changed = set()  # (study, evidence): an interview naming two of them is one change
    for influencer in Influencer.objects.filter(kind__startswith="("):
        channels = shifted_channels(influencer.kind)
        if not channels or len(channels) != 1 or channels[0] == "in_person":
            continue  # several channels: which one each mention had is not known
        mentions = Mention.objects.filter(
            influencer=influencer, channel="in_person", evidence__source_key__startswith="demo-"
        )
        changed |= set(mentions.values_list("evidence__study_id", "evidence_id"))
        mentions.update(channel=channels[0])
    for study_id, count in Counter(study_id for study_id, _ in changed).items():
        Study.objects.filter(pk=study_id).update(
            evidence_changes=models.F("evidence_changes") + count
        )


def person_if_shifted(value):
    # Everyone the demo gave channels positionally was a person (Person's default kind).
    return "person" if shifted_channels(value) else None


class Migration(migrations.Migration):

    dependencies = [
        ("identification", "0002_evidence_change_counter"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='decisionstage',
            name='stage_weight_gte_0',
        ),
        migrations.AlterField(
            model_name='influencer',
            name='audience',
            field=models.JSONField(blank=True, default=dict, help_text='Optional online audience figures, e.g. {"LinkedIn": 12000}.', validators=[identification.models.validators.validate_audience]),
        ),
        migrations.AlterField(
            model_name='rankingentry',
            name='direction',
            field=models.CharField(choices=[('advocate', 'Advocate of the client'), ('neutral', 'Neutral'), ('detractor', 'Detractor')], max_length=10),
        ),
        migrations.AlterField(
            model_name='rankingentry',
            name='mode',
            field=models.CharField(choices=[('online', 'Online'), ('offline', 'Offline'), ('hybrid', 'Hybrid')], max_length=10),
        ),
        migrations.AlterField(
            model_name='study',
            name='role_weights',
            field=models.JSONField(default=identification.models.studies.default_role_weights, validators=[identification.models.validators.validate_role_weights]),
        ),
        migrations.AlterField(
            model_name='study',
            name='strength_weights',
            field=models.JSONField(default=identification.models.studies.default_strength_weights, validators=[identification.models.validators.validate_strength_weights]),
        ),
        migrations.RunPython(restore_demo_channels, migrations.RunPython.noop),
        migrations.RunPython(
            repair_or_refuse(
                "identification", CONSTRAINTS, fixes={"influencer.kind": person_if_shifted}
            ),
            migrations.RunPython.noop,
        ),
        *(
            migrations.AddConstraint(model_name=model_name, constraint=constraint)
            for model_name, constraint in CONSTRAINTS
        ),
    ]
