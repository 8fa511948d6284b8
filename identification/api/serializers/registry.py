"""Influencers of a client's registry: what the API shows, and what analysts may send."""

from rest_framework import serializers

from identification.api.serializers.fields import IdField
from identification.models import Category, Influencer, PaidTie
from identification.models.choices import Family, InfluencerKind


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "family", "order"]


class PaidTieSerializer(serializers.ModelSerializer):
    class Meta:
        model = PaidTie
        fields = ["vendor", "nature", "since", "disclosed"]


class InfluencerSerializer(serializers.ModelSerializer):
    category = CategorySerializer(read_only=True)
    aliases = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    paid_ties = PaidTieSerializer(many=True, read_only=True)
    audience = serializers.DictField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = Influencer
        fields = [
            "id",
            "name",
            "kind",
            "category",
            "affiliation",
            "external_id",
            "aliases",
            "audience",
            "known_to_client",
            "provisional",
            "paid_ties",
            "notes",
            "created_at",
        ]


class InfluencerFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, help_text="Name or alias.")
    category = IdField(required=False)
    family = serializers.ChoiceField(choices=Family.choices, required=False)
    known_to_client = serializers.BooleanField(required=False, allow_null=True, default=None)


class InfluencerInputSerializer(serializers.Serializer):
    """Create (all of name and category) or edit (any field) an influencer."""

    name = serializers.CharField(max_length=200)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.none())
    kind = serializers.ChoiceField(choices=InfluencerKind.choices, required=False)
    affiliation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    external_id = serializers.CharField(max_length=200, required=False, allow_blank=True)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=100
    )
    audience = serializers.DictField(child=serializers.IntegerField(min_value=0), required=False)
    known_to_client = serializers.BooleanField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    paid_ties = PaidTieSerializer(many=True, required=False)

    def __init__(self, *args, client=None, **kwargs):
        # Without a client (the schema generator), no category is acceptable.
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(client=client)
