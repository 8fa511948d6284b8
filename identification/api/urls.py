from django.urls import path, re_path

from identification.api.views import common, evidence, registry, runs, tenancy

app_name = "api"

urlpatterns = [
    path("clients/", tenancy.ClientList.as_view(), name="client_list"),
    path("clients/<slug:client_slug>/", tenancy.ClientDetail.as_view(), name="client_detail"),
    path(
        "clients/<slug:client_slug>/categories/",
        registry.CategoryList.as_view(),
        name="category_list",
    ),
    path(
        "clients/<slug:client_slug>/influencers/",
        registry.InfluencerListCreate.as_view(),
        name="influencer_list",
    ),
    path(
        "clients/<slug:client_slug>/influencers/<int:pk>/",
        registry.InfluencerDetail.as_view(),
        name="influencer_detail",
    ),
    path("studies/", tenancy.StudyList.as_view(), name="study_list"),
    path("studies/<slug:slug>/", tenancy.StudyDetail.as_view(), name="study_detail"),
    path("studies/<slug:slug>/stages/", tenancy.StageList.as_view(), name="stage_list"),
    path(
        "studies/<slug:slug>/evidence/",
        evidence.EvidenceListCreate.as_view(),
        name="evidence_list",
    ),
    path(
        "studies/<slug:slug>/evidence/<int:pk>/",
        evidence.EvidenceDetail.as_view(),
        name="evidence_detail",
    ),
    path("studies/<slug:slug>/mentions/", evidence.MentionList.as_view(), name="mention_list"),
    path("studies/<slug:slug>/runs/", runs.RunListCreate.as_view(), name="run_list"),
    path("studies/<slug:slug>/runs/<int:pk>/", runs.RunDetail.as_view(), name="run_detail"),
    path(
        "studies/<slug:slug>/runs/<int:pk>/ranking/",
        runs.RunRanking.as_view(),
        name="run_ranking",
    ),
    path("studies/<slug:slug>/ranking/", runs.PublishedRanking.as_view(), name="ranking"),
    # Anything else under /api/v1/ answers a JSON 404, as the API's own 404s do.
    re_path(r"^[\s\S]*$", common.not_found),
]
