from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in_view, name="login"),
    path("sign-out/", views.sign_out_view, name="logout"),
    path("two-factor/", views.two_factor_view, name="two-factor"),
    path("two-factor/setup/", views.two_factor_setup_view, name="two-factor-setup"),
    path("home/", views.home_view, name="home"),
    path("my-activity/", views.activity_view, name="activity"),
]
