from django.urls import path

from notifications import broadcast_views, views

app_name = "notifications"

urlpatterns = [
    path("accounts/my-messages/", views.my_messages_view, name="my-messages"),
    path("staff/sms/", views.ledger_view, name="staff-ledger"),
    path("staff/sms/templates/", views.template_list_view, name="staff-templates"),
    path("staff/sms/templates/new/", views.template_edit_view, name="staff-template-new"),
    path(
        "staff/sms/templates/<int:template_id>/",
        views.template_edit_view,
        name="staff-template-edit",
    ),
    path(
        "staff/sms/template-changes/<int:change_id>/decide/",
        views.template_change_decide_view,
        name="staff-template-change-decide",
    ),
    path("staff/sms/broadcasts/", broadcast_views.broadcast_list_view, name="staff-broadcasts"),
    path(
        "staff/sms/broadcasts/new/", broadcast_views.broadcast_edit_view, name="staff-broadcast-new"
    ),
    path(
        "staff/sms/broadcasts/<int:broadcast_id>/",
        broadcast_views.broadcast_detail_view,
        name="staff-broadcast",
    ),
    path(
        "staff/sms/broadcasts/<int:broadcast_id>/edit/",
        broadcast_views.broadcast_edit_view,
        name="staff-broadcast-edit",
    ),
    path(
        "staff/sms/broadcasts/<int:broadcast_id>/submit/",
        broadcast_views.broadcast_submit_view,
        name="staff-broadcast-submit",
    ),
    path(
        "staff/sms/broadcasts/<int:broadcast_id>/withdraw/",
        broadcast_views.broadcast_withdraw_view,
        name="staff-broadcast-withdraw",
    ),
    path(
        "staff/sms/broadcasts/<int:broadcast_id>/decide/",
        broadcast_views.broadcast_decide_view,
        name="staff-broadcast-decide",
    ),
    path(
        "staff/sms/broadcasts/<int:broadcast_id>/resume/",
        broadcast_views.broadcast_resume_view,
        name="staff-broadcast-resume",
    ),
]
