"""Jobseekers and vacancies: the jobseeker's profile (occupations sought, skills with their
evidence), the vacancies employers post, applications through the pipeline employers must
answer, on-the-job training places, and stored recommendation runs.

Codes, not free text, are stored: ISCO-08 unit groups, skill codes of `taxonomy.Skill`,
education levels and governorates. Free text in either language is mapped to them by
`taxonomy.resolve` when a profile or vacancy is saved.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.runs import BackgroundRun
from employers.models import Governorate
from taxonomy.models import EducationLevel


class JobseekerProfile(BaseModel):
    """A citizen registered as a jobseeker (civil ID and verified mobile on the account)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobseeker_profile"
    )
    education_level = models.CharField(
        _("highest education"), max_length=12, choices=EducationLevel.choices, blank=True
    )
    education_field = models.CharField(_("field of study"), max_length=200, blank=True)
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), default=0, validators=[MaxValueValidator(60)]
    )
    governorate = models.CharField(
        _("governorate"), max_length=30, choices=Governorate.choices, blank=True
    )
    willing_to_relocate = models.BooleanField(_("willing to work in another governorate"))
    available_from = models.DateField(_("available from"), null=True, blank=True)
    is_searching = models.BooleanField(_("looking for work"), default=True)
    alerts_enabled = models.BooleanField(_("daily SMS of matching vacancies"), default=True)
    open_to_contact = models.BooleanField(
        _("employers may see my name when the ministry recommends me"),
        default=False,
        help_text=_(
            "Without it, an employer sees a recommended candidate's skills and experience "
            "under a code until the jobseeker applies."
        ),
    )

    class Meta:
        verbose_name = _("jobseeker profile")
        verbose_name_plural = _("jobseeker profiles")

    def __str__(self) -> str:
        return f"profile {self.user_id}"


class ProfileOccupation(models.Model):
    """An occupation the jobseeker seeks (an ISCO-08 unit group)."""

    profile = models.ForeignKey(
        JobseekerProfile, on_delete=models.CASCADE, related_name="occupations"
    )
    occupation_code = models.CharField(_("occupation (ISCO-08)"), max_length=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "occupation_code"], name="profile_occupation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.occupation_code}"


