"""URLs of jobseekers and vacancies: public search, the jobseeker's `my-*` pages,
`employer-*` (scoped to a member establishment) and `staff-*` (ministry pages)."""

from django.urls import path

from jobseekers.views import employer, jobseeker, public, staff

app_name = "jobseekers"

V = "employer/<int:establishment_id>/vacancies/"
T = "employer/<int:establishment_id>/training/"

urlpatterns = [
    # anyone
    path("vacancies/", public.vacancy_search_view, name="vacancies"),
    path("vacancies/<int:vacancy_id>/", public.vacancy_detail_view, name="vacancy"),
    # the jobseeker
    path("vacancies/<int:vacancy_id>/apply/", jobseeker.apply_view, name="apply"),
    path("my/profile/", jobseeker.profile_view, name="my-profile"),
    path("my/applications/", jobseeker.application_list_view, name="my-applications"),
    path(
        "my/applications/<int:application_id>/withdraw/",
        jobseeker.application_withdraw_view,
        name="my-application-withdraw",
    ),
    path("my/skills/", jobseeker.skills_view, name="my-skills"),
    path("my/recommendations/", jobseeker.recommendations_view, name="my-recommendations"),
    path("my/training/", jobseeker.training_view, name="my-training"),
    path(
        "my/training/<int:programme_id>/enrol/",
        jobseeker.training_enrol_view,
        name="my-training-enrol",
    ),
    path(
        "my/training/enrolments/<int:enrolment_id>/withdraw/",
        jobseeker.training_withdraw_view,
        name="my-training-withdraw",
    ),
    # employer
    path(V, employer.vacancy_list_view, name="employer-vacancies"),
    path(f"{V}new/", employer.vacancy_post_view, name="employer-vacancy-post"),
    path(f"{V}<int:vacancy_id>/", employer.vacancy_detail_view, name="employer-vacancy"),
    path(f"{V}<int:vacancy_id>/close/", employer.vacancy_close_view, name="employer-vacancy-close"),
    path(
        f"{V}<int:vacancy_id>/candidates/",
        employer.vacancy_candidates_view,
        name="employer-vacancy-candidates",
    ),
    path(
        f"{V}<int:vacancy_id>/applications/<int:application_id>/move/",
        employer.application_move_view,
        name="employer-application-move",
    ),
    path(
        "employer/<int:establishment_id>/training/",
        employer.training_list_view,
        name="employer-training",
    ),
    path(
        f"{T}<int:programme_id>/",
        employer.training_programme_view,
        name="employer-training-programme",
    ),
    path(
        f"{T}<int:programme_id>/enrolments/<int:enrolment_id>/attendance/",
        employer.training_attendance_view,
        name="employer-training-attendance",
    ),
    path(
        f"{T}<int:programme_id>/enrolments/<int:enrolment_id>/complete/",
        employer.training_complete_view,
        name="employer-training-complete",
    ),
    # ministry
    path("staff/vacancies/", staff.vacancy_queue_view, name="staff-vacancies"),
    path(
        "staff/vacancies/<int:vacancy_id>/decide/",
        staff.vacancy_decide_view,
        name="staff-vacancy-decide",
    ),
    path("staff/training/", staff.training_statistics_view, name="staff-training"),
    path("staff/response-rates/", staff.response_rates_view, name="staff-response-rates"),
    path("staff/skill-disputes/", staff.skill_dispute_queue_view, name="staff-skill-disputes"),
    path("staff/recommendations/", staff.recommendation_runs_view, name="staff-recommendations"),
    path(
        "staff/recommendations/start/",
        staff.recommendation_run_start_view,
        name="staff-recommendations-start",
    ),
    path(
        "staff/recommendations/<int:run_id>/",
        staff.recommendation_run_view,
        name="staff-recommendation",
    ),
    path(
        "staff/skill-disputes/<int:dispute_id>/decide/",
        staff.skill_dispute_decide_view,
        name="staff-skill-dispute-decide",
    ),
]
