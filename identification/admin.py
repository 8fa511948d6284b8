"""The Django admin: staff manage clients, memberships and studies, and can inspect the rest.

Analysts curate data through the app's own pages (which validate through services); the
admin is the administrator's tool, so it shows every model with search and filters. Its
forms validate as the app does (choices, check constraints, the models' clean()), and
evidence changed here counts as a change and asks for a ranking, as it does in the app.
"""

from collections import Counter

from django.contrib import admin
from django.db import transaction

from identification.models import (
    ApiToken,
    Buyer,
    Category,
    Client,
    DecisionStage,
    Evidence,
    Influencer,
    InfluencerAlias,
    Membership,
    Mention,
    NameReview,
    NonPersonInfluence,
    Organization,
    PaidTie,
    RankingEntry,
    RankingRun,
    Study,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from identification.services.runs import request_auto_run
from identification.services.setup import add_default_categories, add_default_stages


class EvidenceChangeAdmin(admin.ModelAdmin):
    """Saving or deleting here is an evidence change of the object's study (see services.runs).

    `study_path` is the lookup from the model to its study; each object saved or deleted
    is one change.
    """

    study_path = "study"

    def _studies(self, queryset) -> Counter:
        return Counter(queryset.values_list(self.study_path, flat=True))

    def _changed(self, studies: Counter) -> None:
        for study in Study.objects.filter(pk__in=studies):
            request_auto_run(study=study, changes=studies[study.pk])

    def save_related(self, request, form, formsets, change):
        # After the inlines: an interview's mentions are part of the same change.
        super().save_related(request, form, formsets, change)
        self._changed(self._studies(self.model.objects.filter(pk=form.instance.pk)))

    def delete_model(self, request, obj):
        studies = self._studies(self.model.objects.filter(pk=obj.pk))
        super().delete_model(request, obj)
        self._changed(studies)

    def delete_queryset(self, request, queryset):
        studies = self._studies(queryset)
        super().delete_queryset(request, queryset)
        self._changed(studies)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


class StudyInline(admin.TabularInline):
    """Lists a client's studies; new ones are added on the study page, which seeds stages."""

    model = Study
    fields = ["name", "slug", "sector", "region", "period"]
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, StudyInline]

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            add_default_categories(client=obj)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "client", "role"]
    list_filter = ["role", "client"]
    search_fields = ["user__username", "user__email", "client__name"]
    list_select_related = ["user", "client"]
    autocomplete_fields = ["user", "client"]


class DecisionStageInline(admin.TabularInline):
    model = DecisionStage
    extra = 0
    ordering = ["order"]


@admin.register(Study)
class StudyAdmin(admin.ModelAdmin):
    list_display = ["name", "client", "sector", "region", "period", "published_run"]
    list_filter = ["client", "sector", "region"]
    search_fields = ["name", "slug", "client__name", "sector", "region"]
    list_select_related = ["client", "published_run"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["published_run"]
    inlines = [DecisionStageInline]

    @transaction.atomic
    def save_related(self, request, form, formsets, change):
        # After the inline stages are saved: a new study given none gets the defaults.
        super().save_related(request, form, formsets, change)
        if not change and not form.instance.stages.exists():
            add_default_stages(study=form.instance)


@admin.register(DecisionStage)
class DecisionStageAdmin(EvidenceChangeAdmin):
    list_display = ["name", "study", "order", "weight"]
    list_filter = ["study__client"]
    search_fields = ["name", "study__name"]
    list_select_related = ["study"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "family", "client", "order"]
    list_filter = ["family", "client"]
    search_fields = ["name"]
    list_select_related = ["client"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "client", "sector", "size_band"]
    list_filter = ["client", "size_band"]
    search_fields = ["name", "sector"]
    list_select_related = ["client"]


@admin.register(Buyer)
class BuyerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "client", "organization", "role", "outcome", "purchase_date"]
    list_filter = ["client", "role", "buying_situation", "outcome", "deal_size_band"]
    search_fields = ["name", "title", "organization__name", "external_id"]
    list_select_related = ["client", "organization"]
    autocomplete_fields = ["organization"]


class InfluencerAliasInline(admin.TabularInline):
    model = InfluencerAlias
    extra = 0


class PaidTieInline(admin.TabularInline):
    model = PaidTie
    extra = 0


class InfluencerMentionInline(admin.TabularInline):
    """Read-only: mentions change through the interview form, which validates them."""

    model = Mention
    fk_name = "influencer"
    fields = ["evidence", "stage", "strength", "direction", "channel", "quote"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("evidence", "stage")


@admin.register(Influencer)
class InfluencerAdmin(admin.ModelAdmin):
    list_display = ["name", "client", "category", "kind", "known_to_client", "provisional"]
    list_filter = ["client", "kind", "category__family", "known_to_client", "provisional"]
    search_fields = ["name", "aliases__name", "affiliation", "external_id"]
    list_select_related = ["client", "category"]
    raw_id_fields = ["buyer"]
    inlines = [InfluencerAliasInline, PaidTieInline, InfluencerMentionInline]


@admin.register(InfluencerAlias)
class InfluencerAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "influencer"]
    search_fields = ["name", "influencer__name"]
    list_filter = ["influencer__client"]
    list_select_related = ["influencer"]
    autocomplete_fields = ["influencer"]


