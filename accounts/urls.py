from django.urls import path

from accounts import views, views_corrections, views_data, views_identity, views_sms

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in_view, name="login"),
    path("sign-out/", views.sign_out_view, name="logout"),
    path("two-factor/", views.two_factor_view, name="two-factor"),
    path("two-factor/setup/", views.two_factor_setup_view, name="two-factor-setup"),
    path("home/", views.home_view, name="home"),
    path("my-activity/", views.activity_view, name="activity"),
    path("my-corrections/", views_corrections.my_corrections_view, name="my-corrections"),
    path("staff/corrections/", views_corrections.staff_corrections_view, name="staff-corrections"),
    path(
        "staff/corrections/<int:correction_id>/",
        views_corrections.staff_correction_view,
        name="staff-correction",
    ),
    path("my-data/", views_data.my_data_view, name="my-data"),
    path("my-data/<int:export_id>/", views_data.my_data_export_view, name="my-data-export"),
    path(
        "my-data/<int:export_id>/<str:kind>/",
        views_data.my_data_download_view,
        name="my-data-download",
    ),
    path("sms-sign-in/", views_sms.sms_login_view, name="sms-login"),
    path("sms-sign-in/code/", views_sms.sms_login_verify_view, name="sms-login-verify"),
    path("register/", views_sms.register_view, name="register"),
    path("register/code/", views_sms.register_verify_view, name="register-verify"),
    path("preferences/", views_sms.preferences_view, name="preferences"),
    path("national-id/", views_identity.national_id_view, name="national-id"),
    path(
        "national-id/callback/",
        views_identity.national_id_callback_view,
        name="national-id-callback",
    ),
    path("prove/", views_identity.prove_view, name="prove"),
    path("prove/code/", views_identity.prove_code_view, name="prove-code"),
    path("privacy/<slug:audience>/", views.privacy_notice_view, name="privacy"),
]
