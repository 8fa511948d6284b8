"""Evidence and mentions as the API shows them, and the interview an analyst posts.

Respondents' own names are confidential: only analysts get them (`show_names` in the
serializer context); everyone else sees the organization and the buying-group role.
"""

from rest_framework import serializers

from identification.api.serializers.fields import IdField
from identification.models import (
    Buyer,
    Category,
    DecisionStage,
    Evidence,
    Influencer,
    Mention,
    Organization,
)
from identification.models.choices import (
    BuyingRole,
    BuyingSituation,
    Channel,
    DealSize,
    Direction,
    NonPersonSource,
    Outcome,
    Strength,
)
from identification.services import evidence as service


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RespondentSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["buyer", "influencer"])
    id = serializers.IntegerField()
    name = serializers.CharField(
        allow_null=True, help_text="Only for analysts; null for other roles."
    )
    organization = NamedSerializer(allow_null=True)
    role = serializers.CharField(help_text="Role in the buying group; blank for an influencer.")


def respondent_of(evidence: Evidence, *, show_names: bool) -> dict:
    if evidence.buyer_id:
        buyer = evidence.buyer
        return {
            "kind": "buyer",
            "id": buyer.pk,
            "name": (buyer.name or None) if show_names else None,
            "organization": {"id": buyer.organization_id, "name": buyer.organization.name},
            "role": buyer.role,
        }
    influencer = evidence.respondent_influencer
    # An interviewed influencer is a registry name, which every member of the client sees.
    return {
        "kind": "influencer",
        "id": influencer.pk,
        "name": influencer.name,
        "organization": None,
        "role": "",
    }


class NonPersonSerializer(serializers.Serializer):
    stage = serializers.IntegerField(source="stage_id")
    source = serializers.ChoiceField(choices=NonPersonSource.choices)


class MentionSerializer(serializers.ModelSerializer):
    influencer = NamedSerializer()
    stage = NamedSerializer()

    class Meta:
        model = Mention
        fields = [
            "id",
            "evidence",
            "influencer",
            "stage",
            "strength",
            "direction",
            "channel",
            "quote",
        ]


class MentionListSerializer(MentionSerializer):
    collected_on = serializers.DateField(source="evidence.collected_on")
    respondent_organization = serializers.SerializerMethodField()

    class Meta(MentionSerializer.Meta):
        fields = [*MentionSerializer.Meta.fields, "collected_on", "respondent_organization"]

    def get_respondent_organization(self, mention) -> NamedSerializer(allow_null=True):
        buyer = mention.evidence.buyer
        if buyer is None:
            return None
        return {"id": buyer.organization_id, "name": buyer.organization.name}


class EvidenceSerializer(serializers.ModelSerializer):
    respondent = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField(help_text="Only for analysts; null otherwise.")
    mention_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "collected_on",
            "respondent",
            "notes",
            "mention_count",
            "created_at",
        ]

    def _show_names(self) -> bool:
        return self.context["show_names"]

    def get_respondent(self, evidence) -> RespondentSerializer:
        return respondent_of(evidence, show_names=self._show_names())

    def get_notes(self, evidence) -> str | None:
        return evidence.notes if self._show_names() else None


class EvidenceDetailSerializer(EvidenceSerializer):
    mention_count = serializers.SerializerMethodField()
    mentions = MentionSerializer(many=True, read_only=True)
    non_person = NonPersonSerializer(many=True, source="non_person_influences", read_only=True)

    class Meta(EvidenceSerializer.Meta):
        fields = [*EvidenceSerializer.Meta.fields, "non_person", "mentions"]

    def get_mention_count(self, evidence) -> int:
        return len(evidence.mentions.all())


class EvidenceFilterSerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    stage = IdField(required=False)
    influencer = IdField(required=False)
    organization = IdField(required=False)


# --- The interview an analyst posts -------------------------------------------------------


class NewBuyerInput(serializers.Serializer):
    """A respondent not yet on file: an organization (existing id or a new name) and a role."""

    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.none(), required=False, allow_null=True
    )
    organization_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=BuyingRole.choices)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    product_area = serializers.CharField(max_length=200, required=False, allow_blank=True)
    buying_situation = serializers.ChoiceField(
        choices=BuyingSituation.choices, required=False, allow_blank=True
    )
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_blank=True)
    deal_size_band = serializers.ChoiceField(
        choices=DealSize.choices, required=False, allow_blank=True
    )
    purchase_date = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        if not attrs.get("organization") and not attrs.get("organization_name", "").strip():
            raise serializers.ValidationError(
                {"organization_name": "Give an organization id or a new organization's name."}
            )
        return attrs


class NewInfluencerInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.none())
    different_person = serializers.BooleanField(
        default=False,
        help_text="Create a new influencer even though the registry holds a close name.",
    )


class MentionInput(serializers.Serializer):
    """A mention: an influencer by id, or a new one by name (resolved as the form does)."""

    influencer = serializers.PrimaryKeyRelatedField(
        queryset=Influencer.objects.none(), required=False, allow_null=True
    )
    new_influencer = NewInfluencerInput(required=False, allow_null=True)
    stage = serializers.PrimaryKeyRelatedField(queryset=DecisionStage.objects.none())
    strength = serializers.ChoiceField(choices=Strength.choices, default=Strength.NOTABLE)
    direction = serializers.ChoiceField(choices=Direction.choices, default=Direction.NEUTRAL)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.IN_PERSON)
    quote = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if bool(attrs.get("influencer")) == bool(attrs.get("new_influencer")):
            raise serializers.ValidationError(
                {"influencer": "Give either an influencer id or a new_influencer, not both."}
            )
        return attrs


class NonPersonInput(serializers.Serializer):
    stage = serializers.PrimaryKeyRelatedField(queryset=DecisionStage.objects.none())
    source = serializers.ChoiceField(choices=NonPersonSource.choices)


class InterviewInput(serializers.Serializer):
    """One interview with its respondent and mentions, recorded all or nothing."""

    collected_on = serializers.DateField()
    buyer = serializers.PrimaryKeyRelatedField(
        queryset=Buyer.objects.none(), required=False, allow_null=True
    )
    respondent_influencer = serializers.PrimaryKeyRelatedField(
        queryset=Influencer.objects.none(), required=False, allow_null=True
    )
    new_buyer = NewBuyerInput(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    non_person = NonPersonInput(many=True, required=False, default=list)
    mentions = MentionInput(many=True, allow_empty=False, max_length=500)

    def __init__(self, *args, study=None, **kwargs):
        super().__init__(*args, **kwargs)
        if study is None:
            return  # the schema generator's instance: every id refused
        client = study.client
        self.fields["buyer"].queryset = Buyer.objects.filter(client=client)
        self.fields["respondent_influencer"].queryset = Influencer.objects.filter(client=client)
        self.fields["new_buyer"].fields["organization"].queryset = Organization.objects.filter(
            client=client
        )
        stages = DecisionStage.objects.filter(study=study)
        self.fields["non_person"].child.fields["stage"].queryset = stages
        mention = self.fields["mentions"].child
        mention.fields["stage"].queryset = stages
        mention.fields["influencer"].queryset = Influencer.objects.filter(client=client)
        mention.fields["new_influencer"].fields["category"].queryset = Category.objects.filter(
            client=client
        )

    def validate(self, attrs):
        given = [k for k in ("buyer", "respondent_influencer", "new_buyer") if attrs.get(k)]
        if len(given) != 1:
            raise serializers.ValidationError(
                {"respondent": "Give exactly one of buyer, respondent_influencer or new_buyer."}
            )
        return attrs


def interview_kwargs(data: dict) -> dict:
    """InterviewInput's validated data as record_interview's keyword arguments."""
    new_buyer = data.get("new_buyer")
    mentions = []
    for row in data["mentions"]:
        new = row.get("new_influencer") or {}
        mentions.append(
            service.MentionInput(
                stage=row["stage"],
                influencer=row.get("influencer"),
                new_influencer_name=new.get("name", ""),
                new_influencer_category=new.get("category"),
                new_is_distinct=new.get("different_person", False),
                strength=row["strength"],
                direction=row["direction"],
                channel=row["channel"],
                quote=row.get("quote", ""),
            )
        )
    return {
        "buyer": data.get("buyer"),
        "respondent_influencer": data.get("respondent_influencer"),
        "new_buyer": service.NewBuyer(**new_buyer) if new_buyer else None,
        "collected_on": data["collected_on"],
        "notes": data.get("notes", ""),
        "non_person": [(n["stage"], n["source"]) for n in data.get("non_person", [])],
        "mentions": mentions,
    }