@admin.register(PaidTie)
class PaidTieAdmin(admin.ModelAdmin):
    list_display = ["influencer", "vendor", "nature", "since", "disclosed"]
    list_filter = ["disclosed", "influencer__client"]
    search_fields = ["vendor", "nature", "influencer__name"]
    list_select_related = ["influencer"]
    autocomplete_fields = ["influencer"]


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["influencer"]
    raw_id_fields = ["stage"]


class NonPersonInfluenceInline(admin.TabularInline):
    model = NonPersonInfluence
    extra = 0


@admin.register(NonPersonInfluence)
class NonPersonInfluenceAdmin(EvidenceChangeAdmin):
    study_path = "evidence__study"
    list_display = ["source", "stage", "evidence"]
    list_filter = ["source", "evidence__study__client"]
    search_fields = ["stage__name", "evidence__study__name"]
    list_select_related = ["stage", "evidence"]
    raw_id_fields = ["evidence", "stage"]


@admin.register(Evidence)
class EvidenceAdmin(EvidenceChangeAdmin):
    list_display = ["__str__", "study", "kind", "buyer", "respondent_influencer", "collected_on"]
    list_filter = ["kind", "study__client", "study", "collected_on"]
    search_fields = ["buyer__name", "buyer__organization__name", "respondent_influencer__name"]
    list_select_related = ["study", "buyer__organization", "respondent_influencer"]
    date_hierarchy = "collected_on"
    raw_id_fields = ["buyer", "respondent_influencer", "collected_by"]
    inlines = [MentionInline, NonPersonInfluenceInline]


@admin.register(Mention)
class MentionAdmin(EvidenceChangeAdmin):
    study_path = "evidence__study"
    list_display = ["influencer", "stage", "strength", "direction", "channel", "evidence"]
    list_filter = ["strength", "direction", "channel", "evidence__study__client"]
    search_fields = ["influencer__name", "quote"]
    list_select_related = ["influencer", "stage", "evidence"]
    raw_id_fields = ["evidence", "influencer", "stage"]


@admin.register(NameReview)
class NameReviewAdmin(admin.ModelAdmin):
    list_display = ["name", "client", "status", "source", "created_at"]
    list_filter = ["status", "client"]
    search_fields = ["name", "source"]
    list_select_related = ["client"]
    raw_id_fields = ["provisional_influencer", "resolved_by"]


class RankingEntryInline(admin.TabularInline):
    model = RankingEntry
    fields = ["rank", "influencer_name", "score", "mention_count", "mode", "direction"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    max_num = 0


@admin.register(RankingRun)
class RankingRunAdmin(admin.ModelAdmin):
    """Runs are immutable snapshots: shown, not edited."""

    list_display = ["pk", "study", "status", "trigger", "progress", "created_at", "finished_at"]
    list_filter = ["status", "trigger", "study__client"]
    search_fields = ["study__name"]
    list_select_related = ["study"]
    readonly_fields = [f.name for f in RankingRun._meta.fields]
    inlines = [RankingEntryInline]


@admin.register(RankingEntry)
class RankingEntryAdmin(admin.ModelAdmin):
    list_display = ["rank", "influencer_name", "run", "score", "mode", "direction"]
    list_filter = ["mode", "direction"]
    search_fields = ["influencer_name"]
    list_select_related = ["run"]
    readonly_fields = [f.name for f in RankingEntry._meta.fields]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their users at /account/tokens/; staff may only see and revoke."""

    list_display = ["name", "user", "scope", "hint", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in ApiToken._meta.fields if f.name != "revoked_at"]

    def has_add_permission(self, request):
        return False


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in WebhookAttempt._meta.fields]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "client", "active", "created_at"]
    list_filter = ["active", "client"]
    search_fields = ["url", "description", "client__name"]
    list_select_related = ["client"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["pk", "event", "endpoint", "status", "attempt_count", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["endpoint__url"]
    list_select_related = ["endpoint"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    inlines = [WebhookAttemptInline]


@admin.register(WebhookAttempt)
class WebhookAttemptAdmin(admin.ModelAdmin):
    list_display = ["delivery", "number", "attempted_at", "status_code", "duration_ms"]
    search_fields = ["delivery__endpoint__url", "error"]
    list_select_related = ["delivery__endpoint"]
    readonly_fields = [f.name for f in WebhookAttempt._meta.fields]
