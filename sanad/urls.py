from django.urls import path

from sanad import views

app_name = "sanad"

urlpatterns = [
    # the clerk
    path("sanad/start/", views.clerk_start_view, name="clerk-start"),
    path("sanad/sessions/", views.clerk_sessions_view, name="clerk-sessions"),
    path("sanad/sessions/<int:consent_id>/code/", views.clerk_code_view, name="clerk-code"),
    path("sanad/sessions/<int:consent_id>/end/", views.clerk_end_view, name="clerk-end"),
    path("sanad/sessions/<int:consent_id>/fees/", views.clerk_fee_view, name="clerk-fee"),
    # the centre administrator
    path("sanad/centre/clerks/", views.centre_clerks_view, name="centre-clerks"),
    path(
        "sanad/centre/clerks/<int:membership_id>/status/",
        views.centre_clerk_status_view,
        name="centre-clerk-status",
    ),
    # the person
    path("my/sanad/", views.my_consents_view, name="my-consents"),
    path("my/sanad/<int:consent_id>/revoke/", views.my_consent_revoke_view, name="my-revoke"),
    path(
        "my/sanad/<int:consent_id>/complaint/",
        views.my_consent_complaint_view,
        name="my-complaint",
    ),
    # ministry staff
    path("staff/sanad/", views.staff_centres_view, name="staff-centres"),
    path("staff/sanad/new/", views.staff_centre_register_view, name="staff-centre-register"),
    path("staff/sanad/<int:centre_id>/", views.staff_centre_view, name="staff-centre"),
    path(
        "staff/sanad/<int:centre_id>/status/",
        views.staff_centre_status_view,
        name="staff-centre-status",
    ),
    path("staff/sanad/clerks/<int:membership_id>/", views.staff_clerk_view, name="staff-clerk"),
    path(
        "staff/sanad/clerks/<int:membership_id>/status/",
        views.staff_clerk_status_view,
        name="staff-clerk-status",
    ),
    path("staff/sanad/sessions/<int:consent_id>/", views.staff_session_view, name="staff-session"),
]
