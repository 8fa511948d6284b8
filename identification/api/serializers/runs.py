"""Ranking runs and their ranked entries as the API shows them."""

from rest_framework import serializers

from identification.api.serializers.fields import IdField
from identification.models import RankingEntry, RankingRun
from identification.models.choices import Family

MODES = ("online", "offline", "hybrid")
DIRECTIONS = ("advocate", "neutral", "detractor")


class RunSerializer(serializers.ModelSerializer):
    published = serializers.SerializerMethodField(help_text="The study's published ranking.")

    class Meta:
        model = RankingRun
        fields = [
            "id",
            "status",
            "trigger",
            "progress",
            "published",
            "evidence_count",
            "mention_count",
            "respondent_count",
            "influencer_count",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]

    def get_published(self, run) -> bool:
        return run.study.published_run_id == run.pk


class RunDetailSerializer(RunSerializer):
    class Meta(RunSerializer.Meta):
        fields = [*RunSerializer.Meta.fields, "parameters", "saturation", "timings"]


class EntryInfluencerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    external_id = serializers.CharField()
    category = serializers.CharField(source="category.name")
    family = serializers.CharField(source="category.family")


class EntrySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="influencer_name")
    influencer = EntryInfluencerSerializer(
        allow_null=True, help_text="Null if the influencer was deleted since the run."
    )
    unreviewed = serializers.BooleanField(
        help_text="The name is still in the review queue (a provisional near match)."
    )
    stage_scores = serializers.DictField(child=serializers.FloatField())

    class Meta:
        model = RankingEntry
        fields = [
            "rank",
            "rank_low",
            "rank_high",
            "name",
            "influencer",
            "score",
            "reach_respondents",
            "reach_organizations",
            "mention_count",
            "mode",
            "direction",
            "direction_score",
            "online_share",
            "top_n_share",
            "stage_scores",
            "unreviewed",
        ]


class RankingFilterSerializer(serializers.Serializer):
    category = IdField(required=False, help_text="Category id.")
    family = serializers.ChoiceField(choices=Family.choices, required=False)
    mode = serializers.ChoiceField(choices=MODES, required=False)
    direction = serializers.ChoiceField(choices=DIRECTIONS, required=False)
    min_reach = serializers.IntegerField(
        required=False, min_value=0, help_text="At least this many respondents."
    )
    ordering = serializers.ChoiceField(
        choices=[
            "rank",
            "-rank",
            "score",
            "-score",
            "reach_respondents",
            "-reach_respondents",
            "reach_organizations",
            "-reach_organizations",
            "name",
            "-name",
        ],
        required=False,
        default="rank",
    )
