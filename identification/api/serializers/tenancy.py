"""Clients, studies and decision stages as the API shows them."""

from rest_framework import serializers

from identification.models import Client, DecisionStage, Study


class ClientSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField(help_text="Your role in this client.")

    class Meta:
        model = Client
        fields = ["slug", "name", "role"]

    def get_role(self, client) -> str | None:
        return self.context["roles"].get(client.pk)


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = DecisionStage
        fields = ["id", "order", "name", "weight"]


class StudySerializer(serializers.ModelSerializer):
    client = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    published_run = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Study
        fields = [
            "slug",
            "name",
            "client",
            "sector",
            "region",
            "period",
            "recency_half_life_days",
            "published_run",
            "created_at",
        ]
