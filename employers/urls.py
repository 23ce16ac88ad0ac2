"""URLs of the employers app: `employer-*` for representatives, `staff-*` for the ministry.

Every `employer-*` view must be wrapped by `employers.access.employer_required` (or
`employer_role_required`); tests/test_tenancy.py fails for one that is not, or that it cannot
walk with another establishment's ids.
"""

from django.urls import path

from employers.views import employer, staff

app_name = "employers"

urlpatterns = [
    path("employer/", employer.establishment_list_view, name="employer-establishments"),
    path(
        "employer/<int:establishment_id>/",
        employer.establishment_detail_view,
        name="employer-establishment",
    ),
    path(
        "employer/<int:establishment_id>/workforce/",
        employer.workforce_list_view,
        name="employer-workforce",
    ),
    path(
        "employer/<int:establishment_id>/workforce/<int:employee_id>/",
        employer.employee_detail_view,
        name="employer-employee",
    ),
    path(
        "employer/<int:establishment_id>/members/",
        employer.membership_list_view,
        name="employer-members",
    ),
    path("staff/establishments/", staff.directory_view, name="staff-directory"),
    path(
        "staff/establishments/<int:establishment_id>/",
        staff.establishment_view,
        name="staff-establishment",
    ),
    path("staff/statistics/", staff.statistics_view, name="staff-statistics"),
]
