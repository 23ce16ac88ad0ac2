"""Public pages that need no sign-in."""

from django.urls import path

from core import views

app_name = "public"

urlpatterns = [
    path("", views.public_home_view, name="home"),
    path("about/", views.public_about_view, name="about"),
]
