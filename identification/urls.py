from django.urls import path

from identification import views

app_name = "identification"

urlpatterns = [
    path("", views.home, name="home"),
]
