from django.urls import path

from identification.views import (
    api_access,
    buyers,
    categories,
    evidence,
    home,
    method,
    registry,
    studies,
)
from identification.views import reviews as review_views
from identification.views import runs as run_views

app_name = "identification"

urlpatterns = [
    path("", home.home, name="home"),
    path("how-the-ranking-is-checked/", method.ranking_method, name="ranking_method"),
    path("studies/<slug:slug>/", studies.study_detail, name="study"),
    path("studies/<slug:slug>/stages/", studies.study_stages, name="study_stages"),
    path("studies/<slug:slug>/settings/", studies.study_settings, name="study_settings"),
    path("studies/<slug:slug>/evidence/", evidence.evidence_index, name="evidence_list"),
    path("studies/<slug:slug>/evidence/new/", evidence.interview_create, name="interview_create"),
    path(
        "studies/<slug:slug>/evidence/<int:pk>/",
        evidence.evidence_show,
        name="evidence_detail",
    ),
    path(
        "studies/<slug:slug>/evidence/<int:pk>/edit/",
        evidence.interview_edit,
        name="interview_edit",
    ),
    path(
        "studies/<slug:slug>/evidence/<int:pk>/delete/",
        evidence.interview_delete,
        name="interview_delete",
    ),
    path(
        "clients/<slug:client_slug>/influencers/",
        registry.influencer_index,
        name="influencer_list",
    ),
    path(
        "clients/<slug:client_slug>/influencers/search/",
        registry.influencer_search,
        name="influencer_search",
    ),
    path("clients/<slug:client_slug>/buyers/search/", evidence.buyer_search, name="buyer_search"),
    path("clients/<slug:client_slug>/buyers/", buyers.buyer_index, name="buyer_list"),
    path("clients/<slug:client_slug>/buyers/<int:pk>/", buyers.buyer_show, name="buyer_detail"),
    path("clients/<slug:client_slug>/buyers/<int:pk>/edit/", buyers.buyer_edit, name="buyer_edit"),
    path(
        "clients/<slug:client_slug>/influencers/new/",
        registry.influencer_create,
        name="influencer_create",
    ),
    path(
        "clients/<slug:client_slug>/influencers/<int:pk>/",
        registry.influencer_show,
        name="influencer_detail",
    ),
    path(
        "clients/<slug:client_slug>/influencers/<int:pk>/edit/",
        registry.influencer_edit,
        name="influencer_edit",
    ),
    path(
        "clients/<slug:client_slug>/influencers/<int:pk>/merge/",
        registry.influencer_merge,
        name="influencer_merge",
    ),
    path(
        "clients/<slug:client_slug>/categories/",
        categories.category_index,
        name="category_list",
    ),
    path(
        "clients/<slug:client_slug>/categories/new/",
        categories.category_create,
        name="category_create",
    ),
    path(
        "clients/<slug:client_slug>/categories/<int:pk>/edit/",
        categories.category_edit,
        name="category_edit",
    ),
    path(
        "clients/<slug:client_slug>/categories/<int:pk>/move/",
        categories.category_move,
        name="category_move",
    ),
    path(
        "clients/<slug:client_slug>/categories/<int:pk>/delete/",
        categories.category_delete,
        name="category_delete",
    ),
    path("clients/<slug:client_slug>/reviews/", review_views.review_index, name="review_list"),
    path(
        "clients/<slug:client_slug>/reviews/<int:pk>/",
        review_views.review_resolve,
        name="review_resolve",
    ),
    path("studies/<slug:slug>/ranking/", run_views.ranking, name="ranking"),
    path(
        "studies/<slug:slug>/ranking/<int:entry_id>/",
        run_views.ranking_entry,
        name="ranking_entry",
    ),
    path("studies/<slug:slug>/runs/", run_views.run_list, name="run_list"),
    path("studies/<slug:slug>/runs/compute/", run_views.compute_ranking, name="compute_ranking"),
    path("studies/<slug:slug>/runs/panel/", run_views.ranking_panel, name="ranking_panel"),
    path("account/tokens/", api_access.token_index, name="token_list"),
    path("account/tokens/<int:pk>/revoke/", api_access.token_revoke, name="token_revoke"),
    path("clients/<slug:client_slug>/webhooks/", api_access.webhook_index, name="webhook_list"),
    path(
        "clients/<slug:client_slug>/webhooks/<int:pk>/",
        api_access.webhook_detail,
        name="webhook_detail",
    ),
    path(
        "clients/<slug:client_slug>/webhooks/<int:pk>/delete/",
        api_access.webhook_delete,
        name="webhook_delete",
    ),
    path(
        "clients/<slug:client_slug>/webhooks/deliveries/<int:pk>/redeliver/",
        api_access.webhook_redeliver,
        name="webhook_redeliver",
    ),
]
