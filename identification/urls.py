from django.urls import path

from identification.views import home

app_name = "identification"

urlpatterns = [
    path("", home.home, name="home"),
]
