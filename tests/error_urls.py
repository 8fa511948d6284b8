"""The project's URLs and one view that fails, for the 500 page's test."""

from django.urls import path

from influencer50.urls import urlpatterns as project_urls


def boom(request):
    raise RuntimeError("database password is hunter2")


urlpatterns = [path("boom/", boom), *project_urls]