class ProfileSkill(BaseModel):
    """A skill of the jobseeker and how it was evidenced."""

    class Evidence(models.TextChoices):
        DECLARED = "declared", _("Declared by the jobseeker")
        CERTIFICATE = "certificate", _("Certificate")
        TRAINING = "training", _("Training completed")
        EMPLOYMENT = "employment", _("Employment record")
        VERIFIED = "verified", _("Verified by a ministry officer")

    profile = models.ForeignKey(JobseekerProfile, on_delete=models.CASCADE, related_name="skills")
    skill_code = models.CharField(_("skill"), max_length=64)
    evidence = models.CharField(
        _("evidence"), max_length=12, choices=Evidence.choices, default=Evidence.DECLARED
    )
    TRAINING_OR_BETTER: ClassVar[frozenset[str]] = frozenset(
        {Evidence.CERTIFICATE, Evidence.TRAINING, Evidence.EMPLOYMENT, Evidence.VERIFIED}
    )
    evidence_note = models.CharField(_("evidence details"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill_code"], name="profile_skill_once")
        ]


class SkillDispute(BaseModel):
    """A jobseeker disputes a recommendation's finding that a skill is missing (or asks that a
    skill's evidence be recognised); an officer accepts or rejects it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an officer")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.OPEN: frozenset({Status.ACCEPTED, Status.REJECTED}),
        Status.ACCEPTED: frozenset(),
        Status.REJECTED: frozenset(),
    }

    profile = models.ForeignKey(
        JobseekerProfile, on_delete=models.CASCADE, related_name="skill_disputes"
    )
    skill_code = models.CharField(_("skill"), max_length=64)
    statement = models.TextField(_("the jobseeker's statement"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("the officer's note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "skill_code"],
                condition=models.Q(status="open"),
                name="skill_dispute_one_open",
            )
        ]


class Vacancy(BaseModel):
    """A vacancy an employer posts.

    States:
        PENDING   Waiting for ministry approval (the establishment is flagged or barred).
        OPEN      Published: searchable, open to applications until `closes_on`.
        CLOSED    Closed by the employer, or its closing date passed.
        FILLED    Every opening was filled by a hire.
        REJECTED  The ministry refused to publish it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for ministry approval")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        FILLED = "filled", _("Filled")
        REJECTED = "rejected", _("Refused by the ministry")

    PUBLISHED: ClassVar[frozenset[str]] = frozenset({Status.OPEN})  # on the public search
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.PENDING: frozenset({Status.OPEN, Status.REJECTED}),
        Status.OPEN: frozenset({Status.CLOSED, Status.FILLED}),
        Status.CLOSED: frozenset(),
        Status.FILLED: frozenset(),
        Status.REJECTED: frozenset(),
    }

    establishment = models.ForeignKey(
        "employers.Establishment", on_delete=models.PROTECT, related_name="vacancies"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title_en = models.CharField(_("title in English"), max_length=200)
    title_ar = models.CharField(_("title in Arabic"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    occupation_code = models.CharField(_("occupation (ISCO-08)"), max_length=4)
    education_min = models.CharField(
        _("minimum education"), max_length=12, choices=EducationLevel.choices, blank=True
    )
    experience_min_years = models.PositiveSmallIntegerField(
        _("minimum years of experience"), default=0, validators=[MaxValueValidator(40)]
    )
    governorate = models.CharField(_("governorate"), max_length=30, choices=Governorate.choices)
    salary_min = models.DecimalField(_("salary from (RO)"), max_digits=9, decimal_places=3)
    salary_max = models.DecimalField(_("salary to (RO)"), max_digits=9, decimal_places=3)
    openings = models.PositiveSmallIntegerField(
        _("openings"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    closes_on = models.DateField(_("closing date"))
    omani_only = models.BooleanField(_("reserved for Omanis"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    # Full text in both languages (titles, description, occupation and skill labels), kept by
    # the service that writes the vacancy; Arabic is stemmed by PostgreSQL's arabic config.
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_max__gte=models.F("salary_min")),
                name="vacancy_salary_range",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="vacancy_search"),
            GinIndex(
                fields=["search_text"], name="vacancy_search_trgm", opclasses=["gin_trgm_ops"]
            ),
            models.Index(fields=["status", "occupation_code"]),
            models.Index(fields=["establishment", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.occupation_code} {self.title_en}"

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "ar").startswith("ar"):
            return self.title_ar or self.title_en
        return self.title_en or self.title_ar


class VacancySkill(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="skills")
    skill_code = models.CharField(_("skill"), max_length=64)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "skill_code"], name="vacancy_skill_once")
        ]

    def __str__(self) -> str:
        return f"{self.vacancy_id}: {self.skill_code}"


class Application(BaseModel):
    """A jobseeker's application to a vacancy, through the pipeline the employer must answer.

    States:
        APPLIED      Sent; the employer answers within the set days or is reminded.
        SHORTLISTED  Kept for interview.
        INTERVIEWED  Interviewed.
        OFFERED      Offered the job.
        HIRED        Hired: the contract may be registered in the workforce register.
        REJECTED     Rejected, with a reason from the list.
        WITHDRAWN    Withdrawn by the jobseeker.
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INTERVIEWED = "interviewed", _("Interviewed")
        OFFERED = "offered", _("Offered")
        HIRED = "hired", _("Hired")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class RejectionReason(models.TextChoices):
        QUALIFICATIONS = "qualifications", _("Does not have the required qualifications")
        EXPERIENCE = "experience", _("Not enough experience")
        SKILLS = "skills", _("Missing required skills")
        INTERVIEW = "interview", _("Did not pass the interview")
        NO_SHOW = "no_show", _("Did not attend the interview")
        DECLINED_OFFER = "declined_offer", _("Declined the offer")
        POSITION_FILLED = "position_filled", _("The position was filled")

    CONTRACTABLE: ClassVar[frozenset[str]] = frozenset(
        {Status.HIRED}
    )  # a contract can be registered
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.APPLIED: frozenset({Status.SHORTLISTED, Status.REJECTED, Status.WITHDRAWN}),
        Status.SHORTLISTED: frozenset({Status.INTERVIEWED, Status.REJECTED, Status.WITHDRAWN}),
        Status.INTERVIEWED: frozenset({Status.OFFERED, Status.REJECTED, Status.WITHDRAWN}),
        Status.OFFERED: frozenset({Status.HIRED, Status.REJECTED, Status.WITHDRAWN}),
        Status.HIRED: frozenset(),
        Status.REJECTED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }
    OPEN: ClassVar[frozenset[str]] = frozenset(
        {Status.APPLIED, Status.SHORTLISTED, Status.INTERVIEWED, Status.OFFERED}
    )

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications")
    profile = models.ForeignKey(
        JobseekerProfile, on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.APPLIED
    )
    rejection_reason = models.CharField(
        _("reason for rejecting"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    cover_note = models.TextField(_("note to the employer"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("employer reminded"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "profile"], name="application_once"),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="application_rejection_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.vacancy_id}/{self.profile_id}: {self.status}"


class TrainingProgramme(BaseModel):
    """On-the-job training places an employer offers: they teach skills jobseekers lack."""

    establishment = models.ForeignKey(
        "employers.Establishment", on_delete=models.PROTECT, related_name="training_programmes"
    )
    title_en = models.CharField(_("title in English"), max_length=200)
    title_ar = models.CharField(_("title in Arabic"), max_length=200)
    governorate = models.CharField(_("governorate"), max_length=30, choices=Governorate.choices)
    places = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    starts_on = models.DateField(_("starts on"))
    weeks = models.PositiveSmallIntegerField(_("length (weeks)"), default=12)
    is_open = models.BooleanField(_("open for applications"), default=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "ar").startswith("ar"):
            return self.title_ar or self.title_en
        return self.title_en or self.title_ar


class TrainingSkill(models.Model):
    programme = models.ForeignKey(
        TrainingProgramme, on_delete=models.CASCADE, related_name="skills"
    )
    skill_code = models.CharField(_("skill"), max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "skill_code"], name="training_skill_once")
        ]
        indexes = [models.Index(fields=["skill_code"])]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.skill_code}"


class TrainingEnrolment(BaseModel):
    """A jobseeker enrolled in a training programme. The employer records attendance and then
    completion, which adds the programme's skills to the profile as evidenced by training."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        NOT_COMPLETED = "not_completed", _("Did not complete")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.ENROLLED: frozenset({Status.COMPLETED, Status.WITHDRAWN, Status.NOT_COMPLETED}),
        Status.COMPLETED: frozenset(),
        Status.WITHDRAWN: frozenset(),
        Status.NOT_COMPLETED: frozenset(),
    }
    TONES: ClassVar[dict[str, str]] = {
        Status.ENROLLED: "info",
        Status.COMPLETED: "success",
        Status.WITHDRAWN: "secondary",
        Status.NOT_COMPLETED: "danger",
    }
    TAKING_A_PLACE: ClassVar[frozenset[str]] = frozenset({Status.ENROLLED, Status.COMPLETED})

    programme = models.ForeignKey(
        TrainingProgramme, on_delete=models.PROTECT, related_name="enrolments"
    )
    profile = models.ForeignKey(
        JobseekerProfile, on_delete=models.PROTECT, related_name="training_enrolments"
    )
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.ENROLLED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # the recommendations completion improved: [{"vacancy": id, "before": %, "after": %}]
    improved = models.JSONField(_("recommendations improved"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("training enrolment")
        verbose_name_plural = _("training enrolments")
        constraints = [
            models.UniqueConstraint(fields=["programme", "profile"], name="training_enrolment_once")
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.profile_id}: {self.status}"


class TrainingAttendance(models.Model):
    """One day of a training programme: whether the enrolled jobseeker attended."""

    enrolment = models.ForeignKey(
        TrainingEnrolment, on_delete=models.CASCADE, related_name="attendance"
    )
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "day"], name="training_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.day}: {self.present}"


class RecommendationRun(BackgroundRun, BaseModel):
    """A bulk recommendation for every open vacancy, run in the background (core.runs); its
    results are kept with the rule and model version that produced them. `processed` and
    `total` count vacancies."""

    PROGRESS_TEXT = _("%(done)s of %(total)s vacancies")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    matcher_version = models.CharField(_("matcher version"), max_length=40, blank=True)
    rule_version = models.CharField(_("rule version"), max_length=40, blank=True)
    top_k = models.PositiveSmallIntegerField(_("candidates per vacancy"), default=20)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recommendation run")
        verbose_name_plural = _("recommendation runs")


class Recommendation(models.Model):
    """One stored candidate for one vacancy, with its score and explanation."""

    run = models.ForeignKey(
        RecommendationRun, on_delete=models.CASCADE, related_name="recommendations"
    )
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    profile = models.ForeignKey(JobseekerProfile, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    explanation = models.JSONField(_("explanation"), default=dict)

    class Meta:
        ordering = ["run", "vacancy", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "vacancy", "profile"], name="recommendation_once_per_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.vacancy_id}#{self.rank}"


class AlertSent(models.Model):
    """A vacancy already sent to a jobseeker in a daily alert (never sent twice)."""

    profile = models.ForeignKey(JobseekerProfile, on_delete=models.CASCADE, related_name="+")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("sent on"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "vacancy"], name="alert_once_per_vacancy")
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.vacancy_id}"
