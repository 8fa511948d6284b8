from django.urls import path

from surveys.views import imports, public, surveys

app_name = "surveys"

urlpatterns = [
    path("s/<str:token>/", public.public_form, name="public_form"),
    path("s/<str:token>/thanks/", public.public_thanks, name="public_thanks"),
    path("studies/<slug:slug>/surveys/", surveys.survey_index, name="survey_list"),
    path("studies/<slug:slug>/surveys/new/", surveys.survey_create, name="survey_create"),
    path("studies/<slug:slug>/surveys/<int:pk>/", surveys.survey_detail, name="survey_detail"),
    path("studies/<slug:slug>/surveys/<int:pk>/link/", surveys.survey_toggle, name="survey_toggle"),
    path("studies/<slug:slug>/imports/", imports.import_index, name="import_index"),
    path("imports/mapping-format/", imports.mapping_format, name="mapping_format"),
    path("imports/samples/<str:name>", imports.import_sample, name="import_sample"),
    path(
        "studies/<slug:slug>/imports/<int:pk>/mapping/",
        imports.import_mapping,
        name="import_mapping",
    ),
    path(
        "studies/<slug:slug>/imports/<int:pk>/preview/",
        imports.import_preview,
        name="import_preview",
    ),
    path("studies/<slug:slug>/imports/<int:pk>/", imports.import_job, name="import_job"),
    path(
        "studies/<slug:slug>/imports/<int:pk>/progress/",
        imports.import_progress,
        name="import_progress",
    ),
    path(
        "studies/<slug:slug>/imports/<int:pk>/mapping.json",
        imports.job_mapping_download,
        name="job_mapping_download",
    ),
    path(
        "studies/<slug:slug>/imports/<int:pk>/save-mapping/",
        imports.job_mapping_save,
        name="job_mapping_save",
    ),
    path(
        "studies/<slug:slug>/imports/mappings/<int:pk>.json",
        imports.mapping_download,
        name="mapping_download",
    ),
    path(
        "studies/<slug:slug>/imports/mappings/<int:pk>/delete/",
        imports.mapping_delete,
        name="mapping_delete",
    ),
]
