"""Forms of the jobseeker, vacancy and application pages. They carry what was typed; the
services map text to the taxonomy and answer with translated errors by field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.models import Governorate
from jobseekers.models import Application, ProfileSkill
from taxonomy.models import EducationLevel

TEXT_MAX = 2000
_DATE = {"invalid": _("Enter a real date, for example 2026-05-03.")}


def _choices(choices: Any, empty: Any) -> list[tuple[str, Any]]:
    return [("", empty), *choices]


class VacancySearchForm(forms.Form):
    q = forms.CharField(label=_("Job title, skill or employer"), required=False, max_length=200)
    occupation = forms.RegexField(
        label=_("ISCO-08 code (or its first digits)"),
        regex=r"^\d{1,4}$",
        required=False,
        error_messages={"invalid": _("Enter 1 to 4 digits of an ISCO-08 code.")},
    )
    governorate = forms.ChoiceField(
        label=_("Governorate"),
        required=False,
        choices=_choices(Governorate.choices, _("Any governorate")),
    )
    education = forms.ChoiceField(
        label=_("My education"),
        required=False,
        choices=_choices(EducationLevel.choices, _("Any")),
    )
    salary = forms.DecimalField(
        label=_("Salary at least (RO)"), required=False, min_value=0, max_digits=9
    )


class ProfileForm(forms.Form):
    occupations = forms.CharField(
        label=_("Occupations you seek"),
        help_text=_("Job titles in Arabic or English, or ISCO-08 codes, separated by commas."),
        max_length=500,
        error_messages={"required": _("Name at least one occupation you seek.")},
    )
    skills = forms.CharField(
        label=_("Your skills"),
        help_text=_("In Arabic or English, separated by commas."),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    education_level = forms.ChoiceField(
        label=_("Highest education"),
        required=False,
        choices=_choices(EducationLevel.choices, _("Choose")),
    )
    education_field = forms.CharField(label=_("Field of study"), required=False, max_length=200)
    years_experience = forms.IntegerField(
        label=_("Years of experience"),
        min_value=0,
        max_value=60,
        initial=0,
        error_messages={"invalid": _("Enter a whole number of years.")},
    )
    governorate = forms.ChoiceField(
        label=_("Governorate where you live"),
        choices=_choices(Governorate.choices, _("Choose")),
        error_messages={"required": _("Choose the governorate where you live.")},
    )
    willing_to_relocate = forms.BooleanField(
        label=_("I would work in another governorate"), required=False
    )
    available_from = forms.DateField(
        label=_("Available from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=_DATE,
    )
    alerts_enabled = forms.BooleanField(
        label=_("Send me a daily SMS of new vacancies that match me"), required=False
    )
    open_to_contact = forms.BooleanField(
        label=_("Employers may see my name when the ministry recommends me for their vacancy"),
        help_text=_(
            "Otherwise they see your skills and experience under a code, and your name only "
            "when you apply."
        ),
        required=False,
    )


class SkillEvidenceForm(forms.Form):
    skill = forms.CharField(label=_("Skill"), max_length=200)
    evidence = forms.ChoiceField(label=_("Evidence"), choices=ProfileSkill.Evidence.choices)
    note = forms.CharField(label=_("Details"), required=False, max_length=300)


class VacancyForm(forms.Form):
    title_en = forms.CharField(label=_("Job title in English"), required=False, max_length=200)
    title_ar = forms.CharField(label=_("Job title in Arabic"), required=False, max_length=200)
    occupation = forms.CharField(
        label=_("Occupation"),
        help_text=_("A job title or a 4-digit ISCO-08 code."),
        max_length=200,
        error_messages={"required": _("Choose the occupation (an ISCO-08 unit group).")},
    )
    required_skills = forms.CharField(
        label=_("Required skills"), required=False, max_length=TEXT_MAX
    )
    optional_skills = forms.CharField(
        label=_("Optional skills"), required=False, max_length=TEXT_MAX
    )
    education_min = forms.ChoiceField(
        label=_("Minimum education"),
        required=False,
        choices=_choices(EducationLevel.choices, _("None required")),
    )
    experience_min_years = forms.IntegerField(
        label=_("Minimum years of experience"), min_value=0, max_value=40, initial=0
    )
    governorate = forms.ChoiceField(
        label=_("Governorate of the workplace"),
        choices=_choices(Governorate.choices, _("Choose")),
        error_messages={"required": _("Choose one of Oman's eleven governorates.")},
    )
    salary_min = forms.CharField(label=_("Salary from (RO a month)"), max_length=20)
    salary_max = forms.CharField(label=_("Salary to (RO a month)"), max_length=20)
    openings = forms.IntegerField(label=_("Openings"), min_value=1, max_value=500, initial=1)
    closes_on = forms.DateField(
        label=_("Closing date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Enter the closing date."), **_DATE},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ApplyForm(forms.Form):
    cover_note = forms.CharField(
        label=_("A note to the employer (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApplicationMoveForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Next step"),
        choices=[
            (s, label)
            for s, label in Application.Status.choices
            if s not in (Application.Status.APPLIED, Application.Status.WITHDRAWN)
        ],
        error_messages={"invalid_choice": _("Choose the next step from the list.")},
    )
    rejection_reason = forms.ChoiceField(
        label=_("Reason for rejecting"),
        required=False,
        choices=_choices(Application.RejectionReason.choices, _("(only when rejecting)")),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class VacancyDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Publish")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=TEXT_MAX)


class SkillDisputeForm(forms.Form):
    skill = forms.CharField(label=_("Skill"), max_length=200)
    statement = forms.CharField(
        label=_("How you have this skill"),
        help_text=_("Where you learnt or used it, and who can confirm it."),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SkillDisputeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept: the skill is verified")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Reason"), max_length=TEXT_MAX)


class TrainingForm(forms.Form):
    title_en = forms.CharField(label=_("Title in English"), required=False, max_length=200)
    title_ar = forms.CharField(label=_("Title in Arabic"), required=False, max_length=200)
    skills = forms.CharField(
        label=_("Skills it teaches"),
        help_text=_("In Arabic or English, separated by commas."),
        max_length=TEXT_MAX,
        error_messages={"required": _("Name at least one skill the programme teaches.")},
    )
    governorate = forms.ChoiceField(
        label=_("Governorate"),
        choices=_choices(Governorate.choices, _("Choose")),
        error_messages={"required": _("Choose one of Oman's eleven governorates.")},
    )
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=500, initial=5)
    starts_on = forms.DateField(
        label=_("Starts on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Enter the start date."), **_DATE},
    )
    weeks = forms.IntegerField(label=_("Length (weeks)"), min_value=1, max_value=104, initial=12)


class TrainingAttendanceForm(forms.Form):
    day = forms.DateField(
        label=_("Day"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Enter the day."), **_DATE},
    )
    present = forms.TypedChoiceField(
        label=_("Attendance"),
        choices=[("yes", _("Present")), ("no", _("Absent"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": _("Choose present or absent.")},
    )


class TrainingOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("completed", _("Completed")), ("not_completed", _("Did not complete"))],
        error_messages={"required": _("Choose completed or did not complete.")},
    )
