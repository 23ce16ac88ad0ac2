"""URLs of the policy staff's pages for skills and synonyms."""

from django.urls import path

from taxonomy import views

app_name = "taxonomy"

urlpatterns = [
    path("staff/skills/", views.skill_list_view, name="staff-skills"),
    path("staff/skills/<slug:code>/", views.skill_view, name="staff-skill"),
    path("staff/skills/<slug:code>/retire/", views.skill_retire_view, name="staff-skill-retire"),
    path(
        "staff/skills/<slug:code>/synonyms/<int:synonym_id>/remove/",
        views.synonym_remove_view,
        name="staff-synonym-remove",
    ),
]
