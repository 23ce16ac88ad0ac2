"""Applications: a jobseeker applies to an open vacancy; the employer moves it through the
pipeline (shortlisted, interviewed, offered, hired, or rejected with a reason from the list);
every change is an audit event and an SMS to the jobseeker. Employers who leave applications
unanswered past the set days are reminded.

Lock order: the vacancy row, then the application row (a hire that fills the last opening and
a second hire racing it are decided one after the other).
"""

from __future__ import annotations

import contextlib
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import ApplicationError
from core.services import audit_record
from core.transitions import transition_locked
from employers.models import Employee
from employers.selectors import establishment_contacts
from jobseekers.models import Application, JobseekerProfile, Vacancy
from notifications.phone import InvalidPhoneNumberError
from notifications.services import sms_enqueue
from notifications.text import sms_safe

# Days an employer has to give a first answer before it is reminded (a project choice).
ANSWER_DAYS = 14


class ApplicationRefusedError(ApplicationError):
    """An application or a move in the pipeline was refused by a business rule."""


def _is_omani(profile: JobseekerProfile) -> bool:
    """Jobseekers registered with a civil ID are citizens unless the register says otherwise."""
    nationality = (
        Employee.objects.filter(civil_id=profile.user.civil_id)
        .values_list("nationality", flat=True)
        .first()
    )
    return nationality in (None, Employee.OMANI)


@transaction.atomic
def application_submit(
    *, vacancy: Vacancy, profile: JobseekerProfile, cover_note: str = ""
) -> Application:
    """The jobseeker applies. Refused (nothing written) for a vacancy that is not open or has
    closed, an Omani-only vacancy and a jobseeker who is not Omani, or a second application."""
    locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if locked.status != Vacancy.Status.OPEN or locked.closes_on < timezone.localdate():
        raise ApplicationRefusedError(_("This vacancy is no longer open for applications."))
    if locked.omani_only and not _is_omani(profile):
        raise ApplicationRefusedError(_("This vacancy is reserved for Omani jobseekers."))
    if Application.objects.filter(vacancy=locked, profile=profile).exists():
        raise ApplicationRefusedError(_("You have already applied to this vacancy."))
    application = Application(
        vacancy=locked, profile=profile, cover_note=(cover_note or "").strip()[:2000]
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ApplicationRefusedError(_("You have already applied to this vacancy.")) from None
    audit_record(
        actor=profile.user,
        action="jobseekers.application_applied",
        obj=application,
        after={"vacancy": locked.pk},
    )
    _tell_jobseeker(application)
    return application


def _tell_jobseeker(application: Application) -> None:
    user = application.profile.user
    vacancy = application.vacancy
    with translation.override(user.preferred_language or "ar"):
        context = {
            "employer": vacancy.establishment.name,
            "vacancy": sms_safe(vacancy.title),
            "status": str(application.get_status_display())
            + (
                f" ({application.get_rejection_reason_display()})"
                if application.rejection_reason
                else ""
            ),
        }
    # no number to tell: the jobseeker sees the status in the portal
    with contextlib.suppress(InvalidPhoneNumberError):
        sms_enqueue(
            template_code="application_status",
            context=context,
            idempotency_key=f"application:{application.pk}:{application.status}",
            recipient=user,
        )


@transaction.atomic
def application_move(
    *,
    application: Application,
    to: str,
    actor: User,
    rejection_reason: str = "",
    note: str = "",
) -> Application:
    """Move an application one step through the pipeline (the employer), or withdraw it (the
    jobseeker). A rejection needs a reason from the list. A hire that fills the last opening
    fills the vacancy. Raises ValidationError / ApplicationRefusedError (nothing written)."""
    if to not in Application.Status.values:
        raise ValidationError({"status": _("Choose the next step from the list.")})
    if to == Application.Status.REJECTED and (
        rejection_reason not in Application.RejectionReason.values
    ):
        raise ValidationError({"rejection_reason": _("Choose the reason for rejecting.")})
    vacancy = Vacancy.objects.select_for_update().get(pk=application.vacancy_id)
    if to == Application.Status.HIRED:
        hires = Application.objects.filter(vacancy=vacancy, status=Application.Status.HIRED)
        if hires.count() >= vacancy.openings:
            raise ApplicationRefusedError(_("Every opening of this vacancy is already filled."))
    now = timezone.now()
    changes: dict[str, object] = {"status_changed_at": now}
    if to == Application.Status.REJECTED:
        changes["rejection_reason"] = rejection_reason
    if application.answered_at is None and to != Application.Status.WITHDRAWN:
        changes["answered_at"] = now
    locked, _event = transition_locked(
        obj=application,
        to=to,
        actor=actor,
        action=f"jobseekers.application_{to}",
        refuse=lambda row: ApplicationRefusedError(
            _("The application is %(status)s: it cannot become %(target)s.")
            % {"status": row.get_status_display(), "target": Application.Status(to).label}
        ),
        snapshot_fields=("status", "rejection_reason"),
        changes=changes,
        note=(note or "").strip()[:500],
    )
    if to != Application.Status.WITHDRAWN:
        _tell_jobseeker(locked)
    if to == Application.Status.HIRED:
        hires = Application.objects.filter(vacancy=vacancy, status=Application.Status.HIRED)
        if hires.count() >= vacancy.openings and vacancy.status == Vacancy.Status.OPEN:
            transition_locked(
                obj=vacancy,
                to=Vacancy.Status.FILLED,
                actor=actor,
                action="jobseekers.vacancy_filled",
                refuse=lambda row: ApplicationRefusedError(_("The vacancy cannot be filled.")),
            )
    return locked


def _employer_link(vacancy: Vacancy) -> str:
    with translation.override("ar"):
        path = reverse("jobseekers:employer-vacancy", args=[vacancy.establishment_id, vacancy.pk])
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


def applications_remind_unanswered(
    *, now: datetime.datetime | None = None, days: int = ANSWER_DAYS
) -> int:
    """Remind the employers of vacancies with applications left unanswered for `days` (one SMS
    per vacancy per day, each application reminded once). Returns the vacancies reminded."""
    now = now or timezone.now()
    due = Application.objects.filter(
        status=Application.Status.APPLIED,
        reminded_at__isnull=True,
        created_at__lte=now - datetime.timedelta(days=days),
    ).select_related("vacancy__establishment")
    by_vacancy: dict[int, list[Application]] = {}
    for application in due[:5000]:
        by_vacancy.setdefault(application.vacancy_id, []).append(application)
    for applications in by_vacancy.values():
        vacancy = applications[0].vacancy
        with transaction.atomic():
            for user in establishment_contacts(establishment_id=vacancy.establishment_id):
                with translation.override(user.preferred_language or "ar"):
                    context = {
                        "count": len(applications),
                        "vacancy": sms_safe(vacancy.title),
                        "days": days,
                        "link": _employer_link(vacancy),
                    }
                sms_enqueue(
                    template_code="application_reminder",
                    context=context,
                    idempotency_key=f"vacancy:{vacancy.pk}:reminder:{now:%Y-%m-%d}:{user.pk}",
                    recipient=user,
                )
            Application.objects.filter(pk__in=[a.pk for a in applications]).update(reminded_at=now)
            audit_record(
                actor=None,
                actor_label="deadline",
                action="jobseekers.employer_reminded",
                obj=vacancy,
                after={"applications": len(applications), "days": days},
            )
    return len(by_vacancy)
