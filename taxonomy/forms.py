"""Forms of the policy staff's pages for skills and synonyms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SkillForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        help_text=_("Lower-case English letters, digits and underscores; never changes."),
    )
    domain = forms.CharField(label=_("Domain"), max_length=32, initial="general")
    label_en = forms.CharField(label=_("Label in English"), max_length=200)
    label_ar = forms.CharField(label=_("Label in Arabic"), max_length=200)


class SkillLabelsForm(forms.Form):
    label_en = forms.CharField(label=_("Label in English"), max_length=200)
    label_ar = forms.CharField(label=_("Label in Arabic"), max_length=200)


class SynonymForm(forms.Form):
    text = forms.CharField(
        label=_("Synonym"),
        max_length=200,
        help_text=_("Another way people write this skill, in Arabic or in English."),
    )
