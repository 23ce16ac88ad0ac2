"""The dashboards' filters and the institutions' course form."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from employers.models import EconomicActivity, Governorate
from lmi.periods import add_months
from lmi.selectors import Filters
from taxonomy.models import Occupation, Skill

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
LONGEST_PERIOD_MONTHS = 60


def _month(value: str) -> datetime.date:
    match = MONTH.match(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise forms.ValidationError(_("Enter a month as YYYY-MM, for example 2026-01."))
    return datetime.date(int(match.group(1)), int(match.group(2)), 1)


class MonthField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=7, **kwargs)
        self.widget.input_type = "month"
        self.widget.attrs.update({"placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}"})

    def clean(self, value: Any) -> datetime.date | None:
        text = super().clean(value)
        return _month(text) if text else None


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class FilterForm(forms.Form):
    first = MonthField(label=_("From month"), required=False)
    last = MonthField(label=_("To month"), required=False)
    governorate = forms.ChoiceField(label=_("Governorate"), required=False)
    activity = forms.ChoiceField(label=_("Economic activity"), required=False)
    occupation = forms.ChoiceField(label=_("Occupation"), required=False)

    def __init__(self, *args: Any, english: bool, scope: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everywhere = [("", _("All"))]
        _choice_field(self, "governorate").choices = everywhere + list(Governorate.choices)
        if scope:
            _choice_field(self, "governorate").choices = [
                (v, label) for v, label in Governorate.choices if v == scope
            ]
            self.fields["governorate"].help_text = _("You see your directorate's governorate only.")
        # two columns each, not model instances: the lists are long and read on every page
        activity_name = "name_en" if english else "name_ar"
        _choice_field(self, "activity").choices = everywhere + [
            (code, f"{code} {name}")
            for code, name in EconomicActivity.objects.order_by("code").values_list(
                "code", activity_name
            )
        ]
        occupation_title = "title_en" if english else "title_ar"
        _choice_field(self, "occupation").choices = everywhere + [
            (code, f"{code} {title}")
            for code, title in Occupation.objects.filter(level__lte=2)
            .order_by("code")
            .values_list("code", occupation_title)
        ]

    def filters(self, *, today: datetime.date, scope: str = "") -> Filters:
        default = Filters.default(today=today)
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        first = data.get("first") or default.first
        last = data.get("last") or default.last
        if last < first:
            first, last = last, first
        if add_months(first, LONGEST_PERIOD_MONTHS) <= last:
            first = add_months(last, 1 - LONGEST_PERIOD_MONTHS)
        found = Filters(
            first=first,
            last=last,
            governorate=data.get("governorate", ""),
            activity=data.get("activity", ""),
            occupation=data.get("occupation", ""),
        )
        return found.scoped(scope)


class CourseForm(forms.Form):
    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200)
    governorate = forms.ChoiceField(label=_("Governorate"), choices=Governorate.choices)
    weeks = forms.IntegerField(label=_("Length (weeks)"), min_value=1, max_value=260, initial=12)
    skills = forms.MultipleChoiceField(
        label=_("Skills the course teaches"),
        help_text=_("Jobseekers missing one of these skills see the course."),
    )

    def __init__(self, *args: Any, english: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "skills").choices = [
            (k.code, k.label_en if english else k.label_ar) for k in Skill.objects.order_by("code")
        ]


# Staff who read the dashboards and so may be scoped to a governorate (lmi.rules).
SCOPABLE_ROLES = (User.Role.ANALYST, User.Role.POLICY, User.Role.APPROVER, User.Role.OFFICER)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.get_role_display()})"


class StaffScopeForm(forms.Form):
    user = StaffChoiceField(
        label=_("Staff member"),
        queryset=User.objects.none(),
        empty_label=_("Choose a staff member"),
    )
    governorate = forms.ChoiceField(label=_("Governorate"), choices=Governorate.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(is_active=True, role__in=SCOPABLE_ROLES).order_by(
            "first_name", "last_name", "username"
        )
